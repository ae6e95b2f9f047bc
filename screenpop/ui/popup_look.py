"""How a call popup looks: its one style sheet and the small widgets it is built from.

Qt only (no screenpop state); screenpop.ui.popup builds CallPopup from these.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy

from . import theme

# Object names of the widgets the popup's own style sheet styles (see popup_style_sheet).
MUTED_LABELS = ("elapsed_label", "trunk_label", "context_label", "company_label")
SECONDARY_BUTTONS = (
    "call_back_button",
    "copy_button",
    "crm_button",
    "transfer_button",
    "announce_button",
    "park_button",
    "complete_button",
    "back_button",
    "unpark_button",
    "voicemail_button",
    "hangup_button",
)
_sheet_cache: dict[int, str] = {}


def popup_style_sheet(pal: QPalette) -> str:
    """The popup's one style sheet: each fixed widget's rules, scoped by object name.

    One sheet costs one parse and one style pass; a sheet per widget (as before) cost a
    style and a re-polish each, about a third of building a popup. Favourite buttons (their
    look follows the colleague's state), the status line and the confirm bar keep sheets of
    their own. Cached per palette: every popup of a session shares the same one.
    """
    key = pal.cacheKey()
    cached = _sheet_cache.get(key)
    if cached is not None:
        return cached
    muted = theme.text_qss(theme.muted_text(pal))
    muted_labels = ", ".join(f"QLabel#{name}" for name in (*MUTED_LABELS, "transfer_caption"))
    card = theme.colour_css(theme.card_background(pal))
    sheet = "".join(
        (
            f"QLabel#ringing_on_label {{ {theme.text_qss(theme.accent(pal))} }}",
            f"{muted_labels} {{ {muted} }}",
            # The popup's own colour, so the label can be opaque (_opaque_elapsed).
            f"QLabel#elapsed_label {{ background: {card} }}",
            f"QLabel#missed_badge {{ {theme.text_qss(theme.error_colour(pal))} }}",
            theme.close_button_qss(pal, on="QToolButton#dismiss_button"),
            theme.line_edit_qss(pal, on="QLineEdit#transfer_edit"),
            theme.secondary_button_qss(
                pal, on=[f"QPushButton#{name}" for name in SECONDARY_BUTTONS]
            ),
        )
    )
    if len(_sheet_cache) > 8:  # palettes change rarely (light/dark): keep a few
        _sheet_cache.clear()
    _sheet_cache[key] = sheet
    return sheet


def make_label(object_name: str, *, selectable: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class Separator(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setFixedHeight(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), theme.border_colour(self.palette()))
        painter.end()


def widest_digit(metrics: QFontMetrics) -> str:
    return max("0123456789", key=metrics.horizontalAdvance)
