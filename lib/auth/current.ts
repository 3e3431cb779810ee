import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
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

/** The caller of an API request: a Bearer token if one is sent (and then only it), else the browser session. */
export async function actorFromRequest(req: Request): Promise<Actor | null> {
  const h = req.headers.get("authorization");
  if (h) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    // A refusal carries what the security log keeps of it (route() writes the row): never the secret.
    if (!m)
      throw new RefusedToken("The Authorization header must be 'Bearer <token>'.", { reason: "malformed Authorization header", token: null, email: null });
    const r = await resolveToken(m[1]);
    if ("refused" in r)
      throw new RefusedToken("The token is unknown, revoked or expired, or its user is disabled.", {
        reason: r.refused.reason,
        token: r.refused.tokenId ?? tokenHint(m[1]),
        email: r.refused.email,
      });
    return r.actor;
  }
  return sessionActor();
}
