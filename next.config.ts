import type { NextConfig } from "next";
import { API_RESPONSE, EVERY_RESPONSE } from "./lib/security/headers";

const config: NextConfig = {
  // PGlite loads its WASM from files next to it; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  // A separate build folder per concurrent checkout of the tests (NEXT_DIST_DIR), .next by default.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The container image (Dockerfile) runs .next/standalone/server.js: the server and only the node_modules it needs.
  // `npm start` (next start) still serves this build; it only logs that standalone output is meant for server.js.
  output: "standalone",
  // Read at run time from process.cwd() (db/client.ts), so the file tracer cannot see them: copy them in.
  outputFileTracingIncludes: { "/*": ["./db/migrations/**/*"] },
  // Security headers (lib/security/headers.ts): these on every response; each page's nonce CSP comes from proxy.ts.
  async headers() {
    return [
      { source: "/:path*", headers: EVERY_RESPONSE },
      { source: "/api/:path*", headers: API_RESPONSE },
      { source: "/v1/:path*", headers: API_RESPONSE },
    ];
  },
  experimental: {
    // With a proxy, Next buffers each body and silently cuts it at this size (10 MB by default), so a chunked body
    // over lib/api/handler's 10 MB limit arrived cut short and was refused as bad JSON (400) instead of 413.
    // A margin above that limit lets the handler count the bytes and answer 413 itself.
    proxyClientMaxBodySize: "11mb",
  },
  typedRoutes: false,
};

export default config;
