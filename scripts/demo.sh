#!/usr/bin/env bash
# Starts the portal in demo mode: persona sign-in, seeded demo data and an in-memory
# database, with the frontend dev server on :3000 and the backend on :7007.
# Stop with Ctrl-C.
source "$(dirname "$0")/env.sh"
ensure_deps
cd "$ROOT"

# Absolute paths: repo start resolves relative ones against each package's directory.
CONFIG=(--config "$ROOT/app-config.yaml" --config "$ROOT/app-config.demo.yaml")
# Optional personal overrides, never committed (*.local.yaml is gitignored).
if [ -f app-config.local.yaml ]; then CONFIG+=(--config "$ROOT/app-config.local.yaml"); fi

# Own process group, so stopping the demo stops the dev servers it started.
setsid yarn backstage-cli repo start "${CONFIG[@]}" &
START_PID=$!
trap 'kill -- -"$START_PID" 2>/dev/null || true' EXIT INT TERM

wait_for() { # url, seconds
  local i
  for ((i = 0; i < $2; i++)); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$START_PID" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

if wait_for http://localhost:7007/.backstage/health/v1/readiness 300 &&
  wait_for http://localhost:3000 300; then
  echo
  echo "ADP portal: http://localhost:3000 (choose a persona to sign in)"
  echo
else
  echo "The portal did not start; see the output above." >&2
  exit 1
fi
wait "$START_PID"
