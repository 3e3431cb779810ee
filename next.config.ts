import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite loads its WASM from files next to it; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  // A separate build folder per concurrent checkout of the tests (NEXT_DIST_DIR), .next by default.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
