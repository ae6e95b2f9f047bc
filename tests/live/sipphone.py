"""A tiny SIP phone (UAS over UDP) that notes, to the nanosecond, when each INVITE reached it.

Why not SIPp for this one phone: SIPp's `-trace_msg` time is taken in user space when SIPp's
scheduler gets round to the message, so on a busy 2-core machine it says when SIPp looked, not
when the INVITE arrived. Here the kernel stamps each datagram as it lands in the socket
(SO_TIMESTAMPNS, CLOCK_REALTIME, Linux), which does not depend on when this process runs; where
that option is missing the time is taken right after recvmsg (time.time_ns(), also wall clock).

Behaviour: every new INVITE gets 100 Trying and 180 Ringing at once, then after --ring-ms a
final --final (default 486 Busy Here) unless the PBX sent CANCEL first (200 + 487). Final
responses are repeated until the ACK comes (RFC 3261 timer G, capped), retransmitted INVITEs
get the last response again, any other request gets 200 OK. One line per new INVITE on stdout:

    INVITE <time_ns> <kernel|user> <call-id> <from-user>

    python tests/live/sipphone.py --port 5062 [--ring-ms 250] [--final "486 Busy Here"]
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import re
import select
import socket
import struct
import sys
import time
from dataclasses import dataclass, field

# Linux's value on every common architecture; Python does not export it.
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
_TIMESPEC = struct.Struct("@ll")
_COMPACT = {
    "v": "via",
    "f": "from",
    "t": "to",
    "i": "call-id",
    "m": "contact",
    "l": "content-length",
}
_USER = re.compile(r"<?sips?:([^@;>]*)@")


@dataclass
class Dialog:
    addr: tuple[str, int]
    invite: dict[str, list[str]]
    tag: str
    final: bytes | None = None
    last: bytes = b""
    acked: bool = False
    resends: int = 0
    timers: list[int] = field(default_factory=list)


def parse(data: bytes) -> tuple[str, dict[str, list[str]]]:
    """(start line, {lowercase header name: [values in order]}) of one SIP message."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
    first, *lines = head.split("\r\n")
    headers: dict[str, list[str]] = {}
    for line in lines:
        name, sep, value = line.partition(":")
        if not sep:
            continue
        key = name.strip().lower()
        headers.setdefault(_COMPACT.get(key, key), []).append(value.strip())
    return first, headers


def response(code: str, req: dict[str, list[str]], to_tag: str | None, contact: str = "") -> bytes:
    to = req.get("to", [""])[0]
    if to_tag and ";tag=" not in to:
        to += f";tag={to_tag}"
    lines = [f"SIP/2.0 {code}"]
    lines += [f"Via: {v}" for v in req.get("via", [])]
    lines += [
        f"From: {req.get('from', [''])[0]}",
        f"To: {to}",
        f"Call-ID: {req.get('call-id', [''])[0]}",
        f"CSeq: {req.get('cseq', [''])[0]}",
    ]
    if contact:
        lines.append(f"Contact: {contact}")
    lines += ["Content-Length: 0", "", ""]
    return "\r\n".join(lines).encode()


class PhoneUAS:
    def __init__(self, port: int, ring_ms: int, final: str) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", port))
        self.kernel_stamps = hasattr(self.sock, "recvmsg")
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        except OSError:
            self.kernel_stamps = False
        self.port, self.ring_ms, self.final = port, ring_ms, final
        self.dialogs: dict[str, Dialog] = {}
        self._timers: list[tuple[float, int, str, str]] = []
        self._seq = itertools.count()

    def _at(self, delay: float, call_id: str, what: str) -> None:
        heapq.heappush(self._timers, (time.monotonic() + delay, next(self._seq), call_id, what))

    def _send(self, dialog: Dialog, data: bytes) -> None:
        dialog.last = data
        self.sock.sendto(data, dialog.addr)

    def receive(self) -> tuple[bytes, tuple[str, int], int, str]:
        if not self.kernel_stamps:  # e.g. Windows: no recvmsg, no SO_TIMESTAMPNS
            data, addr = self.sock.recvfrom(65535)
            return data, addr, time.time_ns(), "user"
        data, ancdata, _flags, addr = self.sock.recvmsg(65535, socket.CMSG_SPACE(_TIMESPEC.size))
        for level, kind, payload in ancdata:
            if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
                sec, nsec = _TIMESPEC.unpack(payload[: _TIMESPEC.size])
                return data, addr, sec * 1_000_000_000 + nsec, "kernel"
        return data, addr, time.time_ns(), "user"

    def handle(self, data: bytes, addr: tuple[str, int], stamp: int, source: str) -> None:
        first, headers = parse(data)
        if first.startswith("SIP/2.0"):
            return  # we send no requests; nothing to answer
        method = first.split(" ", 1)[0]
        call_id = headers.get("call-id", [""])[0]
        dialog = self.dialogs.get(call_id)
        if method == "INVITE":
            if dialog is not None:  # a retransmission: say the last thing again
                if dialog.last:
                    self.sock.sendto(dialog.last, addr)
                return
            dialog = Dialog(addr, headers, f"uas{next(self._seq)}")
            self.dialogs[call_id] = dialog
            frm = headers.get("from", [""])[0]
            user = _USER.search(frm)
            print(f"INVITE {stamp} {source} {call_id} {user.group(1) if user else '-'}", flush=True)
            self._send(dialog, response("100 Trying", headers, None))
            contact = f"<sip:127.0.0.1:{self.port}>"
            self._send(dialog, response("180 Ringing", headers, dialog.tag, contact))
            self._at(self.ring_ms / 1000, call_id, "final")
        elif method == "CANCEL":
            self.sock.sendto(response("200 OK", headers, dialog.tag if dialog else "x"), addr)
            if dialog is not None and dialog.final is None:
                self._finish(call_id, dialog, "487 Request Terminated")
        elif method == "ACK":
            if dialog is not None:
                dialog.acked = True
                self._at(5.0, call_id, "forget")  # late retransmissions still find it
        else:  # BYE, OPTIONS, INFO ...: fine by us
            self.sock.sendto(response("200 OK", headers, dialog.tag if dialog else "x"), addr)

    def _finish(self, call_id: str, dialog: Dialog, code: str) -> None:
        dialog.final = response(code, dialog.invite, dialog.tag)
        self._send(dialog, dialog.final)
        self._at(0.5, call_id, "resend")

    def on_timer(self, call_id: str, what: str) -> None:
        dialog = self.dialogs.get(call_id)
        if dialog is None:
            return
        if what == "final" and dialog.final is None:
            self._finish(call_id, dialog, self.final)
        elif what == "resend" and not dialog.acked and dialog.final is not None:
            dialog.resends += 1
            if dialog.resends > 6:
                self.dialogs.pop(call_id, None)
                return
            self._send(dialog, dialog.final)
            self._at(min(0.5 * 2**dialog.resends, 4.0), call_id, "resend")
        elif what == "forget":
            self.dialogs.pop(call_id, None)

    def serve(self) -> None:
        print(f"READY {self.port} {'kernel' if self.kernel_stamps else 'user'}", flush=True)
        while True:
            now = time.monotonic()
            while self._timers and self._timers[0][0] <= now:
                _due, _n, call_id, what = heapq.heappop(self._timers)
                self.on_timer(call_id, what)
            wait = max(0.0, self._timers[0][0] - now) if self._timers else 1.0
            ready, _, _ = select.select([self.sock], [], [], wait)
            if ready:
                self.handle(*self.receive())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ring-ms", type=int, default=250)
    ap.add_argument("--final", default="486 Busy Here")
    args = ap.parse_args(argv)
    PhoneUAS(args.port, args.ring_ms, args.final).serve()  # until its process group is stopped
    return 0


if __name__ == "__main__":
    sys.exit(main())
