#!/usr/bin/env bash
# Adoption test: a Backstage app that is not the portal (fixtures/host-app) installs the
# suite's packages the way an adopter would, from packed tarballs, and works.
#
#   bash scripts/test-adoption.sh [--keep] [--no-tsc]
#
#  1. builds the plugins (type declarations, then `backstage-cli repo build`);
#  2. packs every plugin with `yarn pack` (prepack applies publishConfig, rewrites exports to
#     dist, compiles config.d.ts) and checks each tarball's package.json is publishable;
#  3. checks that the fixture's ADP lines are docs/install.md's, word for word;
#  4. installs the fixture in a temporary copy (its own yarn.lock, the repository's Yarn
#     release and registry) and type-checks its backend and both frontends;
#  5. starts its backend with half a SonarCloud section: startup must stop, naming the key;
#  6. starts it properly (SQLite in memory, port ADOPTION_PORT, default 7431) and checks
#     /api/adp/health, the permission matrix and that the ADP policy decides.
#
# Exits non-zero when any of it fails. --keep leaves the temporary copy for inspection;
# --no-tsc uses the declarations of a `yarn tsc` that just ran (scripts/test.sh).
source "$(dirname "$0")/env.sh"
cd "$ROOT"

KEEP=0
TSC=1
for arg in "$@"; do
  case "$arg" in
    --keep) KEEP=1 ;;
    --no-tsc) TSC=0 ;;
    *) echo "usage: bash scripts/test-adoption.sh [--keep] [--no-tsc]" >&2; exit 2 ;;
  esac
done

PORT="${ADOPTION_PORT:-7431}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/adp-adoption.XXXXXX")"
APP="$WORK/host-app"
TARBALLS="$APP/tarballs"
LOGS="$ROOT/test-results/adoption"
TOKEN="$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
BACKEND_PID=""

stop_backend() {
  if [ -n "$BACKEND_PID" ]; then
    kill -- -"$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
  fi
  BACKEND_PID=""
}
cleanup() {
  stop_backend
  if [ "$KEEP" = 1 ]; then echo "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

phase() { printf '\n--> %s (at %ss)\n' "$*" "$SECONDS"; }
fail() { echo "ADOPTION TEST FAILED: $*" >&2; exit 1; }

mkdir -p "$LOGS" "$TARBALLS"
if curl -s -o /dev/null "http://localhost:$PORT"; then
  fail "something already listens on port $PORT (set ADOPTION_PORT to a free port in 7400-7499)"
fi

ensure_deps

phase "Type declarations (tsc) and plugin builds"
# Declarations are emitted even when tsc reports errors; those fail the type-check step of
# scripts/test.sh, not this one, which needs only the files.
if [ "$TSC" = 1 ]; then
  yarn tsc >"$LOGS/tsc.log" 2>&1 || echo "tsc reported errors (see $LOGS/tsc.log); continuing with the declarations it emitted"
fi
yarn backstage-cli repo build >"$LOGS/build.log" 2>&1 || { tail -30 "$LOGS/build.log"; fail "backstage-cli repo build"; }

phase "Packing the plugins (yarn pack)"
PLUGIN_DIRS=(plugins/*/)
pack_one() { # plugin dir
  local dir="${1%/}" name
  name="$(node -p "require('./$dir/package.json').name")"
  yarn workspace "$name" pack --out "$TARBALLS/$(basename "$dir" | sed 's/^/plugin-/; s/^plugin-plugin-/plugin-/').tgz" \
    >"$LOGS/pack-$(basename "$dir").log" 2>&1 || { tail -20 "$LOGS/pack-$(basename "$dir").log"; return 1; }
}
export -f pack_one
export TARBALLS LOGS
printf '%s\n' "${PLUGIN_DIRS[@]}" | xargs -P 3 -I{} bash -c 'pack_one "$@"' _ {} || fail "yarn pack"
ls -1 "$TARBALLS"

node - "$TARBALLS" <<'EOF' || fail "a tarball is not publishable"
// Each tarball's package.json: publishConfig applied, entry points in dist, no workspace ranges.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const dir = process.argv[2];
let bad = 0;
for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
  const tgz = path.join(dir, file);
  const list = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' }).split('\n');
  const pkg = JSON.parse(execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }));
  const problems = [];
  const has = p => list.includes(`package/${p.replace(/^\.\//, '')}`);
  if (!/^\.\/dist\//.test(pkg.main ?? '') || !has(pkg.main)) problems.push(`main ${pkg.main} is not a file in dist`);
  if (!has(pkg.types ?? '')) problems.push(`types ${pkg.types} is missing`);
  for (const [mount, target] of Object.entries(pkg.exports ?? {})) {
    for (const p of typeof target === 'string' ? [target] : Object.entries(target).filter(([c]) => c !== 'backstage').map(([, v]) => v)) {
      if (!has(p)) problems.push(`exports["${mount}"] points at ${p}, which is not in the tarball`);
    }
  }
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(range)) problems.push(`${field}.${dep} is ${range}`);
    }
  }
  if (pkg.configSchema && !has(pkg.configSchema)) problems.push(`configSchema ${pkg.configSchema} is missing`);
  if (!pkg.backstage?.role) problems.push('no backstage.role');
  if (pkg.backstage?.role !== 'common-library' && !pkg.backstage?.pluginId) problems.push('no backstage.pluginId');
  if (list.some(f => f.startsWith('package/src/'))) problems.push('ships src/');
  console.log(`${problems.length ? 'FAIL' : 'ok  '} ${pkg.name}@${pkg.version} (${file})`);
  for (const p of problems) console.log(`     ${p}`);
  bad += problems.length;
}
process.exit(bad ? 1 : 0);
EOF

phase "The fixture's ADP lines are docs/install.md's"
node - fixtures/host-app/src docs/install.md <<'EOF' || fail "fixtures/host-app and docs/install.md disagree"
const fs = require('fs');
const path = require('path');
const [srcDir, docPath] = process.argv.slice(2);
const doc = fs.readFileSync(docPath, 'utf8');
let bad = 0;
for (const file of ['backend.ts', 'App.tsx', 'LegacyApp.tsx']) {
  const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
  const block = text.match(/\/\/ adp-install:start\n([\s\S]*?)\/\/ adp-install:end/)?.[1];
  if (!block) { console.log(`FAIL ${file}: no adp-install block`); bad++; continue; }
  const ok = doc.includes(block);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${file}'s ADP block ${ok ? 'is' : 'is not'} in ${docPath}`);
  if (!ok) { console.log(block); bad++; }
}
process.exit(bad ? 1 : 0);
EOF

phase "Installing the fixture (its own yarn install)"
cp -R fixtures/host-app/. "$APP/"
rm -rf "$APP/node_modules"
mkdir -p "$APP/.yarn/releases"
cp "$YARN_RELEASE" "$APP/.yarn/releases/"
# Not immutable: the tarballs' checksums change with every pack; yarn.lock pins the rest.
# Build scripts are skipped: the only one the app needs is better-sqlite3's native module,
# which compiling takes minutes; the repository's own, of the same version, is reused when
# there is one, otherwise it is built here.
(cd "$APP" && timeout 900 yarn install --no-immutable --mode=skip-build >"$LOGS/install.log" 2>&1) ||
  { grep -E 'YN0001|YN0009|YN0018|Error' "$LOGS/install.log" | tail -20; fail "yarn install in the fixture"; }
sqlite_version() { node -p "require('$1/node_modules/better-sqlite3/package.json').version" 2>/dev/null || true; }
SQLITE_BINARY=node_modules/better-sqlite3/build/Release/better_sqlite3.node
if [ -f "$ROOT/$SQLITE_BINARY" ] && [ "$(sqlite_version "$ROOT")" = "$(sqlite_version "$APP")" ]; then
  mkdir -p "$(dirname "$APP/$SQLITE_BINARY")"
  cp "$ROOT/$SQLITE_BINARY" "$APP/$SQLITE_BINARY"
else
  (cd "$APP" && timeout 900 yarn rebuild better-sqlite3 >>"$LOGS/install.log" 2>&1) || fail "building better-sqlite3"
fi
# The suite's own entries change with every pack; anything else changing means yarn.lock
# no longer pins the fixture (a dependency of the suite changed): worth committing the new one.
third_party() { node -e 'const t=require("fs").readFileSync(process.argv[1],"utf8");
  console.log(t.split(/\n\n/).filter(b => !b.startsWith("\"@adp-portal/")).join("\n\n"))' "$1"; }
if ! diff <(third_party fixtures/host-app/yarn.lock) <(third_party "$APP/yarn.lock") >"$LOGS/yarn.lock.diff"; then
  cp "$APP/yarn.lock" "$LOGS/yarn.lock"
  echo "note: the fixture's dependencies resolved differently from fixtures/host-app/yarn.lock"
  echo "      ($LOGS/yarn.lock.diff); copy $LOGS/yarn.lock there to pin them"
fi

phase "Type-checking the fixture against the packed types (backend, new and legacy frontend)"
(cd "$APP" && yarn tsc >"$LOGS/fixture-tsc.log" 2>&1) || { cat "$LOGS/fixture-tsc.log"; fail "the fixture does not type-check"; }
echo "ok"

start_fixture() { # log, extra config...
  local log="$1"; shift
  (cd "$APP" && NODE_ENV=development ADOPTION_PORT="$PORT" ADOPTION_TOKEN="$TOKEN" \
    exec setsid node_modules/.bin/tsx src/backend.ts --config app-config.yaml "$@") >"$log" 2>&1 &
  BACKEND_PID=$!
}

phase "Startup with an invalid setting stops, naming the key"
# Backstage reports a failed startup ("Backend startup failed") and never becomes ready; the
# process itself lives on until stopped, as with any plugin that fails to start.
start_fixture "$LOGS/backend-invalid.log" --config test/app-config.invalid.yaml
outcome=timeout
for ((i = 0; i < 120; i++)); do
  if curl -sf -o /dev/null "http://localhost:$PORT/.backstage/health/v1/readiness"; then outcome=ready; break; fi
  if grep -q 'Backend startup failed' "$LOGS/backend-invalid.log"; then outcome=failed; break; fi
  kill -0 "$BACKEND_PID" 2>/dev/null || { outcome=exited; break; }
  sleep 1
done
stop_backend
[ "$outcome" = failed ] || [ "$outcome" = exited ] ||
  fail "with adp.provisioning.sonarcloud.token missing the backend did not stop ($outcome; $LOGS/backend-invalid.log)"
grep -q 'Invalid configuration adp.provisioning.sonarcloud.token: is required' "$LOGS/backend-invalid.log" ||
  { tail -20 "$LOGS/backend-invalid.log"; fail "the startup error does not name adp.provisioning.sonarcloud.token"; }
echo "ok   startup failed: $(grep -o 'Invalid configuration adp.provisioning.sonarcloud.token: is required when [a-z.]* is set' "$LOGS/backend-invalid.log" | head -1)"

phase "Starting the fixture backend on port $PORT"
start_fixture "$LOGS/backend.log"
ready=0
for ((i = 0; i < 180; i++)); do
  if curl -sf -o /dev/null "http://localhost:$PORT/.backstage/health/v1/readiness"; then ready=1; break; fi
  kill -0 "$BACKEND_PID" 2>/dev/null || break
  sleep 1
done
[ "$ready" = 1 ] || { tail -40 "$LOGS/backend.log"; fail "the fixture backend did not become ready"; }
echo "ready after ${i}s"

phase "Checking the running app"
status=0
(cd "$APP" && node test/check.mjs "http://localhost:$PORT" "$TOKEN") || status=1
if grep -q 'configured systems: none' "$LOGS/backend.log"; then
  echo "ok   without adp.provisioning, provisioning starts with no system configured"
else
  echo "FAIL the backend log does not say 'configured systems: none'"; status=1
fi
stop_backend
[ "$status" = 0 ] || fail "checks against the running fixture (log: $LOGS/backend.log)"

echo
echo "Adoption test passed in ${SECONDS}s."
