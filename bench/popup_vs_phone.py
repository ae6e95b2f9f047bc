"""The popup versus the phone, on a real Asterisk under load (issue 12, item 3).

For each Asterisk version (the builds named by $SCREENPOP_ASTERISK_20 / $SCREENPOP_ASTERISK_18,
started by the live-test harness in tests/live on free ports of 127.0.0.1):

* the watched extension 474 is a tiny Python SIP phone (tests/live/sipphone.py) that notes the
  kernel's arrival time of each INVITE (SO_TIMESTAMPNS, CLOCK_REALTIME), rings for --ring-ms and
  then answers 486 Busy;
* a SIPp UAC on the carrier `voip-provider` places --calls calls to 474 at --watched-rate per
  second, each from a caller number of its own;
* a second SIPp UAC on the carrier `carrier` keeps --rate new calls per second going to other
  extensions: 202 and 203 answer after 150 ms (the caller hangs up 500 ms later), 204 is busy,
  205 rings until the caller gives up after 800 ms. SIPp phones (uas_answer/uas_busy/uas_ring);
* the tray app's real path in this process, offscreen: CallBridge (AmiClient -> CallService ->
  CallTracker) -> PopupStack; the moment is `popup_shown`, as in bench/pop_latency.py, taken with
  time.time_ns() (CLOCK_REALTIME);
* the real `screenpop monitor --extension 474` process; the moment is when this process reads
  its `ringing` line from the pipe (time.time_ns() on a reader thread; the GIL switch interval
  is set to 0.5 ms so that thread is not held back by the Qt loop).

Latency = moment - the INVITE's arrival at the phone (negative: the popup came first).

    QT_QPA_PLATFORM=offscreen python bench/popup_vs_phone.py [--calls 500] [--versions 20,1.8]
        [--rate 20] [--watched-rate 4] [--quick] [--json PATH] [--profile PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # package `live`
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import Row, eprint, machine_header, percentile, report
from live.asterisk import SCREENPOP, AsteriskServer, BuildMissing, find_tree, kill_group, spawn
from live.certs import TestCA
from live.cli import Monitor
from live.pbxconf import AGENTS
from live.sipp import Callers, Phone, sipp_available

ROOT = Path(__file__).resolve().parent.parent
WATCHED = "474"
WATCHED_PREFIX = "139"  # + SIPp's call number: every watched call has a caller number of its own
LOAD_PREFIX = "7100"
BACKGROUND = {  # extension: (SIPp role, parameters)
    "202": ("uas_answer", {"answer_ms": 150, "hold_ms": 600000}),
    "203": ("uas_answer", {"answer_ms": 150, "hold_ms": 600000}),
    "204": ("uas_busy", {}),
    "205": ("uas_ring", {}),
}
TARGET_MS = 30.0
# chan_sip keeps a dialog, and its RTP+RTCP ports, about 32 s after the call ended: 2 dialogs
# per call, 2 ports each, ~40 s. 1,000 ports ran out after 20-30 s at 20 calls/s.
RTP_PORTS_PER_CPS = 2 * 2 * 40
SIPPHONE = ROOT / "tests" / "live" / "sipphone.py"


@dataclass
class VersionResult:
    version: str
    skipped: str = ""
    placed: int = 0
    invites: dict[str, int] = field(default_factory=dict)  # caller number -> arrival ns
    popups: dict[str, int] = field(default_factory=dict)
    signals: dict[str, int] = field(default_factory=dict)  # the bridge's `ringing`, pre-popup
    monitor: dict[str, int] = field(default_factory=dict)
    stamp_source: str = ""
    background_calls: int = 0  # placed by the load generator (SIPp's own count)
    background_failed: int = 0
    background_seconds: float = 0.0
    load_before: tuple[float, ...] = ()
    load_after: tuple[float, ...] = ()
    startup_s: float = 0.0
    pbx_errors: dict[str, int] = field(default_factory=dict)  # Asterisk log ERROR lines, by kind

    def latencies(self, seen: dict[str, int]) -> list[float]:
        return sorted((seen[n] - t) / 1e6 for n, t in self.invites.items() if n in seen)


class UasPhone:
    """tests/live/sipphone.py as a child process; its INVITE lines read on a thread."""

    def __init__(self, port: int, ring_ms: int) -> None:
        self.proc = spawn(
            [sys.executable, str(SIPPHONE), "--port", str(port), "--ring-ms", str(ring_ms)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        self.invites: dict[str, int] = {}
        self.source = ""
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            self.stop()
            raise RuntimeError("the SIP phone did not start")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in iter(self.proc.stdout.readline, b""):
            parts = raw.decode("utf-8", "replace").split()
            if parts[:1] == ["READY"]:
                self.source = parts[2]
                self._ready.set()
            elif parts[:1] == ["INVITE"] and len(parts) == 5:
                self.invites.setdefault(parts[4], int(parts[1]))

    def stop(self) -> None:
        kill_group(self.proc, grace=2.0)
        self._thread.join(5)


def _quiet_qt() -> None:
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode, context, message):  # type: ignore[no-untyped-def]
        # The offscreen platform cannot raise windows; every popup says so.
        if "does not support raise()" not in message:
            eprint(f"qt: {message}")

    qInstallMessageHandler(handler)


async def _app_run(
    server: AsteriskServer, folder: Path, args: argparse.Namespace, res: VersionResult
) -> None:
    from screenpop.bridge import CallBridge
    from screenpop.config import Settings
    from screenpop.net.client import ConnectOptions
    from screenpop.ui.popup_stack import PopupStack

    loop = asyncio.get_running_loop()
    settings = Settings(
        host="127.0.0.1", port=server.ports.ami, username=SCREENPOP[0], watch=(WATCHED,)
    )
    options = ConnectOptions(
        host="127.0.0.1", port=server.ports.ami, username=SCREENPOP[0], secret=SCREENPOP[1]
    )
    bridge = CallBridge(settings, SCREENPOP[1], options=options)
    stack = PopupStack(settings)

    def on_ringing(event) -> None:  # type: ignore[no-untyped-def]
        # Connected first: splits the path into "reached the GUI thread" and "popup built".
        if event.extension == WATCHED and event.caller.number:
            res.signals.setdefault(event.caller.number, time.time_ns())

    bridge.ringing.connect(on_ringing)
    bridge.ringing.connect(stack.show_ringing)
    bridge.ring_ended.connect(stack.on_ring_ended)
    bridge.answered.connect(stack.on_answered)
    bridge.ended.connect(stack.on_ended)

    def on_shown(call_id: str, extension: str) -> None:
        now = time.time_ns()
        popup = stack.popup_for(call_id, extension)
        if extension == WATCHED and popup is not None and popup.number:
            res.popups.setdefault(popup.number, now)

    stack.popup_shown.connect(on_shown)
    bridge.start()
    agents = server.ports.agents
    load = watched = None
    try:
        deadline = loop.time() + 15
        while bridge.state[0] != "connected":
            if loop.time() > deadline:
                raise RuntimeError(f"the app did not connect: {bridge.state}")
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.3)  # the resync snapshot after login
        limit = args.calls / args.watched_rate + 60
        load = Callers(
            "carrier", agents["carrier"], folder, server.ports.sip, list(BACKGROUND),
            rate=args.rate, count=int(args.rate * (limit + 5)), prefix=LOAD_PREFIX,
            caller_name="Load", giveup_ms=800, hold_ms=500,
        ).start()  # fmt: skip
        load_started = loop.time()
        await asyncio.sleep(2.0)  # let the load reach its rate first
        watched = Callers(
            "voip-provider", agents["voip-provider"], folder, server.ports.sip, [WATCHED],
            rate=args.watched_rate, count=args.calls, prefix=WATCHED_PREFIX,
            caller_name="张伟 Caller", giveup_ms=10000, hold_ms=500,
        ).start()  # fmt: skip
        res.placed = args.calls
        end = loop.time() + limit
        while watched.running() and loop.time() < end:
            if not load.running():
                raise RuntimeError(f"the background load stopped: {load.screen.read_text()[-800:]}")
            await asyncio.sleep(0.1)
        if watched.running():
            eprint(f"  time limit reached: {len(res.invites)} INVITEs so far")
        await asyncio.sleep(2.0)  # the last popups and monitor lines
        res.background_seconds = loop.time() - load_started
        stats = load.stats()
        res.background_calls = int(stats.get("TotalCallCreated", 0) or 0)
        res.background_failed = int(stats.get("FailedCall(C)", 0) or 0)
    finally:
        for agent in (watched, load):
            if agent is not None:
                agent.stop()
        await bridge.stop()
        stack.close_all("quit")
        await asyncio.sleep(0.05)


def run_version(
    version: str, args: argparse.Namespace, loop: asyncio.AbstractEventLoop
) -> VersionResult:
    res = VersionResult(version)
    try:
        tree = find_tree(version)
    except BuildMissing as exc:
        res.skipped = str(exc)
        return res
    if not sipp_available():
        res.skipped = "SIPp is not installed (Debian package sip-tester)"
        return res
    keep = bool(os.environ.get("SCREENPOP_KEEP_LIVE"))  # as for the live tests: keep for a look
    folder = Path(tempfile.mkdtemp(prefix="screenpop-phone-"))
    if keep:
        eprint(f"  agents' logs kept in {folder}")
    rtp = min(20000, max(1000, int((args.rate + args.watched_rate) * RTP_PORTS_PER_CPS)))
    server = AsteriskServer(version, tree, TestCA(folder / "ca"), AGENTS, rtp_size=rtp)
    procs: list = []  # type: ignore[type-arg]
    try:
        server.start()
        res.startup_s = server.startup_seconds
        for ext, (role, params) in BACKGROUND.items():
            phone = Phone(ext, role, server.ports.agents[ext], folder / "agents", **params)
            phone.trace = False
            procs.append(phone.start())
        uas = UasPhone(server.ports.agents[WATCHED], args.ring_ms)
        procs.append(uas)
        monitor = Monitor(server, "--extension", WATCHED)
        procs.append(monitor)
        monitor.wait_connected(15)
        res.load_before = os.getloadavg()
        booted = len(server.log_text())  # errors while loading modules are not about the load
        loop.run_until_complete(_app_run(server, folder / "agents", args, res))
        res.load_after = os.getloadavg()
        res.invites = dict(uas.invites)
        res.stamp_source = uas.source
        _monitor_times(monitor, res)
        res.pbx_errors = _pbx_errors(server.log_text()[booted:])
    finally:
        for proc in reversed(procs):
            with contextlib.suppress(Exception):
                proc.stop()
        server.cleanup()
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)
    return res


def _pbx_errors(log: str) -> dict[str, int]:
    """ERROR lines of the Asterisk log by source and text (a PBX out of RTP ports refuses calls
    and the figures would be about fewer calls than asked for)."""
    found: dict[str, int] = {}
    for line in log.splitlines():
        if "ERROR[" not in line:
            continue
        what = re.sub(r"0x[0-9a-f]+|\d+", "N", line.split("]", 2)[-1].strip())[:90]
        found[what] = found.get(what, 0) + 1
    return found


def _monitor_times(monitor: Monitor, res: VersionResult) -> None:
    import json

    lines = monitor.out.drain()
    for stamp, line in zip(monitor.out.stamps, lines, strict=True):
        if not line.startswith("{"):
            continue
        ev = json.loads(line)
        if ev.get("type") == "ringing" and ev.get("extension") == WATCHED:
            number = (ev.get("caller") or {}).get("number")
            if number:
                res.monitor.setdefault(number, stamp)


def _fmt(lat: list[float]) -> str:
    if not lat:
        return "no data"
    return f"{percentile(lat, 50):.1f} / {percentile(lat, 99):.1f} / {lat[-1]:.1f} ms"


def rows_for(results: list[VersionResult], args: argparse.Namespace) -> list[Row]:
    rows = []
    for r in results:
        label = f"popup vs phone, Asterisk {r.version}"
        if r.skipped:
            rows.append(Row(label, f"not run: {r.skipped}", f"p99 < {TARGET_MS:g} ms", None))
            continue
        bg_rate = r.background_calls / r.background_seconds if r.background_seconds else 0.0
        context = (
            f"background {bg_rate:.1f} calls/s, load {r.load_before[0]:.1f}->{r.load_after[0]:.1f}"
        )
        lat = r.latencies(r.signals)
        rows.append(
            Row(
                f"{label}: app's bridge `ringing` signal (before the popup is built)",
                f"{_fmt(lat)} (n={len(lat)})",
            )
        )
        for what, seen in (("app popup", r.popups), ("monitor `ringing`", r.monitor)):
            lat = r.latencies(seen)
            missing = sum(1 for n in r.invites if n not in seen)
            ok = bool(lat) and missing == 0 and percentile(lat, 99) < TARGET_MS
            rows.append(
                Row(
                    f"{label}: {what} after INVITE, p50 / p99 / max",
                    f"{_fmt(lat)} (n={len(lat)} of {len(r.invites)} INVITEs, {missing} missing;"
                    f" {context})",
                    f"p99 < {TARGET_MS:g} ms, none missing",
                    ok,
                )
            )
        errors = "; ".join(f"{n} x {what}" for what, n in r.pbx_errors.items()) or "none"
        rows.append(
            Row(
                f"{label}: calls",
                f"{r.placed} placed, {len(r.invites)} INVITEs at the phone ({r.stamp_source}"
                f" timestamps), {r.background_calls} background calls placed in"
                f" {r.background_seconds:.0f} s ({r.background_failed} failed at the caller);"
                f" Asterisk up in {r.startup_s:.2f} s;"
                f" PBX errors: {errors}",
                f"all {r.placed} reach the phone, no PBX error",
                len(r.invites) == r.placed and not r.pbx_errors,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=500, help="calls to the watched extension")
    ap.add_argument("--versions", default="20,1.8", help="comma-separated: 20, 1.8")
    ap.add_argument("--rate", type=float, default=20, help="background calls per second")
    ap.add_argument("--watched-rate", type=float, default=4, help="watched calls per second")
    ap.add_argument("--ring-ms", type=int, default=250, help="how long the watched phone rings")
    ap.add_argument("--quick", action="store_true", help="60 calls per version")
    ap.add_argument("--json", help="also write the result rows to this file")
    ap.add_argument("--profile", help="cProfile the app's process into this file")
    args = ap.parse_args(argv)
    if args.quick:
        args.calls = min(args.calls, 60)
    versions = [v.strip() for v in args.versions.split(",") if v.strip()]
    bad = [v for v in versions if v not in ("20", "1.8")]
    if bad or args.calls < 1 or args.rate < 0 or args.watched_rate <= 0:
        ap.error(f"--versions takes 20 and/or 1.8 (got {bad}); --calls >= 1, rates > 0")
    print(machine_header())
    sys.setswitchinterval(0.0005)

    import qasync
    from PySide6.QtWidgets import QApplication

    _quiet_qt()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    results = []
    with loop:
        for version in versions:
            eprint(
                f"popup vs phone: Asterisk {version}, {args.calls} calls to {WATCHED} at"
                f" {args.watched_rate:g}/s, background {args.rate:g} calls/s ..."
            )
            results.append(run_version(version, args, loop))
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    print(machine_header())  # the load average again, after the run
    report(rows_for(results, args), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
