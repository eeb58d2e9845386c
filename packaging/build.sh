#!/usr/bin/env bash
# Builds the Linux one-dir bundle of inbox-app and its .tar.gz, then proves that it runs.
#
#   packaging/build.sh
#
# Steps: check the tools (installs desktop-file-utils, appstream and Qt's runtime libraries with
# apt when run as root), validate the .desktop and AppStream files, create the build venv
# packaging/build/pkgvenv (PyInstaller and a non-editable install of the project, versions in
# packaging/constraints.txt), compile the translations (scripts/i18n.sh build), run PyInstaller on packaging/inbox_app.spec into
# packaging/dist/inbox-app/, add share/ (desktop file, metainfo, icon), run the bundle's self-test
# and a headless `--demo --screenshot` smoke run, check the screenshot, and pack
# packaging/dist/inbox-app-VERSION-linux-ARCH.tar.gz. The last two lines printed are the bundle's
# path and size and the archive's path and size.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"     # packaging/
root="$(cd "$here/.." && pwd)"                           # the repository
build="$here/build"
venv="$build/pkgvenv"
dist="$here/dist"
bundle="$dist/inbox-app"
app_id="io.github.inbox_app.Inbox"
started=$SECONDS

step() { printf '\n==> %s\n' "$*"; }
die() { echo "build.sh: error: $*" >&2; exit 1; }

# --- tools -----------------------------------------------------------------------------------
pick_python() {
    # PyInstaller needs a Python built with a shared libpython (Debian's and pyenv's defaults are).
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys, sysconfig; sys.exit(sys.version_info < (3, 11)
                            or not sysconfig.get_config_var("Py_ENABLE_SHARED"))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    return 1
}

# Qt's offscreen platform (the smoke run) needs these shared libraries; same list as scripts/dev.sh.
qt_libs=(libEGL.so.1 libGL.so.1 libX11.so.6 libxkbcommon.so.0 libfontconfig.so.1
         libfreetype.so.6 libglib-2.0.so.0 libdbus-1.so.3)
qt_pkgs=(libegl1 libgl1 libx11-6 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3)

# Libraries of Qt's X11 (xcb) platform plugin that PyInstaller copies into the bundle when they
# are on the build machine, so the bundle starts on X11 desktops that lack them (libxcb itself and
# libX11 are left to the system on purpose). Missing ones only warn, when not root.
xcb_libs=(libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-image.so.0 libxcb-keysyms.so.1
          libxcb-render-util.so.0 libxcb-shape.so.0 libxcb-util.so.1 libxcb-xkb.so.1
          libxkbcommon-x11.so.0)
xcb_pkgs=(libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
          libxcb-shape0 libxcb-util1 libxcb-xkb1 libxkbcommon-x11-0)

ensure_system() {
    local py="$1" missing=() optional=() cache
    command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
    command -v appstreamcli >/dev/null 2>&1 || missing+=(appstream)
    # xvfb-run: a second smoke run on a real X11 server (Xvfb), through the bundled xcb plugin.
    command -v xvfb-run >/dev/null 2>&1 || optional+=(xvfb xauth)
    "$py" -c 'import ensurepip, venv' >/dev/null 2>&1 ||
        missing+=("python$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv")
    cache="$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)"
    for i in "${!qt_libs[@]}"; do
        grep -q "${qt_libs[$i]}" <<<"$cache" || missing+=("${qt_pkgs[$i]}")
    done
    for i in "${!xcb_libs[@]}"; do
        grep -q "${xcb_libs[$i]}" <<<"$cache" || optional+=("${xcb_pkgs[$i]}")
    done
    [ "${#missing[@]}" -eq 0 ] && [ "${#optional[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: ${missing[*]} ${optional[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
            "${missing[@]}" "${optional[@]}"
    elif [ "${#missing[@]}" -gt 0 ]; then
        die "missing system packages. Run:  sudo apt-get install -y ${missing[*]} ${optional[*]}  and try again."
    else
        echo "warning: not bundling what is missing here (${optional[*]}): the bundle then needs" \
             "them on X11 desktops, and the Xvfb smoke run is skipped." >&2
    fi
}

step "Checking tools"
py="$(pick_python)" ||
    die "Python 3.11 or newer with a shared libpython is needed (Debian: sudo apt-get install -y python3 python3-venv)"
ensure_system "$py"
echo "Python: $py ($("$py" -c 'import platform; print(platform.python_version())'))"

# --- desktop integration files (cheap: checked before the long build) ------------------------
step "Validating the desktop entry and AppStream metadata"
desktop_file="$root/resources/$app_id.desktop"
metainfo_file="$root/resources/$app_id.metainfo.xml"
desktop-file-validate "$desktop_file" || die "desktop-file-validate rejected $desktop_file"
echo "desktop-file-validate: $desktop_file OK"
appstreamcli validate --no-net "$metainfo_file" || die "appstreamcli rejected $metainfo_file"

# --- build venv --------------------------------------------------------------------------------
step "Preparing the build venv $venv"
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check -q)
"${pip[@]}" install --upgrade pip
# Build the project from a copy of its sources, so that setuptools writes its build/ and egg-info
# there and not into the repository.
src="$build/src"
rm -rf "$src"
mkdir -p "$src"
cp "$root/pyproject.toml" "$root/README.md" "$src/"
for extra in LICENSE LICENSE.txt LICENSE.md; do
    [ -f "$root/$extra" ] && cp "$root/$extra" "$src/"
done
(cd "$root" && tar --exclude=__pycache__ -cf - inbox_app) | tar -C "$src" -xf -
"${pip[@]}" install -c "$here/constraints.txt" pyinstaller pyinstaller-hooks-contrib "$src"
# Same version number as last time would let pip keep the old copy: always take this source.
"${pip[@]}" install --no-deps --force-reinstall "$src"
"$venv/bin/python" - <<'EOF'
import importlib.metadata as md
for name in ("pyinstaller", "PySide6-Essentials", "inbox_app"):
    print(f"{name} {md.version(name)}")
EOF
version="$("$venv/bin/python" -c 'import inbox_app; print(inbox_app.__version__)')"

step "Compiling translations (resources/i18n/*.ts -> inbox_app/i18n/*.qm)"
LRELEASE="$venv/bin/pyside6-lrelease" bash "$root/scripts/i18n.sh" build

# --- PyInstaller -------------------------------------------------------------------------------
step "Running PyInstaller (one-dir; about a minute on 2 cores)"
rm -rf "$bundle"
(cd "$here" && "$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$build/work" "$here/inbox_app.spec")
[ -x "$bundle/inbox-app" ] || die "PyInstaller did not produce $bundle/inbox-app"

step "Adding share/ (desktop entry, AppStream metadata, icon) to the bundle"
install -Dm644 "$desktop_file" "$bundle/share/applications/$app_id.desktop"
install -Dm644 "$metainfo_file" "$bundle/share/metainfo/$app_id.metainfo.xml"
install -Dm644 "$root/resources/icons/$app_id.svg" \
    "$bundle/share/icons/hicolor/scalable/apps/$app_id.svg"
install -Dm755 "$here/install-local.sh" "$bundle/install-local.sh"

# --- smoke run ---------------------------------------------------------------------------------
# Settings, drafts and logs of the runs below go to a throw-away home, not the builder's.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
scratch_env=(HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
             XDG_STATE_HOME="$scratch/state" XDG_CACHE_HOME="$scratch/cache")
smoke_env=(env QT_QPA_PLATFORM=offscreen "${scratch_env[@]}")
mkdir -p "$scratch/home"

# A screenshot passes when it is at least 800x500 and not blank: more than 30 distinct colours
# on a 40x40 grid of samples (read with the build venv's Qt).
check_png() {
    QT_QPA_PLATFORM=offscreen "$venv/bin/python" - "$1" <<'EOF' || die "the screenshot check of $1 failed"
import sys
from PySide6.QtGui import QGuiApplication, QImage

app = QGuiApplication(sys.argv[:1])
image = QImage(sys.argv[1])
if image.isNull():
    sys.exit(f"screenshot: cannot read {sys.argv[1]} as an image")
w, h = image.width(), image.height()
colours = {image.pixel(x * (w - 1) // 39, y * (h - 1) // 39) for x in range(40) for y in range(40)}
print(f"screenshot: {w}x{h}, {len(colours)} distinct colours on a 40x40 grid")
if w < 800 or h < 500:
    sys.exit(f"screenshot: {w}x{h} is smaller than 800x500")
if len(colours) <= 30:
    sys.exit("screenshot: looks blank (30 distinct colours or fewer)")
print("screenshot: OK")
EOF
}

step "Self-test inside the bundle (keyring backends, run-time imports, Qt plugins, icons)"
"${smoke_env[@]}" INBOX_APP_BUNDLE_SELFTEST=1 timeout 120 "$bundle/inbox-app" ||
    die "the bundle's self-test failed (see the FAIL lines above)"

step "Smoke run: inbox-app --demo --screenshot"
shot="$scratch/inbox-app-smoke.png"
rc=0
"${smoke_env[@]}" timeout 180 "$bundle/inbox-app" --demo --screenshot "$shot" || rc=$?
[ "$rc" -eq 0 ] || die "the smoke run exited with code $rc"
[ -s "$shot" ] || die "the smoke run exited 0 but wrote no screenshot at $shot"
check_png "$shot"
mkdir -p "$build"
cp "$shot" "$build/smoke-screenshot.png"
echo "screenshot kept at $build/smoke-screenshot.png"

step "Smoke run: inbox-app --demo livelink --screenshot"
ll_shot="$scratch/inbox-app-livelink.png"
rc=0
"${smoke_env[@]}" timeout 180 "$bundle/inbox-app" --demo livelink --screenshot "$ll_shot" || rc=$?
[ "$rc" -eq 0 ] || die "the Live Link smoke run exited with code $rc"
[ -s "$ll_shot" ] || die "the Live Link smoke run exited 0 but wrote no screenshot at $ll_shot"
check_png "$ll_shot"
cp "$ll_shot" "$build/smoke-screenshot-livelink.png"

step "Smoke run on X11 (Xvfb, the bundled xcb platform plugin)"
if command -v xvfb-run >/dev/null 2>&1; then
    x11_shot="$scratch/inbox-app-x11.png"
    rc=0
    # QT_QPA_PLATFORM=xcb: Qt stops with an error instead of falling back if the plugin fails.
    env -u WAYLAND_DISPLAY "${scratch_env[@]}" QT_QPA_PLATFORM=xcb \
        xvfb-run -a -s "-screen 0 1280x800x24" timeout 180 \
        "$bundle/inbox-app" --demo --screenshot "$x11_shot" || rc=$?
    [ "$rc" -eq 0 ] && [ -s "$x11_shot" ] || die "the X11 smoke run failed (exit code $rc)"
    check_png "$x11_shot"
    cp "$x11_shot" "$build/smoke-screenshot-x11.png"
else
    echo "skipped: xvfb-run is not installed (apt-get install xvfb xauth)"
fi

# --- archive -----------------------------------------------------------------------------------
step "Packing the archive"
archive="$dist/inbox-app-$version-linux-$(uname -m).tar.gz"
rm -f "$archive"
# Same bytes for the same bundle: sorted names, fixed owner and times, no gzip timestamp.
mtime="${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}"
tar -C "$dist" --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$mtime" \
    -cf - inbox-app | gzip -n -6 >"$archive"

elapsed=$((SECONDS - started))
step "Done in $((elapsed / 60)) min $((elapsed % 60)) s"
echo "Bundle:  $bundle ($(du -sh "$bundle" | cut -f1))"
echo "Archive: $archive ($(du -h "$archive" | cut -f1))"
