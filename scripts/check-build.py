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


def _free_display() -> int:
    for n in range(250, 300):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise SystemExit("check-build: no free X display between :250 and :299")


def _run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=20).stdout


def _wait(pred, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.25)
    return False


def check(app: Path, shot: Path | None) -> dict[str, object]:
    for tool in ("Xvfb", "trayer", "xdotool", "xwininfo"):
        if shutil.which(tool) is None:
            raise SystemExit(f"check-build: '{tool}' is missing (scripts/setup installs it)")
    n = _free_display()
    home = Path(tempfile.mkdtemp(prefix="screenpop-check-"))
    env = {
        **os.environ,
        "DISPLAY": f":{n}",
        "QT_QPA_PLATFORM": "xcb",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "SCREENPOP_INSTANCE": f"screenpop-check-{os.getpid()}",
    }
    procs: list[subprocess.Popen] = []
    found: dict[str, object] = {}
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    try:
        procs.append(
            subprocess.Popen(
                ["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"], **quiet
            )
        )
        if not _wait(lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), 10):
            raise SystemExit("check-build: Xvfb did not start")
        procs.append(
            subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "32",
                ],
                env=env,
                **quiet,
            )
        )
        time.sleep(0.8)
        started = time.monotonic()
        log = open(home / "app.log", "w")  # noqa: SIM115 (closed in finally)
        procs.append(
            subprocess.Popen(
                [str(app), "--demo", "--demo-interval", "1"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )

        def tray_docked() -> bool:
            panels = _run(["xdotool", "search", "--classname", "panel"], env).split()
            return any('"screenpop"' in _run(["xwininfo", "-tree", "-id", p], env) for p in panels)

        found["tray_icon_docked"] = _wait(tray_docked, 30)
        found["seconds_to_tray"] = round(time.monotonic() - started, 1)
        found["popup_shown"] = _wait(
            lambda: bool(_run(["xdotool", "search", "--name", "^Call from [^a]"], env).strip()), 30
        )
        second = subprocess.run(
            [str(app), "tel:+86 138-0013-8000"], env=env, capture_output=True, text=True, timeout=60
        )
        found["link_handed_over"] = second.returncode == 0 and "handed the link" in second.stderr
        found["link_confirmation_shown"] = _wait(
            lambda: bool(_run(["xdotool", "search", "--name", "Call from a link"], env).strip()),
            15,
        )
        found["app_still_running"] = procs[-1].poll() is None
        if shot is not None:
            subprocess.run(["import", "-window", "root", str(shot)], env=env, timeout=30)
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        found["log_tail"] = (
            (home / "app.log").read_text(errors="replace")[-500:]
            if (home / "app.log").exists()
            else ""
        )
        shutil.rmtree(home, ignore_errors=True)
        # The app was stopped by a signal, so its single-instance socket file stays behind.
        Path(tempfile.gettempdir(), env["SCREENPOP_INSTANCE"]).unlink(missing_ok=True)
    return found


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
