/** Events a request may carry (API.md); more is 413. The 10 MB body limit is route()'s. */
export const MAX_EVENTS = 10_000;
/** Points (steps in the window) a read may ask for; more is 400 naming `step`. */
export const MAX_POINTS = 10_000;
/** When no step is given, the finest step giving at most this many points. */
export const DEFAULT_MAX_POINTS = 1_000;
/** Raw events kept per version and hour, by pool (telemetry_samples): at most 200 in all. */
export const SAMPLE_QUOTA = { error: 100, loss: 50, uniform: 50 } as const;
/** How long an ingesting process reuses a sample pool's threshold before asking the store again (ingest.ts). */
export const SAMPLE_THRESHOLD_MS = 2_000;
/** How often each instance tries to compact pending telemetry into the tiers (one at a time; compact.ts). */
export const COMPACT_EVERY_MS = 1_000;
/** Pending batches (rows of telemetry_pending) moved by one compaction transaction. */
export const COMPACT_BATCH = 200;
/** An event stamped further ahead than this is refused (a clock gone wrong would write into the future). */
export const MAX_FUTURE_MS = 24 * 3600_000;

export const STEPS = { "1m": 60, "5m": 300, "1h": 3600, "1d": 86_400 } as const;
export type Step = keyof typeof STEPS;
export const TIERS = { minute: 60, hour: 3600, day: 86_400 } as const;
export type Tier = keyof typeof TIERS;
