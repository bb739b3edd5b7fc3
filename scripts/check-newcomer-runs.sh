#!/usr/bin/env bash
# The README's test command in the two situations CI's own run does not cover: no database
# server (the probes pointed at a closed port, no Docker) and the same with CI=true.
# Run after `npm test` has built the packages.
set -uo pipefail
cd "$(dirname "$0")/.."

suites=(packages/testing/test packages/core/test/connection.test.ts)
no_servers=(env -u DJ_TEST_MYSQL -u DJ_TEST_POSTGRES DJ_TEST_MYSQL_PORT=1 DJ_TEST_POSTGRES_PORT=1 DJ_TEST_DOCKER=off)
out="$(mktemp)"
trap 'rm -f "$out"' EXIT

fail() { tail -n 40 "$out"; echo "FAILED: $*"; exit 1; }

echo "== no servers, no Docker: PGlite runs, server suites are skipped, the run passes"
"${no_servers[@]}" CI=false npm run jest -- "${suites[@]}" >"$out" 2>&1 || fail "the run without servers should pass"
[ "$(grep -c 'suites skipped' "$out")" -eq 2 ] || fail "each missing server should be reported once (global setup)"
grep -qE 'Tests: .*skipped.*passed' "$out" || fail "server suites should be reported as skipped"
grep -q '^PASS' "$out" || fail "the PGlite suites should run"
grep -E '^(Tests|Test Suites):' "$out"

echo "== CI=true and no servers: the run fails, saying why"
if "${no_servers[@]}" CI=true npm run jest -- "${suites[@]}" >"$out" 2>&1; then fail "CI=true without servers should fail"; fi
grep -q 'CI=true but database servers are missing' "$out" || fail "the failure should name the missing servers"
grep -m 3 -E 'CI=true but|mysql: |postgresql: ' "$out"
echo "ok"
