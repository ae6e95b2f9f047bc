"""Shared helpers for the benchmark scripts: machine header, result rows, table printing.

Every script prints its own figures; with `--json PATH` it also writes its result rows there,
which is how run_all.py collects them (each benchmark runs in its own process, so one does
not disturb the memory or CPU figures of another).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path


@dataclass
class Row:
    metric: str
    figure: str
    target: str = ""
    met: bool | None = None  # None: informational, no target


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.partition(":")[2].strip()
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine_header() -> str:
    pyside = _version("PySide6-Essentials")
    if pyside == "not installed":
        pyside = _version("PySide6")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} cores, cpu {cpu_model()!r},"
        f" platform.machine()={platform.machine()!r}"
        f" platform.processor()={platform.processor()!r}; load average {load}\n"
        f"python {platform.python_version()} ({platform.python_implementation()}),"
        f" PySide6 {pyside}, qasync {_version('qasync')}, panoramisk {_version('panoramisk')}"
    )


def print_table(rows: list[Row], title: str = "") -> None:
    headers = ("metric", "figure", "target", "met?")
    cells = [
        (r.metric, r.figure, r.target or "-", "-" if r.met is None else ("yes" if r.met else "NO"))
        for r in rows
    ]
    widths = [
        max(len(h), *(len(c[i]) for c in cells)) if cells else len(h) for i, h in enumerate(headers)
    ]
    if title:
        print(title)
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line)
    print("  ".join("-" * w for w in widths))
    for c in cells:
        print("  ".join(x.ljust(w) for x, w in zip(c, widths, strict=True)))


def write_json(path: str | None, rows: list[Row]) -> None:
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump([asdict(r) for r in rows], f)


def report(rows: list[Row], json_path: str | None) -> None:
    """What every bench script ends with: its table, and the rows as JSON for run_all."""
    print()
    print_table(rows)
    write_json(json_path, rows)


def read_json(path: str) -> list[Row]:
    with open(path, encoding="utf-8") as f:
        return [Row(**d) for d in json.load(f)]


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an already sorted list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def ensure_offscreen() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def eprint(*args: object) -> None:
    print(*args, file=sys.stderr, flush=True)


async def answer_status(
    status: Callable[[], dict], commands: dict[str, Callable[[], dict]] | None = None
) -> None:
    """In a bench's child process: answer each `status` line on stdin with status() as one
    JSON line, until `quit` or the end of input (the driver asks; the child never polls).
    Any other line named in `commands` is answered with that command's result."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = (await reader.readline()).decode().strip()
        if not line or line == "quit":
            break
        if line == "status":
            print(json.dumps(status()), flush=True)
        elif commands and line in commands:
            print(json.dumps(commands[line]()), flush=True)


async def quit_child(proc: asyncio.subprocess.Process, timeout: float) -> None:
    """Ask a child that runs answer_status() to quit; kill it if it has not within `timeout`."""
    if proc.returncode is not None:
        return
    proc.stdin.write(b"quit\n")  # type: ignore[union-attr]
    try:
        await asyncio.wait_for(proc.wait(), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()


async def cpu_while_idle(pid: int, seconds: float) -> tuple[float, float]:
    """CPU seconds (user + system) process `pid` uses while this one sleeps `seconds`, read
    from outside so the reading costs the process nothing; and the wall seconds it took."""
    import psutil

    ps = psutil.Process(pid)
    cpu0 = ps.cpu_times()
    w0 = time.perf_counter()
    await asyncio.sleep(seconds)
    cpu1 = ps.cpu_times()
    wall = time.perf_counter() - w0
    # psutil reads clock ticks (10 ms), so a quiet process can show 0.00 s.
    return max(0.0, cpu1.user + cpu1.system - cpu0.user - cpu0.system), wall


async def start_app_child(
    script: Path, port: int, prefix: str, extra_env: dict[str, str]
) -> tuple[asyncio.subprocess.Process, tempfile.TemporaryDirectory[str]]:
    """`script --app-child PORT DIR`: the tray app in a process of its own (offscreen), its
    settings and history in a fresh temporary folder, talking JSON lines on stdin/stdout."""
    tmp = tempfile.TemporaryDirectory(prefix=prefix)
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(Path(tmp.name, "config")),
        XDG_DATA_HOME=str(Path(tmp.name, "data")),
        XDG_RUNTIME_DIR=tmp.name,
        **extra_env,
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(script), "--app-child", str(port), tmp.name,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    return proc, tmp
