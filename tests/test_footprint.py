"""What keeps the tray app light: the icon before the heavy imports, no HTTP client without an
HTTP contact source, freed memory handed back (issue 12, footprint)."""

from __future__ import annotations

import linecache
import platform
import subprocess
import sys
from pathlib import Path

from childkit import run_child

from screenpop.memory import release_free_memory

# Not needed for the first paint of the tray icon; each is imported after it.
HEAVY = (
    "asyncio",
    "qasync",
    "screenpop.controller",
    "screenpop.bridge",
    "screenpop.ui.popup",
    "screenpop.contacts.lookup",
    "phonenumbers",
    "httpx",
    "sqlite3",
    "keyring",
    # The single-instance socket and the SVG renderer: lock file and PNGs before the icon.
    "PySide6.QtNetwork",
    "PySide6.QtSvg",
    # The whole settings file is read right after the icon (before it: DND and language).
    "screenpop.settings_store",
)


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return run_child(code, tmp_path, "footprint")


def test_tray_icon_is_shown_before_the_heavy_imports(tmp_path):
    proc = _run(
        f"""
        import os, sys
        from screenpop.ui import tray

        show = tray.TrayController.show

        def shown(self):
            show(self)
            heavy = [m for m in {HEAVY!r} if m in sys.modules]
            print("LOADED", ",".join(heavy), flush=True)
            os._exit(0)

        tray.TrayController.show = shown
        from screenpop.app import run
        run(["--demo"])
        """,
        tmp_path,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("LOADED")]
    assert lines, proc.stderr[-2000:]
    assert lines[0] == "LOADED ", f"imported before the tray icon: {lines[0][7:]}"


def test_a_start_without_arguments_parses_none_and_loads_no_getpass(tmp_path):
    # The usual start (autostart, the menu) has no arguments, and the user name is in the
    # environment. argparse itself comes with PySide6, but a parser built loads locale (its
    # messages go through gettext): with getpass ~6 ms before the icon.
    proc = _run(
        """
        import os, sys
        os.environ.pop("SCREENPOP_INSTANCE")
        os.environ["USER"] = f"footprint-{os.getpid()}"  # the lock and socket: in TMPDIR
        from screenpop.ui import tray
        show = tray.TrayController.show

        def shown(self):
            show(self)
            from screenpop.app import _instance_name
            print("LOADED", "locale" in sys.modules, "getpass" in sys.modules, flush=True)
            print("NAME", _instance_name(), flush=True)
            os._exit(0)

        tray.TrayController.show = shown
        from screenpop.app import run
        run([])
        """,
        tmp_path,
    )
    assert "LOADED False False" in proc.stdout, proc.stdout + proc.stderr[-2000:]
    assert "NAME screenpop-footprint-" in proc.stdout


def test_no_http_client_without_an_http_contact_source(tmp_path):
    proc = _run(
        """
        import sys
        import screenpop.bridge, screenpop.contact_settings, screenpop.controller
        print("HTTPX", "httpx" in sys.modules)
        """,
        tmp_path,
    )
    assert "HTTPX False" in proc.stdout, proc.stderr[-2000:]


def test_release_free_memory_drops_the_source_cache(tmp_path):
    source = tmp_path / "mod.py"
    source.write_text("x = 1\n", encoding="utf-8")
    assert linecache.getline(str(source), 1) == "x = 1\n"
    assert str(source) in linecache.cache
    trimmed = release_free_memory()
    assert str(source) not in linecache.cache
    if sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc":
        assert trimmed  # glibc: malloc_trim ran
    elif sys.platform != "linux":
        assert not trimmed  # no such call there: nothing more to do, and no error


def test_icon_drawn_without_qt_enums_looks_the_same(qapp):
    # The plain icon is filled without pen or brush calls ("No Qt enums" in badge.py); it must look
    # exactly as drawn the usual way, with Qt.PenStyle.NoPen and a brush.
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from screenpop.ui import badge, theme

    def data(pixmap) -> bytes:  # type: ignore[no-untyped-def]
        image = pixmap.toImage()  # kept alive while its bits are copied
        return bytes(image.constBits())

    def usual(size: int, state: str) -> QPixmap:
        pm = QPixmap(size, size)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.setPen(Qt.PenStyle.NoPen)
        renderer = badge._renderer("online" if state in ("connected", "demo") else "offline")
        assert renderer is not None
        renderer.render(p, QRectF(0, 0, size, size))
        dot_d = max(5.0, size * 0.36)
        dot = QRectF(size - dot_d, size - dot_d, dot_d, dot_d)
        ring = max(1.0, size * 0.06)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        p.drawEllipse(dot.adjusted(-ring, -ring, ring, ring))
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        p.setBrush(QColor(theme.STATE_COLOURS[state]))
        p.drawEllipse(dot)
        p.end()
        return pm

    for size in (16, 22, 64):
        for state in ("connected", "connecting", "error"):
            assert data(badge.badge_pixmap(size, state)) == data(usual(size, state)), (size, state)
    dot = QPixmap(12, 12)
    dot.fill(Qt.GlobalColor.transparent)
    p = QPainter(dot)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#ff0000"))
    p.drawEllipse(QRectF(1, 1, 10, 10))
    p.end()
    assert data(badge.dot_pixmap("#ff0000")) == data(dot)


def test_autostart_does_not_load_plistlib_until_a_launch_agent_is_written(tmp_path):
    proc = run_child(
        """
        import sys
        from screenpop.desktop import autostart
        print("BEFORE", "plistlib" in sys.modules)
        autostart.MacLaunchAgent(["screenpop"], home=__import__("pathlib").Path(".")).plist()
        print("AFTER", "plistlib" in sys.modules)
        """,
        tmp_path,
        "plistlib",
    )
    assert "BEFORE False" in proc.stdout and "AFTER True" in proc.stdout, proc.stderr[-2000:]
