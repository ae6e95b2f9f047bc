"""Bytes a real Asterisk sends per call, with and without asking it to send less.

Unpacks a real Asterisk build from /work/shared/asterisk (or $SCREENPOP_ASTERISK_DIR) into a
temporary folder, runs it on 127.0.0.1 with its AMI on a free port, and connects two screenpop
clients at once, so both see the very same calls:

* before: the login mask screenpop used before (`call,cdr,agent`), no filter;
* after: what screenpop asks for now (`call,cdr` on 12+, and on 10+ a `Filter` per event the
  tracker reads, plus OriginateResponse).

Then N calls are placed with AMI Originate to Local channels, ten at a time: the caller
channel Dials a SIP extension (a peer whose phone never answers) and a Local "phone" that
answers, waits and hangs up; the bytes and events each client received are divided by N.
Each client feeds its own CallTracker; their call events must be the same.

    python bench/ami_bytes.py [--version 20|1.8] [--calls N] [--json PATH]

Without the Asterisk tarball, or outside Linux x86-64, it says so and exits 0 (skipped).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, eprint, machine_header, report

SHARED = Path(os.environ.get("SCREENPOP_ASTERISK_DIR", "/work/shared/asterisk"))
TARBALLS = {
    "20": "asterisk-20.20.1-debian12-amd64.tar.xz",
    "1.8": "asterisk-1.8.32.3-debian12-amd64.tar.xz",
}
EXTENSIONS = """
[bench]
exten => _X.,1,NoOp(incoming for ${EXTEN})
 same => n,Set(CALLERID(name)=张伟 ${EXTEN})
 same => n,Dial(SIP/${EXTEN}&Local/${EXTEN}@phones,2)
 same => n,Hangup()

[phones]
exten => _X.,1,Answer()
 same => n,Wait(0.3)
 same => n,Hangup()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Asterisk:
    def __init__(self, version: str, workdir: Path):
        self.version = version
        self.dir = workdir
        self.port = _free_port()
        with tarfile.open(SHARED / TARBALLS[version]) as tar:
            tar.extractall(workdir, filter="tar")
        self.tree = next(p for p in workdir.iterdir() if p.name.startswith("asterisk-"))
        self.run_dir = workdir / "r"
        for sub in ("etc", "run", "log/cdr-csv", "spool", "lib/keys", "cache"):
            (self.run_dir / sub).mkdir(parents=True, exist_ok=True)
        self._write_config()
        self.proc: subprocess.Popen[bytes] | None = None

    def _write_config(self) -> None:
        t, r = self.tree, self.run_dir
        etc = r / "etc"
        (etc / "asterisk.conf").write_text(
            "[directories]\n"
            f"astetcdir => {etc}\nastmoddir => {t}/lib/asterisk/modules\n"
            f"astdatadir => {t}/var/lib/asterisk\nastagidir => {t}/var/lib/asterisk/agi-bin\n"
            f"astvarlibdir => {r}/lib\nastdbdir => {r}/lib\nastkeydir => {r}/lib\n"
            f"astspooldir => {r}/spool\nastrundir => {r}/run\nastlogdir => {r}/log\n"
            f"astsbindir => {t}/sbin\nastcachedir => {r}/cache\n"
        )
        sip, phone = _free_port(), _free_port()
        peers = "".join(
            f"[{ext}]\ntype=friend\nhost=127.0.0.1\nport={phone}\ncontext=phones\n"
            for ext in ("474", "475", "476")
        )
        # The SIP phones never answer (nothing listens at `phone`): each Dial rings a SIP
        # extension, as the tracker knows them, and a Local one that answers, for 2 s.
        (etc / "sip.conf").write_text(f"[general]\nudpbindaddr=127.0.0.1:{sip}\n{peers}")
        (etc / "modules.conf").write_text(
            "[modules]\nautoload=yes\nnoload => chan_iax2.so\n"
            "noload => chan_unistim.so\nnoload => chan_skinny.so\nnoload => res_ari.so\n"
        )
        (etc / "manager.conf").write_text(
            f"[general]\nenabled=yes\nport={self.port}\nbindaddr=127.0.0.1\n\n"
            "[bench]\nsecret=benchsecret\ndeny=0.0.0.0/0.0.0.0\n"
            "permit=127.0.0.1/255.255.255.255\nread=all\nwrite=all\n"
        )
        (etc / "extensions.conf").write_text(EXTENSIONS)
        (etc / "logger.conf").write_text("[logfiles]\nmessages => error\n")
        (etc / "cdr.conf").write_text("[general]\nenable=yes\n")
        (etc / "cdr_manager.conf").write_text("[general]\nenabled=yes\n")
        (etc / "rtp.conf").write_text("[general]\nrtpstart=31000\nrtpend=31100\n")
        (etc / "queues.conf").write_text("[general]\n")

    def _env(self) -> dict[str, str]:
        return dict(os.environ, LD_LIBRARY_PATH=str(self.tree / "lib"))

    def _cli(self, command: str) -> None:
        subprocess.run(
            [str(self.tree / "sbin/asterisk"), "-C", str(self.run_dir / "etc/asterisk.conf"),
             "-rx", command],
            env=self._env(), capture_output=True, timeout=30, check=False,
        )  # fmt: skip

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [str(self.tree / "sbin/asterisk"), "-C", str(self.run_dir / "etc/asterisk.conf"),
             "-f", "-n"],
            env=self._env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            time.sleep(0.1)
        self._cli("core waitfullybooted")

    def stop(self) -> None:
        if self.proc is None:
            return
        self._cli("core stop now")
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


async def run_clients(ast: Asterisk, calls: int) -> dict:
    from screenpop.ami import actions as A
    from screenpop.calls.serialize import event_to_dict
    from screenpop.calls.tracker import CallTracker
    from screenpop.net.client import AmiClient, ConnectOptions
    from screenpop.net.errors import ActionFailed
    from screenpop.service import EXTRA_EVENTS

    base = dict(host="127.0.0.1", port=ast.port, username="bench", secret="benchsecret")
    found: dict[str, list] = {"before": [], "after": []}
    counts = {"before": 0, "after": 0}
    trackers: dict[str, CallTracker] = {}

    def consumer(name: str):
        def on_event(msg) -> None:  # type: ignore[no-untyped-def]
            counts[name] += 1
            for ev in trackers[name].feed(msg):
                d = event_to_dict(ev)
                d.pop("time", None)
                found[name].append(d)

        return on_event

    before = await AmiClient.connect(
        ConnectOptions(**base, events="call,cdr,agent", events_modern="call,cdr,agent"),
        on_event=consumer("before"),
    )
    after = await AmiClient.connect(ConnectOptions(**base), on_event=consumer("after"))
    for name, client in (("before", before), ("after", after)):
        assert client.banner is not None
        trackers[name] = CallTracker(modern=client.banner.modern)
    filtered = await after.subscribe_only((*trackers["after"].events_read(), *EXTRA_EVENTS))
    await asyncio.sleep(0.5)
    start = {"before": before._decoder.bytes_received, "after": after._decoder.bytes_received}
    start_n = dict(counts)

    async def one(i: int) -> None:
        fields = [
            ("Action", "Originate"), ("Channel", f"Local/{474 + i % 3}@bench"),
            ("Application", "Wait"), ("Data", "1"), ("CallerID", f"<1380000{i:04d}>"),
            ("Timeout", "10000"), ("Async", "true"),
        ]  # fmt: skip
        with contextlib.suppress(ActionFailed):
            await before.originate(fields, timeout=15)

    for first in range(0, calls, 10):  # ten calls at a time
        await asyncio.gather(*(one(i) for i in range(first, min(calls, first + 10))))
    await asyncio.sleep(3.0)  # the last calls' hangups and Cdr
    got = {
        "before": before._decoder.bytes_received - start["before"],
        "after": after._decoder.bytes_received - start["after"],
    }
    events = {k: counts[k] - start_n[k] for k in counts}
    # The channel snapshot a reconnect takes must still list live channels under the filter
    # (list items are replies, not filtered events): one more call, listed while it rings.
    last = asyncio.create_task(one(calls))
    await asyncio.sleep(0.7)
    listed = len(await after.send_list_action(A.core_show_channels(), timeout=5))
    await last
    await before.close()
    await after.close()
    return {
        "banner": before.banner.text if before.banner else "?",
        "filtered": filtered,
        "bytes": got,
        "events": events,
        "same_results": found["before"] == found["after"],
        "call_events": len(found["after"]),
        "listed": listed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--version", choices=tuple(TARBALLS), default="20")
    ap.add_argument("--calls", type=int, default=100)
    ap.add_argument("--json", help="also write the result rows to this file")
    args = ap.parse_args(argv)
    print(machine_header())
    tarball = SHARED / TARBALLS[args.version]
    if not tarball.exists() or platform.system() != "Linux" or platform.machine() != "x86_64":
        eprint(f"skipped: needs {tarball} on Linux x86-64")
        report([Row(f"AMI bytes per call, Asterisk {args.version}", "skipped")], args.json)
        return 0
    work = Path(tempfile.mkdtemp(prefix="sp-ast-"))
    ast = Asterisk(args.version, work)
    try:
        ast.start()
        r = asyncio.run(run_clients(ast, args.calls))
    finally:
        ast.stop()
        shutil.rmtree(work, ignore_errors=True)
    n = args.calls
    b, a = r["bytes"]["before"] / n, r["bytes"]["after"] / n
    print(
        f"  {r['banner']}: {n} calls; before {b:,.0f} bytes / {r['events']['before'] / n:.1f}"
        f" events per call, after {a:,.0f} bytes / {r['events']['after'] / n:.1f} events"
        f" (filter {'accepted' if r['filtered'] else 'not used'}); call events equal:"
        f" {r['same_results']} ({r['call_events']})"
    )
    rows = [
        Row(
            f"AMI bytes per call, Asterisk {args.version} ({r['banner']}), before -> after",
            f"{b:,.0f} -> {a:,.0f} bytes ({a / b:.0%}); events {r['events']['before'] / n:.1f}"
            f" -> {r['events']['after'] / n:.1f}; tracker results equal: {r['same_results']};"
            f" snapshot under the filter listed {r['listed']} channels",
            "less, same results",
            (a < b or args.version == "1.8") and r["same_results"] and r["listed"] > 0,
        )
    ]
    report(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
