/**
 * What an alert source proposes for one episode (`key`), for the evaluator to settle (lib/slo/evaluate.ts): a severity
 * fires it or keeps it firing, null resolves an open one. Every source (SLO burn rates, drift, outliers, quality,
 * pipelines, cold starts) speaks this one shape; each narrows `kind` and which ids it carries.
 */
export type AlertCandidate<Kind extends string = string> = {
  key: string;
  kind: Kind;
  modelId: number;
  model: string;
  versionId: number | null;
  version: string | null;
  sloId: string | null;
  severity: "page" | "ticket" | null;
  title: string;
  details: Record<string, unknown>;
};
