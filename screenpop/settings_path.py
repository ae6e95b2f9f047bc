"""Where the settings file lives, and the two settings the tray icon needs before the rest is
loaded: Do not disturb (the icon shows it) and the language (of its menu).

Stdlib + platformdirs, no Qt: the app reads this before its tray icon, so it stays small.
settings_store (which reads, checks and migrates the whole file) is loaded after the icon.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

FILE_NAME = "settings.json"


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("screenpop", appauthor=False)) / FILE_NAME


class FirstLook(NamedTuple):
    do_not_disturb: bool = False
    language: str = ""  # "" follows the system, as in Settings


def first_look(path: Path | None = None) -> FirstLook:
    """Do not disturb and the language, as the settings file has them. Anything odd (no file,
    an unreadable or damaged one, a value of the wrong type) gives the defaults: the full load
    right after the icon reports those problems, and the app corrects the icon and the
    language from what it finds."""
    try:
        data = json.loads((path or default_path()).read_bytes())
    except (OSError, ValueError):
        return FirstLook()
    if not isinstance(data, dict):
        return FirstLook()
    language = data.get("language")
    return FirstLook(
        do_not_disturb=data.get("do_not_disturb") is True,
        language=language if isinstance(language, str) else "",
    )
