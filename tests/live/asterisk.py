"""A real Asterisk (1.8 or 20) with a MyPBX-like configuration, started for the live tests.

The build comes from $SCREENPOP_ASTERISK_18 / $SCREENPOP_ASTERISK_20: a release tarball
(`asterisk-<version>-...tar.xz`, unpacked once into a cache folder keyed by its size and mtime)
or an already unpacked tree (with `sbin/asterisk`). Everything the server writes lives in a short
run folder of its own; the harness owns the PID and stops it with `core stop now`, then SIGTERM,
then SIGKILL.
"""

from __future__ import annotations

import atexit
import contextlib
import csv
import os
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pbxconf

ENV_VARS = {"1.8": "SCREENPOP_ASTERISK_18", "20": "SCREENPOP_ASTERISK_20"}
ADMIN = ("admin", "admin-secret-9f2c")  # every class: for the harness's own checks only
SCREENPOP = ("screenpop", "s3cret-ami-7a1e")  # least privilege, as the README advises
MD5ONLY = ("md5user", "md5-secret-44b0")
NOLIST = ("nolist", "nolist-secret-3c7d")  # may not list the extensions (no `reporting`)
_LIVE: set[subprocess.Popen[bytes]] = set()


class BuildMissing(Exception):
    """No build configured or it cannot be used: the live tests skip (fail when CI=true)."""


def _cache_root() -> Path:
    root = Path(tempfile.gettempdir()) / "screenpop-asterisk"
    root.mkdir(exist_ok=True)
    return root


def find_tree(version: str) -> Path:
    """The unpacked Asterisk tree for `version` ('1.8' or '20'), unpacking a tarball once."""
    var = ENV_VARS[version]
    value = os.environ.get(var, "").strip()
    if not value:
        raise BuildMissing(f"{var} is not set (a tarball or unpacked tree of Asterisk {version})")
    src = Path(value).expanduser()
    if src.is_dir():
        if (src / "sbin" / "asterisk").exists():
            return src
        found = sorted(src.glob("*/sbin/asterisk"))
        if found:
            return found[0].parent.parent
        raise BuildMissing(f"{var}={src}: no sbin/asterisk inside")
    if not src.is_file():
        raise BuildMissing(f"{var}={src}: no such file or folder")
    st = src.stat()
    dest = _cache_root() / f"{src.name}-{st.st_size}-{int(st.st_mtime)}"
    marker = dest / ".complete"
    if not marker.exists():
        partial = Path(tempfile.mkdtemp(dir=_cache_root(), prefix="unpack-"))
        with tarfile.open(src) as tar:
            if hasattr(tarfile, "tar_filter"):  # Python 3.11.4+: refuse paths outside `partial`
                tar.extractall(partial, filter="tar")
            else:
                tar.extractall(partial)
        shutil.rmtree(dest, ignore_errors=True)
        partial.rename(dest)
        marker.touch()
    found = sorted(dest.glob("*/sbin/asterisk"))
    if not found:
        raise BuildMissing(f"{var}={src}: the tarball has no */sbin/asterisk")
    return found[0].parent.parent


def free_ports(count: int, kind: int = socket.SOCK_STREAM) -> list[int]:
    """Ports free on 127.0.0.1 for both TCP and UDP right now (held open until all are chosen)."""
    held: list[socket.socket] = []
    ports: list[int] = []
    try:
        while len(ports) < count:
            tcp = socket.socket(socket.AF_INET, kind)
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                udp.bind(("127.0.0.1", port))
            except OSError:
                tcp.close()
                udp.close()
                continue
            held += [tcp, udp]
            ports.append(port)
    finally:
        for s in held:
            s.close()
    return ports


def free_udp_range(size: int) -> int:
    """The first port of `size` consecutive UDP ports free now (for RTP)."""
    for _ in range(200):
        (start,) = free_ports(1)
        start -= start % 2
        # One socket at a time: a range of a thousand ports must not hit the open-file limit.
        try:
            for p in range(start, start + size):
                with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                    s.bind(("127.0.0.1", p))
            return start
        except OSError:
            continue
    raise RuntimeError("no free UDP range for RTP")


def kill_group(proc: subprocess.Popen[bytes], grace: float = 3.0) -> None:
    """SIGTERM the process group, then SIGKILL it after `grace` seconds."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    _LIVE.discard(proc)


@atexit.register
def _kill_leftovers() -> None:
    # Last resort for an interpreter that exits without running the fixtures' finalizers.
    for proc in list(_LIVE):
        with contextlib.suppress(Exception):
            kill_group(proc, grace=1.0)


def spawn(args: list[str], **kw) -> subprocess.Popen[bytes]:  # type: ignore[no-untyped-def]
    proc = subprocess.Popen(args, start_new_session=True, **kw)
    _LIVE.add(proc)
    return proc


@dataclass
class Ports:
    ami: int
    ami_tls: int
    sip: int
    iax: int
    rtp: int
    rtp_size: int = 100
    agents: dict[str, int] = field(default_factory=dict)


class AsteriskServer:
    """One Asterisk process with its own run folder, ports and SIP peers."""

    def __init__(self, version: str, tree: Path, ca, agent_names: list[str], rtp_size: int = 100):  # type: ignore[no-untyped-def]
        self.version = version
        self.tree = tree
        self.ca = ca
        self.run_dir = Path(tempfile.mkdtemp(prefix=f"ast{version.replace('.', '')}-", dir="/tmp"))
        ami, ami_tls, sip, iax, *agents = free_ports(4 + len(agent_names))
        # Every channel holds an RTP+RTCP pair: a busy-PBX benchmark needs more than the tests.
        self.ports = Ports(ami, ami_tls, sip, iax, free_udp_range(rtp_size), rtp_size)
        self.ports.agents = dict(zip(agent_names, agents, strict=True))
        self.proc: subprocess.Popen[bytes] | None = None
        self.startup_seconds = 0.0
        self._log = None
        self._write_config()

    # -- configuration ----------------------------------------------------------------
    @property
    def conf(self) -> Path:
        return self.run_dir / "etc" / "asterisk.conf"

    @property
    def master_csv(self) -> Path:
        return self.run_dir / "log" / "cdr-csv" / "Master.csv"

    @property
    def full_log(self) -> Path:
        return self.run_dir / "log" / "full"

    def _write_config(self) -> None:
        r = self.run_dir
        for sub in ("etc", "run", "log/cdr-csv", "spool", "lib/keys", "cache"):
            (r / sub).mkdir(parents=True, exist_ok=True)
        cert, key = self.ca.server_files(r / "etc")
        pbxconf.data_dir(self.tree, r)
        files = pbxconf.render(
            version=self.version,
            tree=self.tree,
            run=r,
            ports=self.ports,
            users={"admin": ADMIN, "screenpop": SCREENPOP, "md5": MD5ONLY, "nolist": NOLIST},
            tls=(cert, key),
        )
        for name, text in files.items():
            (r / "etc" / name).write_text(text, encoding="utf-8")

    # -- process --------------------------------------------------------------------
    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["LD_LIBRARY_PATH"] = str(self.tree / "lib")
        return env

    def _binary(self) -> list[str]:
        return [str(self.tree / "sbin" / "asterisk"), "-C", str(self.conf)]

    def start(self, timeout: float = 30.0) -> None:
        t0 = time.monotonic()
        self._log = open(self.run_dir / "log" / "console.txt", "ab")  # noqa: SIM115
        self.proc = spawn(
            [*self._binary(), "-f", "-n", "-g"],
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = t0 + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"Asterisk {self.version} exited with {self.proc.returncode} at start: "
                    + self.console_tail()
                )
            if (self.run_dir / "run" / "asterisk.ctl").exists():
                res = self.rx("core waitfullybooted", timeout=max(1.0, deadline - time.monotonic()))
                if res.returncode == 0 and _port_open(self.ports.ami):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"Asterisk {self.version} did not boot: {self.console_tail()}")
            time.sleep(0.05)
        self.startup_seconds = time.monotonic() - t0

    def console_tail(self, size: int = 2000) -> str:
        path = self.run_dir / "log" / "console.txt"
        return path.read_text(errors="replace")[-size:] if path.exists() else ""

    def rx(self, command: str, timeout: float = 10.0) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._binary(), "-rx", command],
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            with contextlib.suppress(Exception):
                self.rx("core stop now", timeout=5)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
        kill_group(proc)
        self.proc = None
        if self._log:
            self._log.close()
            self._log = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def cleanup(self) -> None:
        self.stop()
        if not os.environ.get("SCREENPOP_KEEP_LIVE"):
            shutil.rmtree(self.run_dir, ignore_errors=True)

    # -- what the PBX did -----------------------------------------------------------------
    def cdr_rows(self) -> list[dict[str, str]]:
        if not self.master_csv.exists():
            return []
        with self.master_csv.open(newline="", encoding="utf-8", errors="replace") as fh:
            return [dict(zip(CDR_FIELDS, row, strict=False)) for row in csv.reader(fh)]

    def log_text(self) -> str:
        return self.full_log.read_text(errors="replace") if self.full_log.exists() else ""

    def channels(self) -> str:
        return self.rx("core show channels concise").stdout


# cdr_csv's fixed column order (the same on 1.8 and 20 with the default settings).
CDR_FIELDS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
