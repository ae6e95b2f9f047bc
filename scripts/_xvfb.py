"""An Xvfb screen with a tray host, for the screenshot scripts and scripts/check-build.py.

Linux only, like the Debian packages it runs (xvfb, trayer); `scripts/setup` installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

# A dark panel, so a light tray icon stands out in the pictures as on a real desktop.
TRAYER = ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
          "--height", "32", "--transparent", "false", "--tint", "0x2b2b2b"]  # fmt: skip


def require(who: str, tools: tuple[str, ...]) -> None:
    """Stop with one line naming the first tool that is not installed."""
    for tool in tools:
        if shutil.which(tool) is None:
            print(f"{who}: '{tool}' is missing (scripts/setup installs it)", file=sys.stderr)
            raise SystemExit(2)


def free_display(who: str, first: int, last: int) -> int:
    """A display number in first..last that no X server holds (lock file or socket)."""
    for n in range(first, last + 1):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise SystemExit(f"{who}: no free X display number between :{first} and :{last}")


def wait_until(pred: Callable[[], bool], seconds: float, step: float = 0.1) -> bool:
    """Poll `pred` until it is true (True) or `seconds` have passed (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(step)
    return False


def stop(procs: list[subprocess.Popen]) -> None:
    """Stop the processes, last started first; kill one that ignores the request."""
    for proc in reversed(procs):
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def x_screen(
    who: str,
    displays: tuple[int, int] = (90, 139),
    tray: bool = True,
    env: dict[str, str] | None = None,
    quiet: bool = False,
) -> Iterator[dict[str, str]]:
    """Start Xvfb (1280x800) and, with `tray`, trayer on it; yield the environment for Qt
    programs on that screen (DISPLAY, QT_QPA_PLATFORM=xcb, plus `env`); stop both after."""
    require(who, ("Xvfb", "trayer") if tray else ("Xvfb",))
    n = free_display(who, *displays)
    screen_env = {**os.environ, **(env or {}), "DISPLAY": f":{n}", "QT_QPA_PLATFORM": "xcb"}
    out = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL} if quiet else {}
    procs: list[subprocess.Popen] = []
    try:
        xvfb = ["Xvfb", f":{n}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"]
        procs.append(subprocess.Popen(xvfb, **out))
        if not wait_until(lambda: Path(f"/tmp/.X11-unix/X{n}").exists(), 10):
            raise SystemExit(f"{who}: Xvfb did not start")
        if shutil.which("xdpyinfo"):
            # The socket appears a moment before the server answers; xdpyinfo tells when.
            wait_until(lambda: _answers(screen_env), 5)
        if tray:
            procs.append(subprocess.Popen(TRAYER, env=screen_env, **out))
            time.sleep(0.8)  # trayer has no ready signal; it docks within this on a quiet desk
        yield screen_env
    finally:
        stop(procs)


def _answers(env: dict[str, str]) -> bool:
    return subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0
