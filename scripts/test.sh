#!/usr/bin/env bash
# `npm test`: installs what is missing (Debian packages, code-server), then runs every suite.
# The last line printed is the total over all suites: `N passed, N failed`.
# Arguments are passed to scripts/run-tests.mjs, e.g. `npm test -- --only unit,lint`.
set -uo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo_root"

install_status=0
bash scripts/install-deps.sh || install_status=$?

exec node scripts/run-tests.mjs --install-status "$install_status" "$@"
