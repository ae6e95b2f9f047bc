"""SIPp agents: the phones and carriers of the test office.

Each agent is one `sipp` process in a process group of its own, on the port its SIP peer points
at, logging every SIP message it sent and received (`-trace_msg`) so a test can check what
reached which phone. Scenario files live in `sipp/`; `{{NAME}}` placeholders are filled per agent.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from datetime import datetime
from pathlib import Path

from .asterisk import free_udp_range, kill_group, spawn

SCENARIOS = Path(__file__).parent / "sipp"
SIPP = shutil.which("sipp") or "/usr/bin/sipp"


def sipp_available() -> bool:
    return Path(SIPP).exists()


class Agent:
    """One SIPp process. `role` is a scenario file name without `.xml`. With `trace` False
    nothing is logged per message (a phone under a load benchmark would write megabytes)."""

    trace = True

    def __init__(self, name: str, role: str, port: int, folder: Path, **params: object):
        self.name, self.role, self.port = name, role, port
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        text = (SCENARIOS / f"{role}.xml").read_text(encoding="utf-8")
        for key, value in params.items():
            text = text.replace("{{" + key.upper() + "}}", str(value))
        leftover = re.findall(r"\{\{\w+\}\}", text)
        if leftover:
            raise ValueError(f"scenario {role} needs {leftover}")
        stem = f"{name}-{role}-{int(time.monotonic() * 1000) % 10**8}"
        self.scenario = self.folder / f"{stem}.xml"
        self.scenario.write_text(text, encoding="utf-8")
        self.message_file = self.folder / f"{stem}-messages.log"
        self.errors = self.folder / f"{stem}-errors.log"
        self.screen = self.folder / f"{stem}-screen.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def _args(self) -> list[str]:
        media = free_udp_range(4)
        return [
            SIPP,
            "-sf", str(self.scenario),
            "-i", "127.0.0.1",
            "-p", str(self.port),
            "-mi", "127.0.0.1",
            "-mp", str(media),
            "-t", "u1",
            "-aa",  # answer OPTIONS/INFO/NOTIFY/UPDATE with 200 on their own
            "-nostdin",
            *(("-trace_msg", "-message_file", str(self.message_file)) if self.trace else ()),
            "-trace_err", "-error_file", str(self.errors),
            "-max_recv_loops", "1000",
        ]  # fmt: skip

    def _spawn(self, args: list[str]) -> None:
        with self.screen.open("ab") as out:
            self.proc = spawn(args, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc is not None:
            kill_group(self.proc, grace=2.0)

    # -- what the agent saw ---------------------------------------------------------------
    def log(self) -> str:
        return self.message_file.read_text(errors="replace") if self.message_file.exists() else ""

    def messages(self, direction: str = "received") -> list[tuple[datetime, str]]:
        """(time, text) of each SIP message this agent received (or sent), in order."""
        parts = _HEADER.split(self.log())
        # split() gives [before, stamp, direction, text, stamp, direction, text, ...]
        found = []
        for k in range(1, len(parts) - 2, 3):
            if parts[k + 1] == direction:
                stamp = datetime.strptime(parts[k], "%Y-%m-%d %H:%M:%S.%f")
                found.append((stamp, parts[k + 2].strip()))
        return found

    def received(self, first_line: str) -> int:
        """How many messages starting with `first_line` (e.g. 'INVITE', 'CANCEL', 'SIP/2.0 200')
        this agent received."""
        return len(self.received_list(first_line))

    def received_list(self, first_line: str) -> list[tuple[datetime, str]]:
        return [(t, m) for t, m in self.messages() if m.startswith(first_line)]


_HEADER = re.compile(r"^-{10,} (\S+ \S+)\n(?:UDP|TCP) message (received|sent)[^\n]*\n", re.M)


class Phone(Agent):
    """A UAS phone: `uas_ring`, `uas_answer` (answer_ms, hold_ms) or `uas_busy`."""

    def start(self) -> Phone:
        self._spawn(self._args())
        self._wait_bound()
        return self

    def _wait_bound(self, timeout: float = 5.0) -> None:
        # Ready once SIPp holds its UDP port: a call placed earlier would find nobody.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"sipp {self.role} exited: {self.screen.read_text()[-500:]}")
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                try:
                    s.bind(("127.0.0.1", self.port))
                except OSError:
                    return
            time.sleep(0.02)
        raise RuntimeError(f"sipp {self.role} did not bind port {self.port}")


class Caller(Agent):
    """A UAC placing one call to `target` at the PBX, then exiting (its exit code is kept)."""

    def __init__(
        self,
        name: str,
        port: int,
        folder: Path,
        pbx_sip_port: int,
        target: str,
        number: str,
        caller_name: str,
        giveup_ms: int = 0,
        hold_ms: int = 60000,
    ):
        super().__init__(
            name,
            "uac_call",
            port,
            folder,
            caller_name=caller_name,
            number=number,
            giveup_ms=giveup_ms or 600000,
            hold_ms=hold_ms,
        )
        self.target, self.pbx_sip_port = target, pbx_sip_port

    def start(self) -> Caller:
        args = [*self._args(), f"127.0.0.1:{self.pbx_sip_port}", "-s", self.target, "-m", "1"]
        self._spawn(args)
        return self

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)


class Registration(Agent):
    """A phone of the dynamic peer `peer`: registers, stays `hold_ms`, unregisters, exits."""

    def __init__(
        self, peer: str, secret: str, port: int, folder: Path, pbx_sip_port: int, hold_ms: int
    ):
        # The secret goes into the scenario file, never onto a command line.
        super().__init__(
            peer, "uac_register", port, folder, hold_ms=hold_ms, secret=secret, peer=peer
        )
        self.peer, self.pbx_sip_port = peer, pbx_sip_port

    def start(self) -> Registration:
        target = f"127.0.0.1:{self.pbx_sip_port}"
        self._spawn([*self._args(), target, "-s", self.peer, "-m", "1"])
        return self

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)


class Callers(Agent):
    """A UAC placing `count` calls at `rate` per second, round-robin to `targets`, each from a
    caller number of its own (`prefix` + SIPp's call number). `giveup_ms`: CANCEL when nobody
    answered by then; `hold_ms`: hang up that long after the answer."""

    def __init__(
        self,
        name: str,
        port: int,
        folder: Path,
        pbx_sip_port: int,
        targets: list[str],
        *,
        rate: float,
        count: int,
        prefix: str,
        caller_name: str,
        giveup_ms: int = 1000,
        hold_ms: int = 500,
        trace: bool = False,
    ):
        super().__init__(
            name,
            "uac_many",
            port,
            folder,
            caller_name=caller_name,
            prefix=prefix,
            giveup_ms=giveup_ms,
            hold_ms=hold_ms,
        )
        self.pbx_sip_port, self.rate, self.count, self.trace = pbx_sip_port, rate, count, trace
        self.stats_file = self.scenario.with_suffix(".stats.csv")
        self.targets_file = self.scenario.with_suffix(".csv")
        self.targets_file.write_text("SEQUENTIAL\n" + "".join(f"{t};\n" for t in targets))

    def start(self) -> Callers:
        args = [
            *self._args(),
            f"127.0.0.1:{self.pbx_sip_port}",
            "-inf", str(self.targets_file),
            "-r", f"{self.rate:g}",
            "-m", str(self.count),
            "-l", str(max(10, int(self.rate * 10))),  # a stuck PBX must not pile up calls
            "-trace_stat", "-stf", str(self.stats_file), "-fd", "1",
        ]  # fmt: skip
        self._spawn(args)
        return self

    def stats(self) -> dict[str, str]:
        """SIPp's latest cumulative statistics (written every second): TotalCallCreated,
        SuccessfulCall(C), FailedCall(C), ..."""
        if not self.stats_file.exists():
            return {}
        lines = [ln for ln in self.stats_file.read_text(errors="replace").splitlines() if ln]
        if len(lines) < 2:
            return {}
        return dict(zip(lines[0].split(";"), lines[-1].split(";"), strict=False))

    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)
