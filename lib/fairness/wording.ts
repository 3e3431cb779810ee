// Plain-language sentences for an audit's findings, so a reviewer who does not read "fpr disparity 1.91" still sees
// who is harmed: "People in the African-American group are flagged as high risk 1.91 times as often as those in the
// Caucasian group when they do not reoffend." Pure.
import type { RateName } from "./rates";

export type Wording = { predicted: string; positive: string; negative: string };

export const DEFAULT_WORDING: Wording = {
  predicted: "predicted positive",
  positive: "are actually positive",
  negative: "are actually negative",
};

export function wordingOf(w: Partial<Wording> | null | undefined): Wording {
  return { ...DEFAULT_WORDING, ...Object.fromEntries(Object.entries(w ?? {}).filter(([, v]) => v)) };
}

/** 1.912 → "1.91"; 0.5 → "0.5"; keeps three significant figures, as the charts do. */
export function times(x: number): string {
  return x >= 100 ? x.toFixed(0) : Number(x.toPrecision(3)).toString();
}

/** The sentence for one disparity of one group against the reference group. */
export function disparitySentence(metric: RateName, group: string, reference: string, disparity: number, wording: Wording): string {
  const d = `${times(disparity)} times as often as`;
  const { predicted: P, positive: POS, negative: NEG } = wording;
  const people = `People in the ${group} group`;
  const those = `those in the ${reference} group`;
  switch (metric) {
    case "selectionRate":
      return `${people} are ${P} ${d} ${those}.`;
    case "fpr":
      return `${people} are ${P} ${d} ${those} when they ${NEG}.`;
    case "tpr":
      return `${people} are ${P} ${d} ${those} when they ${POS}.`;
    case "fnr":
      return `${people} are not ${P} ${d} ${those} when they ${POS}.`;
    case "tnr":
      return `${people} are not ${P} ${d} ${those} when they ${NEG}.`;
    case "ppv":
      return `When people in the ${group} group are ${P}, they ${POS} ${d} in the ${reference} group.`;
    case "fdr":
      return `When people in the ${group} group are ${P}, they ${NEG} ${d} in the ${reference} group.`;
    case "npv":
      return `When people in the ${group} group are not ${P}, they ${NEG} ${d} in the ${reference} group.`;
    case "for":
      return `When people in the ${group} group are not ${P}, they ${POS} ${d} in the ${reference} group.`;
    case "prevalence":
      return `${people} ${POS} ${d} ${those}, in the data.`;
    case "accuracy":
      return `Predictions for the ${group} group are right ${d} for the ${reference} group.`;
  }
}

const pct = (x: number) => `${Number((x * 100).toPrecision(3))}`;

/** What each summary figure means, in a sentence, for the attribute's groups. */
export const summaryMeaning = {
  demographicParityDifference: (x: number, w: Wording) =>
    `The share of people ${w.predicted} differs by up to ${pct(x)} percentage points between groups (0 is equal).`,
  demographicParityRatio: (x: number, w: Wording) =>
    `The group ${w.predicted} least often is ${w.predicted} ${times(x)} times as often as the group ${w.predicted} most often (1 is equal).`,
  equalizedOddsDifference: (x: number) =>
    `True or false positive rates differ by up to ${pct(x)} percentage points between groups (0 is equal).`,
  equalizedOddsRatio: (x: number) => `The lowest true or false positive rate of a group is ${times(x)} of the highest (1 is equal).`,
  disparateImpact: (x: number) =>
    x >= 0.8
      ? `Lowest selection rate ÷ highest is ${times(x)}: at least four-fifths, so no adverse impact under the four-fifths rule.`
      : `Lowest selection rate ÷ highest is ${times(x)}: under four-fifths (0.8), which the four-fifths rule treats as adverse impact.`,
};
