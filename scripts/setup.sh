#!/usr/bin/env bash
# Sets up everything EnvHelp needs, idempotently:
#   1. on Debian/Ubuntu as root, the system libraries Qt needs (and the test tools with --test);
#   2. a virtual environment in .venv with the package installed in editable mode.
# Usage: scripts/setup.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Qt's offscreen/xcb platform needs these on a bare Debian 12 (see docs/install.md).
qt_pkgs="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfreetype6 libfontconfig1 libdbus-1-3
 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
 libxcb-render-util0 libxcb-image0 libxcb-xinerama0 fonts-wqy-microhei"
# Tools the test suite uses as a second reader of our PDFs and workbooks.
test_pkgs="poppler-utils libreoffice-calc"
# The bureau hub's tests start their own throwaway PostgreSQL cluster (tests/hub/conftest.py)
# with initdb and pg_ctl from the server package; no service is started here.
test_pkgs="$test_pkgs postgresql"

missing_pkgs() {
    local missing=""
    for p in $1; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
    done
    echo "$missing"
}

if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    pkgs="$qt_pkgs"
    [ $want_test = 1 ] && pkgs="$pkgs $test_pkgs"
    python3 -c 'import venv, ensurepip' 2>/dev/null || pkgs="$pkgs python3-venv"
    need=$(missing_pkgs "$pkgs")
    if [ -n "$need" ]; then
        echo "== installing system packages:$need"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq || true
        # shellcheck disable=SC2086
        apt-get install -y -qq --no-install-recommends $need >/dev/null
    fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "== creating .venv"
    "$PY" -m venv .venv
fi

# Reinstall only when the dependency list changed since the last install.
# hub: psycopg for `envhelp sync` with a bureau hub (docs/bureau-hub.md).
extras="fast,hub"
[ $want_test = 1 ] && extras="test,fast,hub"
stamp=".venv/.envhelp-installed-$extras"
if [ ! -f "$stamp" ] || [ setup.cfg -nt "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "== installing Python packages ($extras)"
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".[$extras]"
    touch "$stamp"
fi
