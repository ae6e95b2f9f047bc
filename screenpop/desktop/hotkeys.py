"""Global shortcuts for the newest popup: which keys, parsed from the settings (pure), and the
platform grabbers beside it (hotkeys_x11.py, hotkeys_windows.py, hotkeys_macos.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

# What the Settings list offers. Alt alone would fight menus; Shift alone is typing.
MODIFIER_CHOICES = ("Ctrl+Alt", "Ctrl+Shift", "Alt+Shift", "Ctrl+Alt+Shift", "Meta+Alt")

# Action names: "favourite:1".."favourite:9" and "dismiss".
KEYS: dict[str, str] = {**{str(n): f"favourite:{n}" for n in range(1, 10)}, "Esc": "dismiss"}


@dataclass(frozen=True)
class Hotkey:
    modifiers: frozenset[str]  # subset of {"Ctrl", "Alt", "Shift", "Meta"}
    key: str  # "1".."9" or "Esc"
    action: str

    @property
    def label(self) -> str:
        order = [m for m in ("Ctrl", "Alt", "Shift", "Meta") if m in self.modifiers]
        return "+".join([*order, self.key])


def hotkeys_for(modifiers: str) -> list[Hotkey]:
    """The ten shortcuts for a MODIFIER_CHOICES entry; ValueError for anything else."""
    if modifiers not in MODIFIER_CHOICES:
        raise ValueError(f"shortcut keys must be one of {', '.join(MODIFIER_CHOICES)}")
    mods = frozenset(modifiers.split("+"))
    return [Hotkey(mods, key, action) for key, action in KEYS.items()]


class Grabber(Protocol):
    failed: list[str]

    def start(self) -> None: ...

    def stop(self) -> None: ...


def wayland_session(env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return env.get("XDG_SESSION_TYPE", "").lower() == "wayland" or bool(env.get("WAYLAND_DISPLAY"))


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's marker name, so lupdate finds it
    return text


def unavailable_reason(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """Why global shortcuts cannot work here, in one line; "" where they can."""
    platform = platform or sys.platform
    if platform not in ("win32", "darwin") and wayland_session(env):
        return QT_TRANSLATE_NOOP(
            "Hotkeys",
            "Wayland does not let applications take global shortcuts; use an X11 session for them.",
        )
    return ""


def platform_note(env: Mapping[str, str] | None = None, platform: str | None = None) -> str:
    """The one line the Settings tab shows about shortcuts on this system ("" for none)."""
    platform = platform or sys.platform
    if platform == "darwin":
        # Qt would call Command "Ctrl"; the Carbon backend uses the keys as printed instead.
        return QT_TRANSLATE_NOOP(
            "Hotkeys", "On a Mac, Ctrl is the Control key, Alt is Option and Meta is Command."
        )
    return unavailable_reason(env, platform)


def grabber_for_this_system(
    hotkeys: list[Hotkey], on_action: Callable[[str], None], **kw: Any
) -> Grabber | None:
    """The platform's grabber, or None where there is none (see unavailable_reason)."""
    if unavailable_reason():
        return None
    if sys.platform == "win32":
        from screenpop.desktop.hotkeys_windows import WindowsHotkeys

        return WindowsHotkeys(hotkeys, on_action, **kw)
    if sys.platform == "darwin":
        from screenpop.desktop.hotkeys_macos import MacHotkeys

        return MacHotkeys(hotkeys, on_action, **kw)
    from screenpop.desktop.hotkeys_x11 import X11Hotkeys

    return X11Hotkeys(hotkeys, on_action, **kw)
