import type { Metadata } from "next";
import Link from "next/link";
import { Endpoint, operationAnchor } from "@/components/docs/endpoint";
import { SchemaBody } from "@/components/docs/schema-view";
import { type ApiDoc, type Operation, schemaAnchor } from "@/components/docs/types";
import { PageHeader, Panel, secondaryButtonClass } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { openApiDocument } from "@/lib/openapi";

export const metadata: Metadata = { title: "API reference" };
export const dynamic = "force-dynamic";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
const TAG_TEXT: Record<string, string> = {
  health: "Is the portal up, and this document.",
  identity: "Who is calling; users and their API tokens.",
  inventory: "Models, their versions and evaluations.",
  audit: "The hash-chained record of every change.",
};

export default async function DocsPage() {
  await requirePageActor();
  const doc = openApiDocument() as unknown as ApiDoc;
  const components = doc.components?.schemas ?? {};
  const byTag = new Map<string, { method: string; path: string; op: Operation }[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? "other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)?.push({ method, path, op });
    }
  }
  const tags = [...byTag.keys()];
  const count = [...byTag.values()].reduce((n, l) => n + l.length, 0);

  return (
    <>
      <PageHeader
        title="API reference"
        subtitle={`${doc.info.title} ${doc.info.version}: ${count} endpoints, generated from the same schemas the server validates with.`}
        actions={
          <a href="/api/v1/openapi.json" className={secondaryButtonClass}>
            OpenAPI document (JSON)
          </a>
        }
      />
      <Panel title="Using the API" id="using-h">
        <ul className="list-disc space-y-1.5 pl-5 text-sm">
          <li>
            Authenticate with <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code>. Issue a token on{" "}
            <Link href="/account" className="text-brand underline">
              your account page
            </Link>
            ; it acts as you, with your roles, narrowed to its scopes (read, write, admin).
          </li>
          <li>JSON in and out, camelCase fields. Times are RFC 3339 in UTC; a time without a zone is read as UTC.</li>
          <li>
            Errors look like <code className="font-mono text-xs">{'{"error": {"code", "message", "details": [{"path", "message"}]}}'}</code>
            ; a 400 names each bad field by its JSON path.
          </li>
          <li>
            Lists take <code className="font-mono text-xs">?limit=</code> (default 50, at most 500) and{" "}
            <code className="font-mono text-xs">?cursor=</code>, and answer{" "}
            <code className="font-mono text-xs">{'{"items": [...], "nextCursor"}'}</code>.
          </li>
          <li>
            Any POST takes an <code className="font-mono text-xs">Idempotency-Key</code> header: a retry with the same key and body returns
            the first answer and stores nothing twice.
          </li>
        </ul>
      </Panel>
      <nav aria-label="API sections" className="mb-6 flex flex-wrap gap-2 text-sm">
        {tags.map((t) => (
          <a key={t} href={`#tag-${t}`} className="rounded-md border border-line bg-white px-3 py-1.5 hover:bg-slate-50">
            {t} <span className="text-muted">({byTag.get(t)?.length})</span>
          </a>
        ))}
        <a href="#schemas-h" className="rounded-md border border-line bg-white px-3 py-1.5 hover:bg-slate-50">
          schemas <span className="text-muted">({Object.keys(components).length})</span>
        </a>
      </nav>
      {tags.map((t) => (
        <section key={t} aria-labelledby={`tag-${t}`} className="mb-8">
          <h2 id={`tag-${t}`} className="text-lg font-semibold capitalize">
            {t}
          </h2>
          {TAG_TEXT[t] && <p className="mb-3 text-sm text-muted">{TAG_TEXT[t]}</p>}
          <div className="space-y-2">
            {byTag.get(t)?.map((e) => (
              <Endpoint key={operationAnchor(e.method, e.path)} method={e.method} path={e.path} op={e.op} components={components} />
            ))}
          </div>
        </section>
      ))}
      <section aria-labelledby="schemas-h">
        <h2 id="schemas-h" className="text-lg font-semibold">
          Schemas
        </h2>
        <p className="mb-3 text-sm text-muted">The bodies named above, field by field.</p>
        <div className="grid grid-cols-1 items-start gap-4 lg:grid-cols-2">
          {Object.entries(components).map(([name, s]) => (
            <section
              key={name}
              id={schemaAnchor(name)}
              aria-labelledby={`${schemaAnchor(name)}-h`}
              className="min-w-0 scroll-mt-4 rounded-lg border border-line bg-panel p-4"
            >
              <h3 id={`${schemaAnchor(name)}-h`} className="mb-2 font-mono text-sm font-semibold">
                {name}
              </h3>
              <SchemaBody schema={s} />
            </section>
          ))}
        </div>
      </section>
    </>
  );
}
