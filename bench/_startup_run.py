"""One start of the tray app (or the floor) in a fresh process, timed: what startup_ab.py and
memory_cpu.py (footprint.py) both measure.

Each start gets throw-away config, data, cache, runtime and temp folders and its own
single-instance name, so it never meets the user's running screenpop or another start.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


class StartupFailed(RuntimeError):
    """The child printed no `SHOWN` line; str() has its exit code and the end of stderr."""


def one_start(
    tree: Path,
    child: Path,
    base_env: dict[str, str],
    python: str = sys.executable,
    *,
    settings: str = "",
    until_wired: bool = False,
) -> dict[str, float]:
    """Milliseconds from spawning `child` (run by `python`, with `tree` on PYTHONPATH) to its
    `SHOWN` line (the icon), and to `WIRED` (the menu works) with `until_wired`. `settings`:
    the settings file the start finds, or none."""
    with tempfile.TemporaryDirectory(prefix="screenpop-start-") as tmp:
        if settings:
            folder = Path(tmp, "config", "screenpop")
            folder.mkdir(parents=True)
            (folder / "settings.json").write_text(settings, encoding="utf-8")
        env = dict(base_env)
        env.update(
            PYTHONPATH=str(tree),
            XDG_CONFIG_HOME=str(Path(tmp, "config")),
            XDG_DATA_HOME=str(Path(tmp, "data")),
            XDG_CACHE_HOME=str(Path(tmp, "cache")),
            XDG_RUNTIME_DIR=tmp,
            TMPDIR=tmp,  # the single-instance lock file (temp folder) goes with the run
            HOME=tmp,
            SCREENPOP_INSTANCE=f"screenpop-start-{os.getpid()}-{time.monotonic_ns()}",
        )
        if until_wired:
            env["SCREENPOP_BENCH_UNTIL"] = "wired"
        t0 = time.time()
        proc = subprocess.run(
            [python, str(child)],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    marks = {}
    for line in proc.stdout.splitlines():
        word, _, value = line.partition(" ")
        if word in ("SHOWN", "WIRED"):
            marks[word] = (float(value) - t0) * 1000
    if "SHOWN" not in marks:
        raise StartupFailed(f"{child.name} failed (exit {proc.returncode}): {proc.stderr[-400:]}")
    return marks
