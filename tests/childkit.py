"""Python code in a child process of its own, as the real app starts: offscreen, with
throw-away config, data, cache and temp folders and its own single-instance name, so it never
meets the user's running screenpop or another test's."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_env(tmp_path: Path, name: str, **extra: str) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_RUNTIME_DIR=str(tmp_path),
        TMPDIR=str(tmp_path),
        HOME=str(tmp_path),
        SCREENPOP_INSTANCE=f"screenpop-test-{name}-{os.getpid()}",
        **extra,
    )


def run_child(
    code: str, tmp_path: Path, name: str, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    """Run `code` (dedented) to its end; its output comes back as text."""
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=child_env(tmp_path, name, **extra),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
