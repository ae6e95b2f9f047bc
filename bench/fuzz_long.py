"""Long fuzz run of the AMI codec and the call tracker (the properties of tests/test_fuzz.py).

    python bench/fuzz_long.py --minutes 10
    python bench/fuzz_long.py --streams 1000000 --seed 7

Generators and checks live here (standard library + screenpop only) so the test module and
this bench check the same properties:

codec   valid streams (random headers and values, CRLF/LF mixed per line, Follows bodies,
        banner, stray blank lines) decode to exactly the frames written, whatever the
        chunking; mutated streams (garbage bytes inserted, truncated, oversize values) never
        raise anything but ProtocolError, chunking never changes the outcome, the buffer
        stays bounded by max_frame, and a truncated valid stream yields a prefix.
tracker message sequences from the simulator's own call engine (ring groups, answers,
        hangups, transfers, outbound, analog, originate), optionally with events dropped,
        duplicated or shuffled, never raise; with the real order every Ringing is closed and
        once every call has ended nothing is left in the tracker's maps.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from screenpop.ami.codec import NEED_DATA, AmiDecoder  # noqa: E402
from screenpop.ami.errors import ProtocolError  # noqa: E402
from screenpop.ami.message import Banner, Message  # noqa: E402
from screenpop.calls.channels import Kind  # noqa: E402
from screenpop.calls.events import Ended, RingEnded, Ringing  # noqa: E402
from screenpop.calls.tracker import CDR_GRACE_SECONDS, MAX_CALL_AGE, CallTracker  # noqa: E402
from screenpop.pbxsim.calls import CallEngine  # noqa: E402

# -- codec: generation -------------------------------------------------------------------

HEADER_NAMES = [
    "Privilege",
    "Channel",
    "Uniqueid",
    "UniqueID",
    "CallerIDNum",
    "CallerIDName",
    "ActionID",
    "Message",
    "Output",
    "Variable",
    "Value",
    "Cause",
    "Cause-txt",
    "X_Custom-1",
    "a",
]
EVENT_NAMES = ["Newchannel", "Dial", "Hangup", "Cdr", "DialBegin", "UserEvent", "Foo"]
RESPONSES = ["Success", "Error", "Goodbye", "Pong", "Events Off"]
# Pieces values are built from: ASCII, colons, spaces, tabs, CJK, accents, emoji, NUL.
VALUE_PIECES = [
    "474",
    "SIP/trunk-sps-test1-0000000a",
    "张伟",
    "王小明",
    "José Müller",
    ": ",
    ":",
    " ",
    "\t",
    "<unknown>",
    "\x00",
    "😀",
    "Response: Follows",
    "--END",
    "a" * 20,
    "\\n",
    '"',
]
BODY_PIECES = [*VALUE_PIECES, "Privilege: Command", "Key: value", "ActionID: 3", ""]
GARBAGE_PIECES = [
    b"\r",
    b"\n",
    b"\r\n",
    b"\r\n\r\n",
    b"\n\n",
    b":",
    b"\xff",
    b"\xfe\xfd",
    b"\xe5\xbc",  # half a UTF-8 CJK character
    b"\xd5\xc5",  # GBK
    b"\x00",
    b"Event: X\r\n",
    b"--END COMMAND--",
    b"Response: Follows\r\n",
    b"Asterisk Call Manager/1.1\r\n",
]
ENDINGS = ["\r\n", "\n"]


def _value(rng: random.Random, limit: int = 4) -> str:
    return "".join(rng.choice(VALUE_PIECES) for _ in range(rng.randrange(limit + 1)))


@dataclass
class Stream:
    data: bytes
    expected: list[Message | Banner] | None  # None: mutated, no exact expectation
    banner: bool = False
    oversize: bool = False  # a frame is larger than max_frame
    boundaries: list[int] = field(default_factory=list)  # offsets where a frame starts


def gen_frame(rng: random.Random, oversize_at: int | None = None) -> tuple[bytes, Message]:
    """One valid frame: its bytes (mixed line ends) and the Message it must decode to."""
    le = ENDINGS if rng.random() < 0.5 else [rng.choice(ENDINGS)]
    if oversize_at is None and rng.random() < 0.15:
        return _gen_follows(rng, le)
    first = (
        ("Event", rng.choice(EVENT_NAMES))
        if rng.random() < 0.7
        else ("Response", rng.choice(RESPONSES))
    )
    headers = [first]
    for _ in range(rng.randrange(9)):
        name = rng.choice(HEADER_NAMES)
        headers.append((name, _value(rng)))
    if oversize_at is not None:
        headers.append(("Huge", "v" * oversize_at))
    out = "".join(f"{n}: {v}{rng.choice(le)}" for n, v in headers) + rng.choice(le)
    return out.encode("utf-8"), Message(headers)


def _gen_follows(rng: random.Random, le: list[str]) -> tuple[bytes, Message]:
    headers = [("Response", "Follows"), ("Privilege", "Command")]
    if rng.random() < 0.7:
        headers.append(("ActionID", str(rng.randrange(10**6))))
    lines = [
        "".join(rng.choice(BODY_PIECES) for _ in range(rng.randrange(4)))
        for _ in range(rng.randrange(6))
    ]
    # The first CLI line must not look like one of the two headers a Follows reply has.
    if lines and lines[0].partition(":")[0].strip().lower() in ("privilege", "actionid"):
        lines[0] = "x" + lines[0]
    glued = bool(lines) and lines[-1] != "" and rng.random() < 0.3
    text = "".join(f"{n}: {v}{rng.choice(le)}" for n, v in headers)
    text += "".join(line + "\n" for line in (lines[:-1] if glued else lines))
    if glued:
        text += lines[-1]
    text += "--END COMMAND--" + rng.choice(le) + rng.choice(le)
    return text.encode("utf-8"), Message(headers, body=tuple(lines))


def gen_valid(rng: random.Random, *, banner: bool = False, max_frames: int = 8) -> Stream:
    parts: list[bytes] = []
    expected: list[Message | Banner] = []
    if banner:
        text = rng.choice(["Asterisk Call Manager/1.1", "Asterisk Call Manager/9.0.0"])
        parts.append((text + rng.choice(ENDINGS)).encode())
        expected.append(Banner(text))
    boundaries = []
    size = len(parts[0]) if parts else 0
    for _ in range(rng.randrange(1, max_frames + 1)):
        if rng.random() < 0.1:
            parts.append(rng.choice(ENDINGS).encode())  # a stray empty line between frames
            size += len(parts[-1])
        boundaries.append(size)
        data, msg = gen_frame(rng)
        parts.append(data)
        size += len(data)
        expected.append(msg)
    boundaries.append(size)
    return Stream(b"".join(parts), expected, banner, False, boundaries)


def gen_mutated(rng: random.Random, max_frame: int) -> Stream:
    """A valid stream damaged: garbage inserted, truncated, or an oversize value added."""
    base = gen_valid(rng, banner=rng.random() < 0.2)
    data = bytearray(base.data)
    oversize = False
    kind = rng.randrange(4)
    if kind in (0, 3):
        for _ in range(rng.randrange(1, 6)):
            piece = rng.choice(GARBAGE_PIECES) if rng.random() < 0.7 else rng.randbytes(3)
            at = rng.randrange(len(data) + 1)
            data[at:at] = piece
    if kind in (1, 3):
        del data[rng.randrange(len(data) + 1) :]
    if kind == 2:
        frame, _ = gen_frame(rng, oversize_at=max_frame + rng.randrange(200, 2000))
        at = rng.choice(base.boundaries)
        data[at:at] = frame
        oversize = True
    return Stream(bytes(data), None, base.banner, oversize)


def random_chunks(rng: random.Random, data: bytes) -> list[bytes]:
    """Split at random offsets; sometimes every byte alone, sometimes big reads."""
    mode = rng.randrange(6)
    if mode == 0 and len(data) < 1500:
        return [data[i : i + 1] for i in range(len(data))]
    if mode == 1:
        cuts = sorted(rng.sample(range(1, len(data)), min(3, max(0, len(data) - 1))))
    else:
        step = rng.choice([2, 3, 7, 16, 64, 1500])
        cuts = list(range(step, len(data), step))
    edges = [0, *cuts, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges) if b > a]


# -- codec: checking -----------------------------------------------------------------------


@dataclass
class Outcome:
    messages: list[Message | Banner]
    error: str | None
    max_buffered: int


def decode(chunks: list[bytes], *, banner: bool, max_frame: int) -> Outcome:
    """Feed the chunks; collect every message (also those ready when an error is raised)."""
    dec = AmiDecoder(expect_banner=banner, max_frame=max_frame)
    out: list[Message | Banner] = []
    most = 0
    try:
        for chunk in chunks:
            dec.receive_data(chunk)
            while (msg := dec.next_message()) is not NEED_DATA:
                out.append(msg)  # type: ignore[arg-type]
            most = max(most, dec.buffered)
    except ProtocolError as exc:
        while True:  # messages decoded before the bad frame are still handed out
            try:
                msg = dec.next_message()
            except ProtocolError:
                break
            if msg is NEED_DATA:
                break
            out.append(msg)  # type: ignore[arg-type]
        return Outcome(out, str(exc), most)
    return Outcome(out, None, most)


class Mismatch(AssertionError):
    pass


def _short(obj: object, limit: int = 600) -> str:
    text = repr(obj)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def shape(messages: list[Message | Banner]) -> list[object]:
    """Messages without their decoded text: header names, body line count."""
    return [
        (type(m).__name__, tuple(n for n, _ in m.headers), len(m.body or ()))
        if isinstance(m, Message)
        else "banner"
        for m in messages
    ]


def check_stream(stream: Stream, rng: random.Random, *, max_frame: int, chunkings: int = 2) -> int:
    """Check one stream: exact decode (valid ones), chunking invariance, bounded buffer.

    Returns the number of decodes done.
    """
    whole = decode([stream.data], banner=stream.banner, max_frame=max_frame)
    if stream.expected is not None and (
        whole.error is not None or whole.messages != stream.expected
    ):
        raise Mismatch(f"valid stream decoded wrongly: {_short(stream.data)}\n{_short(whole)}")
    if stream.oversize and whole.error is None:
        raise Mismatch(f"oversize frame accepted: {len(stream.data)} bytes")
    for _ in range(chunkings):
        chunks = random_chunks(rng, stream.data)
        got = decode(chunks, banner=stream.banner, max_frame=max_frame)
        if (got.messages, got.error is None) != (whole.messages, whole.error is None):
            cuts = [len(c) for c in chunks]
            raise Mismatch(
                f"chunking changed the result: {_short(stream.data)}\nchunks={cuts}\n"
                f"whole={_short(whole.messages)} {whole.error}\n"
                f"chunked={_short(got.messages)} {got.error}"
            )
        # The tail may also hold up to 3 bytes of the empty line that will end a whole frame.
        if got.max_buffered > max_frame + 3:
            raise Mismatch(f"buffer grew to {got.max_buffered} > {max_frame}")
    if stream.expected is not None and len(stream.data) > 1:
        cut = rng.randrange(len(stream.data))
        part = decode([stream.data[:cut]], banner=stream.banner, max_frame=max_frame)
        if part.error is not None or part.messages != whole.messages[: len(part.messages)]:
            raise Mismatch(f"truncation at {cut} is not a prefix: {_short(stream.data)}")
        return chunkings + 2
    return chunkings + 1


# -- tracker -------------------------------------------------------------------------------

EXTENSIONS = ["201", "202", "203", "474", "306"]
CALLERS = [("13800138000", "张伟"), ("0571888", ""), ("+34911234567", "José Müller")]


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def gen_call_messages(rng: random.Random, flavor: str, steps: int = 30) -> list[Message]:
    """What a PBX sends for `steps` random scenario steps, every call ended at the end."""
    out: list[Message] = []
    t = [1_700_000_000.0]

    def clock() -> float:
        t[0] += rng.random()
        return t[0]

    engine = CallEngine(flavor, lambda ev: out.append(Message(ev[1])), clock=clock)
    for _ in range(steps):
        op = rng.randrange(10)
        live = [c for c in engine.calls if not c.ended]
        ringing = [c for c in live if c.answered_by is None and c.legs]
        if op <= 2 or not live:
            number, name = rng.choice(CALLERS)
            exts = rng.sample(EXTENSIONS, rng.randrange(1, 4))
            engine.incoming(number, name, exts, "trunk-sps-test1")
        elif op == 3 and ringing:
            call = rng.choice(ringing)
            engine.answer(call, rng.choice(list(call.legs)))
        elif op == 4:
            engine.hangup(rng.choice(live))
        elif op == 5:
            engine.internal(rng.choice(EXTENSIONS), "013800138000", "trunk-sps-test1")
        elif op == 6:
            engine.incoming("13900000000", "Analog", ["601"], "trunk-sps-test1", kind="analog")
        elif op == 7:
            call = rng.choice(live)
            target = rng.choice(EXTENSIONS)
            engine.redirect(call.caller, f"DLPN_DialPlan{target}", target)
        elif op == 8 and ringing:
            call = rng.choice(ringing)
            engine.hangup_channel(rng.choice(list(call.legs.values())))
        elif op == 9:
            engine.originate(f"SIP/{rng.choice(EXTENSIONS)}", "DLPN_DialPlan201", "306", None, "1")
    while engine.calls:
        engine.hangup(engine.calls[0])
    return out


def damage(rng: random.Random, msgs: list[Message]) -> list[Message]:
    """Drop, duplicate, swap or blank some messages (a PBX that lost or reordered events)."""
    msgs = list(msgs)
    for _ in range(rng.randrange(1, 6)):
        if not msgs:
            break
        i = rng.randrange(len(msgs))
        op = rng.randrange(4)
        if op == 0:
            del msgs[i]
        elif op == 1:
            msgs.insert(i, msgs[i])
        elif op == 2:
            j = rng.randrange(len(msgs))
            msgs[i], msgs[j] = msgs[j], msgs[i]
        else:
            headers = list(msgs[i].headers)
            k = rng.randrange(len(headers))
            headers[k] = (headers[k][0], rng.choice(["", "<unknown>", "x" * 300, "张", "-1"]))
            msgs[i] = Message(headers)
    return msgs


@dataclass
class TrackerRun:
    events: list
    leaks: dict[str, int]


def run_tracker(msgs: list[Message], *, modern: bool, clock: Clock | None = None) -> TrackerRun:
    """Feed the messages (answering DAHDI lookups: port 5 is extension 601), then let every
    grace period run out; report what is left in the tracker's maps."""
    clock = clock or Clock()
    tracker = CallTracker(modern=modern, clock=clock)
    events: list = []
    for msg in msgs:
        clock.now += 0.01
        events += tracker.feed(msg)
        for port in tracker.take_dahdi_lookups():
            events += tracker.resolve_dahdi(port, Kind.EXTENSION, "601" if port == "5" else None)
    clock.now += CDR_GRACE_SECONDS + 0.1
    events += tracker.expire()
    leaks = {
        "calls": len(tracker.calls),
        "uid_call": len(tracker._uid_call),
        "local_call": len(tracker._local_call),
        "dahdi_pending": sum(len(v) for v in tracker._dahdi_pending.values()),
    }
    # Whatever remains must go once MAX_CALL_AGE passes (calls whose Hangup was lost).
    clock.now += MAX_CALL_AGE + 1
    events += tracker.expire()
    leaks["calls_after_max_age"] = len(tracker.calls)
    leaks["uid_call_after_max_age"] = len(tracker._uid_call)
    return TrackerRun(events, leaks)


def unclosed_ringing(events: list) -> list[tuple[str, str]]:
    """(call, extension) of every Ringing not followed by its RingEnded or its call's Ended."""
    open_: dict[tuple[str, str], int] = {}
    for event in events:
        if isinstance(event, Ringing):
            open_[(event.call, event.extension)] = 1
        elif isinstance(event, RingEnded):
            open_.pop((event.call, event.extension), None)
        elif isinstance(event, Ended):
            for key in [k for k in open_ if k[0] == event.call]:
                del open_[key]
    return list(open_)


def check_tracker(rng: random.Random) -> int:
    """One structured sequence, as sent and damaged. Returns the number of sequences run."""
    flavor = rng.choice(["1.8", "20"])
    msgs = gen_call_messages(rng, flavor, steps=rng.randrange(5, 40))
    real = run_tracker(msgs, modern=flavor == "20")
    if unclosed_ringing(real.events):
        raise Mismatch(f"Ringing never closed: {unclosed_ringing(real.events)}")
    if any(real.leaks.values()):
        raise Mismatch(f"tracker state left after every call ended: {real.leaks}")
    damaged = run_tracker(damage(rng, msgs), modern=flavor == "20")
    if damaged.leaks["calls_after_max_age"] or damaged.leaks["uid_call_after_max_age"]:
        raise Mismatch(f"damaged sequence leaks past MAX_CALL_AGE: {damaged.leaks}")
    return 2


# -- the long run --------------------------------------------------------------------------


def fuzz(
    *, streams: int, seconds: float, seed: int, max_frame: int = 4096, progress: Callable = print
) -> dict[str, int | float]:
    rng = random.Random(seed)
    counts = {"streams": 0, "decodes": 0, "tracker_sequences": 0}
    start = time.monotonic()
    last = start
    while counts["streams"] < streams and time.monotonic() - start < seconds:
        r = rng.random()
        if r < 0.45:
            stream = gen_valid(rng, banner=rng.random() < 0.2)
        elif r < 0.95:
            stream = gen_mutated(rng, max_frame)
        else:
            counts["tracker_sequences"] += check_tracker(rng)
            continue
        counts["decodes"] += check_stream(stream, rng, max_frame=max_frame)
        counts["streams"] += 1
        if time.monotonic() - last > 10:
            last = time.monotonic()
            progress(f"  {counts['streams']:,} streams, {last - start:.0f} s")
    return {**counts, "seconds": round(time.monotonic() - start, 1), "seed": seed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--streams", type=int, default=1_000_000, help="stop after N streams")
    parser.add_argument("--minutes", type=float, default=None, help="stop after N minutes")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-frame", type=int, default=4096)
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    seconds = args.minutes * 60 if args.minutes is not None else float("inf")
    streams = args.streams if args.minutes is None else sys.maxsize
    print(f"fuzzing the AMI codec and call tracker, seed {seed}")
    try:
        result = fuzz(streams=streams, seconds=seconds, seed=seed, max_frame=args.max_frame)
    except Mismatch as exc:
        print(f"FAILED (seed {seed}): {exc}")
        return 1
    print(
        f"{result['streams']:,} streams ({result['decodes']:,} decodes),"
        f" {result['tracker_sequences']:,} tracker sequences in {result['seconds']} s:"
        " no failures"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
