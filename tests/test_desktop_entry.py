"""`screenpop desktop-entry install|remove`, run for real as a command against a temporary
XDG_DATA_HOME/XDG_CONFIG_HOME, checked with the XDG tools themselves (xdg-mime query,
desktop-file-validate) where installed; and the mimeapps.list editing on its own."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screenpop.desktop import desktop_entry
from screenpop.desktop.autostart import _desktop_quote, launch_command
from screenpop.desktop.desktop_entry import (
    DESKTOP_FILE,
    MIME_TYPES,
    XdgPlaces,
    edit_mimeapps,
    entry_text,
)
from screenpop.desktop.resources import resource_path

pytestmark = pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG desktops only")

USER_LIST = (
    "# kept as it is\n"
    "[Default Applications]\n"
    "text/html=firefox.desktop\n"
    "x-scheme-handler/sip=linphone.desktop;\n"
    "\n"
    "[Added Associations]\n"
    "image/png=eog.desktop;\n"
)


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{tool} is not installed (scripts/setup installs it)")
        pytest.skip(f"{tool} is not installed")
    return path


def _env(tmp_path: Path, path: str) -> dict[str, str]:
    return {
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PATH": path,
        "PYTHONPATH": str(Path(__file__).resolve().parent.parent),
    }


def _screenpop(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "screenpop", "desktop-entry", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _query(env: dict[str, str], mime: str) -> str:
    xdg_mime = _need("xdg-mime")
    full = {**env, "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    done = subprocess.run(
        [xdg_mime, "query", "default", mime], env=full, capture_output=True, text=True, timeout=30
    )
    return done.stdout.strip()


def _entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


@pytest.mark.parametrize("with_xdg_mime", [True, False], ids=["xdg-mime", "mimeapps.list"])
def test_install_then_remove_for_real(tmp_path, with_xdg_mime):
    if with_xdg_mime:
        _need("xdg-mime")
        path = os.environ.get("PATH", "/usr/bin:/bin")
    else:
        (tmp_path / "empty-bin").mkdir()
        path = str(tmp_path / "empty-bin")  # no xdg-mime, no update-desktop-database
    env = _env(tmp_path, path)
    places = XdgPlaces.from_env(env)
    places.mimeapps.parent.mkdir(parents=True)
    places.mimeapps.write_text(USER_LIST, encoding="utf-8")

    done = _screenpop(env, "install")
    assert done.returncode == 0, done.stderr
    assert str(places.entry) in done.stdout
    assert ("xdg-mime" in done.stdout) == with_xdg_mime

    entry = _entry(places.entry)
    assert entry["MimeType"] == ";".join(MIME_TYPES) + ";"
    assert entry["Icon"] == "io.github.screenpop.Screenpop"
    assert entry["Exec"].endswith(" %u")  # the link reaches the app as its argument
    # The menu starts this very installation (its venv's scripts are not on the menu's PATH).
    command = launch_command()
    assert Path(command[0]).is_absolute()
    assert entry["Exec"] == " ".join(_desktop_quote(a) for a in command) + " %u"
    assert places.icon.read_bytes() == resource_path("icons", "screenpop.svg").read_bytes()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(
            ["desktop-file-validate", str(places.entry)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr

    # The real XDG tool resolves every scheme to us, whoever wrote the file.
    for mime in MIME_TYPES:
        assert _query(env, mime) == DESKTOP_FILE
    listed = places.mimeapps.read_text(encoding="utf-8")
    assert "text/html=firefox.desktop" in listed and "image/png=eog.desktop;" in listed

    done = _screenpop(env, "remove")
    assert done.returncode == 0, done.stderr
    assert not places.entry.exists() and not places.icon.exists()
    for mime in MIME_TYPES:
        assert _query(env, mime) in ("", "linphone.desktop")
    after = places.mimeapps.read_text(encoding="utf-8")
    assert DESKTOP_FILE not in after
    assert "text/html=firefox.desktop" in after
    if not with_xdg_mime:  # xdg-mime replaces an earlier default; our own edit keeps it
        assert "x-scheme-handler/sip=linphone.desktop;" in after


def test_install_twice_is_the_same_as_once(tmp_path):
    places = XdgPlaces(tmp_path / "data", tmp_path / "config")
    command = ["/opt/screen pop/bin/screenpop-tray"]
    desktop_entry._edit_mimeapps_file(places, install=True)
    once = places.mimeapps.read_text(encoding="utf-8")
    desktop_entry._edit_mimeapps_file(places, install=True)
    assert places.mimeapps.read_text(encoding="utf-8") == once
    text = entry_text("[Desktop Entry]\nExec=screenpop-tray %u\nTryExec=x\nName=s\n", command)
    assert 'Exec="/opt/screen pop/bin/screenpop-tray" %u' in text and "TryExec" not in text


def test_mimeapps_round_trip_keeps_everything_else_byte_for_byte():
    installed = edit_mimeapps(USER_LIST, install=True)
    for mime in MIME_TYPES:
        assert f"{mime}={DESKTOP_FILE};" in installed
    # Ours goes first (the default); the user's other handler stays listed after it.
    assert f"x-scheme-handler/sip={DESKTOP_FILE};linphone.desktop;" in installed
    assert edit_mimeapps(installed, install=False) == USER_LIST


def test_remove_leaves_a_handler_the_user_changed_since(tmp_path):
    changed = edit_mimeapps("", install=True).replace(
        f"x-scheme-handler/tel={DESKTOP_FILE};", "x-scheme-handler/tel=softphone.desktop;", 1
    )
    removed = edit_mimeapps(changed, install=False)
    assert "x-scheme-handler/tel=softphone.desktop;" in removed
    assert DESKTOP_FILE not in removed


def test_missing_bundled_files_give_one_line_and_exit_1(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(desktop_entry, "resource_path", lambda *p: tmp_path.joinpath("gone", *p))
    assert desktop_entry.run(["install"]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "reinstall screenpop" in err
    assert not (tmp_path / "data").exists()


def test_unwritable_data_folder_gives_one_line(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "data"
    blocker.write_text("a file where a folder should be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert desktop_entry.run(["install"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("screenpop: cannot write") and "\n" not in err


def test_relative_xdg_values_are_ignored_as_the_spec_says(tmp_path):
    places = XdgPlaces.from_env(
        {"HOME": str(tmp_path), "XDG_DATA_HOME": "rel/data", "XDG_CONFIG_HOME": ""}
    )
    assert places.entry == tmp_path / ".local/share/applications" / DESKTOP_FILE
    assert places.mimeapps == tmp_path / ".config/mimeapps.list"
