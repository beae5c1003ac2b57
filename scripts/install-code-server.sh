#!/usr/bin/env bash
# Installs the pinned code-server into tools/code-server/node_modules from its own lockfile.
# Idempotent: does nothing when the pinned version is already installed.
#
# code-server 4.100.3 (VS Code 1.100.3) is the newest release that runs on Node 20. Its install
# needs three settings on this kind of machine:
# - npm_config_unsafe_perm=true: its postinstall script refuses to run as root without it.
# - npm_config_yes=true: node-pty's postinstall runs `npx node-gyp`, which must not prompt.
# - a seeded ripgrep cache: @vscode/ripgrep downloads rg from outside the npm registry unless it
#   finds the release tarball in $TMPDIR/vscode-ripgrep-cache-<version>/, so we pack Debian's rg.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)
tool_dir="$repo_root/tools/code-server"

# The @vscode/ripgrep version and the rg release tag that code-server 4.100.3 pins, from
# lib/vscode/npm-shrinkwrap.json inside that release. Update both when the pin changes.
ripgrep_package_version=1.15.11
ripgrep_release_tag=v13.0.0-10

pinned_version=$(node -p "require('$tool_dir/package.json').dependencies['code-server']")
installed_version=$(node -p "try { require('$tool_dir/node_modules/code-server/package.json').version } catch { '' }")

if [ "$installed_version" = "$pinned_version" ] && [ -x "$tool_dir/node_modules/.bin/code-server" ]; then
  echo "install-code-server: code-server $pinned_version is already installed"
  exit 0
fi

if [ "$(uname -m)" != "x86_64" ]; then
  echo "install-code-server: the ripgrep cache seeding supports x86_64 only, not $(uname -m); install code-server $pinned_version into $tool_dir by hand" >&2
  exit 1
fi

rg_path=$(command -v rg || true)
if [ -z "$rg_path" ]; then
  echo "install-code-server: rg not found; install Debian's ripgrep first (apt-get install ripgrep)" >&2
  exit 1
fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cache_dir="$scratch/vscode-ripgrep-cache-$ripgrep_package_version"
mkdir -p "$cache_dir"
tar czf "$cache_dir/ripgrep-$ripgrep_release_tag-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$rg_path")" rg

echo "install-code-server: installing code-server $pinned_version into $tool_dir"
cd "$tool_dir"
if [ -f package-lock.json ]; then
  install_command=ci
else
  install_command=install
fi
TMPDIR="$scratch" npm_config_unsafe_perm=true npm_config_yes=true \
  npm "$install_command" --no-audit --no-fund --loglevel=error

installed_version=$(node -p "require('$tool_dir/node_modules/code-server/package.json').version")
if [ "$installed_version" != "$pinned_version" ]; then
  echo "install-code-server: expected code-server $pinned_version but found $installed_version" >&2
  exit 1
fi
echo "install-code-server: code-server $installed_version installed"
