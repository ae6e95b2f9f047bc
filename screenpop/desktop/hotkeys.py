"""Global shortcuts for the newest popup: which keys, parsed from the settings (pure), and the
platform grabbers beside it (hotkeys_x11.py, hotkeys_windows.py)."""

from __future__ import annotations

from dataclasses import dataclass

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
