"""Desktop integration wired into the running app: the ring sound (later: links, shortcuts,
autostart). Kept out of controller.py so the controller only creates, attaches and closes it.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractNativeEventFilter,
    QCoreApplication,
    QEvent,
    QObject,
    QSocketNotifier,
    Qt,
    Signal,
)
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QCheckBox, QMessageBox

from screenpop.config import Settings
from screenpop.desktop import autostart, hotkeys
from screenpop.desktop.links import LinkError, parse_dial_link
from screenpop.desktop.resources import resource_path
from screenpop.desktop.sound import RingPlayer

if TYPE_CHECKING:
    from screenpop.controller import AppController

log = logging.getLogger(__name__)


class DesktopIntegration(QObject):
    # A global shortcut was pressed (action name); always delivered on the GUI thread.
    hotkey_pressed = Signal(str)

    def __init__(self, app: AppController) -> None:
        super().__init__()
        self.grabber: hotkeys.Grabber | None = None
        self._notifier: QSocketNotifier | None = None
        self._native_filter: _NativeHotkeyFilter | None = None
        self._grab_key: tuple[bool, str] | None = None
        self.hotkey_pressed.connect(self._on_hotkey)
        self.app = app
        self.ring_player = RingPlayer(resource_path("sounds", "ring.wav"))
        self.autostart: autostart.Autostart | None = None  # made on first use (Windows: winreg)
        self.confirm_box: QMessageBox | None = None

    def attach(self) -> None:
        """Connect to the app's parts once they exist (called from AppController._wire)."""
        assert self.app.popups is not None
        self.app.popups.popup_shown.connect(self._on_popup_shown)
        self.apply_hotkeys(self.app.settings)

    def close(self) -> None:
        self.ring_player.close()
        self._stop_grabber()

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
        self.apply_hotkeys(settings)

    # -- global shortcuts --------------------------------------------------------------------

    def shortcuts_note(self) -> str:
        note = hotkeys.platform_note()
        return QCoreApplication.translate("Hotkeys", note) if note else ""

    def apply_hotkeys(self, settings: Settings) -> None:
        wanted = (settings.global_shortcuts, settings.shortcut_modifiers)
        if wanted == self._grab_key:
            return
        self._stop_grabber()
        self._grab_key = wanted
        # Only on a real desktop session (not offscreen/minimal, as in tests and CI).
        if not settings.global_shortcuts or QGuiApplication.platformName() not in (
            "xcb",
            "windows",
            "cocoa",
        ):
            return
        grabber = hotkeys.grabber_for_this_system(
            hotkeys.hotkeys_for(settings.shortcut_modifiers), self.hotkey_pressed.emit
        )
        if grabber is not None:
            self.use_grabber(grabber)

    def use_grabber(self, grabber: hotkeys.Grabber) -> bool:
        """Start `grabber` and feed its events from this (the GUI) thread's event loop."""
        try:
            grabber.start()
        except Exception as exc:  # no X connection, no user32: the app works without them
            log.warning("global shortcuts unavailable: %s", exc)
            return False
        self.grabber = grabber
        fileno = getattr(grabber, "fileno", None)
        if fileno is not None:  # X11: the connection's socket
            self._notifier = QSocketNotifier(fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(lambda *_: grabber.dispatch())
            grabber.dispatch()  # events Xlib already read while grabbing
        if hasattr(grabber, "handle_native"):  # Windows: WM_HOTKEY in the GUI thread's queue
            self._native_filter = _NativeHotkeyFilter(grabber.handle_native)
            QCoreApplication.instance().installNativeEventFilter(self._native_filter)
        # macOS (Carbon): nothing to feed; the app event target calls the grabber on this thread.
        if grabber.failed:
            self._notify(
                self.tr("Some shortcuts are taken"),
                self.tr("Another program already uses: {0}").format(", ".join(grabber.failed)),
            )
        return True

    def _stop_grabber(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if self._native_filter is not None:
            QCoreApplication.instance().removeNativeEventFilter(self._native_filter)
            self._native_filter = None
        if self.grabber is not None:
            self.grabber.stop()
            self.grabber = None
        self._grab_key = None

    def _on_hotkey(self, action: str) -> None:
        """Act on the newest popup: `favourite:N` transfers to favourite N, `dismiss` closes."""
        popups = self.app.popups
        open_now = popups.open_popups() if popups is not None else []
        if not open_now:
            return
        newest = open_now[-1]
        if action == "dismiss":
            newest.dismiss()
            return
        kind, _, n = action.partition(":")
        favourites = popups.settings.favourites if popups is not None else ()
        if kind == "favourite" and n.isdigit() and 1 <= int(n) <= len(favourites):
            newest.request_transfer(favourites[int(n) - 1])

    def _notify(self, title: str, text: str) -> None:
        if self.app.tray is not None:
            self.app.tray.notify(title, text)

    # -- tel: / callto: / sip: links ----------------------------------------------------------

    def handle_link(self, link: str) -> None:
        """Dial `link` from the user's phone, after asking unless the user turned that off."""
        try:
            number = parse_dial_link(link)
        except LinkError as exc:
            log.warning("phone link refused: %s", exc)
            self._notify(self.tr("Phone link refused"), str(exc))
            return
        bridge = self.app.bridge
        if bridge is None:
            return
        mine = bridge.settings.my_extension
        if not mine:
            self._notify(
                self.tr("Cannot dial the link"),
                self.tr("Set your own extension in Settings (Extensions) to dial links."),
            )
            return
        if not self.app.settings.confirm_dial_links:
            bridge.request_dial(number)
            return
        self._confirm(number, mine)

    def _confirm(self, number: str, mine: str) -> None:
        if self.confirm_box is not None:
            self.confirm_box.close()
        from screenpop.ui.popup_text import format_number  # (Qt text helpers: not before the icon)

        box = QMessageBox()
        box.setObjectName("confirm_dial_link")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Call from a link — screenpop"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(
            self.tr("Call {number}?\nYour phone ({extension}) rings first.").format(
                number=format_number(number), extension=mine
            )
        )
        call = box.addButton(self.tr("Call"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(call)
        never_ask = QCheckBox(self.tr("Do not ask again"))
        box.setCheckBox(never_ask)

        def done(_result: int) -> None:
            accepted = box.clickedButton() is call
            stop_asking = never_ask.isChecked()
            self.confirm_box = None
            box.deleteLater()
            if not accepted:
                return
            if stop_asking:
                self._stop_asking()
            if self.app.bridge is not None:
                self.app.bridge.request_dial(number)

        box.finished.connect(done)
        self.confirm_box = box
        box.open()  # not exec(): no nested event loop under qasync
        box.raise_()
        box.activateWindow()

    def _stop_asking(self) -> None:
        settings = replace(self.app.settings, confirm_dial_links=False)
        self.app.settings = settings
        self.app._save_settings(settings)

    # -- ring sound --------------------------------------------------------------------------

    def _on_popup_shown(self, call_id: str, extension: str) -> None:
        popups = self.app.popups
        # The stack pops nothing under Do Not Disturb; the check here guards a popup that was
        # refreshed while DND was switched on.
        if self.app.settings.sound_on_ring and popups is not None and not popups.do_not_disturb:
            self.ring_player.play()


class LinkOpenFilter(QObject):
    """macOS hands a clicked tel: link to the running app as a FileOpen event, not on the
    command line: pass it to `handler` like a forwarded link."""

    def __init__(self, handler) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._handler = handler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            url = event.url()
            if url.scheme().lower() in ("tel", "callto", "sip"):
                self._handler(url.toString())
                return True
        return False


class _NativeHotkeyFilter(QAbstractNativeEventFilter):
    def __init__(self, handler) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._handler = handler

    def nativeEventFilter(self, event_type, message):  # type: ignore[no-untyped-def]
        return self._handler(event_type, message), 0
