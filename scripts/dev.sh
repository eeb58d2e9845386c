#!/usr/bin/env bash
# The two newcomer commands (see README):
#   scripts/dev.sh demo   set everything up, then start the app on the embedded demo server
#   scripts/dev.sh test   set everything up, run the whole test suite, then build the bundle and
#                         smoke-run it (packaging/build.sh); with extra args: only pytest, with them
#   scripts/dev.sh bench  the performance harness (benchmarks/run.py; --quick, --json PATH)
# On first use it creates .venv next to this repository and installs the project into it;
# later runs reinstall only when pyproject.toml changed, and compile the translations when their
# sources changed (scripts/i18n.sh). Missing system packages (python3-venv,
# Qt's runtime libraries) are installed with apt when run as root; otherwise it stops and
# prints the exact command to run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
venv="$here/.venv"

die() { echo "error: $*" >&2; exit 1; }

pick_python() {
    for candidate in python3.13 python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    return 1
}

# Qt's offscreen platform needs these shared libraries (measured on Debian 12; see docs/).
qt_libs=(libEGL.so.1 libGL.so.1 libX11.so.6 libxkbcommon.so.0 libfontconfig.so.1
         libfreetype.so.6 libglib-2.0.so.0 libdbus-1.so.3)
qt_pkgs=(libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3)

missing_packages() {
    local py="$1" missing=()
    if [ ! -x "$venv/bin/python" ] && ! "$py" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        local ver; ver="$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
        missing+=("python$ver-venv")
    fi
    local cache; cache="$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)"
    for i in "${!qt_libs[@]}"; do
        grep -q "${qt_libs[$i]}" <<<"$cache" || missing+=("${qt_pkgs[$i]}")
    done
    # The relay's PostgreSQL tests start a throwaway server from Debian's binaries.
    compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || missing+=(postgresql)
    # The keyring tests run a real Secret Service on a private D-Bus session bus.
    command -v dbus-daemon >/dev/null 2>&1 || missing+=(dbus-daemon)
    command -v gnome-keyring-daemon >/dev/null 2>&1 || missing+=(gnome-keyring)
    echo "${missing[@]:-}"
}

ensure_system() {
    local py="$1" missing
    missing="$(missing_packages "$py")"
    [ -z "${missing// /}" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: $missing"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        # shellcheck disable=SC2086
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
    else
        die "missing system packages. Run:  sudo apt-get install -y $missing  and try again."
    fi
}

ensure_venv() {
    local py="$1" stamp="$venv/.installed" want
    want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ ! -x "$venv/bin/python" ]; then
        echo "Creating $venv ..."
        "$py" -m venv "$venv"
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "Installing inbox_app and its test tools into .venv (first run takes a minute) ..."
        "$venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -e ".[test]"
        echo "$want" >"$stamp"
    fi
}

# The app loads inbox_app/i18n/*.qm, compiled from resources/i18n/*.ts with the venv's Qt tools:
# built here (never committed) when missing or older than their source.
ensure_translations() {
    local ts qm
    for ts in resources/i18n/*.ts; do
        qm="inbox_app/i18n/$(basename "${ts%.ts}").qm"
        if [ ! -f "$qm" ] || [ "$ts" -nt "$qm" ]; then
            bash scripts/i18n.sh build
            return 0
        fi
    done
}

setup() {
    local py
    py="$(pick_python)" || die "Python 3.11 or newer is needed. Run:  sudo apt-get install -y python3 python3-venv"
    ensure_system "$py"
    ensure_venv "$py"
    ensure_translations
}

cmd="${1:-}"; shift || true
case "$cmd" in
    test)
        setup
        export QT_QPA_PLATFORM=offscreen QT_API=pyside6
        if [ "$#" -gt 0 ]; then
            # A focused run (scripts/dev.sh test -k relogin): pytest alone.
            exec "$venv/bin/python" -m pytest "$@"
        fi
        "$venv/bin/python" -m pytest
        # The packaging smoke: build the standalone bundle in its own venv, self-test it, run
        # it headless on the demo and check its screenshot (about a minute, cold pip cache).
        echo
        echo "==> Packaging smoke (packaging/build.sh)"
        exec bash packaging/build.sh
        ;;
    demo)
        setup
        exec "$venv/bin/python" -m inbox_app --demo "$@"
        ;;
    bench)
        setup
        export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
        exec "$venv/bin/python" benchmarks/run.py "$@"
        ;;
    setup)
        setup
        ;;
    *)
        echo "usage: scripts/dev.sh demo|test|bench|setup [args...]" >&2
        exit 2
        ;;
esac
