#!/usr/bin/env bash
# THE test command (README, .ci/run): type check, unit/component/database tests
# (on SQLite, and on PostgreSQL when one is reachable), the adoption test (docs/install.md
# applied to a create-app scaffold, the suite from a loopback registry), end-to-end tests in
# Chromium against the built app served by a demo backend, then the production-like start on
# PostgreSQL. --lint adds lint, package.json, API report and knip checks.
#
#   bash scripts/test.sh [--lint] [--no-e2e] [--e2e-only]
#
# --e2e-only runs just the Playwright step; PLAYWRIGHT_ARGS (e.g. "-g 'Team tab'" or a file name)
# narrows it to some tests.
#
# Every step runs even if an earlier one failed; the exit code is non-zero if any failed.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

LINT=0
E2E=1
ONLY_E2E=0
for arg in "$@"; do
  case "$arg" in
    --lint) LINT=1 ;;
    --no-e2e) E2E=0 ;;
    --e2e-only) ONLY_E2E=1 ;;
    *) echo "usage: bash scripts/test.sh [--lint] [--no-e2e] [--e2e-only]" >&2; exit 2 ;;
  esac
done

FAILED=()
E2E_SUMMARY="e2e: skipped (--no-e2e)"
step() { printf '\n==> %s (at %ss)\n' "$*" "$SECONDS"; }
run() { # name, command...
  local name="$1"; shift
  "$@" || FAILED+=("$name")
}

ensure_postgres() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    local version
    version="$(ls /etc/postgresql | sort -V | tail -1)"
    echo "Starting PostgreSQL $version"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 || true
    local i
    for i in 1 2 3 4 5 6 7 8 9 10; do
      pg_isready -q -h 127.0.0.1 -p 5432 && return 0
      sleep 1
    done
  fi
  return 1
}

# Chromium from Debian: Playwright cannot download its own browsers here.
ensure_chromium() {
  CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
  export CHROMIUM_PATH
  [ -x "$CHROMIUM_PATH" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing chromium with apt-get"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  [ -x "$CHROMIUM_PATH" ]
}

BACKEND_PID=""
stop_backend() {
  [ -n "$BACKEND_PID" ] && kill -- -"$BACKEND_PID" 2>/dev/null || true
  BACKEND_PID=""
}
trap 'stop_backend; stop_fakes' EXIT

start_demo_backend() {
  local log="$ROOT/test-results/e2e-backend.log"
  mkdir -p "$ROOT/test-results"
  if curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness; then
    echo "Something already listens on :7007; stop it (e.g. scripts/demo.sh) first." >&2
    return 1
  fi
  # Its own process group, so stopping it stops the processes backstage-cli starts.
  (cd packages/backend && exec setsid yarn backstage-cli package start \
    --config ../../app-config.yaml --config ../../app-config.demo.yaml \
    --config ../../scripts/fakes.app-config.yaml \
    --config ../app/e2e-tests/app-config.e2e.yaml) >"$log" 2>&1 &
  BACKEND_PID=$!
  wait_until "$BACKEND_PID" 180 curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness && return 0
  echo "The backend did not become ready; last lines of $log:" >&2
  tail -30 "$log" >&2
  return 1
}

e2e_summary() {
  node -e '
    const file = process.argv[1];
    try {
      const { stats, suites } = require(file);
      console.log(`e2e: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed`);
      // CI keeps only the end of the log: repeat what each failed test said, briefly.
      const walk = (suite, titles) => {
        for (const spec of suite.specs ?? []) {
          for (const t of spec.tests) {
            if (t.status !== "unexpected") continue;
            console.log(`  FAILED ${[...titles, spec.title].join(" > ")} (${spec.file}:${spec.line})`);
            for (const r of t.results.slice(-1)) {
              for (const e of r.errors ?? []) {
                const text = (e.message ?? "").replace(/\x1b\[[0-9;]*m/g, "");
                console.log(text.split("\n").slice(0, 8).map(l => `    ${l}`).join("\n"));
              }
            }
          }
        }
        for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
      };
      for (const suite of suites ?? []) walk(suite, []);
    } catch {
      console.log("e2e: 0 passed, 0 failed (no Playwright results)");
    }
  ' "$ROOT/test-results/e2e-results.json"
}

run_e2e() {
  if ! ensure_chromium; then
    if [ -n "${CI:-}" ]; then
      echo "Chromium is missing and could not be installed: e2e cannot run in CI." >&2
      return 1
    fi
    echo "e2e SKIPPED: no Chromium at $CHROMIUM_PATH (install it: apt-get install -y chromium)."
    E2E_SUMMARY="e2e: skipped (no Chromium)"
    return 0
  fi
  rm -f test-results/e2e-results.json
  E2E_SUMMARY="e2e: 0 passed, 0 failed (did not run: see above)"
  # The backend serves the built app (app-backend), as in production: one
  # process instead of a webpack dev server, and the bundle is what ships.
  yarn workspace app build || return 1
  start_fakes "$ROOT/test-results/e2e-fakes.log" || return 1
  start_demo_backend || return 1
  local status=0
  # shellcheck disable=SC2086 # PLAYWRIGHT_ARGS is a list of words on purpose
  PLAYWRIGHT_URL=http://localhost:7007 eval yarn playwright test ${PLAYWRIGHT_ARGS:-} || status=$?
  stop_backend
  stop_fakes
  E2E_SUMMARY="$(e2e_summary)"
  return "$status"
}

ensure_deps

if [ "$ONLY_E2E" = 1 ]; then
  step "End-to-end tests (Playwright, Chromium)"
  run e2e run_e2e
  echo "$E2E_SUMMARY"
  [ ${#FAILED[@]} -eq 0 ] || exit 1
  exit 0
fi

step "Type check (yarn tsc)"
run tsc yarn tsc

if [ "$LINT" = 1 ]; then
  step "Lint"
  run lint yarn backstage-cli repo lint
  step "Publishable packages: package.json fields, API reports, knip reports"
  run package-fields yarn fix:check
  run api-reports yarn api-reports:check
  run knip-reports yarn knip-reports:check
fi

step "PostgreSQL"
if ensure_postgres; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING=postgresql://postgres@127.0.0.1:5432
  PG_SUMMARY="PostgreSQL: reachable, database tests run on SQLite and PostgreSQL"
else
  unset BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  PG_SUMMARY="PostgreSQL NOT reachable: database tests ran on SQLite only; skipped: PostgreSQL variants"
fi
echo "$PG_SUMMARY"

step "Unit, component and database tests (jest)"
run jest env CI=true yarn backstage-cli repo test

step "Adoption: docs/install.md applied to a create-app scaffold, the suite from a loopback registry"
run adoption bash scripts/test-adoption.sh --no-tsc

if [ "$E2E" = 1 ]; then
  step "End-to-end tests (Playwright, Chromium)"
  run e2e run_e2e
fi

step "Production-like start on PostgreSQL (README: scripts/start-production.sh)"
run production-start bash scripts/test-production-start.sh

step "Summary"
echo "Took ${SECONDS}s"
echo "$PG_SUMMARY"
echo "$E2E_SUMMARY"
if [ ${#FAILED[@]} -gt 0 ]; then
  echo "FAILED: ${FAILED[*]}"
  exit 1
fi
echo "All steps passed."
