import "server-only";
import { createHash } from "node:crypto";
import type { Actor } from "@/lib/auth/actor";
import { ingestLineage } from "@/lib/lineage/ingest";
import type { OLDataset, OLRunEvent } from "@/lib/lineage/validate";

/**
 * The demo's pipelines, posted as OpenLineage events through the same function as POST /api/v1/lineage: raw sources
 * → dbt cleaning → feature builds → training runs (one per version, matched by trainingRunId) → the versions and the
 * deployments their stages give them. One cleaning job's last run failed, and raw.card_transactions changed its
 * schema three days ago (a column renamed, one added), upstream of two production models.
 */
export const WAREHOUSE = "postgres://warehouse:5432";
const DBT = "dbt://analytics";
const AIRFLOW = "airflow://ml-platform";
const TRAINING = "mlflow://training";
const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/airflow";
const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

/** The training run id of a demo version: stable, so the seed can register versions before their runs arrive. */
export function demoRunId(model: string, version: string, salt = "train"): string {
  const h = createHash("sha256").update(`${salt}/${model}/${version}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Col = [string, string];
const RAW: Record<string, Col[]> = {
  loan_applications: [
    ["application_id", "BIGINT"],
    ["applicant_id", "BIGINT"],
    ["amount", "DECIMAL(12,2)"],
    ["term_months", "INT"],
    ["income", "DECIMAL(12,2)"],
    ["submitted_at", "TIMESTAMP"],
  ],
  bureau_reports: [
    ["applicant_id", "BIGINT"],
    ["score", "INT"],
    ["open_accounts", "INT"],
    ["delinquencies_24m", "INT"],
    ["reported_at", "DATE"],
  ],
  court_cases: [
    ["case_id", "BIGINT"],
    ["defendant_id", "BIGINT"],
    ["charge_class", "VARCHAR"],
    ["filed_at", "DATE"],
  ],
  appearance_history: [
    ["defendant_id", "BIGINT"],
    ["hearing_date", "DATE"],
    ["appeared", "BOOLEAN"],
  ],
  card_transactions: [
    ["tx_id", "BIGINT"],
    ["card_id", "BIGINT"],
    ["amount", "DECIMAL(12,2)"],
    ["merchant_id", "BIGINT"],
    ["mcc", "VARCHAR"],
    ["created_at", "TIMESTAMP"],
  ],
  merchants: [
    ["merchant_id", "BIGINT"],
    ["name", "VARCHAR"],
    ["country", "VARCHAR"],
    ["risk_band", "VARCHAR"],
  ],
  aml_alerts: [
    ["alert_id", "BIGINT"],
    ["account_id", "BIGINT"],
    ["rule", "VARCHAR"],
    ["raised_at", "TIMESTAMP"],
  ],
  claims: [
    ["claim_id", "BIGINT"],
    ["policy_id", "BIGINT"],
    ["description", "TEXT"],
    ["amount", "DECIMAL(12,2)"],
    ["filed_at", "TIMESTAMP"],
  ],
  policies: [
    ["policy_id", "BIGINT"],
    ["product", "VARCHAR"],
    ["start_date", "DATE"],
  ],
  job_applications: [
    ["application_id", "BIGINT"],
    ["resume_text", "TEXT"],
    ["role_id", "BIGINT"],
    ["submitted_at", "TIMESTAMP"],
  ],
  subscriptions: [
    ["subscriber_id", "BIGINT"],
    ["plan", "VARCHAR"],
    ["started_at", "DATE"],
    ["cancelled_at", "DATE"],
  ],
  web_events: [
    ["event_id", "BIGINT"],
    ["user_id", "BIGINT"],
    ["event_type", "VARCHAR"],
    ["url", "TEXT"],
    ["ts", "TIMESTAMP"],
  ],
  orders: [
    ["order_id", "BIGINT"],
    ["customer_id", "BIGINT"],
    ["sku", "VARCHAR"],
    ["store_id", "INT"],
    ["quantity", "INT"],
    ["price", "DECIMAL(10,2)"],
    ["ordered_at", "TIMESTAMP"],
  ],
  competitor_prices: [
    ["sku", "VARCHAR"],
    ["competitor", "VARCHAR"],
    ["price", "DECIMAL(10,2)"],
    ["seen_at", "TIMESTAMP"],
  ],
  store_calendar: [
    ["store_id", "INT"],
    ["date", "DATE"],
    ["is_holiday", "BOOLEAN"],
  ],
  support_tickets: [
    ["ticket_id", "BIGINT"],
    ["subject", "TEXT"],
    ["body", "TEXT"],
    ["opened_at", "TIMESTAMP"],
  ],
  search_logs: [
    ["query_id", "BIGINT"],
    ["query", "TEXT"],
    ["clicked_doc", "VARCHAR"],
    ["ts", "TIMESTAMP"],
  ],
  invoice_scans: [
    ["scan_id", "BIGINT"],
    ["uri", "TEXT"],
    ["received_at", "TIMESTAMP"],
  ],
  channel_spend: [
    ["channel", "VARCHAR"],
    ["week", "DATE"],
    ["spend", "DECIMAL(12,2)"],
  ],
};

export const DEMO_PIPELINES: Record<string, string[]> = {
  "credit-default": ["loan_applications", "bureau_reports"],
  "recidivism-risk": ["court_cases", "appearance_history"],
  "fraud-card-tx": ["card_transactions", "merchants"],
  "aml-alert-triage": ["card_transactions", "aml_alerts"],
  "claims-triage": ["claims", "policies"],
  "resume-screening": ["job_applications"],
  "churn-predictor": ["subscriptions", "web_events"],
  "dynamic-pricing": ["orders", "competitor_prices"],
  "demand-forecast": ["orders", "store_calendar"],
  "support-intent": ["support_tickets"],
  "product-recs": ["web_events", "orders"],
  "search-ranking": ["search_logs", "web_events"],
  "invoice-ocr": ["invoice_scans"],
  "marketing-mix": ["orders", "channel_spend"],
};

const facet = (schemaURL: string, body: Record<string, unknown>) => ({ _producer: PRODUCER, _schemaURL: schemaURL, ...body });
const schemaFacet = (cols: Col[]) =>
  facet("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", {
    fields: cols.map(([name, type]) => ({ name, type })),
  });
const dataSource = () =>
  facet("https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet", {
    name: "warehouse",
    uri: WAREHOUSE,
  });
const sqlFacet = (query: string) => ({
  sql: facet("https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet", { query, dialect: "postgres" }),
});
const ds = (name: string, cols?: Col[], extra: Record<string, unknown> = {}): OLDataset => ({
  namespace: WAREHOUSE,
  name,
  facets: { ...(cols ? { schema: schemaFacet(cols), dataSource: dataSource() } : {}), ...extra },
});

/** START and COMPLETE (or FAIL) of one run. */
function run(
  runId: string,
  job: { namespace: string; name: string; facets?: Record<string, unknown> },
  start: Date,
  minutes: number,
  inputs: OLDataset[],
  outputs: OLDataset[],
  fail?: string,
): OLRunEvent[] {
  const end = new Date(start.getTime() + minutes * 60_000);
  const base = { producer: PRODUCER, schemaURL: RUN_EVENT, job, inputs, outputs };
  return [
    { ...base, eventType: "START", eventTime: start.toISOString(), run: { runId } },
    {
      ...base,
      eventType: fail ? "FAIL" : "COMPLETE",
      eventTime: end.toISOString(),
      run: {
        runId,
        ...(fail
          ? {
              facets: {
                errorMessage: facet("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet", {
                  message: fail,
                  programmingLanguage: "SQL",
                }),
              },
            }
          : {}),
      },
    },
  ];
}

const under = (s: string) => s.replace(/[-.]/g, "_");
const DAY = 86_400_000;

/** Every event of the demo's pipelines; versions are trained in the order given. */
export function demoLineageEvents(versions: { model: string; version: string }[], now = new Date()): OLRunEvent[] {
  const events: OLRunEvent[] = [];
  const t = (daysAgo: number, hour = 2) => new Date(Math.floor(now.getTime() / DAY) * DAY - daysAgo * DAY + hour * 3_600_000);
  const cleanCols = (table: string): Col[] => [...RAW[table].filter(([n]) => n !== "url" && n !== "body"), ["_loaded_at", "TIMESTAMP"]];
  // Cleaning: each raw table, daily for the last three days. card_transactions was renamed/extended 3 days ago.
  const renamed: Col[] = [
    ["tx_id", "BIGINT"],
    ["card_id", "BIGINT"],
    ["amount", "DECIMAL(12,2)"],
    ["merchant_key", "BIGINT"],
    ["mcc", "VARCHAR"],
    ["created_at", "TIMESTAMP"],
    ["channel", "VARCHAR"],
  ];
  for (const table of Object.keys(RAW)) {
    for (const daysAgo of [5, 4, 2, 1]) {
      const rawCols = table === "card_transactions" && daysAgo <= 3 ? renamed : RAW[table];
      const fail =
        table === "web_events" && daysAgo === 1
          ? 'relation "raw.web_events" does not exist: the nightly export was not delivered'
          : undefined;
      events.push(
        ...run(
          demoRunId(table, String(daysAgo), "clean"),
          {
            namespace: DBT,
            name: `clean_${table}`,
            facets: sqlFacet(
              `select ${cleanCols(table)
                .filter(([n]) => !n.startsWith("_"))
                .map(([n]) => n)
                .join(", ")}, now() as _loaded_at\nfrom raw.${table}\nwhere _deleted is false`,
            ),
          },
          t(daysAgo, 1),
          12,
          [ds(`raw.${table}`, rawCols)],
          fail ? [] : [ds(`clean.${table}`, cleanCols(table))],
          fail,
        ),
      );
    }
  }
  // Features: one job per model, from its clean tables, with column lineage.
  for (const [model, tables] of Object.entries(DEMO_PIPELINES)) {
    const out = `features.${under(model)}`;
    const firstCols = cleanCols(tables[0])
      .filter(([n]) => !n.startsWith("_"))
      .slice(0, 3);
    const columnLineage = facet(
      "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
      {
        fields: Object.fromEntries(
          firstCols.map(([n]) => [`f_${n}`, { inputFields: [{ namespace: WAREHOUSE, name: `clean.${tables[0]}`, field: n }] }]),
        ),
      },
    );
    const featureCols: Col[] = [...firstCols.map(([n, ty]) => [`f_${n}`, ty] as Col), ["label", "INT"]];
    events.push(
      ...run(
        demoRunId(model, "features", "features"),
        {
          namespace: AIRFLOW,
          name: `build_features_${under(model)}`,
          facets: sqlFacet(
            `insert into ${out}\nselect ${firstCols.map(([n]) => `${n} as f_${n}`).join(", ")}, label\nfrom ${tables.map((x) => `clean.${x}`).join(" join ")} using (id)`,
          ),
        },
        t(1, 4),
        25,
        tables.map((x) => ds(`clean.${x}`)),
        [ds(out, featureCols, { columnLineage })],
      ),
    );
  }
  // Training: one run per version, its id the version's trainingRunId.
  versions.forEach((v, i) => {
    events.push(
      ...run(
        demoRunId(v.model, v.version),
        { namespace: TRAINING, name: `train_${under(v.model)}` },
        t(60 - Math.min(i, 50), 6),
        90,
        [ds(`features.${under(v.model)}`)],
        [],
      ),
    );
  });
  return events;
}

export async function seedDemoLineage(actor: Actor, versions: { model: string; version: string }[]): Promise<void> {
  await ingestLineage(actor, demoLineageEvents(versions));
}
