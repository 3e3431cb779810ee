import type { Metadata } from "next";
import Link from "next/link";
import { DebugDashboard } from "@/components/debug/dashboard";
import { EmptyState, PageHeader } from "@/components/ui/page";
import { requirePageActor } from "@/lib/auth/page";
import { debugModels, debugView } from "@/lib/dashboards/debug";
import { DebugQuery } from "@/lib/dashboards/debug-schemas";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Debug" };
export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;
const SUBTITLE =
  "Why a model version is doing worse: which inputs drifted, how quality and serving moved, and the requests behind it. Refreshed every minute.";

async function Chooser({ message }: { message: string }) {
  const actor = await requirePageActor();
  const models = await debugModels(actor);
  return (
    <EmptyState title={message}>
      {models.length ? (
        <>
          <p className="mb-2">Choose a model (its production version is shown first), or follow a Debug link from the on-call dashboard:</p>
          <ul className="flex flex-wrap justify-center gap-x-4 gap-y-1" aria-label="Models">
            {models.map((m) => (
              <li key={m}>
                <Link href={`/dashboards/debug?model=${encodeURIComponent(m)}`} className="text-brand underline">
                  {m}
                </Link>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>No model is registered yet.</p>
      )}
    </EmptyState>
  );
}

export default async function DebugPage({ searchParams }: { searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const sp = await searchParams;
  const header = <PageHeader title="Debug" subtitle={SUBTITLE} crumbs={[{ href: "/dashboards/on-call", label: "On-call" }]} />;
  const model = one(sp.model);
  if (!model)
    return (
      <>
        {header}
        <Chooser message="Which model?" />
      </>
    );
  // A range, compare or version the URL gets wrong falls back to the defaults rather than failing the page.
  const raw = { model, version: one(sp.version), range: one(sp.range), compare: one(sp.compare), trace: one(sp.trace) };
  const parsed = DebugQuery.safeParse(raw);
  const q = parsed.success ? parsed.data : DebugQuery.safeParse({ model, trace: raw.trace }).data;
  if (!q)
    return (
      <>
        {header}
        <Chooser message={`"${model}" is not a model name.`} />
      </>
    );
  let view: Awaited<ReturnType<typeof debugView>>;
  try {
    view = await debugView(actor, q);
  } catch (e) {
    if (e instanceof AppError && e.status === 404)
      return (
        <>
          {header}
          <Chooser message={e.message} />
        </>
      );
    throw e;
  }
  const params = { model: q.model, version: q.version ?? null, range: q.range, compare: q.compare, trace: q.trace ?? null };
  return (
    <>
      {header}
      <DebugDashboard key={JSON.stringify(params)} params={params} initial={view} />
    </>
  );
}
