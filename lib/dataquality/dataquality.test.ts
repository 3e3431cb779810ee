// Great Expectations validation results that GE wrote for its own tests (tests/corpora/great-expectations, see its
// README) go through the real ingest into a real store: the counts, failed expectations and run times stored are the
// ones read off each file by hand; a malformed result is refused naming the field; a viewer may not post.
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { rows } from "@/db/client";
import { person, refused } from "@/tests/actors";
import { useFreshStore } from "@/tests/store";
import { ingestDataQuality } from "./ingest";
import { MAX_FAILURES } from "./parse";
import { latestResults } from "./store";

const chen = person("Chen", ["contributor"], 1);
const vera = person("Vera", ["viewer"], 2);
const DIR = path.resolve(__dirname, "../../tests/corpora/great-expectations");
const load = (f: string) => JSON.parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Record<string, unknown>;
const PASSING = load("datetime_column_evrs.json");
const FAILING_1X = load("expected_cli_results_default.json");
const FAILING_0X = load("titanic_expected_data_asset_validate_results_with_exceptions.json");
const WAREHOUSE = "postgres://warehouse:5432";
const dsId = (name: string) => `dataset:${encodeURIComponent(WAREHOUSE)}:${encodeURIComponent(name)}`;

describe("Great Expectations results through the real ingest", () => {
  useFreshStore();

  it("the passing 1.x result: 2 evaluated, 2 successful, none failed, run time from meta.run_time", async () => {
    const r = await ingestDataQuality(chen, PASSING, { namespace: WAREHOUSE, name: "events.clicks" });
    expect(r).toMatchObject({
      datasetId: dsId("events.clicks"),
      dataset: { namespace: WAREHOUSE, name: "events.clicks" },
      suite: "default",
      success: true,
      evaluated: 2,
      successful: 2,
      unsuccessful: 0,
      failures: [],
      runTime: "2020-03-22T17:02:47.671Z",
      createdBy: "chen@example.com",
      createdNode: true,
      failuresLeftOff: 0,
    });
    // The dataset's node was added to lineage, as an OpenLineage event naming it would.
    const [node] = await rows<{ type: string; namespace: string; name: string }>(
      sql`select type, namespace, name from lineage_nodes where id = ${dsId("events.clicks")}`,
    );
    expect(node).toEqual({ type: "dataset", namespace: WAREHOUSE, name: "events.clicks" });
  });

  it("the failing 1.x result (wrapper form): 10 evaluated, 9 successful, 1 failed: expect_column_values_to_be_in_set on PClass", async () => {
    const r = await ingestDataQuality(chen, { dataset: { namespace: WAREHOUSE, name: "titanic" }, result: FAILING_1X }, {});
    expect(r).toMatchObject({
      suite: "default",
      success: false,
      evaluated: 10,
      successful: 9,
      unsuccessful: 1,
      runId: "19551105T000000.000000Z",
    });
    expect(r.runTime).toBe("1955-11-05T00:00:00.000Z");
    expect(r.failures).toEqual([
      {
        type: "expect_column_values_to_be_in_set",
        column: "PClass",
        kwargs: [
          { key: "column", value: "PClass" },
          { key: "value_set", value: '["1st","2nd","3rd"]' },
        ],
        observed: '1 unexpected (0.076%), e.g. ["*"]',
        exception: false,
      },
    ]);
  });

  it("the failing 0.x result (expectation_type, exceptions raised): 10 evaluated, 6 successful, 4 failed, named", async () => {
    const r = await ingestDataQuality(chen, FAILING_0X, { namespace: WAREHOUSE, name: "titanic" });
    expect(r).toMatchObject({ suite: "titanic", success: false, evaluated: 10, successful: 6, unsuccessful: 4, createdNode: false });
    expect(r.runTime).toBe("1955-11-05T00:00:00.000Z");
    expect(r.failures.map((f) => [f.type, f.column, f.exception])).toEqual([
      ["expect_column_values_to_match_regex", "Name", true],
      ["expect_column_values_to_be_in_set", "PClass", true],
      ["expect_column_mean_to_be_between", "Age", true],
      ["expect_column_values_to_be_between", "Age", true],
    ]);
    // With no result to show, the excerpt is the exception's first line.
    expect(r.failures[0].observed).toBe(
      "InvalidCacheValueError: Invalid result values were found when trying to instantiate an ExpectationValidationResult.",
    );
    // Each posting is one audit entry naming the dataset.
    const audit = await rows<{ n: number }>(sql`select count(*)::int as n from audit_log where action = 'data_quality.recorded'`);
    expect(audit[0].n).toBe(3);
  });

  it("a dataset's latest result is the one with the latest run time, not the last posted", async () => {
    // titanic: the 1.x and 0.x results both ran 1955-11-05; a passing run from 2020 posted now wins.
    await ingestDataQuality(chen, PASSING, { namespace: WAREHOUSE, name: "titanic" });
    const older = structuredClone(FAILING_1X) as { meta: Record<string, unknown> };
    older.meta.run_id = "19000101T000000.000000Z";
    await ingestDataQuality(chen, older, { namespace: WAREHOUSE, name: "titanic" });
    const latest = (await latestResults([dsId("titanic"), dsId("events.clicks"), dsId("nothing.here")])) as Map<
      string,
      { success: boolean; runTime: string }
    >;
    expect([...latest.keys()].sort()).toEqual([dsId("events.clicks"), dsId("titanic")]);
    expect(latest.get(dsId("titanic"))).toMatchObject({ success: true, runTime: "2020-03-22T17:02:47.671Z" });
  });

  it("keeps the first 100 failed expectations of 150 and counts them all", async () => {
    const results = Array.from({ length: 150 }, (_, i) => ({
      expectation_config: { type: "expect_column_values_to_not_be_null", kwargs: { column: `c${i}` } },
      success: false,
      result: { unexpected_count: i },
    }));
    const r = await ingestDataQuality(chen, { success: false, results }, { namespace: WAREHOUSE, name: "wide" });
    expect(MAX_FAILURES).toBe(100);
    expect(r).toMatchObject({ evaluated: 150, successful: 0, unsuccessful: 150, failuresLeftOff: 50 });
    expect(r.failures).toHaveLength(100);
    expect(r.failures[99].column).toBe("c99");
  });

  it("refuses a malformed result naming the field, a result without a dataset, and a viewer", async () => {
    const bad = structuredClone(FAILING_1X) as { results: { expectation_config: Record<string, unknown> }[] };
    delete bad.results[3].expectation_config.type;
    const e1 = await refused(ingestDataQuality(chen, bad, { namespace: WAREHOUSE, name: "titanic" }));
    expect([e1.status, e1.details[0].path]).toEqual([400, "results[3].expectation_config.type"]);
    const e2 = await refused(
      ingestDataQuality(chen, { dataset: { namespace: WAREHOUSE, name: "titanic" }, result: { ...FAILING_1X, success: "no" } }, {}),
    );
    expect([e2.status, e2.details[0].path]).toEqual([400, "result.success"]);
    const e3 = await refused(ingestDataQuality(chen, FAILING_1X, {}));
    expect([e3.status, e3.details[0].path]).toEqual([400, "dataset"]);
    const e4 = await refused(ingestDataQuality(vera, FAILING_1X, { namespace: WAREHOUSE, name: "titanic" }));
    expect(e4.status).toBe(403);
  });
});
