// npm start: the production server. Migrations run at start-up (instrumentation.ts).
import { spawn } from "node:child_process";
import fs from "node:fs";

if (!fs.existsSync(".next/BUILD_ID")) {
  console.error("No production build found: run `npm run build` first.");
  process.exit(1);
}
const port = process.env.PORT ?? "3000";
// Keep idle connections longer than the usual load balancer's idle timeout (60 s), so the server never closes a socket
// the balancer (or an API client) is about to reuse.
const child = spawn("npx", ["next", "start", "-p", port, "-H", process.env.HOST ?? "0.0.0.0", "--keepAliveTimeout", "75000"], {
  stdio: "inherit",
  env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
child.on("exit", (code) => process.exit(code ?? 0));
