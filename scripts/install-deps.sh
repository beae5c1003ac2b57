#!/usr/bin/env bash
# Installs what the test suites need beyond `npm ci`, only what is missing:
# - Debian packages: azure-cli (the az end-to-end tests), chromium (VS Code and UI tests),
#   libkrb5-dev (code-server's kerberos module builds against it), ripgrep (seeds code-server's
#   ripgrep download), openssl and iproute2 (sandbox certificates and the loopback-only network).
# - code-server, pinned in tools/code-server.
# Idempotent, and takes well under a second when everything is present.
set -euo pipefail

repo_root=$(cd "$(dirname "$0")/.." && pwd)

required_packages=(azure-cli chromium libkrb5-dev ripgrep openssl iproute2)
missing_packages=()
for package in "${required_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [ "$status" != "install ok installed" ]; then
    missing_packages+=("$package")
  fi
done

if [ ${#missing_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing Debian packages: ${missing_packages[*]}; run as root: apt-get update && apt-get install -y ${missing_packages[*]}" >&2
    exit 1
  fi

  echo "install-deps: installing Debian packages: ${missing_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
else
  echo "install-deps: Debian packages present: ${required_packages[*]}"
fi

bash "$repo_root/scripts/install-code-server.sh"
