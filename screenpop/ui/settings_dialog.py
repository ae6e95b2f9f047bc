"""The settings dialog: every Settings field, validated as you type.

The dialog does no I/O. It is given a validator (the settings store's `validate`), emits
`test_requested` / `settings_saved`, and shows the result the app passes to `show_test_result`.
The secret is never shown: the field starts empty and empty means "unchanged".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from screenpop.config import Settings

from .contacts_tab import ContactsTab
from .desktop_settings import DesktopSettings

Validator = Callable[[Settings], Sequence[str]]

_SPLIT = re.compile(r"[\s,;]+")
_CONNECTION_FIELDS = ("host", "port", "username", "tls_fingerprint")


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_colour(palette: QPalette) -> QColor:
    return QColor("#ff7b72") if _is_dark(palette) else QColor("#c62828")


def ok_colour(palette: QPalette) -> QColor:
    return QColor("#56d364") if _is_dark(palette) else QColor("#2e7d32")


def parse_list(text: str) -> tuple[str, ...]:
    """'601, 602 603' -> ('601', '602', '603')."""
    return tuple(x for x in _SPLIT.split(text.strip()) if x)


def parse_overrides(text: str) -> tuple[dict[str, str], str | None]:
    """Lines like '601 = DAHDI/5' -> ({'601': 'DAHDI/5'}, None), or a one-line error."""
    result: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ext, sep, channel = line.partition("=")
        ext, channel = ext.strip(), channel.strip()
        if not sep or not ext or not channel:
            return result, QCoreApplication.translate(
                "settings", "Line {0}: write each override as 601 = DAHDI/5."
            ).format(n)
        if ext in result:
            return result, QCoreApplication.translate(
                "settings", "Line {0}: extension {1} is listed twice."
            ).format(n, ext)
        result[ext] = channel
    return result, None


def _translated(message: object) -> str:
    """A validation message in the user's language (FieldError carries its template)."""
    template = getattr(message, "template", None)
    if not isinstance(template, str):
        return str(message)
    text = QCoreApplication.translate("Validation", template)
    args = getattr(message, "args", None) or {}
    try:
        return text.format(**args) if args else text
    except (KeyError, IndexError, ValueError):  # a broken translation: fall back to English
        return str(message)


def parse_names(text: str) -> tuple[dict[str, str], str | None]:
    """Lines like '202 = Li Na 李娜' -> ({'202': 'Li Na 李娜'}, None), or a one-line error."""
    result: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ext, sep, name = line.partition("=")
        ext, name = ext.strip(), name.strip()
        if not sep or not ext or not name:
            return result, f"Line {n}: write each name as 202 = Li Na."
        if ext in result:
            return result, f"Line {n}: extension {ext} is listed twice."
        result[ext] = name
    return result, None


def format_overrides(overrides: dict[str, str]) -> str:
    return "\n".join(f"{ext} = {channel}" for ext, channel in overrides.items())


class SettingsDialog(QDialog):
    """Edit settings.

    Signals:
        test_requested(Settings, str): try these settings against the PBX. The secret is what the
            user typed; "" means "use the stored secret". Answer with show_test_result().
        settings_saved(Settings, object): the user saved. The second argument is the new secret
            (str), or None when the secret field was left empty (keep the stored one).
    """

    test_requested = Signal(object, str)
    settings_saved = Signal(object, object)
    #: source text, password or token typed in the Contacts tab (emitted on save)
    contact_secret_entered = Signal(str, str)

    def __init__(
        self,
        settings: Settings,
        *,
        validator: Validator,
        secret_stored: bool = False,
        keyring_available: bool = True,
        shortcuts_note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings — screenpop"))
        self._original = settings
        self._validator = validator
        self._errors: dict[str, str] = {}
        self._error_labels: dict[str, QLabel] = {}
        self._error_forms: dict[str, QFormLayout] = {}
        self._tab_of: dict[str, int] = {}
        self._tab_titles: list[str] = []

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)

        # -- PBX ------------------------------------------------------------------------------
        self.host = QLineEdit(settings.host)
        self.host.setPlaceholderText(self.tr("e.g. 192.168.1.10 or pbx.office.lan"))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(min(max(settings.port, 1), 65535))
        self.port.setMaximumWidth(110)
        self.username = QLineEdit(settings.username)
        self.username.setPlaceholderText(self.tr("the AMI user from the PBX's AMI settings"))
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        if secret_stored:
            self.secret.setPlaceholderText(self.tr("stored in the system keyring"))
        elif not keyring_available:
            self.secret.setPlaceholderText(self.tr("asked at each start"))
        else:
            self.secret.setPlaceholderText(self.tr("the AMI secret"))
        self.tls = QCheckBox(self.tr("Use TLS (usually port 5039)"))
        self.tls.setChecked(settings.tls)
        self.tls_fingerprint = QLineEdit(settings.tls_fingerprint)
        self.tls_fingerprint.setPlaceholderText(
            self.tr("optional: SHA-256 of a self-signed certificate")
        )
        self.keyring_note = QLabel(
            self.tr(
                "No system keyring found: the secret will be asked at each start and is never "
                "written to disk."
            )
        )
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.keyring_note.setVisible(not keyring_available)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self._on_test)
        self.test_result = QLabel()
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        pbx = self._new_tab(self.tr("PBX"))
        self._row(pbx, self.tr("PBX address:"), self.host, "host")
        self._row(pbx, self.tr("AMI port:"), self.port, "port")
        self._row(pbx, self.tr("Username:"), self.username, "username")
        self._row(pbx, self.tr("Secret:"), self.secret, "secret")
        if not keyring_available:
            pbx.addRow("", self.keyring_note)
        self._row(pbx, "", self.tls, "tls")
        self._row(pbx, self.tr("Certificate:"), self.tls_fingerprint, "tls_fingerprint")
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        pbx.addRow("", test_row)

        # -- Extensions -----------------------------------------------------------------------
        self.watch = QLineEdit(", ".join(settings.watch))
        self.watch.setPlaceholderText(self.tr("e.g. 601, 602"))
        self.my_extension = QLineEdit(settings.my_extension)
        self.my_extension.setPlaceholderText(self.tr("your own phone, for calling back"))
        self.my_extension.setMaximumWidth(160)
        self.channel_overrides = QPlainTextEdit(format_overrides(settings.channel_overrides))
        self.channel_overrides.setPlaceholderText(self.tr("one per line, e.g.\n601 = DAHDI/5"))
        self.channel_overrides.setTabChangesFocus(True)
        lines = self.channel_overrides.fontMetrics().lineSpacing()
        self.channel_overrides.setFixedHeight(lines * 4 + 12)
        self.channel_overrides.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.context_prefix = QLineEdit(settings.context_prefix)
        self.context_prefix.setPlaceholderText(self.tr("DLPN_DialPlan"))
        self.favourites = QLineEdit(", ".join(settings.favourites))
        self.favourites.setPlaceholderText(self.tr("transfer targets shown first, e.g. 601, 605"))

        ext = self._new_tab(self.tr("Extensions"))
        self._row(ext, self.tr("Watched extensions:"), self.watch, "watch")
        self._row(ext, self.tr("My extension:"), self.my_extension, "my_extension")
        self._row(ext, self.tr("Favourite targets:"), self.favourites, "favourites")
        self._row(ext, self.tr("Channel overrides:"), self.channel_overrides, "channel_overrides")
        self._row(ext, self.tr("Context prefix:"), self.context_prefix, "context_prefix")

        # -- Colleagues -----------------------------------------------------------------------
        self.colleague_names = QPlainTextEdit(format_overrides(settings.colleague_names))
        self.colleague_names.setPlaceholderText(
            self.tr("one per line, e.g.\n202 = Li Na 李娜\n(names here win over the PBX's)")
        )
        self.colleague_names.setTabChangesFocus(True)
        self.colleague_names.setFixedHeight(lines * 6 + 12)
        self.voicemail_target = QLineEdit(settings.voicemail_target)
        self.voicemail_target.setPlaceholderText("*2{extension}")
        self.voicemail_target.setToolTip(
            self.tr(
                "Dialled in the colleague's context to reach their voicemail; {extension} is"
                " replaced by their number. MyPBX: *2{extension}."
            )
        )
        colleagues = self._new_tab(self.tr("Colleagues"))
        self._row(colleagues, self.tr("Names:"), self.colleague_names, "colleague_names")
        self._row(
            colleagues, self.tr("Voicemail target:"), self.voicemail_target, "voicemail_target"
        )

        # -- Popup ----------------------------------------------------------------------------
        self.auto_close_seconds = QSpinBox()
        self.auto_close_seconds.setRange(0, 3600)
        self.auto_close_seconds.setValue(min(max(settings.auto_close_seconds, 0), 3600))
        self.auto_close_seconds.setSuffix(self.tr(" s"))
        self.auto_close_seconds.setSpecialValueText(self.tr("Stay while ringing"))
        self.auto_close_seconds.setMinimumWidth(170)
        self.sound_on_ring = QCheckBox(self.tr("Play a sound when a call rings"))
        self.sound_on_ring.setChecked(settings.sound_on_ring)
        self.do_not_disturb = QCheckBox(self.tr("Do not disturb (no popups)"))
        self.do_not_disturb.setChecked(settings.do_not_disturb)
        self.crm_url_template = QLineEdit(settings.crm_url_template)
        self.crm_url_template.setPlaceholderText(
            self.tr("optional: https://crm.example/search?phone={number}")
        )

        popup = self._new_tab(self.tr("Popup"))
        self._row(
            popup, self.tr("Auto-close after:"), self.auto_close_seconds, "auto_close_seconds"
        )
        self._row(popup, "", self.sound_on_ring, "sound_on_ring")
        self._row(popup, "", self.do_not_disturb, "do_not_disturb")
        self._row(popup, self.tr("CRM link:"), self.crm_url_template, "crm_url_template")

        # -- Desktop (language, login, links, shortcuts) --------------------------------------
        self.desktop = DesktopSettings(settings, shortcuts_note=shortcuts_note)
        desk = self._new_tab(self.tr("Desktop"))
        self.desktop.add_rows(desk, lambda label, w, field: self._row(desk, label, w, field))

        # -- bottom ---------------------------------------------------------------------------
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(12)
        self.contacts_tab = ContactsTab(settings)
        self.tabs.addTab(self.contacts_tab, self.tr("Contacts"))
        self._tab_titles.append(self.tr("Contacts"))
        for contact_field in ("contact_sources", "home_region", "outside_prefix"):
            self._tab_of[contact_field] = self.tabs.count() - 1
        self.contacts_tab.changed.connect(self._revalidate)
        self.contacts_tab.secret_entered.connect(self.contact_secret_entered)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)

        for w in (
            self.host,
            self.username,
            self.secret,
            self.tls_fingerprint,
            self.watch,
            self.my_extension,
            self.context_prefix,
            self.favourites,
            self.crm_url_template,
            self.voicemail_target,
        ):
            w.textChanged.connect(self._revalidate)
        self.channel_overrides.textChanged.connect(self._revalidate)
        self.colleague_names.textChanged.connect(self._revalidate)
        self.port.valueChanged.connect(self._revalidate)
        self.auto_close_seconds.valueChanged.connect(self._revalidate)
        for box in (self.tls, self.sound_on_ring, self.do_not_disturb):
            box.toggled.connect(self._revalidate)
        self.tls.toggled.connect(self._suggest_tls_port)
        for signal in self.desktop.changed_signals():
            signal.connect(self._revalidate)

        self._apply_colours()
        self._revalidate()
        # A fixed minimum with room for a few error lines: the dialog doesn't jump in size as
        # messages come and go.
        hint = self.sizeHint()
        room = 3 * self.fontMetrics().lineSpacing()
        self.setMinimumSize(max(580, hint.width()), hint.height() + room)
        self.resize(self.minimumSize())

    # -- public API -----------------------------------------------------------------------------

    def current_settings(self) -> Settings:
        """The settings as currently entered (may be invalid: see errors())."""
        overrides, _ = parse_overrides(self.channel_overrides.toPlainText())
        names, _ = parse_names(self.colleague_names.toPlainText())
        return replace(
            self._original,
            host=self.host.text().strip(),
            port=self.port.value(),
            username=self.username.text().strip(),
            tls=self.tls.isChecked(),
            tls_fingerprint=self.tls_fingerprint.text().strip(),
            watch=parse_list(self.watch.text()),
            my_extension=self.my_extension.text().strip(),
            channel_overrides=overrides,
            context_prefix=self.context_prefix.text().strip(),
            favourites=parse_list(self.favourites.text()),
            auto_close_seconds=self.auto_close_seconds.value(),
            sound_on_ring=self.sound_on_ring.isChecked(),
            crm_url_template=self.crm_url_template.text().strip(),
            do_not_disturb=self.do_not_disturb.isChecked(),
            **self.desktop.values(),
            colleague_names=names,
            voicemail_target=self.voicemail_target.text().strip(),
            contact_sources=self.contacts_tab.source_texts(),
            home_region=self.contacts_tab.region(),
            outside_prefix=self.contacts_tab.prefix(),
        )

    def errors(self) -> dict[str, str]:
        """Current problems: Settings field name (or "" for general) -> one-line message."""
        return dict(self._errors)

    def error_text(self, field: str) -> str:
        """The message shown next to `field`, or ""."""
        label = self._error_labels.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def show_test_result(self, ok: bool, message: str) -> None:
        """Show the outcome of a connection test, e.g. 'Connected: Asterisk Call Manager/1.1'."""
        message = " ".join(message.split())  # one line, whatever the PBX sent
        self.test_result.setText(("✓ " if ok else "✗ ") + message)
        self.test_result.setProperty("ok", ok)
        self._colour_test_result()
        self._update_test_button()

    # -- behaviour --------------------------------------------------------------------------------

    def _new_tab(self, title: str) -> QFormLayout:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(12, 14, 12, 8)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(9)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tabs.addTab(page, title)
        self._tab_titles.append(title)
        return form

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> None:
        """A field row, plus a row under it for its error message (hidden while fine)."""
        form.addRow(label, widget)
        lbl = form.labelForField(widget)
        if isinstance(lbl, QLabel):
            lbl.setBuddy(widget)
        error = QLabel()
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setWordWrap(True)
        error.setObjectName(f"error_{field}")
        error.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        form.addRow("", error)
        form.setRowVisible(error, False)
        self._error_labels[field] = error
        self._error_forms[field] = form
        self._tab_of[field] = self.tabs.count() - 1

    def _suggest_tls_port(self, on: bool) -> None:
        if on and self.port.value() == 5038:
            self.port.setValue(5039)
        elif not on and self.port.value() == 5039:
            self.port.setValue(5038)

    def _revalidate(self, *args: object) -> None:
        settings = self.current_settings()
        errors: dict[str, str] = {}
        _, override_problem = parse_overrides(self.channel_overrides.toPlainText())
        if override_problem:
            errors["channel_overrides"] = override_problem
        _, names_problem = parse_names(self.colleague_names.toPlainText())
        if names_problem:
            errors["colleague_names"] = names_problem
        for message in self._validator(settings):
            field = getattr(message, "field", "")
            if field not in self._error_labels:
                field = ""
            errors.setdefault(field, _translated(message))
        self._errors = errors
        for field, label in self._error_labels.items():
            text = errors.get(field, "")
            label.setText(text)
            self._error_forms[field].setRowVisible(label, bool(text))
        bad_tabs = {self._tab_of[f] for f in errors if f in self._tab_of}
        for i, title in enumerate(self._tab_titles):
            self.tabs.setTabText(i, f"{title} ⚠" if i in bad_tabs else title)
        self.save_button.setEnabled(not errors)
        if not errors:
            self.summary.setText("")
        elif "" in errors:
            self.summary.setText(errors[""])
        else:
            n = len(errors)
            where = ", ".join(self._tab_titles[i] for i in sorted(bad_tabs))
            text = (
                self.tr("1 problem to fix ({0}).")
                if n == 1
                else self.tr("{1} problems to fix ({0}).")
            )
            self.summary.setText(text.format(where, n))
        # an edit makes the last test result stale
        if args and self.test_result.text():
            self.test_result.setText("")
        self._update_test_button()

    def _update_test_button(self) -> None:
        blocked = any(f in self._errors for f in _CONNECTION_FIELDS)
        self.test_button.setEnabled(bool(self.host.text().strip()) and not blocked)

    def _on_test(self) -> None:
        self.test_result.setText(self.tr("Testing…"))
        self.test_result.setProperty("ok", None)
        self._colour_test_result()
        self.test_requested.emit(self.current_settings(), self.secret.text())

    def _on_save(self) -> None:
        if self._errors:
            return
        secret = self.secret.text()
        self.contacts_tab.emit_secrets()
        self.settings_saved.emit(self.current_settings(), secret or None)
        self.accept()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colours()

    def _apply_colours(self) -> None:
        palette = self.palette()
        red = error_colour(palette).name()
        for label in self._error_labels.values():
            label.setStyleSheet(f"color: {red};")
        self.summary.setStyleSheet(f"color: {red};")
        note_font = QFont(self.keyring_note.font())
        note_font.setItalic(True)
        self.keyring_note.setFont(note_font)
        self._colour_test_result()

    def _colour_test_result(self) -> None:
        ok = self.test_result.property("ok")
        if ok is None:
            self.test_result.setStyleSheet("")
        else:
            colour = ok_colour(self.palette()) if ok else error_colour(self.palette())
            self.test_result.setStyleSheet(f"color: {colour.name()};")
