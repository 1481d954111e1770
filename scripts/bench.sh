#!/usr/bin/env bash
# The benchmark: for each scale (default 1 and 10), generates a large
# organisation (scale 1: 1,000 processes, 500 systems, all three frameworks,
# 5,000 evidence records, 500 drills), measures the evidence packs, starts
# the release server on it and loads the dashboard, the controls list and
# BIA pages with wrk at 64 connections. Prints one table of figures.
#
#   bash scripts/bench.sh          # scales 1 and 10 (scale 10 takes ~6 min to generate)
#   bash scripts/bench.sh 1        # scale 1 only
#
# BENCH_SECONDS (default 10) sets the length of each load run; LOAD_SECONDS
# (default 60) the length of the mixed read/write run with 64 users.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/seawall/target}"
export PATH="$PWD/end2end/node_modules/.bin:$PATH"
scales=("$@")
[ ${#scales[@]} -gt 0 ] || scales=(1 10)
seconds="${BENCH_SECONDS:-10}"
port="${BENCH_PORT:-3300}"
base="http://127.0.0.1:$port"
work=$(mktemp -d)
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

step() { printf '\n==> %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null 2>&1; then
  step "installing wrk (Debian package)"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk curl >/dev/null
fi
bash scripts/ensure-tools.sh >&2
step "release build"
bash scripts/release-build.sh >&2
# `cargo bench` below builds target/release/seawall again, without what
# cargo-leptos sets for the browser build; serve the copy made now.
binary="$work/seawall"
cp "$CARGO_TARGET_DIR/release/seawall" "$binary"

rss() { awk -v f="$2" '$1 == f { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# Starts the server; sets cold_ms to the milliseconds until /healthz answers.
start_server() {
  local db=$1 started now
  started=$(date +%s%N)
  SEAWALL_ADDR="127.0.0.1:$port" SEAWALL_DATABASE_URL="sqlite://$db" SEAWALL_LOG=warn \
    LEPTOS_SITE_ROOT=target/site "$binary" >"$work/server.log" 2>&1 &
  server_pid=$!
  until curl -fs -o /dev/null "$base/healthz"; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.005
  done
  now=$(date +%s%N)
  cold_ms=$(((now - started) / 1000000))
}

stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}

# "req/s p50 p99 errors" for one page at 64 connections. Requests may take
# up to a minute before wrk counts them as failed.
load() {
  local out
  out=$(wrk -t2 -c64 -d"${seconds}s" --timeout 60s --latency -H "Cookie: $cookie" "$base$1")
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%.1f %.1f %.1f %d\n", rps, p50, p99, errors }' <<<"$out"
}

rows=()
for scale in "${scales[@]}"; do
  dir="$work/scale-$scale"
  step "scale $scale: generating the organisation and measuring the packs"
  cargo bench -p server --bench pack -- --scale "$scale" --keep "$dir" | tee "$work/pack-$scale.txt" >&2
  # shellcheck disable=SC1091
  source "$dir/bench.env"

  step "scale $scale: serving"
  start_server "$dir/seawall.db"
  cold=$cold_ms
  sleep 1
  idle=$(rss "$server_pid" VmRSS:)
  cookie=$(curl -fs -D - -o /dev/null -X POST "$base/api/auth/login" \
    -H 'Accept: application/json' \
    --data-urlencode "email=$OWNER_EMAIL" --data-urlencode "password=$PASSWORD" |
    awk -F'[:;] *' 'tolower($1) == "set-cookie" { print $2; exit }')
  [ -n "$cookie" ] || { echo "signing in failed" >&2; exit 1; }
  for page in "/" "/controls/soc2" "/bia/processes/$PROCESS_ID" "/bia"; do
    step "scale $scale: $page"
    status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$page") # warm up
    [ "$status" = 200 ] || { echo "$page answered $status" >&2; exit 1; }
    read -r rps p50 p99 errors < <(load "$page")
    name=$page
    case $page in
      /) name="dashboard" ;;
      /controls/soc2) name="controls list (SOC 2)" ;;
      /bia/processes/*) name="BIA process page" ;;
      /bia) name="BIA process list" ;;
    esac
    rows+=("$(printf '%-6s %-24s %9s %9s %9s %7s' "$scale" "$name" "$rps" "$p50" "$p99" "$errors")")
  done
  peak=$(rss "$server_pid" VmHWM:)
  stop_server
  # Started again on the same data: the first start above is the one
  # after generation; both find migrations and catalogs already in place.
  start_server "$dir/seawall.db"
  cold2=$cold_ms
  stop_server
  packs=$(awk '$1 ~ /^(soc2|hipaa|pci)$/ { printf "%s%s %s ms / %s MB", sep, $1, $9, $11; sep = ", " }' "$work/pack-$scale.txt")
  rows+=("$(printf '%-6s cold start %s ms (again: %s ms), idle RSS %s MB, peak RSS under load %s MB' "$scale" "$cold" "$cold2" "$idle" "$peak")")
  rows+=("$(printf '%-6s evidence packs (total time/peak RSS): %s' "$scale" "$packs")")
  rm -rf "$dir"
done

step "64 simulated users reading and writing for ${LOAD_SECONDS:-60} s"
# The integration test's build (the one the test suite uses): every request
# must succeed and every acknowledged write must be found afterwards.
mixed=$(SEAWALL_LOAD_SECONDS="${LOAD_SECONDS:-60}" cargo test -p server --features app/ssr --test api \
  load:: -- --nocapture 2>&1 | tee "$work/load.txt" | grep '^load:' || true)
grep -q 'test result: ok' "$work/load.txt" || { cat "$work/load.txt" >&2; echo "the load test failed" >&2; exit 1; }

wasm=$(node scripts/wasm-size.js target/site/pkg)

echo
echo "Seawall benchmark ($(nproc) cores, wrk 2 threads, 64 connections, ${seconds} s per page)"
printf '%-6s %-24s %9s %9s %9s %7s\n' "scale" "page" "req/s" "p50 ms" "p99 ms" "errors"
printf '%s\n' "${rows[@]}"
echo "$wasm"
printf "%s (SQLite, debug build)\n" "$mixed"
echo "Targets: dashboard >= 3,000 req/s with p99 < 25 ms; pack < 1.5 s and < 150 MB;"
echo "idle RSS < 40 MB; cold start < 500 ms; wasm < 500 KB gzipped; 10x data <= 1.5x latency."
