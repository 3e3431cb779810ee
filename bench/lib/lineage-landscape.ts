// The seeded pipeline landscape of bench/lineage.ts: raw tables → cleaning jobs → clean tables → feature jobs (fan-in
// from their own clean tables and from widely shared core ones) → feature tables → training jobs → model artifacts,
// as OpenLineage RunEvents (START, then COMPLETE or FAIL with the facets), in time order.
import { datasetId } from "../../lib/lineage/ids";
import type { OLDataset, OLRunEvent } from "../../lib/lineage/validate";

export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)];
  const sample = <T>(xs: readonly T[], n: number) => {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, n);
  };
  const uuid = () => {
    const h = Array.from({ length: 4 }, () =>
      Math.floor(next() * 4294967296)
        .toString(16)
        .padStart(8, "0"),
    ).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[Math.floor(next() * 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  return { next, between, pick, sample, uuid };
}

const WAREHOUSE = "postgres://warehouse:5432";
const LAKE = "s3://lake";
const ARTIFACTS = "s3://ml-artifacts";
const AIRFLOW = "airflow://data-platform";
const DBT = "dbt://analytics";
const TRAINING = "mlflow://training";
export const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/airflow";
export const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const DOMAINS = [
  "orders",
  "customers",
  "payments",
  "sessions",
  "inventory",
  "shipments",
  "claims",
  "policies",
  "ads",
  "support",
  "devices",
  "loans",
  "accounts",
  "search",
  "pricing",
  "reviews",
];
const TABLES = [
  "events",
  "transactions",
  "profiles",
  "snapshots",
  "audit",
  "ledger",
  "items",
  "logs",
  "dim",
  "facts",
  "changes",
  "daily",
  "raw_feed",
  "exports",
];
const COLUMNS: [string, string][] = [
  ["id", "BIGINT"],
  ["customer_id", "BIGINT"],
  ["account_id", "BIGINT"],
  ["amount", "DECIMAL(12,2)"],
  ["currency", "VARCHAR"],
  ["country", "VARCHAR"],
  ["created_at", "TIMESTAMP"],
  ["updated_at", "TIMESTAMP"],
  ["status", "VARCHAR"],
  ["channel", "VARCHAR"],
  ["score", "DOUBLE"],
  ["is_active", "BOOLEAN"],
  ["quantity", "INT"],
  ["sku", "VARCHAR"],
  ["merchant_id", "BIGINT"],
  ["device_id", "VARCHAR"],
  ["session_id", "VARCHAR"],
  ["label", "INT"],
  ["ds", "DATE"],
];
const CORE_PIPELINES = 40;

const facet = (schemaURL: string, body: Record<string, unknown>) => ({ _producer: PRODUCER, _schemaURL: schemaURL, ...body });
const schemaFacet = (cols: [string, string][]) =>
  facet("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet", {
    fields: cols.map(([name, type]) => ({ name, type })),
  });
const dataSource = (uri: string) =>
  facet("https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json#/$defs/DatasourceDatasetFacet", {
    name: new URL(uri).host,
    uri,
  });
const sqlFacet = (query: string) => ({
  sql: facet("https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet", { query, dialect: "postgres" }),
});

export type Ds = { namespace: string; name: string; cols?: [string, string][] };
export type Job = {
  namespace: string;
  name: string;
  kind: "clean" | "features" | "train";
  runId: string;
  inputs: Ds[];
  outputs: Ds[];
  start: number;
  minutes: number;
  fail: boolean;
  sql?: string;
};
export type Landscape = { events: OLRunEvent[]; jobs: Job[]; rawIds: string[]; nodes: number; pipelines: number };

/** Pipelines until the graph has at least `target` nodes; every name is unique, so nodes are counted as they are made. */
export function landscape(target: number, seed: number): Landscape {
  const rnd = prng(seed);
  const cols = () => rnd.sample(COLUMNS, rnd.between(3, 14));
  type Pipe = { name: string; raw: Ds[]; clean: Ds[]; features: Ds[] };
  const pipes: Pipe[] = [];
  const jobs: Job[] = [];
  const t0 = Date.UTC(2026, 10, 20, 0, 0, 0);
  let nodes = 0;
  for (let p = 0; nodes < target; p++) {
    const name = `${DOMAINS[p % DOMAINS.length]}_${String(p).padStart(4, "0")}`;
    const start = t0 + p * 20_000;
    const nTables = rnd.between(4, 12);
    const tableNames = rnd.sample(TABLES, nTables);
    const raw: Ds[] = tableNames.map((t) => ({
      namespace: WAREHOUSE,
      name: `raw.${name}.${t}`,
      cols: rnd.next() < 0.7 ? cols() : undefined,
    }));
    const clean: Ds[] = raw.map((r, i) => ({
      namespace: WAREHOUSE,
      name: `clean.${name}.${tableNames[i]}`,
      cols: [...(r.cols ?? cols()), ["_loaded_at", "TIMESTAMP"]],
    }));
    const pipe: Pipe = { name, raw, clean, features: [] };
    pipes.push(pipe);
    raw.forEach((r, i) => {
      jobs.push({
        namespace: DBT,
        name: `${name}.clean_${tableNames[i]}`,
        kind: "clean",
        runId: rnd.uuid(),
        inputs: [r],
        outputs: [clean[i]],
        start: start + i * 5_000,
        minutes: rnd.between(1, 10),
        fail: rnd.next() < 0.01,
        sql: `insert into ${clean[i].name} select *, now() as _loaded_at from ${r.name} where _deleted is false`,
      });
    });
    nodes += 3 * nTables;
    // Feature jobs: a few of the pipeline's own clean tables, and often one to three core (widely shared) clean tables,
    // skewed towards the first core pipelines, so a few raw tables feed a large part of the landscape.
    const nFeatures = rnd.between(2, 6);
    for (let f = 0; f < nFeatures; f++) {
      const own = rnd.sample(clean, rnd.between(2, 4));
      const shared: Ds[] = [];
      if (p > 0 && rnd.next() < 0.6)
        for (let k = rnd.between(1, 3); k > 0; k--) {
          const core = pipes[Math.floor(Math.min(p, CORE_PIPELINES) * rnd.next() ** 2)];
          shared.push(core.clean[Math.floor(core.clean.length * rnd.next() ** 2)]);
        }
      const inputs = [...new Map([...own, ...shared].map((d) => [d.name, d])).values()];
      const out: Ds = {
        namespace: LAKE,
        name: `features/${name}/f${f}`,
        cols:
          rnd.next() < 0.5
            ? [
                ["id", "BIGINT"],
                ...cols()
                  .filter(([c]) => c !== "id")
                  .map(([c, ty]) => [`f_${c}`, ty] as [string, string]),
              ]
            : undefined,
      };
      pipe.features.push(out);
      jobs.push({
        namespace: AIRFLOW,
        name: `${name}.build_features_${f}`,
        kind: "features",
        runId: rnd.uuid(),
        inputs,
        outputs: [out],
        start: start + 900_000 + f * 10_000,
        minutes: rnd.between(5, 30),
        fail: rnd.next() < 0.01,
      });
    }
    nodes += 2 * nFeatures;
    // Training jobs: one to three of the pipeline's feature tables, sometimes one from an earlier pipeline.
    const nTrain = rnd.between(1, 3);
    for (let k = 0; k < nTrain; k++) {
      const inputs = rnd.sample(pipe.features, rnd.between(1, 3));
      if (p > 0 && rnd.next() < 0.3) inputs.push(rnd.pick(pipes[Math.floor(rnd.next() * p)].features));
      const out: Ds = { namespace: ARTIFACTS, name: `models/${name}/m${k}` };
      jobs.push({
        namespace: TRAINING,
        name: `${name}.train_${k}`,
        kind: "train",
        runId: rnd.uuid(),
        inputs,
        outputs: [out],
        start: start + 2_400_000 + k * 10_000,
        minutes: rnd.between(10, 90),
        fail: rnd.next() < 0.02,
      });
    }
    nodes += 2 * nTrain;
  }

  // START (inputs and outputs, no facets) and COMPLETE or FAIL (with the facets) of every run, in time order.
  const ds = (d: Ds, withFacets: boolean): OLDataset =>
    withFacets && d.cols
      ? { namespace: d.namespace, name: d.name, facets: { schema: schemaFacet(d.cols), dataSource: dataSource(d.namespace) } }
      : { namespace: d.namespace, name: d.name };
  const timed: { at: number; e: OLRunEvent }[] = [];
  for (const j of jobs) {
    const job = { namespace: j.namespace, name: j.name, ...(j.sql ? { facets: sqlFacet(j.sql) } : {}) };
    const end = j.start + j.minutes * 60_000;
    timed.push({
      at: j.start,
      e: {
        eventType: "START",
        eventTime: new Date(j.start).toISOString(),
        producer: PRODUCER,
        schemaURL: RUN_EVENT,
        run: { runId: j.runId },
        job,
        inputs: j.inputs.map((d) => ds(d, false)),
        outputs: j.outputs.map((d) => ds(d, false)),
      },
    });
    timed.push({
      at: end,
      e: {
        eventType: j.fail ? "FAIL" : "COMPLETE",
        eventTime: new Date(end).toISOString(),
        producer: PRODUCER,
        schemaURL: RUN_EVENT,
        run: {
          runId: j.runId,
          ...(j.fail
            ? {
                facets: {
                  errorMessage: facet("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet", {
                    message: "Task exited with return code 1",
                    programmingLanguage: "python",
                  }),
                },
              }
            : {}),
        },
        job,
        inputs: j.inputs.map((d) => ds(d, true)),
        outputs: j.fail ? [] : j.outputs.map((d) => ds(d, true)),
      },
    });
  }
  timed.sort((a, b) => a.at - b.at);
  const rawIds = pipes.flatMap((p) => p.raw.map((r) => datasetId(r)));
  return { events: timed.map((t) => t.e), jobs, rawIds, nodes, pipelines: pipes.length };
}
