/** @typedef {import("./main.mjs").Ctx} Ctx */
/** "90", "500ms", "90s", "15m", "2h" → milliseconds. @param {string} s @param {string} flag */
export function duration(s: string, flag: string): number;
export function releaseRequest(ctx: Ctx): Promise<void>;
export function releaseShow(ctx: Ctx): Promise<void>;
/**
 * Poll the release until it is decided: exit 0 approved; 1 rejected, changes requested or cancelled; 2 when --timeout
 * passes first. A refusal (401, 403, 404) ends the wait at once (3); a network error or a 5xx is tried again.
 */
export function releaseWait(ctx: Ctx): Promise<void>;
export type Ctx = import("./main.mjs").Ctx;
