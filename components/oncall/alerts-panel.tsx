import Link from "next/link";
import type { AlertView } from "@/lib/slo/schemas";
import { SeverityBadge, SilencedBadge } from "./badges";
import { BudgetBar } from "./budget-bar";
import { ago, burn, lasted, when } from "./format";
import { RecordIncidentButton } from "./record-incident-button";

/** The debug dashboard for one version: why it is doing worse. */
export const debugLink = (model: string, version: string) => `/dashboards/debug?${new URLSearchParams({ model, version })}`;

type Group = { key: string; model: string; version: string | null; alerts: AlertView[]; runbookUrl: string | null };

function groups(alerts: AlertView[]): Group[] {
  const out = new Map<string, Group>();
  for (const a of alerts) {
    const key = `${a.model}\n${a.version ?? ""}`;
    const g = out.get(key) ?? { key, model: a.model, version: a.version, alerts: [], runbookUrl: a.runbookUrl };
    g.alerts.push(a);
    out.set(key, g);
  }
  return [...out.values()];
}

function AlertRow({ a, now, recordIncident }: { a: AlertView; now: number; recordIncident?: boolean }) {
  const firing = a.state === "firing";
  return (
    <li className="flex flex-col gap-1 py-2 sm:flex-row sm:items-start sm:gap-3" data-testid={firing ? "firing-alert" : "resolved-alert"}>
      <div className="flex shrink-0 items-center gap-1.5 sm:w-32">
        <SeverityBadge severity={a.severity} />
        {a.silenced && <SilencedBadge />}
      </div>
      <div className="min-w-0 flex-1">
        <p className="text-sm break-words">{a.title}</p>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
          {firing ? (
            <span>
              firing since <time dateTime={a.firedAt}>{when(a.firedAt)}</time> ({ago(a.firedAt, now)})
            </span>
          ) : (
            <span>
              fired <time dateTime={a.firedAt}>{when(a.firedAt)}</time>, resolved after{" "}
              {a.resolvedAt ? lasted(a.firedAt, a.resolvedAt) : "—"}
            </span>
          )}
          {a.burnRate !== null && <span>burn rate {burn(a.burnRate)}</span>}
          {a.budgetRemaining !== null && (
            <span className="inline-flex items-center gap-1">
              budget <BudgetBar remaining={a.budgetRemaining} label="error budget" />
            </span>
          )}
          {a.version && (
            <Link href={debugLink(a.model, a.version)} className="text-brand underline underline-offset-2">
              Debug
              <span className="sr-only">
                {" "}
                {a.model} {a.version}
              </span>
            </Link>
          )}
          {firing && recordIncident && <RecordIncidentButton alertId={a.id} title={a.title} />}
        </p>
      </div>
    </li>
  );
}

function GroupBlock({ g, now, recordIncident }: { g: Group; now: number; recordIncident?: boolean }) {
  return (
    <li className="rounded-md border border-line bg-white px-3 py-1" data-testid="alert-group">
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-line py-2">
        <h3 className="font-medium">
          <Link
            href={g.version ? `/models/${g.model}/versions/${encodeURIComponent(g.version)}` : `/models/${g.model}`}
            className="text-brand underline-offset-2 hover:underline"
          >
            {g.model} {g.version && <span className="font-mono">{g.version}</span>}
          </Link>
        </h3>
        {g.runbookUrl ? (
          <a href={g.runbookUrl} className="text-sm text-brand underline underline-offset-2" rel="noreferrer" target="_blank">
            Runbook<span className="sr-only"> for {g.model} (opens in a new tab)</span>
          </a>
        ) : (
          <span className="text-xs text-muted">no runbook linked (the owner sets runbookUrl on the model)</span>
        )}
      </div>
      <ul className="divide-y divide-line">
        {g.alerts.map((a) => (
          <AlertRow key={a.id} a={a} now={now} recordIncident={recordIncident} />
        ))}
      </ul>
    </li>
  );
}

/** Firing alerts first, grouped by model version; recently resolved ones folded away below. */
export function AlertsPanel({
  firing,
  resolved,
  sloCount,
  now,
  recordIncident,
}: {
  firing: AlertView[];
  resolved: AlertView[];
  sloCount: number;
  now: number;
  /** Offer "Record incident" on each firing alert (the caller may record incidents). */
  recordIncident?: boolean;
}) {
  return (
    <section aria-labelledby="oc-alerts" className="mb-6 rounded-lg border border-line bg-panel p-4 sm:p-5" data-testid="alerts-panel">
      <h2 id="oc-alerts" className="mb-3 text-lg font-semibold">
        Firing alerts <span className="text-base font-normal text-muted">({firing.length})</span>
      </h2>
      {firing.length === 0 ? (
        <p className="rounded-md border border-dashed border-line p-4 text-sm" data-testid="no-firing">
          {sloCount === 0 ? (
            <>
              Nothing is firing, and no SLO is set here yet, so nothing could. A model's owner, a reviewer or an admin sets one with{" "}
              <code className="text-xs">POST /api/v1/models/&#123;name&#125;/slos</code> (e.g.{" "}
              <code className="text-xs">{'{"sli": "availability", "objective": 0.999}'}</code>); see{" "}
              <Link href="/docs" className="text-brand underline">
                the API
              </Link>
              .
            </>
          ) : (
            "Nothing is firing. Every SLO is within its burn-rate limits."
          )}
        </p>
      ) : (
        <ul className="space-y-3">
          {groups(firing).map((g) => (
            <GroupBlock key={g.key} g={g} now={now} recordIncident={recordIncident} />
          ))}
        </ul>
      )}
      <details className="mt-4" data-testid="resolved-alerts">
        <summary className="cursor-pointer text-sm font-medium text-brand">Resolved in the last 7 days ({resolved.length})</summary>
        {resolved.length === 0 ? (
          <p className="mt-2 text-sm text-muted">No alert resolved in the last 7 days.</p>
        ) : (
          <ul className="mt-3 space-y-3">
            {groups(resolved).map((g) => (
              <GroupBlock key={g.key} g={g} now={now} />
            ))}
          </ul>
        )}
      </details>
    </section>
  );
}
