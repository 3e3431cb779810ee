// card push, audit push, lineage push: files sent as the API takes them.
import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { csvRows, digestOf, linesOf, Progress, sizeOf } from "./files.mjs";
import { CliError, EXIT, seg, sha256 } from "./http.mjs";
import { pairs } from "./inventory.mjs";

/** @typedef {import("./main.mjs").Ctx} Ctx */

/** The nine sections of Steward's own card JSON; a JSON card naming none of them is read as Model Card Toolkit JSON. */
const SECTIONS = [
  "modelDetails",
  "intendedUse",
  "factors",
  "metrics",
  "evaluationData",
  "trainingData",
  "quantitativeAnalyses",
  "ethicalConsiderations",
  "caveatsAndRecommendations",
];

/** Steward card JSON → PUT card; Model Card Toolkit JSON or a Hugging Face README → POST card/import. */
export async function cardPush(/** @type {Ctx} */ ctx) {
  const [model, version, file] = ctx.need(3, "card push MODEL VERSION FILE");
  await sizeOf(file);
  const text = await readFile(file, "utf8");
  const ext = extname(file).toLowerCase();
  let format = ctx.opts.format ?? (ext === ".md" || ext === ".markdown" ? "huggingface" : "");
  const base = `/api/v1/models/${seg(model)}/versions/${seg(version)}/card`;
  if (format === "huggingface") {
    const r = await ctx.api.request("POST", `${base}/import`, { text, contentType: "text/markdown" });
    return ctx.out(
      r.body,
      `Imported ${basename(file)} (Hugging Face model card) as revision ${r.body.revision} of ${model} ${version}'s card; completeness ${r.body.completeness}%.`,
    );
  }
  let card;
  try {
    card = JSON.parse(text);
  } catch (e) {
    throw new CliError(
      `${file} is neither JSON (${/** @type {Error} */ (e).message}) nor Markdown (.md): say --format huggingface for a README.`,
      { exit: EXIT.usage },
    );
  }
  if (!format) format = card && typeof card === "object" && SECTIONS.some((s) => s in card) ? "steward" : "mct";
  if (format === "steward") {
    const r = await ctx.api.request("PUT", base, { json: card });
    return ctx.out(
      r.body,
      `Saved ${basename(file)} as revision ${r.body.revision} of ${model} ${version}'s card; completeness ${r.body.completeness}%.`,
    );
  }
  if (format !== "mct") throw new CliError(`--format is steward, mct or huggingface; got ${JSON.stringify(format)}.`, { exit: EXIT.usage });
  const r = await ctx.api.request("POST", `${base}/import`, { text, contentType: "application/json" });
  ctx.out(
    r.body,
    `Imported ${basename(file)} (Model Card Toolkit) as revision ${r.body.revision} of ${model} ${version}'s card; completeness ${r.body.completeness}%.`,
  );
}

/** "1" → 1, "true" → true, other text as it is: labels and predictions as a CSV writes them. */
export function labelOf(/** @type {string} */ s) {
  const t = s.trim();
  if (t === "true" || t === "false") return t === "true";
  const n = Number(t);
  return t !== "" && Number.isFinite(n) ? n : s;
}

/**
 * Predictions (CSV with a header row, or NDJSON) streamed to the bias-audit endpoint as application/x-ndjson: the audit
 * header, then one record a line. Columns: --label-column (label), --prediction-column (prediction), --score-column
 * (score, optional) and each --attribute. An NDJSON line already shaped as a record ({label, prediction, attributes})
 * is sent as it is.
 */
export async function auditPush(/** @type {Ctx} */ ctx) {
  const [model, version, file] = ctx.need(3, "audit push MODEL VERSION FILE");
  const o = ctx.opts;
  const size = await sizeOf(file);
  const attributes = o.attribute ?? [];
  if (!attributes.length)
    throw new CliError("audit push needs at least one --attribute COLUMN (a sensitive attribute).", { exit: EXIT.usage });
  const ext = extname(file).toLowerCase();
  const format = o.format ?? (ext === ".csv" ? "csv" : ext === ".ndjson" || ext === ".jsonl" ? "ndjson" : "");
  if (format !== "csv" && format !== "ndjson")
    throw new CliError(`Cannot tell the format of ${file}: name it .csv or .ndjson, or say --format csv|ndjson.`, { exit: EXIT.usage });
  const name = o.name ?? basename(file, ext);
  const header = {
    name,
    dataset: o.dataset ?? name,
    sensitiveAttributes: attributes,
    ...(o.reference?.length ? { referenceGroups: pairs(o.reference, "--reference", (v) => v) } : {}),
    ...(o["positive-label"] !== undefined ? { positiveLabel: labelOf(o["positive-label"]) } : {}),
  };
  const cols = {
    label: o["label-column"] ?? "label",
    prediction: o["prediction-column"] ?? "prediction",
    score: o["score-column"] ?? "score",
  };
  const headerLine = JSON.stringify(header);
  // The body is a function of the file and these options: its digest keys the write before a byte is sent.
  const digest = sha256(`${headerLine}\n${format}\n${JSON.stringify(cols)}\n${await digestOf(file)}`);
  const progress = new Progress(`audit push ${basename(file)}`, size, ctx.quiet);
  let records = 0;

  /** @param {Record<string, unknown>} r @param {string} where */
  const fromColumns = (r, where) => {
    /** @type {Record<string, unknown>} */
    const attrs = Object.create(null);
    for (const a of attributes) {
      if (!(a in r)) throw new CliError(`${where} has no ${JSON.stringify(a)} column (an --attribute).`, { exit: EXIT.usage });
      attrs[a] = r[a];
    }
    for (const k of [cols.label, cols.prediction])
      if (!(k in r)) throw new CliError(`${where} has no ${JSON.stringify(k)} column.`, { exit: EXIT.usage });
    const score = r[cols.score];
    const rec = { label: r[cols.label], prediction: r[cols.prediction], attributes: attrs };
    return score === undefined || score === "" || score === null
      ? rec
      : { ...rec, score: typeof score === "string" ? Number(score) : score };
  };

  async function* records_() {
    if (format === "csv") {
      /** @type {string[] | null} */
      let head = null;
      for await (const { row, bytes, rowNo } of csvRows(file)) {
        if (!head) {
          head = row.map((h) => h.trim());
          continue;
        }
        /** @type {Record<string, unknown>} */
        const r = Object.create(null);
        head.forEach((h, i) => {
          const v = row[i] ?? "";
          r[h] = h === cols.label || h === cols.prediction ? labelOf(v) : v;
        });
        records++;
        progress.update(bytes, records);
        yield fromColumns(r, `${basename(file)} row ${rowNo}`);
      }
      return;
    }
    for await (const { line, bytes, lineNo } of linesOf(file)) {
      if (!line.trim()) continue;
      let v;
      try {
        v = JSON.parse(line);
      } catch (e) {
        throw new CliError(`${basename(file)} line ${lineNo} is not JSON: ${/** @type {Error} */ (e).message}.`, { exit: EXIT.usage });
      }
      records++;
      progress.update(bytes, records);
      yield v && typeof v === "object" && "attributes" in v ? v : fromColumns(v, `${basename(file)} line ${lineNo}`);
    }
  }

  async function* body() {
    const enc = new TextEncoder();
    let buf = `${headerLine}\n`;
    for await (const r of records_()) {
      buf += `${JSON.stringify(r)}\n`;
      if (buf.length >= 256 * 1024) {
        yield enc.encode(buf);
        buf = "";
      }
    }
    if (buf) yield enc.encode(buf);
    progress.done(records);
  }

  const r = await ctx.api.request("POST", `/api/v1/models/${seg(model)}/versions/${seg(version)}/bias-audits`, {
    stream: { body: body(), digest, contentType: "application/x-ndjson" },
  });
  ctx.out(
    r.body,
    `Bias audit ${r.body.id} of ${model} ${version}: ${records.toLocaleString("en-US")} records, ${r.body.passed ? "passed" : "failed"}.`,
  );
}

/** OpenLineage events: a JSON event or array, or NDJSON (one event a line), posted in batches of --batch (500). */
export async function lineagePush(/** @type {Ctx} */ ctx) {
  const [file] = ctx.need(1, "lineage push FILE");
  await sizeOf(file);
  const batchSize = Math.max(1, Math.min(5000, Number(ctx.opts.batch ?? 500) || 500));
  const text = await readFile(file, "utf8");
  /** @type {unknown[]} */
  let events;
  const trimmed = text.trimStart();
  try {
    if (trimmed.startsWith("[")) events = JSON.parse(text);
    else {
      events = [];
      let lineNo = 0;
      for (const line of text.split("\n")) {
        lineNo++;
        if (!line.trim()) continue;
        try {
          events.push(JSON.parse(line));
        } catch (e) {
          // One event spread over several lines: the whole file is one JSON value.
          if (lineNo === 1) {
            events = [JSON.parse(text)];
            break;
          }
          throw e;
        }
      }
    }
  } catch (e) {
    throw new CliError(`${file} is not JSON or NDJSON: ${/** @type {Error} */ (e).message}.`, { exit: EXIT.usage });
  }
  let accepted = 0;
  for (let i = 0; i < events.length; i += batchSize) {
    const batch = events.slice(i, i + batchSize);
    try {
      const r = await ctx.api.request("POST", "/api/v1/lineage", { json: batch });
      accepted += r.body?.accepted ?? batch.length;
    } catch (e) {
      if (e instanceof CliError && events.length > batchSize)
        e.message = `Events ${i + 1}–${i + batch.length} of ${events.length} were refused (the ${i} before them are stored; the request numbers events from 0):\n${e.message}`;
      throw e;
    }
    if (!ctx.quiet && events.length > batchSize)
      process.stderr.write(`lineage push: ${Math.min(i + batchSize, events.length)} of ${events.length} events\n`);
  }
  ctx.out({ accepted }, `Sent ${accepted} lineage event${accepted === 1 ? "" : "s"}.`);
}
