"""The call popup: who is calling, and one click to transfer, call back or open the CRM.

One `CallPopup` per (call id, ringing extension). It never does I/O: every user action is a
Qt signal (an *intent*) that the bridge turns into an AMI action, and the outcome comes back
through `set_transfer_pending`, `show_transfer_error`, `mark_answered` and `close_for`.

Caller names and numbers come from the PBX and are untrusted: every label that shows them is
plain text, never rich text.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QEvent,
    QModelIndex,
    QObject,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from screenpop.calls.events import Caller, Ringing
from screenpop.config import Settings
from screenpop.contacts.model import ContactFound
from screenpop.presence.lookup import NoSuchColleague, resolve_target

from . import theme
from .colleague_model import ASK_FIRST, ColleagueModel, SearchRole, state_text
from .popup_colleagues import CallActions, ConfirmBar, FavouriteButton
from .popup_look import Separator, make_label, popup_style_sheet, widest_digit
from .popup_text import (
    NUMBER_CHARS,
    InvalidNumber,
    clean_number,
    crm_url,
    format_elapsed,
    format_number,
    matcher_for,
    one_line,
)
from .popup_ticker import ElapsedTicker

MAX_NAME_CHARS = 80  # longer PBX names are cut (the full text is in the tooltip)
HANDED_OVER_MS = 1500  # "Transferred to …" stays this long before the popup closes

_SOURCE_LABELS = {
    "csv": QT_TRANSLATE_NOOP("CallPopup", "contacts file"),
    "vcard": QT_TRANSLATE_NOOP("CallPopup", "contacts file"),
    "ldap": "LDAP",
    "carddav": "CardDAV",
    "http": "CRM",
    "history": QT_TRANSLATE_NOOP("CallPopup", "call history"),
}


# ---------------------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX: "no maximum"
_TICKER = ElapsedTicker()  # shared by every popup of the app


class CallPopup(QWidget):
    """The screen-pop for one ringing (call, extension).

    Construct from the `Ringing` event and the current `Settings` (favourites, CRM template).
    Shows itself without taking the keyboard focus; a click makes it active so the user can
    type a number.

    Signals (intents; the popup never does I/O itself):

    * ``transfer_requested(call_id: str, extension: str, target: str)``: transfer this call,
      ringing on `extension`, to `target` (a favourite button, or the typed number + Enter).
    * ``dial_requested(number: str)``: call the caller back (raw number).
    * ``open_url_requested(url: str)``: open the caller in the CRM.
    * ``dismissed(call_id: str, extension: str)``: the user closed the popup (button or Esc).
    * ``closed(call_id: str, extension: str, reason: str)``: the popup closed, for any reason.
    * ``size_changed()``: the popup's height changed (the stack re-flows).
    * ``atxfer_requested(call_id, extension, target)``: announced transfer (answered here).
    * ``park_requested(call_id, extension)``, ``hangup_requested(call_id, extension)``.
    * ``voicemail_requested(call_id, extension, colleague)``: the caller to their voicemail.
    * ``colleagues_requested()``: open the colleagues window (Ctrl+K).
    """

    transfer_requested = Signal(str, str, str)
    atxfer_requested = Signal(str, str, str)
    park_requested = Signal(str, str)
    voicemail_requested = Signal(str, str, str)
    hangup_requested = Signal(str, str)
    consult_requested = Signal(str, str, str)  # call id, extension, "complete" or "back"
    unpark_requested = Signal(str, str, str)  # call id, extension, slot
    colleagues_requested = Signal()
    dial_requested = Signal(str)
    open_url_requested = Signal(str)
    dismissed = Signal(str, str)
    closed = Signal(str, str, str)
    size_changed = Signal()

    TRANSFER_TIMEOUT_MS = 15_000  # no answer from the PBX by then: let the user retry
    COPIED_FEEDBACK_MS = 1_500
    ENGAGED_SECONDS = 5.0  # a click or key press this recent counts as "in use"

    def __init__(
        self,
        event: Ringing,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        colleagues: ColleagueModel | None = None,
    ) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self._event = event
        self._settings = settings or Settings()
        self._state = "ringing"  # ringing | transferring | on_call | answered | closed
        self._resume_state = "ringing"  # where a failed transfer returns to
        self._on_call_since: float | None = None
        self._answered_by: str | None = None
        self._pending_target: str | None = None
        self._close_reason: str | None = None
        self._theming = False
        # While the constructor fills the popup in, size fitting waits for the final content:
        # each fit re-measures every nested layout (word-wrapped labels), the costliest step.
        self._building = True
        self._confirm: ConfirmBar | None = None  # built on first use: most calls never ask
        self._last_interaction: float | None = None
        self._colleagues = colleagues
        self._action_busy = False
        self._parked_slot: str | None = None
        self._consult_target: str | None = None
        self._contact: ContactFound | None = None
        self._caller_context = ""
        self._matcher = matcher_for(self._settings)
        # Count from the event's own time, so a popup created late still shows the truth.
        age = (datetime.now(UTC) - event.time).total_seconds()
        self._ring_started = time.monotonic() - max(0.0, age)

        self.setObjectName("call_popup")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setFixedWidth(theme.POPUP_WIDTH)  # set before the window exists: no size-hint churn
        self.setWindowTitle(self.tr("Incoming call"))

        self._elapsed_shape = ""  # the elapsed text with its digits as 0: see tick_elapsed

        self._transfer_timeout = QTimer(self)
        self._transfer_timeout.setSingleShot(True)
        self._transfer_timeout.setInterval(self.TRANSFER_TIMEOUT_MS)
        self._transfer_timeout.timeout.connect(self._on_transfer_timeout)

        self._copied_timer = QTimer(self)
        self._copied_timer.setSingleShot(True)
        self._copied_timer.setInterval(self.COPIED_FEEDBACK_MS)
        self._copied_timer.timeout.connect(self._reset_copy_button)

        # The sheet goes on before the children exist: each child then takes the popup's
        # style as it is added, instead of every child being re-styled when it is set.
        self.setStyleSheet(popup_style_sheet(self.palette()))
        self._build()
        if colleagues is not None:
            colleagues.dataChanged.connect(self._on_colleagues_changed)
            colleagues.modelReset.connect(self._refresh_favourites)
        self.set_caller(event)
        self.apply_settings(self._settings)
        self.tick_elapsed()
        self._building = False
        self._refit()

    # -- construction ------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        outer.setContentsMargins(
            theme.MARGIN + theme.ACCENT_STRIPE, theme.MARGIN - 4, theme.MARGIN, theme.MARGIN
        )
        outer.setSpacing(theme.SMALL_SPACING)

        # Header: "Ringing on 474"          ringing 0:07   x
        header = QHBoxLayout()
        header.setSpacing(theme.SPACING)
        self._ringing_on = make_label("ringing_on_label")
        self._ringing_on.setFont(theme.caption_font(bold=True))
        header.addWidget(self._ringing_on)
        header.addStretch(1)
        self._elapsed = make_label("elapsed_label")
        self._elapsed.setFont(theme.caption_font())
        header.addWidget(self._elapsed)
        self._dismiss = QToolButton()
        self._dismiss.setObjectName("dismiss_button")
        self._dismiss.setText("✕")
        self._dismiss.setToolTip(self.tr("Dismiss (Esc)"))
        self._dismiss.setAccessibleName(self.tr("Dismiss"))
        self._dismiss.setFixedSize(24, 24)
        self._dismiss.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._dismiss.clicked.connect(self.dismiss)
        header.addWidget(self._dismiss)
        outer.addLayout(header)

        # Who: number (large), name, line.
        self._number = make_label("number_label", selectable=True)
        self._number.setFont(theme.number_font())
        outer.addWidget(self._number)
        self._name = make_label("name_label", selectable=True)
        self._name.setFont(theme.name_font())
        outer.addWidget(self._name)
        # The contact, when a lookup finds one: name large, company below, source small.
        self._company = make_label("company_label", selectable=True)
        self._company.setFont(theme.caption_font(bold=True))
        self._company.hide()
        outer.addWidget(self._company)
        self._missed_badge = make_label("missed_badge")
        self._missed_badge.setFont(theme.caption_font(bold=True))
        self._missed_badge.hide()
        outer.addWidget(self._missed_badge)
        self._context = make_label("context_label")
        self._context.setFont(theme.caption_font())
        self._context.setWordWrap(True)
        self._context.hide()
        outer.addWidget(self._context)
        self._trunk = make_label("trunk_label")
        self._trunk.setFont(theme.caption_font())
        outer.addWidget(self._trunk)

        # Status line: transferring / answered / error.
        self._status = make_label("status_label")
        self._status.setWordWrap(True)
        self._status.setFont(theme.caption_font(bold=True))
        self._status.hide()
        outer.addSpacing(2)
        outer.addWidget(self._status)

        # Transfer section.
        self._transfer_box = QWidget()
        self._transfer_box.setObjectName("transfer_section")
        tbox = QVBoxLayout(self._transfer_box)
        tbox.setContentsMargins(0, theme.SMALL_SPACING, 0, 0)
        tbox.setSpacing(theme.SPACING - 2)
        self._transfer_caption = make_label("transfer_caption")
        self._transfer_caption.setText(self.tr("Transfer to"))
        self._transfer_caption.setFont(theme.caption_font())
        tbox.addWidget(self._transfer_caption)
        self._favourites_grid = QGridLayout()
        self._favourites_grid.setHorizontalSpacing(theme.SPACING - 2)
        self._favourites_grid.setVerticalSpacing(theme.SPACING - 2)
        tbox.addLayout(self._favourites_grid)
        self._favourite_buttons: list[QPushButton] = []

        typed = QHBoxLayout()
        typed.setSpacing(theme.SPACING - 2)
        self._target_edit = QLineEdit()
        self._target_edit.setObjectName("transfer_edit")
        self._target_edit.setPlaceholderText(self.tr("Colleague, extension or number"))
        self._target_edit.setClearButtonEnabled(True)
        self._target_edit.setMaxLength(100)
        if self._colleagues is not None:
            completer = QCompleter(self._colleagues, self)
            completer.setCompletionRole(SearchRole)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setMaxVisibleItems(8)
            self._target_edit.setCompleter(completer)
        self._target_edit.installEventFilter(self)
        self._target_edit.textEdited.connect(self._on_target_edited)
        typed.addWidget(self._target_edit, 1)
        self._transfer_button = QPushButton(self.tr("Transfer"))
        self._transfer_button.setObjectName("transfer_button")
        self._transfer_button.setToolTip(self.tr("Transfer to the typed number (Enter)"))
        self._transfer_button.clicked.connect(self._transfer_typed)
        typed.addWidget(self._transfer_button)
        tbox.addLayout(typed)
        outer.addWidget(self._transfer_box)

        outer.addSpacing(theme.SMALL_SPACING)
        self._separator = Separator()
        outer.addWidget(self._separator)
        outer.addSpacing(theme.SMALL_SPACING)

        # Other actions.
        actions = QHBoxLayout()
        actions.setSpacing(theme.SPACING - 2)
        self._call_back = QPushButton(self.tr("Call back"))
        self._call_back.setObjectName("call_back_button")
        self._call_back.clicked.connect(self._on_call_back)
        actions.addWidget(self._call_back)
        self._copy = QPushButton(self.tr("Copy number"))
        self._copy.setObjectName("copy_button")
        self._copy.clicked.connect(self.copy_number)
        actions.addWidget(self._copy)
        self._crm = QPushButton(self.tr("Open in CRM"))
        self._crm.setObjectName("crm_button")
        self._crm.clicked.connect(self._on_crm)
        actions.addWidget(self._crm)
        actions.addStretch(1)
        outer.addLayout(actions)
        self._call_actions = CallActions()
        self._call_actions.park.clicked.connect(self._on_park)
        self._call_actions.complete.clicked.connect(lambda: self._on_held("complete"))
        self._call_actions.back.clicked.connect(lambda: self._on_held("back"))
        self._call_actions.unpark.clicked.connect(lambda: self._on_held("unpark"))
        self._call_actions.voicemail.clicked.connect(self._on_voicemail)
        self._call_actions.hangup.clicked.connect(self._on_hangup)
        outer.addWidget(self._call_actions)
        shortcut = QShortcut(QKeySequence("Ctrl+K"), self)
        shortcut.activated.connect(self.colleagues_requested)

        self._secondary_buttons = (
            self._call_back,
            self._copy,
            self._crm,
            self._transfer_button,
            *self._call_actions.buttons(),
        )

    # -- built in advance --------------------------------------------------------------------

    @classmethod
    def spare(
        cls,
        extension: str,
        settings: Settings | None = None,
        colleagues: ColleagueModel | None = None,
    ) -> CallPopup:
        """A popup for `extension` built before any call rings it; `take_call` fills it in.

        Building the widgets is most of what a popup costs; filling one in is a fraction of
        it. A spare is used for one call only, so its state is always a fresh popup's.
        """
        placeholder = Ringing(
            call="", extension=extension, caller=Caller(None, None), channel="", caller_channel=""
        )
        popup = cls(placeholder, settings, colleagues=colleagues)
        popup.winId()  # the native window too: creating it was the dearest part of show()
        return popup

    @property
    def is_spare(self) -> bool:
        """True while this is a spare that no call has taken yet."""
        return not self._event.call

    def take_call(self, event: Ringing) -> None:
        """Make this spare the popup of `event` (ringing its extension); then show() it."""
        if not self.is_spare or self.isVisible() or self._state != "ringing":
            raise ValueError("take_call: this popup is not an unused spare")
        if event.extension != self.extension:
            raise ValueError("take_call: the spare was built for another extension")
        self._event = event
        age = (datetime.now(UTC) - event.time).total_seconds()
        self._ring_started = time.monotonic() - max(0.0, age)
        self.set_caller(event)
        self.tick_elapsed()

    # -- public API --------------------------------------------------------------------------

    @property
    def call_id(self) -> str:
        return self._event.call

    @property
    def extension(self) -> str:
        return self._event.extension

    @property
    def key(self) -> tuple[str, str]:
        return (self._event.call, self._event.extension)

    @property
    def ringing(self) -> Ringing:
        """The Ringing event this popup shows (the latest one for its call and extension)."""
        return self._event

    @property
    def number(self) -> str | None:
        """The caller's raw number (what is copied and dialled)."""
        return self._event.caller.number

    @property
    def state(self) -> str:
        """ringing, transferring, answered or closed."""
        return self._state

    @property
    def close_reason(self) -> str | None:
        return self._close_reason

    def set_caller(self, event: Ringing) -> None:
        """Show (or refresh, e.g. when the PBX learns the name) the caller of `event`."""
        if (event.call, event.extension) != self.key:
            raise ValueError("set_caller: event is for another call or extension")
        self._event = event
        number = one_line(event.caller.number)
        name = one_line(event.caller.name)
        if self._contact is not None and self._contact.contact is not None:
            name = one_line(self._contact.contact.name)
        shown_number = format_number(number or None, self._matcher)
        self._number.setText(shown_number)
        self._fit_number_font()
        self._number.setToolTip(number)
        shown_name = name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"
        self._name.setText(shown_name)
        self._name.setToolTip(name if shown_name != name else "")
        self._name.setVisible(bool(name) and name != number)
        self._ringing_on.setText(self.tr("Ringing on {0}").format(event.extension))
        trunk = one_line(event.trunk)
        self._trunk.setText(self.tr("Line: {0}").format(trunk) if trunk else "")
        self._trunk.setVisible(bool(trunk))
        self._call_back.setEnabled(bool(number))
        self._copy.setEnabled(bool(number))
        self.setWindowTitle(self.tr("Call from {0}").format(name or shown_number))
        self._refit()

    @property
    def contact(self) -> ContactFound | None:
        return self._contact

    def set_contact(self, found: ContactFound) -> None:
        """A lookup answered: show the contact's name large, the company below, and where
        it came from in small print; or, when the lookup gave up, say so in a tooltip."""
        if found.call != self.call_id:
            raise ValueError("set_contact: result is for another call")
        self._contact = found
        contact = found.contact
        if contact is None:
            if found.abandoned:
                self._number.setToolTip(
                    self.tr("No contact: {sources} did not answer within 1.5 s").format(
                        sources=", ".join(found.abandoned)
                    )
                )
            return
        self.set_caller(self._event)
        company = one_line(contact.company)
        self._company.setText(company[:MAX_NAME_CHARS])
        self._company.setVisible(bool(company))
        self._name.setVisible(True)
        self._update_context()

    def set_caller_context(self, text: str, missed_today: int = 0) -> None:
        """Caller context from the history ("Called 3 times today, last answered by 203", "New
        caller"), and a badge when we failed this caller earlier today."""
        self._caller_context = text
        if missed_today:
            badge = (
                self.tr("Missed earlier today")
                if missed_today == 1
                else self.tr("Missed {n} times today").format(n=missed_today)
            )
            self._missed_badge.setText(badge)
        self._missed_badge.setVisible(bool(missed_today))
        self._update_context()

    def missed_badge_text(self) -> str:
        return self._missed_badge.text() if not self._missed_badge.isHidden() else ""

    def _update_context(self) -> None:
        parts = []
        contact = self._contact.contact if self._contact is not None else None
        if contact is not None:
            parts.append(
                self.tr("from {source}").format(
                    source=self.tr(_SOURCE_LABELS.get(contact.source, contact.source))
                )
            )
        if self._caller_context:
            parts.append(self._caller_context)
        self._context.setText(" · ".join(parts))
        self._context.setVisible(bool(parts))
        self._refit()

    def context_text(self) -> str:
        return self._context.text() if not self._context.isHidden() else ""

    def company_text(self) -> str:
        return self._company.text() if not self._company.isHidden() else ""

    def name_text(self) -> str:
        return self._name.text() if not self._name.isHidden() else ""

    def _fit_number_font(self) -> None:
        """Shrink the number's font (down to 16 pt) when a long number would not fit."""
        f = theme.number_font()
        available = theme.POPUP_WIDTH - 2 * theme.MARGIN - theme.ACCENT_STRIPE - 2
        while f.pointSizeF() > 16 and (
            QFontMetrics(f).horizontalAdvance(self._number.text()) > available
        ):
            f.setPointSizeF(f.pointSizeF() - 1)
        self._number.setFont(f)

    def apply_settings(self, settings: Settings) -> None:
        """Rebuild the favourite buttons and the CRM button from `settings`."""
        self._settings = settings
        self._matcher = matcher_for(settings)
        for button in self._favourite_buttons:
            self._favourites_grid.removeWidget(button)
            button.deleteLater()
        self._favourite_buttons = []
        targets = [f for f in dict.fromkeys(settings.favourites) if f and f != self.extension]
        # Named buttons take two lines and need room for the name: two to a row.
        named = self._colleagues is not None and self._colleagues.rowCount() > 0
        columns = 2 if named else 5
        for i, target in enumerate(targets):
            button = FavouriteButton(target)
            button.clicked.connect(self._on_favourite_clicked)
            self._favourites_grid.addWidget(button, i // columns, i % columns)
            self._favourite_buttons.append(button)
        self._favourite_columns = columns
        self._refresh_favourites(rebuild=False)
        self._crm.setVisible(bool(settings.crm_url_template.strip()))
        self._set_transfer_enabled(self._state in ("ringing", "on_call"))
        self._refit()

    def favourite_buttons(self) -> list[QPushButton]:
        return list(self._favourite_buttons)

    def crm_url(self) -> str | None:
        """The CRM address for this caller, or None when no template is configured."""
        template = self._settings.crm_url_template.strip()
        if not template:
            return None
        contact = self._contact.contact if self._contact is not None else None
        number = self._event.caller.number
        return crm_url(
            template,
            number,
            contact.name if contact is not None else self._event.caller.name,
            e164=self._matcher.e164(number),
            company=contact.company if contact is not None else None,
            contact_url=contact.url if contact is not None else None,
        )

    def request_transfer(self, target: str, *, confirmed: bool = False) -> None:
        """Ask for a transfer to `target` (what a favourite button does).

        A colleague who is busy, ringing, offline or on do-not-disturb is asked about first,
        inside the popup, unless `confirmed`. With "Announce first" on (answered here) it is
        an announced transfer.
        """
        if self._state not in ("ringing", "on_call") or self._action_busy:
            return
        self._touch()
        state = self._colleagues.state(target) if self._colleagues is not None else None
        if not confirmed and state in ASK_FIRST:
            assert self._colleagues is not None
            who = self._colleagues.describe(target)
            words = state_text(state, self._colleagues.presence(target))
            self.confirm_bar().ask(
                self.tr("{who} is {state}.").format(who=who, state=words),
                [
                    ("anyway", self.tr("Transfer anyway")),
                    ("voicemail", self.tr("To voicemail")),
                    ("cancel", self.tr("Cancel")),
                ],
                topic=("transfer", target),
            )
            self._refit()
            return
        self._hide_confirm()
        if self._call_actions.announce.isChecked() and self._state == "on_call":
            self._start_action(
                "atxfer", self.tr("Calling {who} first…").format(who=self._describe(target))
            )
            self._consult_target = target
            self.atxfer_requested.emit(self.call_id, self.extension, target)
            return
        self.set_transfer_pending(target)
        self.transfer_requested.emit(self.call_id, self.extension, target)

    def request_voicemail(self, colleague: str) -> None:
        """Send the caller to `colleague`'s voicemail."""
        if self._state not in ("ringing", "on_call") or self._action_busy:
            return
        self._touch()
        self._hide_confirm()
        self._start_action(
            "voicemail",
            self.tr("Sending to the voicemail of {who}…").format(who=self._describe(colleague)),
        )
        self.voicemail_requested.emit(self.call_id, self.extension, colleague)

    def show_action_done(self, kind: str, detail: str) -> None:
        """The PBX accepted `kind` (atxfer, park, voicemail, hangup)."""
        if self._state == "closed":
            return
        self._action_busy = False
        if kind == "park":
            self._parked_slot = detail
            self._call_actions.set_held("parked")
            self._show_status(
                self.tr("Parked on {slot}: dial {slot} to take the call back").format(
                    slot=one_line(detail)
                ),
                "success",
            )
        elif kind == "consult":
            self._parked_slot = detail
            self._call_actions.set_held("consult")
            self._show_status(
                self.tr("Calling {who} from your phone; the caller waits on {slot}").format(
                    who=self._describe(self._consult_target or ""), slot=one_line(detail)
                ),
                "accent",
            )
        elif kind == "consult_complete":
            self._parked_slot = None
            self._call_actions.set_held(None)
            self._show_status(
                self.tr("Transferred to {who}").format(who=self._describe(detail)), "success"
            )
            # The caller is the colleague's now: leave the result on screen for a moment.
            QTimer.singleShot(HANDED_OVER_MS, self, lambda: self.close_for("transferred"))
        elif kind in ("consult_back", "unpark"):
            self._parked_slot = None
            self._call_actions.set_held(None)
            text = (
                self.tr("Back with the caller")
                if detail == "bridged"
                else self.tr("Your phone rings with the caller")
            )
            self._show_status(text, "success")
        elif kind == "atxfer":
            self._show_status(
                self.tr("Calling {who}: hang up to hand the caller over").format(
                    who=self._describe(detail)
                ),
                "success",
            )
        elif kind == "voicemail":
            self._show_status(
                self.tr("Sent to the voicemail of {who}").format(who=self._describe(detail)),
                "success",
            )
        elif kind == "hangup":
            self._show_status(self.tr("Hung up"), "success")
        self._update_actions()

    def show_action_error(self, kind: str, reason: str) -> None:
        """The PBX refused `kind`: show its reason; nothing else changes."""
        if self._state == "closed":
            return
        self._action_busy = False
        what = {
            "atxfer": self.tr("Announced transfer failed"),
            "park": self.tr("Park failed"),
            "consult_complete": self.tr("Transfer failed"),
            "consult_back": self.tr("Back to caller failed"),
            "unpark": self.tr("Take back failed"),
            "voicemail": self.tr("Voicemail failed"),
            "hangup": self.tr("Hang up failed"),
        }.get(kind, self.tr("Failed"))
        reason = one_line(reason) or self.tr("the PBX gave no reason")
        self._show_status(f"{what}: {reason}", "error")
        self._update_actions()

    @property
    def parked_slot(self) -> str | None:
        return self._parked_slot

    def confirm_bar(self) -> ConfirmBar:
        """The inline "are you sure?" bar, below the transfer section (built on first use)."""
        if self._confirm is None:
            self._confirm = ConfirmBar()
            self._confirm.chosen.connect(self._on_confirm_chosen)
            outer = self.layout()
            assert isinstance(outer, QVBoxLayout)
            outer.insertWidget(outer.indexOf(self._transfer_box) + 1, self._confirm)
        return self._confirm

    def _hide_confirm(self) -> None:
        if self._confirm is not None:
            self._confirm.hide()

    def call_actions(self) -> CallActions:
        return self._call_actions

    def copy_number(self) -> None:
        """Put the raw caller number on the clipboard."""
        number = self._event.caller.number
        if not number:
            return
        self._touch()
        QGuiApplication.clipboard().setText(number)
        self._copy.setText(self.tr("Copied ✓"))
        self._copied_timer.start()

    def dismiss(self) -> None:
        """The user closed the popup: emit `dismissed` and close."""
        if self._state == "closed":
            return
        self.dismissed.emit(self.call_id, self.extension)
        self.close_for("dismissed")

    def mark_answered(self, by_extension: str | None) -> None:
        """Someone picked up: show "Answered by 203", hide transfer, keep dial/CRM."""
        if self._state == "closed":
            return
        self._state = "answered"
        self._answered_by = by_extension
        self._transfer_timeout.stop()
        _TICKER.remove(self)
        self._elapsed.hide()
        self._transfer_box.hide()
        text = (
            self.tr("Answered by {0}").format(by_extension)
            if by_extension
            else self.tr("Answered elsewhere")
        )
        self._show_status(text, "success")
        self._ringing_on.setText(self.tr("Was ringing on {0}").format(self.extension))

    def mark_on_call(self) -> None:
        """This extension answered: keep the caller on screen (CRM, transfer) while talking."""
        if self._state == "closed":
            return
        self._state = "on_call"
        self._answered_by = self.extension
        self._on_call_since = time.monotonic()
        self._transfer_timeout.stop()
        self._ringing_on.setText(self.tr("On call at {0}").format(self.extension))
        self._set_transfer_enabled(True)
        self._update_actions()
        self._show_status(self.tr("Answered here: Transfer moves the caller"), "success")
        self.tick_elapsed()
        if self.isVisible():
            _TICKER.add(self)

    def set_transfer_pending(self, target: str) -> None:
        """A transfer to `target` is on its way: disable the transfer buttons."""
        if self._state in ("closed", "answered"):
            return
        self._resume_state = self._state if self._state != "transferring" else "ringing"
        self._state = "transferring"
        self._pending_target = target
        self._set_transfer_enabled(False)
        self._show_status(self.tr("Transferring to {0}…").format(target), "accent")
        self._transfer_timeout.start()

    def show_transfer_error(self, message: str) -> None:
        """The PBX refused the transfer: show why and let the user try again."""
        if self._state == "closed":
            return
        self._transfer_timeout.stop()
        self._pending_target = None
        if self._state == "transferring":
            self._state = self._resume_state
        self._set_transfer_enabled(self._state in ("ringing", "on_call"))
        reason = one_line(message) or self.tr("the PBX gave no reason")
        self._show_status(self.tr("Transfer failed: {0}").format(reason), "error")

    def close_for(self, reason: str) -> None:
        """Close the popup programmatically; `closed` carries `reason`."""
        if self._state == "closed":
            return
        self._close_reason = reason
        self.close()

    @property
    def user_engaged(self) -> bool:
        """True while the user seems to be working with the popup (auto-close waits)."""
        recent = (
            self._last_interaction is not None
            and time.monotonic() - self._last_interaction < self.ENGAGED_SECONDS
        )
        return (
            recent
            or self.underMouse()
            or self._state == "transferring"
            or bool(self._target_edit.text().strip())
        )

    def _touch(self) -> None:
        self._last_interaction = time.monotonic()

    def status_text(self) -> str:
        return self._status.text() if self._status.isVisibleTo(self) else ""

    # -- behaviour ---------------------------------------------------------------------------

    def _set_transfer_enabled(self, enabled: bool) -> None:
        for button in self._favourite_buttons:
            button.setEnabled(enabled)
        self._target_edit.setEnabled(enabled)
        self._transfer_button.setEnabled(enabled)
        self._update_actions()

    def _update_actions(self) -> None:
        if hasattr(self, "_call_actions"):
            self._call_actions.set_call_state(self._state, self._action_busy)
            if self._state not in ("ringing", "on_call"):
                self._hide_confirm()

    def _start_action(self, kind: str, text: str) -> None:
        self._action_busy = True
        self._update_actions()
        self._show_status(text, "accent")

    def _describe(self, extension: str) -> str:
        return self._colleagues.describe(extension) if self._colleagues else extension

    def _typed_target(self) -> str | None:
        """The typed colleague name or number as a number; shows why when it is neither."""
        text = self._target_edit.text()
        try:
            found = resolve_target(
                text, self._colleagues.colleagues() if self._colleagues is not None else ()
            )
            return found if found is not None else clean_number(text)
        except (NoSuchColleague, InvalidNumber) as exc:
            self._show_status(str(exc), "error")
            self._target_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return None

    def _on_confirm_chosen(self, key: str) -> None:
        topic = self.confirm_bar().topic
        self._refit()
        if not isinstance(topic, tuple):
            return
        what, target = topic
        if what == "transfer" and key == "anyway":
            self.request_transfer(target, confirmed=True)
        elif what == "transfer" and key == "voicemail":
            self.request_voicemail(target)
        elif what == "hangup" and key == "hangup":
            self._start_action("hangup", self.tr("Hanging up…"))
            self.hangup_requested.emit(self.call_id, self.extension)

    def _on_park(self) -> None:
        if self._state != "on_call" or self._action_busy:
            return
        self._touch()
        self._start_action("park", self.tr("Parking…"))
        self.park_requested.emit(self.call_id, self.extension)

    def _on_held(self, what: str) -> None:
        """Complete transfer / Back to caller (consulting) or Take back (parked)."""
        if self._state != "on_call" or self._action_busy or self._call_actions.held is None:
            return
        self._touch()
        if what == "unpark":
            slot = self._parked_slot or ""
            self._start_action(
                "unpark", self.tr("Taking the call back from {slot}…").format(slot=slot)
            )
            self.unpark_requested.emit(self.call_id, self.extension, slot)
            return
        who = self._describe(self._consult_target or "")
        text = (
            self.tr("Handing the caller to {who}…").format(who=who)
            if what == "complete"
            else self.tr("Back to the caller…")
        )
        self._start_action(f"consult_{what}", text)
        self.consult_requested.emit(self.call_id, self.extension, what)

    def _on_voicemail(self) -> None:
        if not self._target_edit.text().strip():
            self._show_status(self.tr("Type or pick the colleague first."), "error")
            self._target_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        target = self._typed_target()
        if target is not None:
            self.request_voicemail(target)

    def _on_hangup(self) -> None:
        if self._state not in ("ringing", "on_call") or self._action_busy:
            return
        self._touch()
        self.confirm_bar().ask(
            self.tr("Hang up on this caller?"),
            [("hangup", self.tr("Hang up")), ("cancel", self.tr("Cancel"))],
            topic=("hangup", ""),
        )
        self._refit()

    def _on_colleagues_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        model = self._colleagues
        if model is None or not self._favourite_buttons:
            return
        wanted = {b.target for b in self._favourite_buttons}
        for row in range(top.row(), bottom.row() + 1):
            if model.extension_at(row) in wanted:
                self._refresh_favourites(rebuild=False)
                return

    def _refresh_favourites(self, rebuild: bool = True) -> None:
        named = self._colleagues is not None and self._colleagues.rowCount() > 0
        if rebuild and (2 if named else 5) != getattr(self, "_favourite_columns", 5):
            self.apply_settings(self._settings)  # grid shape changes with names
            return
        spacing = self._favourites_grid.horizontalSpacing()
        inner = theme.POPUP_WIDTH - 2 * theme.MARGIN - theme.ACCENT_STRIPE
        width = (inner - spacing) // 2
        for button in self._favourite_buttons:
            button.show_colleague(self._colleagues, width)
            button.setStyleSheet(button.style_for(self.palette()))
        self._refit()

    def _show_status(self, text: str, kind: str) -> None:
        colour = {
            "error": theme.error_colour,
            "success": theme.success_colour,
            "accent": theme.accent,
        }.get(kind, theme.muted_text)(self.palette())
        self._status.setProperty("kind", kind)
        self._status.setStyleSheet(theme.text_qss(colour))
        self._status.setText(text)
        self._status.show()
        self._refit()

    def _hide_status(self) -> None:
        self._status.setProperty("kind", None)
        self._status.clear()
        self._status.hide()
        self._refit()

    def _on_target_edited(self, _text: str) -> None:
        if self._status.property("kind") == "error":
            self._hide_status()

    def _transfer_typed(self) -> None:
        if self._state not in ("ringing", "on_call"):
            return
        target = self._typed_target()
        if target is not None:
            self.request_transfer(target)

    def _on_transfer_timeout(self) -> None:
        if self._state == "transferring":
            self.show_transfer_error(self.tr("no reply from the PBX yet; you can try again"))

    def _on_favourite_clicked(self) -> None:
        target = self.sender().property("target") if self.sender() is not None else None
        if target:
            self.request_transfer(str(target))

    def _on_call_back(self) -> None:
        if self._event.caller.number:
            self.dial_requested.emit(self._event.caller.number)

    def _on_crm(self) -> None:
        url = self.crm_url()
        if url:
            self.open_url_requested.emit(url)

    def _reset_copy_button(self) -> None:
        self._copy.setText(self.tr("Copy number"))

    def tick_elapsed(self) -> None:
        """Show the time ringing or on the call as of now (the shared ticker calls this)."""
        if self._on_call_since is not None:
            since = self._on_call_since
            text = self.tr("on call {0}").format(format_elapsed(time.monotonic() - since))
        else:
            elapsed = time.monotonic() - self._ring_started
            text = self.tr("ringing {0}").format(format_elapsed(elapsed))
        label = self._elapsed
        if text == label.text() and self._elapsed_shape:
            return
        # A label of fixed size changes its text without asking the popup to lay out again
        # (once a second per popup). The size is that of the text with every digit at its
        # widest, made again only when the shape changes (9:59 -> 10:00, ringing -> on call).
        shape = _DIGIT.sub("0", text)
        if shape != self._elapsed_shape:
            self._elapsed_shape = shape
            label.setMinimumSize(0, 0)
            label.setMaximumSize(_QWIDGETSIZE_MAX, _QWIDGETSIZE_MAX)
            label.setText(_DIGIT.sub(widest_digit(label.fontMetrics()), text))
            label.setFixedSize(label.sizeHint())
        label.setText(text)

    def is_ticking(self) -> bool:
        """Whether the elapsed time is being counted on screen (shown, ringing or on a call)."""
        return _TICKER.has(self)

    def elapsed_text(self) -> str:
        return self._elapsed.text()

    def _refit(self, *, deep: bool = True) -> None:
        """Keep the width fixed and the height exactly what the content needs.

        The layout does not constrain the window (SetNoConstraint): changing size constraints
        of a visible window is what platforms dislike; a plain resize is fine.
        """
        layout = self.layout()
        if layout is None or self._building:
            return
        if deep:
            # Nested layouts cache their hints until the event loop runs: refresh them now.
            # (Not from LayoutRequest: updateGeometry() posts another one, forever.)
            for child in self.findChildren(QWidget):
                child_layout = child.layout()
                if child_layout is not None:
                    child_layout.invalidate()
                    child.updateGeometry()
            layout.invalidate()
        width = theme.POPUP_WIDTH
        if layout.hasHeightForWidth():
            height = layout.totalHeightForWidth(width)
        else:
            height = layout.totalSizeHint().height()
        if height != self.height():
            self.resize(width, height)

    def event(self, event: QEvent) -> bool:
        result = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest:
            self._refit(deep=False)
        return result

    # -- theme -------------------------------------------------------------------------------

    def _apply_theme(self) -> None:
        if self._theming:
            return
        self._theming = True
        try:
            pal = self.palette()
            self.setStyleSheet(popup_style_sheet(pal))
            self._elapsed_shape = ""  # the style may change the label's font: measure again
            self._opaque_elapsed()
            for button in self._favourite_buttons:
                button.setStyleSheet(button.style_for(pal))
            if self._confirm is not None:
                self._confirm.restyle()
            kind = self._status.property("kind")
            if kind and self._status.text():
                self._show_status(self._status.text(), kind)
            self.update()
        finally:
            self._theming = False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_theme()
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):
            self._elapsed_shape = ""  # measure the elapsed label's size again
            self.tick_elapsed()
        super().changeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        pal = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        r = self.rect()
        painter.fillRect(r, theme.card_background(pal))
        stripe = theme.accent(pal)
        if self._state == "answered":
            stripe = theme.success_colour(pal)
        elif self._status.property("kind") == "error":
            stripe = theme.error_colour(pal)
        painter.fillRect(0, 0, theme.ACCENT_STRIPE, r.height(), stripe)
        painter.setPen(QPen(theme.border_colour(pal), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(0.5, 0.5, r.width() - 1, r.height() - 1))
        painter.end()

    # -- events ------------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # Every change of content re-fits at once (deep); here only what showing changed.
        self._refit(deep=False)
        self._opaque_elapsed()
        if self._state in ("ringing", "transferring", "on_call"):
            self.tick_elapsed()
            _TICKER.add(self)

    def _opaque_elapsed(self) -> None:
        # An opaque label repaints itself alone once a second, not the popup beneath it.
        # Polishing with a style sheet that gives it a background turns autoFill off (Qt
        # documents this), so it is turned on again after each polish (show, new sheet).
        self._elapsed.setAutoFillBackground(True)

    def hideEvent(self, event) -> None:
        _TICKER.remove(self)
        super().hideEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().height() != event.size().height():
            self.size_changed.emit()

    def closeEvent(self, event) -> None:
        super().closeEvent(event)
        if not event.isAccepted():
            return
        _TICKER.remove(self)
        self._transfer_timeout.stop()
        self._copied_timer.stop()
        if self._state != "closed":
            self._state = "closed"
            self.closed.emit(self.call_id, self.extension, self._close_reason or "closed")

    def mousePressEvent(self, event) -> None:
        self._touch()
        # Shown without activation; a click makes it the active window (keyboard input).
        self.activateWindow()
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target_edit:
            if event.type() in (QEvent.Type.MouseButtonPress, QEvent.Type.KeyPress):
                self._touch()
            if event.type() == QEvent.Type.MouseButtonPress:
                self.activateWindow()
            elif (
                event.type() == QEvent.Type.KeyPress
                and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            ):
                self._transfer_typed()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._touch()
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.dismiss()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._target_edit.text().strip():
                self._transfer_typed()
            return
        text = event.text()
        if (
            text
            and all(c in NUMBER_CHARS for c in text)
            and self._state in ("ringing", "on_call")
            and self._target_edit.isEnabled()
        ):
            # Typing anywhere in the popup goes to the number box.
            self._target_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._target_edit.insert(text)
            self._on_target_edited(self._target_edit.text())
            return
        super().keyPressEvent(event)
