#!/usr/bin/env bash
# System packages juesuan's document readers use (idempotent; run as root or with sudo).
#
#   libreoffice-writer-nogui  converts Word .doc to .docx for the reader (soffice --headless),
#                             and the tests use it to make real PDFs from .docx files
#   libreoffice-calc-nogui    lets the tests make a real Excel 97 .xls
#   fonts-wqy-microhei        a free CJK font, so the PDFs the tests make carry Chinese text
#   fonts-noto-cjk            Noto Serif/Sans CJK SC: the faces a rendered report falls back to
#                             (仿宋 and 小标宋/黑体 are not freely licensed)
#   poppler-utils             pdftoppm, with which the tests look at rendered PDF pages
#   chromium                  the browser the web page's tests drive (through Playwright)
#
# Everything is optional at run time: without soffice a .doc is refused with a clear
# message and the tests that need it are skipped.
set -euo pipefail

PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui fonts-wqy-microhei fonts-noto-cjk poppler-utils chromium)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all present (${PACKAGES[*]})"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y --no-install-recommends "${missing[@]}"
