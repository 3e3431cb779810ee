// npm run db:migrate: apply the migrations in db/migrations to the configured store (PGlite or DATABASE_URL).
import { closeDb, driverName, getDb } from "../db/client";

await getDb();
await closeDb();
console.log(`migrations applied (${driverName()})`);
