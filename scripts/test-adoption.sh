#!/usr/bin/env bash
# Adoption test: docs/install.md applied, as an adopter would, to the app that the official
# `@backstage/create-app` scaffolds, with the suite installed by name from an npm registry.
#
#   bash scripts/test-adoption.sh [--keep] [--no-tsc]
#
#  1. builds the plugins (type declarations, then `backstage-cli repo build`);
#  2. packs every plugin with `yarn pack` (prepack applies publishConfig, rewrites exports to
#     dist, compiles config.d.ts) and checks each tarball's package.json is publishable;
#  3. checks that fixtures/host-app/src/LegacyApp.tsx holds the guide's legacy frontend lines;
#  4. starts Verdaccio on loopback (port ADOPTION_REGISTRY_PORT, default 7432), uplinked to the
#     registry `npm config get registry` names, and publishes the tarballs to it;
#  5. scaffolds an app with @backstage/create-app@0.9.2 in a temporary folder and applies the
#     guide's marked commands and code blocks (scripts/adoption/apply-guide.mjs), Yarn pointed at
#     Verdaccio: `yarn add @adp-portal/...` by name;
#  6. type-checks the app (with the legacy frontend lines) and builds its frontend;
#  7. starts its backend with half a SonarCloud section: startup must stop, naming the key;
#  8. starts it (SQLite in memory, port ADOPTION_PORT, default 7431, the built app served by the
#     backend, the demo ALBs, programmes and projects) and checks /api/adp/health, the permission
#     matrix, the policy and My access for the guest (scripts/adoption/check.mjs), then in
#     Chromium the Delivery page, a project's Team tab, an ALB's and a programme's catalog pages
#     (scripts/adoption/pages.mjs).
#
# Exits non-zero when any of it fails. --keep leaves the temporary folder for inspection;
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

CREATE_APP_VERSION=0.9.2
VERDACCIO_VERSION=6.10.4
PORT="${ADOPTION_PORT:-7431}"
REGISTRY_PORT="${ADOPTION_REGISTRY_PORT:-7432}"
LOCAL_REGISTRY="http://127.0.0.1:$REGISTRY_PORT"
UPSTREAM_REGISTRY="$YARN_NPM_REGISTRY_SERVER"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/adp-adoption.XXXXXX")"
APP="$WORK/app"
TARBALLS="$WORK/tarballs"
LOGS="$ROOT/test-results/adoption"
TOKEN="$(node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))')"
BACKEND_PID=""
REGISTRY_PID=""

stop_group() { # pid
  [ -n "$1" ] || return 0
  kill -- -"$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
stop_backend() {
  stop_group "$BACKEND_PID"
  BACKEND_PID=""
}
cleanup() {
  stop_backend
  stop_group "$REGISTRY_PID"
  if [ "$KEEP" = 1 ]; then echo "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

phase() { printf '\n--> %s (at %ss)\n' "$*" "$SECONDS"; }
fail() { echo "ADOPTION TEST FAILED: $*" >&2; exit 1; }

rm -rf "$LOGS"
mkdir -p "$LOGS" "$TARBALLS"
for p in "$PORT" "$REGISTRY_PORT"; do
  if curl -s -o /dev/null "http://localhost:$p"; then
    fail "something already listens on port $p (set ADOPTION_PORT / ADOPTION_REGISTRY_PORT to free ports in 7400-7499)"
  fi
done

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

phase "The guide's legacy frontend lines are fixtures/host-app/src/LegacyApp.tsx's"
node - fixtures/host-app/src/LegacyApp.tsx docs/install.md <<'NODE' || fail "fixtures/host-app and docs/install.md disagree"
const fs = require('fs');
const [file, docPath] = process.argv.slice(2);
const block = fs.readFileSync(file, 'utf8').match(/\/\/ adp-install:start\n([\s\S]*?)\/\/ adp-install:end/)?.[1];
if (!block) { console.log(`FAIL ${file}: no adp-install block`); process.exit(1); }
const ok = fs.readFileSync(docPath, 'utf8').includes(block);
console.log(`${ok ? 'ok  ' : 'FAIL'} ${file}'s ADP block ${ok ? 'is' : 'is not'} in ${docPath}`);
process.exit(ok ? 0 : 1);
NODE

phase "A registry on loopback: Verdaccio $VERDACCIO_VERSION on port $REGISTRY_PORT, uplinked to npm's registry"
VERDACCIO_DIR="$ROOT/tools/verdaccio"
if [ "$(node -p "require('$VERDACCIO_DIR/node_modules/verdaccio/package.json').version" 2>/dev/null)" != "$VERDACCIO_VERSION" ]; then
  npm i --no-save --no-audit --no-fund --prefix "$VERDACCIO_DIR" "verdaccio@$VERDACCIO_VERSION" >"$LOGS/verdaccio-install.log" 2>&1 ||
    { tail -20 "$LOGS/verdaccio-install.log"; fail "installing Verdaccio"; }
fi
mkdir -p "$WORK/registry"
# The suite's scope is served from what is published here; everything else from the uplink.
cat >"$WORK/registry/config.yaml" <<YAML
storage: $WORK/registry/storage
auth:
  htpasswd:
    file: $WORK/registry/htpasswd
    max_users: -1
uplinks:
  upstream:
    url: $UPSTREAM_REGISTRY/
    timeout: 120s
    max_fails: 10
packages:
  '@adp-portal/*':
    access: \$all
    publish: \$all
  '**':
    access: \$all
    proxy: upstream
max_body_size: 200mb
log: { type: stdout, format: pretty, level: warn }
YAML
(exec setsid "$VERDACCIO_DIR/node_modules/.bin/verdaccio" --config "$WORK/registry/config.yaml" \
  --listen "127.0.0.1:$REGISTRY_PORT") >"$LOGS/verdaccio.log" 2>&1 &
REGISTRY_PID=$!
wait_until "$REGISTRY_PID" 60 curl -sf -o /dev/null "$LOCAL_REGISTRY/-/ping" ||
  { tail -20 "$LOGS/verdaccio.log"; fail "Verdaccio did not start"; }
printf '//127.0.0.1:%s/:_authToken=adoption-test\n' "$REGISTRY_PORT" >"$WORK/registry/npmrc"
for tgz in "$TARBALLS"/*.tgz; do
  npm publish "$tgz" --registry "$LOCAL_REGISTRY/" --userconfig "$WORK/registry/npmrc" >>"$LOGS/publish.log" 2>&1 ||
    { tail -20 "$LOGS/publish.log"; fail "publishing $(basename "$tgz")"; }
done
echo "published: $(cd "$TARBALLS" && ls -- *.tgz | tr '\n' ' ')"

phase "Scaffolding an app with @backstage/create-app@$CREATE_APP_VERSION"
(cd "$WORK" && echo app | timeout 600 npx -y "@backstage/create-app@$CREATE_APP_VERSION" --path "$APP" --skip-install) \
  >"$LOGS/create-app.log" 2>&1 || { tail -20 "$LOGS/create-app.log"; fail "create-app"; }
[ -f "$APP/packages/backend/src/index.ts" ] || { tail -20 "$LOGS/create-app.log"; fail "create-app made no app"; }
# Not the guide's: this machine's registry copy lacks the newest builds of some other platforms'
# optional binaries, and Yarn resolves every platform (docs/decisions.md, "The scaffold on this
# machine"). An adopter with a complete registry needs none of these.
node -e '
  const fs = require("fs"), file = process.argv[1], pkg = JSON.parse(fs.readFileSync(file, "utf8"));
  Object.assign((pkg.resolutions ??= {}), { "@swc/core": "1.16.18", "@yarnpkg/core": "4.9.1", "unrs-resolver": "1.12.2", "rollup": "4.67.4" });
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");' "$APP/package.json"
# From here on `yarn` is the scaffold's own release (its yarnPath), on the loopback registry.
mkdir -p "$WORK/bin"
printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$(ls "$APP"/.yarn/releases/yarn-*.cjs | head -1)" >"$WORK/bin/yarn"
chmod +x "$WORK/bin/yarn"
export PATH="$WORK/bin:$PATH"
export YARN_NPM_REGISTRY_SERVER="$LOCAL_REGISTRY"
export YARN_UNSAFE_HTTP_WHITELIST=127.0.0.1
export YARN_ENABLE_TELEMETRY=0

phase "Applying docs/install.md to the scaffold"
timeout 1800 node scripts/adoption/apply-guide.mjs docs/install.md "$APP" >"$LOGS/apply-guide.log" 2>&1 ||
  { grep -E '^---|YN0001|YN0009|YN0016|YN0018|YN0035|YN0082|Error' "$LOGS/apply-guide.log" | tail -30; fail "applying docs/install.md"; }
grep -E '^(---|Applied)' "$LOGS/apply-guide.log"
for pkg in plugin-adp-backend plugin-adp-common plugin-adp; do
  from="$(cd "$APP" && node -p "require.resolve('@adp-portal/$pkg/package.json', { paths: ['packages/backend', 'packages/app'] })")"
  case "$from" in "$APP"/node_modules/*) ;; *) fail "@adp-portal/$pkg resolves to $from, not the app's node_modules" ;; esac
done
grep -q '"@adp-portal/plugin-adp-backend": "^' "$APP/packages/backend/package.json" ||
  fail "packages/backend does not depend on the suite by version range"
echo "ok   the suite resolves from the app's node_modules, by version range"

phase "Type-checking the app, with the guide's legacy frontend lines"
cp fixtures/host-app/src/LegacyApp.tsx "$APP/packages/app/src/LegacyApp.tsx"
(cd "$APP" && yarn tsc >"$LOGS/app-tsc.log" 2>&1) || { tail -30 "$LOGS/app-tsc.log"; fail "the app does not type-check"; }
rm "$APP/packages/app/src/LegacyApp.tsx"
echo ok

phase "Building the app's frontend"
(cd "$APP" && yarn workspace app build >"$LOGS/app-build.log" 2>&1) ||
  { tail -30 "$LOGS/app-build.log"; fail "yarn workspace app build"; }
echo ok

# The test's own settings, not the guide's: its ports, the backend serving the built app, a
# static token for the checks, and the demo ALBs, programmes and projects to look at.
cat >"$WORK/app-config.adoption.yaml" <<YAML
app:
  baseUrl: http://localhost:$PORT
backend:
  baseUrl: http://localhost:$PORT
  listen: ':$PORT'
  cors:
    origin: http://localhost:$PORT
  auth:
    externalAccess:
      - type: static
        options:
          token: $TOKEN
          subject: adoption-test
adp:
  demoData: true
YAML
start_app() { # log, extra config...
  local log="$1"
  shift
  (cd "$APP/packages/backend" && NODE_ENV=development exec setsid yarn backstage-cli package start \
    --config "$APP/app-config.yaml" --config "$WORK/app-config.adoption.yaml" "$@") >"$log" 2>&1 &
  BACKEND_PID=$!
}

phase "Startup with an invalid setting stops, naming the key"
cat >"$WORK/app-config.invalid.yaml" <<YAML
# Half a SonarCloud section: startup must stop and name the missing key.
adp:
  provisioning:
    sonarcloud:
      organization: host-org
YAML
start_app "$LOGS/backend-invalid.log" --config "$WORK/app-config.invalid.yaml"
outcome=timeout
for ((i = 0; i < 300; i++)); do
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

phase "Starting the app's backend on port $PORT"
start_app "$LOGS/backend.log"
wait_until "$BACKEND_PID" 300 curl -sf -o /dev/null "http://localhost:$PORT/.backstage/health/v1/readiness" ||
  { tail -40 "$LOGS/backend.log"; fail "the app's backend did not become ready"; }
echo "ready at ${SECONDS}s"

phase "Checking the running app"
status=0
node scripts/adoption/check.mjs "$APP" "http://localhost:$PORT" "$TOKEN" || status=1
if grep -q 'configured systems: none' "$LOGS/backend.log"; then
  echo "ok   without adp.provisioning, provisioning starts with no system configured"
else
  echo "FAIL the backend log does not say 'configured systems: none'"
  status=1
fi
# The catalog module fills the catalog from the demo data in its first run after startup.
wait_until "$BACKEND_PID" 120 node -e '
  fetch(process.argv[1], { headers: { authorization: `Bearer ${process.argv[2]}` } })
    .then(r => r.json()).then(b => process.exit(b.items?.length ? 0 : 1), () => process.exit(1));' \
  "http://localhost:$PORT/api/catalog/entities/by-query?filter=kind=group,spec.type=delivery-project&limit=1" "$TOKEN" ||
  { echo "FAIL the catalog has no ADP project group"; status=1; }
node scripts/adoption/pages.mjs "http://localhost:$PORT" "$TOKEN" "$LOGS" || status=1
stop_backend
[ "$status" = 0 ] || fail "checks against the running app (log: $LOGS/backend.log)"

echo
echo "Adoption test passed in ${SECONDS}s."
