// What a backup holds, counted the same way on both stores: rows table by table (every table of the public schema and
// drizzle's migration journal), the audit trail's length and head. Written into the backup's manifest and counted
// again after a restore, so a restore that lost rows says so.

/** Runs one SQL text and returns its rows: a pg Client's query or a PGlite's. */
export type Query = <T>(text: string) => Promise<T[]>;

export type StoreStats = {
  tables: Record<string, number>;
  auditEntries: number;
  auditHead: { seq: number; hash: string } | null;
  migrations: number;
};

const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;

/** Every base table of the public schema and drizzle's journal, as schema.table, sorted. */
export async function listTables(q: Query): Promise<string[]> {
  const rows = await q<{ s: string; t: string }>(
    `select table_schema as s, table_name as t from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in ('public', 'drizzle') order by 1, 2`,
  );
  return rows.map((r) => `${r.s}.${r.t}`);
}

export async function storeStats(q: Query): Promise<StoreStats> {
  const tables: Record<string, number> = Object.create(null);
  for (const name of await listTables(q)) {
    const [schema, table] = name.split(".");
    const [r] = await q<{ n: number | string }>(`select count(*) as n from ${quote(schema)}.${quote(table)}`);
    tables[name] = Number(r.n);
  }
  const hasAudit = "public.audit_log" in tables;
  const [head] = hasAudit
    ? await q<{ seq: number | string; hash: string }>("select seq, hash from audit_log order by seq desc limit 1")
    : [];
  return {
    tables,
    auditEntries: tables["public.audit_log"] ?? 0,
    auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null,
    migrations: tables["drizzle.__drizzle_migrations"] ?? 0,
  };
}

/** The tables whose row counts differ between two stats (a table missing on one side counts as -1 rows there). */
export function countDifferences(expected: StoreStats, actual: StoreStats): string[] {
  const names = new Set([...Object.keys(expected.tables), ...Object.keys(actual.tables)]);
  const out: string[] = [];
  for (const n of [...names].sort()) {
    // A manifest is read from a file: only its own keys count (never "constructor" from the prototype).
    const a = Object.hasOwn(expected.tables, n) ? Number(expected.tables[n]) : -1;
    const b = Object.hasOwn(actual.tables, n) ? actual.tables[n] : -1;
    if (a !== b) out.push(`${n}: ${a < 0 ? "missing" : a} in the backup, ${b < 0 ? "missing" : b} restored`);
  }
  return out;
}
