// From folded counts to the audit's result: per-group rates, intervals, disparities and flags, the summary of
// each attribute and each pair of attributes, and the verdict. Pure.
import { badRequest, type ErrorDetail } from "../errors";
import { type Folded, type GroupCounts, type Label, PAIR_JOIN } from "./counts";
import { chooseReference, type Disparities, disparities, type Flag, judgeGroup, type Thresholds } from "./disparity";
import { type Interval, intervals, RATES, type RateName, type Rates, rates, total } from "./rates";
import { type FairlearnSummary, fairlearnSummary, fourFifths } from "./summary";

export type AuditConfig = {
  sensitiveAttributes: string[];
  /** As given: attribute (or "a × b") → reference group. */
  referenceGroups: Record<string, string>;
  positiveLabel: Label;
  thresholds: Thresholds;
  /** The rates whose disparities decide the verdict. */
  metrics: RateName[];
  minGroupSize: number;
  intersections: boolean;
};

export type GroupResult = {
  attribute: string;
  group: string;
  values: Record<string, string>;
  n: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
} & Rates & {
    intervals: Record<RateName, Interval | null>;
    disparities: Disparities;
    isReference: boolean;
    tooSmall: boolean;
    passed: boolean;
    flags: Flag[];
  };

export type AttributeSummary = FairlearnSummary & {
  referenceGroup: string | null;
  groups: number;
  /** The four-fifths rule over the groups large enough to judge; null when it does not apply. */
  fourFifths: { ratio: number | null; passed: boolean | null; groupsCompared: number };
  failingGroups: string[];
  tooSmallGroups: string[];
  notes: string[];
  passed: boolean;
};

export type AuditResult = {
  passed: boolean;
  recordCount: number;
  /** Reference group actually used, per attribute and per pair. */
  referenceGroups: Record<string, string | null>;
  groups: GroupResult[];
  summary: Record<string, AttributeSummary>;
  intersections: { groups: GroupResult[]; summary: Record<string, AttributeSummary> };
};

function evaluateAttribute(
  attribute: string,
  raw: GroupCounts[],
  reference: string | null,
  config: AuditConfig,
): { groups: GroupResult[]; summary: AttributeSummary } {
  const withRates = raw.map((g) => ({ ...g, n: total(g.counts), rates: rates(g.counts) }));
  const ref = withRates.find((g) => g.group === reference);
  const refRates = ref?.rates ?? (Object.fromEntries(RATES.map((r) => [r, null])) as Rates);
  const judgedCounts = withRates.filter((g) => g.n >= config.minGroupSize);
  const groups: GroupResult[] = withRates
    .map((g) => {
      const isReference = g.group === reference;
      const d = disparities(g.counts, ref?.counts ?? null);
      const judgement = judgeGroup({
        n: g.n,
        rates: g.rates,
        disparities: d,
        reference: { group: reference ?? "", rates: refRates },
        isReference,
        judged: config.metrics,
        thresholds: config.thresholds,
        minGroupSize: config.minGroupSize,
      });
      return {
        attribute,
        group: g.group,
        values: g.values,
        n: g.n,
        ...g.counts,
        ...g.rates,
        intervals: intervals(g.counts),
        disparities: d,
        isReference,
        tooSmall: judgement.tooSmall,
        passed: judgement.passed,
        flags: judgement.flags,
      };
    })
    .sort((a, b) => b.n - a.n || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));

  const ff = fourFifths(judgedCounts);
  const appliesFourFifths = config.metrics.includes("selectionRate");
  const notes: string[] = [];
  if (ref && ref.n < config.minGroupSize)
    notes.push(`The reference group (${ref.group}) has only ${ref.n} records; every disparity against it is uncertain.`);
  if (judgedCounts.length < 2) notes.push("Fewer than two groups are large enough to judge, so nothing is compared.");
  if (!appliesFourFifths) notes.push("Selection rate is not judged in this audit, so the four-fifths rule does not decide it.");
  const failingGroups = groups.filter((g) => !g.passed).map((g) => g.group);
  return {
    groups,
    summary: {
      referenceGroup: reference,
      groups: groups.length,
      ...fairlearnSummary(withRates),
      fourFifths: ff,
      failingGroups,
      tooSmallGroups: groups.filter((g) => g.tooSmall).map((g) => g.group),
      notes,
      passed: failingGroups.length === 0 && !(appliesFourFifths && ff.passed === false),
    },
  };
}

/** Check the references named in the config against the groups found; 400 naming each one that is not there. */
function resolveReferences(folded: Folded, config: AuditConfig): Record<string, string | null> {
  // keyed by attribute names, the caller's strings: null-prototype, and read by own property
  const out = Object.create(null) as Record<string, string | null>;
  const details: ErrorDetail[] = [];
  const pairNames = [...folded.pairs.keys()];
  for (const key of Object.keys(config.referenceGroups)) {
    if (!folded.singles.has(key) && !pairNames.includes(key))
      details.push({ path: `referenceGroups.${key}`, message: "is not one of the sensitive attributes (or a pair of them)" });
  }
  for (const [attribute, groups] of folded.singles) {
    const list = [...groups.values()].map((g) => ({ group: g.group, n: total(g.counts) }));
    const given = Object.hasOwn(config.referenceGroups, attribute) ? config.referenceGroups[attribute] : undefined;
    if (given !== undefined && !groups.has(given))
      details.push({
        path: `referenceGroups.${attribute}`,
        message: `'${given}' is not a group in the data (found: ${list
          .slice(0, 10)
          .map((g) => g.group)
          .join(", ")})`,
      });
    out[attribute] = chooseReference(list, given);
  }
  for (const [name, groups] of folded.pairs) {
    const list = [...groups.values()].map((g) => ({ group: g.group, n: total(g.counts) }));
    const given = Object.hasOwn(config.referenceGroups, name) ? config.referenceGroups[name] : undefined;
    if (given !== undefined) {
      if (!list.some((g) => g.group === given))
        details.push({ path: `referenceGroups.${name}`, message: `'${given}' is not a group in the data` });
      out[name] = given;
      continue;
    }
    // The pair of the two references when that combination has data, else the largest group of the pair.
    const [a, b] = name.split(PAIR_JOIN);
    const combined = [...groups.values()].find((g) => g.values[a] === out[a] && g.values[b] === out[b] && total(g.counts) > 0);
    out[name] = combined ? combined.group : chooseReference(list);
  }
  if (details.length) throw badRequest(`The reference groups do not match the data: ${details[0].path} ${details[0].message}.`, details);
  return out;
}

export function evaluate(folded: Folded, config: AuditConfig): AuditResult {
  const references = resolveReferences(folded, config);
  const groups: GroupResult[] = [];
  const summary = Object.create(null) as Record<string, AttributeSummary>;
  for (const [attribute, g] of folded.singles) {
    const r = evaluateAttribute(attribute, [...g.values()], references[attribute], config);
    groups.push(...r.groups);
    summary[attribute] = r.summary;
  }
  const ix = { groups: [] as GroupResult[], summary: Object.create(null) as Record<string, AttributeSummary> };
  if (config.intersections)
    for (const [name, g] of folded.pairs) {
      const r = evaluateAttribute(name, [...g.values()], references[name], config);
      ix.groups.push(...r.groups);
      ix.summary[name] = r.summary;
    }
  const passed = Object.values(summary).every((s) => s.passed) && Object.values(ix.summary).every((s) => s.passed);
  return { passed, recordCount: folded.records, referenceGroups: references, groups, summary, intersections: ix };
}
