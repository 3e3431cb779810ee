// Reading the files the CLI sends: streamed in chunks, so a file of millions of predictions takes little memory.

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { CliError, EXIT } from "./http.mjs";

/** The file's size, or a CliError saying it cannot be read. @param {string} file */
export async function sizeOf(file) {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new CliError(`${file} is not a file.`, { exit: EXIT.usage });
    return s.size;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Cannot read ${file}: ${/** @type {any} */ (e).code ?? /** @type {Error} */ (e).message}.`, { exit: EXIT.usage });
  }
}

/** SHA-256 of the file's bytes, read as a stream. @param {string} file */
export async function digestOf(file) {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk);
  return h.digest("hex");
}

/**
 * Progress on stderr while a file is read: a line at each tenth when stderr is not a terminal (CI logs), a line
 * rewritten in place when it is. Silent with `quiet`.
 */
export class Progress {
  /** @param {string} label @param {number} total bytes @param {boolean} quiet */
  constructor(label, total, quiet) {
    this.label = label;
    this.total = total;
    this.quiet = quiet;
    this.tty = Boolean(process.stderr.isTTY);
    this.lastTenth = -1;
    this.lastDraw = 0;
  }
  /** @param {number} bytes @param {number} records */
  update(bytes, records) {
    if (this.quiet) return;
    const pct = this.total > 0 ? Math.min(100, Math.floor((bytes / this.total) * 100)) : 100;
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < 200) return;
      this.lastDraw = now;
      process.stderr.write(`\r${this.line(pct, bytes, records)}`);
      return;
    }
    // Each tenth once, below 100%: the last line, with every record counted, is done()'s.
    const tenth = Math.floor(pct / 10);
    if (tenth === this.lastTenth || pct >= 100) return;
    this.lastTenth = tenth;
    process.stderr.write(`${this.line(pct, bytes, records)}\n`);
  }
  /** @param {number} records */
  done(records) {
    if (this.quiet) return;
    process.stderr.write(`${this.tty ? "\r" : ""}${this.line(100, this.total, records)}\n`);
  }
  /** @param {number} pct @param {number} bytes @param {number} records */
  line(pct, bytes, records) {
    return `${this.label}: ${pct}% (${mb(bytes)} of ${mb(this.total)}, ${records.toLocaleString("en-US")} records)`;
  }
}

const mb = (/** @type {number} */ n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * The file's lines (without their ends), with the bytes read so far; a line longer than `maxLine` characters is
 * refused rather than held.
 * @param {string} file @param {number} [maxLine]
 * @returns {AsyncGenerator<{ line: string, bytes: number, lineNo: number }>}
 */
export async function* linesOf(file, maxLine = 1 << 22) {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let rest = "";
  let bytes = 0;
  let lineNo = 0;
  for await (const chunk of createReadStream(file)) {
    bytes += chunk.length;
    let text;
    try {
      text = rest + decoder.decode(chunk, { stream: true });
    } catch {
      throw new CliError(`${file} is not UTF-8 text.`, { exit: EXIT.usage });
    }
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl !== -1; nl = text.indexOf("\n", start)) {
      lineNo++;
      yield { line: text.slice(start, nl).replace(/\r$/, ""), bytes, lineNo };
      start = nl + 1;
    }
    rest = text.slice(start);
    if (rest.length > maxLine)
      throw new CliError(`${file}: line ${lineNo + 1} is longer than ${maxLine} characters.`, { exit: EXIT.usage });
  }
  rest += decoder.decode();
  if (rest.length) yield { line: rest.replace(/\r$/, ""), bytes, lineNo: lineNo + 1 };
}

/**
 * CSV rows (RFC 4180: quoted fields with "" for a quote and line breaks inside quotes), read as a stream. A state
 * machine over characters, so a quote or a CRLF split between two chunks reads the same as in one.
 * @param {string} file
 * @returns {AsyncGenerator<{ row: string[], bytes: number, rowNo: number }>}
 */
export async function* csvRows(file) {
  const START = 0,
    PLAIN = 1,
    QUOTED = 2,
    QUOTE = 3; // QUOTE: a quote seen inside a quoted field
  const MAX_FIELD = 1 << 20;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  /** @type {string[]} */
  let row = [];
  let field = "";
  let state = START;
  let skipLf = false;
  let bytes = 0;
  let rowNo = 0;
  for await (const chunk of createReadStream(file)) {
    bytes += chunk.length;
    let text;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      throw new CliError(`${file} is not UTF-8 text.`, { exit: EXIT.usage });
    }
    /** @type {{ row: string[], bytes: number, rowNo: number }[]} */
    const out = [];
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      const lf = skipLf && c === "\n";
      skipLf = false;
      if (lf) continue;
      if (state === QUOTED) {
        if (c === '"') state = QUOTE;
        else field += c;
      } else if (state === QUOTE && c === '"') {
        field += '"';
        state = QUOTED;
      } else if (c === '"' && state === START) {
        state = QUOTED;
      } else if (c === ",") {
        row.push(field);
        field = "";
        state = START;
      } else if (c === "\n" || c === "\r") {
        skipLf = c === "\r";
        row.push(field);
        rowNo++;
        if (!(row.length === 1 && row[0] === "")) out.push({ row, bytes, rowNo });
        row = [];
        field = "";
        state = START;
      } else {
        field += c;
        state = PLAIN;
      }
      if (field.length > MAX_FIELD)
        throw new CliError(`${file}: a field of row ${rowNo + 1} is longer than ${MAX_FIELD} characters.`, { exit: EXIT.usage });
    }
    for (const r of out) yield r;
  }
  if (state === QUOTED) throw new CliError(`${file}: a quoted field of row ${rowNo + 1} is never closed.`, { exit: EXIT.usage });
  if (field.length || row.length) {
    row.push(field);
    yield { row, bytes, rowNo: rowNo + 1 };
  }
}
