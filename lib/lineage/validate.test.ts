// OpenLineage events as real producers send them are accepted; an event missing a core field lineage needs is refused
// with that field named by its JSON path, while a facet that breaks its schema only costs that facet, with a warning.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvents } from "./ingest";
import { checkEvent, eventTimeUtc, validateRunEvent } from "./validate";

const RUN = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
const P = "https://github.com/OpenLineage/OpenLineage/tree/1.24.2/integration/spark";
const f = (schemaURL: string, body: Record<string, unknown>) => ({ _producer: P, _schemaURL: schemaURL, ...body });

const minimal = () => ({
  eventTime: "2026-11-20T10:00:00.000Z",
  producer: P,
  schemaURL: RUN,
  run: { runId: "3f5e8a2c-1b4d-4e6f-8a9b-0c1d2e3f4a5b" },
  job: { namespace: "spark://cluster", name: "etl.orders" },
});
const full = () => ({
  ...minimal(),
  eventType: "COMPLETE",
  run: {
    runId: "3f5e8a2c-1b4d-4e6f-8a9b-0c1d2e3f4a5b",
    facets: {
      errorMessage: f("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json", {
        message: "boom",
        programmingLanguage: "PYTHON",
      }),
      spark_version: { _producer: P, _schemaURL: "https://example.com/spark.json", version: "3.5.1" },
    },
  },
  job: {
    namespace: "spark://cluster",
    name: "etl.orders",
    facets: { sql: f("https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json", { query: "select 1" }) },
  },
  inputs: [
    {
      namespace: "postgres://warehouse:5432",
      name: "raw.orders",
      facets: {
        schema: f("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json", {
          fields: [
            { name: "id", type: "BIGINT" },
            { name: "address", type: "STRUCT", fields: [{ name: "city", type: "VARCHAR" }] },
          ],
        }),
        dataSource: f("https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json", {
          name: "warehouse",
          uri: "postgres://warehouse:5432",
        }),
      },
    },
  ],
  outputs: [
    {
      namespace: "postgres://warehouse:5432",
      name: "clean.orders",
      facets: {
        columnLineage: f("https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json", {
          fields: { id: { inputFields: [{ namespace: "postgres://warehouse:5432", name: "raw.orders", field: "id" }] } },
        }),
      },
    },
  ],
});

describe("OpenLineage validation", () => {
  // Only where ../shared is beside the project (CI); a fresh clone validates with its own copies alone.
  const shared = path.resolve(process.cwd(), "../shared/standards/openlineage");
  it.runIf(fs.existsSync(shared))("keeps the schemas it validates with identical to the shared standards", () => {
    for (const file of fs.readdirSync(shared)) {
      expect(fs.readFileSync(path.join(__dirname, "spec", file), "utf8"), file).toBe(fs.readFileSync(path.join(shared, file), "utf8"));
    }
  });

  it("accepts the minimal event, every event type, all five kept facets and unknown facets", () => {
    expect(validateRunEvent(minimal())).toEqual([]);
    for (const eventType of ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"])
      expect(validateRunEvent({ ...full(), eventType })).toEqual([]);
  });

  it("accepts older 1-x schema URLs and an eventTime without a zone, read as UTC", () => {
    expect(
      validateRunEvent({ ...minimal(), schemaURL: "https://openlineage.io/spec/1-0-5/OpenLineage.json#/definitions/RunEvent" }),
    ).toEqual([]);
    expect(validateRunEvent({ ...minimal(), eventTime: "2026-11-20T10:00:00.123456" })).toEqual([]);
    expect(eventTimeUtc("2026-11-20T10:00:00.123456").toISOString()).toBe("2026-11-20T10:00:00.123Z");
    expect(eventTimeUtc("2026-11-20T12:00:00+02:00").toISOString()).toBe("2026-11-20T10:00:00.000Z");
  });

  it("names each missing core field by its path", () => {
    const drop = (ev: Record<string, unknown>, p: string[]) => {
      const copy = structuredClone(ev);
      let o: Record<string, unknown> = copy;
      for (const k of p.slice(0, -1)) o = (Array.isArray(o) ? o[Number(k)] : o[k]) as Record<string, unknown>;
      delete o[p[p.length - 1]];
      return copy;
    };
    const cases: [string[], string][] = [
      [["eventTime"], "eventTime"],
      [["producer"], "producer"],
      [["run"], "run"],
      [["job"], "job"],
      [["run", "runId"], "run.runId"],
      [["job", "namespace"], "job.namespace"],
      [["job", "name"], "job.name"],
      [["inputs", "0", "namespace"], "inputs[0].namespace"],
      [["inputs", "0", "name"], "inputs[0].name"],
      [["outputs", "0", "namespace"], "outputs[0].namespace"],
      [["outputs", "0", "name"], "outputs[0].name"],
    ];
    for (const [p, named] of cases)
      expect(validateRunEvent(drop(full(), p)), named).toContainEqual({ path: named, message: "is required" });
  });

  it("keeps an event whose facet breaks its schema: that facet left out (or kept, when only its base fields are off), each named in a warning", () => {
    const drop = (ev: Record<string, unknown>, p: (string | number)[]) => {
      const copy = structuredClone(ev);
      let o: Record<string | number, unknown> = copy;
      for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
      delete o[p[p.length - 1]];
      return copy;
    };
    const cases: [(string | number)[], string, "left out" | "kept as sent"][] = [
      [["inputs", 0, "facets", "schema", "fields", 0, "name"], "inputs[0].facets.schema.fields[0].name", "left out"],
      [["run", "facets", "errorMessage", "programmingLanguage"], "run.facets.errorMessage.programmingLanguage", "left out"],
      [["job", "facets", "sql", "query"], "job.facets.sql.query", "left out"],
      [["outputs", 0, "facets", "columnLineage", "fields"], "outputs[0].facets.columnLineage.fields", "left out"],
      [["inputs", 0, "facets", "schema", "_producer"], "inputs[0].facets.schema._producer", "kept as sent"],
      [["run", "facets", "spark_version", "_schemaURL"], "run.facets.spark_version._schemaURL", "kept as sent"],
    ];
    for (const [p, named, fate] of cases) {
      const r = checkEvent(drop(full(), p));
      expect(r.errors, named).toEqual([]);
      const facet = String(p[p.length - 2] === 0 ? p[p.length - 4] : p[p.length - 2]);
      expect(r.warnings, named).toEqual([
        {
          path: named,
          message: `is required; this ${facet} facet was ${fate === "left out" ? "left out, the event kept" : "kept as sent"}`,
        },
      ]);
    }
    // The dataSource facet Marquez's own tests send, uri "string": the event and its lineage kept, the facet not.
    const ev = full();
    (ev.inputs[0].facets.dataSource as unknown as { uri: string }).uri = "string";
    const r = checkEvent([ev][0], "[3]");
    expect(r.warnings).toEqual([
      { path: "[3].inputs[0].facets.dataSource.uri", message: "must be a valid uri; this dataSource facet was left out, the event kept" },
    ]);
    const kept = r.event as { inputs: { name: string; facets: Record<string, unknown> }[] };
    expect(kept.inputs[0].name).toBe("raw.orders");
    expect(Object.keys(kept.inputs[0].facets)).toEqual(["schema"]);
    // A facet that is not an object at all is left out too.
    const odd = checkEvent({ ...minimal(), job: { namespace: "n", name: "j", facets: { sql: "select 1" } } });
    expect(odd.warnings).toEqual([{ path: "job.facets.sql", message: "must be an object; this facet was left out, the event kept" }]);
    expect((odd.event as { job: { facets: object } }).job.facets).toEqual({});
    // Facet names are the producer's: "__proto__" stays a facet like any other, and no prototype changes.
    const proto = checkEvent(
      JSON.parse(
        `{"eventTime":"2026-11-20T10:00:00Z","producer":"${P}","run":{"runId":"3f5e8a2c-1b4d-4e6f-8a9b-0c1d2e3f4a5b"},"job":{"namespace":"n","name":"j","facets":{"__proto__":{"x":1},"toString":{"y":2}}}}`,
      ),
    );
    const facets = (proto.event as { job: { facets: Record<string, unknown> } }).job.facets;
    expect(Object.keys(facets)).toEqual(["__proto__", "toString"]);
    expect(proto.warnings.map((w) => w.path)).toEqual([
      "schemaURL",
      "job.facets.__proto__._producer",
      "job.facets.__proto__._schemaURL",
      "job.facets.toString._producer",
      "job.facets.toString._schemaURL",
    ]);
    expect(({} as { x?: number }).x).toBeUndefined();
  });

  it("reads an event without schemaURL as its fields imply, and takes static DatasetEvents and JobEvents", () => {
    const { schemaURL: _, ...bare } = minimal();
    expect(checkEvent(bare)).toMatchObject({
      errors: [],
      warnings: [{ path: "schemaURL", message: "is missing; read as a RunEvent of spec 2-0-2, as its fields imply" }],
    });
    const dataset = { eventTime: "2026-11-20T10:00:00Z", producer: P, dataset: { namespace: "s3://lake", name: "events" } };
    expect(checkEvent(dataset)).toMatchObject({ errors: [], event: dataset });
    expect(checkEvent(dataset).warnings[0].message).toBe("is missing; read as a DatasetEvent of spec 2-0-2, as its fields imply");
    const job = {
      eventTime: "2026-11-20T10:00:00Z",
      producer: P,
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
      job: { namespace: "n", name: "j" },
      inputs: [{ namespace: "n", name: "a" }],
    };
    expect(checkEvent(job)).toEqual({ errors: [], warnings: [], event: { ...job, outputs: undefined } });
    // A job named as a JobEvent but sent without its name, a dataset without its namespace: refused, the field named.
    expect(validateRunEvent({ ...job, job: { namespace: "n" } })).toEqual([{ path: "job.name", message: "is required" }]);
    expect(validateRunEvent({ ...dataset, dataset: { name: "events" } })).toEqual([{ path: "dataset.namespace", message: "is required" }]);
    // An event with an eventType but no run is a RunEvent missing its run.
    expect(
      validateRunEvent({ eventType: "COMPLETE", eventTime: "2026-11-20T10:00:00Z", producer: P, job: { namespace: "n", name: "j" } }),
    ).toEqual([{ path: "run", message: "is required" }]);
    expect(validateRunEvent({ ...minimal(), run: {} })).toEqual([{ path: "run.runId", message: "is required" }]);
  });

  it("refuses malformed values, naming them, and places an array's events by index", () => {
    expect(validateRunEvent({ ...minimal(), run: { runId: "not-a-uuid" } })).toEqual([
      { path: "run.runId", message: "must be a valid uuid" },
    ]);
    expect(validateRunEvent({ ...minimal(), eventTime: "yesterday" })).toEqual([
      { path: "eventTime", message: "must be a valid date-time" },
    ]);
    expect(validateRunEvent({ ...minimal(), eventType: "DONE" })[0].path).toBe("eventType");
    const err = (() => {
      try {
        parseEvents([minimal(), { ...minimal(), job: { namespace: "x" } }]);
      } catch (e) {
        return e as { status: number; details: { path: string }[]; message: string };
      }
    })();
    expect(err?.status).toBe(400);
    expect(err?.details).toEqual([{ path: "[1].job.name", message: "is required" }]);
    expect(err?.message).toBe("The OpenLineage event is invalid: [1].job.name is required.");
  });
});
