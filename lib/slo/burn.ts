/**
 * Multi-window, multi-burn-rate alerting (Google SRE Workbook, ch. 5, table 5-8; METRICS.md "SLOs and burn rates"),
 * pure. Windows are given for a 30-day SLO and scale with its `windowDays`.
 */
export type Severity = "page" | "ticket";
export type BurnRule = { severity: Severity; longMinutes: number; shortMinutes: number; rate: number; budgetSpent: number };

export const BURN_RULES: readonly BurnRule[] = [
  { severity: "page", longMinutes: 60, shortMinutes: 5, rate: 14.4, budgetSpent: 0.02 },
  { severity: "page", longMinutes: 360, shortMinutes: 30, rate: 6, budgetSpent: 0.05 },
  { severity: "ticket", longMinutes: 3 * 1440, shortMinutes: 360, rate: 1, budgetSpent: 0.1 },
];

/** The rules with their windows scaled to an SLO of `windowDays` (30 → as in the table). */
export function rulesFor(windowDays: number): BurnRule[] {
  const f = windowDays / 30;
  return BURN_RULES.map((r) => ({ ...r, longMinutes: r.longMinutes * f, shortMinutes: r.shortMinutes * f }));
}

export type Counts = { total: number; bad: number };

/** (bad ÷ total) ÷ (1 − objective); 0 with no events (nothing burns when nothing is served). */
export function burnRate(c: Counts, objective: number): number {
  if (c.total <= 0) return 0;
  return c.bad / c.total / (1 - objective);
}

/** The share of the error budget left over the SLO's window: 1 − (bad ÷ total) ÷ budget; may go below 0. */
export function budgetRemaining(c: Counts, objective: number): number {
  return 1 - burnRate(c, objective);
}

export type RuleResult = BurnRule & { longRate: number; shortRate: number; firing: boolean };

/**
 * Each rule judged on its two windows' counts; a rule fires only when both windows burn at or over its rate.
 * `counts(minutes)` answers the events and bad events of the last `minutes`.
 */
export function evaluateRules(objective: number, windowDays: number, counts: (minutes: number) => Counts): RuleResult[] {
  return rulesFor(windowDays).map((r) => {
    const longRate = burnRate(counts(r.longMinutes), objective);
    const shortRate = burnRate(counts(r.shortMinutes), objective);
    return { ...r, longRate, shortRate, firing: longRate >= r.rate && shortRate >= r.rate };
  });
}

/** The severity that should be firing: page over ticket; null when no rule fires (the alert resolves). */
export function firingSeverity(results: RuleResult[]): Severity | null {
  if (results.some((r) => r.firing && r.severity === "page")) return "page";
  if (results.some((r) => r.firing && r.severity === "ticket")) return "ticket";
  return null;
}
