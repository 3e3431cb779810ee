/** An MLflow name as a Steward slug: lower case, other characters as "-", at most 128. */
export function slugOf(name: string): string;
/**
 * An MLflow run id (uuid4().hex: 32 hex digits) as the UUID Steward's trainingRunId takes; null for anything that is
 * not an RFC 9562 UUID without its dashes (version 1–8, variant 10xx), which stays in the version's params only.
 */
export function runUuid(id: string | undefined): string;
/** The latest value of each metric (runs/get gives one a key; if a server gives more, the latest step, then time). */
export function latestMetrics(metrics: {
    key: string;
    value: number;
    timestamp?: number | string;
    step?: number | string;
}[]): Record<string, number>;
export function importMlflow(ctx: Ctx): Promise<void>;
/** @typedef {import("./main.mjs").Ctx} Ctx */
/** @typedef {{ name: string, description?: string, tags?: { key: string, value: string }[], aliases?: { alias: string, version: string }[] }} RegisteredModel */
/** @typedef {{ name: string, version: string, current_stage?: string, description?: string, source?: string, run_id?: string, status?: string, aliases?: string[], tags?: { key: string, value: string }[] }} ModelVersion */
/** @typedef {{ action: string, model: string, version?: string, detail: string, apply?: () => Promise<unknown> }} Step */
/** MLflow's stages (current_stage) and what they are in Steward (API.md "Stages"). */
export const STAGE_OF: Map<string, string>;
/** Aliases that say where a version serves, as MLflow's own docs name them; --alias-stage adds or overrides. */
export const DEFAULT_ALIAS_STAGES: Map<string, string>;
export type Ctx = import("./main.mjs").Ctx;
export type RegisteredModel = {
    name: string;
    description?: string;
    tags?: {
        key: string;
        value: string;
    }[];
    aliases?: {
        alias: string;
        version: string;
    }[];
};
export type ModelVersion = {
    name: string;
    version: string;
    current_stage?: string;
    description?: string;
    source?: string;
    run_id?: string;
    status?: string;
    aliases?: string[];
    tags?: {
        key: string;
        value: string;
    }[];
};
export type Step = {
    action: string;
    model: string;
    version?: string;
    detail: string;
    apply?: () => Promise<unknown>;
};
