#!/usr/bin/env bash
# The README's production-like start (scripts/start-production.sh) on PostgreSQL: the backend
# becomes healthy, serves the built app (the sign-in page) and redirects Microsoft sign-in to
# the configured Entra ID tenant. Listens on port 7007: run under `flock /tmp/adp-ports.lock`
# when anything else may use it.
#
#   bash scripts/test-production-start.sh
#
# Reuses the builds the adoption and e2e steps of scripts/test.sh made (plugins, app) and the
# repository's installed dependencies; builds what is missing. Its databases (prefix
# adp_production_test_) are dropped afterwards.
source "$(dirname "$0")/env.sh"
cd "$ROOT"

LOGS="$ROOT/test-results/production-start"
PREFIX=adp_production_test_
TENANT=00000000-0000-4000-8000-000000000024
CLIENT=adp-production-start-test
PID=""
mkdir -p "$LOGS"

drop_databases() {
  psql -h 127.0.0.1 -p 5432 -U postgres -Atc "select datname from pg_database where datname like '${PREFIX}%'" 2>/dev/null |
    while read -r db; do psql -h 127.0.0.1 -p 5432 -U postgres -qc "drop database if exists \"$db\" with (force)"; done
}
stop() {
  if [ -n "$PID" ]; then
    # Backstage shuts down gracefully on SIGTERM; past 30 s it is stopped outright.
    kill -- -"$PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 30; i++)); do
      kill -0 -- -"$PID" 2>/dev/null || break
      sleep 1
    done
    kill -KILL -- -"$PID" 2>/dev/null || true
    wait "$PID" 2>/dev/null || true
  fi
  PID=""
  drop_databases
}
trap stop EXIT
fail() { echo "PRODUCTION START FAILED: $*" >&2; exit 1; }

pg_isready -q -h 127.0.0.1 -p 5432 || fail "PostgreSQL is not reachable on 127.0.0.1:5432"
if curl -s -o /dev/null http://localhost:7007; then fail "something already listens on :7007"; fi
drop_databases

echo "--> Building what earlier steps did not (at ${SECONDS}s)"
[ -f plugins/adp-backend/dist/index.cjs.js ] || yarn backstage-cli repo build >"$LOGS/build.log" 2>&1 || fail "repo build"
[ -f packages/app/dist/index.html ] || yarn workspace app build >"$LOGS/app-build.log" 2>&1 || fail "app build"
yarn workspace backend build --skip-build-dependencies >"$LOGS/backend-build.log" 2>&1 ||
  { tail -20 "$LOGS/backend-build.log"; fail "backend build"; }

echo "--> Starting (at ${SECONDS}s)"
cat >"$LOGS/app-config.test.yaml" <<YAML
# The test's databases, apart from anyone else's on this PostgreSQL.
backend:
  database:
    prefix: $PREFIX
YAML
(POSTGRES_HOST=127.0.0.1 POSTGRES_PORT=5432 POSTGRES_USER=postgres POSTGRES_PASSWORD=postgres \
  AUTH_MICROSOFT_CLIENT_ID=$CLIENT AUTH_MICROSOFT_CLIENT_SECRET=not-a-secret AUTH_MICROSOFT_TENANT_ID=$TENANT \
  exec setsid bash scripts/start-production.sh --no-build --reuse-node-modules -- --config "$LOGS/app-config.test.yaml") \
  >"$LOGS/backend.log" 2>&1 &
PID=$!
wait_until "$PID" 240 curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness ||
  { tail -40 "$LOGS/backend.log"; fail "the backend did not become ready"; }
echo "ready at ${SECONDS}s"

status=0
check() { # name, command...
  local name="$1"
  shift
  if "$@"; then echo "ok   $name"; else echo "FAIL $name"; status=1; fi
}
health() { [ "$(curl -s http://localhost:7007/api/adp/health)" = '{"status":"ok"}' ]; }
app_page() { curl -sf http://localhost:7007/ | grep -q '<title>ADP Portal</title>'; }
sign_in_route() { curl -sf http://localhost:7007/adp | grep -q '<div id="root">'; }
microsoft() {
  local location
  location="$(curl -s -o /dev/null -w '%{redirect_url}' 'http://localhost:7007/api/auth/microsoft/start?env=production')"
  echo "     -> ${location%%\?*}"
  case "$location" in
    "https://login.microsoftonline.com/$TENANT/oauth2/v2.0/authorize?"*client_id=$CLIENT*) return 0 ;;
    *) return 1 ;;
  esac
}
on_postgres() { psql -h 127.0.0.1 -p 5432 -U postgres -Atc "select 1 from pg_database where datname = '${PREFIX}adp'" | grep -q 1; }
check "GET /api/adp/health answers ok" health
check "GET / serves the built app" app_page
check "a page of the app (/adp, where sign-in starts) is served by the backend" sign_in_route
check "GET /api/auth/microsoft/start redirects to the configured Entra ID tenant" microsoft
check "the adp plugin's database is on PostgreSQL (${PREFIX}adp)" on_postgres
[ "$status" = 0 ] || { tail -20 "$LOGS/backend.log"; fail "checks (log: $LOGS/backend.log)"; }
echo "Production start passed in ${SECONDS}s."
