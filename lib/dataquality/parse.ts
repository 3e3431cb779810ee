// A Great Expectations validation result (ExpectationSuiteValidationResult, as GE writes it in 0.x and 1.x), read
// liberally and summarised for storage. Pure.

import type { StoredFailure } from "@/db/schema/dataquality";
import { badRequest, type ErrorDetail } from "../errors";

/** Failed expectations kept per result; `unsuccessful` still counts them all. */
export const MAX_FAILURES = 100;
const MAX_KWARGS = 20;
const EXCERPT = 200;

export type DatasetRef = { namespace: string; name: string };
export type ParsedResult = {
  suite: string | null;
  success: boolean;
  evaluated: number;
  successful: number;
  unsuccessful: number;
  failures: StoredFailure[];
  runId: string | null;
  runTime: Date | null;
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const cut = (s: string, n = EXCERPT) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const excerpt = (v: unknown) => cut(typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));
const own = (o: Obj, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

// GE's compact timestamps: 20200322T170247.671855Z (run_time, validation_time).
const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?Z$/;

/** A time as GE writes it: compact (20200322T170247.671855Z) or ISO 8601; null when neither. */
export function readTime(v: unknown): Date | null {
  if (typeof v !== "string" || v.length > 64) return null;
  const m = COMPACT.exec(v);
  if (m) {
    const ms = m[7] ? Number(m[7].padEnd(6, "0").slice(0, 3)) : 0;
    const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], ms));
    return Number.isNaN(d.getTime()) ? null : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function failureOf(r: Obj, type: string): StoredFailure {
  const config = own(r, "expectation_config") as Obj;
  const kwargsIn = isObj(own(config, "kwargs")) ? (own(config, "kwargs") as Obj) : {};
  const kwargs = Object.keys(kwargsIn)
    .filter((k) => k !== "result_format" && k !== "catch_exceptions")
    .slice(0, MAX_KWARGS)
    .map((k) => ({ key: cut(k, 100), value: excerpt(kwargsIn[k]) }));
  const column = str(own(kwargsIn, "column")) ?? str(own(kwargsIn, "column_A"));
  const info = own(r, "exception_info");
  const raised = isObj(info) && own(info, "raised_exception") === true;
  let observed: string | null = null;
  const result = own(r, "result");
  if (isObj(result)) {
    if (own(result, "observed_value") !== undefined) observed = `observed ${excerpt(own(result, "observed_value"))}`;
    else if (typeof own(result, "unexpected_count") === "number") {
      const pct = own(result, "unexpected_percent");
      const sample = own(result, "partial_unexpected_list");
      observed = cut(
        `${own(result, "unexpected_count")} unexpected${typeof pct === "number" ? ` (${Math.round(pct * 1000) / 1000}%)` : ""}` +
          (Array.isArray(sample) && sample.length ? `, e.g. ${excerpt(sample.slice(0, 5))}` : ""),
      );
    }
  }
  if (observed === null && raised && isObj(info)) {
    const msg = str(own(info, "exception_message"));
    if (msg) observed = cut(msg.split("\n", 1)[0]);
  }
  return { type: cut(type, 200), column: column === null ? null : cut(column, 200), kwargs, observed, exception: raised };
}

/** The result's body → what is stored; 400 naming each field that is not as GE writes it (`prefix` leads each path). */
export function parseValidationResult(body: unknown, prefix = ""): ParsedResult {
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const details: ErrorDetail[] = [];
  if (!isObj(body))
    throw badRequest("The body must be a Great Expectations validation result (a JSON object).", [
      { path: prefix || "body", message: "must be an object" },
    ]);
  const success = own(body, "success");
  if (typeof success !== "boolean") details.push({ path: at("success"), message: "must be true or false" });
  const results = own(body, "results");
  if (!Array.isArray(results)) details.push({ path: at("results"), message: "must be an array of expectation results" });
  const failures: StoredFailure[] = [];
  let passed = 0;
  let failed = 0;
  if (Array.isArray(results)) {
    for (const [i, r] of results.entries()) {
      const p = at(`results[${i}]`);
      if (!isObj(r)) {
        details.push({ path: p, message: "must be an object" });
        continue;
      }
      const config = own(r, "expectation_config");
      if (!isObj(config)) {
        details.push({ path: `${p}.expectation_config`, message: "must be an object with type (or expectation_type) and kwargs" });
        continue;
      }
      const type = str(own(config, "type")) ?? str(own(config, "expectation_type"));
      if (!type) details.push({ path: `${p}.expectation_config.type`, message: "is required (expectation_type in GE 0.x)" });
      const ok = own(r, "success");
      if (typeof ok !== "boolean") details.push({ path: `${p}.success`, message: "must be true or false" });
      if (!type || typeof ok !== "boolean") continue;
      if (ok) passed++;
      else {
        failed++;
        if (failures.length < MAX_FAILURES) failures.push(failureOf(r, type));
      }
    }
  }
  const stats = own(body, "statistics");
  const count = (k: string): number | null => {
    if (!isObj(stats) || own(stats, k) === undefined) return null;
    const v = own(stats, k);
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      details.push({ path: at(`statistics.${k}`), message: "must be a whole number, 0 or more" });
      return null;
    }
    return v;
  };
  if (stats !== undefined && !isObj(stats)) details.push({ path: at("statistics"), message: "must be an object" });
  const evaluated = count("evaluated_expectations");
  const successful = count("successful_expectations");
  const unsuccessful = count("unsuccessful_expectations");
  if (details.length) {
    const first = details[0];
    throw badRequest(
      `The validation result is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}.`,
      details.slice(0, 100),
    );
  }
  const meta = isObj(own(body, "meta")) ? (own(body, "meta") as Obj) : {};
  const runIdIn = own(meta, "run_id");
  const runId = typeof runIdIn === "string" ? cut(runIdIn, 200) : isObj(runIdIn) ? cut(JSON.stringify(runIdIn), 200) : null;
  const runTime =
    readTime(own(meta, "validation_time")) ??
    (isObj(runIdIn) ? readTime(own(runIdIn, "run_time")) : null) ??
    readTime(own(meta, "run_time")) ??
    (typeof runIdIn === "string" ? readTime(runIdIn) : null);
  const suite = str(own(meta, "expectation_suite_name")) ?? str(own(body, "suite_name")) ?? str(own(meta, "suite_name"));
  return {
    suite: suite === null ? null : cut(suite, 300),
    success: success as boolean,
    // The statistics GE wrote, or counted from the results when it wrote none.
    evaluated: evaluated ?? passed + failed,
    successful: successful ?? passed,
    unsuccessful: unsuccessful ?? failed,
    failures,
    runId,
    runTime,
  };
}

/**
 * The request body → dataset and result. Either `{ dataset: { namespace, name }, result: <GE result> }`, or the GE
 * result itself with the dataset in the query (`?namespace=&name=`). When both name it, they must agree.
 */
export function parseDataQualityRequest(
  body: unknown,
  query: { namespace?: string; name?: string },
): { dataset: DatasetRef; result: ParsedResult } {
  const wrapped = isObj(body) && own(body, "result") !== undefined && own(body, "results") === undefined;
  let dataset: DatasetRef | null = null;
  if (wrapped) {
    const d = own(body as Obj, "dataset");
    if (d !== undefined) {
      const ns = isObj(d) ? own(d, "namespace") : undefined;
      const name = isObj(d) ? own(d, "name") : undefined;
      const bad: ErrorDetail[] = [];
      if (typeof ns !== "string" || ns.length === 0 || ns.length > 1000)
        bad.push({ path: "dataset.namespace", message: "must be a string of 1 to 1,000 characters" });
      if (typeof name !== "string" || name.length === 0 || name.length > 1000)
        bad.push({ path: "dataset.name", message: "must be a string of 1 to 1,000 characters" });
      if (bad.length) throw badRequest(`The dataset is invalid: ${bad[0].path} ${bad[0].message}.`, bad);
      dataset = { namespace: ns as string, name: name as string };
    }
  }
  if (query.namespace !== undefined || query.name !== undefined) {
    if (!query.namespace || !query.name)
      throw badRequest("Name the dataset with both namespace and name.", [
        { path: query.namespace ? "name" : "namespace", message: "is required with the other" },
      ]);
    const q = { namespace: query.namespace, name: query.name };
    if (dataset && (dataset.namespace !== q.namespace || dataset.name !== q.name))
      throw badRequest("The dataset in the query and the one in the body differ.", [
        { path: "dataset", message: "differs from ?namespace=&name=" },
      ]);
    dataset = q;
  }
  if (!dataset)
    throw badRequest(
      "Name the lineage dataset the result is about: ?namespace=&name=, or a body { dataset: { namespace, name }, result }.",
      [{ path: "dataset", message: "is required (or ?namespace=&name=)" }],
    );
  return { dataset, result: parseValidationResult(wrapped ? own(body as Obj, "result") : body, wrapped ? "result" : "") };
}
