#!/usr/bin/env bash
# `npm test`: everything CI checks, in order of speed. Needs PostgreSQL and Redis running (see README);
# browser journeys need Debian's chromium at /usr/bin/chromium and exports need unzip (installed below when it can).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .reports

# Debian's chromium and unzip: installed here when root with apt-get, otherwise one line says what to install;
# then PostgreSQL and Redis must answer (one line naming the address and how to start it when not).
node_modules/.bin/tsx scripts/preflight.ts packages
node_modules/.bin/tsx scripts/preflight.ts services --test

echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint . --max-warnings=0
echo "== unit and integration tests (vitest, real PostgreSQL and Redis)"
npx vitest run --reporter=default --reporter=json --outputFile=.reports/vitest.json
echo "== browser journeys (Playwright, Debian Chromium, production build)"
E2E_REBUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME=.reports/playwright.json npx playwright test --reporter=list,json

node -e '
const fs = require("fs");
const v = JSON.parse(fs.readFileSync(".reports/vitest.json", "utf8"));
const p = JSON.parse(fs.readFileSync(".reports/playwright.json", "utf8")).stats;
const passed = v.numPassedTests + p.expected + p.flaky, failed = v.numFailedTests + p.unexpected;
console.log(`${passed} passed, ${failed} failed` + (v.numPendingTests + p.skipped ? `, ${v.numPendingTests + p.skipped} skipped` : ""));
'
