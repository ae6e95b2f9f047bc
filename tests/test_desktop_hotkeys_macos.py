"""macOS global shortcuts (Carbon RegisterEventHotKey) against a fake Carbon library that checks
every call's arguments through the argtypes the backend declares, keeps the registered keys,
and delivers a press by calling the installed handler through its C function pointer, as the
application event target does. Not run on a real Mac."""

from __future__ import annotations

import ctypes
import logging

import pytest

from screenpop.desktop.hotkeys import hotkeys_for
from screenpop.desktop.hotkeys_macos import (
    SIGNATURE,
    EventHotKeyID,
    EventTypeSpec,
    MacHotkeys,
    controlKey,
    eventNotHandledErr,
    four_char,
    kEventClassKeyboard,
    kEventHotKeyPressed,
    kEventParamDirectObject,
    key_code,
    modifier_flags,
    noErr,
    optionKey,
    shiftKey,
    typeEventHotKeyID,
)

APP_TARGET = 0xA991
eventHotKeyExistsErr = -9878


class _Fn:
    """A C function of the fake library: arguments go through the declared argtypes first."""

    def __init__(self, impl):  # type: ignore[no-untyped-def]
        self.impl = impl
        self.argtypes = None
        self.restype = ctypes.c_int

    def __call__(self, *args):  # type: ignore[no-untyped-def]
        assert self.argtypes is not None, "argtypes not declared before the call"
        assert len(args) == len(self.argtypes), "wrong number of arguments"
        for kind, arg in zip(self.argtypes, args, strict=True):
            kind.from_param(arg)  # raises (like ctypes) on a value C could not take
        return self.impl(*args)


class FakeCarbon:
    def __init__(self, taken: set[tuple[int, int]] = frozenset()) -> None:
        self.taken = set(taken)  # (key code, modifiers) another program registered
        self.hotkeys: dict[int, tuple[int, int, tuple[int, int]]] = {}  # ref -> code, mods, id
        self.handlers: dict[int, tuple[object, list[tuple[int, int]]]] = {}
        self.events: dict[int, tuple[int, int]] = {}
        self._next = 0x1000
        for name in (
            "GetApplicationEventTarget",
            "InstallEventHandler",
            "RemoveEventHandler",
            "RegisterEventHotKey",
            "UnregisterEventHotKey",
            "GetEventParameter",
        ):
            setattr(self, name, _Fn(getattr(self, "_" + name)))

    def _ref(self) -> int:
        self._next += 1
        return self._next

    def _GetApplicationEventTarget(self) -> int:
        return APP_TARGET

    def _InstallEventHandler(self, target, proc, count, specs, user_data, out_ref):  # type: ignore[no-untyped-def]
        assert target == APP_TARGET
        spec_array = ctypes.cast(specs, ctypes.POINTER(EventTypeSpec))
        kinds = [(spec_array[i].eventClass, spec_array[i].eventKind) for i in range(count)]
        ref = self._ref()
        self.handlers[ref] = (proc, kinds)
        out_ref._obj.value = ref
        return noErr

    def _RemoveEventHandler(self, ref) -> int:  # type: ignore[no-untyped-def]
        del self.handlers[ref.value]
        return noErr

    def _RegisterEventHotKey(self, code, mods, hk_id, target, options, out_ref):  # type: ignore[no-untyped-def]
        assert target == APP_TARGET and options == 0
        if (code, mods) in self.taken:
            return eventHotKeyExistsErr
        ref = self._ref()
        self.hotkeys[ref] = (code, mods, (hk_id.signature, hk_id.id))
        out_ref._obj.value = ref
        return noErr

    def _UnregisterEventHotKey(self, ref) -> int:  # type: ignore[no-untyped-def]
        del self.hotkeys[ref.value]
        return noErr

    def _GetEventParameter(self, event, name, kind, actual, size, actual_size, out):  # type: ignore[no-untyped-def]
        if name != kEventParamDirectObject or kind != typeEventHotKeyID:
            return -9870  # eventParameterNotFoundErr
        assert size == ctypes.sizeof(EventHotKeyID)
        signature, ident = self.events[event]
        out._obj.signature, out._obj.id = signature, ident
        return noErr

    # -- what macOS does when keys are pressed ---------------------------------------------

    def press(self, code: int, mods: int) -> list[int]:
        """The statuses of the handlers called for a press of `code` with `mods`."""
        matches = [hk for hk in self.hotkeys.values() if hk[:2] == (code, mods)]
        return [self.deliver(hk[2]) for hk in matches]

    def deliver(self, hotkey_id: tuple[int, int]) -> int:
        event = self._ref()
        self.events[event] = hotkey_id
        statuses = [
            proc(None, event, None)  # through the C function pointer, as Carbon calls it
            for proc, kinds in self.handlers.values()
            if (kEventClassKeyboard, kEventHotKeyPressed) in kinds
        ]
        assert len(statuses) == 1, "exactly one handler for hot-key presses"
        return statuses[0]


def test_key_codes_and_modifiers():
    # Physical positions of the ANSI digit row (kVK_ANSI_1..9) and Escape.
    assert [key_code(str(n)) for n in range(1, 10)] == [
        0x12, 0x13, 0x14, 0x15, 0x17, 0x16, 0x1A, 0x1C, 0x19,
    ]  # fmt: skip
    assert key_code("Esc") == 0x35
    with pytest.raises(ValueError):
        key_code("F1")
    (one,) = [k for k in hotkeys_for("Ctrl+Alt") if k.key == "1"]
    assert modifier_flags(one) == controlKey | optionKey == 0x1800
    (esc,) = [k for k in hotkeys_for("Alt+Shift") if k.key == "Esc"]
    assert modifier_flags(esc) == optionKey | shiftKey == 0xA00
    (cmd,) = [k for k in hotkeys_for("Meta+Alt") if k.key == "2"]
    assert modifier_flags(cmd) == (1 << 8) | optionKey
    assert four_char("keyb") == 0x6B657962 and four_char("----") == 0x2D2D2D2D


def test_register_dispatch_and_unregister_with_a_fake_carbon():
    carbon = FakeCarbon(taken={(0x14, 0x1800)})  # Control+Option+3 is held by another program
    got: list[str] = []
    grabber = MacHotkeys(hotkeys_for("Ctrl+Alt"), got.append, carbon=carbon)
    grabber.start()

    assert grabber.failed == ["Ctrl+Alt+3"]
    assert len(carbon.hotkeys) == 9
    assert {(code, mods) for code, mods, _ in carbon.hotkeys.values()} == {
        (key_code(k), 0x1800) for k in ("1", "2", "4", "5", "6", "7", "8", "9", "Esc")
    }
    assert all(sig == SIGNATURE for _, _, (sig, _) in carbon.hotkeys.values())
    (handler_kinds,) = [kinds for _, kinds in carbon.handlers.values()]
    assert handler_kinds == [(kEventClassKeyboard, kEventHotKeyPressed)]

    assert carbon.press(0x12, 0x1800) == [noErr]  # Control+Option+1
    assert carbon.press(0x19, 0x1800) == [noErr]  # Control+Option+9 (not a neighbour's code)
    assert carbon.press(0x35, 0x1800) == [noErr]  # Control+Option+Esc
    assert carbon.press(0x12, controlKey) == []  # Control+1 alone is not ours
    assert got == ["favourite:1", "favourite:9", "dismiss"]

    # Another component's hot key in the same process is passed on, not swallowed.
    assert carbon.deliver((four_char("Othr"), 1)) == eventNotHandledErr
    assert carbon.deliver((SIGNATURE, 999)) == eventNotHandledErr
    assert got == ["favourite:1", "favourite:9", "dismiss"]

    grabber.stop()
    assert carbon.hotkeys == {} and carbon.handlers == {}
    grabber.stop()  # twice is harmless


def test_a_failing_handler_does_not_end_the_shortcuts(caplog):
    carbon = FakeCarbon()
    calls: list[str] = []

    def handler(action: str) -> None:
        calls.append(action)
        raise RuntimeError("boom")

    grabber = MacHotkeys(hotkeys_for("Ctrl+Alt"), handler, carbon=carbon)
    grabber.start()
    with caplog.at_level(logging.ERROR):
        assert carbon.press(0x13, 0x1800) == [noErr]
        assert carbon.press(0x13, 0x1800) == [noErr]
    assert calls == ["favourite:2", "favourite:2"]
    assert "shortcut handler failed" in caplog.text
    grabber.stop()


def test_install_handler_failure_is_an_error_the_app_logs():
    carbon = FakeCarbon()
    carbon.InstallEventHandler.impl = lambda *a: -50  # paramErr
    grabber = MacHotkeys(hotkeys_for("Ctrl+Alt"), print, carbon=carbon)
    with pytest.raises(OSError, match="OSStatus -50"):
        grabber.start()
    assert carbon.hotkeys == {}
