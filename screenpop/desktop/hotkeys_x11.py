"""Global shortcuts on X11: XGrabKey on the root window with python-xlib.

No thread: the app watches `fileno()` with its event loop (a QSocketNotifier) and calls
`dispatch()`, so the handler runs on the GUI thread (and Python's garbage collector never
destroys Qt objects on another thread).

A grab takes the key combination away from the focused application only for that combination;
focus stays where the user is typing. Combinations another program already holds are reported,
not fought over. Under Wayland, X11 grabs only see keys typed into X11 windows, so the caller
does not use this there (see hotkeys.platform_note).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from screenpop.desktop.hotkeys import Hotkey

log = logging.getLogger(__name__)

_KEYSYMS = {"Esc": "Escape"}


class X11Hotkeys:
    def __init__(
        self,
        hotkeys: Sequence[Hotkey],
        on_action: Callable[[str], None],
        display_name: str | None = None,
    ) -> None:
        self.hotkeys = list(hotkeys)
        self.on_action = on_action
        self.display_name = display_name
        self.failed: list[str] = []  # labels another program holds
        self._display = None
        self._grabs: dict[tuple[int, int], str] = {}  # (keycode, modifier mask) -> action

    def start(self) -> None:
        """Grab the keys (raises OSError-like errors from Xlib when there is no X display)."""
        from Xlib import XK, X, error
        from Xlib.display import Display

        self._display = display = Display(self.display_name)
        root = display.screen().root
        mods = {"Ctrl": X.ControlMask, "Alt": X.Mod1Mask, "Shift": X.ShiftMask, "Meta": X.Mod4Mask}
        # NumLock (Mod2) and CapsLock change the modifier state: grab every combination.
        extras = (0, X.Mod2Mask, X.LockMask, X.Mod2Mask | X.LockMask)
        for hotkey in self.hotkeys:
            keysym = XK.string_to_keysym(_KEYSYMS.get(hotkey.key, hotkey.key))
            keycode = display.keysym_to_keycode(keysym)
            if not keycode:
                self.failed.append(hotkey.label)
                continue
            mask = 0
            for m in hotkey.modifiers:
                mask |= mods[m]
            catcher = error.CatchError(error.BadAccess)
            for extra in extras:
                root.grab_key(
                    keycode, mask | extra, True, X.GrabModeAsync, X.GrabModeAsync, catcher
                )
                self._grabs[(keycode, mask | extra)] = hotkey.action
            display.sync()
            if catcher.get_error():
                self.failed.append(hotkey.label)
        root.change_attributes(event_mask=X.KeyPressMask)
        display.flush()
        if self.failed:
            log.warning("shortcuts held by another program: %s", ", ".join(self.failed))

    def fileno(self) -> int:
        """The X connection's socket: readable when events (key presses) are waiting."""
        assert self._display is not None, "start() first"
        return self._display.fileno()

    def dispatch(self) -> None:
        """Handle the waiting events; call when fileno() is readable."""
        from Xlib import X

        display = self._display
        if display is None:
            return
        relevant = ~(X.Mod2Mask | X.LockMask) & 0xFF
        while display.pending_events():
            event = display.next_event()
            if event.type != X.KeyPress:
                continue
            action = self._grabs.get((event.detail, event.state & relevant))
            if action is not None:
                try:
                    self.on_action(action)
                except Exception:  # a bug in the handler must not end the shortcuts
                    log.exception("shortcut handler failed")

    def stop(self) -> None:
        if self._display is not None:
            root = self._display.screen().root
            for keycode, mask in self._grabs:
                root.ungrab_key(keycode, mask)
            self._display.close()
            self._display = None
        self._grabs.clear()
