import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/**
 * `expr in (the list)` with the whole list as one jsonb parameter, for the query builder's `where`: lists of any length
 * (inArray binds one parameter per item, and a statement takes at most 65,535). `uuid` and `int` cast each item for such columns.
 */
export function inList(expr: SQLWrapper, items: readonly (string | number)[], as: "text" | "uuid" | "int" = "text"): SQL {
  const list = sql`jsonb_array_elements_text(${JSON.stringify(items)}::jsonb)`;
  return as === "text" ? sql`${expr} in (select ${list})` : sql`${expr} in (select (${list})::${sql.raw(as)})`;
}
