"""To voicemail with the real VoiceMail app (app_voicemail) on Asterisk 1.8 and 20: the popup's
Voicemail sends the caller to `*4<ext>` in the colleague's dialplan (the Settings' voicemail
target), the caller speaks and hangs up, and the message is in the colleague's INBOX."""

from __future__ import annotations

import pytest

from .conftest import receptionist_app
from .pbxconf import REAL_VOICEMAIL_PREFIX
from .test_live_app_colleagues import CALLER, cancelled, channels_at, ring_201

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


def test_to_voicemail_with_the_real_voicemail_app(pbx, office, qloop, qtbot, tmp_path):
    assert "app_voicemail.so" in pbx.rx("module show like voicemail").stdout
    inbox = pbx.run_dir / "spool" / "voicemail" / "default" / "203" / "INBOX"
    before = set(inbox.glob("msg*.txt")) if inbox.exists() else set()
    with receptionist_app(
        pbx,
        qtbot,
        tmp_path,
        voicemail_target=REAL_VOICEMAIL_PREFIX + "{extension}",
    ) as app:
        mine = office.phone("201", "uas_ring")
        _caller, popup = ring_201(app, office, qtbot, hold_ms=3000)
        with qtbot.waitSignal(
            app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "voicemail"
        ):
            popup.request_voicemail("203")
        target = f"{REAL_VOICEMAIL_PREFIX}203"
        qtbot.waitUntil(
            lambda: [r[5] for r in channels_at(pbx, target)] == ["VoiceMail"], timeout=15000
        )
        (row,) = channels_at(pbx, target)
        assert row[0].startswith("SIP/trunk-sps-") and row[1] == "DLPN_DialPlan203"
        assert row[6] == "203@default,s"
        qtbot.waitUntil(lambda: cancelled(mine), timeout=15000)
        # The caller hangs up after 3 s of "speaking": the message is saved for 203.
        qtbot.waitUntil(lambda: bool(set(inbox.glob("msg*.txt")) - before), timeout=20000)
        (new,) = set(inbox.glob("msg*.txt")) - before
        text = new.read_text(encoding="utf-8", errors="replace")
        assert f"<{CALLER[0]}>" in text and "origmailbox=203" in text
        assert new.with_suffix(".wav").exists()
