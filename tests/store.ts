import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { closeDb, driverName, getDb } from "@/db/client";

/**
 * A fresh store for one test file: PGlite in memory, or, when DATABASE_URL is set, a new database on that
 * (local) server, dropped afterwards. The same tests run on both.
 */
export function useFreshStore() {
  const serverUrl = process.env.DATABASE_URL;
  let dbName: string | null = null;
  beforeAll(async () => {
    await closeDb();
    if (serverUrl) {
      const u = new URL(serverUrl);
      if (!["localhost", "127.0.0.1", "::1"].includes(u.hostname)) throw new Error("tests only run against a local Postgres");
      const { Client } = await import("pg");
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      dbName = `steward_test_${randomBytes(4).toString("hex")}`;
      await admin.query(`create database ${dbName}`);
      await admin.end();
      u.pathname = `/${dbName}`;
      process.env.DATABASE_URL = u.toString();
    } else {
      process.env.DATA_DIR = "memory://";
    }
    await getDb();
  });
  afterAll(async () => {
    await closeDb();
    if (serverUrl && dbName) {
      process.env.DATABASE_URL = serverUrl;
      const { Client } = await import("pg");
      const admin = new Client({ connectionString: serverUrl });
      await admin.connect();
      // Wait (briefly) for the closed pool's connections to leave, so force has nothing left to terminate.
      for (let i = 0; i < 50; i++) {
        const r = await admin.query("select count(*)::int as n from pg_stat_activity where datname = $1", [dbName]);
        if (r.rows[0].n === 0) break;
        await new Promise((res) => setTimeout(res, 100));
      }
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  });
  return { driver: () => driverName() };
}
