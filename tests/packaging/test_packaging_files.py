"""Fast checks of the shipping files (no bundle is built here; packaging/build.sh does that).

Icons under resources/icons, the desktop entry and AppStream metadata under resources/, and
packaging/ (PyInstaller spec, its entry script, build.sh, pins). The desktop-file-validate and
appstreamcli runs are skipped, with the reason, where those tools are not installed.
"""

from __future__ import annotations

import configparser
import importlib
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
ICONS = RESOURCES / "icons"
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.inbox_app.Inbox"
DESKTOP_FILE = RESOURCES / f"{APP_ID}.desktop"
METAINFO_FILE = RESOURCES / f"{APP_ID}.metainfo.xml"
ENTRY_POINT = "inbox_app.cli:main"
SVG_NS = "{http://www.w3.org/2000/svg}"
ACTION_ICONS = (
    "send",
    "transfer",
    "resolve",
    "mark-unread",
    "to-group",
    "take",
    "refresh",
    "new-sms",
)
ALL_ICONS = (APP_ID, *ACTION_ICONS)
# Action icons have no background of their own: each colour must stand out on a light and on a
# dark panel (WCAG's 3:1 for graphics).
LIGHT_BACKGROUND = "#ffffff"
DARK_BACKGROUND = "#2d2d2d"


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _colours(root: ET.Element) -> set[str]:
    found = set()
    for element in root.iter():
        for attribute in ("fill", "stroke", "stop-color"):
            value = element.get(attribute)
            if value is not None:
                found.add(value)
    return found


# --- icons -------------------------------------------------------------------------------------


def test_the_icon_set_is_complete() -> None:
    names = {path.stem for path in ICONS.glob("*.svg")}
    assert set(ALL_ICONS) <= names, f"missing: {sorted(set(ALL_ICONS) - names)}"


@pytest.mark.parametrize("name", ALL_ICONS)
def test_icon_is_a_small_square_svg(name: str) -> None:
    path = ICONS / f"{name}.svg"
    assert path.stat().st_size < 4096, "hand-written icons stay small"
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    view_box = root.get("viewBox")
    assert view_box, "a viewBox makes the icon scale to any size"
    x, y, width, height = (float(v) for v in view_box.replace(",", " ").split())
    assert (x, y) == (0, 0)
    assert width == height > 0, "icons are square"


@pytest.mark.parametrize("name", ALL_ICONS)
def test_icon_has_explicit_colours_and_nothing_external(name: str) -> None:
    text = (ICONS / f"{name}.svg").read_text(encoding="utf-8")
    assert "currentColor" not in text, "colours are explicit, not inherited from a theme"
    root = ET.fromstring(text)
    for element in root.iter():
        assert element.tag not in (f"{SVG_NS}script", f"{SVG_NS}image", f"{SVG_NS}foreignObject")
        for attribute, value in element.attrib.items():
            if attribute.endswith("href"):
                assert value.startswith("#"), f"external reference {value!r}"
    colours = _colours(root)
    assert colours, "the icon paints something"
    for value in colours:
        assert value == "none" or re.fullmatch(r"#[0-9a-f]{6}|url\(#[\w-]+\)", value), value


@pytest.mark.parametrize("name", ACTION_ICONS)
def test_action_icon_colours_read_on_light_and_dark(name: str) -> None:
    colours = _colours(ET.parse(ICONS / f"{name}.svg").getroot()) - {"none"}
    for colour in colours:
        for background in (LIGHT_BACKGROUND, DARK_BACKGROUND):
            assert _contrast(colour, background) >= 3.0, f"{colour} on {background}"


@pytest.mark.parametrize("name", ALL_ICONS)
def test_icon_renders_with_qt(name: str, qapp: object) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(ICONS / f"{name}.svg"))
    assert renderer.isValid()
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, 48, 48))
    painter.end()
    painted = sum(
        1 for x in range(48) for y in range(48) if QColor(image.pixelColor(x, y)).alpha() > 0
    )
    assert painted > 48, "the icon is visible at 48 px"


# --- desktop entry and AppStream metadata -------------------------------------------------------


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"].strip()
    assert entry["Exec"] == "inbox-app"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    categories = entry["Categories"]
    assert categories.endswith(";")
    assert {"Network", "Chat"} <= set(filter(None, categories.split(";")))
    # On X11 Qt sets WM_CLASS's class to the application name (app.py: "inbox_app"); docks match
    # the window to this entry by it. On Wayland the app id (setDesktopFileName) does that.
    assert entry["StartupWMClass"] == "inbox_app"


def test_desktop_entry_runs_the_console_script() -> None:
    scripts = _pyproject()["project"]["scripts"]
    assert scripts["inbox-app"] == ENTRY_POINT
    assert _desktop_entry()["Exec"].split()[0] in scripts


def test_metainfo_matches_the_app() -> None:
    root = ET.parse(METAINFO_FILE).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    launchable = root.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert root.findtext("provides/binary") == "inbox-app"
    assert root.findtext("project_license") == _pyproject()["project"]["license"]
    versions = [release.get("version") for release in root.iter("release")]
    assert _pyproject()["project"]["version"] in versions
    description = " ".join(p.text or "" for p in root.iter("p"))
    assert "LiveVox" in description and "demo" in description


def _run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        package = {"desktop-file-validate": "desktop-file-utils", "appstreamcli": "appstream"}
        pytest.skip(f"{command[0]} is not installed (apt-get install {package[command[0]]})")
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_desktop_file_validate() -> None:
    result = _run_validator("desktop-file-validate", str(DESKTOP_FILE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in (result.stdout + result.stderr).lower()


def test_appstreamcli_validate() -> None:
    result = _run_validator("appstreamcli", "validate", "--no-net", str(METAINFO_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


# --- PyInstaller spec, entry script, build script ---------------------------------------------


def _load_entry_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("inbox_app_bundle_entry", PACKAGING / "entry.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spec_builds_the_entry_point_one_dir() -> None:
    text = (PACKAGING / "inbox_app.spec").read_text(encoding="utf-8")
    assert f'ENTRY_POINT = "{ENTRY_POINT}"' in text
    assert '"entry.py"' in text
    assert 'NAME = "inbox-app"' in text
    assert "COLLECT(" in text, "one-dir: EXE plus COLLECT"
    assert "exclude_binaries=True" in text
    assert 'collect_submodules("uvicorn"' in text
    assert 'copy_metadata("keyring")' in text
    assert '"PySide6.QtSvg"' in text
    assert '"resources" / "icons"' in text
    compile(text, "inbox_app.spec", "exec")  # plain Python


def test_entry_script_runs_the_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = _load_entry_script()
    assert entry.ENTRY_POINT == ENTRY_POINT
    module_name, function = ENTRY_POINT.split(":")
    calls: list[str] = []
    monkeypatch.delenv(entry.SELFTEST_VARIABLE, raising=False)
    module = importlib.import_module(module_name)
    monkeypatch.setattr(module, function, lambda: calls.append("main") or 7)
    assert entry.run() == 7
    assert calls == ["main"]


def test_entry_script_checks_imports_that_exist() -> None:
    entry = _load_entry_script()
    for module in entry.RUNTIME_IMPORTS:
        assert importlib.util.find_spec(module) is not None, module


@pytest.mark.parametrize("script", ["build.sh", "install-local.sh"])
def test_shell_script_is_executable_and_parses(script: str) -> None:
    path = PACKAGING / script
    assert path.stat().st_mode & stat.S_IXUSR, f"chmod +x packaging/{script}"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text
    result = subprocess.run(
        ["bash", "-n", str(path)], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr


def test_build_script_uses_the_spec_pins_and_its_own_venv() -> None:
    text = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    assert "inbox_app.spec" in text
    assert 'venv="$build/pkgvenv"' in text and 'build="$here/build"' in text
    assert 'dist="$here/dist"' in text, "the venv (build/) is outside the bundle (dist/)"
    assert '-c "$here/constraints.txt"' in text
    assert "--screenshot" in text and "desktop-file-validate" in text and "appstreamcli" in text


def test_constraints_pin_pyinstaller_and_respect_the_qt_pin() -> None:
    pins = {}
    for line in (PACKAGING / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            (version,) = (s.version for s in requirement.specifier if s.operator == "==")
            pins[requirement.name.lower()] = version
    assert "pyinstaller" in pins and "pyinstaller-hooks-contrib" in pins
    for dependency in _pyproject()["project"]["dependencies"]:
        requirement = Requirement(dependency)
        pinned = pins.get(requirement.name.lower())
        if pinned is not None:
            assert requirement.specifier.contains(pinned), f"{requirement.name}=={pinned}"
    assert "pyside6-essentials" in pins


def test_build_outputs_are_ignored() -> None:
    patterns = (PACKAGING / ".gitignore").read_text(encoding="utf-8").split()
    assert {"build/", "dist/", "*.tar.gz"} <= set(patterns)


@pytest.mark.skipif(os.name != "posix", reason="the bundle is built on Linux")
def test_install_script_knows_the_share_layout() -> None:
    text = (PACKAGING / "install-local.sh").read_text(encoding="utf-8")
    build = (PACKAGING / "build.sh").read_text(encoding="utf-8")
    for part in (
        "applications/$app_id.desktop",
        "metainfo/$app_id.metainfo.xml",
        "icons/hicolor/scalable/apps/$app_id.svg",
    ):
        assert part in text
        assert f"share/{part}" in build
