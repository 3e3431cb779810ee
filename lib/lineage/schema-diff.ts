/** The difference between two schema facets of one dataset, pure. Nested fields are compared by dotted path. */
import type { SchemaField } from "./fold";

export type SchemaDiff = {
  added: { name: string; type: string | null }[];
  removed: { name: string; type: string | null }[];
  renamed: { from: string; to: string; type: string | null }[];
  retyped: { name: string; from: string | null; to: string | null }[];
};

function flatten(fields: SchemaField[], prefix = ""): { name: string; type: string | null }[] {
  return fields.flatMap((f) => [
    { name: prefix + f.name, type: f.type ?? null },
    ...(f.fields ? flatten(f.fields, `${prefix}${f.name}.`) : []),
  ]);
}

/**
 * Added, removed and retyped columns by name. A removed and an added column of the same type at the same position
 * (among the columns of their own schema) are taken as a rename.
 */
export function diffSchemas(before: SchemaField[], after: SchemaField[]): SchemaDiff {
  const a = flatten(before);
  const b = flatten(after);
  const aBy = new Map(a.map((f, i) => [f.name, { ...f, i }]));
  const bBy = new Map(b.map((f, i) => [f.name, { ...f, i }]));
  let removed = a.map((f, i) => ({ ...f, i })).filter((f) => !bBy.has(f.name));
  let added = b.map((f, i) => ({ ...f, i })).filter((f) => !aBy.has(f.name));
  const renamed: SchemaDiff["renamed"] = [];
  for (const r of removed) {
    const m = added.find((x) => x.i === r.i && x.type === r.type);
    if (m) {
      renamed.push({ from: r.name, to: m.name, type: r.type });
      added = added.filter((x) => x !== m);
      removed = removed.filter((x) => x !== r);
    }
  }
  const retyped = b
    .filter((f) => aBy.has(f.name) && aBy.get(f.name)?.type !== f.type)
    .map((f) => ({ name: f.name, from: aBy.get(f.name)?.type ?? null, to: f.type }));
  const strip = (xs: { name: string; type: string | null }[]) => xs.map(({ name, type }) => ({ name, type }));
  return { added: strip(added), removed: strip(removed), renamed, retyped };
}

export function isEmptyDiff(d: SchemaDiff): boolean {
  return !d.added.length && !d.removed.length && !d.renamed.length && !d.retyped.length;
}

/** "added age (INT); renamed zip → postcode; customer_id INT → BIGINT" */
export function describeDiff(d: SchemaDiff): string {
  const t = (x: string | null) => (x ? ` (${x})` : "");
  return [
    ...d.added.map((f) => `added ${f.name}${t(f.type)}`),
    ...d.removed.map((f) => `removed ${f.name}${t(f.type)}`),
    ...d.renamed.map((f) => `renamed ${f.from} → ${f.to}`),
    ...d.retyped.map((f) => `${f.name} ${f.from ?? "?"} → ${f.to ?? "?"}`),
  ].join("; ");
}
