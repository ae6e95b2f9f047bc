"""Fixtures of the live suite: a real Asterisk per version, SIPp phones and carriers, the CLI.

Without $SCREENPOP_ASTERISK_18 / $SCREENPOP_ASTERISK_20 the tests skip with the reason. When a
variable is set, a server that does not start is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .asterisk import ENV_VARS, SCREENPOP, AsteriskServer, BuildMissing, find_tree, spawn
from .certs import TestCA
from .pbxconf import AGENTS
from .sipp import Caller, Phone, sipp_available

VERSIONS = ["1.8", "20"]
STARTUP: dict[str, list[float]] = {}


def _unavailable(version: str, reason: str) -> None:
    if os.environ.get(ENV_VARS[version]):
        pytest.fail(f"live Asterisk {version} is configured but unusable: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def live_ca(tmp_path_factory) -> TestCA:
    return TestCA(tmp_path_factory.mktemp("live-ca"))


def start_server(version: str, ca: TestCA) -> AsteriskServer:
    try:
        tree = find_tree(version)
    except BuildMissing as exc:
        _unavailable(version, str(exc))
    if not sipp_available():
        _unavailable(version, "SIPp is not installed (Debian package sip-tester)")
    server = AsteriskServer(version, tree, ca, AGENTS)
    try:
        server.start()
    except Exception as exc:
        server.cleanup()
        pytest.fail(f"Asterisk {version} did not start: {exc}")
    STARTUP.setdefault(version, []).append(server.startup_seconds)
    return server


@pytest.fixture(scope="session", params=VERSIONS, ids=lambda v: f"ast{v}")
def pbx(request, live_ca) -> Iterator[AsteriskServer]:
    server = start_server(request.param, live_ca)
    try:
        yield server
    finally:
        server.cleanup()


@pytest.fixture(params=VERSIONS, ids=lambda v: f"ast{v}")
def own_pbx(request, live_ca) -> Iterator[AsteriskServer]:
    """A server of the test's own, for scenarios that restart the PBX."""
    server = start_server(request.param, live_ca)
    try:
        yield server
    finally:
        server.cleanup()


class Lines:
    """The output of a child process, read line by line on a thread."""

    def __init__(self, stream) -> None:  # type: ignore[no-untyped-def]
        self.lines: list[str] = []
        self._q: queue.Queue[str] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def _pump(self, stream) -> None:  # type: ignore[no-untyped-def]
        for raw in iter(stream.readline, b""):
            self._q.put(raw.decode("utf-8", "replace").rstrip("\n"))
        stream.close()

    def drain(self) -> list[str]:
        while True:
            try:
                self.lines.append(self._q.get_nowait())
            except queue.Empty:
                return self.lines

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
                self.lines.append(self._q.get(timeout=min(left, 0.2)))


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


class Office:
    """The agents of one test: phones (UAS), callers (UAC), monitors; all stopped at the end."""

    def __init__(self, pbx: AsteriskServer, folder: Path) -> None:
        self.pbx, self.folder = pbx, folder
        self._procs: list[Phone | Caller | Monitor] = []

    def phone(self, ext: str, role: str = "uas_ring", **params: object) -> Phone:
        defaults = {"uas_answer": {"answer_ms": 1000, "hold_ms": 600000}}.get(role, {})
        agent = Phone(ext, role, self.pbx.ports.agents[ext], self.folder, **{**defaults, **params})
        self._procs.append(agent.start())
        return agent

    def call(self, source: str, target: str, number: str, name: str, **kw: int) -> Caller:
        port = self.pbx.ports.agents[source]
        agent = Caller(source, port, self.folder, self.pbx.ports.sip, target, number, name, **kw)
        self._procs.append(agent.start())
        return agent

    def monitor(self, *extra: str) -> Monitor:
        mon = Monitor(self.pbx, *extra)
        self._procs.append(mon)
        mon.wait_connected()
        return mon

    def run_cli(
        self,
        command: str,
        *args: str,
        secret: str | None = None,
        user: tuple[str, str] = SCREENPOP,
        timeout: float = 40,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            cli_args(self.pbx, command, *args, user=user),
            env=cli_env(secret if secret is not None else user[1]),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def close(self) -> None:
        for proc in reversed(self._procs):
            proc.stop()
        self._procs.clear()
        # Leave the PBX idle for the next test: no channel of this test may ring into it.
        if self.pbx.proc is not None and self.pbx.proc.poll() is None:
            self.pbx.rx("channel request hangup all")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and active_channels(self.pbx):
                time.sleep(0.1)


def active_channels(pbx: AsteriskServer) -> list[str]:
    return [line for line in pbx.channels().splitlines() if "!" in line]


@pytest.fixture
def office(pbx, tmp_path) -> Iterator[Office]:
    o = Office(pbx, tmp_path / "agents")
    try:
        yield o
    finally:
        o.close()


@pytest.fixture
def own_office(own_pbx, tmp_path) -> Iterator[Office]:
    o = Office(own_pbx, tmp_path / "agents")
    try:
        yield o
    finally:
        o.close()


def pytest_terminal_summary(terminalreporter) -> None:
    for version, seconds in sorted(STARTUP.items()):
        figures = ", ".join(f"{s:.2f}" for s in seconds)
        terminalreporter.write_line(f"live Asterisk {version} start-up (s): {figures}")
