/** The file's size, or a CliError saying it cannot be read. @param {string} file */
export function sizeOf(file: string): Promise<number>;
/** SHA-256 of the file's bytes, read as a stream. @param {string} file */
export function digestOf(file: string): Promise<string>;
/**
 * The file's lines (without their ends), with the bytes read so far; a line longer than `maxLine` characters is
 * refused rather than held.
 * @param {string} file @param {number} [maxLine]
 * @returns {AsyncGenerator<{ line: string, bytes: number, lineNo: number }>}
 */
export function linesOf(file: string, maxLine?: number): AsyncGenerator<{
    line: string;
    bytes: number;
    lineNo: number;
}>;
/**
 * CSV rows (RFC 4180: quoted fields with "" for a quote and line breaks inside quotes), read as a stream. A state
 * machine over characters, so a quote or a CRLF split between two chunks reads the same as in one.
 * @param {string} file
 * @returns {AsyncGenerator<{ row: string[], bytes: number, rowNo: number }>}
 */
export function csvRows(file: string): AsyncGenerator<{
    row: string[];
    bytes: number;
    rowNo: number;
}>;
/**
 * Progress on stderr while a file is read: a line at each tenth when stderr is not a terminal (CI logs), a line
 * rewritten in place when it is. Silent with `quiet`.
 */
export class Progress {
    /** @param {string} label @param {number} total bytes @param {boolean} quiet */
    constructor(label: string, total: number, quiet: boolean);
    label: string;
    total: number;
    quiet: boolean;
    tty: boolean;
    lastTenth: number;
    lastDraw: number;
    /** @param {number} bytes @param {number} records */
    update(bytes: number, records: number): void;
    /** @param {number} records */
    done(records: number): void;
    /** @param {number} pct @param {number} bytes @param {number} records */
    line(pct: number, bytes: number, records: number): string;
}
