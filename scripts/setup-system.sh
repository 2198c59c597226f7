#!/usr/bin/env bash
# Installs the Debian packages dmnlaw needs and pip cannot provide, when they are missing.
# Safe to rerun: it does nothing when everything is already there.
set -euo pipefail
need=()
# (filled in as features need them: fonts and Pango for PDF memos, poppler for tests, chromium for page tests)
for pkg in "${PACKAGES[@]:-}"; do
  [ -z "$pkg" ] && continue
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
