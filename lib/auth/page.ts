import "server-only";
import { redirect } from "next/navigation";
import type { Actor } from "./actor";
import { sessionActor } from "./current";

/** For server pages: the signed-in user, or a redirect to /login (the session is checked in Postgres). */
export async function requirePageActor(): Promise<Actor> {
  const a = await sessionActor();
  if (!a) redirect("/login");
  return a;
}
