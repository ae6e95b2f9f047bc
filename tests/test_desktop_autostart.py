"""Start at login: the XDG entry for real on this machine, the Windows Run key against a fake
winreg, the macOS LaunchAgent's content and path; and the app applying the Settings checkbox."""

from __future__ import annotations

import configparser
import plistlib
import shlex
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from appkit import make_controller
from conftest import run_async

from screenpop.desktop import autostart
from screenpop.desktop.autostart import (
    APP_ID,
    RUN_KEY,
    AutostartError,
    MacLaunchAgent,
    WindowsRunKey,
    XdgAutostart,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def _read_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_xdg_entry_written_under_xdg_config_home_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    entry = XdgAutostart(["/opt/my apps/screenpop-tray"])
    assert entry.path == tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
    assert not entry.is_enabled()
    entry.set_enabled(True)
    assert entry.is_enabled()
    d = _read_entry(entry.path)
    assert d["Type"] == "Application"
    assert shlex.split(d["Exec"]) == ["/opt/my apps/screenpop-tray"]
    entry.set_enabled(False)
    assert not entry.path.exists() and not entry.is_enabled()
    entry.set_enabled(False)  # removing twice is fine


def test_xdg_entry_switched_off_by_the_desktop_counts_as_off(tmp_path):
    entry = XdgAutostart(["screenpop-tray"], config_home=tmp_path)
    entry.set_enabled(True)
    entry.path.write_text(entry.path.read_text() + "Hidden=true\n")
    assert not entry.is_enabled()


def test_xdg_entry_unwritable_folder_is_a_one_line_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    entry = XdgAutostart(["screenpop-tray"], config_home=blocker)
    with pytest.raises(AutostartError, match="could not change"):
        entry.set_enabled(True)


def test_launch_command_starts_this_installation():
    cmd = autostart.launch_command()
    assert Path(cmd[0]).is_file()
    assert cmd[0].endswith("screenpop-tray") or cmd[1:] == ["-m", "screenpop"]


class FakeWinreg:
    """The slice of winreg the Run key uses, backed by a dict."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_READ, KEY_SET_VALUE, REG_SZ = 1, 2, 1

    def __init__(self) -> None:
        self.keys: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}

    class _Key:
        def __init__(self, values):
            self.values = values

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def OpenKey(self, root, path, reserved, access):
        if (root, path) not in self.keys:
            raise FileNotFoundError(path)
        return self._Key(self.keys[(root, path)])

    def CreateKeyEx(self, root, path, reserved, access):
        return self._Key(self.keys.setdefault((root, path), {}))

    def QueryValueEx(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(name)
        kind, value = key.values[name]
        return value, kind

    def SetValueEx(self, key, name, reserved, kind, value):
        key.values[name] = (kind, value)

    def DeleteValue(self, key, name):
        if name not in key.values:
            raise FileNotFoundError(name)
        del key.values[name]


def test_windows_run_key_set_and_removed():
    reg = FakeWinreg()
    run = WindowsRunKey([r"C:\Program Files\screenpop\screenpop.exe"], winreg=reg)
    assert not run.is_enabled()
    run.set_enabled(True)
    assert run.is_enabled()
    assert reg.keys[("HKCU", RUN_KEY)]["screenpop"] == (
        reg.REG_SZ,
        r'"C:\Program Files\screenpop\screenpop.exe"',
    )
    run.set_enabled(False)
    assert not run.is_enabled() and reg.keys[("HKCU", RUN_KEY)] == {}
    run.set_enabled(False)


def test_windows_registry_refusal_is_a_one_line_error():
    class Refusing(FakeWinreg):
        def CreateKeyEx(self, *a):
            raise PermissionError("access denied")

    with pytest.raises(AutostartError, match="Run key"):
        WindowsRunKey(["screenpop.exe"], winreg=Refusing()).set_enabled(True)


def test_macos_launch_agent_content_and_path(tmp_path):
    agent = MacLaunchAgent(["/Applications/screenpop.app/Contents/MacOS/screenpop"], home=tmp_path)
    assert agent.path == tmp_path / "Library" / "LaunchAgents" / f"{APP_ID}.plist"
    agent.set_enabled(True)
    data = plistlib.loads(agent.path.read_bytes())
    assert data == {
        "Label": APP_ID,
        "ProgramArguments": ["/Applications/screenpop.app/Contents/MacOS/screenpop"],
        "RunAtLoad": True,
        "ProcessType": "Interactive",
    }
    agent.set_enabled(False)
    assert not agent.path.exists()


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG entry is what Linux uses")
def test_this_system_uses_xdg(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert isinstance(autostart.for_this_system(), XdgAutostart)


def test_app_applies_the_checkbox_and_reads_the_entry_back(sim, qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    app = make_controller(tmp_path, sim)
    run_async(qtbot, app.start())
    try:
        path = tmp_path / "cfg" / "autostart" / f"{APP_ID}.desktop"
        run_async(qtbot, app.apply_settings(replace(app.settings, start_at_login=True), None))
        assert path.is_file()
        assert app.desktop.settings_for_dialog(app.settings).start_at_login
        path.unlink()  # the user removed it by hand: the dialog shows the box unticked
        assert not app.desktop.settings_for_dialog(app.settings).start_at_login
        run_async(qtbot, app.apply_settings(replace(app.settings, start_at_login=True), None))
        assert path.is_file()
        run_async(qtbot, app.apply_settings(replace(app.settings, start_at_login=False), None))
        assert not path.exists()
    finally:
        run_async(qtbot, app.stop())
