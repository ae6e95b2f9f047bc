"""Global shortcuts on macOS: Carbon's RegisterEventHotKey through ctypes (no extra dependency;
the same call Qt-based hotkey libraries use, still supported and needing no Accessibility
permission, unlike a CGEventTap that watches every key).

Delivery on the GUI thread without a thread or socket of our own: the keys are registered on
the *application* event target, and the handler is installed there (InstallEventHandler on
GetApplicationEventTarget(), what the InstallApplicationEventHandler macro expands to). macOS
hands a hot-key press to that target from the main thread's event loop, which is Qt's event
loop (Cocoa's NSApplication), so `on_action` runs on the GUI thread like the X11 and Windows
backends. Focus stays where the user is typing.

Modifiers are the physical keys printed on a Mac keyboard: Ctrl is Control (not Command), Alt
is Option, Meta is Command, so Ctrl+Alt+1 means Control+Option+1 (Command+Option combinations
are often taken by applications' own menus).

Not run on a real Mac here: tested against a fake Carbon library (tests/test_desktop_hotkeys.py).
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Sequence
from typing import Any

from screenpop.desktop.hotkeys import Hotkey

log = logging.getLogger(__name__)

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"


def four_char(code: str) -> int:
    """An OSType/FourCharCode ('keyb') as the big-endian integer Carbon uses."""
    return int.from_bytes(code.encode("ascii"), "big")


SIGNATURE = four_char("SPop")  # marks our hot-key ids among other code's in the process
kEventClassKeyboard = four_char("keyb")
kEventHotKeyPressed = 5
kEventParamDirectObject = four_char("----")
typeEventHotKeyID = four_char("hkid")
noErr = 0
eventNotHandledErr = -9874  # pass the event on to the next handler

# Carbon modifier bits (Events.h).
cmdKey, shiftKey, optionKey, controlKey = 1 << 8, 1 << 9, 1 << 11, 1 << 12
_MODS = {"Ctrl": controlKey, "Alt": optionKey, "Shift": shiftKey, "Meta": cmdKey}

# Virtual key codes of the ANSI layout's digit row and Escape (Events.h kVK_*): positions on
# the keyboard, not characters, so the digit row works whatever the input language.
_KEY_CODES = {
    "1": 0x12,
    "2": 0x13,
    "3": 0x14,
    "4": 0x15,
    "5": 0x17,
    "6": 0x16,
    "7": 0x1A,
    "8": 0x1C,
    "9": 0x19,
    "Esc": 0x35,
}


class EventHotKeyID(ctypes.Structure):
    _fields_ = [("signature", ctypes.c_uint32), ("id", ctypes.c_uint32)]


class EventTypeSpec(ctypes.Structure):
    _fields_ = [("eventClass", ctypes.c_uint32), ("eventKind", ctypes.c_uint32)]


# OSStatus (*EventHandlerProcPtr)(EventHandlerCallRef, EventRef, void *userData)
EventHandlerProc = ctypes.CFUNCTYPE(
    ctypes.c_int32, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p
)


def key_code(key: str) -> int:
    try:
        return _KEY_CODES[key]
    except KeyError:
        raise ValueError(f"no macOS key code for {key!r}") from None


def modifier_flags(hotkey: Hotkey) -> int:
    flags = 0
    for m in hotkey.modifiers:
        flags |= _MODS[m]
    return flags


def _declare(carbon: Any) -> None:
    """Argument types, so ctypes passes 32-bit and pointer values exactly as Carbon expects."""
    u32, vp = ctypes.c_uint32, ctypes.c_void_p
    carbon.GetApplicationEventTarget.argtypes = []
    carbon.GetApplicationEventTarget.restype = vp
    carbon.RegisterEventHotKey.argtypes = [u32, u32, EventHotKeyID, vp, u32, ctypes.POINTER(vp)]
    carbon.RegisterEventHotKey.restype = ctypes.c_int32
    carbon.UnregisterEventHotKey.argtypes = [vp]
    carbon.UnregisterEventHotKey.restype = ctypes.c_int32
    carbon.InstallEventHandler.argtypes = [
        vp,
        EventHandlerProc,
        ctypes.c_ulong,
        ctypes.POINTER(EventTypeSpec),
        vp,
        ctypes.POINTER(vp),
    ]
    carbon.InstallEventHandler.restype = ctypes.c_int32
    carbon.RemoveEventHandler.argtypes = [vp]
    carbon.RemoveEventHandler.restype = ctypes.c_int32
    carbon.GetEventParameter.argtypes = [vp, u32, u32, vp, ctypes.c_ulong, vp, vp]
    carbon.GetEventParameter.restype = ctypes.c_int32


class MacHotkeys:
    def __init__(
        self, hotkeys: Sequence[Hotkey], on_action: Callable[[str], None], carbon: Any = None
    ) -> None:
        self.hotkeys = list(hotkeys)
        self.on_action = on_action
        self.failed: list[str] = []
        self._carbon = carbon
        self._actions: dict[int, str] = {}  # our hot-key id -> action
        self._refs: list[ctypes.c_void_p] = []  # EventHotKeyRefs to unregister
        self._handler_ref: ctypes.c_void_p | None = None
        # Carbon keeps only a C pointer: the Python callback object must outlive the handler.
        self._callback = EventHandlerProc(self._on_event)

    def start(self) -> None:
        """Install the handler and register the keys on the application target (GUI thread)."""
        if self._carbon is None:
            self._carbon = ctypes.cdll.LoadLibrary(CARBON)
        carbon = self._carbon
        _declare(carbon)
        target = carbon.GetApplicationEventTarget()
        spec = EventTypeSpec(kEventClassKeyboard, kEventHotKeyPressed)
        handler_ref = ctypes.c_void_p()
        status = carbon.InstallEventHandler(
            target, self._callback, 1, ctypes.byref(spec), None, ctypes.byref(handler_ref)
        )
        if status != noErr:
            raise OSError(f"InstallEventHandler failed (OSStatus {status})")
        self._handler_ref = handler_ref
        for n, hotkey in enumerate(self.hotkeys, start=1):
            ref = ctypes.c_void_p()
            status = carbon.RegisterEventHotKey(
                key_code(hotkey.key),
                modifier_flags(hotkey),
                EventHotKeyID(SIGNATURE, n),
                target,
                0,
                ctypes.byref(ref),
            )
            if status == noErr:
                self._actions[n] = hotkey.action
                self._refs.append(ref)
            else:  # eventHotKeyExistsErr (-9878): another program holds it
                self.failed.append(hotkey.label)
        if self.failed:
            log.warning("shortcuts held by another program: %s", ", ".join(self.failed))

    def _on_event(self, _next_handler: Any, event: Any, _user_data: Any) -> int:
        """Carbon calls this on the main thread; it must not raise (ctypes would only print)."""
        try:
            hotkey_id = EventHotKeyID()
            status = self._carbon.GetEventParameter(
                event,
                kEventParamDirectObject,
                typeEventHotKeyID,
                None,
                ctypes.sizeof(EventHotKeyID),
                None,
                ctypes.byref(hotkey_id),
            )
            if status != noErr or hotkey_id.signature != SIGNATURE:
                return eventNotHandledErr
            action = self._actions.get(hotkey_id.id)
            if action is None:
                return eventNotHandledErr
            self.on_action(action)
        except Exception:  # a bug in the handler must not end the shortcuts
            log.exception("shortcut handler failed")
        return noErr

    def stop(self) -> None:
        if self._carbon is not None:
            for ref in self._refs:
                self._carbon.UnregisterEventHotKey(ref)
            if self._handler_ref is not None:
                self._carbon.RemoveEventHandler(self._handler_ref)
        self._refs.clear()
        self._actions.clear()
        self._handler_ref = None
