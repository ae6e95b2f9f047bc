"""Desktop integration wired into the running app: the ring sound (later: links, shortcuts,
autostart). Kept out of controller.py so the controller only creates, attaches and closes it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

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

    def attach(self) -> None:
        """Connect to the app's parts once they exist (called from AppController._wire)."""
        assert self.app.popups is not None
        self.app.popups.popup_shown.connect(self._on_popup_shown)

    def close(self) -> None:
        self.ring_player.close()

    def _on_popup_shown(self, call_id: str, extension: str) -> None:
        popups = self.app.popups
        # The stack pops nothing under Do Not Disturb; the check here guards a popup that was
        # refreshed while DND was switched on.
        if self.app.settings.sound_on_ring and popups is not None and not popups.do_not_disturb:
            self.ring_player.play()
