// npm run db:seed: demo users (password from SEED_PASSWORD, or printed) and the demo portfolio.
import { randomBytes } from "node:crypto";
import { closeDb, driverName, getDb } from "../db/client";
import { DEMO_USERS, seedPortfolio, seedUsers } from "../lib/demo/seed";

await getDb();
const passwords = new Map<string, string>();
await seedUsers((email) => {
  const p = process.env.SEED_PASSWORD ?? randomBytes(9).toString("base64url");
  passwords.set(email, p);
  return p;
});
const seeded = await seedPortfolio();
await closeDb();
console.log(`seeded on ${driverName()}: ${seeded ? "demo portfolio" : "portfolio existed already"}`);
for (const u of DEMO_USERS)
  if (passwords.has(u.email)) console.log(`  ${u.roles.join(",").padEnd(12)} ${u.email}  ${passwords.get(u.email)}`);
