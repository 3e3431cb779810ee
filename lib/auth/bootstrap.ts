import "server-only";
import { asc, sql } from "drizzle-orm";
import { conn, driverName, transact } from "@/db/client";
import { LOCKS } from "@/db/locks";
import { users } from "@/db/schema";
import { log } from "../log";
import { SYSTEM } from "./actor";
import { registerBootstrapToken } from "./tokens";
import { createUser, findUserByEmail } from "./users";

/**
 * Read at start-up: PORTAL_ADMIN_EMAIL + PORTAL_ADMIN_PASSWORD create the first admin when no user exists;
 * PORTAL_BOOTSTRAP_TOKEN registers that string as an admin-scoped token of that admin, once.
 */
export async function bootstrap(env = process.env): Promise<void> {
  // Several instances starting at once on one PostgreSQL each found no user and each created the first admin: all but
  // one failed to start ("A user with the email … exists already"). One bootstraps at a time, in one transaction.
  await transact(async (tx) => {
    if (driverName() === "postgres") await tx.execute(sql`select pg_advisory_xact_lock(${LOCKS.bootstrap})`);
    await bootstrapNow(env);
  });
}

async function bootstrapNow(env: NodeJS.ProcessEnv): Promise<void> {
  const db = await conn();
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  const email = env.PORTAL_ADMIN_EMAIL?.trim().toLowerCase();
  const password = env.PORTAL_ADMIN_PASSWORD;
  if (Number(n) === 0 && email && password) {
    await createUser(SYSTEM, { email, name: "Administrator", roles: ["admin"], password });
    log("info", "created the first admin from PORTAL_ADMIN_EMAIL", { email });
  }
  const token = env.PORTAL_BOOTSTRAP_TOKEN;
  if (token) {
    if (token.length < 32) {
      log("warn", "PORTAL_BOOTSTRAP_TOKEN is ignored: it must be at least 32 characters");
    } else {
      const owner =
        (email ? await findUserByEmail(email) : undefined) ??
        (await db.select().from(users).where(sql`'admin' = any(${users.roles})`).orderBy(asc(users.id)).limit(1))[0];
      if (!owner) log("warn", "PORTAL_BOOTSTRAP_TOKEN is ignored: there is no admin to issue it to yet");
      else if (await registerBootstrapToken(owner.id, token)) log("info", "registered PORTAL_BOOTSTRAP_TOKEN", { user: owner.email });
    }
  }
  const [{ m }] = await db.select({ m: sql<number>`count(*)::int` }).from(users);
  if (Number(m) === 0) {
    console.log(
      "\nSteward has no users yet. Create the first admin by starting it with\n" +
        "  PORTAL_ADMIN_EMAIL=you@example.com PORTAL_ADMIN_PASSWORD='a long passphrase' npm start\n" +
        "or run `npm run demo` for a portal with demo data and one user per role.\n",
    );
  }
}
