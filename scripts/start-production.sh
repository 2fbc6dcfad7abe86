#!/usr/bin/env bash
# Starts the portal as Backstage's Dockerfile runs it: the backend's bundle (with the built app,
# which the backend serves) unpacked into a folder of its own, production dependencies only,
# then `node packages/backend --config app-config.yaml --config app-config.production.yaml`.
#
#   bash scripts/start-production.sh [--no-build] [--reuse-node-modules] [-- --config extra.yaml ...]
#
# app-config.production.yaml reads PostgreSQL from POSTGRES_HOST, POSTGRES_PORT, POSTGRES_USER and
# POSTGRES_PASSWORD, and Microsoft sign-in from AUTH_MICROSOFT_CLIENT_ID, AUTH_MICROSOFT_CLIENT_SECRET
# and AUTH_MICROSOFT_TENANT_ID. It listens on port 7007 and serves the app there.
#
# --no-build             use the bundle of an earlier `yarn build:backend`
# --reuse-node-modules   link the repository's installed dependencies instead of installing the
#                        production ones (same versions, from the same yarn.lock; for tests)
# PORTAL_DIR             where the bundle is unpacked (default tools/portal, ignored by git)
source "$(dirname "$0")/env.sh"
cd "$ROOT"

BUILD=1
REUSE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0 ;;
    --reuse-node-modules) REUSE=1 ;;
    --) shift; break ;;
    *) echo "usage: bash scripts/start-production.sh [--no-build] [--reuse-node-modules] [-- node args...]" >&2; exit 2 ;;
  esac
  shift
done
DIR="${PORTAL_DIR:-$ROOT/tools/portal}"

if [ "$BUILD" = 1 ]; then
  ensure_deps
  # The build packs the type declarations tsc emits; `build:backend` builds the plugins and the
  # app it depends on, then bundles the backend.
  yarn tsc
  yarn build:backend
fi
for file in skeleton bundle; do
  [ -f "packages/backend/dist/$file.tar.gz" ] || { echo "No packages/backend/dist/$file.tar.gz: run without --no-build" >&2; exit 1; }
done

rm -rf "$DIR"
mkdir -p "$DIR/.yarn"
cp package.json yarn.lock .yarnrc.yml backstage.json "$DIR/"
cp -R .yarn/releases "$DIR/.yarn/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$DIR"
if [ "$REUSE" = 1 ]; then
  # The repository's node_modules, but the suite's packages and the app from the bundle.
  mkdir -p "$DIR/node_modules/@adp-portal"
  for entry in "$ROOT"/node_modules/* "$ROOT"/node_modules/.bin; do
    case "$(basename "$entry")" in @adp-portal | app | backend) continue ;; esac
    ln -s "$entry" "$DIR/node_modules/"
  done
  tar xzf packages/backend/dist/bundle.tar.gz -C "$DIR"
  for pkg in "$DIR"/plugins/*/package.json; do
    ln -s "$(dirname "$pkg")" "$DIR/node_modules/$(node -p "require('$pkg').name")"
  done
  ln -s "$DIR/packages/app" "$DIR/node_modules/app"
else
  (cd "$DIR" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn workspaces focus --all --production)
  tar xzf packages/backend/dist/bundle.tar.gz -C "$DIR"
fi
cp app-config.yaml app-config.production.yaml catalog-info.yaml "$DIR/"
cp -R examples "$DIR/"

cd "$DIR"
NODE_ENV=production exec node packages/backend --config app-config.yaml --config app-config.production.yaml "$@"
