"""Translations: the .ts sources are up to date with the code and Chinese is complete; loading
follows the setting or the system and falls back to English with one log line."""

from __future__ import annotations

import logging
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from screenpop import i18n
from screenpop.desktop.languages import pick_language

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"


def _messages(path: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        for msg in ctx.iter("message"):
            found[(ctx.findtext("name"), msg.findtext("source"))] = msg
    return found


@pytest.fixture(scope="module")
def fresh_ts(tmp_path_factory) -> Path:
    """What scripts/update-translations would make now, in a scratch copy."""
    out = tmp_path_factory.mktemp("ts")
    for ts in TS_DIR.glob("*.ts"):
        shutil.copy(ts, out / ts.name)
    lupdate = Path(ROOT / ".venv" / "bin" / "pyside6-lupdate")
    if not lupdate.exists():
        found = shutil.which("pyside6-lupdate")
        if found is None:
            pytest.fail("pyside6-lupdate not found (it comes with PySide6)")
        lupdate = Path(found)
    subprocess.run(
        ["bash", str(ROOT / "scripts" / "update-translations")],
        env={**__import__("os").environ, "LUPDATE": str(lupdate)},
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    for ts in TS_DIR.glob("*.ts"):  # the script wrote in place: swap back, keep the fresh one
        fresh = ts.read_bytes()
        (out / f"fresh-{ts.name}").write_bytes(fresh)
        ts.write_bytes((out / ts.name).read_bytes())
    return out


@pytest.mark.parametrize("lang", ["zh_CN", "de"])
def test_ts_sources_are_up_to_date(fresh_ts, lang):
    committed = _messages(TS_DIR / f"screenpop_{lang}.ts")
    fresh = _messages(fresh_ts / f"fresh-screenpop_{lang}.ts")
    new, gone = sorted(set(fresh) - set(committed)), sorted(set(committed) - set(fresh))
    assert not new and not gone, (
        f"screenpop_{lang}.ts is stale: run scripts/update-translations and translate. "
        f"New: {new[:5]} Gone: {gone[:5]}"
    )


@pytest.mark.parametrize("lang", ["zh_CN", "de"])
def test_every_string_is_translated(lang):
    messages = _messages(TS_DIR / f"screenpop_{lang}.ts")
    assert len(messages) > 150
    unfinished = [
        src for (_, src), m in messages.items() if m.find("translation").get("type") is not None
    ]
    assert not unfinished, f"{lang}: unfinished: {unfinished[:5]}"


@pytest.mark.parametrize("lang", ["zh_CN", "de"])
def test_placeholders_survive_translation(lang):
    import re

    for (_, src), m in _messages(TS_DIR / f"screenpop_{lang}.ts").items():
        text = m.findtext("translation") or ""
        assert sorted(re.findall(r"\{\w*\}", src)) == sorted(re.findall(r"\{\w*\}", text)), src


@pytest.mark.parametrize(
    "choice, system, expected",
    [
        ("", ["zh-Hans-CN", "en-US"], "zh_CN"),
        ("", ["zh_CN"], "zh_CN"),
        ("", ["zh-TW", "de-DE"], "de"),
        ("", ["de-AT"], "de"),
        ("", ["fr-FR", "en-GB"], "en"),
        ("", ["ja-JP"], "en"),
        ("en", ["zh-CN"], "en"),
        ("zh_CN", ["en-US"], "zh_CN"),
        ("xx", ["de-DE"], "de"),
    ],
)
def test_language_choice(choice, system, expected):
    assert pick_language(choice, system) == expected


@pytest.fixture
def restore_english(qapp):
    saved = QLocale()
    yield
    i18n.install(qapp, "en")
    QLocale.setDefault(saved)


def test_chinese_is_loaded_and_the_tray_menu_speaks_it(qapp, restore_english, tmp_path):
    assert i18n.install(qapp, "zh_CN") == "zh_CN"
    from screenpop.ui.tray import TrayController, describe_state

    tray = TrayController(use_tray=False)
    assert tray.action("quit").text() == "退出"
    assert tray.action("dnd").text() == "免打扰"
    assert (
        describe_state("reconnecting", "connection refused") == "正在重新连接：connection refused"
    )
    assert QCoreApplication.translate("Validation", "Shortcut keys must be one of: {keys}.") == (
        "快捷键必须是以下之一：{keys}。"
    )
    tray.status_window.deleteLater()


def test_system_language_is_followed(qapp, restore_english):
    assert i18n.install(qapp, "", system=["de-DE", "en-US"]) == "de"
    from screenpop.ui.tray import TrayController

    tray = TrayController(use_tray=False)
    assert tray.action("quit").text() == "Beenden"
    tray.status_window.deleteLater()


def test_chinese_dates_and_times_come_from_the_locale(qapp, restore_english):
    from datetime import datetime, timedelta

    from screenpop.ui.history_window import format_time

    i18n.install(qapp, "zh_CN")
    now = datetime(2026, 11, 30, 15, 0).astimezone()
    assert format_time(now - timedelta(days=3), now) == "11月27日 15:00"
    assert format_time(now - timedelta(days=400), now) == "2025年10月26日 15:00"
    assert format_time(now - timedelta(hours=1), now) == "今天 14:00"


def test_compiled_on_first_need_into_the_cache(qapp, tmp_path):
    qm = i18n.find_qm("zh_CN", cache_dir=tmp_path)
    if qm.parent != tmp_path:
        pytest.skip("this installation ships compiled translations")
    assert qm.is_file() and qm.stat().st_size > 1000
    assert i18n.find_qm("zh_CN", cache_dir=tmp_path) == qm  # compiled once


def test_damaged_translation_falls_back_to_english_with_one_log_line(
    qapp, restore_english, tmp_path, monkeypatch, caplog
):
    bad = tmp_path / "screenpop_zh_CN.qm"
    bad.write_bytes(b"this is not a qm file")
    monkeypatch.setattr(i18n, "find_qm", lambda code, **kw: bad)
    with caplog.at_level(logging.WARNING):
        assert i18n.install(qapp, "zh_CN") == "en"
    assert len([r for r in caplog.records if "damaged" in r.getMessage()]) == 1
    from screenpop.ui.tray import TrayController

    tray = TrayController(use_tray=False)
    assert tray.action("quit").text() == "Quit"
    tray.status_window.deleteLater()


def test_missing_translation_source_falls_back_to_english(
    qapp, restore_english, tmp_path, monkeypatch, caplog
):
    monkeypatch.setattr(i18n, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with caplog.at_level(logging.WARNING):
        assert i18n.install(qapp, "de") == "en"
    assert len([r for r in caplog.records if "unreadable" in r.getMessage()]) == 1
