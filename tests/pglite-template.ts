// vitest globalSetup: on the embedded store (no DATABASE_URL), one PGlite is created and migrated once, and its data
// directory dumped to a file that every test file's fresh in-memory store starts from (db/client.ts reads
// STEWARD_PGLITE_TEMPLATE). Creating a PGlite runs initdb in WebAssembly, about 4 s; loading a dump takes well under
// one. Each file still runs the migrations (none left to apply) and gets a store of its own.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export default async function setup() {
  if (process.env.DATABASE_URL) return;
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const client = new PGlite();
  await client.waitReady;
  await migrate(drizzle(client), { migrationsFolder: path.join(process.cwd(), "db", "migrations") });
  const dump = await client.dumpDataDir("none");
  await client.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "steward-vitest-"));
  const file = path.join(dir, "template.tar");
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.STEWARD_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
