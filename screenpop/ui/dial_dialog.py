"""Click-to-dial: type a number, press Dial. Emits `dial_requested(number)`; no I/O here."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from . import theme
from .popup_text import InvalidNumber, clean_number

__all__ = ["DialDialog", "InvalidNumber", "clean_number"]


class DialDialog(QDialog):
    """A number box and a Dial button.

    Accepted input: digits, `*`, `#`, a leading `+`; spaces, dashes, dots and brackets are
    stripped. Anything else shows an inline error and the dialog stays open.

    Signals:

    * ``dial_requested(number: str)``: the cleaned number, emitted when Dial is pressed with a
      valid number (the dialog then closes with `accept()`).
    """

    dial_requested = Signal(str)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        number: str = "",
        my_extension: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dial_dialog")
        self.setWindowTitle(self.tr("Dial a number — screenpop"))
        self.setMinimumWidth(320)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(theme.SPACING)

        prompt = QLabel(self.tr("Number to call"))
        prompt.setObjectName("prompt_label")
        layout.addWidget(prompt)

        self._edit = QLineEdit(number)
        self._edit.setObjectName("number_edit")
        self._edit.setPlaceholderText(self.tr("e.g. 306 or +86 138 0013 8000"))
        self._edit.setClearButtonEnabled(True)
        self._edit.setFont(theme.font(theme.NAME_PT))
        self._edit.textEdited.connect(self._clear_error)
        prompt.setBuddy(self._edit)
        layout.addWidget(self._edit)

        self._error = QLabel()
        self._error.setObjectName("error_label")
        self._error.setTextFormat(Qt.TextFormat.PlainText)
        self._error.setWordWrap(True)
        self._error.setStyleSheet(theme.text_qss(theme.error_colour(self.palette())))
        self._error.hide()
        layout.addWidget(self._error)

        self._hint = QLabel()
        self._hint.setObjectName("hint_label")
        self._hint.setTextFormat(Qt.TextFormat.PlainText)
        self._hint.setWordWrap(True)
        self._hint.setFont(theme.caption_font())
        self._hint.setStyleSheet(theme.text_qss(theme.muted_text(self.palette())))
        if my_extension:
            self._hint.setText(
                self.tr("Your phone ({0}) rings first; pick it up to connect.").format(my_extension)
            )
        self._hint.setVisible(bool(my_extension))
        layout.addWidget(self._hint)

        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self._dial_button = self._buttons.button(QDialogButtonBox.StandardButton.Ok)
        self._dial_button.setText(self.tr("Dial"))
        self._dial_button.setObjectName("dial_button")
        self._buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancel_button")
        self._buttons.accepted.connect(self.try_dial)
        self._buttons.rejected.connect(self.reject)
        layout.addWidget(self._buttons)

    def number_text(self) -> str:
        return self._edit.text()

    def set_number(self, text: str) -> None:
        self._edit.setText(text)
        self._clear_error()

    def error_text(self) -> str:
        """The inline error shown, or '' when none."""
        return self._error.text() if not self._error.isHidden() else ""

    def try_dial(self) -> bool:
        """Validate; emit `dial_requested` and accept, or show the error. True when dialled."""
        try:
            number = clean_number(self._edit.text())
        except InvalidNumber as exc:
            self._error.setText(str(exc))
            self._error.show()
            self._edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self._edit.selectAll()
            return False
        self._clear_error()
        self.dial_requested.emit(number)
        self.accept()
        return True

    def _clear_error(self, *_args: object) -> None:
        self._error.clear()
        self._error.hide()
