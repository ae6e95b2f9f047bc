"""Where the settings file lives, and the one setting the tray icon needs before the rest is
loaded: Do not disturb, which the icon shows.

Stdlib + platformdirs, no Qt: the app reads this before its tray icon, so it stays small.
settings_store (which reads, checks and migrates the whole file) is loaded after the icon.
"""

from __future__ import annotations

import json
from pathlib import Path

FILE_NAME = "settings.json"


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("screenpop", appauthor=False)) / FILE_NAME


def peek_do_not_disturb(path: Path | None = None) -> bool:
    """True when the settings file says Do not disturb is on. Anything else (no file, an
    unreadable or damaged one) is False: the full load right after the icon reports those
    problems and sets the icon from what it finds."""
    try:
        data = json.loads((path or default_path()).read_bytes())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("do_not_disturb") is True
