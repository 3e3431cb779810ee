import type { EvidenceItem } from "./types";

/** A model whose evidence is looked up: the version shown for it (production, else its newest). */
export type Target = {
  modelId: number;
  model: string;
  versionId: number;
  version: string;
  stage: string;
  riskTier: string;
  runbookUrl: string | null;
};

/**
 * One kind's lookup: every target's items of that kind (a kind may give several refs, as the card gives one per
 * section), read with one query for all targets together, never a query per model.
 */
export type EvidenceLookup = (targets: readonly Target[], now: Date) => Promise<Map<number, EvidenceItem[]>>;
