import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { clientAddress } from "../security/address";
import { hit, UNKNOWN_TOKENS_PER_ADDRESS } from "../security/limits";
import { RefusedToken, tokenHint } from "../security/record";
import type { Actor } from "./actor";
import { authOptions } from "./next-auth";
import { actorFromSession } from "./sessions";
import { resolveToken } from "./tokens";

/** The signed-in browser user, asked once per request. */
export const sessionActor = cache(async (): Promise<Actor | null> => {
  const s = await getServerSession(authOptions);
  return s?.sid ? actorFromSession(s.sid) : null;
});

/**
 * A credential nobody issued (an unknown token, or a header that is not a Bearer token) from this address: 401, or,
 * past 20 of them from the address within a minute, 429 with Retry-After. Revoked and expired tokens were issued
 * (a stale pipeline, not a guess) and are not counted. A valid token is resolved first and never refused here, so a
 * client with a good token works from any address, a limited one included; guessing gains nothing from that, since
 * a token is 256 random bits.
 */
async function refuseUnknown(req: Request, message: string, refusal: { reason: string; token: string | null }): Promise<never> {
  const address = clientAddress(req.headers);
  const h = await hit(UNKNOWN_TOKENS_PER_ADDRESS, address);
  const full = { ...refusal, email: null, address };
  if (!h.allowed)
    throw new RefusedToken(
      `Too many unknown tokens from your address; try again in ${h.retryAfter} seconds.`,
      { ...full, reason: `${refusal.reason} (rate limited)` },
      { retryAfter: h.retryAfter },
    );
  throw new RefusedToken(message, full);
}

/** The caller of an API request: a Bearer token if one is sent (and then only it), else the browser session. */
export async function actorFromRequest(req: Request): Promise<Actor | null> {
  const h = req.headers.get("authorization");
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    // A refusal carries what the security log keeps of it (route() writes the row): never the secret.
    if (!m)
      return refuseUnknown(req, "The Authorization header must be 'Bearer <token>'.", {
        reason: "malformed Authorization header",
        token: null,
      });
    const r = await resolveToken(m[1]);
    if ("refused" in r) {
      if (r.refused.reason === "unknown token")
        return refuseUnknown(req, "The token is unknown, revoked or expired, or its user is disabled.", {
          reason: "unknown token",
          token: tokenHint(m[1]),
        });
      throw new RefusedToken("The token is unknown, revoked or expired, or its user is disabled.", {
        reason: r.refused.reason,
        token: r.refused.tokenId ?? tokenHint(m[1]),
        email: r.refused.email,
        address: clientAddress(req.headers),
      });
    }
    return r.actor;
  }
  return sessionActor();
}
