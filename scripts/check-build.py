"""Start a built screenpop (scripts/build-app) under Xvfb with a tray host, in demo mode, and
check what a receptionist would see: the tray icon docked, popups for demo calls, and a tel:
link handed from a second start to the running one (which asks before dialling).

    python scripts/check-build.py dist/screenpop/screenpop [--shot out.png]

Prints one JSON line of findings; exit 0 when all are true. Starts and stops its own Xvfb,
trayer and app (by process id), with settings, data and cache in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _xvfb import require, stop, wait_until, x_screen


def _run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20).stdout


def check(app: Path, shot: Path | None) -> dict[str, object]:
    require("check-build", ("xdotool", "xwininfo"))
    home = Path(tempfile.mkdtemp(prefix="screenpop-check-"))
    instance = f"screenpop-check-{os.getpid()}"
    private = {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SCREENPOP_INSTANCE": instance,
    }
    found: dict[str, object] = {}
    try:
        # Displays of its own range, so a check beside a screenshot run never shares a screen.
        with x_screen("check-build", displays=(250, 299), env=private, quiet=True) as env:
            _check_on(env, app, home, shot, found)
    finally:
        found["log_tail"] = (
            (home / "app.log").read_text(errors="replace")[-500:]
            if (home / "app.log").exists()
            else ""
        )
        shutil.rmtree(home, ignore_errors=True)
        # The app was stopped by a signal, so its single-instance socket and lock files stay
        # behind.
        Path(tempfile.gettempdir(), instance).unlink(missing_ok=True)
        Path(tempfile.gettempdir(), f"{instance}.lock").unlink(missing_ok=True)
    return found


def _check_on(
    env: dict[str, str], app: Path, home: Path, shot: Path | None, found: dict[str, object]
) -> None:
    started = time.monotonic()
    with open(home / "app.log", "w") as log:
        running = subprocess.Popen(
            [str(app), "--demo", "--demo-interval", "1"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _look(env, app, shot, found, started)
            found["app_still_running"] = running.poll() is None
        finally:
            stop([running])


def _look(
    env: dict[str, str], app: Path, shot: Path | None, found: dict[str, object], started: float
) -> None:
    def tray_docked() -> bool:
        panels = _run(["xdotool", "search", "--classname", "panel"], env).split()
        return any('"screenpop"' in _run(["xwininfo", "-tree", "-id", p], env) for p in panels)

    def window_named(pattern: str) -> bool:
        return bool(_run(["xdotool", "search", "--name", pattern], env).strip())

    found["tray_icon_docked"] = wait_until(tray_docked, 30, 0.25)
    found["seconds_to_tray"] = round(time.monotonic() - started, 1)
    found["popup_shown"] = wait_until(lambda: window_named("^Call from [^a]"), 30, 0.25)
    second = subprocess.run(
        [str(app), "tel:+86 138-0013-8000"], env=env, capture_output=True, text=True, timeout=60
    )
    found["link_handed_over"] = second.returncode == 0 and "handed the link" in second.stderr
    found["link_confirmation_shown"] = wait_until(
        lambda: window_named("Call from a link"), 15, 0.25
    )
    if shot is not None:
        subprocess.run(["import", "-window", "root", str(shot)], env=env, timeout=30)


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("app", type=Path)
    p.add_argument("--shot", type=Path)
    args = p.parse_args()
    found = check(args.app.resolve(), args.shot)
    print(json.dumps(found, ensure_ascii=False))
    keys = (
        "tray_icon_docked",
        "popup_shown",
        "link_handed_over",
        "link_confirmation_shown",
        "app_still_running",
    )
    return 0 if all(found.get(k) is True for k in keys) else 1


if __name__ == "__main__":
    sys.exit(main())
