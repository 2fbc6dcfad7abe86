#!/usr/bin/env bash
# Starts the portal in demo mode: persona sign-in, seeded demo data and an in-memory
# database, with the frontend dev server on :3000 and the backend on :7007. GitHub,
# Azure DevOps and SonarCloud are loopback fakes (scripts/fakes.ts), so the New service
# template publishes and provisioning shows its status; --no-fakes leaves them out (the
# portal then reports those systems not configured).
# Stop with Ctrl-C.
source "$(dirname "$0")/env.sh"
ensure_deps
cd "$ROOT"

# Absolute paths: repo start resolves relative ones against each package's directory.
CONFIG=(--config "$ROOT/app-config.yaml" --config "$ROOT/app-config.demo.yaml")

START_PID=""
trap '[ -n "$START_PID" ] && kill -- -"$START_PID" 2>/dev/null; stop_fakes' EXIT INT TERM

if [ "${1:-}" != "--no-fakes" ]; then
  if start_fakes "$ROOT/test-results/demo-fakes.log"; then
    CONFIG+=(--config "$ROOT/scripts/fakes.app-config.yaml")
  else
    echo "Starting without the fakes: GitHub, Azure DevOps and SonarCloud are not configured." >&2
  fi
fi
# Optional personal overrides, never committed (*.local.yaml is gitignored).
if [ -f app-config.local.yaml ]; then CONFIG+=(--config "$ROOT/app-config.local.yaml"); fi

# Own process group, so stopping the demo stops the dev servers it started.
setsid yarn backstage-cli repo start "${CONFIG[@]}" &
START_PID=$!

if wait_until "$START_PID" 300 curl -sf -o /dev/null http://localhost:7007/.backstage/health/v1/readiness &&
  wait_until "$START_PID" 300 curl -sf -o /dev/null http://localhost:3000; then
  echo
  echo "ADP portal: http://localhost:3000 (choose a persona to sign in)"
  echo
else
  echo "The portal did not start; see the output above." >&2
  exit 1
fi
wait "$START_PID"
