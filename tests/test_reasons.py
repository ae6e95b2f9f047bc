"""Reasons and notices from the Qt-free layers reach the receptionist translated: each message
is built the way its layer builds it and must match a template of screenpop/reasons.py (so a
reworded message fails here instead of silently staying English), and the UI shows it in
Chinese/German with the parts that are not ours (addresses, PBX text) kept."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale

from screenpop import i18n, reasons
from screenpop.history import HistoryStore
from screenpop.net.client import _ORIGINATE_REASONS, _originate_reason
from screenpop.net.errors import (
    ActionFailed,
    ActionTimeout,
    AuthenticationFailed,
    ConnectRefused,
    ConnectTimeout,
)
from screenpop.settings_store import SETTINGS_VERSION, SettingsStore

PKG = Path(__file__).resolve().parent.parent / "screenpop"


def _ours(text: str) -> str:
    found = reasons.match(text)
    assert found is not None, f"no template in screenpop/reasons.py for: {text!r}"
    return found[0]


def test_network_errors_match_their_templates():
    assert reasons.match(str(ConnectRefused("192.168.1.10", 5038))) == (
        _ours(str(ConnectRefused("h", 1))),
        {"address": "192.168.1.10:5038"},
    )
    assert reasons.match(str(ConnectRefused("pbx", 5038, "No route to host")))[1] == {
        "address": "pbx:5038",
        "detail": "No route to host",
    }
    for exc in (
        ConnectTimeout("pbx", 5038, 5.0),
        AuthenticationFailed("admin"),
        ActionTimeout("Redirect", 8),
        ActionFailed("Originate", "Extension does not exist."),
    ):
        _ours(str(exc))
    for code in (*_ORIGINATE_REASONS, "42"):
        _ours(_originate_reason(code))


def _message_literals(path: Path, names: set[str]) -> list[str]:
    """First arguments of `Name(...)` calls in `path`, f-string fields filled with 'X'."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id not in names or not node.args:
            continue
        arg = node.args[0]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append(arg.value)
        elif isinstance(arg, ast.JoinedStr):
            found.append(
                "".join(v.value if isinstance(v, ast.Constant) else "X" for v in arg.values)
            )
    return found


@pytest.mark.parametrize("module", ["net/client.py", "service.py"])
def test_every_connection_message_in_the_code_has_a_template(module):
    texts = _message_literals(PKG / module, {"ConnectionLost", "TlsError", "ProtocolError"})
    if module == "net/client.py":
        assert len(texts) >= 8  # the scan really sees the raise sites
    for text in texts:
        _ours(text)


def test_settings_file_notices_match(tmp_path):
    path = tmp_path / "settings.json"
    cases = [
        b"{not json",
        json.dumps({"no": "version"}).encode(),
        json.dumps({"version": SETTINGS_VERSION + 1}).encode(),
        json.dumps({"version": SETTINGS_VERSION, "port": "not a port"}).encode(),
    ]
    seen = set()
    for raw in cases:
        for old in tmp_path.iterdir():
            old.unlink()
        path.write_bytes(raw)
        _, notice = SettingsStore(path).load()
        assert notice, raw
        seen.add(_ours(notice))
    assert len(seen) == len(cases)
    path.unlink()
    path.mkdir()  # a folder where the file should be: unreadable
    _, notice = SettingsStore(path).load()
    _ours(notice)


def test_damaged_history_notice_matches(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = HistoryStore(path)
    try:
        assert store.notice
        assert _ours(store.notice).startswith("The call history file was damaged")
    finally:
        store.close()


def test_text_that_is_not_ours_is_left_alone():
    assert reasons.match("Extension does not exist.") is None
    assert reasons.match("") is None


@pytest.fixture
def chinese(qapp):
    saved = QLocale()
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(saved)


def test_reasons_are_shown_in_chinese(chinese):
    from screenpop.ui.reasons import translate_reason
    from screenpop.ui.tray import describe_state

    refused = str(ConnectRefused("192.168.1.10", 5038))
    assert translate_reason(refused).startswith(
        "连接 192.168.1.10:5038 被拒绝；请在 MyPBX 中启用 AMI"
    )
    assert describe_state("reconnecting", refused).startswith(
        "正在重新连接：连接 192.168.1.10:5038"
    )
    assert describe_state("error", str(AuthenticationFailed("admin"))).startswith(
        "错误：PBX 拒绝了 AMI 用户“admin”的登录"
    )
    # The frame and the inner reason are ours; the PBX's own words stay as they came.
    assert translate_reason(str(ActionFailed("Originate", _originate_reason("5")))) == (
        "Originate 失败：线路忙"
    )
    assert translate_reason(str(ActionFailed("Redirect", "Channel not found"))) == (
        "Redirect 失败：Channel not found"
    )
    assert translate_reason(
        "The settings file was damaged; it was kept as s.json.bad and default settings are used."
    ) == ("设置文件已损坏；已保留为 s.json.bad，正在使用默认设置。")
    assert translate_reason("something else entirely") == "something else entirely"


def test_reasons_in_german(qapp):
    from screenpop.ui.reasons import translate_reason

    saved = QLocale()
    try:
        assert i18n.install(qapp, "de") == "de"
        assert translate_reason("the PBX stopped answering (no Ping reply)") == (
            "Die PBX antwortet nicht mehr (keine Ping-Antwort)"
        )
    finally:
        i18n.install(qapp, "en")
        QLocale.setDefault(saved)
