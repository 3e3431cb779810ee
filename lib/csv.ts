/**
 * One cell of a CSV file (RFC 4180: quoted when it holds a quote, comma or line break, quotes doubled), with anything a
 * spreadsheet would run as a formula (a leading =, +, -, @, tab or CR) neutralised by a leading '. Objects are written
 * as JSON. Pure: the audit export, the bias audit's group table and the dashboards' CSV downloads use it alike.
 */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? "" : typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
