"""Start screenpop at login: an XDG autostart entry on Linux and other Unix desktops, the per-user
Run key on Windows, a LaunchAgent on macOS. The entry itself is the truth (a user may delete it
by hand): `is_enabled()` reads it back, `set_enabled()` writes or removes it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

APP_ID = "io.github.screenpop.Screenpop"
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
RUN_VALUE = "screenpop"


class AutostartError(Exception):
    """One line saying why the login entry could not be changed."""


def launch_command() -> list[str]:
    """How to start this very installation without a console window."""
    if getattr(sys, "frozen", False):  # PyInstaller build: the executable is the app
        return [sys.executable]
    scripts = Path(sys.executable).parent
    for name in ("screenpop-tray.exe", "screenpop-tray"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    return [sys.executable, "-m", "screenpop"]


class Autostart(Protocol):
    def is_enabled(self) -> bool: ...

    def set_enabled(self, on: bool) -> None: ...


def _desktop_quote(arg: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks (double quotes, \\ escapes)."""
    if arg and not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'.replace("%", "%%")


class XdgAutostart:
    def __init__(self, command: Sequence[str] | None = None, config_home: Path | None = None):
        self.command = list(command or launch_command())
        base = config_home or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
        self.path = Path(base) / "autostart" / f"{APP_ID}.desktop"

    def entry(self) -> str:
        exec_line = " ".join(_desktop_quote(a) for a in self.command)
        return (
            "[Desktop Entry]\n"
            "Type=Application\n"
            "Name=screenpop\n"
            "Comment=Shows who is calling on your MyPBX or Asterisk phone\n"
            f"Exec={exec_line}\n"
            f"Icon={APP_ID}\n"
            "Terminal=false\n"
            "X-GNOME-Autostart-enabled=true\n"
        )

    def is_enabled(self) -> bool:
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError:
            return False
        # A user (or their desktop's settings) can keep the file but switch it off.
        return "Hidden=true" not in text and "X-GNOME-Autostart-enabled=false" not in text

    def set_enabled(self, on: bool) -> None:
        try:
            if on:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.path.with_suffix(".tmp")
                tmp.write_text(self.entry(), encoding="utf-8")
                os.replace(tmp, self.path)
            else:
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(f"could not change {self.path} ({exc.strerror or exc})") from exc


class WindowsRunKey:
    """HKEY_CURRENT_USER\\...\\Run: per user, no administrator rights needed."""

    def __init__(self, command: Sequence[str] | None = None, winreg: Any = None) -> None:
        self.command = list(command or launch_command())
        if winreg is None:
            import winreg as real  # only exists on Windows

            winreg = real
        self.winreg = winreg

    def value(self) -> str:
        import subprocess

        return subprocess.list2cmdline(self.command)  # Windows quoting rules

    def is_enabled(self) -> bool:
        reg = self.winreg
        try:
            with reg.OpenKey(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_READ) as key:
                reg.QueryValueEx(key, RUN_VALUE)
                return True
        except OSError:
            return False

    def set_enabled(self, on: bool) -> None:
        reg = self.winreg
        try:
            with reg.CreateKeyEx(reg.HKEY_CURRENT_USER, RUN_KEY, 0, reg.KEY_SET_VALUE) as key:
                if on:
                    reg.SetValueEx(key, RUN_VALUE, 0, reg.REG_SZ, self.value())
                else:
                    with contextlib.suppress(FileNotFoundError):
                        reg.DeleteValue(key, RUN_VALUE)
        except OSError as exc:
            raise AutostartError(f"could not change the Run key in the registry ({exc})") from exc


class MacLaunchAgent:
    def __init__(self, command: Sequence[str] | None = None, home: Path | None = None) -> None:
        self.command = list(command or launch_command())
        self.path = (home or Path.home()) / "Library" / "LaunchAgents" / f"{APP_ID}.plist"

    def plist(self) -> bytes:
        # Only macOS writes one: plistlib pulls in the XML parser, resident all day elsewhere.
        import plistlib

        return plistlib.dumps(
            {
                "Label": APP_ID,
                "ProgramArguments": self.command,
                "RunAtLoad": True,
                "ProcessType": "Interactive",
            }
        )

    def is_enabled(self) -> bool:
        return self.path.is_file()

    def set_enabled(self, on: bool) -> None:
        try:
            if on:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_bytes(self.plist())
            else:
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            raise AutostartError(f"could not change {self.path} ({exc.strerror or exc})") from exc


def for_this_system() -> Autostart:
    if sys.platform == "win32":
        return WindowsRunKey()
    if sys.platform == "darwin":
        return MacLaunchAgent()
    return XdgAutostart()
