/**
 * A Postgres array literal of scalars (strings quoted and escaped, null as NULL), to pass one column of many rows as
 * one parameter and `unnest` it: cheaper for the server to parse than the same rows as jsonb records.
 */
export const pgArray = (xs: readonly (string | number | null | undefined)[]) =>
  `{${xs.map((x) => (x === null || x === undefined ? "NULL" : typeof x === "number" ? String(x) : `"${x.replace(/[\\"]/g, "\\$&")}"`)).join(",")}}`;
