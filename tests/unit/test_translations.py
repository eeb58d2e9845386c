"""The translations are complete: every string of the UI is in the .ts files, translated.

lupdate (of the PySide6 wheel) reads the sources again into a scratch file, and the committed
.ts must hold exactly those strings; no entry may be unfinished or empty, and each translation
keeps its source's placeholders ({}, {0}, %n) and keyboard mnemonic.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import PySide6
import pytest

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "resources" / "i18n"
SPANISH = TS_DIR / "inbox_app_es.ts"
ENGLISH = TS_DIR / "inbox_app_en.ts"
LUPDATE = Path(PySide6.__file__).parent / "lupdate"

Key = tuple[str, str, str]  # context, source, disambiguation


def messages(path: Path) -> dict[Key, ET.Element]:
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            key = (name, message.findtext("source") or "", message.findtext("comment") or "")
            found[key] = message
    return found


def lupdate(tmp_path: Path, *options: str) -> dict[Key, ET.Element]:
    """What the sources hold now (as scripts/i18n.sh update reads them)."""
    out = tmp_path / "fresh.ts"
    subprocess.run(
        [
            str(LUPDATE),
            "-extensions",
            "py",
            "-locations",
            "none",
            "-silent",
            *options,
            "inbox_app/ui",
            "inbox_app/app.py",
            "inbox_app/wiring.py",
            "-ts",
            str(out),
        ],
        cwd=ROOT,
        check=True,
    )
    return messages(out)


def forms(message: ET.Element) -> list[str]:
    translation = message.find("translation")
    assert translation is not None
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{\d*\}|%n", text))


def test_every_ui_string_is_in_the_spanish_ts(tmp_path: Path) -> None:
    fresh, committed = lupdate(tmp_path), messages(SPANISH)
    missing = sorted(set(fresh) - set(committed))
    stale = sorted(set(committed) - set(fresh))
    assert not missing, f"run scripts/i18n.sh update and translate: {missing}"
    assert not stale, f"run scripts/i18n.sh update (no longer in the code): {stale}"
    assert len(committed) > 200


def test_english_ts_has_every_plural_form(tmp_path: Path) -> None:
    fresh, committed = lupdate(tmp_path, "-pluralonly"), messages(ENGLISH)
    plurals = {key for key, message in fresh.items() if message.get("numerus") == "yes"}
    assert plurals and plurals == set(committed)


@pytest.mark.parametrize("path", [SPANISH, ENGLISH], ids=lambda p: p.name)
def test_every_entry_is_translated_and_keeps_its_placeholders(path: Path) -> None:
    root = ET.parse(path).getroot()
    assert root.get("sourcelanguage") == "en"
    for (context, source, _), message in messages(path).items():
        translation = message.find("translation")
        assert translation is not None
        assert translation.get("type") is None, (context, source)  # unfinished/obsolete/vanished
        for text in forms(message):
            assert text.strip(), (context, source)
            if message.get("numerus") == "yes":
                assert "%n" in text, (context, source, text)
            else:
                assert placeholders(text) == placeholders(source), (context, source, text)
            assert text.count("&") == source.count("&"), (context, source, text)
            assert text.endswith("…") == source.endswith("…"), (context, source, text)
