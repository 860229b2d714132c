#!/usr/bin/env bash
# Corridor Atlas developer entry point: `./run.sh app` starts the app, `./run.sh test` runs
# every test (two pytest-xdist workers, see pyproject), `./run.sh lint` runs ruff. They create
# or refresh .venv (Python deps) and node_modules (Leaflet assets) as needed.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON=${PYTHON:-python3}
VENV=.venv

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

apt_install() {
    # Installs Debian packages that are missing; a no-op when all are present.
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_venv() {
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    local stamp="$VENV/.installed" want
    want=$(sha256sum pyproject.toml | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        "$VENV/bin/python" -m pip install -q --upgrade pip
        "$VENV/bin/python" -m pip install -q -e '.[test]'
        echo "$want" > "$stamp"
    fi
}

ensure_assets() {
    command -v npm >/dev/null || apt_install nodejs npm
    local stamp="node_modules/.installed" want
    want=$(sha256sum package-lock.json | cut -d' ' -f1)
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        npm ci --no-audit --no-fund --loglevel=error
        echo "$want" > "$stamp"
    fi
    "$VENV/bin/python" -m geo assets --out static
}

cmd=${1:-}
shift || true
case "$cmd" in
    app)
        ensure_venv
        ensure_assets
        # Imports and data are loaded before the server starts, not when the first page opens.
        exec "$VENV/bin/python" -m geo.serve "$@"
        ;;
    lint)
        ensure_venv
        "$VENV/bin/ruff" check .
        exec "$VENV/bin/ruff" format --check .
        ;;
    test)
        ensure_venv
        ensure_assets
        apt_install chromium poppler-utils
        if [ $# -gt 0 ]; then exec "$VENV/bin/python" -m pytest "$@"; fi
        # One run in three workers (pyproject's addopts): the app's browser tests form two
        # groups with a server each, everything else fills the gaps while they wait on Chromium.
        exec "$VENV/bin/python" -m pytest
        ;;
    *)
        echo "usage: ./run.sh app | lint | test [pytest args]" >&2
        exit 2
        ;;
esac
