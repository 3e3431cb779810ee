/**
 * Model Card Toolkit cards as the toolkit writes them, read before the schema check, pure. The toolkit's schema marks
 * version dates as `format: date` and links as `format: uri` but never enforces either, and its own test cards carry
 * `08/28/2020`, `2020/02/02` and `path/to/train`; schema 0.0.1 cards are still around too. So, with a warning naming
 * the JSON path each time:
 * - a 0.0.1 card is upgraded to 0.0.2 the way the toolkit's `json_utils.update` does it (Apache-2.0,
 *   tensorflow/model-card-toolkit, model_card_toolkit/utils/json_utils.py), and metric values and confidence bounds
 *   given as numbers become the strings 0.0.2 stores;
 * - a date that reads one way only becomes YYYY-MM-DD (year first with `/` or `.`; day and month either way round
 *   when one of them is over 12, or both equal); one that could be read two ways, or not at all, is kept as written;
 * - a link or reference that is not an absolute URI is kept as written.
 * What the card has no field for (a date kept as written, datasets with a relative link) travels in the nearest
 * section's text, as every unmapped MCT field does (mct.ts).
 */
import type { ErrorDetail } from "../errors";
import { isFullDate, isUri } from "./uri";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const pad = (n: number) => String(n).padStart(2, "0");

export type DateReading = { iso: string } | { ambiguous: [string, string] } | null;

/** A written date read as YYYY-MM-DD when it reads one way only; both readings when it could be either; else null. */
export function readDate(s: string): DateReading {
  const t = s.trim();
  if (isFullDate(t)) return { iso: t };
  // An RFC 3339 date-time: its date.
  const stamp = /^(\d{4}-\d{2}-\d{2})[Tt ]\d{2}:\d{2}/.exec(t);
  if (stamp && isFullDate(stamp[1])) return { iso: stamp[1] };
  const ymd = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/.exec(t);
  if (ymd) {
    const iso = `${ymd[1]}-${pad(Number(ymd[2]))}-${pad(Number(ymd[3]))}`;
    return isFullDate(iso) ? { iso } : null;
  }
  const xy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!xy) return null;
  const [a, b, y] = [Number(xy[1]), Number(xy[2]), xy[3]];
  const monthFirst = `${y}-${pad(a)}-${pad(b)}`;
  const dayFirst = `${y}-${pad(b)}-${pad(a)}`;
  const readings = [...new Set([monthFirst, dayFirst].filter(isFullDate))];
  if (readings.length === 1) return { iso: readings[0] };
  if (readings.length === 2) return { ambiguous: [monthFirst, dayFirst] };
  return null;
}

/** The toolkit's 0.0.1 → 0.0.2 update (json_utils._update_from_v1_to_v2), on a copy. */
function upgradeV1(card: Obj): Obj {
  const out: Obj = { ...card, schema_version: "0.0.2" };
  if (isObj(card.model_details)) {
    const md: Obj = { ...card.model_details };
    if (md.license) md.licenses = [{ custom_text: md.license }];
    delete md.license;
    if (Array.isArray(md.references)) md.references = md.references.map((r) => (typeof r === "string" ? { reference: r } : r));
    if (md.citation) md.citations = [{ citation: md.citation }];
    delete md.citation;
    out.model_details = md;
  }
  if (isObj(card.model_parameters) && isObj(card.model_parameters.data)) {
    const old = card.model_parameters.data;
    const data: Obj[] = [];
    if (isObj(old.train)) data.push({ name: "Training Set", ...old.train });
    if (isObj(old.eval)) data.push({ name: "Validation Set", ...old.eval });
    out.model_parameters = { ...card.model_parameters, data };
  }
  if (isObj(card.considerations)) {
    const c: Obj = { ...card.considerations };
    for (const k of ["use_cases", "users", "limitations", "tradeoffs"])
      if (Array.isArray(c[k])) c[k] = (c[k] as unknown[]).map((d) => (typeof d === "string" ? { description: d } : d));
    out.considerations = c;
  }
  return out;
}

/**
 * The card made ready for MctImportCard, and what was read leniently. Anything that is not an object, or fields of
 * the wrong type other than those named above, are left for the schema check to refuse as before.
 */
export function lenientMct(input: unknown): { card: unknown; warnings: ErrorDetail[] } {
  if (!isObj(input)) return { card: input, warnings: [] };
  const warnings: ErrorDetail[] = [];
  let card: Obj = input;
  if (input.schema_version === "0.0.1") {
    card = upgradeV1(input);
    warnings.push({
      path: "schema_version",
      message: "is 0.0.1; the card was upgraded to 0.0.2 the way the toolkit's json_utils.update does",
    });
  }
  const md = isObj(card.model_details) ? card.model_details : undefined;
  const version = md && isObj(md.version) ? md.version : undefined;
  if (version && typeof version.date === "string" && !isFullDate(version.date)) {
    const path = "model_details.version.date";
    const read = readDate(version.date);
    if (read && "iso" in read) {
      card = { ...card, model_details: { ...md, version: { ...version, date: read.iso } } };
      warnings.push({ path, message: `"${version.date}" is not written YYYY-MM-DD; read as ${read.iso}` });
    } else if (read) {
      warnings.push({
        path,
        message: `"${version.date}" could be ${read.ambiguous[0]} or ${read.ambiguous[1]}; kept as written in the model details text`,
      });
    } else {
      warnings.push({ path, message: `"${version.date}" is not a date Steward can read; kept as written in the model details text` });
    }
  }
  if (md && Array.isArray(md.references))
    md.references.forEach((r, i) => {
      if (isObj(r) && typeof r.reference === "string" && !isUri(r.reference))
        warnings.push({
          path: `model_details.references[${i}].reference`,
          message: `"${r.reference}" is not an absolute URI; kept as written in the model details text`,
        });
    });
  const mp = isObj(card.model_parameters) ? card.model_parameters : undefined;
  if (mp && Array.isArray(mp.data))
    mp.data.forEach((d, i) => {
      if (isObj(d) && typeof d.link === "string" && !isUri(d.link))
        warnings.push({
          path: `model_parameters.data[${i}].link`,
          message: `"${d.link}" is a relative link, not an absolute URI; kept as written in the training data text`,
        });
    });
  const qa = isObj(card.quantitative_analysis) ? card.quantitative_analysis : undefined;
  if (qa && Array.isArray(qa.performance_metrics)) {
    const metrics = qa.performance_metrics.map((m, i) => {
      if (!isObj(m)) return m;
      const out: Obj = { ...m };
      const asString = (v: unknown, path: string) => {
        if (typeof v !== "number" || !Number.isFinite(v)) return v;
        warnings.push({ path, message: `is the number ${v}; kept as the string "${String(v)}", as schema 0.0.2 stores metric values` });
        return String(v);
      };
      out.value = asString(m.value, `quantitative_analysis.performance_metrics[${i}].value`);
      if (out.value === undefined) delete out.value;
      if (isObj(m.confidence_interval)) {
        const ci = m.confidence_interval;
        const bounds: Obj = { ...ci };
        for (const b of ["lower_bound", "upper_bound"])
          if (b in ci) bounds[b] = asString(ci[b], `quantitative_analysis.performance_metrics[${i}].confidence_interval.${b}`);
        out.confidence_interval = bounds;
      }
      return out;
    });
    card = { ...card, quantitative_analysis: { ...qa, performance_metrics: metrics } };
  }
  return { card, warnings };
}
