#!/usr/bin/env node
// The `steward` command (package.json "bin"): plain ESM on Node's standard library, no build step.
import { main } from "../cli/main.mjs";

process.exitCode = await main(process.argv.slice(2));
