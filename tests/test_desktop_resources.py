"""The top-level resources/: icons, ring sound, desktop entry, metainfo; and that a wheel
carries them (the build step in setup.py)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
import wave
import zipfile
from pathlib import Path

import pytest

from screenpop.desktop import resources

ROOT = Path(__file__).resolve().parent.parent
APP_ID = "io.github.screenpop.Screenpop"


def test_source_checkout_finds_top_level_resources():
    assert resources.resource_dir() == ROOT / "resources"
    assert resources.read_bytes("icons", "screenpop.svg").startswith(b"<?xml")


def test_missing_resource_is_none_with_one_log_line(caplog):
    assert resources.read_bytes("icons", "no-such.svg") is None
    assert len([r for r in caplog.records if "no-such.svg" in r.getMessage()]) == 1


@pytest.mark.parametrize("variant", ["online", "offline"])
def test_badge_svgs_render(qapp, variant):
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(resources.read_bytes("icons", f"screenpop-{variant}.svg")))
    assert renderer.isValid()
    img = QImage(32, 32, QImage.Format.Format_ARGB32)
    img.fill(0)
    p = QPainter(img)
    renderer.render(p)
    p.end()
    centre, corner = img.pixelColor(16, 8), img.pixelColor(0, 0)
    assert corner.alpha() == 0 and centre.alpha() == 255  # a round badge, not a square


def test_tray_icon_differs_by_state_and_badge(qapp):
    from screenpop.ui import badge

    online = badge.badge_pixmap(32, "connected").toImage()
    offline = badge.badge_pixmap(32, "error").toImage()
    missed = badge.badge_pixmap(32, "connected", missed=3).toImage()
    assert online != offline and online != missed
    # The badge colour comes from the SVG: blue while connected, grey while not.
    assert online.pixelColor(6, 16).blue() > 150 and offline.pixelColor(6, 16).blue() < 150


def test_ring_sound_is_what_the_script_makes(tmp_path):
    out = tmp_path / "ring.wav"
    script = ROOT / "scripts" / "make-ring-sound"
    subprocess.run([sys.executable, str(script), str(out)], check=True)
    committed = ROOT / "resources" / "sounds" / "ring.wav"
    assert out.read_bytes() == committed.read_bytes()
    with wave.open(str(committed)) as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22050)
        assert 1.0 < w.getnframes() / w.getframerate() < 3.0


def test_desktop_entry_registers_link_schemes():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(ROOT / "resources" / "linux" / f"{APP_ID}.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Exec"] == "screenpop-tray %u"
    mimes = set(filter(None, d["MimeType"].split(";")))
    assert mimes == {f"x-scheme-handler/{s}" for s in ("tel", "callto", "sip")}


def test_metainfo_validates():
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: appstream)")
    path = ROOT / "resources" / "linux" / f"{APP_ID}.metainfo.xml"
    proc = subprocess.run([tool, "validate", "--no-net", str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.slow
def test_wheel_carries_resources(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    (wheel,) = tmp_path.glob("screenpop-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "screenpop/resources/icons/screenpop-online.svg",
        "screenpop/resources/icons/screenpop-offline.svg",
        "screenpop/resources/sounds/ring.wav",
        f"screenpop/resources/linux/{APP_ID}.desktop",
        "screenpop/resources/translations/screenpop_zh_CN.ts",
        "screenpop/resources/translations/screenpop_de.ts",
    ):
        assert needed in names
