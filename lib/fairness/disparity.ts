// Disparities against a reference group, as Aequitas computes them (bias.py), and the judgement of each group
// against the thresholds (fairness.py: pass when min ≤ disparity ≤ max, both ends inclusive). Pure.
import { type Confusion, RATE_LABELS, RATES, type RateName, type Rates, rateParts } from "./rates";

export type Thresholds = { min: number; max: number };
export const DEFAULT_THRESHOLDS: Thresholds = { min: 0.8, max: 1.25 };
export const DEFAULT_MIN_GROUP_SIZE = 30;

/**
 * The rates whose disparities decide the verdict unless an audit names its own: Aequitas's parity metrics
 * (pprev, precision, fdr, for, fpr, fnr, tpr, tnr, npv). Prevalence describes the data, not the model, and
 * accuracy is not a parity measure, so both are reported but never judged by default.
 */
export const DEFAULT_JUDGED: RateName[] = ["selectionRate", "tpr", "fpr", "fnr", "tnr", "ppv", "npv", "fdr", "for"];

export type Disparities = Record<RateName, number | null>;

export type Flag = {
  kind: "outside_thresholds" | "reference_rate_zero" | "too_small";
  metric?: RateName;
  disparity?: number | null;
  /** Whether this flag fails the group (flags on a group too small to judge never do). */
  fails: boolean;
  message: string;
};

/** The reference given, else the largest group (ties: the first by name, so the choice is stable). */
export function chooseReference(groups: { group: string; n: number }[], given?: string): string | null {
  if (given !== undefined) return given;
  let best: { group: string; n: number } | null = null;
  for (const g of groups) if (!best || g.n > best.n || (g.n === best.n && g.group < best.group)) best = g;
  return best?.group ?? null;
}

/**
 * metric(g) / metric(reference). Null when either rate is undefined, or the reference's rate is 0.
 * Taken as (a/b) / (c/d) = (a·d) / (b·c) from the counts, one rounding instead of three, so a disparity that is
 * exactly 0.8 or 1.25 comes out as exactly that and passes (7/10 ÷ 7/8 would otherwise be 0.7999999999999999).
 */
export function disparities(group: Confusion, reference: Confusion | null): Disparities {
  const out = {} as Disparities;
  const g = rateParts(group);
  const ref = reference ? rateParts(reference) : null;
  for (const r of RATES) {
    const [a, b] = g[r];
    const [c, d] = ref ? ref[r] : [0, 0];
    out[r] = b === 0 || d === 0 || c === 0 ? null : (a * d) / (b * c);
  }
  return out;
}

export const withinThresholds = (d: number, t: Thresholds) => d >= t.min && d <= t.max;

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3).replace(/\.?0+$/, ""));

/**
 * Flags for one group: each judged rate whose disparity is outside the thresholds, each judged rate the reference
 * has at 0 while this group does not (an infinite disparity, shown as null), and a group under the minimum size.
 * A group too small to judge keeps its flags for the reader, but none of them fails it.
 */
export function judgeGroup(args: {
  n: number;
  rates: Rates;
  disparities: Disparities;
  reference: { group: string; rates: Rates };
  isReference: boolean;
  judged: readonly RateName[];
  thresholds: Thresholds;
  minGroupSize: number;
}): { flags: Flag[]; tooSmall: boolean; passed: boolean } {
  const tooSmall = args.n < args.minGroupSize;
  const flags: Flag[] = [];
  if (tooSmall)
    flags.push({
      kind: "too_small",
      fails: false,
      message: `Only ${args.n} record${args.n === 1 ? "" : "s"}: too small to judge (under ${args.minGroupSize}).`,
    });
  if (!args.isReference) {
    for (const m of args.judged) {
      const d = args.disparities[m];
      const mine = args.rates[m];
      const theirs = args.reference.rates[m];
      if (d === null) {
        if (theirs === 0 && mine !== null)
          flags.push({
            kind: "reference_rate_zero",
            metric: m,
            disparity: null,
            // Equal at zero is no disparity; anything above zero is infinitely more than the reference.
            fails: !tooSmall && mine > 0,
            message: `${RATE_LABELS[m]} of the reference group (${args.reference.group}) is 0, so no ratio can be taken${mine > 0 ? `; this group's is ${fmt(mine)}` : ""}.`,
          });
      } else if (!withinThresholds(d, args.thresholds)) {
        flags.push({
          kind: "outside_thresholds",
          metric: m,
          disparity: d,
          fails: !tooSmall,
          message: `${RATE_LABELS[m]} is ${fmt(d)}× the reference group's (${args.reference.group}), outside ${args.thresholds.min}–${args.thresholds.max}.`,
        });
      }
    }
  }
  return { flags, tooSmall, passed: !flags.some((f) => f.fails) };
}
