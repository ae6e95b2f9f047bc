"""The column editor of a CSV contact source: the file's first rows and which column is what.

It shows what it is given (the controller reads the file) and hands back the columns the
user chose that differ from the guess; the Contacts tab writes them into the source text
(`contacts.csv#name=Full Name;phone=Tel,Mobile`), the syntax the command line reads too.
Every cell is untrusted text, shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from screenpop.contacts.csv_reader import effective_mapping

SINGLE_ROLES = ("name", "first", "middle", "last", "company", "notes", "url")
MAX_COLUMN_WIDTH = 180


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]


def _visible_tick_boxes(view: QListWidget) -> None:
    """Fusion outlines a tick box in the Window colour darkened, which on a dark palette is
    the Base colour the box sits on: the empty boxes vanish. The list shows no Window colour
    of its own, so a lighter one there only draws the outlines."""
    palette = view.palette()
    base = palette.color(QPalette.ColorRole.Base)
    if base.lightness() < 128:
        palette.setColor(QPalette.ColorRole.Window, base.lighter(300))
        view.setPalette(palette)


class CsvColumnsDialog(QDialog):
    """Opened for one CSV source; `set_preview` fills it, `overrides()` is the result."""

    def __init__(
        self, path: str, overrides: dict[str, list[str]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("csv_columns_dialog")
        self.setWindowTitle(self.tr("Columns of {file}").format(file=_file_name(path)))
        self.path = path
        self._overrides = {role: list(names) for role, names in overrides.items()}
        self._header: list[str] = []
        self._guess: dict[str, list[str]] = {}
        self._filling = False
        labels = {
            "name": self.tr("Name"),
            "first": self.tr("First name"),
            "middle": self.tr("Middle name"),
            "last": self.tr("Last name"),
            "company": self.tr("Company"),
            "notes": self.tr("Notes"),
            "url": self.tr("Web page"),
        }
        layout = QVBoxLayout(self)
        self.status = QLabel(self.tr("Reading {file}…").format(file=_file_name(path)))
        self.status.setObjectName("csv_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.table = QTableWidget(0, 0)
        self.table.setObjectName("csv_preview")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        self.table.setMinimumHeight(150)
        layout.addWidget(self.table, 1)

        choices = QHBoxLayout()
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for role in SINGLE_ROLES:
            combo = QComboBox()
            combo.setObjectName(f"csv_role_{role}")
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(self._on_changed)
            form.addRow(labels[role], combo)
            self.combos[role] = combo
        choices.addLayout(form, 1)
        phones = QVBoxLayout()
        phone_label = QLabel(self.tr("Phone numbers (tick every column that holds one)"))
        phone_label.setTextFormat(Qt.TextFormat.PlainText)
        phone_label.setWordWrap(True)
        phones.addWidget(phone_label)
        self.phones = QListWidget()
        self.phones.setObjectName("csv_role_phone")
        self.phones.itemChanged.connect(self._on_changed)
        _visible_tick_boxes(self.phones)
        phones.addWidget(self.phones, 1)
        choices.addLayout(phones, 1)
        layout.addLayout(choices)

        self.problem = QLabel()
        self.problem.setObjectName("csv_problem")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(640, 520)

    # -- what the controller gives ---------------------------------------------------------

    def set_preview(self, header: list[str], rows: list[list[str]], error: str = "") -> None:
        """The file's header and first rows, or why they could not be read."""
        if error:
            self.status.setText(" ".join(error.split()))
            self.ok_button.setEnabled(False)
            return
        self.status.setText(
            self.tr(
                "The first rows of {file}. Choose the column of each field; the choices start"
                " from what the header suggests."
            ).format(file=_file_name(self.path))
        )
        self._header = list(header)
        self._guess = effective_mapping(header)
        # Column names the file does not have any more are dropped, not an error here.
        known = {h.strip().lower() for h in header}
        overrides = {
            role: [n for n in names if n.strip().lower() in known]
            for role, names in self._overrides.items()
        }
        current = effective_mapping(header, overrides)
        self._fill_table(header, rows)
        names = self._choosable(header)
        self._filling = True
        try:
            for role, combo in self.combos.items():
                combo.clear()
                combo.addItem(self.tr("(none)"), "")
                for name in names:
                    combo.addItem(name, name)
                chosen = current.get(role, [])
                combo.setCurrentIndex(max(0, combo.findData(chosen[0])) if chosen else 0)
            self.phones.clear()
            phone_columns = {n.strip().lower() for n in current.get("phone", [])}
            for name in names:
                item = QListWidgetItem(name)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                checked = name.strip().lower() in phone_columns
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
                self.phones.addItem(item)
        finally:
            self._filling = False
        self._on_changed()

    # -- the result ------------------------------------------------------------------------

    def overrides(self) -> dict[str, list[str]]:
        """Role -> column names for every role where the choice differs from the guess."""
        if not self._header:
            return dict(self._overrides)
        out: dict[str, list[str]] = {}
        for role, combo in self.combos.items():
            chosen = [combo.currentData()] if combo.currentData() else []
            if chosen != self._guess.get(role, [])[:1]:
                out[role] = chosen
        phones = self.phone_columns()
        if phones != self._guess.get("phone", []):
            out["phone"] = phones
        return out

    def phone_columns(self) -> list[str]:
        return [
            self.phones.item(i).text()
            for i in range(self.phones.count())
            if self.phones.item(i).checkState() == Qt.CheckState.Checked
        ]

    def problem_text(self) -> str:
        return self.problem.text()

    # -- behaviour -------------------------------------------------------------------------

    @staticmethod
    def _choosable(header: list[str]) -> list[str]:
        # The mapping names columns by header text: an empty name cannot be named, and of
        # two columns with one name only the first can be (as the reader does).
        seen: set[str] = set()
        out = []
        for name in header:
            key = name.strip().lower()
            if key and key not in seen:
                seen.add(key)
                out.append(name.strip())
        return out

    def _fill_table(self, header: list[str], rows: list[list[str]]) -> None:
        self.table.clear()
        self.table.setColumnCount(len(header))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([h.strip() for h in header])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row[: len(header)]):
                # QTableWidgetItem shows its text as it is: never rich text.
                item = QTableWidgetItem(" ".join(cell.split()))
                item.setToolTip(cell)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(len(header)):
            if self.table.columnWidth(c) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(c, MAX_COLUMN_WIDTH)

    def _on_changed(self, *_args: object) -> None:
        if self._filling or not self._header:
            return
        problem = ""
        if not self.phone_columns():
            problem = self.tr("Tick at least one column that holds phone numbers.")
        elif not any(self.combos[r].currentData() for r in ("name", "first", "last", "company")):
            problem = self.tr("Choose the column of the name or of the company.")
        self.problem.setText(problem)
        self.ok_button.setEnabled(not problem)
