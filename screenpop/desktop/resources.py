"""Where the bundled resources (icons, ring sound, translations, desktop entry) are at run time.

The sources live in the repository's top-level `resources/`. A wheel (and the PyInstaller build)
carries a copy as `screenpop/resources/`, made by the build step in setup.py. A source checkout
or an editable install has no copy, so the top-level folder is used directly.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent.parent
# The marker a resources folder must hold to count (an empty leftover folder does not).
_MARKER = Path("icons") / "screenpop.svg"


def candidates() -> list[Path]:
    found = [_PACKAGE / "resources", _PACKAGE.parent / "resources"]
    frozen = getattr(sys, "_MEIPASS", None)  # PyInstaller's unpack folder
    if frozen:
        found.insert(0, Path(frozen) / "screenpop" / "resources")
    return found


def resource_dir() -> Path:
    """The folder that holds icons/, sounds/, translations/ and linux/."""
    for folder in candidates():
        if (folder / _MARKER).is_file():
            return folder
    # Nothing found: callers fall back (no sound, built-in text); say where we looked once.
    log.warning("screenpop resources not found in %s", ", ".join(map(str, candidates())))
    return candidates()[0]


def resource_path(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def read_bytes(*parts: str) -> bytes | None:
    """The resource's bytes, or None (with one log line) when it is missing or unreadable."""
    path = resource_path(*parts)
    try:
        return path.read_bytes()
    except OSError as exc:
        log.warning("resource %s unreadable: %s", path, exc.strerror or exc)
        return None
