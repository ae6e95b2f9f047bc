"""AMI decoding throughput: screenpop's AmiDecoder vs panoramisk 1.4 vs a naive split.

A seeded generator writes an AMI byte stream of N events (default 200,000) shaped like the
recorded captures (tests/fixtures/captures): Newchannel, Newstate, VarSet, 1.x Dial Begin/End,
12+ DialBegin, Hangup and Cdr, CRLF line ends, about 14% of events carrying a non-ASCII caller
name, plus a few 1.x `Response: Follows` Command replies whose CLI text uses bare LF and ends in
`--END COMMAND--`. The stream is cut into 4 KiB chunks (so multibyte names get split across
chunks) and fed to each parser; every parser's output is compared with the expected messages.

    python bench/codec_throughput.py [--events N] [--runs R] [--json PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, machine_header, report

from screenpop.ami.codec import AmiDecoder
from screenpop.ami.message import Banner

CHUNK = 4096
SEED = 20260505
BANNER = b"Asterisk Call Manager/1.1\r\n"

Headers = tuple[tuple[str, str], ...]
# (headers, body): body is the CLI text lines of a 1.x Command reply, None for anything else.
Expected = tuple[Headers, tuple[str, ...] | None]

ASCII_NAMES = [
    "John Smith", "Acme Corp", "Ext 474", "Reception", "Mary O Neil", "Sales Desk",
    "Peter Brown", "Anna Lee", "Support", "Wireless Caller", "David Jones", "Linda Wu",
]  # fmt: skip
NON_ASCII_NAMES = [
    "张伟", "王芳", "李娜", "刘洋", "陈静", "黄晓明", "周杰", "上海贸易有限公司",
    "José Müller", "François Lefèvre", "Zoë Ångström", "Łukasz Żółć", "Søren Kierkegård",
    "Renée Côté", "Ñoño Peña",
]  # fmt: skip
EXTENSIONS = ["474", "306", "503", "201", "202", "203", "600", "601", "8001"]
STATE_DESC = {0: "Down", 4: "Ring", 5: "Ringing", 6: "Up"}
# Probability that a call's caller name is non-ASCII; tuned so that about 14% of all events
# carry one (not every event of a call names the caller).
NON_ASCII_CALL_SHARE = 0.165


class StreamGen:
    """Deterministic AMI traffic: whole calls, 1.8 (MyPBX) or 12+ flavoured."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.clock = 1_795_660_000
        self.uid = 0
        self.chan = 0x79DE
        self.action = 0

    def _uid(self) -> str:
        self.uid += 1
        return f"{self.clock}.{self.uid}"

    def _chan(self, peer: str) -> str:
        self.chan += 1
        return f"SIP/{peer}-{self.chan:08x}"

    @staticmethod
    def _ev(name: str, privilege: str, pairs: list[tuple[str, str]]) -> Headers:
        return (("Event", name), ("Privilege", f"{privilege},all"), *pairs)

    @staticmethod
    def _snapshot(ch: dict[str, str], state: int, prefix: str = "") -> list[tuple[str, str]]:
        pairs = [
            ("Channel", ch["name"]),
            ("ChannelState", str(state)),
            ("ChannelStateDesc", STATE_DESC[state]),
            ("CallerIDNum", ch["num"] or "<unknown>"),
            ("CallerIDName", ch["cname"] or "<unknown>"),
            ("ConnectedLineNum", ch.get("conn_num") or "<unknown>"),
            ("ConnectedLineName", ch.get("conn_name") or "<unknown>"),
            ("Language", "en"),
            ("AccountCode", ""),
            ("Context", ch["context"]),
            ("Exten", ch["exten"]),
            ("Priority", "1"),
            ("Uniqueid", ch["uid"]),
            ("Linkedid", ch["linkedid"]),
        ]
        return [(prefix + n, v) for n, v in pairs]

    def call(self) -> list[Headers]:
        rng = self.rng
        self.clock += rng.randint(0, 3)
        modern = rng.random() < 0.35
        name = (
            rng.choice(NON_ASCII_NAMES)
            if rng.random() < NON_ASCII_CALL_SHARE
            else rng.choice(ASCII_NAMES)
        )
        number = "1" + "".join(rng.choice("0123456789") for _ in range(10))
        ext = rng.choice(EXTENSIONS)
        trunk = rng.choice(["trunk-sps-test1", "trunk-sps-test3", "trunk-gsm1"])
        cuid = self._uid()
        caller = {
            "name": self._chan(trunk),
            "num": number,
            "cname": name,
            "context": "DLPN_Trunk_" + trunk.removeprefix("trunk-"),
            "exten": "s",
            "uid": cuid,
            "linkedid": cuid,
        }
        leg = {
            "name": self._chan(ext),
            "num": ext,
            "cname": f"Ext {ext}",
            "conn_num": number,
            "conn_name": name,
            "context": f"DLPN_DialPlan{ext}",
            "exten": ext,
            "uid": self._uid(),
            "linkedid": cuid,
        }
        return self._modern(caller, leg, ext) if modern else self._old(caller, leg, ext)

    def _old(self, c: dict[str, str], leg: dict[str, str], ext: str) -> list[Headers]:
        """MyPBX / Asterisk 1.8 header sets (captures old_*), with timestampevents=yes."""
        ts = f"{self.clock}.{self.rng.randint(0, 999999):06d}"
        ev = self._ev

        def newchannel(ch: dict[str, str], state: int) -> Headers:
            return ev("Newchannel", "call", [
                ("Timestamp", ts), ("Channel", ch["name"]), ("ChannelState", str(state)),
                ("ChannelStateDesc", STATE_DESC[state]), ("CallerIDNum", ch["num"]),
                ("CallerIDName", ch["cname"]), ("AccountCode", ""), ("Exten", ch["exten"]),
                ("Context", ch["context"]), ("Uniqueid", ch["uid"]),
            ])  # fmt: skip

        def newstate(ch: dict[str, str], state: int) -> Headers:
            return ev("Newstate", "call", [
                ("Timestamp", ts), ("Channel", ch["name"]), ("ChannelState", str(state)),
                ("ChannelStateDesc", STATE_DESC[state]), ("CallerIDNum", ch["num"]),
                ("CallerIDName", ch["cname"]), ("ConnectedLineNum", ch.get("conn_num", "")),
                ("ConnectedLineName", ch.get("conn_name", "")), ("Uniqueid", ch["uid"]),
            ])  # fmt: skip

        def hangup(ch: dict[str, str]) -> Headers:
            return ev("Hangup", "call", [
                ("Timestamp", ts), ("Channel", ch["name"]), ("Uniqueid", ch["uid"]),
                ("CallerIDNum", ch["num"]), ("CallerIDName", ch["cname"]),
                ("ConnectedLineNum", ch.get("conn_num") or "<unknown>"),
                ("ConnectedLineName", ch.get("conn_name") or "<unknown>"),
                ("Cause", "16"), ("Cause-txt", "Normal Clearing"),
            ])  # fmt: skip

        answered = self.rng.random() < 0.6
        out = [
            newchannel(c, 4),
            newstate(c, 6),
            newchannel(leg, 0),
            ev("Dial", "call", [
                ("Timestamp", ts), ("SubEvent", "Begin"), ("Channel", c["name"]),
                ("Destination", leg["name"]), ("CallerIDNum", c["num"]),
                ("CallerIDName", c["cname"]), ("ConnectedLineNum", "<unknown>"),
                ("ConnectedLineName", "<unknown>"), ("UniqueID", c["uid"]),
                ("DestUniqueID", leg["uid"]), ("Dialstring", ext),
            ]),
            newstate(leg, 5),
        ]  # fmt: skip
        if answered:
            out.append(newstate(leg, 6))
        status = "ANSWER" if answered else "CANCEL"
        out += [
            ev("Dial", "call", [
                ("Timestamp", ts), ("SubEvent", "End"), ("Channel", c["name"]),
                ("UniqueID", c["uid"]), ("DialStatus", status),
            ]),
            hangup(leg),
            hangup(c),
            self._cdr(c, leg, ext, answered),
        ]  # fmt: skip
        return out

    def _modern(self, c: dict[str, str], leg: dict[str, str], ext: str) -> list[Headers]:
        """Asterisk 12+ header sets (captures new_*): channel snapshots on every event."""
        ev, snap, rng = self._ev, self._snapshot, self.rng
        answered = rng.random() < 0.6
        out = [
            ev("Newchannel", "call", snap(c, 4)),
            ev("VarSet", "dialplan", [*snap(c, 4), ("Variable", "SIPCALLID"),
                                      ("Value", f"{rng.getrandbits(64):016x}@10.0.0.9:5060")]),
            ev("VarSet", "dialplan", [*snap(c, 4), ("Variable", "DIALSTATUS"), ("Value", "")]),
            ev("Newstate", "call", snap(c, 6)),
            ev("Newchannel", "call", snap(leg, 0)),
            ev("DialBegin", "call", [*snap(c, 6), *snap(leg, 0, "Dest"), ("DialString", ext)]),
            ev("Newstate", "call", snap(leg, 5)),
        ]  # fmt: skip
        if answered:
            out.append(ev("Newstate", "call", snap(leg, 6)))
        out += [
            ev("VarSet", "dialplan", [*snap(c, 6), ("Variable", "DIALSTATUS"),
                                      ("Value", "ANSWER" if answered else "CANCEL")]),
            ev("Hangup", "call", [*snap(leg, 6 if answered else 5), ("Cause", "16"),
                                  ("Cause-txt", "Normal Clearing")]),
            ev("Hangup", "call", [*snap(c, 6), ("Cause", "16"), ("Cause-txt", "Normal Clearing")]),
            self._cdr(c, leg, ext, answered),
        ]  # fmt: skip
        return out

    def _cdr(self, c: dict[str, str], leg: dict[str, str], ext: str, answered: bool) -> Headers:
        start = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.clock))
        end = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(self.clock + 7))
        return self._ev("Cdr", "cdr", [
            ("AccountCode", ""), ("Source", c["num"]), ("Destination", ext),
            ("DestinationContext", c["context"]), ("CallerID", f'"{c["cname"]}" <{c["num"]}>'),
            ("Channel", c["name"]), ("DestinationChannel", leg["name"]),
            ("LastApplication", "Dial"), ("LastData", f"SIP/{ext},30"), ("StartTime", start),
            ("AnswerTime", start if answered else ""), ("EndTime", end), ("Duration", "7"),
            ("BillableSeconds", "5" if answered else "0"),
            ("Disposition", "ANSWERED" if answered else "NO ANSWER"),
            ("AMAFlags", "DOCUMENTATION"), ("UniqueID", c["uid"]), ("UserField", ""),
        ])  # fmt: skip

    def command_reply(self) -> tuple[Headers, tuple[str, ...]]:
        """A 1.x `core show channels` reply: bare-LF CLI text, a blank and a `Key: value` line."""
        self.action += 1
        headers = (
            ("Response", "Follows"),
            ("Privilege", "Command"),
            ("ActionID", f"sp-{self.action}"),
        )
        rows = [
            f"SIP/{ext}-{self.rng.getrandbits(32):08x}  {ext}@DLPN_DialPlan{ext}:1  Up  "
            f"Dial(SIP/{ext},30)"
            for ext in self.rng.sample(EXTENSIONS, 3)
        ]
        body = (
            "Channel              Location             State   Application(Data)",
            *rows,
            "",
            "Caller: 张伟 <13800138000>",
            "3 active channels",
            "2 active calls",
        )
        return headers, body


def encode(item: Expected) -> bytes:
    headers, body = item
    head = "".join(f"{n}: {v}\r\n" for n, v in headers)
    if body is None:
        return (head + "\r\n").encode("utf-8")
    return (head + "".join(line + "\n" for line in body) + "--END COMMAND--\r\n\r\n").encode()


def build_stream(n_events: int, seed: int = SEED, commands_every: int = 5000):
    """(stream bytes, expected messages, number of events, events with a non-ASCII value)."""
    gen = StreamGen(seed)
    expected: list[Expected] = []
    events = 0
    non_ascii = 0
    next_command = commands_every
    while events < n_events:
        for headers in gen.call():
            if events >= n_events:
                break
            expected.append((headers, None))
            events += 1
            if any(not v.isascii() for _, v in headers):
                non_ascii += 1
            if events >= next_command:
                expected.append(gen.command_reply())
                next_command += commands_every
    stream = BANNER + b"".join(encode(e) for e in expected)
    return stream, expected, events, non_ascii


def chunks_of(data: bytes, size: int = CHUNK) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def split_multibyte(chunks: Sequence[bytes]) -> int:
    """How many chunk boundaries fall inside a UTF-8 character."""
    return sum(1 for c in chunks[1:] if c and 0x80 <= c[0] < 0xC0)


# -- the parsers -----------------------------------------------------------------------------


def run_screenpop(chunks: Iterable[bytes], keep: bool = True) -> list:
    """What the client does with each message: read its name (the tracker's first question).

    Ordinary event frames split into headers only when asked (Message.lazy), so an event the
    tracker ignores costs framing, decoding and its name; run_screenpop_eager reads them all.
    """
    dec = AmiDecoder()
    out: list = []
    receive, messages = dec.receive_data, dec.messages
    for chunk in chunks:
        receive(chunk)
        if keep:
            out += messages()
        else:
            got = messages()
            for msg in got:
                msg.event  # noqa: B018 - the consumer's read is part of the work timed
            out.append(len(got))
    return out


def run_screenpop_eager(chunks: Iterable[bytes], keep: bool = True) -> list:
    """The same, with every header of every message parsed (as the naive baseline does)."""
    dec = AmiDecoder()
    out: list = []
    receive, messages = dec.receive_data, dec.messages
    for chunk in chunks:
        receive(chunk)
        got = messages()
        for msg in got:
            msg.headers  # noqa: B018 - force the header split
        if keep:
            out += got
        else:
            out.append(len(got))
    return out


def run_naive(chunks: Iterable[bytes], keep: bool = True) -> list:
    """The simplest thing that works on clean CRLF traffic, with no checks at all."""
    out: list = []
    tail = b""
    for chunk in chunks:
        frames = (tail + chunk).split(b"\r\n\r\n")
        tail = frames.pop()
        got = []
        for frame in frames:
            d = {}
            for line in frame.decode("utf-8").split("\r\n"):
                key, _, value = line.partition(": ")
                d[key] = value
            got.append(d)
        if keep:
            out += got
        else:
            out.append(len(got))
    return out


class _FakeTransport:
    def write(self, data: bytes) -> None:
        pass

    def close(self) -> None:
        pass


def run_panoramisk(chunks: Iterable[bytes], keep: bool = True) -> list:
    """panoramisk 1.4's AMIProtocol.data_received, as its Manager sets it up (encoding utf8).

    Every message its parser produces is collected (handle_message is replaced), so Command
    replies are counted even though panoramisk would route them to a pending action.
    """
    from panoramisk.ami_protocol import AMIProtocol

    proto = AMIProtocol()
    proto.connection_made(_FakeTransport())
    proto.encoding = "utf8"  # Manager(encoding="utf8") is panoramisk's default
    out: list = []
    got: list = []
    proto.handle_message = got.append  # type: ignore[method-assign]
    for chunk in chunks:
        proto.data_received(chunk)
        if keep:
            out += got
        else:
            out.append(len(got))
        got.clear()
    return out


# -- checking --------------------------------------------------------------------------------


def eq_screenpop(exp: Expected, got: object) -> bool:
    headers, body = exp
    return getattr(got, "headers", None) == headers and getattr(got, "body", None) == body


def eq_dict(exp: Expected, got: object) -> bool:
    """Event name and every header value (naive dict or panoramisk's case-insensitive dict)."""
    headers, body = exp
    get = got.get  # type: ignore[attr-defined]
    if any(get(n) != v for n, v in headers):
        return False
    if body is None:
        return True
    content = getattr(got, "content", None)
    if not isinstance(content, str):
        return False  # the parser has no notion of the CLI text
    lines = content.split("\n")
    if lines and lines[-1] == "--END COMMAND--":
        lines.pop()
    return tuple(lines) == body


def count_mismatches(
    expected: Sequence[Expected], got: Sequence[object], eq: Callable[[Expected, object], bool]
) -> int:
    """Expected messages not produced intact, in order (a dropped or extra message resyncs)."""
    bad = 0
    i = j = 0
    while i < len(expected) and j < len(got):
        if eq(expected[i], got[j]):
            i += 1
            j += 1
            continue
        bad += 1
        # A parser may have dropped or glued messages: look a little ahead to resync.
        for skip in range(1, 4):
            if j + skip < len(got) and eq(expected[i], got[j + skip]):
                j += skip
                break
        else:
            i += 1
            j += 1
    return bad + (len(expected) - i)


# -- main ------------------------------------------------------------------------------------


def best_of(fn: Callable[..., list], chunks: list[bytes], runs: int) -> tuple[float, int]:
    """Best wall time of `runs` passes, each consumer dropping the messages (as a client does
    after dispatching them); returns (seconds, messages produced)."""
    best = float("inf")
    produced = 0
    for _ in range(runs):
        start = time.perf_counter()
        counts = fn(chunks, keep=False)
        best = min(best, time.perf_counter() - start)
        produced = sum(counts)
    return best, produced


def measure(n_events: int = 200_000, runs: int = 5, verbose: bool = True) -> list[Row]:
    stream, expected, events, non_ascii = build_stream(n_events)
    chunks = chunks_of(stream)
    n_commands = len(expected) - events
    if verbose:
        print(
            f"stream: {events} events + {n_commands} Command replies, {len(stream) / 1e6:.1f} MB,"
            f" {len(chunks)} chunks of {CHUNK} B, {non_ascii / events:.1%} of events carry a"
            f" non-ASCII value, {split_multibyte(chunks)} chunk boundaries split a UTF-8 character"
        )
    results = {}
    for name, fn, eq in (
        ("screenpop", run_screenpop, eq_screenpop),
        ("screenpop_eager", run_screenpop_eager, eq_screenpop),
        ("panoramisk", run_panoramisk, eq_dict),
        ("naive", run_naive, eq_dict),
    ):
        seconds, _ = best_of(fn, chunks, runs)
        # A separate pass keeps every message for the comparison (holding 200k messages
        # costs allocation and GC time that a real consumer does not pay, so it is not timed).
        out = fn(chunks)
        if name.startswith("screenpop"):
            out = [m for m in out if not isinstance(m, Banner)]
        bad = count_mismatches(expected, out, eq)
        rate = len(expected) / seconds
        results[name] = (rate, bad)
        if verbose:
            print(
                f"  {name:<11} {rate:>10,.0f} msgs/s  best of {runs}: {seconds * 1000:7.1f} ms"
                f"  produced {len(out)}  mismatches {bad}"
            )
    ours, ours_bad = results["screenpop"]
    eager, eager_bad = results["screenpop_eager"]
    pan, pan_bad = results["panoramisk"]
    naive, naive_bad = results["naive"]
    return [
        Row("codec: screenpop AmiDecoder (as the client reads)", f"{ours:,.0f} msg/s", "", None),
        Row(
            "codec: screenpop, every header parsed",
            f"{eager:,.0f} msg/s ({eager / pan:.2f}x panoramisk, {eager / naive:.2f}x naive,"
            f" {eager_bad} mismatches)",
        ),
        Row("codec: panoramisk 1.4 parser", f"{pan:,.0f} msg/s ({pan_bad} mismatches)"),
        Row("codec: naive split baseline", f"{naive:,.0f} msg/s ({naive_bad} mismatches)"),
        Row("codec: screenpop mismatches", str(ours_bad), "0", ours_bad == 0),
        Row("codec: screenpop / panoramisk", f"{ours / pan:.2f}x", ">= 2.5x", ours / pan >= 2.5),
        Row("codec: screenpop / naive", f"{ours / naive:.2f}x", ">= 0.8x", ours / naive >= 0.8),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="3 runs instead of 5")
    ap.add_argument("--json", help="also write the result rows to this file")
    args = ap.parse_args(argv)
    runs = 3 if args.quick else args.runs
    print(machine_header())
    rows = measure(args.events, runs)
    report(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
