#!/usr/bin/env bash
# `npm test`: lint, typecheck, unit and store tests (vitest), the production build, then the e2e suites (Playwright).
# With STEWARD_REUSE_BUILD=1 and a build already in place, the typecheck and build are skipped: .ci/run sets it for
# its second pass, on the PostgreSQL server, since neither depends on the store (pages are rendered per request).
set -euo pipefail
reuse=""
if [ "${STEWARD_REUSE_BUILD:-}" = "1" ] && [ -f "${NEXT_DIST_DIR:-.next}/BUILD_ID" ]; then
  reuse=1
  echo "Reusing this checkout's typecheck and build (STEWARD_REUSE_BUILD=1)."
fi
npm run lint
[ -n "$reuse" ] || npm run typecheck
npm run test:unit
[ -n "$reuse" ] || npm run build
npm run test:e2e
