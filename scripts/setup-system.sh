#!/usr/bin/env bash
# Installs the Debian packages dmnlaw needs and pip cannot provide, when they are missing.
# Safe to rerun: it does nothing when everything is already there.
set -euo pipefail

PACKAGES=(
  fonts-noto-cjk          # Chinese glyphs for PDF memos (embedded by WeasyPrint)
  libpango-1.0-0          # WeasyPrint's text layout
  libpangoft2-1.0-0
  libharfbuzz-subset0     # fast font subsetting; without it WeasyPrint falls back to fontTools (~10x slower on CJK)
  poppler-utils           # pdftotext, pdffonts, pdftoppm: the tests read PDF memos back
  chromium                # headless browser: the tests open the HTML memo
  chromium-driver
)

need=()
for pkg in "${PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
