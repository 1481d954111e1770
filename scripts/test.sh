#!/usr/bin/env bash
# The whole test suite: formatting, lints (server and browser builds), unit
# and integration tests on SQLite and PostgreSQL, a release build, and the
# browser tests in Chromium against the release server. Ends with one
# "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
logs=$(mktemp -d)
passed=0
failed=0
broken=()

step() { printf '\n==> %s\n' "$*"; }
die() { echo "FAILED: $*" >&2; exit 1; }

# Sums cargo's "test result:" lines from a log.
count_cargo() {
  local p f
  read -r p f < <(awk '/^test result:/ {
      for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
    } END { print p + 0, f + 0 }' "$1")
  passed=$((passed + p))
  failed=$((failed + f))
}

step "tools"
bash scripts/ensure-tools.sh --test || die "installing tools"

step "cargo fmt --check"
cargo fmt --all -- --check || die "formatting (run: cargo fmt --all)"

step "clippy: server build"
cargo clippy -p server -p app --features app/ssr --all-targets -- -D warnings || die "clippy (server)"
step "clippy: browser build"
cargo clippy -p seawall-hydrate -p app --features app/hydrate --target wasm32-unknown-unknown -- -D warnings \
  || die "clippy (browser)"

step "unit and integration tests on SQLite"
cargo test -p app -p server --features app/ssr 2>&1 | tee "$logs/sqlite.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("tests on SQLite")
count_cargo "$logs/sqlite.log"

step "integration tests on PostgreSQL"
# The same packages and features as above, so the test build is reused.
if pg_url=$(bash scripts/postgres.sh); then
  SEAWALL_TEST_POSTGRES_URL="$pg_url" cargo test -p app -p server --features app/ssr --test api 2>&1 | tee "$logs/postgres.log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || broken+=("tests on PostgreSQL")
  count_cargo "$logs/postgres.log"
else
  broken+=("starting PostgreSQL")
fi

step "release build"
bash scripts/release-build.sh || die "release build"

step "browser tests (Playwright, Chromium)"
(cd end2end && PLAYWRIGHT_JSON_OUTPUT_NAME="$logs/playwright.json" npx playwright test --reporter=list,json)
[ $? -eq 0 ] || broken+=("browser tests")
if [ -f "$logs/playwright.json" ]; then
  read -r p f < <(node -e '
    const s = require(process.argv[1]).stats;
    console.log((s.expected || 0) + (s.flaky || 0), (s.unexpected || 0));
  ' "$logs/playwright.json")
  passed=$((passed + p))
  failed=$((failed + f))
fi

echo
if [ ${#broken[@]} -gt 0 ]; then
  echo "Failed steps: ${broken[*]}"
  [ "$failed" -gt 0 ] || failed=1
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
