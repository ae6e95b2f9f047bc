"""The "Contacts" tab of Settings: sources, home region, outside-line prefix, Test buttons.

Emits intents only; the controller reads files and asks servers. Passwords and tokens typed
here go out through `secret_entered` on save (into the keyring) and are never shown again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screenpop.config import Settings
from screenpop.contacts.numbers import default_region
from screenpop.contacts.source_url import USAGE, SourceSpec, parse_source, with_mapping

from .csv_columns import CsvColumnsDialog


class ContactsTab(QWidget):
    """Signals:

    * ``changed()``: a value changed (the dialog re-validates).
    * ``test_requested(source: str, secret: str)``: read this source now and report through
      ``show_test_result``; `secret` "" means "use the stored one".
    * ``secret_entered(source: str, secret: str)``: on save, a password or token to store.
    * ``preview_requested(path: str)``: read this CSV file's first rows for the column
      editor and answer with ``show_csv_preview``.
    """

    changed = Signal()
    test_requested = Signal(str, str)
    secret_entered = Signal(str, str)
    preview_requested = Signal(str)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contacts_tab")
        self._secrets: dict[str, str] = {}
        self.columns_dialog: CsvColumnsDialog | None = None
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "Who is calling, from the office's contacts. Sources are asked in this order;"
                " a slow one never delays the popup."
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)

        self.sources = QTreeWidget()
        self.sources.setObjectName("contact_sources")
        self.sources.setHeaderLabels([self.tr("Source"), self.tr("Status")])
        self.sources.setRootIsDecorated(False)
        self.sources.setColumnWidth(0, 300)
        self.sources.setMinimumHeight(110)
        for text in settings.contact_sources:
            self._add_item(text)
        self.sources.currentItemChanged.connect(self._on_selected)
        layout.addWidget(self.sources, 1)

        form = QFormLayout()
        self.source_edit = QLineEdit()
        self.source_edit.setObjectName("contact_source_edit")
        self.source_edit.setPlaceholderText(
            self.tr("contacts.csv, ldap://host/ou=people,dc=example,dc=com, https://crm/?n={e164}")
        )
        self.source_edit.setToolTip(USAGE)
        self.source_edit.textChanged.connect(self._on_edit)
        form.addRow(self.tr("Source"), self.source_edit)
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("contact_secret_edit")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText(self.tr("password or token, kept in the keyring"))
        form.addRow(self.tr("Password / token"), self.secret_edit)
        self.source_error = QLabel()
        self.source_error.setObjectName("contact_source_error")
        self.source_error.setTextFormat(Qt.TextFormat.PlainText)
        self.source_error.setWordWrap(True)
        form.addRow("", self.source_error)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setObjectName("contact_add")
        self.add_button.clicked.connect(self._on_add)
        self.update_button = QPushButton(self.tr("Update"))
        self.update_button.setObjectName("contact_update")
        self.update_button.clicked.connect(self._on_update)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("contact_remove")
        self.remove_button.clicked.connect(self._on_remove)
        self.test_button = QPushButton(self.tr("Test"))
        self.test_button.setObjectName("contact_test")
        self.test_button.clicked.connect(self._on_test)
        self.columns_button = QPushButton(self.tr("Columns…"))
        self.columns_button.setObjectName("contact_columns")
        self.columns_button.setToolTip(self.tr("Which column of the CSV file holds what"))
        self.columns_button.clicked.connect(self._on_columns)
        for b in (
            self.add_button,
            self.update_button,
            self.remove_button,
            self.test_button,
            self.columns_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.test_result = QLabel()
        self.test_result.setObjectName("contact_test_result")
        self.test_result.setTextFormat(Qt.TextFormat.PlainText)
        self.test_result.setWordWrap(True)
        layout.addWidget(self.test_result)

        numbers = QFormLayout()
        self.home_region = QLineEdit(settings.home_region)
        self.home_region.setObjectName("home_region")
        self.home_region.setMaxLength(2)
        self.home_region.setMaximumWidth(60)
        system = default_region() or "?"
        self.home_region.setPlaceholderText(system)
        self.home_region.setToolTip(
            self.tr("Two letters, e.g. CN or DE; empty = from the system ({system})").format(
                system=system
            )
        )
        self.home_region.textChanged.connect(self.changed)
        numbers.addRow(self.tr("Home region"), self.home_region)
        self.outside_prefix = QLineEdit(settings.outside_prefix)
        self.outside_prefix.setObjectName("outside_prefix")
        self.outside_prefix.setMaximumWidth(60)
        self.outside_prefix.setPlaceholderText(self.tr("none"))
        self.outside_prefix.setToolTip(self.tr("The digit the PBX puts before outside numbers"))
        self.outside_prefix.textChanged.connect(self.changed)
        numbers.addRow(self.tr("Outside-line prefix"), self.outside_prefix)
        layout.addLayout(numbers)
        self._on_edit()

    # -- values ----------------------------------------------------------------------------

    def source_texts(self) -> tuple[str, ...]:
        return tuple(self.sources.topLevelItem(i).text(0) for i in range(self._count()))

    def region(self) -> str:
        return self.home_region.text().strip().upper()

    def prefix(self) -> str:
        return self.outside_prefix.text().strip()

    def set_statuses(self, statuses: list[tuple[str, bool, str]]) -> None:
        """(source text, ok, status line) per source, from the running lookup."""
        by_text = {text: (ok, status) for text, ok, status in statuses}
        for i in range(self._count()):
            item = self.sources.topLevelItem(i)
            if item.text(0) in by_text:
                ok, status = by_text[item.text(0)]
                mark = "✗ " if not ok else "" if status.endswith("not asked yet") else "✓ "
                item.setText(1, mark + status)
                item.setToolTip(1, status)

    def show_test_result(self, source: str, ok: bool, message: str) -> None:
        message = " ".join(message.split())
        self.test_result.setText(("✓ " if ok else "✗ ") + message)
        self.set_statuses([(source, ok, message)])

    def show_csv_preview(
        self, path: str, header: list[str], rows: list[list[str]], error: str
    ) -> None:
        """The first rows of a CSV file the column editor asked for (or why they are missing)."""
        dialog = self.columns_dialog
        if dialog is not None and dialog.path == path:
            dialog.set_preview(header, rows, error)

    def emit_secrets(self) -> None:
        """On save: hand each typed password or token over (once) for the keyring."""
        for source, secret in self._secrets.items():
            if source in self.source_texts():
                self.secret_entered.emit(source, secret)
        self._secrets.clear()

    # -- behaviour -------------------------------------------------------------------------

    def _count(self) -> int:
        return self.sources.topLevelItemCount()

    def _add_item(self, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([text, self.tr("not read yet")])
        item.setToolTip(0, text)
        self.sources.addTopLevelItem(item)
        return item

    def _problem(self) -> str:
        text = self.source_edit.text().strip()
        if not text:
            return ""
        try:
            parse_source(text)
        except ValueError as exc:
            return str(exc)
        return ""

    def _csv_spec(self) -> SourceSpec | None:
        try:
            spec = parse_source(self.source_edit.text())
        except ValueError:
            return None
        return spec if spec.kind == "csv" else None

    def _on_edit(self, *_args: object) -> None:
        problem = self._problem()
        self.source_error.setText(problem)
        has = bool(self.source_edit.text().strip()) and not problem
        self.add_button.setEnabled(has)
        self.test_button.setEnabled(has)
        self.update_button.setEnabled(has and self.sources.currentItem() is not None)
        self.remove_button.setEnabled(self.sources.currentItem() is not None)
        self.columns_button.setEnabled(has and self._csv_spec() is not None)

    def _on_selected(self, current: QTreeWidgetItem | None, _prev: object = None) -> None:
        if current is not None:
            self.source_edit.setText(current.text(0))
            self.secret_edit.clear()
        self._on_edit()

    def _remember_secret(self, text: str) -> None:
        if self.secret_edit.text():
            self._secrets[text] = self.secret_edit.text()
            self.secret_edit.clear()

    def _on_add(self) -> None:
        text = self.source_edit.text().strip()
        if not text or self._problem() or text in self.source_texts():
            return
        self._remember_secret(text)
        self.sources.setCurrentItem(self._add_item(text))
        self.changed.emit()

    def _on_update(self) -> None:
        item = self.sources.currentItem()
        text = self.source_edit.text().strip()
        if item is None or not text or self._problem():
            return
        self._remember_secret(text)
        item.setText(0, text)
        item.setText(1, self.tr("not read yet"))
        self.changed.emit()

    def _on_remove(self) -> None:
        item = self.sources.currentItem()
        if item is None:
            return
        self.sources.takeTopLevelItem(self.sources.indexOfTopLevelItem(item))
        self._secrets.pop(item.text(0), None)
        self.changed.emit()
        self._on_edit()

    def _on_columns(self) -> None:
        spec = self._csv_spec()
        if spec is None:
            return
        if self.columns_dialog is not None:
            self.columns_dialog.reject()
        dialog = CsvColumnsDialog(spec.path, spec.mapping_dict(), self)
        dialog.finished.connect(self._on_columns_finished)
        self.columns_dialog = dialog
        dialog.open()
        self.preview_requested.emit(spec.path)

    def _on_columns_finished(self, result: int) -> None:
        dialog = self.columns_dialog
        if dialog is None:
            return
        self.columns_dialog = None
        dialog.deleteLater()
        if result == QDialog.DialogCode.Accepted:
            self._apply_columns(dialog.overrides())

    def _apply_columns(self, overrides: dict[str, list[str]]) -> None:
        """The chosen columns into the source text; into the list too when it is the selected
        source (the same file), so OK is enough."""
        text = with_mapping(self.source_edit.text(), overrides)
        self.source_edit.setText(text)
        item = self.sources.currentItem()
        if item is not None and item.text(0).partition("#")[0].strip() == text.partition("#")[0]:
            self._on_update()

    def _on_test(self) -> None:
        text = self.source_edit.text().strip()
        if not text or self._problem():
            return
        self.test_result.setText(self.tr("Testing…"))
        secret = self.secret_edit.text() or self._secrets.get(text, "")
        self.test_requested.emit(text, secret)
