#!/usr/bin/env bash
# Installs this unpacked inbox-app bundle for the current user (no root needed):
#   ./install-local.sh            copy to ~/.local/opt/inbox-app, link ~/.local/bin/inbox-app,
#                                 add the desktop entry, AppStream metadata and icon
#   ./install-local.sh --remove   undo all of that
# packaging/build.sh puts this script at the top of the bundle, next to the inbox-app executable.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
app_id="io.github.inbox_app.Inbox"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/inbox-app"
bin="$HOME/.local/bin"
files=("applications/$app_id.desktop" "metainfo/$app_id.metainfo.xml"
       "icons/hicolor/scalable/apps/$app_id.svg")

if [ "${1:-}" = "--remove" ]; then
    rm -rf "$opt"
    rm -f "$bin/inbox-app"
    for f in "${files[@]}"; do rm -f "$data/$f"; done
    echo "inbox-app removed."
    exit 0
fi
[ -x "$here/inbox-app" ] || { echo "run this script from the unpacked inbox-app folder" >&2; exit 1; }
if [ "$here" != "$opt" ]; then
    rm -rf "$opt"
    mkdir -p "$(dirname "$opt")"
    cp -a "$here" "$opt"
fi
mkdir -p "$bin"
ln -sf "$opt/inbox-app" "$bin/inbox-app"
for f in "${files[@]}"; do install -Dm644 "$opt/share/$f" "$data/$f"; done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "inbox-app installed in $opt; the command is $bin/inbox-app (make sure $bin is on PATH)."
