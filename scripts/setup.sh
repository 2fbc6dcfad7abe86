#!/usr/bin/env bash
# Installs what the portal needs: Node 22 (locally, if the system's is older) and Yarn dependencies.
source "$(dirname "$0")/env.sh"
ensure_deps
echo "==> ready: node $(node --version), yarn $(yarn --version)"
