#!/usr/bin/env bash
# Translations with Qt's own tools (see README, "Languages"):
#   scripts/i18n.sh update   read every tr()/translate() of the UI into resources/i18n/*.ts
#                            (new strings come in as unfinished: translate them, e.g. with
#                            pyside6-linguist resources/i18n/inbox_app_es.ts, then commit)
#   scripts/i18n.sh build    compile resources/i18n/*.ts into inbox_app/i18n/*.qm, which the app
#                            loads (not committed: scripts/dev.sh and packaging/build.sh run this)
# The tools are pyside6-lupdate and pyside6-lrelease of the PySide6 wheel: from .venv when there
# is one, else from PATH; LUPDATE=... / LRELEASE=... choose others.
#
# inbox_app_es.ts holds every string; inbox_app_en.ts only the plural forms ("%n segment(s)" →
# "1 segment" / "2 segments"), since the source strings are English already.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
ts_dir=resources/i18n
qm_dir=inbox_app/i18n
sources=(inbox_app/ui inbox_app/app.py inbox_app/wiring.py)  # every user-visible string is in these

tool() {  # tool NAME: the path of pyside6-NAME
    local name="pyside6-$1"
    if [ -x "$here/.venv/bin/$name" ]; then
        echo "$here/.venv/bin/$name"
    elif command -v "$name" >/dev/null 2>&1; then
        command -v "$name"
    else
        echo "i18n.sh: $name not found (run scripts/dev.sh setup first)" >&2
        exit 1
    fi
}

case "${1:-}" in
    update)
        lupdate="${LUPDATE:-$(tool lupdate)}"
        common=(-extensions py -locations none -no-obsolete -source-language en)
        # Options first: lupdate applies -extensions only to the directories named after it.
        "$lupdate" "${common[@]}" -target-language es "${sources[@]}" -ts "$ts_dir/inbox_app_es.ts"
        "$lupdate" "${common[@]}" -target-language en -pluralonly "${sources[@]}" \
            -ts "$ts_dir/inbox_app_en.ts"
        ;;
    build)
        lrelease="${LRELEASE:-$(tool lrelease)}"
        mkdir -p "$qm_dir"
        for ts in "$ts_dir"/*.ts; do
            "$lrelease" -silent "$ts" -qm "$qm_dir/$(basename "${ts%.ts}").qm"
        done
        echo "i18n.sh: compiled $(ls "$ts_dir"/*.ts | wc -l) translation(s) into $qm_dir/"
        ;;
    *)
        echo "usage: scripts/i18n.sh update|build" >&2
        exit 2
        ;;
esac
