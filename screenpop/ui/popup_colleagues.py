"""The colleague parts of the call popup: named favourite buttons with a state dot, the inline
"are you sure?" bar, and the call-handling buttons (announce, park, voicemail, hang up).

Kept out of popup.py so that file stays about showing a caller. No I/O: intents only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from screenpop.presence.state import State

from . import theme
from .colleague_model import ColleagueModel, dot_colour, dot_icon, plain_tooltip, state_text


def mnemonic_safe(text: str) -> str:
    """Button text shows '&' literally (Qt would take it for a shortcut marker)."""
    return text.replace("&", "&&")


class FavouriteButton(QPushButton):
    """One transfer target: 'Li Na 李娜' over '202 · on a call', with a coloured dot.

    Without a directory entry or a state it stays a plain number button, as before.
    """

    def __init__(self, target: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        self.named = False
        self.state = State.UNKNOWN
        self.setObjectName(f"favourite_{target}")
        self.setProperty("target", target)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setText(target)
        self.setToolTip(
            QCoreApplication.translate("CallPopup", "Transfer to {target}").format(target=target)
        )

    def show_colleague(self, model: ColleagueModel | None, width: int) -> None:
        colleague = model.colleague(self.target) if model is not None else None
        presence = model.presence(self.target) if model is not None else None
        self.named = colleague is not None or presence is not None
        if not self.named:
            self.state = State.UNKNOWN
            self.setText(self.target)
            self.setIcon(QIcon())
            return
        assert model is not None
        self.state = presence.state if presence is not None else State.UNKNOWN
        words = state_text(self.state, presence)
        name = (colleague.name if colleague is not None else None) or ""
        metrics = QFontMetrics(self.font())
        room = max(40, width - 44)  # icon and padding
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, room) if name else ""
        # The button says the state in short; the tooltip says with whom.
        short = state_text(self.state)
        second = metrics.elidedText(f"{self.target} · {short}", Qt.TextElideMode.ElideRight, room)
        self.setText(mnemonic_safe(f"{shown}\n{second}" if shown else second))
        self.setIcon(dot_icon(self.state, self.palette()))
        self.setIconSize(QSize(12, 12))
        who = f"{name} ({self.target})" if name else self.target
        self.setToolTip(
            plain_tooltip(
                QCoreApplication.translate("CallPopup", "Transfer to {who}: {state}").format(
                    who=who, state=words
                )
            )
        )
        self.setAccessibleName(
            QCoreApplication.translate("CallPopup", "Transfer to {who}, {state}").format(
                who=who, state=words
            )
        )

    def style_for(self, palette: QPalette) -> str:
        if not self.named:
            return theme.accent_button_qss(palette)
        return named_button_qss(palette, dot_colour(self.state, palette))


def named_button_qss(palette: QPalette, state: QColor) -> str:
    """An outlined, left-aligned two-line button; its left edge takes the state colour too."""
    base = theme.secondary_button_qss(palette)
    return base + (
        "QPushButton {"
        f" text-align: left; padding: 4px 8px; border-left: 4px solid {theme.colour_css(state)};"
        "}"
    )


class ConfirmBar(QFrame):
    """A question inside the popup with a few one-click answers; `chosen(key)` on a click.

    Untrusted names go into the question: the label is plain text.
    """

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirm_bar")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(theme.SMALL_SPACING)
        self.question = QLabel()
        self.question.setObjectName("confirm_question")
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        layout.addWidget(self.question)
        self._row = QHBoxLayout()
        self._row.setSpacing(theme.SMALL_SPACING)
        layout.addLayout(self._row)
        self.buttons: dict[str, QPushButton] = {}
        self.topic: object = None  # what is being confirmed (e.g. the target)
        self.hide()

    def ask(self, question: str, answers: list[tuple[str, str]], topic: object = None) -> None:
        """Show `question` with buttons (key, label); the first is the default answer."""
        for button in self.buttons.values():
            self._row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        self.topic = topic
        self.question.setText(question)
        for i, (key, text) in enumerate(answers):
            button = QPushButton(mnemonic_safe(text))
            button.setObjectName(f"confirm_{key}")
            button.clicked.connect(lambda _=False, k=key: self._choose(k))
            if i == 0:
                button.setDefault(True)
            self._row.addWidget(button)
            self.buttons[key] = button
        self._row.addStretch(1)
        self.restyle()
        self.show()

    def _choose(self, key: str) -> None:
        self.hide()
        self.chosen.emit(key)

    def restyle(self) -> None:
        # The popup's palette, not our own: once our sheet is applied, our palette's window
        # colour is the bar's own background, and tinting that again made the bar darker
        # with every question asked.
        parent = self.parentWidget()
        pal = parent.palette() if parent is not None else self.palette()
        warn = theme.warning_colour(pal)
        bg = theme.mix(theme.card_background(pal), warn, 0.12)
        self.setStyleSheet(
            f"QFrame#confirm_bar {{ background: {theme.colour_css(bg)};"
            f" border: 1px solid {theme.colour_css(warn)}; border-radius: {theme.RADIUS}px; }}"
        )
        first = True
        for button in self.buttons.values():
            qss = theme.accent_button_qss(pal) if first else theme.secondary_button_qss(pal)
            button.setStyleSheet(qss)
            first = False


class CallActions(QWidget):
    """Announce first (a toggle), Park, Voicemail and Hang up.

    Announce and Park only make sense once the call is answered here; Voicemail and Hang up
    also while it rings.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("call_actions")
        rows = QVBoxLayout(self)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(theme.SPACING - 2)
        # The buttons for a caller who waits parked get a row of their own (above the usual
        # ones): "Complete transfer" and "Back to caller" do not fit beside them.
        self._held_row = QWidget()
        held_row = QHBoxLayout(self._held_row)
        held_row.setContentsMargins(0, 0, 0, 0)
        held_row.setSpacing(theme.SPACING - 2)
        rows.addWidget(self._held_row)
        row = QHBoxLayout()
        row.setSpacing(theme.SPACING - 2)
        rows.addLayout(row)
        self.announce = QPushButton(QCoreApplication.translate("CallPopup", "Announce first"))
        self.announce.setObjectName("announce_button")
        self.announce.setCheckable(True)
        self.announce.setToolTip(
            QCoreApplication.translate(
                "CallPopup",
                "On: a transfer first calls the colleague from your phone while the caller"
                " waits on hold; hang up to complete it",
            )
        )
        self.park = QPushButton(QCoreApplication.translate("CallPopup", "Park"))
        self.park.setObjectName("park_button")
        self.park.setToolTip(
            QCoreApplication.translate(
                "CallPopup", "Park the caller; the popup shows the slot to pick up from"
            )
        )
        self.voicemail = QPushButton(QCoreApplication.translate("CallPopup", "Voicemail"))
        self.voicemail.setObjectName("voicemail_button")
        self.voicemail.setToolTip(
            QCoreApplication.translate(
                "CallPopup", "Send the caller to the typed colleague's voicemail"
            )
        )
        self.hangup = QPushButton(QCoreApplication.translate("CallPopup", "Hang up"))
        self.hangup.setObjectName("hangup_button")
        self.hangup.setToolTip(
            QCoreApplication.translate("CallPopup", "End this call (asks first)")
        )
        # While the caller is parked (by Park, or by an announced transfer without Atxfer).
        self.complete = QPushButton(QCoreApplication.translate("CallPopup", "Complete transfer"))
        self.complete.setObjectName("complete_button")
        self.complete.setToolTip(
            QCoreApplication.translate(
                "CallPopup", "Hand the waiting caller to the colleague you are talking to"
            )
        )
        self.back = QPushButton(QCoreApplication.translate("CallPopup", "Back to caller"))
        self.back.setObjectName("back_button")
        self.back.setToolTip(
            QCoreApplication.translate(
                "CallPopup", "End the consultation and talk to the waiting caller again"
            )
        )
        self.unpark = QPushButton(QCoreApplication.translate("CallPopup", "Take back"))
        self.unpark.setObjectName("unpark_button")
        self.unpark.setToolTip(
            QCoreApplication.translate(
                "CallPopup", "Un-park: your phone rings with the parked caller"
            )
        )
        self._held: str | None = None
        for b in (self.complete, self.back, self.unpark):
            held_row.addWidget(b)
        held_row.addStretch(1)
        self._held_row.hide()
        for b in (self.announce, self.park, self.voicemail, self.hangup):
            row.addWidget(b)
        row.addStretch(1)

    def buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.complete,
            self.back,
            self.unpark,
            self.announce,
            self.park,
            self.voicemail,
            self.hangup,
        )

    @property
    def held(self) -> str | None:
        return self._held

    def set_held(self, held: str | None) -> None:
        """None, "parked" (Take back) or "consult" (Complete transfer, Back to caller)."""
        self._held = held
        self._held_row.setVisible(held is not None)
        self.complete.setVisible(held == "consult")
        self.back.setVisible(held == "consult")
        self.unpark.setVisible(held == "parked")

    def set_call_state(self, state: str, busy: bool) -> None:
        """Enable what fits `state` (ringing, on_call, ...); nothing while an action runs."""
        live = state in ("ringing", "on_call") and not busy
        answered_here = state == "on_call" and not busy
        held = self._held is not None
        self.announce.setVisible(state == "on_call" and not held)
        self.park.setVisible(state == "on_call" and not held)
        self.announce.setEnabled(answered_here)
        self.park.setEnabled(answered_here)
        for b in (self.complete, self.back, self.unpark):
            b.setEnabled(live)
        self.voicemail.setEnabled(live)
        self.hangup.setEnabled(live)
        if state != "on_call":
            self.announce.setChecked(False)
