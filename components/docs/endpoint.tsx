import { SchemaView, TypeLabel } from "./schema-view";
import { type Operation, refName, type Schema, schemaAnchor } from "./types";

const METHOD_STYLE: Record<string, string> = {
  get: "bg-sky-50 text-sky-900 ring-sky-300",
  post: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  put: "bg-amber-50 text-amber-900 ring-amber-300",
  patch: "bg-amber-50 text-amber-900 ring-amber-300",
  delete: "bg-red-50 text-red-800 ring-red-300",
};

export function MethodBadge({ method }: { method: string }) {
  return (
    <span
      className={`inline-block w-16 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-xs font-semibold uppercase ring-1 ring-inset ${METHOD_STYLE[method] ?? "bg-slate-100 ring-slate-300"}`}
    >
      {method}
    </span>
  );
}

export const operationAnchor = (method: string, path: string) => `op-${method}-${path.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, "")}`;

function H({ children }: { children: React.ReactNode }) {
  return <h4 className="mb-1.5 mt-4 text-xs font-semibold uppercase tracking-wide text-muted first:mt-0">{children}</h4>;
}

/** One operation: parameters, request body, and every response code, closed until opened. */
export function Endpoint({
  method,
  path,
  op,
  components,
}: {
  method: string;
  path: string;
  op: Operation;
  components: Record<string, Schema>;
}) {
  const isPublic = Array.isArray(op.security) && op.security.length === 0;
  const responses = Object.entries(op.responses ?? {});
  const ok = responses.filter(([c]) => c.startsWith("2") || c.startsWith("3"));
  const failures = responses.filter(([c]) => !c.startsWith("2") && !c.startsWith("3"));
  const body = op.requestBody?.content ? Object.entries(op.requestBody.content) : [];
  return (
    <details id={operationAnchor(method, path)} className="group rounded-lg border border-line bg-panel" data-testid="endpoint">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5 hover:bg-slate-50 [&::-webkit-details-marker]:hidden">
        <span aria-hidden className="w-3 text-muted transition-transform group-open:rotate-90">
          ▸
        </span>
        <MethodBadge method={method} />
        <code className="break-all font-mono text-sm font-medium">{path}</code>
        <span className="min-w-0 flex-1 basis-60 text-sm text-muted">{op.summary}</span>
        {isPublic && <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">no sign-in</span>}
      </summary>
      <div className="border-t border-line px-4 py-3">
        {op.description && <p className="mb-3 text-sm">{op.description}</p>}
        <p className="mb-3 text-sm text-muted">
          {isPublic ? "Open to anyone." : "Send Authorization: Bearer <token>, or call it from a signed-in browser."}
        </p>
        {op.parameters && op.parameters.length > 0 && (
          <>
            <H>Parameters</H>
            <div>
              <table className="w-full text-left text-sm">
                <thead className="border-b border-line text-xs uppercase tracking-wide text-muted">
                  <tr>
                    <th scope="col" className="py-1.5 pr-3">
                      Name
                    </th>
                    <th scope="col" className="py-1.5 pr-3">
                      In
                    </th>
                    <th scope="col" className="py-1.5 pr-3">
                      Type
                    </th>
                    <th scope="col" className="py-1.5">
                      Notes
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {op.parameters.map((p) => (
                    <tr key={`${p.in}-${p.name}`} className="border-b border-line last:border-0">
                      <td className="whitespace-nowrap py-1.5 pr-3 align-top font-mono text-xs">
                        {p.name}
                        {p.required && (
                          <span className="ml-1 font-sans text-bad" title="required">
                            *<span className="sr-only"> (required)</span>
                          </span>
                        )}
                      </td>
                      <td className="py-1.5 pr-3 align-top text-xs">{p.in}</td>
                      <td className="py-1.5 pr-3 align-top font-mono text-xs [overflow-wrap:anywhere]">
                        {p.schema ? <TypeLabel s={p.schema} /> : "string"}
                      </td>
                      <td className="py-1.5 align-top text-xs text-muted [overflow-wrap:anywhere]">
                        {paramNotes(p.schema, p.description)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
        {body.map(([type, m]) => (
          <div key={type}>
            <H>
              Request body <span className="font-mono normal-case">{type}</span>
              {op.requestBody?.required ? "" : " (optional)"}
            </H>
            {m.schema ? <SchemaView schema={m.schema} components={components} /> : <p className="text-sm text-muted">Any.</p>}
          </div>
        ))}
        <H>Responses</H>
        <ul className="space-y-3">
          {ok.map(([code, r]) => (
            <li key={code}>
              <p className="text-sm">
                <span className="mr-2 rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-emerald-900 ring-1 ring-inset ring-emerald-300">
                  {code}
                </span>
                {r.description}
              </p>
              {Object.entries(r.content ?? {}).map(([type, m]) => (
                <div key={type} className="mt-1.5 pl-1">
                  {Object.keys(r.content ?? {}).length > 1 && <p className="mb-1 font-mono text-xs text-muted">{type}</p>}
                  {m.schema && <SchemaView schema={m.schema} components={components} />}
                </div>
              ))}
            </li>
          ))}
        </ul>
        {failures.length > 0 && (
          <ul className="mt-3 space-y-1 text-sm">
            {failures.map(([code, r]) => {
              const ref = Object.values(r.content ?? {})[0]?.schema?.$ref;
              return (
                <li key={code}>
                  <span className="mr-2 rounded bg-amber-50 px-1.5 py-0.5 font-mono text-xs font-semibold text-amber-900 ring-1 ring-inset ring-amber-300">
                    {code}
                  </span>
                  {r.description}
                  {ref && (
                    <>
                      {" "}
                      <span className="text-muted">
                        (
                        <a href={`#${schemaAnchor(refName(ref))}`} className="text-brand underline">
                          {refName(ref)}
                        </a>
                        )
                      </span>
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </details>
  );
}

function paramNotes(s: Schema | undefined, description?: string): string {
  const n: string[] = [];
  if (description) n.push(description);
  if (!s) return n.join("; ");
  if (s.maxLength !== undefined) n.push(`at most ${s.maxLength} characters`);
  if (s.minimum !== undefined && s.maximum !== undefined) n.push(`${s.minimum}–${s.maximum}`);
  if (s.pattern) n.push(`matches ${s.pattern}`);
  if (s.default !== undefined) n.push(`default ${JSON.stringify(s.default)}`);
  return n.join("; ");
}
