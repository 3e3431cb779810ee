import { z } from "zod";
import { SECURITY_EVENT_KINDS } from "@/db/schema/security";

export { SECURITY_EVENT_KINDS, type SecurityEventKind } from "@/db/schema/security";

export const SecurityEventKindSchema = z.enum(SECURITY_EVENT_KINDS).meta({
  description:
    'sign_in_refused: a refused sign-in (wrong password, unknown user, disabled account, rate-limited, single sign-on refused); token_refused: a bearer token refused with 401, or 429 past the limit on unknown ones (unknown, revoked, expired, its user disabled, or a malformed header); permission_denied: a 403 from the API, or a page refused to a signed-in user (path without /api, reason starting "page:")',
});

const Window = z.object({ last24h: z.number().int(), last7d: z.number().int() });

export const SecurityEvent = z
  .object({
    id: z.number().int(),
    at: z.string().meta({ description: "ISO 8601, UTC" }),
    kind: SecurityEventKindSchema,
    email: z
      .string()
      .nullable()
      .meta({ description: "who, when known: the email typed at sign-in, the token's user, or the denied caller" }),
    token: z
      .string()
      .nullable()
      .meta({ description: "the token's id (tok_…) when known, else at most its first 8 characters followed by …; never the secret" }),
    method: z.string().nullable(),
    path: z.string().nullable(),
    reason: z.string(),
    requestId: z.string().meta({ description: "the request id of the first event the row counts" }),
    address: z.string().nullable().meta({
      description: 'the client address (TRUST_PROXY), "unknown" when it cannot be known; null on rows that do not record it',
    }),
    count: z.number().int().meta({
      description:
        "how many events the row counts: refused sign-ins and tokens are one row per address, minute and reason (its details are the first's); 1 otherwise",
    }),
    lastAt: z
      .string()
      .nullable()
      .meta({ description: "the last event an aggregated row counts (ISO 8601, UTC); null for a one-event row" }),
  })
  .meta({ id: "SecurityEvent" });
export type SecurityEventView = z.infer<typeof SecurityEvent>;

export const SecuritySummary = z
  .object({
    generatedAt: z.string(),
    counts: z.object({ sign_in_refused: Window, token_refused: Window, permission_denied: Window }).meta({
      description: "events per kind over the 24 hours and the 7 days before generatedAt (aggregated rows count as their count)",
    }),
    daily: z
      .array(
        z.object({
          day: z.string().meta({ description: "YYYY-MM-DD (UTC)" }),
          sign_in_refused: z.number().int(),
          token_refused: z.number().int(),
          permission_denied: z.number().int(),
        }),
      )
      .meta({ description: "the 7 UTC days up to and including today (so far), oldest first" }),
    recent: z.array(SecurityEvent).meta({ description: "the 20 most recent rows of the last 7 days, newest (by last event) first" }),
  })
  .meta({ id: "SecuritySummary" });
export type SecuritySummaryView = z.infer<typeof SecuritySummary>;
