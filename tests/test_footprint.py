"""What keeps the tray app light: the icon before the heavy imports, no HTTP client without an
HTTP contact source, freed memory handed back (issue 12, footprint)."""

from __future__ import annotations

import linecache
import os
import platform
import subprocess
import sys
import textwrap
from pathlib import Path

from screenpop.memory import release_free_memory

ROOT = Path(__file__).resolve().parent.parent

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
)


def _run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path),
        HOME=str(tmp_path),
        SCREENPOP_INSTANCE=f"screenpop-test-footprint-{os.getpid()}",
    )
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


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


def test_icon_pen_draws_nothing_like_no_pen(qapp, monkeypatch):
    # The icon avoids Qt.PenStyle (see icons._no_pen); it must look exactly the same.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPen

    from screenpop.ui import icons

    def data(pixmap) -> bytes:  # type: ignore[no-untyped-def]
        image = pixmap.toImage()  # kept alive while its bits are copied
        return bytes(image.constBits())

    def pixels() -> list[bytes]:
        return [
            data(icons.badge_pixmap(size, state, missed, dnd=dnd))
            for size in (16, 22, 64)
            for state in ("connected", "error")
            for missed in (0, 3)
            for dnd in (False, True)
        ] + [data(icons.dot_pixmap("#ff0000"))]

    ours = pixels()
    monkeypatch.setattr(icons, "_no_pen", lambda: QPen(Qt.PenStyle.NoPen))
    assert pixels() == ours
