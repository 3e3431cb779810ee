import type { ModelCard } from "@/lib/cards/schemas";

/**
 * The editor's working copy of a card: every section present, every list with at least one (maybe blank) row to
 * type into, thresholds as typed. Blank rows are harmless: the store drops them (normalizeCard), so what the editor
 * saves and what the API saves are the same card.
 */
export type Row<K extends string> = Record<K, string>;
export type Draft = {
  modelDetails: { text: string; developers: string[]; date: string; type: string; license: string; citation: string; contact: string };
  intendedUse: { text: string; primaryUses: string[]; primaryUsers: string[]; outOfScopeUses: string[] };
  factors: { text: string; relevantFactors: string[]; evaluationFactors: string[] };
  metrics: { text: string; performanceMeasures: Row<"name" | "threshold" | "why">[] };
  evaluationData: { text: string; datasets: Row<"name" | "link" | "description">[] };
  trainingData: { text: string; datasets: Row<"name" | "link" | "description">[] };
  quantitativeAnalyses: { text: string; evaluationIds: string[]; biasAuditIds: string[] };
  ethicalConsiderations: { text: string; items: Row<"name" | "mitigation">[] };
  caveatsAndRecommendations: { text: string };
};

const list = (xs: string[] | undefined) => (xs?.length ? [...xs] : [""]);
const rows = <K extends string>(xs: Partial<Record<K, unknown>>[] | undefined, keys: readonly K[]): Row<K>[] => {
  const out = (xs ?? []).map(
    (x) => Object.fromEntries(keys.map((k) => [k, x[k] === undefined || x[k] === null ? "" : String(x[k])])) as Row<K>,
  );
  return out.length ? out : [Object.fromEntries(keys.map((k) => [k, ""])) as Row<K>];
};

export const DATASET_KEYS = ["name", "link", "description"] as const;
export const MEASURE_KEYS = ["name", "threshold", "why"] as const;
export const ETHICS_KEYS = ["name", "mitigation"] as const;

export function toDraft(c: ModelCard): Draft {
  const md = c.modelDetails ?? {};
  return {
    modelDetails: {
      text: md.text ?? "",
      developers: list(md.developers),
      date: md.date ?? "",
      type: md.type ?? "",
      license: md.license ?? "",
      citation: md.citation ?? "",
      contact: md.contact ?? "",
    },
    intendedUse: {
      text: c.intendedUse?.text ?? "",
      primaryUses: list(c.intendedUse?.primaryUses),
      primaryUsers: list(c.intendedUse?.primaryUsers),
      outOfScopeUses: list(c.intendedUse?.outOfScopeUses),
    },
    factors: {
      text: c.factors?.text ?? "",
      relevantFactors: list(c.factors?.relevantFactors),
      evaluationFactors: list(c.factors?.evaluationFactors),
    },
    metrics: { text: c.metrics?.text ?? "", performanceMeasures: rows(c.metrics?.performanceMeasures, MEASURE_KEYS) },
    evaluationData: { text: c.evaluationData?.text ?? "", datasets: rows(c.evaluationData?.datasets, DATASET_KEYS) },
    trainingData: { text: c.trainingData?.text ?? "", datasets: rows(c.trainingData?.datasets, DATASET_KEYS) },
    quantitativeAnalyses: {
      text: c.quantitativeAnalyses?.text ?? "",
      evaluationIds: [...(c.quantitativeAnalyses?.evaluationIds ?? [])],
      biasAuditIds: [...(c.quantitativeAnalyses?.biasAuditIds ?? [])],
    },
    ethicalConsiderations: { text: c.ethicalConsiderations?.text ?? "", items: rows(c.ethicalConsiderations?.items, ETHICS_KEYS) },
    caveatsAndRecommendations: { text: c.caveatsAndRecommendations?.text ?? "" },
  };
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

/**
 * The card to PUT, and the fields the browser can already tell are wrong (a threshold that is not a number), by
 * the same JSON paths the API names in its 400 details.
 */
export function fromDraft(d: Draft): { card: ModelCard; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const performanceMeasures = d.metrics.performanceMeasures.map((m, i) => {
    const t = m.threshold.trim();
    if (t !== "" && !NUMBER.test(t)) errors[`metrics.performanceMeasures[${i}].threshold`] = "must be a number, such as 0.8";
    return { name: m.name, why: m.why, ...(t !== "" && NUMBER.test(t) ? { threshold: Number(t) } : {}) };
  });
  const card: ModelCard = {
    ...d,
    modelDetails: { ...d.modelDetails },
    metrics: { text: d.metrics.text, performanceMeasures },
  };
  return { card, errors };
}
