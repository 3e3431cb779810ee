// Failure-mode coverage, pure: from what is known about one model version's monitoring inputs, for each of the eight
// failure modes of the monitoring guidance whether its signal is live (and why not), what it says now, and where the
// runbook starts. No I/O: lib/coverage/read.ts gathers the inputs for the whole portfolio in one query per input.

export const MODE_IDS = ["F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8"] as const;
export type ModeId = (typeof MODE_IDS)[number];

/** Each failure mode, the signal that catches it, and the anchor of its section in docs/FAILURE-MODES.md. */
export const FAILURE_MODES: Record<ModeId, { title: string; signal: string; anchor: string }> = {
  F1: { title: "Upstream schema changes", signal: "Schema diffs of the datasets upstream in lineage", anchor: "f1" },
  F2: { title: "Concept drift", signal: "Quality from late-arriving labels", anchor: "f2" },
  F3: { title: "Latency spikes", signal: "Latency and error-budget burn, with CPU, memory and replicas", anchor: "f3" },
  F4: { title: "Silent regressions", signal: "Canary KPI deltas against the version replaced", anchor: "f4" },
  F5: { title: "Feature mismatch", signal: "Missing-feature rate and feature drift against the reference profile", anchor: "f5" },
  F6: {
    title: "Poisoning and adversarial inputs",
    signal: "Outlier detection, and data validation upstream with provenance",
    anchor: "f6",
  },
  F7: { title: "Cold starts", signal: "Error rate in the first minutes after each deployment", anchor: "f7" },
  F8: { title: "Permission errors", signal: "The security log (refused tokens and permission denials)", anchor: "f8" },
};

/** The windows a signal must have seen data in to count as live. */
export const WINDOWS = { labelDays: 7, telemetryHours: 24, kpiDays: 30, validationDays: 30, securityHours: 24 } as const;

/** Which failure mode an alert of each kind speaks for (kinds in the `alerts` table; unknown kinds count for none). */
const ALERT_MODE = new Map<string, ModeId>([
  ["schema_change", "F1"],
  ["quality", "F2"],
  // A failed retraining run leaves concept drift unanswered.
  ["pipeline", "F2"],
  ["burn_rate", "F3"],
  ["drift", "F5"],
  ["outlier", "F6"],
  ["cold_start", "F7"],
]);
export const modeOfAlert = (kind: string): ModeId | null => ALERT_MODE.get(kind) ?? null;

/** What is known about one version's monitoring inputs. Deployments and KPIs are the model's: the platform reports them per model. */
export type CoverageInputs = {
  model: string;
  version: string;
  stage: string;
  runbookUrl: string | null;
  /** A reference profile is stored for the version. */
  referenceProfile: boolean;
  /** Labels joined to the version's predictions within WINDOWS.labelDays. */
  labelled: boolean;
  /** Telemetry from the version within WINDOWS.telemetryHours. */
  telemetry: boolean;
  /** Resource points (CPU, memory, replicas) from the version within WINDOWS.telemetryHours. */
  resources: boolean;
  /** Deployment reports of any of the model's versions. */
  deploymentReports: number;
  /** The latest deployment report of this version, if any. */
  latestReport: { environment: string; status: string; ts: string } | null;
  /** KPI points of the model within WINDOWS.kpiDays. */
  kpiPoints: boolean;
  /** Datasets upstream of the version in lineage (any depth). */
  upstreamDatasets: number;
  /** Of those, the ones with a validation result within WINDOWS.validationDays. */
  validatedUpstream: number;
  /** Of those, the ones whose latest such result failed. */
  failingUpstream: { datasetId: string; name: string }[];
  /** Alerts firing on the version, or on the model as a whole (version null). */
  firing: { kind: string; title: string; severity: string }[];
  /** Permission denials on the model's API paths within WINDOWS.securityHours. */
  permissionDenials: number;
};

export type ModeState = "ok" | "warning" | "firing" | "unknown";
export type ModeCoverage = {
  mode: ModeId;
  title: string;
  signal: string;
  live: boolean;
  /** Why the signal is blind; null when live. */
  reason: string | null;
  state: ModeState;
  /** The firing alert's title, or what the warning is about; null when ok or unknown. */
  detail: string | null;
  /** What the live signal goes without (F3 without resource points); null otherwise. */
  note: string | null;
  runbookUrl: string;
};
export type VersionCoverage = {
  model: string;
  version: string;
  stage: string;
  modes: ModeCoverage[];
  /** The modes whose signal is blind, in order. */
  blind: ModeId[];
};

/** The model's runbook at the mode's anchor when it has one, else the mode's section of the in-project guide. */
export function runbookLink(runbookUrl: string | null, mode: ModeId): string {
  const anchor = FAILURE_MODES[mode].anchor;
  if (!runbookUrl) return `/docs/failure-modes#${anchor}`;
  const hash = runbookUrl.indexOf("#");
  return `${hash < 0 ? runbookUrl : runbookUrl.slice(0, hash)}#${anchor}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function liveness(i: CoverageInputs): Record<ModeId, string | null> {
  const noReports = "No deployment reports for this model (POST /api/v1/deployments), so rollouts are not watched.";
  return {
    F1: i.upstreamDatasets > 0 ? null : "No lineage inputs: no dataset upstream of this version, so no schema change can be traced to it.",
    F2: i.labelled ? null : `No labels joined to this version's predictions in ${WINDOWS.labelDays} days (POST /api/v1/labels).`,
    F3: i.telemetry ? null : `No telemetry from this version in ${WINDOWS.telemetryHours} hours (POST /api/v1/telemetry).`,
    F4:
      i.deploymentReports === 0
        ? noReports
        : i.kpiPoints
          ? null
          : `No KPI points for this model in ${WINDOWS.kpiDays} days (POST /api/v1/kpis), so a canary has no business figure to compare.`,
    F5: i.referenceProfile ? null : "No reference profile (PUT …/reference), so served features have nothing to be compared with.",
    F6:
      i.referenceProfile || i.validatedUpstream > 0
        ? null
        : `No reference profile to find outliers against, and no validation result upstream in ${WINDOWS.validationDays} days.`,
    F7: i.deploymentReports === 0 ? noReports : null,
    // The security log is always on: every refused token and permission denial is recorded.
    F8: null,
  };
}

function firingFor(i: CoverageInputs, mode: ModeId) {
  const found = i.firing.filter((a) => modeOfAlert(a.kind) === mode);
  // Pages before tickets, so the most urgent title is the one shown.
  return found.sort((a, b) => (a.severity === "page" ? 0 : 1) - (b.severity === "page" ? 0 : 1))[0] ?? null;
}

function warningFor(i: CoverageInputs, mode: ModeId): string | null {
  if (mode === "F6" && i.failingUpstream.length > 0) {
    const names = i.failingUpstream.slice(0, 3).map((f) => f.name);
    const more = i.failingUpstream.length > 3 ? ` and ${i.failingUpstream.length - 3} more` : "";
    return `The latest validation of ${plural(i.failingUpstream.length, "upstream dataset")} failed: ${names.join(", ")}${more}.`;
  }
  if (mode === "F4" && i.latestReport && (i.latestReport.status === "rolled_back" || i.latestReport.status === "failed"))
    return `The latest rollout to ${i.latestReport.environment} ${i.latestReport.status === "failed" ? "failed" : "was rolled back"}.`;
  if (mode === "F8" && i.permissionDenials > 0)
    return `${plural(i.permissionDenials, "permission denial")} on this model's API in ${WINDOWS.securityHours} hours.`;
  return null;
}

function noteFor(i: CoverageInputs, mode: ModeId): string | null {
  if (mode === "F3" && i.telemetry && !i.resources)
    return `No resource points in ${WINDOWS.telemetryHours} hours (POST /api/v1/resources): latency is watched without CPU, memory or replicas beside it.`;
  return null;
}

/** The eight failure modes for one version: signal, live or blind (with the reason), state and runbook link. */
export function coverageOf(i: CoverageInputs): VersionCoverage {
  const blindReason = liveness(i);
  const modes = MODE_IDS.map((mode): ModeCoverage => {
    const reason = blindReason[mode];
    const base = {
      mode,
      title: FAILURE_MODES[mode].title,
      signal: FAILURE_MODES[mode].signal,
      runbookUrl: runbookLink(i.runbookUrl, mode),
      note: noteFor(i, mode),
    };
    // A blind signal says nothing; an alert that still fires from before is shown all the same.
    const alert = firingFor(i, mode);
    if (alert) return { ...base, live: reason === null, reason, state: "firing", detail: alert.title };
    if (reason !== null) return { ...base, live: false, reason, state: "unknown", detail: null };
    const warning = warningFor(i, mode);
    return { ...base, live: true, reason: null, state: warning ? "warning" : "ok", detail: warning };
  });
  return { model: i.model, version: i.version, stage: i.stage, modes, blind: modes.filter((m) => !m.live).map((m) => m.mode) };
}

export type PortfolioCount = { mode: ModeId; title: string; blind: number; firing: number };

/** Per failure mode, how many of the versions are blind to it and how many have it firing. */
export function portfolioCounts(list: VersionCoverage[]): PortfolioCount[] {
  return MODE_IDS.map((mode) => ({
    mode,
    title: FAILURE_MODES[mode].title,
    blind: list.filter((v) => v.blind.includes(mode)).length,
    firing: list.filter((v) => v.modes.some((m) => m.mode === mode && m.state === "firing")).length,
  }));
}
