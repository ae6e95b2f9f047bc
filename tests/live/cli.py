"""`screenpop` as a child process for the live tests and benchmarks: its output, its args.

Importable without pytest, so bench/ can drive the real `screenpop monitor` the same way the
live tests do.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .asterisk import SCREENPOP, AsteriskServer, spawn


class Lines:
    """The output of a child process, read line by line on a thread."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.lines: list[str] = []
        # time.time_ns() when the reader got each line: what a benchmark compares with the
        # phone's INVITE time (both CLOCK_REALTIME on the same machine).
        self.stamps: list[int] = []
        self._q: queue.Queue[tuple[int, str]] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def _pump(self, stream) -> None:  # type: ignore[no-untyped-def]
        for raw in iter(stream.readline, b""):
            self._q.put((time.time_ns(), raw.decode("utf-8", "replace").rstrip("\n")))
        stream.close()

    def drain(self) -> list[str]:
        while True:
            try:
                self._add(self._q.get_nowait())
            except queue.Empty:
                return self.lines

    def _add(self, item: tuple[int, str]) -> None:
        self.stamps.append(item[0])
        self.lines.append(item[1])

    def wait_for(self, pred: Callable[[str], bool], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            self.drain()
            for line in self.lines[seen:]:
                if pred(line):
                    return line
            seen = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what}; got {self.lines!r}")
            with contextlib.suppress(queue.Empty):
                self._add(self._q.get(timeout=min(left, 0.2)))


def cli_env(secret: str = SCREENPOP[1]) -> dict[str, str]:
    env = dict(os.environ)
    env["SCREENPOP_SECRET"] = secret
    env["PYTHONIOENCODING"] = "utf-8"
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    return env


def cli_args(
    pbx: AsteriskServer, command: str, *args: str, user: tuple[str, str] = SCREENPOP
) -> list[str]:
    return [
        sys.executable, "-m", "screenpop", command, *args,
        "--host", "127.0.0.1", "--port", str(pbx.ports.ami), "--username", user[0],
    ]  # fmt: skip


class Monitor:
    """`screenpop monitor` as a child process; JSON lines on stdout, state on stderr."""

    def __init__(self, pbx: AsteriskServer, *extra: str, port: int | None = None) -> None:
        import json

        self._json = json
        args = cli_args(pbx, "monitor", *extra)
        if port is not None:  # later options win in argparse
            args += ["--port", str(port)]
        self.proc = spawn(
            args,
            env=cli_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.out = Lines(self.proc.stdout)
        self.err = Lines(self.proc.stderr)

    def wait_connected(self, timeout: float = 10.0) -> None:
        self.err.wait_for(lambda s: s.startswith("screenpop: connected"), timeout, "connected")

    def events(self) -> list[dict]:  # type: ignore[type-arg]
        return [self._json.loads(line) for line in self.out.drain() if line.startswith("{")]

    def wait_event(self, timeout: float = 10.0, **match: object) -> dict:  # type: ignore[type-arg]
        def ok(line: str) -> bool:
            if not line.startswith("{"):
                return False
            ev = self._json.loads(line)
            return all(ev.get(k) == v for k, v in match.items())

        return self._json.loads(self.out.wait_for(ok, timeout, f"event {match}"))

    def stop(self) -> None:
        from .asterisk import kill_group

        kill_group(self.proc, grace=3.0)
        for lines in (self.out, self.err):
            lines.thread.join(5)
