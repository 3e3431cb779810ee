// Coverage of controls by evidence: pure, so the hand-worked example in coverage.test.ts checks it exactly.
import type { EvidenceItem, EvidenceRef } from "./types";

export type ControlStatus = "covered" | "partial" | "stale" | "missing";
export type Figures = { controls: number; covered: number; partial: number; stale: number; missing: number; percent: number };

/**
 * A control's status from its mapped evidence: covered when every item is found; stale when none is missing but
 * some are stale; missing when every item is missing; partial otherwise (some found or stale, some missing).
 */
export function controlStatus(items: readonly Pick<EvidenceItem, "status">[]): ControlStatus {
  if (items.length === 0) return "missing";
  const n = (s: EvidenceItem["status"]) => items.filter((i) => i.status === s).length;
  if (n("found") === items.length) return "covered";
  if (n("missing") === 0) return "stale";
  if (n("missing") === items.length) return "missing";
  return "partial";
}

/** Counts of statuses and the share covered (a whole percentage, rounded half up; 0 when there is nothing). */
export function figures(statuses: readonly ControlStatus[]): Figures {
  const c = (s: ControlStatus) => statuses.filter((x) => x === s).length;
  const covered = c("covered");
  return {
    controls: statuses.length,
    covered,
    partial: c("partial"),
    stale: c("stale"),
    missing: c("missing"),
    percent: statuses.length === 0 ? 0 : Math.round((100 * covered) / statuses.length),
  };
}

/** A control's mapped items, in mapping order; a ref with no item (no lookup answered) counts as missing. */
export function itemsFor(refs: readonly EvidenceRef[], found: ReadonlyMap<EvidenceRef, EvidenceItem> | undefined): EvidenceItem[] {
  return refs.map((ref) => found?.get(ref) ?? { ref, status: "missing", reason: "not looked up", href: null, at: null });
}
