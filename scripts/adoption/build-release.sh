#!/usr/bin/env bash
# Builds the packed packages (one .tgz per plugin) of a previous release of the suite, for the
# upgrade test of scripts/test-adoption.sh. The release is the newest one releases.json records
# (docs/decisions.md, "Which commit is the previous release"): its tag when the clone has it, else
# the commit recorded there (fetched from origin when the clone lacks it).
#
#   bash scripts/adoption/build-release.sh <out dir>
#
# Prints "<version> <commit>" as its last line. The tarballs land in <out dir>; they are cached in
# tools/releases/<commit>/, so a second run on the same machine takes seconds.
source "$(dirname "$0")/../env.sh"
cd "$ROOT"

OUT="${1:?usage: bash scripts/adoption/build-release.sh <out dir>}"
read -r VERSION TAG COMMIT < <(node -e '
  const { releases } = require("./releases.json");
  const last = releases[releases.length - 1];
  console.log(last.version, `v${last.version}`, last.commit);')

if git rev-parse -q --verify "refs/tags/$TAG^{commit}" >/dev/null; then
  tagged="$(git rev-parse "$TAG^{commit}")"
  [ "$tagged" = "$COMMIT" ] || { echo "tag $TAG is $tagged, releases.json says $COMMIT" >&2; exit 1; }
  echo "previous release: $TAG ($COMMIT)" >&2
elif git cat-file -e "$COMMIT^{commit}" 2>/dev/null; then
  echo "previous release: $VERSION, no tag $TAG in this clone: commit $COMMIT from releases.json" >&2
elif git remote get-url origin >/dev/null 2>&1 && git fetch -q --depth=1 origin "$COMMIT" 2>/dev/null; then
  echo "previous release: $VERSION, commit $COMMIT fetched from origin (shallow clone)" >&2
else
  echo "previous release $VERSION: neither tag $TAG nor commit $COMMIT is in this clone, and origin cannot give it; clone with tags (git fetch --tags)" >&2
  exit 1
fi

CACHE="$ROOT/tools/releases/$COMMIT"
if ! ls "$CACHE"/*.tgz >/dev/null 2>&1; then
  SRC="$(mktemp -d "${TMPDIR:-/tmp}/adp-release.XXXXXX")"
  trap 'rm -rf "$SRC"' EXIT
  LOG="$ROOT/test-results/adoption/release-$VERSION"
  mkdir -p "$LOG"
  # The release's files, without touching this clone's work tree or worktree list.
  git archive "$COMMIT" | tar -x -C "$SRC"
  mkdir -p "$SRC/.yarn/releases"
  cp "$ROOT"/.yarn/releases/*.cjs "$SRC/.yarn/releases/"
  # Its own install (Yarn's global cache makes it mostly linking); native builds are skipped:
  # building and packing need none.
  (cd "$SRC" && yarn install --mode=skip-build >"$LOG/install.log" 2>&1) ||
    { tail -20 "$LOG/install.log" >&2; exit 1; }
  # Declarations are emitted even when tsc reports errors; only the files are needed here.
  (cd "$SRC" && yarn tsc >"$LOG/tsc.log" 2>&1) || echo "tsc of $VERSION reported errors (see $LOG/tsc.log)" >&2
  (cd "$SRC" && yarn backstage-cli repo build >"$LOG/build.log" 2>&1) ||
    { tail -30 "$LOG/build.log" >&2; exit 1; }
  rm -rf "$CACHE.partial"
  mkdir -p "$CACHE.partial"
  pack_one() { # plugin dir
    local dir="${1%/}"
    (cd "$dir" && yarn pack --out "$CACHE.partial/$(basename "$dir").tgz" >"$LOG/pack-$(basename "$dir").log" 2>&1) ||
      { tail -20 "$LOG/pack-$(basename "$dir").log" >&2; return 1; }
  }
  export -f pack_one
  export CACHE LOG
  for dir in "$SRC"/plugins/*/; do [ -f "$dir/package.json" ] && echo "$dir"; done |
    xargs -P 3 -I{} bash -c 'pack_one "$@"' _ {} || exit 1
  rm -rf "$CACHE"
  mv "$CACHE.partial" "$CACHE"
fi
mkdir -p "$OUT"
cp "$CACHE"/*.tgz "$OUT/"
echo "$VERSION $COMMIT"
