"""Global shortcuts on Windows: RegisterHotKey (user32, through ctypes) with no window, from the
GUI thread, so Windows posts WM_HOTKEY to that thread's queue; Qt's event loop hands the message
to `handle_native` (the app installs a native event filter). No thread of our own: handlers
run on the GUI thread. Focus stays where it is."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from screenpop.desktop.hotkeys import Hotkey

log = logging.getLogger(__name__)

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
WM_HOTKEY = 0x0312
_MODS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
VK_ESCAPE = 0x1B
FIRST_ID = 0x5C00  # our hotkey ids: clear of ids other code in the process might use


def virtual_key(key: str) -> int:
    """'1'..'9' -> VK 0x31..0x39 (the digits row), 'Esc' -> VK_ESCAPE."""
    if key == "Esc":
        return VK_ESCAPE
    if len(key) == 1 and key.isdigit():
        return ord(key)
    raise ValueError(f"no virtual key for {key!r}")


def modifier_flags(hotkey: Hotkey) -> int:
    flags = MOD_NOREPEAT  # holding the keys down must not transfer twice
    for m in hotkey.modifiers:
        flags |= _MODS[m]
    return flags


class WindowsHotkeys:
    def __init__(
        self, hotkeys: Sequence[Hotkey], on_action: Callable[[str], None], user32: Any = None
    ) -> None:
        self.hotkeys = list(hotkeys)
        self.on_action = on_action
        self.failed: list[str] = []
        self._user32 = user32
        self._actions: dict[int, str] = {}

    def start(self) -> None:
        """Register the keys for the calling (GUI) thread."""
        if self._user32 is None:
            import ctypes

            self._user32 = ctypes.windll.user32  # type: ignore[attr-defined]
        for n, hotkey in enumerate(self.hotkeys, start=FIRST_ID):
            if self._user32.RegisterHotKey(
                None, n, modifier_flags(hotkey), virtual_key(hotkey.key)
            ):
                self._actions[n] = hotkey.action
            else:
                self.failed.append(hotkey.label)
        if self.failed:
            log.warning("shortcuts held by another program: %s", ", ".join(self.failed))

    def handle_message(self, message: int, wparam: int) -> bool:
        """A message from the thread's queue: True (handled) when it is one of our hotkeys."""
        if message != WM_HOTKEY or wparam not in self._actions:
            return False
        try:
            self.on_action(self._actions[wparam])
        except Exception:
            log.exception("shortcut handler failed")
        return True

    def handle_native(self, event_type: bytes, message_address: int) -> bool:
        """For a Qt native event filter: `message_address` points at a Windows MSG."""
        if bytes(event_type) != b"windows_generic_MSG":
            return False
        from ctypes import wintypes

        msg = wintypes.MSG.from_address(int(message_address))
        return self.handle_message(msg.message, msg.wParam)

    def stop(self) -> None:
        if self._user32 is not None:
            for n in self._actions:
                self._user32.UnregisterHotKey(None, n)
        self._actions.clear()
