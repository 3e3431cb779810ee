/**
 * OpenLineage RunEvent validation against the published JSON schemas (spec 2-0-2 and the facets we keep, copied
 * verbatim from ../shared/standards/openlineage into ./spec). Pure: no I/O beyond the bundled schemas.
 *
 * Two allowances real producers need, both in the notes of the standards: an `eventTime` without a zone (read as
 * UTC), and older `schemaURL`s (1-x), which the 2-0-2 schema accepts as any URI.
 */
import Ajv2020, { type ErrorObject } from "ajv/dist/2020";
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

const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addFormat("date-time", { type: "string", validate: (s: string) => DATE_TIME.test(s) && !Number.isNaN(eventTimeUtc(s).getTime()) });
for (const s of [spec, schemaFacet, dataSource, columnLineage, sqlFacet, errorMessage]) ajv.addSchema(s as object);

const datasetFacets = { allOf: [{ $ref: schemaFacet.$id }, { $ref: dataSource.$id }, { $ref: columnLineage.$id }] };
const runEvent = ajv.compile({
  allOf: [
    { $ref: `${spec.$id}#/$defs/RunEvent` },
    {
      type: "object",
      properties: {
        run: { type: "object", properties: { facets: { $ref: errorMessage.$id } } },
        job: { type: "object", properties: { facets: { $ref: sqlFacet.$id } } },
        inputs: { type: "array", items: { type: "object", properties: { facets: datasetFacets } } },
        outputs: { type: "array", items: { type: "object", properties: { facets: datasetFacets } } },
      },
    },
  ],
});

export type OLDataset = {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  inputFacets?: Record<string, unknown>;
  outputFacets?: Record<string, unknown>;
};
export type OLRunEvent = {
  eventType?: "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";
  eventTime: string;
  producer: string;
  schemaURL: string;
  run: { runId: string; facets?: Record<string, unknown> };
  job: { namespace: string; name: string; facets?: Record<string, unknown> };
  inputs?: OLDataset[];
  outputs?: OLDataset[];
};

/** "/inputs/0/facets/schema" + "fields" → "inputs[0].facets.schema.fields" */
function pathOf(prefix: string, pointer: string, extra?: string): string {
  const parts = pointer.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (extra !== undefined) parts.push(extra);
  let out = prefix;
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || "body";
}

function details(errors: ErrorObject[], prefix: string): ErrorDetail[] {
  const specific = errors.filter((e) => !["anyOf", "allOf", "oneOf", "if"].includes(e.keyword));
  const seen = new Set<string>();
  const out: ErrorDetail[] = [];
  for (const e of specific.length ? specific : errors) {
    const missing = e.keyword === "required" ? String((e.params as { missingProperty: string }).missingProperty) : undefined;
    const path = pathOf(prefix, e.instancePath, missing);
    const message =
      missing !== undefined ? "is required" : e.keyword === "format" ? `must be a valid ${(e.params as { format: string }).format}` : (e.message ?? "is invalid");
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

/** Validate one event; `prefix` is its place in the body ("" for a lone event, "[3]" in an array). */
export function validateRunEvent(value: unknown, prefix = ""): ErrorDetail[] {
  if (runEvent(value)) return [];
  return details(runEvent.errors ?? [], prefix);
}
