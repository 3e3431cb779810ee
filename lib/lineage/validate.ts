/**
 * OpenLineage event validation against the published JSON schemas (spec 2-0-2 and the facets we keep, copied
 * verbatim from ../shared/standards/openlineage into ./spec). Pure: no I/O beyond the bundled schemas.
 *
 * Strict where lineage needs it, lenient where real producers differ from the letter of the spec:
 * - RunEvents, and the static DatasetEvent and JobEvent of spec 2-0-x (no run). The kind is the `run` field when
 *   there is one, else the kind the `schemaURL` names, else what the fields imply (`dataset` without `job`: a
 *   DatasetEvent; `job` without `eventType`: a JobEvent; anything else a RunEvent, which then needs its run).
 * - The core (eventTime, producer, run.runId, job and dataset namespace and name, the event's structure) is checked
 *   against the spec and refused with the field named. `schemaURL` may be missing (a warning says how it was read),
 *   and older 1-x URLs are accepted; an `eventTime` without a zone is read as UTC.
 * - Each facet is checked on its own. One that breaks the schema Steward reads it by (schema, dataSource,
 *   columnLineage, sql, errorMessage) is left out; one whose only fault is in the base fields every facet carries
 *   (`_producer`, `_schemaURL`) is kept as sent. Either way the event and its lineage are kept and a warning names
 *   the facet's JSON path.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { ErrorDetail } from "../errors";
import columnLineage from "./spec/facet_ColumnLineageDatasetFacet.json";
import dataSource from "./spec/facet_DatasourceDatasetFacet.json";
import errorMessage from "./spec/facet_ErrorMessageRunFacet.json";
import schemaFacet from "./spec/facet_SchemaDatasetFacet.json";
import sqlFacet from "./spec/facet_SQLJobFacet.json";
import spec from "./spec/OpenLineage_spec_2-0-2.json";

/** RFC 3339 date-time whose zone may be missing. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

export function eventTimeUtc(s: string): Date {
  const zoned = /([Zz]|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`;
  return new Date(zoned.replace(" ", "T"));
}

// The spec as published, but with `schemaURL` optional: producers (Marquez's own tests, the OpenLineage Python
// client's listener) send events without it. Registered under the spec's own $id, so the facet schemas' references
// to its BaseFacet resolve to it.
const core = structuredClone(spec) as typeof spec & { $defs: { BaseEvent: { required: string[] } } };
core.$defs.BaseEvent.required = core.$defs.BaseEvent.required.filter((f) => f !== "schemaURL");

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("date-time", { type: "string", validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(eventTimeUtc(s).getTime()) });
for (const s of [core, schemaFacet, dataSource, columnLineage, sqlFacet, errorMessage]) ajv.addSchema(s as object);

export const EVENT_KINDS = ["RunEvent", "JobEvent", "DatasetEvent"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
const eventSchema = Object.fromEntries(EVENT_KINDS.map((k) => [k, ajv.compile({ $ref: `${spec.$id}#/$defs/${k}` })])) as Record<
  EventKind,
  ValidateFunction
>;

type FacetPlace = "run" | "job" | "dataset" | "input" | "output";
/** The facets Steward reads, by place and name: checked against their own schema; the rest against the base facet. */
const KNOWN: Record<FacetPlace, Map<string, ValidateFunction>> = {
  run: new Map([["errorMessage", ajv.compile({ $ref: `${errorMessage.$id}#/$defs/ErrorMessageRunFacet` })]]),
  job: new Map([["sql", ajv.compile({ $ref: `${sqlFacet.$id}#/$defs/SQLJobFacet` })]]),
  dataset: new Map([
    ["schema", ajv.compile({ $ref: `${schemaFacet.$id}#/$defs/SchemaDatasetFacet` })],
    ["dataSource", ajv.compile({ $ref: `${dataSource.$id}#/$defs/DatasourceDatasetFacet` })],
    ["columnLineage", ajv.compile({ $ref: `${columnLineage.$id}#/$defs/ColumnLineageDatasetFacet` })],
  ]),
  input: new Map(),
  output: new Map(),
};
const BASE_DEF: Record<FacetPlace, string> = {
  run: "RunFacet",
  job: "JobFacet",
  dataset: "DatasetFacet",
  input: "InputDatasetFacet",
  output: "OutputDatasetFacet",
};
const GENERIC = Object.fromEntries(
  Object.entries(BASE_DEF).map(([p, d]) => [p, ajv.compile({ $ref: `${spec.$id}#/$defs/${d}` })]),
) as Record<FacetPlace, ValidateFunction>;
const BASE_FIELDS = new Set(["_producer", "_schemaURL", "_deleted"]);

export type OLDataset = {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
};
export type OLJob = { namespace: string; name: string; facets?: Record<string, unknown> };
export type OLRunEvent = {
  eventType?: "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";
  eventTime: string;
  producer: string;
  schemaURL?: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: OLJob;
  inputs?: OLDataset[];
  outputs?: OLDataset[];
};
/** Static lineage: a job and the datasets it reads and writes, without a run. */
export type OLJobEvent = {
  eventTime: string;
  producer: string;
  schemaURL?: string;
  job: OLJob;
  inputs?: OLDataset[];
  outputs?: OLDataset[];
};
/** Static metadata of one dataset. */
export type OLDatasetEvent = { eventTime: string; producer: string; schemaURL?: string; dataset: OLDataset };
export type OLEvent = OLRunEvent | OLJobEvent | OLDatasetEvent;

export const isRunEvent = (e: OLEvent): e is OLRunEvent => "run" in e;
export const isDatasetEvent = (e: OLEvent): e is OLDatasetEvent => "dataset" in e;

/** "/inputs/0/facets/schema" + "fields" → "inputs[0].facets.schema.fields" */
function pathOf(prefix: string, pointer: string, extra?: string): string {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || "body";
}

const missingOf = (e: ErrorObject) =>
  e.keyword === "required" ? String((e.params as { missingProperty: string }).missingProperty) : undefined;

function details(errors: ErrorObject[], prefix: string): ErrorDetail[] {
  const specific = errors.filter((e) => !["anyOf", "allOf", "oneOf", "if"].includes(e.keyword));
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of specific.length ? specific : errors) {
    const missing = missingOf(e);
    const path = pathOf(prefix, e.instancePath, missing);
    const message =
      missing !== undefined
        ? "is required"
        : e.keyword === "format"
          ? `must be a valid ${(e.params as { format: string }).format}`
          : (e.message ?? "is invalid");
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const join = (prefix: string, key: string) => (prefix ? `${prefix}.${key}` : key);

/** The kind of event: a `run` makes a RunEvent; else the kind its schemaURL names; else what its fields imply. */
export function eventKind(ev: Record<string, unknown>): EventKind {
  if ("run" in ev) return "RunEvent";
  const url = typeof ev.schemaURL === "string" ? ev.schemaURL : "";
  for (const k of EVENT_KINDS) if (url.endsWith(`/${k}`)) return k;
  if ("dataset" in ev && !("job" in ev)) return "DatasetEvent";
  if ("job" in ev && !("eventType" in ev)) return "JobEvent";
  return "RunEvent";
}

export type CheckedEvent = { errors: ErrorDetail[]; warnings: ErrorDetail[]; event?: OLEvent };

/**
 * Check one facet container (`run.facets`, `inputs[0].inputFacets`, …) facet by facet. Returns the container to keep
 * (facets that break the schema Steward reads them by left out) and a warning per fault, each naming its path.
 */
function checkFacets(
  container: Record<string, unknown>,
  place: FacetPlace,
  path: string,
  warnings: ErrorDetail[],
): Record<string, unknown> {
  // Facet names are the producer's strings ("__proto__" included): a null-prototype record.
  const kept: Record<string, unknown> = Object.create(null);
  for (const [name, facet] of Object.entries(container)) {
    const at = join(path, name);
    if (!isRecord(facet)) {
      warnings.push({ path: at, message: "must be an object; this facet was left out, the event kept" });
      continue;
    }
    // A deletion marker carries no content to check.
    if (facet._deleted === true) {
      kept[name] = facet;
      continue;
    }
    const known = KNOWN[place].get(name);
    const validate = known ?? GENERIC[place];
    if (validate(facet)) {
      kept[name] = facet;
      continue;
    }
    const errors = validate.errors ?? [];
    // Faults only in the base fields every facet carries leave its content usable: kept as sent.
    const onlyBase = errors.every((e) => {
      if (["anyOf", "allOf", "oneOf", "if"].includes(e.keyword)) return true;
      const field = e.instancePath === "" ? missingOf(e) : e.instancePath.split("/")[1];
      return field !== undefined && BASE_FIELDS.has(field) && (e.instancePath === "" || e.instancePath.split("/").length === 2);
    });
    const drop = known !== undefined && !onlyBase;
    if (!drop) kept[name] = facet;
    const what = drop ? `this ${name} facet was left out, the event kept` : `this ${name} facet was kept as sent`;
    for (const d of details(errors, at)) warnings.push({ path: d.path, message: `${d.message}; ${what}` });
  }
  return kept;
}

/** A dataset with its facet containers checked; `place` is where its `facets` belong. */
function checkDataset(d: unknown, path: string, io: "input" | "output" | null, warnings: ErrorDetail[]): unknown {
  if (!isRecord(d)) return d;
  const out: Record<string, unknown> = { ...d };
  if (isRecord(d.facets)) out.facets = checkFacets(d.facets, "dataset", `${path}.facets`, warnings);
  if (io === "input" && isRecord(d.inputFacets)) out.inputFacets = checkFacets(d.inputFacets, "input", `${path}.inputFacets`, warnings);
  if (io === "output" && isRecord(d.outputFacets))
    out.outputFacets = checkFacets(d.outputFacets, "output", `${path}.outputFacets`, warnings);
  return out;
}

/**
 * Check one event; `prefix` is its place in the body ("" for a lone event, "[3]" in an array). `errors` refuse it;
 * otherwise `event` is what to store (only the fields of its kind, facets that broke their schema left out) and
 * `warnings` say what was read leniently.
 */
export function checkEvent(value: unknown, prefix = ""): CheckedEvent {
  if (!isRecord(value)) return { errors: [{ path: prefix || "body", message: "must be an OpenLineage event (an object)" }], warnings: [] };
  const kind = eventKind(value);
  const warnings: ErrorDetail[] = [];
  // Facets are checked one by one below; the core is checked without them.
  const ev: Record<string, unknown> = { ...value };
  const io = (list: unknown, name: "inputs" | "outputs") =>
    Array.isArray(list)
      ? list.map((d, i) => checkDataset(d, join(prefix, `${name}[${i}]`), name === "inputs" ? "input" : "output", warnings))
      : list;
  if (isRecord(value.run))
    ev.run = {
      ...value.run,
      ...(isRecord(value.run.facets) ? { facets: checkFacets(value.run.facets, "run", join(prefix, "run.facets"), warnings) } : {}),
    };
  if (isRecord(value.job))
    ev.job = {
      ...value.job,
      ...(isRecord(value.job.facets) ? { facets: checkFacets(value.job.facets, "job", join(prefix, "job.facets"), warnings) } : {}),
    };
  if (kind !== "DatasetEvent") {
    ev.inputs = io(value.inputs, "inputs");
    ev.outputs = io(value.outputs, "outputs");
  } else if (isRecord(value.dataset)) ev.dataset = checkDataset(value.dataset, join(prefix, "dataset"), null, warnings);
  for (const k of ["inputs", "outputs"] as const) if (ev[k] === undefined) delete ev[k];
  const validate = eventSchema[kind];
  const bare = stripFacets(ev);
  if (!validate(bare)) return { errors: details(validate.errors ?? [], prefix), warnings: [] };
  if (value.schemaURL === undefined) {
    warnings.unshift({ path: join(prefix, "schemaURL"), message: `is missing; read as a ${kind} of spec 2-0-2, as its fields imply` });
  }
  // Only the fields of its kind travel on: a stray `dataset` on a RunEvent, a `job` on a DatasetEvent, are ignored.
  const { eventTime, producer, schemaURL } = ev as { eventTime: string; producer: string; schemaURL?: string };
  const base = { eventTime, producer, ...(schemaURL !== undefined ? { schemaURL } : {}) };
  const event: OLEvent =
    kind === "DatasetEvent"
      ? { ...base, dataset: ev.dataset as OLDataset }
      : kind === "JobEvent"
        ? { ...base, job: ev.job as OLJob, inputs: ev.inputs as OLDataset[] | undefined, outputs: ev.outputs as OLDataset[] | undefined }
        : (withoutKey(ev, "dataset") as unknown as OLRunEvent);
  return { errors: [], warnings, event };
}

function withoutKey(o: Record<string, unknown>, key: string): Record<string, unknown> {
  const c = { ...o };
  delete c[key];
  return c;
}

/** The event with every facet container emptied: the core check must not see facets (they were checked one by one). */
function stripFacets(ev: Record<string, unknown>): Record<string, unknown> {
  const bare = (o: unknown, keys: string[]) => {
    if (!isRecord(o)) return o;
    const c: Record<string, unknown> = { ...o };
    for (const k of keys) if (isRecord(c[k])) c[k] = {};
    return c;
  };
  const out: Record<string, unknown> = {
    ...ev,
    run: bare(ev.run, ["facets"]),
    job: bare(ev.job, ["facets"]),
    dataset: bare(ev.dataset, ["facets"]),
  };
  for (const k of ["run", "job", "dataset"]) if (ev[k] === undefined) delete out[k];
  for (const k of ["inputs", "outputs"])
    if (Array.isArray(ev[k])) out[k] = (ev[k] as unknown[]).map((d) => bare(d, ["facets", "inputFacets", "outputFacets"]));
  return out;
}

/** The errors that refuse one event (none: it is accepted, perhaps with warnings). */
export function validateRunEvent(value: unknown, prefix = ""): ErrorDetail[] {
  return checkEvent(value, prefix).errors;
}
