"""`screenpop desktop-entry install|remove`: the Linux menu entry, its icon and the tel:, callto:
and sip: link handlers for the current user (pip installs have no package manager to do this).

Files go under the XDG data folder ($XDG_DATA_HOME, else ~/.local/share); the link handlers
are set with `xdg-mime` when it is installed (it knows the desktop's own way), otherwise written
into $XDG_CONFIG_HOME/mimeapps.list directly. Nothing needs administrator rights, and `remove`
takes back only what is ours: a handler the user has since pointed at another program stays.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from screenpop.desktop.autostart import APP_ID, _desktop_quote, launch_command
from screenpop.desktop.resources import resource_path

DESKTOP_FILE = f"{APP_ID}.desktop"
SCHEMES = ("tel", "callto", "sip")
MIME_TYPES = tuple(f"x-scheme-handler/{s}" for s in SCHEMES)
DEFAULTS = "[Default Applications]"
ADDED = "[Added Associations]"


class DesktopEntryError(Exception):
    """One line for the installer: what went wrong and what to do."""


@dataclass(frozen=True)
class XdgPlaces:
    data_home: Path
    config_home: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> XdgPlaces:
        env = os.environ if env is None else env
        home = Path(env.get("HOME") or Path.home())
        # The spec says a relative value is invalid and must be ignored.
        data = env.get("XDG_DATA_HOME", "")
        config = env.get("XDG_CONFIG_HOME", "")
        return cls(
            Path(data) if os.path.isabs(data) else home / ".local" / "share",
            Path(config) if os.path.isabs(config) else home / ".config",
        )

    @property
    def entry(self) -> Path:
        return self.data_home / "applications" / DESKTOP_FILE

    @property
    def icon(self) -> Path:
        return self.data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"

    @property
    def mimeapps(self) -> Path:
        return self.config_home / "mimeapps.list"


def entry_text(template: str, command: Sequence[str]) -> str:
    """The bundled entry with Exec/TryExec pointing at this installation (a venv's scripts are
    not on the menu's PATH)."""
    exec_line = " ".join(_desktop_quote(a) for a in command) + " %u"
    out = []
    for line in template.splitlines():
        if line.startswith("TryExec="):
            continue
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        out.append(line)
    return "\n".join(out) + "\n"


# -- mimeapps.list (kept line by line: other programs' entries and comments stay as they were) --


def _split_values(value: str) -> list[str]:
    return [v for v in value.strip().split(";") if v]


def edit_mimeapps(text: str, *, install: bool) -> str:
    """`text` with our handlers set (install) or taken out (remove); the rest untouched."""
    blocks: list[tuple[str, list[str]]] = [("", [])]  # (section header, its lines)
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("[") and stripped.endswith("]"):
            blocks.append((stripped, [line]))
        else:
            blocks[-1][1].append(line)
    added = set()
    for name in (DEFAULTS, ADDED):
        if install and not any(header == name for header, _ in blocks):
            blocks.append((name, [name]))
            added.add(name)
    for header, lines in blocks:
        if header not in (DEFAULTS, ADDED):
            continue
        missing = list(MIME_TYPES) if install else []
        kept: list[str] = []
        for line in lines:
            key, eq, value = line.partition("=")
            key = key.strip()
            if not eq or key not in MIME_TYPES:
                kept.append(line)
                continue
            values = [v for v in _split_values(value) if v != DESKTOP_FILE]
            if install:
                values.insert(0, DESKTOP_FILE)
                if key in missing:
                    missing.remove(key)
            elif values == _split_values(value):
                kept.append(line)  # not ours: leave it exactly as it was
                continue
            if values:
                kept.append(f"{key}={';'.join(values)};")
        # New keys go after the section's last entry, before its trailing blank lines.
        end = len(kept)
        while end > 1 and not kept[end - 1].strip():
            end -= 1
        kept[end:end] = [f"{m}={DESKTOP_FILE};" for m in missing]
        lines[:] = kept
    out: list[str] = []
    for header, lines in blocks:
        if header in added and out and out[-1].strip():
            out.append("")  # a blank line before a section we add
        out.extend(lines)
    return "\n".join(out) + "\n" if any(line.strip() for line in out) else ""


# -- install / remove --------------------------------------------------------------------------


def _run(tool: str, args: Sequence[str]) -> bool:
    """Run an optional XDG tool; False (not an error) when it is missing or fails."""
    path = shutil.which(tool)
    if path is None:
        return False
    try:
        done = subprocess.run([path, *args], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)  # never a half-written file a menu or browser reads


def _edit_mimeapps_file(places: XdgPlaces, *, install: bool) -> None:
    try:
        text = places.mimeapps.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if not text and not install:
        return
    _write(places.mimeapps, edit_mimeapps(text, install=install).encode("utf-8"))


def install(places: XdgPlaces, command: Sequence[str] | None = None) -> list[str]:
    """Install the entry, the icon and the handlers; returns what was done, one line each."""
    try:
        template = resource_path("linux", DESKTOP_FILE).read_text(encoding="utf-8")
        icon = resource_path("icons", "screenpop.svg").read_bytes()
    except OSError as exc:
        raise DesktopEntryError(
            f"the bundled desktop entry or icon is missing ({exc.strerror or exc}); "
            "reinstall screenpop"
        ) from exc
    done = []
    try:
        _write(places.entry, entry_text(template, command or launch_command()).encode("utf-8"))
        done.append(f"menu entry: {places.entry}")
        _write(places.icon, icon)
        done.append(f"icon: {places.icon}")
        if _run("xdg-mime", ["default", DESKTOP_FILE, *MIME_TYPES]):
            done.append("tel:, callto:, sip: links: set with xdg-mime")
        else:
            _edit_mimeapps_file(places, install=True)
            done.append(f"tel:, callto:, sip: links: {places.mimeapps}")
    except OSError as exc:
        raise DesktopEntryError(
            f"cannot write {exc.filename or 'the desktop entry'}: {exc.strerror or exc}"
        ) from exc
    # Menus and browsers read the MimeType cache; without the tool they rescan on their own.
    _run("update-desktop-database", [str(places.entry.parent)])
    return done


def remove(places: XdgPlaces) -> list[str]:
    """Remove what install() put there; our handlers leave mimeapps.list (others' stay)."""
    done = []
    try:
        for path in (places.entry, places.icon):
            if path.exists():
                path.unlink()
                done.append(f"removed {path}")
        # xdg-mime has no "unset": edit the file it writes to.
        _edit_mimeapps_file(places, install=False)
    except OSError as exc:
        raise DesktopEntryError(
            f"cannot remove {exc.filename or 'the desktop entry'}: {exc.strerror or exc}"
        ) from exc
    _run("update-desktop-database", [str(places.entry.parent)])
    done.append("tel:, callto:, sip: links: no longer sent to screenpop")
    return done


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="screenpop desktop-entry",
        description="Add screenpop to the Linux application menu for this user, with its icon, "
        "and make it open tel:, callto: and sip: links (or take that away again).",
    )
    parser.add_argument("action", choices=("install", "remove"))
    args = parser.parse_args(list(argv))
    if sys.platform in ("win32", "darwin"):
        print(
            "screenpop: desktop-entry is for Linux desktops; on Windows and macOS see "
            "docs/desktop.md (Installing)",
            file=sys.stderr,
        )
        return 2
    places = XdgPlaces.from_env()
    try:
        lines = install(places) if args.action == "install" else remove(places)
    except DesktopEntryError as exc:
        print(f"screenpop: {exc}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0
