"""A flood of ringing calls: at most `max_visible` popups, the rest queued under a note."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from screenpop.calls.events import Answered, Ended, RingEnded
from screenpop.config import Settings
from screenpop.ui.popup_stack import PopupStack
from tests.test_ui_popup import ringing

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture
def stack(qtbot):
    s = PopupStack(Settings(), answered_linger_ms=50, max_visible=3)
    yield s
    s.close_all("quit")


def open_calls(stack: PopupStack) -> list[str]:
    return [p.key[0] for p in stack.open_popups()]


def test_calls_beyond_the_limit_queue_under_a_note(stack, qtbot):
    shown = []
    stack.popup_shown.connect(lambda c, e: shown.append(c))
    for i in range(10):
        stack.show_ringing(ringing(call=f"c{i}", name=f"<b>Caller {i}</b>"))
    assert open_calls(stack) == ["c0", "c1", "c2"]  # oldest first: the PBX's own order
    assert shown == ["c0", "c1", "c2"]  # no popup, no ring sound for the queued ones
    assert stack.queued_calls() == [f"c{i}" for i in range(3, 10)]
    note = stack._note
    assert note is not None and note.isVisible()
    assert note.text() == "+7 more calls ringing"
    assert note.textFormat() == Qt.TextFormat.PlainText
    # The note sits on top of the stack, clear of every popup, inside the screen.
    rects = [*stack.popup_geometries(), note.frameGeometry()]
    assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
    screen = stack._available_geometry()
    assert all(screen.contains(QRect(r.topLeft(), r.size())) for r in rects)
    # Next in the stack's order: where a fourth popup would go (above, or the next column).
    last = stack.popup_geometries()[-1]
    assert note.frameGeometry().bottom() < last.top() or note.frameGeometry().right() < last.left()


def test_closing_a_popup_pops_the_oldest_queued_call(stack, qtbot):
    for i in range(5):
        stack.show_ringing(ringing(call=f"c{i}"))
    stack.on_ring_ended(RingEnded(call="c1", extension="474", reason="no_answer"))
    qtbot.waitUntil(lambda: open_calls(stack) == ["c0", "c2", "c3"])
    assert stack.queued_calls() == ["c4"]
    assert stack._note is not None and stack._note.text() == "+1 more call ringing"
    stack.on_ended(Ended(call="c0", disposition="NO ANSWER", duration=20, billable=0))
    qtbot.waitUntil(lambda: open_calls(stack) == ["c2", "c3", "c4"])
    assert stack.queued_calls() == []
    assert not stack._note.isVisible()


def test_queued_calls_that_stop_ringing_leave_the_queue(stack, qtbot):
    for i in range(7):
        stack.show_ringing(ringing(call=f"c{i}"))
    stack.on_ring_ended(RingEnded(call="c3", extension="474", reason="no_answer"))
    stack.on_answered(Answered(call="c4", extension="201"))
    stack.on_ended(Ended(call="c5", disposition="NO ANSWER", duration=20, billable=0))
    assert stack.queued_calls() == ["c6"]
    assert stack._note.text() == "+1 more call ringing"
    stack.on_ended(Ended(call="c6", disposition="NO ANSWER", duration=20, billable=0))
    assert stack.queued_calls() == [] and not stack._note.isVisible()
    assert open_calls(stack) == ["c0", "c1", "c2"]


def test_a_refreshed_queued_call_keeps_its_place_and_caller(stack, qtbot):
    for i in range(5):
        stack.show_ringing(ringing(call=f"c{i}", name=None))
    assert stack.show_ringing(ringing(call="c3", name="Known later")) is None
    assert stack.queued_calls() == ["c3", "c4"]
    stack.on_ring_ended(RingEnded(call="c0", extension="474", reason="no_answer"))
    qtbot.waitUntil(lambda: "c3" in open_calls(stack))
    popup = stack.popup_for("c3", "474")
    assert popup is not None and popup._event.caller.name == "Known later"


def test_a_ring_group_counts_calls_not_popups(stack, qtbot):
    for i in range(3):
        for ext in ("474", "475"):
            stack.show_ringing(ringing(call=f"c{i}", extension=ext))
    assert len(stack.open_popups()) == 3
    assert stack.queued_calls() == ["c1", "c2"]  # c1 on 475 and c2 on both
    assert stack._note.text() == "+2 more calls ringing"


def test_do_not_disturb_and_close_all_drop_the_queue(stack, qtbot):
    for i in range(5):
        stack.show_ringing(ringing(call=f"c{i}"))
    stack.set_do_not_disturb(True)
    assert stack.queued_calls() == [] and not stack._note.isVisible()
    stack.on_ring_ended(RingEnded(call="c0", extension="474", reason="no_answer"))
    stack.set_do_not_disturb(False)
    for i in range(5, 8):
        stack.show_ringing(ringing(call=f"c{i}"))
    assert stack.queued_calls() == ["c6", "c7"]
    stack.close_all("quit")
    qtbot.wait(20)
    assert stack.open_popups() == [] and stack.queued_calls() == []  # nothing pops after quit


def test_clicking_the_note_asks_for_the_list(stack, qtbot):
    for i in range(4):
        stack.show_ringing(ringing(call=f"c{i}"))
    with qtbot.waitSignal(stack.more_calls_requested, timeout=1000):
        qtbot.mouseClick(stack._note, Qt.MouseButton.LeftButton)
