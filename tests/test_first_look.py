"""Before the tray icon the app reads only Do not disturb and the language from the settings
file (a quick look); the whole file is loaded right after, and corrects both where they differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from childkit import run_child

from screenpop.settings_path import FirstLook, first_look


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, FirstLook()),
        (b"", FirstLook()),
        (b"{not json", FirstLook()),
        (b"\xff\xfe", FirstLook()),
        (b"[1, 2]", FirstLook()),
        (b'{"version": 1}', FirstLook()),
        (b'{"version": 1, "do_not_disturb": true, "language": "de"}', FirstLook(True, "de")),
        (b'{"do_not_disturb": "yes", "language": 7}', FirstLook()),
        (b'{"do_not_disturb": 1, "language": "zh_CN"}', FirstLook(False, "zh_CN")),
    ],
)
def test_first_look_reads_two_settings_and_defaults_anything_odd(tmp_path, content, expected):
    path = tmp_path / "settings.json"
    if content is not None:
        path.write_bytes(content)
    assert first_look(path) == expected


def _start(tmp_path: Path, settings_json: str) -> dict[str, str]:
    """Start the real app with this settings file; report what the tray had at show() and
    after the whole file was loaded (the first popup-free moment the event loop runs)."""
    code = f"""
        import json, os, sys
        from screenpop.settings_path import default_path
        default_path().parent.mkdir(parents=True, exist_ok=True)
        default_path().write_text({settings_json!r}, encoding="utf-8")
        from screenpop.ui import tray

        show = tray.TrayController.show
        def state(t):
            sizes = [s.width() for s in t.icon().availableSizes()]
            return json.dumps([t.action("dial").text(), t.do_not_disturb, max(sizes)])

        def shown(self):
            show(self)
            print("SHOWN", state(self),
                  "settings_store" in sys.modules and "loaded" or "not-loaded", flush=True)
        tray.TrayController.show = shown

        from screenpop import app
        main = app._main
        async def first_loop_turn(application, args, t, *rest):
            print("AFTER", state(t), flush=True)
            os._exit(0)
        app._main = first_loop_turn
        app.run(["--demo"])
        """
    proc = run_child(code, tmp_path, "first-look", LANGUAGE="en", LC_ALL="C.UTF-8")
    found = {}
    for line in proc.stdout.splitlines():
        word, _, rest = line.partition(" ")
        found[word] = rest
    assert "SHOWN" in found and "AFTER" in found, proc.stderr[-2000:]
    return found


def test_the_icon_comes_with_the_saved_language_and_do_not_disturb(tmp_path):
    saved = json.dumps({"version": 1, "language": "de", "do_not_disturb": True})
    found = _start(tmp_path, saved)
    assert found["SHOWN"] == json.dumps(["Nummer wählen…", True, 256]) + " not-loaded"
    assert found["AFTER"] == json.dumps(["Nummer wählen…", True, 256])


def test_the_whole_file_corrects_what_the_quick_look_read(tmp_path):
    # A file from a newer screenpop: the full load uses the defaults (and sets the file
    # aside); the quick look cannot know, so the icon and menu are corrected right after.
    saved = json.dumps({"version": 99, "language": "de", "do_not_disturb": True})
    found = _start(tmp_path, saved)
    assert found["SHOWN"] == json.dumps(["Nummer wählen…", True, 256]) + " not-loaded"
    assert found["AFTER"] == json.dumps(["Dial a number…", False, 256])
