/** @typedef {import("./main.mjs").Ctx} Ctx */
/** "k=v" pairs into an object; values through `value`. @param {string[]} pairs @param {string} flag @param {(v: string) => unknown} value */
export function pairs(pairs: string[], flag: string, value: (v: string) => unknown): Record<string, unknown>;
export function modelRegister(ctx: Ctx): Promise<void>;
export function versionRegister(ctx: Ctx): Promise<void>;
export function evaluationAdd(ctx: Ctx): Promise<void>;
export function whoami(ctx: Ctx): Promise<void>;
export function number(flag: string): (/** @type {string} */ v: string) => number;
export type Ctx = import("./main.mjs").Ctx;
