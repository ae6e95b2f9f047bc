"""The call popup and the popup stack, driven through their API and signals (offscreen)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QToolButton

from screenpop.calls.events import Answered, Caller, Ended, RingEnded, Ringing
from screenpop.config import Settings
from screenpop.contacts.numbers import NumberMatcher
from screenpop.ui.popup import CallPopup
from screenpop.ui.popup_stack import PopupStack
from screenpop.ui.popup_text import clean_number, crm_url, format_number

# The offscreen platform cannot raise windows or pass size hints on; it says so as a warning.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

FAVOURITES = ("201", "202", "306")
CRM = "https://crm.example/search?phone={number}&who={name}"


def ringing(
    call: str = "1700000000.1",
    extension: str = "474",
    number: str | None = "13800138000",
    name: str | None = "张伟",
    trunk: str | None = "trunk-sps-test1",
    age: float = 0.0,
) -> Ringing:
    return Ringing(
        call=call,
        extension=extension,
        caller=Caller(number, name),
        channel=f"SIP/{extension}-0000{call[-1]}",
        caller_channel="SIP/trunk-sps-test1-00000001",
        trunk=trunk,
        time=datetime.now(UTC) - timedelta(seconds=age),
    )


@pytest.fixture
def settings() -> Settings:
    return Settings(favourites=FAVOURITES, crm_url_template=CRM)


@pytest.fixture
def make_popup(qtbot, settings):
    def make(event: Ringing | None = None, s: Settings | None = None) -> CallPopup:
        popup = CallPopup(event or ringing(), s or settings)
        qtbot.addWidget(popup)
        popup.show()
        qtbot.waitExposed(popup)
        return popup

    return make


def child(popup, cls, name):
    widget = popup.findChild(cls, name)
    assert widget is not None, name
    return widget


# -- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("13800138000", "138 0013 8000"),
        ("474", "474"),
        ("02012345678", "020 1234 5678"),
        ("+8613800138000", "+86 138 0013 8000"),
        ("+14155550123", "+1 415-555-0123"),
        ("anonymous", "anonymous"),
        (None, "Unknown number"),
    ],
)
def test_format_number(raw, shown):
    # No home region: phonenumbers formats the international numbers, the rest is grouped.
    assert format_number(raw, NumberMatcher("")) == shown


def test_clean_number():
    assert clean_number(" +86 138-0013.8000 ") == "+8613800138000"
    assert clean_number("*72#") == "*72#"
    for bad in ("", "abc", "12+3", "306;DROP"):
        with pytest.raises(ValueError):
            clean_number(bad)


def test_crm_url_quotes_and_never_formats():
    url = crm_url("https://crm/x?n={number}&m={name}&k={number.__class__}", "+86 1", "张 &x")
    assert url == "https://crm/x?n=%2B86%201&m=%E5%BC%A0%20%26x&k={number.__class__}"


# -- the popup --------------------------------------------------------------------------------


def test_shows_number_name_extension_line_and_counter(make_popup):
    popup = make_popup(ringing(age=7))
    number = child(popup, QLabel, "number_label")
    name = child(popup, QLabel, "name_label")
    assert number.text() == "138 0013 8000"
    assert number.font().pointSizeF() >= 22
    assert name.text() == "张伟"
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert name.isVisible()
    assert child(popup, QLabel, "ringing_on_label").text() == "Ringing on 474"
    assert "trunk-sps-test1" in child(popup, QLabel, "trunk_label").text()
    assert popup.elapsed_text() in ("ringing 0:07", "ringing 0:08")
    assert popup.width() == 360
    assert popup.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert popup.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert not popup.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert popup.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_counter_ticks_while_visible(make_popup, qtbot):
    popup = make_popup(ringing(age=3))
    qtbot.waitUntil(lambda: popup.elapsed_text() == "ringing 0:04", timeout=3000)
    popup.hide()
    assert not popup.is_ticking()


def test_popups_share_one_ticking_timer(make_popup, qtbot):
    from screenpop.ui import popup as popup_module

    first = make_popup(ringing(call="1.1", age=3))
    second = make_popup(ringing(call="1.2", age=61))
    ticker = popup_module._TICKER
    assert first.is_ticking() and second.is_ticking()
    assert ticker._timer is not None and ticker._timer.isActive()
    qtbot.waitUntil(lambda: second.elapsed_text() == "ringing 1:02", timeout=3000)
    assert first.elapsed_text() == "ringing 0:04"  # the same tick moved both
    first.close()
    assert not first.is_ticking() and second.is_ticking()
    second.mark_answered("203")  # no counter once someone else answered
    assert not second.is_ticking()
    assert not ticker._timer.isActive()  # nobody counts: the app is not woken


def test_elapsed_label_fits_its_text_without_relayout(make_popup, qtbot):
    popup = make_popup(ringing(age=599))  # 9:59, then 10:00: a wider text
    label = child(popup, QLabel, "elapsed_label")
    qtbot.waitUntil(lambda: popup.elapsed_text() == "ringing 10:00", timeout=3000)
    # Fixed size (a text change then asks for no new layout), wide enough for the text.
    assert label.minimumSize() == label.maximumSize()
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())
    assert label.autoFillBackground()  # opaque: its repaint stops at the label


def test_html_name_is_shown_literally(make_popup):
    popup = make_popup(ringing(name="<b>x</b><img src=y>"))
    name = child(popup, QLabel, "name_label")
    assert name.textFormat() == Qt.TextFormat.PlainText
    assert name.text() == "<b>x</b><img src=y>"
    for label in popup.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()


def test_missing_name_and_number(make_popup):
    popup = make_popup(ringing(number=None, name=None, trunk=None))
    assert child(popup, QLabel, "number_label").text() == "Unknown number"
    assert not child(popup, QLabel, "name_label").isVisible()
    assert not child(popup, QLabel, "trunk_label").isVisible()
    assert not child(popup, QPushButton, "call_back_button").isEnabled()
    assert not child(popup, QPushButton, "copy_button").isEnabled()


def test_favourite_click_transfers(make_popup, qtbot):
    popup = make_popup()
    labels = [b.text() for b in popup.favourite_buttons()]
    assert labels == ["201", "202", "306"]
    button = child(popup, QPushButton, "favourite_306")
    with qtbot.waitSignal(
        popup.transfer_requested,
        check_params_cb=lambda c, e, t: (c, e, t) == ("1700000000.1", "474", "306"),
    ):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert popup.state == "transferring"
    assert "Transferring to 306" in popup.status_text()
    assert not button.isEnabled()


def test_own_extension_is_not_a_favourite(make_popup, settings):
    popup = make_popup(ringing(extension="202"))
    assert [b.text() for b in popup.favourite_buttons()] == ["201", "306"]


def test_typed_digits_then_enter_transfers(make_popup, qtbot):
    popup = make_popup()
    edit = child(popup, QLineEdit, "transfer_edit")
    qtbot.keyClicks(popup, "3-0 8")  # typing anywhere in the popup goes to the box
    qtbot.keyClicks(edit, "8")
    assert edit.text() == "3088"
    with qtbot.waitSignal(
        popup.transfer_requested, check_params_cb=lambda c, e, t: t == "3088"
    ) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == ["1700000000.1", "474", "3088"]


def test_enter_on_popup_with_typed_number_transfers_once(make_popup, qtbot):
    popup = make_popup()
    qtbot.keyClicks(popup, "306")
    with qtbot.waitSignal(popup.transfer_requested):
        qtbot.keyClick(popup, Qt.Key.Key_Enter)
    with qtbot.assertNotEmitted(popup.transfer_requested, wait=50):
        qtbot.keyClick(child(popup, QLineEdit, "transfer_edit"), Qt.Key.Key_Return)


def test_typed_garbage_shows_inline_error(make_popup, qtbot):
    popup = make_popup()
    with qtbot.assertNotEmitted(popup.transfer_requested):
        qtbot.mouseClick(child(popup, QPushButton, "transfer_button"), Qt.MouseButton.LeftButton)
    assert "Type a number" in popup.status_text()
    assert popup.state == "ringing"


def test_escape_dismisses(make_popup, qtbot):
    popup = make_popup()
    closed = []
    popup.closed.connect(lambda *args: closed.append(args))
    with qtbot.waitSignal(popup.dismissed) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert blocker.args == ["1700000000.1", "474"]
    assert closed == [("1700000000.1", "474", "dismissed")]
    assert not popup.isVisible()
    assert popup.close_reason == "dismissed"


def test_dismiss_button(make_popup, qtbot):
    popup = make_popup()
    with qtbot.waitSignal(popup.dismissed):
        qtbot.mouseClick(child(popup, QToolButton, "dismiss_button"), Qt.MouseButton.LeftButton)


def test_call_back_emits_raw_number(make_popup, qtbot):
    popup = make_popup()
    with qtbot.waitSignal(popup.dial_requested, check_params_cb=lambda n: n == "13800138000"):
        qtbot.mouseClick(child(popup, QPushButton, "call_back_button"), Qt.MouseButton.LeftButton)


def test_crm_hidden_when_unconfigured(make_popup):
    popup = make_popup(s=Settings(favourites=FAVOURITES))
    assert not child(popup, QPushButton, "crm_button").isVisible()
    assert popup.crm_url() is None


def test_crm_url_quoted(make_popup, qtbot):
    popup = make_popup(ringing(number="+86 138", name="张 & co"))
    button = child(popup, QPushButton, "crm_button")
    assert button.isVisible()
    with qtbot.waitSignal(popup.open_url_requested) as blocker:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    url = blocker.args[0]
    assert url == "https://crm.example/search?phone=%2B86%20138&who=%E5%BC%A0%20%26%20co"
    assert parse_qs(urlsplit(url).query) == {"phone": ["+86 138"], "who": ["张 & co"]}


def test_apply_settings_updates_favourites_and_crm(make_popup):
    popup = make_popup()
    popup.apply_settings(Settings(favourites=("500",)))
    assert [b.text() for b in popup.favourite_buttons()] == ["500"]
    assert not child(popup, QPushButton, "crm_button").isVisible()


def test_copy_number_sets_clipboard(make_popup, qtbot):
    popup = make_popup()
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(child(popup, QPushButton, "copy_button"), Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "13800138000"  # raw, not the spaced form


def test_transfer_error_keeps_popup_open_and_allows_retry(make_popup, qtbot):
    popup = make_popup()
    popup.request_transfer("306")
    popup.show_transfer_error("Extension 306 is busy")
    assert popup.isVisible()
    assert "Extension 306 is busy" in popup.status_text()
    assert popup.state == "ringing"
    button = child(popup, QPushButton, "favourite_201")
    assert button.isEnabled()
    with qtbot.waitSignal(popup.transfer_requested, check_params_cb=lambda *a: a[2] == "201"):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_mark_answered_hides_transfer_keeps_dial(make_popup, qtbot):
    popup = make_popup()
    popup.mark_answered("203")
    assert popup.status_text() == "Answered by 203"
    assert not child(popup, QPushButton, "favourite_201").isVisible()
    assert not child(popup, QLineEdit, "transfer_edit").isVisible()
    assert child(popup, QPushButton, "call_back_button").isVisible()
    assert child(popup, QPushButton, "crm_button").isVisible()
    with qtbot.assertNotEmitted(popup.transfer_requested):
        qtbot.keyClicks(popup, "306")
        qtbot.keyClick(popup, Qt.Key.Key_Return)


def test_close_for_emits_closed_with_reason(make_popup, qtbot):
    popup = make_popup()
    with qtbot.waitSignal(popup.closed) as blocker:
        popup.close_for("cancelled")
    assert blocker.args == ["1700000000.1", "474", "cancelled"]


def test_follows_dark_palette(make_popup, qapp, qtbot):
    from PySide6.QtGui import QColor, QPalette

    from screenpop.ui import theme

    popup = make_popup()
    light_bg = popup.grab().toImage().pixelColor(200, 5)
    old = qapp.palette()
    dark = QPalette(old)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2d31"),
        (QPalette.ColorRole.Base, "#1e1f22"),
        (QPalette.ColorRole.WindowText, "#e8e8ea"),
        (QPalette.ColorRole.Text, "#e8e8ea"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)
        qtbot.waitUntil(lambda: theme.is_dark(popup.palette()))
        dark_bg = popup.grab().toImage().pixelColor(200, 5)
        assert dark_bg.lightness() < 100 < light_bg.lightness()
    finally:
        qapp.setPalette(old)
        qtbot.waitUntil(lambda: not theme.is_dark(popup.palette()))


# -- the stack --------------------------------------------------------------------------------


@pytest.fixture
def stack(qtbot, settings):
    s = PopupStack(settings, answered_linger_ms=50)
    yield s
    s.close_all()


def _no_overlap(rects: list[QRect]) -> bool:
    return not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def test_three_popups_stack_inside_screen_without_overlap(stack, qtbot):
    shown = []
    stack.popup_shown.connect(lambda c, e: shown.append((c, e)))
    for i, ext in enumerate(("474", "475", "476")):
        stack.show_ringing(ringing(call=f"c{i}", extension=ext))
    qtbot.waitUntil(lambda: len(stack.open_popups()) == 3)
    assert shown == [("c0", "474"), ("c1", "475"), ("c2", "476")]
    qtbot.wait(20)  # deferred re-flow after styles settle
    avail = QGuiApplication.primaryScreen().availableGeometry()
    rects = stack.popup_geometries()
    for r in rects:
        assert avail.contains(r), (avail, r)
    assert _no_overlap(rects)
    first = rects[0]
    assert first.right() > avail.right() - 40 and first.bottom() > avail.bottom() - 40
    assert rects[1].bottom() < first.top() or rects[1].right() < first.left()


def test_duplicate_ringing_refreshes_instead_of_stacking(stack, qtbot):
    stack.show_ringing(ringing(name=None))
    stack.show_ringing(ringing(name="Acme"))
    assert len(stack.open_popups()) == 1
    assert stack.open_popups()[0].findChild(QLabel, "name_label").text() == "Acme"


def test_ring_ended_closes_only_that_popup_and_reflows(stack, qtbot):
    stack.show_ringing(ringing(call="a", extension="474"))
    stack.show_ringing(ringing(call="a", extension="475"))
    stack.show_ringing(ringing(call="b", extension="474"))
    freed_slot = stack.popup_for("a", "475").geometry()
    with qtbot.waitSignal(stack.popup_closed, check_params_cb=lambda c, e: (c, e) == ("a", "475")):
        stack.on_ring_ended(RingEnded(call="a", extension="475", reason="cancelled"))
    assert [p.key for p in stack.open_popups()] == [("a", "474"), ("b", "474")]
    qtbot.waitUntil(lambda: stack.popup_for("b", "474").geometry() == freed_slot)
    assert _no_overlap(stack.popup_geometries())


def test_answered_elsewhere_shows_who_then_closes(stack, qtbot):
    stack.show_ringing(ringing(call="a", extension="474"))
    stack.show_ringing(ringing(call="a", extension="475"))
    stack.on_answered(Answered(call="a", extension="475"))
    popup = stack.popup_for("a", "474")
    assert popup.status_text() == "Answered by 475"
    stack.on_ring_ended(
        RingEnded(call="a", extension="474", reason="answered_elsewhere", answered_by="475")
    )
    assert popup.isVisible()  # it lingers a moment
    with qtbot.waitSignal(stack.popup_closed, timeout=2000):
        pass
    qtbot.waitUntil(lambda: stack.open_popups() == [])


def test_answered_here_closes_by_default(stack, qtbot):
    stack.show_ringing(ringing(call="a", extension="474"))
    with qtbot.waitSignal(stack.popup_closed):
        stack.on_ring_ended(RingEnded(call="a", extension="474", reason="answered"))


def test_ended_closes_every_popup_of_the_call(stack, qtbot):
    stack.show_ringing(ringing(call="a", extension="474"))
    stack.show_ringing(ringing(call="a", extension="475"))
    stack.show_ringing(ringing(call="b", extension="476"))
    stack.on_ended(
        Ended(call="a", disposition="NO ANSWER", duration=10, billable=0, extensions=("474", "475"))
    )
    assert [p.key for p in stack.open_popups()] == [("b", "476")]


def test_do_not_disturb_shows_nothing(stack, qtbot):
    stack.set_do_not_disturb(True)
    with qtbot.assertNotEmitted(stack.popup_shown):
        assert stack.show_ringing(ringing()) is None
    assert stack.open_popups() == []
    stack.set_do_not_disturb(False)
    assert stack.show_ringing(ringing()) is not None


def test_dnd_from_settings(qtbot):
    stack = PopupStack(Settings(do_not_disturb=True))
    assert stack.show_ringing(ringing()) is None


def test_transfer_flow_through_the_stack(stack, qtbot):
    popup = stack.show_ringing(ringing(call="a"))
    with qtbot.waitSignal(
        stack.transfer_requested, check_params_cb=lambda *a: a == ("a", "474", "202")
    ):
        qtbot.mouseClick(popup.findChild(QPushButton, "favourite_202"), Qt.MouseButton.LeftButton)
    stack.transfer_started("a", "474", "202")
    assert "Transferring to 202" in popup.status_text()
    stack.transfer_failed("a", "474", "No such channel")
    assert "No such channel" in popup.status_text()
    assert popup.isVisible()
    with qtbot.waitSignal(stack.popup_closed):
        stack.on_ring_ended(RingEnded(call="a", extension="474", reason="transferred"))


def test_stack_reemits_dial_and_url(stack, qtbot):
    popup = stack.show_ringing(ringing())
    with qtbot.waitSignal(stack.dial_requested, check_params_cb=lambda n: n == "13800138000"):
        qtbot.mouseClick(
            popup.findChild(QPushButton, "call_back_button"), Qt.MouseButton.LeftButton
        )
    with qtbot.waitSignal(stack.open_url_requested):
        qtbot.mouseClick(popup.findChild(QPushButton, "crm_button"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignals([stack.dismissed, stack.popup_closed]):
        qtbot.keyClick(popup, Qt.Key.Key_Escape)


def test_auto_close(qtbot, settings):
    from dataclasses import replace

    stack = PopupStack(replace(settings, auto_close_seconds=1))
    stack.show_ringing(ringing())
    with qtbot.waitSignal(stack.popup_closed, timeout=3000):
        pass
    assert stack.open_popups() == []


def test_apply_settings_reaches_open_popups(stack):
    popup = stack.show_ringing(ringing())
    stack.apply_settings(Settings(favourites=("999",)))
    assert [b.text() for b in popup.favourite_buttons()] == ["999"]
    assert not popup.findChild(QPushButton, "crm_button").isVisible()
