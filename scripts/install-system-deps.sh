#!/usr/bin/env bash
# System packages the tests need: Java (Spark local mode), Chromium (HTML report rendering test).
# Installs only what is missing; needs root (or sudo) and the Debian package registry.
set -euo pipefail
need=()
command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v softflowd >/dev/null 2>&1 || need+=(softflowd)  # real NetFlow exporter (issue 5 live test)
command -v nfcapd >/dev/null 2>&1 || need+=(nfdump)  # IPFIX benchmark peer (issue 5)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)  # rg -F -f: IOC scan benchmark peer (issue 4)
command -v logger >/dev/null 2>&1 || need+=(bsdutils)  # util-linux logger: real syslog sender
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
  || need+=(postgresql)  # real PostgreSQL server for the TAXII hub tests (issue 7; tests/share start their own)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing system packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

