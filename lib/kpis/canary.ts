// The arithmetic of canary releases (METRICS.md "Canary delta"), pure: deployment reports grouped into rollouts, the
// version each replaces, and (canary − baseline) / baseline per metric with the regression rule.

/** A KPI delta against the KPI's direction beyond this share is a regression (METRICS.md: 0.5%). */
export const KPI_REGRESSION = 0.005;
/** Error rate: lower is better, the same 0.5% rule. */
export const ERROR_RATE_REGRESSION = 0.005;
/**
 * p99 latency: lower is better, but each p99 comes from a sketch accurate to 1%, so two of them can differ by 2%
 * with nothing changed; a p99 delta is a regression only beyond that.
 */
export const P99_REGRESSION = 0.02;

export const TERMINAL = ["completed", "rolled_back", "failed"] as const;

/** (canary − baseline) / baseline; null when either is missing or the baseline is 0 (no ratio to speak of). */
export function canaryDelta(canary: number | null | undefined, baseline: number | null | undefined): number | null {
  if (canary === null || canary === undefined || baseline === null || baseline === undefined) return null;
  if (baseline === 0 || !Number.isFinite(canary) || !Number.isFinite(baseline)) return null;
  return (canary - baseline) / Math.abs(baseline);
}

/**
 * Whether a delta is a regression: for a higher-is-better metric a drop beyond the threshold, for a lower-is-better
 * one (error rate, latency, losses) a rise beyond it. Exactly at the threshold is not.
 */
export function isRegression(delta: number | null, higherIsBetter: boolean, threshold = KPI_REGRESSION): boolean {
  if (delta === null) return false;
  return higherIsBetter ? delta < -threshold : delta > threshold;
}

/** Whether a delta is an improvement beyond the threshold (the mirror of isRegression). */
export function isImprovement(delta: number | null, higherIsBetter: boolean, threshold = KPI_REGRESSION): boolean {
  if (delta === null) return false;
  return higherIsBetter ? delta > threshold : delta < -threshold;
}

export type DeploymentReport = {
  versionId: number;
  version: string;
  environment: string;
  strategy: string;
  trafficPercent: number;
  status: string;
  /** ms since the epoch */
  ts: number;
};

export type Rollout = {
  versionId: number;
  version: string;
  environment: string;
  strategy: string;
  /** The status of the latest report: started | progressing (in progress), completed | rolled_back | failed. */
  status: string;
  /** Share of the environment's traffic at the latest report. */
  trafficPercent: number;
  /** The highest share it reached. */
  peakTrafficPercent: number;
  startedAt: number;
  /** The terminal report's time; null while in progress. */
  endedAt: number | null;
  steps: { ts: number; status: string; trafficPercent: number }[];
};

const isTerminal = (s: string) => (TERMINAL as readonly string[]).includes(s);

/**
 * Deployment reports (any order) → rollouts: per version and environment, consecutive reports up to and including a
 * terminal one (completed, rolled_back, failed) are one rollout; a report after a terminal one starts the next.
 * Sorted by start time.
 */
export function groupRollouts(reports: DeploymentReport[]): Rollout[] {
  const sorted = [...reports].sort((a, b) => a.ts - b.ts || a.versionId - b.versionId);
  const open = new Map<string, Rollout>();
  const out: Rollout[] = [];
  for (const r of sorted) {
    const key = `${r.versionId}\n${r.environment}`;
    let cur = open.get(key);
    if (!cur) {
      cur = {
        versionId: r.versionId,
        version: r.version,
        environment: r.environment,
        strategy: r.strategy,
        status: r.status,
        trafficPercent: r.trafficPercent,
        peakTrafficPercent: r.trafficPercent,
        startedAt: r.ts,
        endedAt: null,
        steps: [],
      };
      open.set(key, cur);
      out.push(cur);
    }
    cur.steps.push({ ts: r.ts, status: r.status, trafficPercent: r.trafficPercent });
    cur.status = r.status;
    cur.trafficPercent = r.trafficPercent;
    cur.peakTrafficPercent = Math.max(cur.peakTrafficPercent, r.trafficPercent);
    if (isTerminal(r.status)) {
      cur.endedAt = r.ts;
      open.delete(key);
    }
  }
  return out.sort((a, b) => a.startedAt - b.startedAt || a.versionId - b.versionId);
}

/** A rollout in progress at, or finished within, [from, to). */
export function rolloutInWindow(r: Rollout, from: number, to: number): boolean {
  return r.startedAt < to && (r.endedAt === null || r.endedAt >= from);
}

/**
 * The version a rollout replaces: the version of the latest other rollout in the same environment that completed
 * before this one started; else `fallback` (the version the release replaced, or the one in production), unless
 * that is the rollout's own version.
 */
export function baselineOf(
  r: Rollout,
  all: Rollout[],
  fallback: { versionId: number; version: string } | null,
): { versionId: number; version: string } | null {
  let best: Rollout | null = null;
  for (const o of all) {
    if (o.versionId === r.versionId || o.environment !== r.environment || o.status !== "completed") continue;
    if ((o.endedAt as number) > r.startedAt) continue;
    if (!best || (o.endedAt as number) > (best.endedAt as number)) best = o;
  }
  if (best) return { versionId: best.versionId, version: best.version };
  return fallback && fallback.versionId !== r.versionId ? fallback : null;
}

/** The window a rollout's delta is taken over: its own span, up to now while it is in progress. */
export function deltaWindow(r: Rollout, now: number): { from: number; to: number } {
  const to = r.endedAt ?? now;
  return { from: r.startedAt, to: Math.max(to, r.startedAt + 60_000) };
}
