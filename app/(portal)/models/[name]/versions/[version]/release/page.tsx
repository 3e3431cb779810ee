import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChecksList } from "@/components/releases/checks-list";
import { RequestReleaseForm } from "@/components/releases/request-form";
import { StageBadge } from "@/components/ui/badges";
import { PageHeader, Panel } from "@/components/ui/page";
import { RoleRequired } from "@/components/ui/role-required";
import { requirePageActor } from "@/lib/auth/page";
import { can } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";
import { getVersion } from "@/lib/inventory/versions";
import { failingBlocking } from "@/lib/releases/checks";
import { previewChecks } from "@/lib/releases/requests";
import { recordPageRefusal } from "@/lib/security/record";

export const dynamic = "force-dynamic";
type Params = { name: string; version: string };
type SP = Record<string, string | string[] | undefined>;

export async function generateMetadata({ params }: { params: Promise<Params> }): Promise<Metadata> {
  const p = await params;
  return { title: `Request release of ${p.name} ${decodeURIComponent(p.version)}` };
}

export default async function RequestReleasePage({ params, searchParams }: { params: Promise<Params>; searchParams: Promise<SP> }) {
  const actor = await requirePageActor();
  const p = await params;
  const version = decodeURIComponent(p.version);
  const sp = await searchParams;
  const v = await getVersion(actor, p.name, version).catch((e) => {
    if (e instanceof AppError && e.status === 404) notFound();
    throw e;
  });
  const target = sp.target === "staging" ? "staging" : "production";
  const vHref = `/models/${p.name}/versions/${encodeURIComponent(version)}`;
  const header = (
    <PageHeader
      crumbs={[
        { href: "/models", label: "Models" },
        { href: `/models/${p.name}`, label: p.name },
        { href: vHref, label: version },
      ]}
      title={`Request a release of ${p.name} ${version}`}
      subtitle={
        <span className="inline-flex flex-wrap items-center gap-2">
          Now in <StageBadge stage={v.stage} />
          <span>Reviewers decide; you cannot approve your own request.</span>
        </span>
      }
    />
  );
  if (!can(actor, "release.request"))
    return (
      <>
        {header}
        {await recordPageRefusal(actor, `/models/${p.name}/versions/${p.version}/release`, "needs releases.request")}
        <RoleRequired roles={["contributor"]} what="Requesting a release is for contributors." />
      </>
    );
  const preview = await previewChecks(actor, p.name, version, target);
  const failing = failingBlocking(preview.checks).length;
  const closed = v.stage === "retired" || v.stage === target || v.stage === "production";
  return (
    <>
      {header}
      <nav aria-label="Target stage" className="mb-4 flex gap-2">
        {(["production", "staging"] as const).map((t) => (
          <Link
            key={t}
            href={`${vHref}/release?target=${t}`}
            aria-current={t === target ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${t === target ? "border-brand bg-brand text-white" : "border-line bg-white hover:bg-slate-50"}`}
          >
            To {t}
          </Link>
        ))}
      </nav>
      <div className="grid grid-cols-1 gap-x-6 lg:grid-cols-2">
        <Panel title={`Checks for ${target}`} id="preview-h">
          <p className="-mt-2 mb-2 text-sm text-muted">
            Policy version {preview.policyVersion}: {preview.requiredApprovals} approval{preview.requiredApprovals === 1 ? "" : "s"}
            {preview.requiresCompliance ? ", one from compliance" : ""}.{" "}
            {preview.replaces ? `It would replace ${preview.replaces}, which would be archived.` : ""}
          </p>
          <ChecksList checks={preview.checks} headingId="preview-h" />
        </Panel>
        <Panel title="Request" id="request-h">
          {closed ? (
            <p className="text-sm">
              {v.stage === "retired"
                ? "This version is retired and cannot be released."
                : v.stage === "production"
                  ? "This version is in production already."
                  : `This version is in ${target} already.`}{" "}
              <Link href={vHref} className="text-brand underline">
                Back to the version
              </Link>
            </p>
          ) : (
            <RequestReleaseForm model={p.name} version={version} target={target} failing={failing} />
          )}
        </Panel>
      </div>
    </>
  );
}
