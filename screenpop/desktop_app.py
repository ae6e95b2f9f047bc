"""Desktop integration wired into the running app: the ring sound (later: links, shortcuts,
autostart). Kept out of controller.py so the controller only creates, attaches and closes it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from screenpop.config import Settings
from screenpop.desktop import autostart
from screenpop.desktop.resources import resource_path
from screenpop.desktop.sound import RingPlayer

if TYPE_CHECKING:
    from screenpop.controller import AppController

log = logging.getLogger(__name__)


class DesktopIntegration(QObject):
    def __init__(self, app: AppController) -> None:
        super().__init__()
        self.app = app
        self.ring_player = RingPlayer(resource_path("sounds", "ring.wav"))
        self.autostart: autostart.Autostart | None = None  # made on first use (Windows: winreg)

    def attach(self) -> None:
        """Connect to the app's parts once they exist (called from AppController._wire)."""
        assert self.app.popups is not None
        self.app.popups.popup_shown.connect(self._on_popup_shown)

    def close(self) -> None:
        self.ring_player.close()

    # -- settings --------------------------------------------------------------------------

    def _login_entry(self) -> autostart.Autostart:
        if self.autostart is None:
            self.autostart = autostart.for_this_system()
        return self.autostart

    def settings_for_dialog(self, settings: Settings) -> Settings:
        """`settings` with the login checkbox as the OS has it (a user may remove the entry)."""
        try:
            return replace(settings, start_at_login=self._login_entry().is_enabled())
        except Exception as exc:  # no registry access and the like: show what was saved
            log.warning("cannot read the login entry: %s", exc)
            return settings

    def apply_settings(self, settings: Settings) -> None:
        """Make the OS match the saved settings (called after they are saved)."""
        try:
            entry = self._login_entry()
            if entry.is_enabled() != settings.start_at_login:
                entry.set_enabled(settings.start_at_login)
        except autostart.AutostartError as exc:
            self._notify(self.tr("Start at login not changed"), str(exc))

    def _notify(self, title: str, text: str) -> None:
        if self.app.tray is not None:
            self.app.tray.notify(title, text)

    # -- ring sound --------------------------------------------------------------------------

    def _on_popup_shown(self, call_id: str, extension: str) -> None:
        popups = self.app.popups
        # The stack pops nothing under Do Not Disturb; the check here guards a popup that was
        # refreshed while DND was switched on.
        if self.app.settings.sound_on_ring and popups is not None and not popups.do_not_disturb:
            self.ring_player.play()
