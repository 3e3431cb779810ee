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
if [ "${STEWARD_STORE_TESTS_ONLY:-}" = "1" ]; then
  # .ci/run's second pass, on a PostgreSQL server: the vitest files that touch a store (the others are pure logic,
  # already run on the first pass, and their result cannot depend on the store).
  mapfile -t store_tests < <(grep -lE "useFreshStore|@/db/client|DATABASE_URL|getDb\(" $(git ls-files 'lib/**/*.test.ts' 'db/**/*.test.ts' 'tests/**/*.test.ts' 'lib/*.test.ts' 'db/*.test.ts' 'tests/*.test.ts' | sort -u))
  echo "Store tests only (STEWARD_STORE_TESTS_ONLY=1): ${#store_tests[@]} files."
  npx vitest run "${store_tests[@]}"
else
  npm run test:unit
fi
[ -n "$reuse" ] || npm run build
npm run test:e2e
