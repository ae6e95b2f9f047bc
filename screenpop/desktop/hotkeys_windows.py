"""Global shortcuts on Windows: RegisterHotKey (user32, through ctypes) with a message loop on
its own thread (WM_HOTKEY goes to the thread that registered). Focus stays where it is."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Any

from screenpop.desktop.hotkeys import Hotkey

log = logging.getLogger(__name__)

MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
WM_HOTKEY, WM_QUIT = 0x0312, 0x0012
_MODS = {"Alt": MOD_ALT, "Ctrl": MOD_CONTROL, "Shift": MOD_SHIFT, "Meta": MOD_WIN}
VK_ESCAPE = 0x1B


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
        self,
        hotkeys: Sequence[Hotkey],
        on_action: Callable[[str], None],
        user32: Any = None,
        kernel32: Any = None,
    ) -> None:
        self.hotkeys = list(hotkeys)
        self.on_action = on_action
        self.failed: list[str] = []
        self._user32 = user32
        self._kernel32 = kernel32
        self._thread: threading.Thread | None = None
        self._thread_id = 0
        self._ready = threading.Event()

    def start(self) -> None:
        if self._user32 is None:
            import ctypes

            self._user32 = ctypes.windll.user32  # type: ignore[attr-defined]
            self._kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._run, name="screenpop-hotkeys", daemon=True)
        self._thread.start()
        self._ready.wait(5)

    def _run(self) -> None:
        import ctypes
        from ctypes import wintypes

        user32 = self._user32
        self._thread_id = self._kernel32.GetCurrentThreadId()
        actions: dict[int, str] = {}
        for n, hotkey in enumerate(self.hotkeys, start=1):
            if user32.RegisterHotKey(None, n, modifier_flags(hotkey), virtual_key(hotkey.key)):
                actions[n] = hotkey.action
            else:
                self.failed.append(hotkey.label)
        if self.failed:
            log.warning("shortcuts held by another program: %s", ", ".join(self.failed))
        self._ready.set()
        msg = wintypes.MSG()
        while user32.GetMessageW(ctypes.byref(msg), None, 0, 0) > 0:
            if msg.message == WM_HOTKEY and msg.wParam in actions:
                try:
                    self.on_action(actions[msg.wParam])
                except Exception:
                    log.exception("shortcut handler failed")
        for n in actions:
            user32.UnregisterHotKey(None, n)

    def stop(self) -> None:
        if self._thread is not None:
            self._user32.PostThreadMessageW(self._thread_id, WM_QUIT, 0, 0)
            self._thread.join(2)
            self._thread = None
