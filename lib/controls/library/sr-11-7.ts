import type { FrameworkDef } from "../types";

// SR 11-7 (Federal Reserve / OCC, "Supervisory Guidance on Model Risk Management", 2011). The guidance numbers its
// parts (III–VI) but not the topics inside them, so the identifiers are ours and stable: SR11-7.D.n for model
// development, implementation and use (part IV), SR11-7.V.n for validation (part V), SR11-7.G.n for governance,
// policies and controls (part VI). Titles are our own words (see README.md).
export const SR_11_7: FrameworkDef = {
  id: "sr-11-7",
  title: "SR 11-7 model risk management",
  version: "SR Letter 11-7 (2011)",
  source: "Parts IV–VI; identifiers assigned by Steward",
  controls: [
    {
      id: "SR11-7.D.1",
      group: "Development, implementation and use",
      title: "The model's design, theory and data are sound and recorded",
      evidence: ["card.modelDetails", "card.trainingData", "lineage"],
    },
    {
      id: "SR11-7.D.2",
      group: "Development, implementation and use",
      title: "The model is tested before use, limits included",
      evidence: ["evaluation", "card.caveatsAndRecommendations"],
    },
    {
      id: "SR11-7.D.3",
      group: "Development, implementation and use",
      title: "Implementation and use are controlled",
      evidence: ["approval", "card.intendedUse"],
    },
    {
      id: "SR11-7.D.4",
      group: "Development, implementation and use",
      title: "Input data quality is checked",
      evidence: ["data_quality", "lineage"],
    },
    {
      id: "SR11-7.V.1",
      group: "Validation",
      title: "Conceptual soundness is evaluated independently",
      evidence: ["review", "card.metrics", "evaluation"],
    },
    {
      id: "SR11-7.V.2",
      group: "Validation",
      title: "Performance is monitored on an ongoing basis",
      evidence: ["monitoring_coverage", "slo"],
    },
    {
      id: "SR11-7.V.3",
      group: "Validation",
      title: "Outcomes are compared with what happened",
      evidence: ["evaluation", "card.quantitativeAnalyses", "bias_audit"],
    },
    { id: "SR11-7.V.4", group: "Validation", title: "Validation findings are tracked to closure", evidence: ["finding", "review"] },
    {
      id: "SR11-7.G.1",
      group: "Governance, policies and controls",
      title: "Policies and procedures govern model risk",
      evidence: ["approval", "risk_assessment"],
    },
    {
      id: "SR11-7.G.2",
      group: "Governance, policies and controls",
      title: "A complete model inventory is kept",
      evidence: ["card.modelDetails", "risk_assessment"],
    },
    {
      id: "SR11-7.G.3",
      group: "Governance, policies and controls",
      title: "Documentation lets a newcomer understand the model",
      evidence: ["card"],
    },
    {
      id: "SR11-7.G.4",
      group: "Governance, policies and controls",
      title: "Vendor and third-party models are held to the same bar",
      evidence: ["lineage", "evaluation", "review"],
    },
    {
      id: "SR11-7.G.5",
      group: "Governance, policies and controls",
      title: "Internal audit can trace what was done",
      evidence: ["audit_trail"],
    },
  ],
};
