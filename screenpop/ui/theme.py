"""Look and feel shared by the widgets: sizes, fonts, the accent colour, palette helpers.

Everything here follows the desktop palette (light or dark) through palette roles; the only
hard-coded colours are the accent and the status colours, each with a light and a dark variant.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    # Imported where used: naming QFont sets up its enums (~3 ms), and the tray icon, which
    # comes first at start-up, needs no font.
    from PySide6.QtGui import QFont

# Sizes (device-independent pixels) and type sizes (points).
POPUP_WIDTH = 360
MARGIN = 14  # inside the popup card
SPACING = 8  # between rows and buttons
SMALL_SPACING = 4
SCREEN_MARGIN = 12  # between the popups and the screen edge
STACK_GAP = 8  # between stacked popups
RADIUS = 6  # rounded corners of buttons (and the card where translucency is available)
ACCENT_STRIPE = 4  # width of the accent bar on the popup's left edge

NUMBER_PT = 24.0
NAME_PT = 13.0
CAPTION_DELTA_PT = -1.0  # captions: the application font, one point smaller

# Colours: (light theme, dark theme).
ACCENT = ("#1f6fd1", "#3584e4")
ACCENT_TEXT = "#ffffff"
ERROR = ("#c62828", "#ff8a80")
SUCCESS = ("#2e7d32", "#81c784")
WARNING = ("#b26a00", "#ffb74d")

# Tray / status dot colours by connection state.
STATE_COLOURS = {
    "connected": "#2fb344",
    "connecting": "#f0a020",
    "reconnecting": "#f0a020",
    "error": "#e03131",
    "demo": "#8e5bd9",
}


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the palette's window colour is dark (lightness below the middle)."""
    return _palette(palette).color(QPalette.ColorRole.Window).lightness() < 128


def _pick(pair: tuple[str, str], palette: QPalette | None) -> QColor:
    return QColor(pair[1] if is_dark(palette) else pair[0])


def accent(palette: QPalette | None = None) -> QColor:
    return _pick(ACCENT, palette)


def error_colour(palette: QPalette | None = None) -> QColor:
    return _pick(ERROR, palette)


def success_colour(palette: QPalette | None = None) -> QColor:
    return _pick(SUCCESS, palette)


def warning_colour(palette: QPalette | None = None) -> QColor:
    return _pick(WARNING, palette)


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` blended toward `b` by t (0 = a, 1 = b)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def muted_text(palette: QPalette | None = None) -> QColor:
    """Secondary text: the text colour pulled toward the window colour."""
    p = _palette(palette)
    return mix(p.color(QPalette.ColorRole.WindowText), p.color(QPalette.ColorRole.Window), 0.38)


def border_colour(palette: QPalette | None = None) -> QColor:
    p = _palette(palette)
    return mix(p.color(QPalette.ColorRole.Window), p.color(QPalette.ColorRole.WindowText), 0.22)


def card_background(palette: QPalette | None = None) -> QColor:
    """The popup's background: the window colour, lifted a little in dark mode."""
    p = _palette(palette)
    window = p.color(QPalette.ColorRole.Window)
    if is_dark(p):
        return mix(window, QColor("#ffffff"), 0.04)
    return p.color(QPalette.ColorRole.Base)


def font(point_size: float | None = None, *, bold: bool = False, delta: float = 0.0) -> QFont:
    """The application font at `point_size` (or its own size plus `delta`)."""
    from PySide6.QtGui import QFont

    f = QFont(QGuiApplication.font())
    base = f.pointSizeF() if f.pointSizeF() > 0 else 10.0
    f.setPointSizeF(point_size if point_size is not None else max(6.0, base + delta))
    if bold:
        f.setWeight(QFont.Weight.DemiBold)
    return f


def number_font() -> QFont:
    from PySide6.QtGui import QFont

    f = font(NUMBER_PT, bold=True)
    f.setWeight(QFont.Weight.Bold)
    f.setFeature(QFont.Tag("tnum"), 1)  # tabular digits: groups line up
    return f


def name_font() -> QFont:
    return font(NAME_PT)


def caption_font(*, bold: bool = False) -> QFont:
    return font(delta=CAPTION_DELTA_PT, bold=bold)


def colour_css(c: QColor) -> str:
    return c.name(QColor.NameFormat.HexRgb)


def text_qss(c: QColor) -> str:
    """A stylesheet fragment that only sets a text colour (used on labels)."""
    return f"color: {colour_css(c)};"


Selectors = str | Sequence[str]


def _on(selectors: Selectors, pseudo: str = "") -> str:
    """`selectors` (one or several) each with `pseudo` appended, as one selector group.

    The builders below take their selectors so that a popup can gather every widget's rules
    into one sheet on itself, each scoped by object name (one style sheet to parse and apply
    instead of one per widget), with the same rules each widget had on its own.
    """
    group = (selectors,) if isinstance(selectors, str) else tuple(selectors)
    return ", ".join(s + pseudo for s in group)


def accent_button_qss(palette: QPalette | None = None, on: Selectors = "QPushButton") -> str:
    """Filled accent buttons (the one-click transfer targets)."""
    a = accent(palette)
    p = _palette(palette)
    disabled_bg = mix(
        p.color(QPalette.ColorRole.Window), p.color(QPalette.ColorRole.WindowText), 0.12
    )
    disabled_fg = muted_text(p)
    return (
        f"{_on(on)} {{"
        f" background: {colour_css(a)}; color: {ACCENT_TEXT}; border: none;"
        f" border-radius: {RADIUS}px; padding: 6px 12px; font-weight: 600; min-width: 44px;"
        "}"
        f"{_on(on, ':hover')} {{ background: {colour_css(a.lighter(112))}; }}"
        f"{_on(on, ':pressed')} {{ background: {colour_css(a.darker(118))}; }}"
        f"{_on(on, ':focus')} {{ outline: none; border: 2px solid palette(highlighted-text); }}"
        f"{_on(on, ':disabled')} {{ background: {colour_css(disabled_bg)};"
        f" color: {colour_css(disabled_fg)}; }}"
    )


def secondary_button_qss(palette: QPalette | None = None, on: Selectors = "QPushButton") -> str:
    """Quiet outlined buttons (call back, copy, CRM) that follow the palette."""
    p = _palette(palette)
    border = border_colour(p)
    hover = mix(card_background(p), p.color(QPalette.ColorRole.WindowText), 0.07)
    pressed = mix(card_background(p), p.color(QPalette.ColorRole.WindowText), 0.14)
    return (
        f"{_on(on)} {{"
        f" background: transparent; color: palette(window-text);"
        f" border: 1px solid {colour_css(border)}; border-radius: {RADIUS}px;"
        " padding: 5px 10px;"
        "}"
        f"{_on(on, ':hover')} {{ background: {colour_css(hover)}; }}"
        f"{_on(on, ':pressed')} {{ background: {colour_css(pressed)}; }}"
        f"{_on(on, ':focus')} {{ border: 1px solid {colour_css(accent(p))}; }}"
        f"{_on(on, ':disabled')} {{ color: {colour_css(muted_text(p))}; }}"
    )


def line_edit_qss(palette: QPalette | None = None, on: Selectors = "QLineEdit") -> str:
    p = _palette(palette)
    return (
        f"{_on(on)} {{"
        f" border: 1px solid {colour_css(border_colour(p))}; border-radius: {RADIUS}px;"
        " padding: 5px 8px; background: palette(base); color: palette(text);"
        "}"
        f"{_on(on, ':focus')} {{ border: 1px solid {colour_css(accent(p))}; }}"
        f"{_on(on, ':disabled')} {{ color: {colour_css(muted_text(p))}; }}"
    )


def close_button_qss(palette: QPalette | None = None, on: Selectors = "QToolButton") -> str:
    p = _palette(palette)
    hover = mix(card_background(p), p.color(QPalette.ColorRole.WindowText), 0.10)
    return (
        f"{_on(on)} {{"
        f" border: none; border-radius: 4px; color: {colour_css(muted_text(p))};"
        " padding: 0px; font-size: 14px;"
        "}"
        f"{_on(on, ':hover')} {{ background: {colour_css(hover)}; color: palette(window-text); }}"
    )
