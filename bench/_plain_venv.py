"""An interpreter that starts as a user's `pip install` would: without the editable-install
hook of the development venv.

`pip install -e .` (scripts/setup) puts a finder in site-packages that every interpreter start
runs; it loads pathlib, re, urllib.parse and more before any app code, which a wheel install
never does. For start-up figures that stand for a user's desk, the children run from a
throw-away venv whose only addition is a path entry to this venv's site-packages: the same
PySide6, qasync and platformdirs, found the way installed packages are found. A `.pth` line
that is a path adds the folder without running the `.pth` files inside it, so the hook stays
out. The tree under test comes in through PYTHONPATH, a plain path entry like site-packages.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def plain_python() -> Iterator[str]:
    """The path of an interpreter without the editable hook (removed on exit)."""
    with tempfile.TemporaryDirectory(prefix="screenpop-plainvenv-") as tmp:
        subprocess.run(
            [sys.executable, "-m", "venv", "--without-pip", tmp],
            check=True,
            capture_output=True,
        )
        scripts = "Scripts" if sys.platform == "win32" else "bin"
        python = Path(tmp, scripts, Path(sys.executable).name)
        ours = sysconfig.get_paths()["purelib"]
        theirs = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        Path(theirs, "screenpop-bench-deps.pth").write_text(ours + "\n", encoding="utf-8")
        yield str(python)
