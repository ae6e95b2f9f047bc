"""The tray icon (or, where the desktop has no tray, a small status window).

`TrayController` shows the connection state in the icon and its tooltip, a missed-calls badge,
and a menu of intents (dial, recent calls, do not disturb, settings, quit) emitted as signals.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from . import icons

if TYPE_CHECKING:
    # Its own module, imported only where there is no tray: every Qt class a module names
    # costs its enums' set-up at import (~3 ms for the window's widgets), before the icon.
    # The reasons and the theme (~3 ms each) are imported where used, for the same reason.
    from .status_window import StatusWindow

APP_NAME = "screenpop"
STATES = ("connected", "connecting", "reconnecting", "error", "demo")


def describe_state(state: str, reason: str = "") -> str:
    """One line for humans: `connected to 192.168.1.10`, `reconnecting: connection refused`."""
    reason = (reason or "").strip()
    if state in ("reconnecting", "error"):  # a reason from the network layer, in English
        from .reasons import translate_reason

        reason = translate_reason(reason)
    if state == "connected":
        return (
            QCoreApplication.translate("tray", "connected to {0}").format(reason)
            if reason
            else QCoreApplication.translate("tray", "connected")
        )
    if state == "connecting":
        return (
            QCoreApplication.translate("tray", "connecting to {0}…").format(reason)
            if reason
            else QCoreApplication.translate("tray", "connecting…")
        )
    if state == "reconnecting":
        return (
            QCoreApplication.translate("tray", "reconnecting: {0}").format(reason)
            if reason
            else QCoreApplication.translate("tray", "reconnecting…")
        )
    if state == "error":
        return (
            QCoreApplication.translate("tray", "error: {0}").format(reason)
            if reason
            else QCoreApplication.translate("tray", "error")
        )
    if state == "demo":
        return (
            QCoreApplication.translate("tray", "demo mode: {0}").format(reason)
            if reason
            else QCoreApplication.translate("tray", "demo mode (built-in simulator)")
        )
    raise ValueError(f"unknown state {state!r}; expected one of {', '.join(STATES)}")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


class TrayController(QObject):
    """Connection state, missed calls and the app menu, in the tray or in a StatusWindow.

    Constructor: ``TrayController(parent=None, *, use_tray=None)``; `use_tray` None picks the
    tray when ``QSystemTrayIcon.isSystemTrayAvailable()``, else a StatusWindow. Call `show()`.

    Signals (intents):

    * ``dial_dialog_requested()``: "Dial a number…" (also a middle click on the icon).
    * ``history_requested()``: "Recent calls" (also a left click on the icon).
    * ``dnd_toggled(on: bool)``: the user switched "Do not disturb".
    * ``colleagues_requested()``: "Colleagues" (the directory with live states).
    * ``settings_requested()``: "Settings…".
    * ``quit_requested()``: "Quit".
    """

    dial_dialog_requested = Signal()
    history_requested = Signal()
    colleagues_requested = Signal()
    dnd_toggled = Signal(bool)
    settings_requested = Signal()
    quit_requested = Signal()

    def __init__(self, parent: QObject | None = None, *, use_tray: bool | None = None) -> None:
        super().__init__(parent)
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable()
        self._state = "connecting"
        self._reason = ""
        self._missed = 0
        self._dnd = False

        self._menu = QMenu()
        self._menu.setObjectName("tray_menu")
        self._status_action = QAction("", self._menu)
        self._status_action.setEnabled(False)
        self._menu.addAction(self._status_action)
        self._menu.addSeparator()
        self._actions: dict[str, QAction] = {}
        # Signal-to-signal connections (no lambdas holding `self`: no reference cycles).
        # The texts are set by retranslate(), at the end and again if the language changes.
        self._add_action("dial").triggered.connect(self.dial_dialog_requested)
        self._add_action("history").triggered.connect(self.history_requested)
        colleagues = self._add_action("colleagues")
        # Shown in the menu as a hint; the same keys open it from a popup (Ctrl+K there).
        # Through the property, as text Qt turns into the key sequence: setShortcut has
        # overloads that take Qt enums (picking one builds the whole Qt namespace, see badge.py),
        # and naming QKeySequence sets up its own enums (~2.5 ms) before the icon.
        colleagues.setProperty("shortcut", "Ctrl+K")
        colleagues.triggered.connect(self.colleagues_requested)
        self._menu.addSeparator()
        dnd = self._add_action("dnd")
        dnd.setCheckable(True)
        dnd.triggered.connect(self._on_dnd_triggered)
        self._add_action("settings").triggered.connect(self.settings_requested)
        self._menu.addSeparator()
        self._add_action("quit").triggered.connect(self.quit_requested)

        self._tray: QSystemTrayIcon | None = None
        self._window: StatusWindow | None = None
        if use_tray:
            self._tray = QSystemTrayIcon(self)
            self._tray.setContextMenu(self._menu)
            self._tray.activated.connect(self._on_activated)
        else:
            from .status_window import StatusWindow

            self._window = StatusWindow()
            w = self._window
            w.dial_button.clicked.connect(self._actions["dial"].trigger)
            w.history_button.clicked.connect(self._actions["history"].trigger)
            w.colleagues_button.clicked.connect(self._actions["colleagues"].trigger)
            # Ctrl+K in the window: the menu's action, shortcut and all (setShortcut on the
            # button would build the whole Qt namespace before the window shows).
            w.addAction(self._actions["colleagues"])
            w.dnd_button.clicked.connect(self._on_dnd_button)
            w.settings_button.clicked.connect(self._actions["settings"].trigger)
            w.quit_button.clicked.connect(self._actions["quit"].trigger)
        self.retranslate()

    def _add_action(self, key: str) -> QAction:
        action = QAction(self._menu)
        action.setObjectName(f"{key}_action")
        self._menu.addAction(action)
        self._actions[key] = action
        return action

    # -- public API --------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Menu, tooltip and status texts in the current language: set at construction, and
        again after a change of language (the app calls it when the whole settings file names
        another language than its quick look before the icon did)."""
        texts = {
            "dial": self.tr("Dial a number…"),
            "history": self.tr("Recent calls"),
            "colleagues": self.tr("Colleagues"),
            "dnd": self.tr("Do not disturb"),
            "settings": self.tr("Settings…"),
            "quit": self.tr("Quit"),
        }
        for key, text in texts.items():
            self._actions[key].setText(text)
            if self._window is not None:
                self._window.buttons[key].setText(text)
        self._refresh()

    @property
    def tray_icon(self) -> QSystemTrayIcon | None:
        return self._tray

    @property
    def status_window(self) -> StatusWindow | None:
        return self._window

    @property
    def state(self) -> str:
        return self._state

    @property
    def missed_count(self) -> int:
        return self._missed

    def menu(self) -> QMenu:
        return self._menu

    def action(self, key: str) -> QAction:
        """The menu action: dial, history, colleagues, dnd, settings or quit."""
        return self._actions[key]

    def show(self) -> None:
        if self._tray is not None:
            self._tray.show()
        elif self._window is not None:
            self._window.show()

    def hide(self) -> None:
        if self._tray is not None:
            self._tray.hide()
        elif self._window is not None:
            self._window.hide()

    def set_state(self, state: str, reason: str = "") -> None:
        """connected / connecting / reconnecting / error / demo, with a host or a reason."""
        describe_state(state, reason)  # validates
        self._state = state
        self._reason = reason or ""
        self._refresh()

    def set_contact_problems(self, lines: list[str]) -> None:
        """Status lines of contact sources that are failing (shown in the tooltip)."""
        self._contact_problems = [line.splitlines()[0] for line in lines if line]
        self._refresh()

    def set_missed_count(self, n: int) -> None:
        self._missed = max(0, int(n))
        self._refresh()

    def set_do_not_disturb(self, on: bool) -> None:
        """Reflect the setting without emitting `dnd_toggled`."""
        if bool(on) == self._dnd == self._actions["dnd"].isChecked():
            return  # nothing changes: no new icon (10 sizes drawn) at start-up
        self._dnd = bool(on)
        self._actions["dnd"].setChecked(self._dnd)
        if self._window is not None:
            self._window.dnd_button.setChecked(self._dnd)
        self._refresh()

    @property
    def do_not_disturb(self) -> bool:
        return self._dnd

    def tooltip(self) -> str:
        lines = [f"{APP_NAME} — {describe_state(self._state, self._reason)}"]
        if self._missed:
            lines.append(self._missed_text())
        if self._dnd:
            lines.append(self.tr("Do not disturb is on"))
        for problem in getattr(self, "_contact_problems", []):
            lines.append(self.tr("Contacts: {problem}").format(problem=problem))
        return "\n".join(lines)

    def icon(self) -> QIcon:
        return icons.status_icon(self._state, self._missed, dnd=self._dnd)

    def notify(self, title: str, text: str) -> None:
        """A balloon from the tray; in the status window, a line of text."""
        if self._tray is not None:
            self._tray.showMessage(title, text, self.icon(), 6000)
        elif self._window is not None:
            self._window.notice_label.setText(f"{title}: {text}" if text else title)
            self._window.notice_label.show()

    # -- internals ---------------------------------------------------------------------------

    def _on_dnd_triggered(self, checked: bool) -> None:
        self._dnd = bool(checked)
        if self._window is not None:
            self._window.dnd_button.setChecked(self._dnd)
        self._refresh()
        self.dnd_toggled.emit(self._dnd)

    def _on_dnd_button(self, checked: bool) -> None:
        action = self._actions["dnd"]
        if action.isChecked() != checked:
            action.trigger()  # toggles the action and runs _on_dnd_triggered

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.history_requested.emit()
        elif reason == QSystemTrayIcon.ActivationReason.MiddleClick:
            self.dial_dialog_requested.emit()

    def _missed_text(self) -> str:
        if self._missed == 1:
            return self.tr("1 missed call")
        return self.tr("{0} missed calls").format(self._missed)

    def _refresh(self) -> None:
        icon = self.icon()
        tip = self.tooltip()
        self._status_action.setText(_sentence(describe_state(self._state, self._reason)))
        if self._tray is not None:
            self._tray.setIcon(icon)
            self._tray.setToolTip(tip)
        if self._window is not None:
            from . import theme

            w = self._window
            w.setWindowIcon(icon)
            w.icon_label.setPixmap(icon.pixmap(48, 48))
            w.state_label.setText(_sentence(describe_state(self._state, self._reason)))
            colour = {
                "error": theme.error_colour(w.palette()),
                "reconnecting": theme.warning_colour(w.palette()),
                "connecting": theme.warning_colour(w.palette()),
            }.get(self._state)
            w.state_label.setStyleSheet(theme.text_qss(colour) if colour else "")
            w.missed_label.setText(
                self._missed_text() if self._missed else self.tr("No missed calls")
            )
            w.setToolTip(tip)
