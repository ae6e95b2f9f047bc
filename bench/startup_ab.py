"""Start-up to the tray icon, A/B: another checkout of screenpop (e.g. main), this one, and the
floor (interpreter + PySide6 + QApplication + a bare tray icon), in alternating runs.

On a shared machine the load changes from minute to minute; runs of the three, one after the
other in a rotating order, see the same load, so their medians compare. Each run is a fresh
process with throw-away config, data, runtime and temp folders, started from this venv's
interpreter with PYTHONPATH pointing at the tree under test; both trees' bytecode is compiled
first, as `pip install` does. Both trees run this tree's bench/_startup_child.py (it only
hooks TrayController.show and app._main / AppController._wire, which both have) with
SCREENPOP_BENCH_UNTIL=wired: `SHOWN` at the icon (what footprint.py times) and `WIRED` when
the controller has wired the menu (a click then does something). The floor is this tree's
bench/_startup_floor.py (`SHOWN` only).

    python bench/startup_ab.py --ref /tmp/main-ref [--rounds 9] [--mode offscreen|xvfb|both]
                               [--installed] [--dnd]

`--dnd` starts with Do not disturb saved on (the icon then shows it from the first paint).
`--installed` starts every child from a throw-away venv without the editable-install hook
(bench/_plain_venv.py): the interpreter start a user's `pip install` gives. Without it the
children run from this venv, hook included, as on a development checkout.

`xvfb` runs under Xvfb with a real tray host (trayer), where the tray icon docks; `offscreen`
has no tray, so the app shows its status window instead (what footprint.py measures).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import os
import statistics
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(HERE))

from _startup_run import StartupFailed, one_start  # noqa: E402


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # no load average on Windows
        return "n/a"


@contextlib.contextmanager
def _screen(mode: str) -> Iterator[dict[str, str]]:
    if mode == "offscreen":
        yield {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return
    from _xvfb import x_screen

    with x_screen("startup_ab", quiet=True) as env:
        yield env


def run_mode(
    mode: str, ref: Path, rounds: int, python: str = sys.executable, settings: str = ""
) -> None:
    def start(tree: Path, child: Path, env: dict[str, str]) -> dict[str, float]:
        try:
            return one_start(tree, child, env, python, settings=settings, until_wired=True)
        except StartupFailed as exc:
            raise SystemExit(f"startup_ab: {exc}") from None

    variants = {
        "ref": (ref, HERE / "_startup_child.py"),
        "this": (ROOT, HERE / "_startup_child.py"),
        "floor": (ROOT, HERE / "_startup_floor.py"),
    }
    names = list(variants)
    icon: dict[str, list[float]] = {n: [] for n in names}
    menu: dict[str, list[float]] = {n: [] for n in names}
    load_before = _load()
    with _screen(mode) as env:
        for name in names:  # one untimed run each: disk caches warm for all three
            start(*variants[name], env)
        for r in range(rounds):
            order = names[r % 3 :] + names[: r % 3]
            for name in order:
                marks = start(*variants[name], env)
                icon[name].append(marks["SHOWN"])
                if "WIRED" in marks:
                    menu[name].append(marks["WIRED"])
    how = "as installed (no editable hook)" if python != sys.executable else "this venv"
    how += ", Do not disturb on" if settings else ""
    print(f"\n{mode}, {how}: {rounds} rounds, load before {load_before}, after {_load()}")
    print(f"  {'':6} {'icon median':>12} {'min':>7} {'max':>7}   {'wired median':>13}")
    for name in names:
        t = icon[name]
        line = f"  {name:6} {statistics.median(t):9.0f} ms {min(t):7.0f} {max(t):7.0f}"
        if menu[name]:
            line += f"   {statistics.median(menu[name]):9.0f} ms"
        print(line)
    floor = statistics.median(icon["floor"])
    for name in ("ref", "this"):
        own = statistics.median(icon[name]) - floor
        print(f"  {name}: {own:+.0f} ms over the floor (median - floor median)")
    pairs = [a / b for a, b in zip(icon["ref"], icon["this"], strict=True)]
    print(f"  ref/this per round: median {statistics.median(pairs):.2f}x")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--ref", type=Path, required=True, help="the other checkout (e.g. main)")
    p.add_argument("--rounds", type=int, default=9)
    p.add_argument("--mode", choices=("offscreen", "xvfb", "both"), default="both")
    p.add_argument(
        "--installed", action="store_true", help="start as a pip install would (no editable hook)"
    )
    p.add_argument("--dnd", action="store_true", help="start with Do not disturb saved on")
    args = p.parse_args()
    settings = '{"version": 1, "do_not_disturb": true}' if args.dnd else ""
    ref = args.ref.resolve()
    if not (ref / "screenpop" / "app.py").is_file():
        p.error(f"{ref} has no screenpop/app.py: give a screenpop checkout")
    for tree in (ref, ROOT):
        compileall.compile_dir(str(tree / "screenpop"), quiet=1)
    modes = ("offscreen", "xvfb") if args.mode == "both" else (args.mode,)
    with contextlib.ExitStack() as stack:
        python = sys.executable
        if args.installed:
            from _plain_venv import plain_python

            python = stack.enter_context(plain_python())
        for mode in modes:
            run_mode(mode, ref, args.rounds, python, settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
