#!/usr/bin/env bash
# The whole test suite: typecheck, unit, API (HTTP + socket.io, embedded database and — when
# TEST_DATABASE_URL is set — the PostgreSQL server), CLI, editor components and end-to-end
# tests in Chromium. Installs what it can; says plainly what it could not run.
set -uo pipefail
cd "$(dirname "$0")/.."

if command -v pnpm >/dev/null 2>&1; then PNPM=(pnpm); else PNPM=(npx --yes pnpm@12); fi

if [ ! -f node_modules/.modules.yaml ]; then
  echo "== installing dependencies"
  "${PNPM[@]}" install --frozen-lockfile || exit 1
fi

if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== installing Chromium for the end-to-end tests (Debian package)"
  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "could not install chromium"
fi
if [ ! -x /usr/bin/chromium ]; then
  echo "!! /usr/bin/chromium is missing: the end-to-end tests will fail. Install it with: apt-get install -y chromium"
fi
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  echo "!! TEST_DATABASE_URL is not set: the PostgreSQL half of the suite is skipped (embedded database only)."
  echo "   Set it to run both, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test"
fi

echo "== typecheck"
"${PNPM[@]}" exec tsc -b || exit 1

echo "== building the editor (served by the runtime in the end-to-end tests)"
"${PNPM[@]}" --filter @coinlab/editor build >/tmp/coinlab-editor-build.log 2>&1 || { cat /tmp/coinlab-editor-build.log; exit 1; }

echo "== tests"
report=$(mktemp)
"${PNPM[@]}" exec vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const skipped = r.numPendingTests + (r.numTodoTests || 0);
  console.log(`\ncoinlab tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$report" 2>/dev/null || true
rm -f "$report"
exit $status
