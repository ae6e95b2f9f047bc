"""Global shortcuts: key parsing, the platform note, Windows RegisterHotKey against a fake
user32, X11 grabs for real on Xvfb with xdotool, and the app acting on the newest popup."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from screenpop.calls.events import Caller, Ringing
from screenpop.config import Settings
from screenpop.desktop import hotkeys
from screenpop.desktop.hotkeys import MODIFIER_CHOICES, hotkeys_for
from screenpop.desktop.hotkeys_windows import (
    MOD_ALT,
    MOD_CONTROL,
    MOD_NOREPEAT,
    VK_ESCAPE,
    WM_HOTKEY,
    WindowsHotkeys,
    modifier_flags,
    virtual_key,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_default_keys():
    keys = {k.label: k.action for k in hotkeys_for("Ctrl+Alt")}
    assert keys["Ctrl+Alt+1"] == "favourite:1" and keys["Ctrl+Alt+9"] == "favourite:9"
    assert keys["Ctrl+Alt+Esc"] == "dismiss" and len(keys) == 10
    assert all(len(hotkeys_for(m)) == 10 for m in MODIFIER_CHOICES)
    with pytest.raises(ValueError, match="shortcut keys must be one of"):
        hotkeys_for("Shift")


def test_platform_note():
    assert hotkeys.platform_note({"XDG_SESSION_TYPE": "x11"}, "linux") == ""
    assert "Wayland" in hotkeys.platform_note({"XDG_SESSION_TYPE": "wayland"}, "linux")
    assert "Wayland" in hotkeys.platform_note({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert hotkeys.platform_note({"WAYLAND_DISPLAY": "x"}, "win32") == ""
    # macOS has shortcuts now; the note says which physical keys the names mean.
    assert "Control key" in hotkeys.platform_note({}, "darwin")
    assert hotkeys.unavailable_reason({"WAYLAND_DISPLAY": "x"}, "darwin") == ""


def test_windows_key_codes():
    (one,) = [k for k in hotkeys_for("Ctrl+Alt") if k.key == "1"]
    assert virtual_key("1") == 0x31 and virtual_key("9") == 0x39 and virtual_key("Esc") == VK_ESCAPE
    assert modifier_flags(one) == MOD_CONTROL | MOD_ALT | MOD_NOREPEAT


class FakeUser32:
    """RegisterHotKey / UnregisterHotKey as Windows does them; some keys held elsewhere."""

    def __init__(self, taken: set[int]) -> None:
        self.taken = taken
        self.registered: dict[int, tuple[int, int]] = {}
        self.unregistered: list[int] = []

    def RegisterHotKey(self, hwnd, ident, mods, vk):
        if vk in self.taken:
            return 0
        self.registered[ident] = (mods, vk)
        return 1

    def UnregisterHotKey(self, hwnd, ident):
        self.unregistered.append(ident)
        return 1


def test_windows_register_hotkey_with_a_fake_user32():
    from ctypes import addressof, wintypes

    user32 = FakeUser32(taken={0x33})  # "3" is held by another program
    got: list[str] = []
    grabber = WindowsHotkeys(hotkeys_for("Ctrl+Alt"), got.append, user32=user32)
    grabber.start()
    assert grabber.failed == ["Ctrl+Alt+3"]
    ids = {vk: ident for ident, (_, vk) in user32.registered.items()}
    assert user32.registered[ids[0x31]] == (MOD_CONTROL | MOD_ALT | MOD_NOREPEAT, 0x31)
    # What Qt's native event filter hands over: a pointer to a MSG from the thread's queue.
    msg = wintypes.MSG()
    msg.message, msg.wParam = WM_HOTKEY, ids[0x31]
    assert grabber.handle_native(b"windows_generic_MSG", addressof(msg)) is True
    assert grabber.handle_message(WM_HOTKEY, ids[VK_ESCAPE]) is True
    assert grabber.handle_message(WM_HOTKEY, 1) is False  # someone else's hotkey
    assert grabber.handle_message(0x0100, ids[0x31]) is False  # WM_KEYDOWN
    assert got == ["favourite:1", "dismiss"]
    grabber.stop()
    assert sorted(user32.unregistered) == sorted(user32.registered)


# -- X11 for real ---------------------------------------------------------------------------


@pytest.fixture
def xvfb():
    if not shutil.which("Xvfb") or not shutil.which("xdotool"):
        if os.environ.get("CI") == "true":
            pytest.fail("Xvfb and xdotool are needed in CI (scripts/setup installs them)")
        pytest.skip("needs Debian's xvfb and xdotool")
    for n in range(200, 250):
        if not Path(f"/tmp/.X{n}-lock").exists():
            break
    display = f":{n}"
    proc = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "800x600x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{n}").exists():
            if time.monotonic() > deadline:
                pytest.fail("Xvfb did not start within 10 s")
            time.sleep(0.05)
        yield display
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _press(display: str, *keys: str) -> None:
    env = {**os.environ, "DISPLAY": display}
    for key in keys:
        subprocess.run(["xdotool", "key", key], env=env, check=True, timeout=10)


def _pump(grabber, got: list, n: int, seconds: float = 5) -> None:
    """What the app's QSocketNotifier does: dispatch when the X socket is readable."""
    import select

    deadline = time.monotonic() + seconds
    while len(got) < n and time.monotonic() < deadline:
        select.select([grabber.fileno()], [], [], 0.05)
        grabber.dispatch()


@pytest.mark.xvfb
def test_x11_grab_receives_ctrl_alt_keys_on_xvfb(xvfb):
    from screenpop.desktop.hotkeys_x11 import X11Hotkeys

    got: list[str] = []
    grabber = X11Hotkeys(hotkeys_for("Ctrl+Alt"), got.append, display_name=xvfb)
    grabber.start()
    try:
        assert grabber.failed == []
        _press(xvfb, "ctrl+alt+1", "ctrl+alt+Escape", "alt+2", "3", "ctrl+alt+9")
        _pump(grabber, got, 3)
        _pump(grabber, got, 4, seconds=0.3)  # anything else would have arrived by now
        assert got == ["favourite:1", "dismiss", "favourite:9"]
    finally:
        grabber.stop()


@pytest.mark.xvfb
def test_x11_keys_held_by_another_program_are_reported(xvfb):
    from screenpop.desktop.hotkeys_x11 import X11Hotkeys

    first = X11Hotkeys(hotkeys_for("Ctrl+Alt"), lambda a: None, display_name=xvfb)
    first.start()
    try:
        second = X11Hotkeys(hotkeys_for("Ctrl+Alt"), lambda a: None, display_name=xvfb)
        second.start()
        second.stop()
        assert "Ctrl+Alt+1" in second.failed and "Ctrl+Alt+Esc" in second.failed
    finally:
        first.stop()


# -- the app acting on the newest popup ------------------------------------------------------


def _ring(call: str, ext: str) -> Ringing:
    return Ringing(call, ext, Caller("13800138000", "张伟"), f"SIP/{ext}-1", "SIP/t-1", "t")


@pytest.fixture
def desktop(qtbot):
    from screenpop.desktop_app import DesktopIntegration
    from screenpop.ui.popup_stack import PopupStack

    stack = PopupStack(Settings(favourites=("202", "306")))
    app = SimpleNamespace(popups=stack, settings=Settings(), tray=None, bridge=None)
    yield DesktopIntegration(app), stack
    stack.close_all("test over")


def test_shortcut_transfers_the_newest_popup_to_the_favourite(desktop, qtbot):
    integration, stack = desktop
    stack.show_ringing(_ring("1.1", "201"))
    stack.show_ringing(_ring("1.2", "202"))
    with qtbot.waitSignal(stack.transfer_requested, timeout=3000) as sig:
        integration.hotkey_pressed.emit("favourite:2")
    assert sig.args == ["1.2", "202", "306"]


def test_shortcut_dismisses_the_newest_and_ignores_missing_favourites(desktop, qtbot):
    integration, stack = desktop
    stack.show_ringing(_ring("1.1", "201"))
    stack.show_ringing(_ring("1.2", "202"))
    with qtbot.assertNotEmitted(stack.transfer_requested, wait=100):
        integration._on_hotkey("favourite:7")  # only two favourites
    with qtbot.waitSignal(stack.dismissed, timeout=3000) as sig:
        integration._on_hotkey("dismiss")
    assert sig.args[0] == "1.2"
    qtbot.waitUntil(lambda: [p.call_id for p in stack.open_popups()] == ["1.1"], timeout=3000)


def test_no_popup_no_action(desktop, qtbot):
    integration, stack = desktop
    with qtbot.assertNotEmitted(stack.transfer_requested, wait=50):
        integration._on_hotkey("favourite:1")


@pytest.mark.xvfb
def test_app_runs_x11_shortcuts_on_its_event_loop(desktop, qtbot, xvfb):
    from screenpop.desktop.hotkeys_x11 import X11Hotkeys

    integration, stack = desktop
    stack.show_ringing(_ring("1.1", "201"))
    grabber = X11Hotkeys(
        hotkeys_for("Ctrl+Alt"), integration.hotkey_pressed.emit, display_name=xvfb
    )
    assert integration.use_grabber(grabber)
    try:
        with qtbot.waitSignal(stack.transfer_requested, timeout=5000) as sig:
            _press(xvfb, "ctrl+alt+1")
        assert sig.args == ["1.1", "201", "202"]
    finally:
        integration._stop_grabber()
