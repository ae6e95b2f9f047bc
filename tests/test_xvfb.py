"""On a real X screen (Xvfb) with a tray host (trayer): the tray icon, and popups that do not
take the keyboard focus. Marked `xvfb`; skipped where Xvfb or trayer is missing."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.xvfb

CHILD = r"""
import json, sys, time
from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSystemTrayIcon
from screenpop.calls.events import Caller, Ringing
from screenpop.config import Settings
from screenpop.ui.popup_stack import PopupStack
from screenpop.ui.tray import TrayController

app = QApplication([sys.argv[0]])
editor = QLineEdit()
editor.setWindowTitle("what the receptionist is typing in")
editor.show(); editor.activateWindow(); editor.setFocus()
out = {"tray_available": QSystemTrayIcon.isSystemTrayAvailable()}
tray = TrayController()
tray.show()
tray.set_state("connected", "test")
stack = PopupStack(Settings(favourites=("202",)))

def ring():
    out["focus_before"] = QApplication.focusWindow() is editor.windowHandle()
    popup = stack.show_ringing(Ringing("1.1", "201", Caller("13800138000", "张伟"), "SIP/201-1",
                                       "SIP/trunk-a-1", "trunk-a"))
    out["popup_visible"] = popup.isVisible()
    geo = popup.frameGeometry(); scr = popup.screen().availableGeometry()
    out["popup_inside_screen"] = scr.contains(geo)
    out["popup_near_corner"] = scr.right() - geo.right() < 40 and scr.bottom() - geo.bottom() < 80
    QTimer.singleShot(600, check)

def check():
    out["focus_kept"] = QApplication.focusWindow() is editor.windowHandle()
    icon = tray.tray_icon
    out["tray_geometry_valid"] = bool(icon is not None and icon.geometry().width() > 0)
    print(json.dumps(out)); sys.stdout.flush()
    app.quit()

QTimer.singleShot(800, ring)
app.exec()
"""


def _start(cmd, env):
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


@pytest.fixture
def xdisplay():
    if not shutil.which("Xvfb") or not shutil.which("trayer"):
        pytest.skip("needs Debian's xvfb and trayer (scripts/setup installs them)")
    for n in range(150, 200):
        if not Path(f"/tmp/.X{n}-lock").exists():
            break
    display = f":{n}"
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    xvfb = _start(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"], env)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{n}").exists():
        if time.monotonic() > deadline:
            xvfb.kill()
            pytest.fail("Xvfb did not start within 10 s")
        time.sleep(0.05)
    tray = _start(
        ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request", "--height", "32"],
        env,
    )
    time.sleep(0.5)
    try:
        yield env
    finally:
        for proc in (tray, xvfb):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_tray_icon_and_popup_without_stealing_focus(xdisplay):
    env = {**xdisplay, "QT_QPA_PLATFORM": "xcb"}
    proc = subprocess.run(
        [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["tray_available"] is True
    assert result["tray_geometry_valid"] is True
    assert result["popup_visible"] and result["popup_inside_screen"] and result["popup_near_corner"]
    assert result["focus_before"] is True
    assert result["focus_kept"] is True, "the popup took the keyboard focus"
