#!/usr/bin/env bash
# Proof under load, faults and bad input (docs/reliability.md, docs/performance.md), in one
# command. Needs PostgreSQL at 127.0.0.1:5432 (as scripts/test.sh; BENCH_PG to change it).
#
#   bash scripts/prove.sh          # quick, about 8–10 minutes on 2 cores
#   bash scripts/prove.sh --full   # everything, about 30 minutes
#
# quick:  the end-to-end jest suites (authorization sweep, hostile-input fuzz on SQLite and
#         PostgreSQL, 100 concurrent team changes), the role index and error-mapping unit
#         tests; four instances on one database under concurrent load for 60 s
#         (severalInstances.test.ts), then on four backend processes (bench/backends.ts, 60 s);
#         two backend processes on one database
#         (bench/instances.ts, 3 rounds, 45 s);
#         PostgreSQL gone for 10 s during a write burst and GitHub down for 20 s
#         (bench/faults.ts).
# --full: the same suites; the four instances and the four processes for 180 s; instances with 10 rounds and a
#         90 s window; PostgreSQL gone for 30 s and GitHub down for 5 minutes; the load run
#         on SQLite and PostgreSQL (bench/load.ts, 20 s per endpoint).
#
# Every step runs even if an earlier one failed; each one's output is kept in
# test-results/prove/<step>.log and the exit code is non-zero if any failed.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

FULL=0
for arg in "$@"; do
  case "$arg" in
    --full) FULL=1 ;;
    *) echo "usage: bash scripts/prove.sh [--full]" >&2; exit 2 ;;
  esac
done

ensure_deps
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "PostgreSQL is not reachable at 127.0.0.1:5432; the proofs need it (see scripts/test.sh)." >&2
  exit 1
fi
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432

OUT="$ROOT/test-results/prove"
mkdir -p "$OUT"
FAILED=()
SUMMARY=()
step() { # name, command...
  local name="$1" started="$SECONDS" status=0
  shift
  printf '\n==> %s (at %ss)\n' "$name" "$SECONDS"
  "$@" 2>&1 | tee "$OUT/$name.log" || status=$?
  if [ "$status" = 0 ]; then
    SUMMARY+=("passed  $name ($((SECONDS - started)) s)")
  else
    SUMMARY+=("FAILED  $name ($((SECONDS - started)) s, exit $status)")
    FAILED+=("$name")
  fi
}

jest_in() { # package dir, test files...
  local dir="$1"
  shift
  (cd "$dir" && CI=true yarn backstage-cli package test "$@")
}

step jest-policy-suites jest_in plugins/permission-backend-module-adp-policy \
  src/adpBackend.integration.test.ts src/adpBackend.fuzz.test.ts src/adpBackend.concurrency.test.ts src/RoleIndex.test.ts \
  src/adversarial.test.ts
step jest-adp-errors jest_in plugins/adp-backend src/router/errors.test.ts
# Four instances on one database under concurrent writes, drains, passes and revocations
# (docs/reliability.md, section 6): 20 s in the README test command, longer here.
if [ "$FULL" = 1 ]; then
  step stress env ADP_STRESS_SECONDS=180 bash -c 'cd plugins/adp-backend && CI=true yarn backstage-cli package test src/provisioning/severalInstances.test.ts'
else
  step stress env ADP_STRESS_SECONDS=60 bash -c 'cd plugins/adp-backend && CI=true yarn backstage-cli package test src/provisioning/severalInstances.test.ts'
fi

# The same load on four real backend processes (bench/backends.ts): scheduler, events bus,
# catalog and policy included.
if [ "$FULL" = 1 ]; then
  step backends env BENCH_SECONDS=180 yarn tsx bench/backends.ts
else
  step backends env BENCH_SECONDS=60 yarn tsx bench/backends.ts
fi

if [ "$FULL" = 1 ]; then
  step instances yarn tsx bench/instances.ts
  step faults yarn tsx bench/faults.ts --db-outage-seconds 30 --target-down-seconds 300
  step load yarn tsx bench/load.ts --db both
else
  step instances env BENCH_QUICK=1 yarn tsx bench/instances.ts
  step faults yarn tsx bench/faults.ts
fi

printf '\n==> Summary (%s s; output in test-results/prove/)\n' "$SECONDS"
printf '  %s\n' "${SUMMARY[@]}"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "All proofs passed."
