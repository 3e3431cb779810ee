// The demo users and portfolio as plain data, with no server imports, so tests can read the seeded input.
import type { Role } from "@/lib/auth/roles";
import type { RiskTier, Stage } from "@/lib/inventory/schemas";

export const DEMO_USERS: { email: string; name: string; roles: Role[] }[] = [
  { email: "admin@example.com", name: "Amara Okafor", roles: ["admin"] },
  { email: "contributor@example.com", name: "Chen Wei", roles: ["contributor"] },
  { email: "priya@example.com", name: "Priya Natarajan", roles: ["contributor"] },
  { email: "reviewer@example.com", name: "Rafael Souza", roles: ["reviewer"] },
  { email: "samira@example.com", name: "Samira Haddad", roles: ["reviewer"] },
  { email: "compliance@example.com", name: "Greta Lindqvist", roles: ["compliance"] },
  { email: "viewer@example.com", name: "Victor Hale", roles: ["viewer"] },
];

export type DemoModel = {
  name: string;
  title: string;
  description: string;
  owner: string;
  team: string;
  riskTier: RiskTier;
  useCase: string;
  tags: string[];
  framework: string;
  /** Oldest first; the stage each version ends in. */
  versions: [string, Stage][];
  metric: string;
};

const C = "contributor@example.com";
const P = "priya@example.com";

export const DEMO_MODELS: DemoModel[] = [
  {
    name: "credit-default",
    title: "Credit default risk",
    description: "Probability that a retail loan applicant defaults within 12 months.",
    owner: C,
    team: "credit-risk",
    riskTier: "critical",
    useCase: "Retail lending decisions",
    tags: ["lending", "tabular", "regulated"],
    framework: "xgboost",
    versions: [
      ["1.0.0", "archived"],
      ["1.1.0", "production"],
      ["1.2.0", "staging"],
      ["1.3.0-rc1", "development"],
    ],
    metric: "auc",
  },
  {
    name: "recidivism-risk",
    title: "Pre-trial risk assessment",
    description: "Scores the risk of failure to appear; advisory only, reviewed by a person.",
    owner: P,
    team: "public-sector",
    riskTier: "critical",
    useCase: "Pre-trial release recommendations",
    tags: ["justice", "tabular", "regulated"],
    framework: "sklearn",
    versions: [
      ["2.0", "archived"],
      ["2.1", "production"],
      ["2.2", "development"],
    ],
    metric: "auc",
  },
  {
    name: "fraud-card-tx",
    title: "Card transaction fraud",
    description: "Real-time fraud score for card-present and card-not-present transactions.",
    owner: C,
    team: "fraud",
    riskTier: "high",
    useCase: "Blocking and step-up authentication",
    tags: ["payments", "real-time", "tabular"],
    framework: "lightgbm",
    versions: [
      ["3.4.0", "retired"],
      ["3.5.0", "archived"],
      ["3.6.0", "production"],
      ["3.7.0", "staging"],
    ],
    metric: "pr_auc",
  },
  {
    name: "aml-alert-triage",
    title: "AML alert triage",
    description: "Ranks anti-money-laundering alerts so investigators see the riskiest first.",
    owner: P,
    team: "fraud",
    riskTier: "high",
    useCase: "Investigator queue ordering",
    tags: ["payments", "regulated"],
    framework: "xgboost",
    versions: [
      ["0.9.0", "production"],
      ["1.0.0", "development"],
    ],
    metric: "recall_at_100",
  },
  {
    name: "claims-triage",
    title: "Insurance claims triage",
    description: "Routes incoming claims to fast-track, standard or specialist handling.",
    owner: C,
    team: "insurance",
    riskTier: "high",
    useCase: "Claims routing",
    tags: ["insurance", "nlp"],
    framework: "pytorch",
    versions: [
      ["1.0", "production"],
      ["1.1", "staging"],
    ],
    metric: "macro_f1",
  },
  {
    name: "resume-screening",
    title: "Résumé screening assistant",
    description: "Suggests which applications a recruiter should read first. Withdrawn pending a bias review.",
    owner: P,
    team: "people",
    riskTier: "high",
    useCase: "Recruiting",
    tags: ["hr", "nlp", "regulated"],
    framework: "transformers",
    versions: [
      ["0.3.0", "retired"],
      ["0.4.0", "development"],
    ],
    metric: "ndcg_at_10",
  },
  {
    name: "churn-predictor",
    title: "Subscriber churn",
    description: "Monthly probability that a subscriber cancels.",
    owner: C,
    team: "growth",
    riskTier: "medium",
    useCase: "Retention offers",
    tags: ["marketing", "tabular"],
    framework: "catboost",
    versions: [
      ["5.0.0", "archived"],
      ["5.1.0", "production"],
      ["5.2.0", "development"],
    ],
    metric: "auc",
  },
  {
    name: "dynamic-pricing",
    title: "Dynamic pricing",
    description: "Nightly price recommendations per SKU and region.",
    owner: P,
    team: "pricing",
    riskTier: "medium",
    useCase: "Price setting",
    tags: ["pricing", "forecasting"],
    framework: "lightgbm",
    versions: [
      ["2024.10", "archived"],
      ["2024.11", "production"],
      ["2024.12", "staging"],
    ],
    metric: "mape",
  },
  {
    name: "demand-forecast",
    title: "Store demand forecast",
    description: "Daily unit demand per store and product, 28 days ahead.",
    owner: C,
    team: "supply-chain",
    riskTier: "medium",
    useCase: "Replenishment",
    tags: ["forecasting", "time-series"],
    framework: "prophet",
    versions: [
      ["1.0.0", "production"],
      ["1.1.0", "staging"],
    ],
    metric: "wape",
  },
  {
    name: "support-intent",
    title: "Support ticket intent",
    description: "Classifies incoming support tickets into 40 intents for routing.",
    owner: P,
    team: "support",
    riskTier: "low",
    useCase: "Ticket routing",
    tags: ["nlp", "support"],
    framework: "transformers",
    versions: [
      ["0.8.0", "archived"],
      ["0.9.0", "production"],
    ],
    metric: "accuracy",
  },
  {
    name: "product-recs",
    title: "Product recommendations",
    description: "Home-page recommendations from browsing and purchase history.",
    owner: C,
    team: "growth",
    riskTier: "low",
    useCase: "Personalisation",
    tags: ["recommendations", "marketing"],
    framework: "pytorch",
    versions: [
      ["7.2.0", "production"],
      ["7.3.0", "archived"],
      ["7.4.0", "development"],
    ],
    metric: "recall_at_20",
  },
  {
    name: "search-ranking",
    title: "Site search ranking",
    description: "Learning-to-rank model for site search results.",
    owner: P,
    team: "search",
    riskTier: "low",
    useCase: "Search",
    tags: ["ranking"],
    framework: "lightgbm",
    versions: [["4.0", "production"]],
    metric: "ndcg_at_10",
  },
  {
    name: "invoice-ocr",
    title: "Invoice field extraction",
    description: "Extracts supplier, totals and dates from scanned invoices.",
    owner: C,
    team: "finance-ops",
    riskTier: "low",
    useCase: "Accounts payable automation",
    tags: ["vision", "documents"],
    framework: "onnx",
    versions: [["1.0.0", "development"]],
    metric: "field_accuracy",
  },
  {
    name: "marketing-mix",
    title: "Marketing mix model",
    description: "Attributes sales to channel spend for budget planning.",
    owner: P,
    team: "marketing-science",
    riskTier: "medium",
    useCase: "Budget allocation",
    tags: ["marketing", "bayesian"],
    framework: "pymc",
    versions: [["0.1.0", "staging"]],
    metric: "r2",
  },
];
