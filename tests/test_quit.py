"""Quitting the real app: from the tray menu, and when the desktop ends Qt's loop itself
(log-out, macOS's Dock menu). Either way the shutdown runs to its end (the PBX link logged
off, the history closed) and the user sees no traceback."""

from __future__ import annotations

import pytest
from childkit import run_child

CHILD = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])

def quit_now():
    if {how!r} == "menu":
        import gc
        from screenpop.ui.tray import TrayController
        tray = next(o for o in gc.get_objects() if isinstance(o, TrayController))
        tray._actions["quit"].trigger()  # what a click on Quit does
    else:
        QApplication.quit()  # the desktop ends the app

def when_connected():
    import gc
    from screenpop.controller import AppController
    found = [o for o in gc.get_objects() if isinstance(o, AppController)]
    if found and found[0].bridge is not None and found[0].bridge.state[0] == "connected":
        QTimer.singleShot(300, quit_now)
    else:
        QTimer.singleShot(100, when_connected)

QTimer.singleShot(100, when_connected)
from screenpop.app import run
rc = run(["--demo"])
from screenpop.controller import AppController
import gc
controller = next(o for o in gc.get_objects() if isinstance(o, AppController))
print("rc", rc, "stopped", controller.bridge.state[0], "sim", controller.sim is None)
sys.exit(rc)
"""


@pytest.mark.parametrize("how", ["menu", "desktop"])
def test_quit_stops_everything_without_a_traceback(how, tmp_path):
    proc = run_child(CHILD.format(how=how), tmp_path, "quit", timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "rc 0 stopped stopped" in proc.stdout, proc.stdout
