/** Steward card JSON → PUT card; Model Card Toolkit JSON or a Hugging Face README → POST card/import. */
export function cardPush(ctx: Ctx): Promise<void>;
/** "1" → 1, "true" → true, other text as it is: labels and predictions as a CSV writes them. */
export function labelOf(s: string): string | number | boolean;
/**
 * Predictions (CSV with a header row, or NDJSON) streamed to the bias-audit endpoint as application/x-ndjson: the audit
 * header, then one record a line. Columns: --label-column (label), --prediction-column (prediction), --score-column
 * (score, optional) and each --attribute. An NDJSON line already shaped as a record ({label, prediction, attributes})
 * is sent as it is.
 */
export function auditPush(ctx: Ctx): Promise<void>;
/** OpenLineage events: a JSON event or array, or NDJSON (one event a line), posted in batches of --batch (500). */
export function lineagePush(ctx: Ctx): Promise<void>;
export type Ctx = import("./main.mjs").Ctx;
