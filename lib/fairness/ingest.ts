// Reading an audit's input: a JSON body with records or counts, or an NDJSON stream (a header line, then a record a
// line) folded as it arrives, so five million records take the memory of the group counts only. Pure: it reads
// the bytes it is handed and touches no store.

import { zodDetails } from "../api/validate";
import { AppError, badRequest, type ErrorDetail } from "../errors";
import type { Folded } from "./counts";
import { type AuditRecord, CountFolder, type CountRow } from "./counts";
import { DEFAULT_JUDGED } from "./disparity";
import { BiasAuditHeader, BiasCountRow, BiasRecord, MAX_COUNT_ROWS, MAX_JSON_RECORDS, MAX_NDJSON_RECORDS } from "./schemas";
import type { AuditConfig } from "./verdict";

export type Ingested = { header: BiasAuditHeader; folded: Folded; source: "records" | "counts" | "ndjson" };

const isLabel = (v: unknown) =>
  (typeof v === "string" && v.length <= 200) || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

/**
 * A hand-written check that accepts only what BiasRecord accepts (it may refuse more): five million zod parses
 * cost seconds, this costs little. Anything it refuses goes to zod, which either accepts it or says why.
 */
function quickRecord(o: unknown): o is AuditRecord {
  if (typeof o !== "object" || o === null || Array.isArray(o)) return false;
  const r = o as Record<string, unknown>;
  for (const k in r) if (k !== "label" && k !== "prediction" && k !== "score" && k !== "attributes") return false;
  if (!isLabel(r.label) || !isLabel(r.prediction)) return false;
  if (r.score !== undefined && r.score !== null && !(typeof r.score === "number" && Number.isFinite(r.score))) return false;
  const a = r.attributes;
  if (typeof a !== "object" || a === null || Array.isArray(a)) return false;
  for (const k in a as Record<string, unknown>) {
    if (k.length === 0 || k.length > 100 || !isLabel((a as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function prefixed(details: ErrorDetail[], path: string): ErrorDetail[] {
  return details.map((d) => ({
    path: d.path === "body" ? path : `${path}${d.path.startsWith("[") ? "" : "."}${d.path}`,
    message: d.message,
  }));
}

/** One record, or the reasons it is not one, with paths like records[17].label. */
export function checkRecord(value: unknown, path: string): { ok: true; record: AuditRecord } | { ok: false; details: ErrorDetail[] } {
  if (quickRecord(value)) return { ok: true, record: value };
  const r = BiasRecord.safeParse(value);
  if (r.success) return { ok: true, record: r.data as AuditRecord };
  return { ok: false, details: prefixed(zodDetails(r.error), path) };
}

function invalid(details: ErrorDetail[], what: string): AppError {
  const first = details[0];
  return badRequest(
    `${what} is invalid: ${first.path} ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}.`,
    details,
  );
}

export function configOf(header: BiasAuditHeader): AuditConfig {
  return {
    sensitiveAttributes: header.sensitiveAttributes,
    referenceGroups: header.referenceGroups ?? {},
    positiveLabel: header.positiveLabel,
    thresholds: header.thresholds,
    metrics: header.metrics ?? DEFAULT_JUDGED,
    minGroupSize: header.minGroupSize,
    intersections: header.intersections,
  };
}

const tooMany = (n: number, what: string, hint: string) =>
  new AppError("payload_too_large", 413, `More than ${n.toLocaleString("en-US")} ${what}; ${hint}`);

/** A parsed JSON body: the header, then records or counts, each checked and folded. At most 20 bad items are named. */
export function ingestJson(body: unknown): Ingested {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw badRequest("The body must be a JSON object.", [{ path: "body", message: "is not an object" }]);
  const { records, counts, ...rest } = body as Record<string, unknown>;
  if (Array.isArray(records) && records.length > MAX_JSON_RECORDS)
    throw tooMany(MAX_JSON_RECORDS, "records in JSON", "send them as application/x-ndjson (up to 5,000,000), or send counts.");
  if (Array.isArray(counts) && counts.length > MAX_COUNT_ROWS) throw tooMany(MAX_COUNT_ROWS, "count rows", "merge rows of the same group.");
  const h = BiasAuditHeader.safeParse(rest);
  const details: ErrorDetail[] = h.success ? [] : zodDetails(h.error);
  if ((records === undefined) === (counts === undefined))
    details.push({
      path: records === undefined ? "records" : "counts",
      message: "give either records or counts, not both and not neither",
    });
  else if (!Array.isArray(records ?? counts))
    details.push({ path: records !== undefined ? "records" : "counts", message: "must be an array" });
  else if (((records ?? counts) as unknown[]).length === 0)
    details.push({ path: records !== undefined ? "records" : "counts", message: "is empty" });
  if (details.length || !h.success) throw invalid(details, "The request body");
  const header = h.data;
  const folder = new CountFolder(header.sensitiveAttributes, header.positiveLabel, header.intersections);
  const bad: ErrorDetail[] = [];
  if (Array.isArray(records)) {
    for (let i = 0; i < records.length && bad.length < 20; i++) {
      const c = checkRecord(records[i], `records[${i}]`);
      if (!c.ok) bad.push(...c.details);
      else if (!bad.length) folder.addRecord(c.record, `records[${i}]`);
    }
  } else {
    const rows = counts as unknown[];
    for (let i = 0; i < rows.length && bad.length < 20; i++) {
      const r = BiasCountRow.safeParse(rows[i]);
      if (!r.success) bad.push(...prefixed(zodDetails(r.error), `counts[${i}]`));
      else if (!bad.length) folder.addCounts(r.data as CountRow, `counts[${i}]`);
    }
  }
  if (bad.length) throw invalid(bad, "The request body");
  return { header, folded: folder.result(), source: Array.isArray(records) ? "records" : "counts" };
}

export const MAX_LINE_CHARS = 1 << 20;
/**
 * The bytes an NDJSON audit may take: 10 MB, as every body, plus 1 KB for each record read so far (so five million
 * records of up to a kilobyte each fit). Every byte counts, blank lines and the header included: a stream of nothing
 * but blank lines is refused (413) once past 10 MB, not read to its end.
 */
export const NDJSON_BASE_BYTES = 10 * 1024 * 1024;
export const NDJSON_BYTES_PER_RECORD = 1024;
export const ndjsonByteLimit = (records: number) => NDJSON_BASE_BYTES + NDJSON_BYTES_PER_RECORD * records;
/**
 * Refused before the body's end: the rest is never read, so the connection cannot carry another request; it is closed
 * once the answer is sent (a client that kept it for its next request would wait for ever).
 */
const tooLarge = () =>
  new AppError(
    "payload_too_large",
    413,
    `The body is larger than ${NDJSON_BASE_BYTES / 1024 / 1024} MB plus ${NDJSON_BYTES_PER_RECORD.toLocaleString("en-US")} bytes for each record in it; every byte counts, blank lines included. Nothing was stored.`,
    [],
    { connection: "close" },
  );

/**
 * An NDJSON body: the first non-blank line is the header (the JSON body without records), then one record a line.
 * Folded as the bytes arrive; the first bad line stops it with a 400 naming it (records[17].label, and its line).
 */
export async function ingestNdjson(chunks: AsyncIterable<Uint8Array>, maxRecords = MAX_NDJSON_RECORDS): Promise<Ingested> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let header: BiasAuditHeader | null = null;
  let folder: CountFolder | null = null;
  let lineNo = 0;
  let index = 0;
  let rest = "";

  const onLine = (line: string) => {
    lineNo++;
    if (line.trim() === "") return;
    let value: unknown;
    const path = header ? `records[${index}]` : "header";
    try {
      value = JSON.parse(line);
    } catch {
      throw badRequest(`Line ${lineNo} is not valid JSON (${path}).`, [{ path, message: `line ${lineNo} is not valid JSON` }]);
    }
    if (!header) {
      if (typeof value === "object" && value && ("records" in value || "counts" in value))
        throw badRequest("The first line is the audit header without records or counts; send the records one a line after it.", [
          { path: "header", message: "must not hold records or counts" },
        ]);
      const h = BiasAuditHeader.safeParse(value);
      if (!h.success) throw invalid(prefixed(zodDetails(h.error), "header"), "The header (line 1)");
      header = h.data;
      folder = new CountFolder(header.sensitiveAttributes, header.positiveLabel, header.intersections);
      return;
    }
    if (index >= maxRecords) throw tooMany(maxRecords, "records", "split the audit, or send counts per group.");
    const c = checkRecord(value, path);
    if (!c.ok)
      throw invalid(
        c.details.map((d) => ({ ...d, message: `${d.message} (line ${lineNo})` })),
        `Record ${index} (line ${lineNo})`,
      );
    (folder as CountFolder).addRecord(c.record, path);
    index++;
  };

  let bytes = 0;
  let turn = performance.now();
  try {
    for await (const chunk of chunks) {
      // A body that has arrived already comes as chunks whose reads resolve at once: without a turn of the event loop
      // now and then, ten megabytes would be folded before the server answered anyone else (/api/health waited 1.1 s).
      if (performance.now() - turn > 20) {
        await new Promise((r) => setImmediate(r));
        turn = performance.now();
      }
      bytes += chunk.byteLength;
      // Newlines are looked for in the new text only, so a long line arriving in many small chunks is not scanned
      // again with each one.
      const piece = decoder.decode(chunk, { stream: true });
      let start = 0;
      for (let nl = piece.indexOf("\n"); nl !== -1; nl = piece.indexOf("\n", start)) {
        const line = rest + piece.slice(start, nl);
        rest = "";
        onLine(line.endsWith("\r") ? line.slice(0, -1) : line);
        start = nl + 1;
      }
      rest += piece.slice(start);
      if (bytes > ndjsonByteLimit(index)) throw tooLarge();
      if (rest.length > MAX_LINE_CHARS)
        throw badRequest(`Line ${lineNo + 1} is longer than ${MAX_LINE_CHARS} characters; send one record a line.`, [
          { path: header ? `records[${index}]` : "header", message: "line too long" },
        ]);
    }
    rest += decoder.decode();
  } catch (e) {
    if (e instanceof TypeError && /encod|decod/i.test(e.message))
      throw badRequest("The body is not valid UTF-8.", [{ path: "body", message: "is not UTF-8" }]);
    throw e;
  }
  if (rest.length) onLine(rest.endsWith("\r") ? rest.slice(0, -1) : rest);
  if (!header || !folder)
    throw badRequest("The body is empty: send the audit header on the first line, then a record a line.", [
      { path: "header", message: "is missing" },
    ]);
  if (index === 0) throw badRequest("No records followed the header.", [{ path: "records", message: "is empty" }]);
  return { header, folded: (folder as CountFolder).result(), source: "ndjson" };
}
