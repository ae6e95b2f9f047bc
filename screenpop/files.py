"""Small file helpers shared by the history and settings stores (stdlib only)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def aside_path(path: Path) -> Path:
    """A free name next to `path` for keeping a damaged file: `<name>.corrupt-<stamp>[-n]`.

    The user's data is never deleted: a file we cannot read is renamed to this and kept.
    """
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    return aside
