"""The fast popup: spare popups built in advance, one style sheet per popup, one fit.

A spare filled in for a call must look and behave exactly like a popup built for that call.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QPushButton
from test_ui_popup import ringing

from screenpop.config import Settings
from screenpop.contacts.model import Contact, ContactFound
from screenpop.ui.colleague_model import ColleagueModel
from screenpop.ui.popup import CallPopup
from screenpop.ui.popup_colleagues import FavouriteButton
from screenpop.ui.popup_spares import SparePopups
from screenpop.ui.popup_stack import PopupStack

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

SETTINGS = Settings(
    watch=("474",),
    favourites=("201", "202", "306"),
    crm_url_template="https://crm.example/?n={number}",
)


def picture(qtbot, popup: CallPopup) -> QImage:
    """The popup as seen while it is the only one shown (the active window shows its focus),
    closed afterwards."""
    QApplication.instance().setCursorFlashTime(0)  # a steady text cursor
    shown(qtbot, popup)
    popup._elapsed.setText("ringing 0:00")  # the clock may have ticked between the two
    QApplication.processEvents()
    image = popup.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    popup.close()
    QApplication.processEvents()
    return image


def shown(qtbot, popup: CallPopup) -> CallPopup:
    qtbot.addWidget(popup)
    popup.show()
    qtbot.waitExposed(popup)
    return popup


@pytest.mark.parametrize(
    "event",
    [
        ringing(name="张伟 <b>n</b>"),
        ringing(number="+442079460000", name="", trunk=None),
        ringing(number=None, name="Anonymous"),
        ringing(number="13800138000", name="A very long name " * 8),
    ],
)
def test_a_spare_filled_in_looks_exactly_like_a_popup_built_for_the_call(qtbot, event):
    fresh = CallPopup(event, SETTINGS)
    before = picture(qtbot, fresh)
    spare = CallPopup.spare("474", SETTINGS)
    spare.take_call(event)
    assert spare.key == fresh.key and spare.windowTitle() == fresh.windowTitle()
    assert spare.name_text() == fresh.name_text()
    assert spare.size() == fresh.size()
    assert picture(qtbot, spare) == before


def test_a_spare_is_a_fresh_popup_for_its_call(qtbot):
    spare = CallPopup.spare("474", SETTINGS)
    assert spare.is_spare and spare.key == ("", "474")
    event = ringing(call="1700000000.9", age=7.0)
    spare.take_call(event)
    shown(qtbot, spare)
    assert not spare.is_spare and spare.key == ("1700000000.9", "474")
    assert spare.state == "ringing" and spare.status_text() == ""
    assert spare.elapsed_text() == "ringing 0:07"  # counted from the event, not the build
    assert [b.target for b in spare.favourite_buttons()] == ["201", "202", "306"]
    with pytest.raises(ValueError, match="not an unused spare"):
        spare.take_call(ringing(call="1700000000.10"))  # used once, never recycled
    other = CallPopup.spare("201", SETTINGS)
    qtbot.addWidget(other)
    with pytest.raises(ValueError, match="another extension"):
        other.take_call(ringing(extension="474"))


def test_the_stack_pops_a_spare_and_builds_the_next_one_while_idle(qtbot):
    stack = PopupStack(SETTINGS)
    spares: SparePopups = stack._spares
    qtbot.waitUntil(lambda: spares.extensions() == ["474"], timeout=5000)
    ready = spares._spares["474"]
    popup = stack.show_ringing(ringing(call="1700000000.1"))
    qtbot.addWidget(popup)
    assert popup is ready and popup.isVisible() and spares.extensions() == []
    assert popup.name_text() == "张伟"
    # The next spare is built a moment later, as a new widget: the shown one stays its call's.
    qtbot.waitUntil(lambda: spares.extensions() == ["474"], timeout=5000)
    assert spares._spares["474"] is not popup
    second = stack.show_ringing(ringing(call="1700000000.2"))
    qtbot.addWidget(second)
    assert second is not popup and popup.key == ("1700000000.1", "474")
    assert [p.key for p in stack.open_popups()] == [popup.key, second.key]
    stack.close_all()


def test_without_a_spare_a_popup_is_built_as_before(qtbot):
    stack = PopupStack(SETTINGS)
    assert stack._spares.extensions() == []  # nothing built yet (it waits for a quiet moment)
    popup = stack.show_ringing(ringing(extension="203"))  # not watched: no spare for it
    qtbot.addWidget(popup)
    assert popup.isVisible() and popup.key[1] == "203"
    stack.close_all()


def test_new_settings_drop_the_spares_built_with_the_old_ones(qtbot):
    stack = PopupStack(SETTINGS)
    qtbot.waitUntil(lambda: stack._spares.extensions() == ["474"], timeout=5000)
    stack.apply_settings(replace(SETTINGS, favourites=("209",), crm_url_template=""))
    popup = stack.show_ringing(ringing())
    qtbot.addWidget(popup)
    assert [b.target for b in popup.favourite_buttons()] == ["209"]
    assert popup.crm_url() is None
    stack.close_all()


def test_a_spare_follows_a_palette_change_made_while_it_waited(qtbot):
    app = QApplication.instance()
    light = app.palette()
    spare = CallPopup.spare("474", SETTINGS)
    qtbot.addWidget(spare)
    dark = QPalette(light)
    for role, colour in (
        (QPalette.ColorRole.Window, "#2b2d30"),
        (QPalette.ColorRole.WindowText, "#e8e8e8"),
        (QPalette.ColorRole.Base, "#1f2124"),
        (QPalette.ColorRole.Text, "#e8e8e8"),
        (QPalette.ColorRole.Button, "#3a3d41"),
        (QPalette.ColorRole.ButtonText, "#e8e8e8"),
    ):
        dark.setColor(role, QColor(colour))
    try:
        app.setPalette(dark)
        QApplication.processEvents()
        event = ringing()
        spare.take_call(event)
        assert picture(qtbot, spare) == picture(qtbot, CallPopup(event, SETTINGS))
    finally:
        app.setPalette(light)
        QApplication.processEvents()


def test_every_plain_button_of_the_popup_is_styled_by_its_sheet(qtbot):
    """The popup's one sheet names its widgets: a button renamed or added without a rule
    would silently fall back to the platform look."""
    popup = shown(qtbot, CallPopup(ringing(), SETTINGS, colleagues=ColleagueModel()))
    popup.request_transfer("201")
    sheet = popup.styleSheet()
    for button in popup.findChildren(QPushButton):
        if isinstance(button, FavouriteButton) or button.objectName().startswith("confirm_"):
            assert button.styleSheet()  # styled on their own (their look follows a state)
        else:
            assert f"QPushButton#{button.objectName()}" in sheet, button.objectName()


def test_the_confirm_bar_keeps_its_colour_however_often_it_asks(qtbot):
    popup = shown(qtbot, CallPopup(ringing(), SETTINGS))
    colours = set()
    for _ in range(3):
        bar = popup.confirm_bar()
        bar.ask("Sure?", [("yes", "Yes"), ("no", "No")])
        QApplication.processEvents()
        colours.add(bar.grab().toImage().pixel(bar.width() // 2, 3))
        bar._choose("no")
    assert len(colours) == 1  # it used to darken with every question


def test_the_popup_has_its_final_height_when_built(qtbot):
    """Fitted once, after the content is final: showing it and running the event loop
    (which lays out whatever is pending) does not change its height."""
    popup = CallPopup(ringing(name="A long name " * 12), SETTINGS)
    popup.set_contact(
        ContactFound(
            call=popup.call_id,
            number="13800138000",
            contact=Contact(name="王芳", company="ACME", source="csv"),
        )
    )
    popup.set_caller_context("Called 3 times today, last answered by 203, " * 3, 2)
    built = popup.height()
    shown(qtbot, popup)
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
    QApplication.processEvents()
    assert popup.height() == built
    assert built == popup.layout().totalHeightForWidth(popup.width())
