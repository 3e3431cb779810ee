// `npm run bench` runs every bench/*.ts (but this one) in turn; `npm run bench -- NAME` runs bench/NAME.ts alone.
// Each benchmark documents what it needs (usually a running server) at its top.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const dir = path.join(process.cwd(), "bench");
const wanted = process.argv.slice(2);
const all = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.replace(/\.ts$/, ""))
  .sort();
const names = wanted.length ? wanted : all;
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length) {
  console.error(`No such benchmark: ${unknown.join(", ")}. There are: ${all.join(", ")}.`);
  process.exit(2);
}
let failed = 0;
for (const name of names) {
  console.log(`\n== ${name} ==`);
  const r = spawnSync("npx", ["tsx", "--conditions=react-server", path.join(dir, `${name}.ts`)], { stdio: "inherit", env: process.env });
  if (r.status !== 0) {
    failed++;
    console.error(`${name} exited with ${r.status}`);
  }
}
process.exit(failed ? 1 : 0);
