"""Fixtures of the live suite: a real Asterisk per version, SIPp phones and carriers, the CLI.

Without $SCREENPOP_ASTERISK_18 / $SCREENPOP_ASTERISK_20 the tests skip with the reason. When a
variable is set, a server that does not start is a failure, never a skip.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from appkit import MemorySecrets
from conftest import run_async  # the suite's top-level conftest (tests/conftest.py)

from screenpop.config import Settings
from screenpop.controller import AppController
from screenpop.settings_store import SettingsStore

from .asterisk import (
    ENV_VARS,
    SCREENPOP,
    AsteriskServer,
    BuildMissing,
    find_tree,
    free_udp_range,
)
from .certs import TestCA
from .cli import Monitor, cli_args, cli_env
from .pbxconf import AGENTS, PHONES
from .sipp import Caller, Callers, Phone, Registration, sipp_available

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
    # chan_sip keeps each dialog's RTP+RTCP ports ~32 s after the call: a test with background
    # load (test_live_load) would leave the next tests without ports in a 100-port range.
    server = AsteriskServer(version, tree, ca, AGENTS, rtp_size=2000)
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


class Office:
    """The agents of one test: phones (UAS), callers (UAC), monitors; all stopped at the end."""

    def __init__(self, pbx: AsteriskServer, folder: Path) -> None:
        self.pbx, self.folder = pbx, folder
        self._procs: list[Phone | Caller | Callers | Monitor | Registration] = []

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

    def register(self, peer: str, secret: str, hold_ms: int) -> Registration:
        """A phone of the dynamic peer `peer` registers, stays `hold_ms`, then unregisters."""
        port = free_udp_range(1)
        agent = Registration(peer, secret, port, self.folder, self.pbx.ports.sip, hold_ms)
        self._procs.append(agent.start())
        return agent

    def callers(self, source: str, targets: list[str], **kw) -> Callers:  # type: ignore[no-untyped-def]
        """Many calls from `source` at a rate, round-robin to `targets` (see sipp.Callers)."""
        port = self.pbx.ports.agents[source]
        agent = Callers(source, port, self.folder, self.pbx.ports.sip, targets, **kw)
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


@contextlib.contextmanager
def live_app(
    pbx, qtbot, tmp_path: Path, ready: Callable[[AppController], bool], **settings: object
) -> Iterator[AppController]:
    """The tray app's controller on `pbx` (offscreen) with these settings, started until
    `ready`, and stopped (popups and the colleagues window closed) even when a test fails."""
    store = SettingsStore(tmp_path / "settings.json")
    store.save(
        Settings(host="127.0.0.1", port=pbx.ports.ami, username=SCREENPOP[0], **settings)  # type: ignore[arg-type]
    )
    secrets = MemorySecrets()
    secrets.set("127.0.0.1", SCREENPOP[0], SCREENPOP[1])
    controller = AppController(
        settings_store=store,
        secret_store=secrets,
        history_path=tmp_path / "history.sqlite3",
        ask_secret=False,
    )
    run_async(qtbot, controller.start())
    try:
        qtbot.waitUntil(lambda: ready(controller), timeout=15000)
        yield controller
    finally:
        if controller.popups is not None:
            controller.popups.close_all("test over")
        if controller.colleagues_window is not None:
            controller.colleagues_window.close()
        run_async(qtbot, controller.stop())


def receptionist_app(pbx, qtbot, tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    """live_app for the receptionist at 201 watching 201, started once the colleague directory
    (every phone of the test PBX, and 201 itself) is in the app's model."""
    return live_app(
        pbx,
        qtbot,
        tmp_path,
        lambda c: c.colleague_model.rowCount() == len(PHONES) + 1,
        **{"watch": ("201",), "my_extension": "201", **settings},
    )


@pytest.fixture
def app(pbx, qloop, qtbot, tmp_path):
    """The tray app's controller, watching 201 and 306, connected to `pbx` (offscreen)."""
    with live_app(
        pbx,
        qtbot,
        tmp_path,
        lambda c: c.bridge is not None and c.bridge.state[0] == "connected",
        watch=("201", "306"),
        my_extension="503",
        favourites=("306",),
    ) as controller:
        yield controller
