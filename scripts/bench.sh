#!/usr/bin/env bash
# The performance figures of docs/performance.md: runs bench/<name>.ts for each name given,
# or the default set, one after the other, and keeps each one's output in
# test-results/bench/<name>.log.
#
#   bash scripts/bench.sh                  # policy delivery load provisioning catalog (about 30 min)
#   bash scripts/bench.sh load delivery    # only these
#   yarn bench [name...]                   # the same
#
# Also available by name: pages (needs the built app and Chromium), instances and faults
# (the proofs scripts/prove.sh runs). Each script documents its own settings (BENCH_* variables,
# flags) in its header. PostgreSQL runs need a server at BENCH_PG (default
# postgresql://postgres@127.0.0.1:5432); the scripts create and drop their own databases.
source "$(dirname "$0")/env.sh"
ensure_deps
cd "$ROOT"

NAMES=("$@")
if [ ${#NAMES[@]} -eq 0 ]; then NAMES=(policy delivery load provisioning catalog); fi
for name in "${NAMES[@]}"; do
  if [ ! -f "bench/$name.ts" ]; then
    echo "No bench/$name.ts; available: $(cd bench && ls *.ts | sed 's/\.ts$//' | tr '\n' ' ')" >&2
    exit 2
  fi
done

mkdir -p test-results/bench
FAILED=()
for name in "${NAMES[@]}"; do
  printf '\n==> bench/%s.ts (at %ss)\n' "$name" "$SECONDS"
  if ! yarn tsx "bench/$name.ts" 2>&1 | tee "test-results/bench/$name.log"; then
    FAILED+=("$name")
  fi
done

printf '\n==> %s bench(es) in %ss; output in test-results/bench/\n' "${#NAMES[@]}" "$SECONDS"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
