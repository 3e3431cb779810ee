import type { NextConfig } from "next";

const config: NextConfig = {
  // PGlite loads its WASM from files next to it; bundling breaks that.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
