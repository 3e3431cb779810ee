import { refName, type Schema, schemaAnchor } from "./types";

/** A short type label: `string (date-time)`, `User[]`, `"low" | "high"`, `string | null`. */
export function TypeLabel({ s }: { s: Schema }) {
  if (s.$ref) {
    const n = refName(s.$ref);
    return (
      <a href={`#${schemaAnchor(n)}`} className="text-brand underline">
        {n}
      </a>
    );
  }
  if (s.enum) return <span>{s.enum.map((v) => JSON.stringify(v)).join(" | ")}</span>;
  if (s.const !== undefined) return <span>{JSON.stringify(s.const)}</span>;
  const variants = s.anyOf ?? s.oneOf;
  if (variants)
    return (
      <>
        {variants.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: variants have no identity but their place
          <span key={i}>
            {i > 0 && " | "}
            <TypeLabel s={v} />
          </span>
        ))}
      </>
    );
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes("array") && s.items) {
    const i = s.items;
    const union = (i.enum?.length ?? 0) > 1 || (i.anyOf ?? i.oneOf ?? []).length > 1 || (Array.isArray(i.type) && i.type.length > 1);
    return (
      <>
        {union && "("}
        <TypeLabel s={i} />
        {union && ")"}[]{types.includes("null") ? " | null" : ""}
      </>
    );
  }
  const base = types.length ? types.join(" | ") : "any";
  return <span>{s.format ? `${base} (${s.format})` : base}</span>;
}

function notes(s: Schema): string[] {
  const n: string[] = [];
  if (s.description) n.push(s.description);
  if (s.minLength !== undefined && s.maxLength !== undefined) n.push(`${s.minLength}–${s.maxLength} characters`);
  else if (s.minLength !== undefined) n.push(`at least ${s.minLength} characters`);
  else if (s.maxLength !== undefined) n.push(`at most ${s.maxLength} characters`);
  if (s.minimum !== undefined) n.push(`≥ ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) n.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined) n.push(`≤ ${s.maximum}`);
  if (s.exclusiveMaximum !== undefined) n.push(`< ${s.exclusiveMaximum}`);
  if (s.minItems !== undefined) n.push(`at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`);
  if (s.maxItems !== undefined) n.push(`at most ${s.maxItems} items`);
  if (s.pattern) n.push(`matches ${s.pattern}`);
  if (s.default !== undefined) n.push(`default ${JSON.stringify(s.default)}`);
  const item = s.items;
  if (item && !item.$ref && (item.minLength !== undefined || item.maxLength !== undefined || item.pattern))
    n.push(...notes(item).map((x) => `each ${x}`));
  return n;
}

type Row = { path: string; label: string; s: Schema; required: boolean; depth: number };

/**
 * Properties flattened, nested objects to a few levels: a nested field is shown indented under its parent
 * as `.seq`, or `[].name` for the objects of an array, with its full path (`head.seq`) kept for its key and title.
 */
function rows(s: Schema, prefix = "", depth = 0, out: Row[] = [], inArray = false): Row[] {
  const props = s.properties ?? {};
  for (const [k, p] of Object.entries(props)) {
    const path = prefix ? `${prefix}${inArray ? "[]" : ""}.${k}` : k;
    const label = depth === 0 ? k : `${inArray ? "[]" : ""}.${k}`;
    out.push({ path, label, s: p, required: s.required?.includes(k) ?? false, depth });
    if (depth < 3 && p.properties) rows(p, path, depth + 1, out);
    if (depth < 3 && p.items?.properties) rows(p.items, path, depth + 1, out, true);
  }
  return out;
}

/** A JSON schema as a compact table of fields; references link to the schema's own section. */
export function SchemaView({ schema, components }: { schema: Schema; components: Record<string, Schema> }) {
  if (schema.$ref) {
    const name = refName(schema.$ref);
    const target = components[name];
    return (
      <div>
        <p className="mb-1 text-sm">
          <TypeLabel s={schema} />
        </p>
        {target && <SchemaBody schema={target} />}
      </div>
    );
  }
  return <SchemaBody schema={schema} />;
}

export function SchemaBody({ schema }: { schema: Schema }) {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants)
    return (
      <div className="space-y-2">
        <p className="text-sm text-muted">One of:</p>
        {variants.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: variants have no identity but their place
          <div key={i} className="border-l-2 border-line pl-3">
            <SchemaBody schema={v} />
          </div>
        ))}
      </div>
    );
  if (schema.items && !schema.properties)
    return (
      <div className="text-sm">
        <p>
          An array of <TypeLabel s={schema.items} />.
        </p>
        {schema.items.properties && <SchemaBody schema={schema.items} />}
      </div>
    );
  const list = rows(schema);
  if (!list.length)
    return (
      <p className="text-sm">
        <TypeLabel s={schema} />
        {notes(schema).length ? <span className="text-muted"> — {notes(schema).join("; ")}</span> : null}
      </p>
    );
  return (
    <div>
      <table className="w-full text-left text-sm">
        <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
          <tr>
            <th scope="col" className="py-1.5 pr-3">
              Field
            </th>
            <th scope="col" className="py-1.5 pr-3">
              Type
            </th>
            <th scope="col" className="hidden py-1.5 sm:table-cell">
              Notes
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.path} className="border-b border-line last:border-0">
              <td
                className="whitespace-nowrap py-1.5 pr-3 align-top font-mono text-xs"
                style={{ paddingLeft: `${r.depth * 0.75}rem` }}
                title={r.path}
              >
                {r.label}
                {r.required && (
                  <span className="ml-1 font-sans text-bad" title="required">
                    *<span className="sr-only"> (required)</span>
                  </span>
                )}
              </td>
              <td className="py-1.5 pr-3 align-top font-mono text-xs [overflow-wrap:anywhere]">
                <TypeLabel s={r.s} />
                {notes(r.s).length > 0 && <div className="mt-0.5 font-sans text-muted sm:hidden">{notes(r.s).join("; ")}</div>}
              </td>
              <td className="hidden py-1.5 align-top text-xs text-muted [overflow-wrap:anywhere] sm:table-cell">{notes(r.s).join("; ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-muted">
        {list.some((r) => r.required) ? "* required. " : ""}
        {schema.additionalProperties === false ? "Other fields are refused." : ""}
      </p>
    </div>
  );
}
