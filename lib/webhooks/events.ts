/** The events the portal sends to webhooks. A webhook subscribes by exact name, "*", or a prefix such as "release.*". */
export const RELEASE_EVENTS = [
  "release.requested",
  "release.approved",
  "release.rejected",
  "release.changes_requested",
  "release.resubmitted",
  "release.cancelled",
  "release.rollback_requested",
  "release.rolled_back",
] as const;

/** A dataset's schema changed upstream of models (ticket severity; names the production models it feeds). */
export const LINEAGE_EVENTS = ["lineage.schema_changed"] as const;

/** An alert fired or resolved (sent once each, unless a silence covers it). */
export const ALERT_EVENTS = ["alert.fired", "alert.resolved"] as const;

/** A signed checkpoint of the audit trail was published (for witnesses and archives outside Steward). */
export const AUDIT_EVENTS = ["audit.checkpoint"] as const;

/** A model owner's attestation fell due (sent once per model and due date by lib/mrm/reminders.ts). */
export const ATTESTATION_EVENTS = ["attestation.due"] as const;

/** Every event a webhook can subscribe to. */
export const ALL_EVENTS = [...RELEASE_EVENTS, ...LINEAGE_EVENTS, ...ALERT_EVENTS, ...AUDIT_EVENTS, ...ATTESTATION_EVENTS] as const;

/** Sent only by "Send test event", to the one webhook asked for, whatever it subscribes to. */
export const TEST_EVENT = "webhook.test" as const;

export const DEFAULT_EVENTS = ["release.*"];

/** "*", a dotted name ("release.approved"), or a dotted prefix ending in ".*" ("release.*"). */
export const EVENT_PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

export function eventMatches(pattern: string, event: string): boolean {
  if (pattern === "*" || pattern === event) return true;
  return pattern.endsWith(".*") && event.startsWith(pattern.slice(0, -1));
}

export const subscribes = (patterns: readonly string[], event: string) => patterns.some((p) => eventMatches(p, event));
