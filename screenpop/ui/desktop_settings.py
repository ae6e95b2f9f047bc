"""The Settings dialog's "Desktop" tab: language, start at login, tel: link confirmation and the
global shortcuts. Widgets only; the app applies the values (login entry, translator, grabs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QSizePolicy, QWidget

from screenpop.config import Settings
from screenpop.desktop.hotkeys import MODIFIER_CHOICES
from screenpop.desktop.languages import LANGUAGES


class DesktopSettings:
    """Builds the rows with `add_rows(row)`, where `row(label, widget, field)` is the dialog's
    own row maker (so errors show like on the other tabs); `values()` gives the Settings
    fields."""

    def __init__(self, settings: Settings, *, shortcuts_note: str = "") -> None:
        self.language = QComboBox()
        self.language.setObjectName("language")
        self.language.addItem(QCoreApplication.translate("DesktopSettings", "System default"), "")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language_note = QLabel(
            QCoreApplication.translate(
                "DesktopSettings", "A new language shows in full after a restart."
            )
        )
        self.language_note.setWordWrap(True)
        self.language_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.start_at_login = QCheckBox(
            QCoreApplication.translate("DesktopSettings", "Start screenpop when I log in")
        )
        self.start_at_login.setChecked(settings.start_at_login)
        self.confirm_dial_links = QCheckBox(
            QCoreApplication.translate(
                "DesktopSettings", "Ask before dialling a clicked phone link"
            )
        )
        self.confirm_dial_links.setChecked(settings.confirm_dial_links)
        self.global_shortcuts = QCheckBox(
            QCoreApplication.translate("DesktopSettings", "Keyboard shortcuts for the newest popup")
        )
        self.global_shortcuts.setChecked(settings.global_shortcuts)
        self.shortcut_modifiers = QComboBox()
        self.shortcut_modifiers.setObjectName("shortcut_modifiers")
        for mods in MODIFIER_CHOICES:
            self.shortcut_modifiers.addItem(
                QCoreApplication.translate(
                    "DesktopSettings", "{keys} + 1…9 transfer, + Esc dismiss"
                ).format(keys=mods),
                mods,
            )
        self.shortcut_modifiers.setCurrentIndex(
            max(0, self.shortcut_modifiers.findData(settings.shortcut_modifiers))
        )
        self.shortcuts_note = QLabel(shortcuts_note)
        self.shortcuts_note.setTextFormat(Qt.TextFormat.PlainText)
        self.shortcuts_note.setWordWrap(True)
        self.shortcuts_note.setSizePolicy(
            QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred
        )
        self.shortcuts_note.setVisible(bool(shortcuts_note))
        self.global_shortcuts.toggled.connect(self.shortcut_modifiers.setEnabled)
        self.shortcut_modifiers.setEnabled(settings.global_shortcuts)

    def add_rows(self, form: QFormLayout, row: Callable[[str, QWidget, str], None]) -> None:
        row(QCoreApplication.translate("DesktopSettings", "Language:"), self.language, "language")
        form.addRow("", self.language_note)
        row("", self.start_at_login, "start_at_login")
        row("", self.confirm_dial_links, "confirm_dial_links")
        row("", self.global_shortcuts, "global_shortcuts")
        row(
            QCoreApplication.translate("DesktopSettings", "Shortcut keys:"),
            self.shortcut_modifiers,
            "shortcut_modifiers",
        )
        form.addRow("", self.shortcuts_note)

    def changed_signals(self) -> list[Any]:
        return [
            self.language.currentIndexChanged,
            self.start_at_login.toggled,
            self.confirm_dial_links.toggled,
            self.global_shortcuts.toggled,
            self.shortcut_modifiers.currentIndexChanged,
        ]

    def values(self) -> dict[str, Any]:
        return {
            "language": self.language.currentData() or "",
            "start_at_login": self.start_at_login.isChecked(),
            "confirm_dial_links": self.confirm_dial_links.isChecked(),
            "global_shortcuts": self.global_shortcuts.isChecked(),
            "shortcut_modifiers": self.shortcut_modifiers.currentData() or "Ctrl+Alt",
        }
