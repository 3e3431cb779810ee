import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { unauthenticated } from "../errors";
import type { Actor } from "./actor";
import { authOptions } from "./next-auth";
import { actorFromSession } from "./sessions";
import { actorFromToken } from "./tokens";

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
    if (!m) throw unauthenticated("The Authorization header must be 'Bearer <token>'.");
    const a = await actorFromToken(m[1]);
    if (!a) throw unauthenticated("The token is unknown, revoked or expired, or its user is disabled.");
    return a;
  }
  return sessionActor();
}
