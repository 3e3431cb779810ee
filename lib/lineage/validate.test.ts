// OpenLineage RunEvents as real producers send them are accepted; an event missing any field the spec requires is
// refused with that field named by its JSON path.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvents } from "./ingest";
import { eventTimeUtc, validateRunEvent } from "./validate";

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
      errorMessage: f("https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json", { message: "boom", programmingLanguage: "PYTHON" }),
      spark_version: { _producer: P, _schemaURL: "https://example.com/spark.json", version: "3.5.1" },
    },
  },
  job: { namespace: "spark://cluster", name: "etl.orders", facets: { sql: f("https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json", { query: "select 1" }) } },
  inputs: [
    {
      namespace: "postgres://warehouse:5432",
      name: "raw.orders",
      facets: {
        schema: f("https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json", { fields: [{ name: "id", type: "BIGINT" }, { name: "address", type: "STRUCT", fields: [{ name: "city", type: "VARCHAR" }] }] }),
        dataSource: f("https://openlineage.io/spec/facets/1-0-1/DatasourceDatasetFacet.json", { name: "warehouse", uri: "postgres://warehouse:5432" }),
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
    for (const eventType of ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"]) expect(validateRunEvent({ ...full(), eventType })).toEqual([]);
  });

  it("accepts older 1-x schema URLs and an eventTime without a zone, read as UTC", () => {
    expect(validateRunEvent({ ...minimal(), schemaURL: "https://openlineage.io/spec/1-0-5/OpenLineage.json#/definitions/RunEvent" })).toEqual([]);
    expect(validateRunEvent({ ...minimal(), eventTime: "2026-11-20T10:00:00.123456" })).toEqual([]);
    expect(eventTimeUtc("2026-11-20T10:00:00.123456").toISOString()).toBe("2026-11-20T10:00:00.123Z");
    expect(eventTimeUtc("2026-11-20T12:00:00+02:00").toISOString()).toBe("2026-11-20T10:00:00.000Z");
  });

  it("names each missing required field by its path", () => {
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
      [["schemaURL"], "schemaURL"],
      [["run"], "run"],
      [["job"], "job"],
      [["run", "runId"], "run.runId"],
      [["job", "namespace"], "job.namespace"],
      [["job", "name"], "job.name"],
      [["inputs", "0", "namespace"], "inputs[0].namespace"],
      [["inputs", "0", "name"], "inputs[0].name"],
      [["outputs", "0", "namespace"], "outputs[0].namespace"],
      [["outputs", "0", "name"], "outputs[0].name"],
      [["inputs", "0", "facets", "schema", "_producer"], "inputs[0].facets.schema._producer"],
      [["inputs", "0", "facets", "schema", "fields", "0", "name"], "inputs[0].facets.schema.fields[0].name"],
      [["run", "facets", "errorMessage", "programmingLanguage"], "run.facets.errorMessage.programmingLanguage"],
      [["job", "facets", "sql", "query"], "job.facets.sql.query"],
      [["outputs", "0", "facets", "columnLineage", "fields"], "outputs[0].facets.columnLineage.fields"],
    ];
    for (const [p, named] of cases) expect(validateRunEvent(drop(full(), p)), named).toContainEqual({ path: named, message: "is required" });
  });

  it("refuses malformed values, naming them, and places an array's events by index", () => {
    expect(validateRunEvent({ ...minimal(), run: { runId: "not-a-uuid" } })).toEqual([{ path: "run.runId", message: "must be a valid uuid" }]);
    expect(validateRunEvent({ ...minimal(), eventTime: "yesterday" })).toEqual([{ path: "eventTime", message: "must be a valid date-time" }]);
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
