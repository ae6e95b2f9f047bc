"""Fuzzing the AMI codec and the call tracker (hypothesis + a seeded high-volume generator).

The generators and checks are shared with `bench/fuzz_long.py` (the long run). Figures (streams,
decodes, seconds) are printed in the terminal summary and written to
`<basetemp>/reliability/fuzz.json` (and `$SCREENPOP_FIGURES_DIR/fuzz.json` if set).

Bugs the fuzzing found are pinned by regression tests at the end (each was an xfail until
it was fixed).
"""

from __future__ import annotations

import itertools
import logging
import random
import time

import pytest
from conftest import publish_figures
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.fuzz_long import (
    Clock,
    Mismatch,
    check_stream,
    check_tracker,
    decode,
    fuzz,
    gen_call_messages,
    gen_mutated,
    gen_valid,
    run_tracker,
    unclosed_ringing,
)
from screenpop.ami.codec import AmiDecoder
from screenpop.ami.errors import ProtocolError
from screenpop.ami.message import Message
from screenpop.calls.events import Ringing
from screenpop.calls.tracker import CallTracker

FIGURES: dict[str, float] = {"streams": 0, "decodes": 0, "tracker_sequences": 0, "seconds": 0.0}
MAX_FRAME = 4096
# Each hypothesis example draws a seed; the shared generator builds the stream from it, so
# hypothesis explores (and shrinks) seeds while the generator keeps the structure valid.
FAST = settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=False,
)


@pytest.fixture(scope="module", autouse=True)
def _fuzz_figures(tmp_path_factory):
    start = time.monotonic()
    yield
    FIGURES["module_seconds"] = round(time.monotonic() - start, 1)
    line = (
        f"fuzz: {FIGURES['streams']:,} streams ({FIGURES['decodes']:,} decodes) and"
        f" {FIGURES['tracker_sequences']:,} tracker sequences in {FIGURES['module_seconds']} s"
    )
    publish_figures(tmp_path_factory, "fuzz.json", dict(FIGURES), line)


def count(streams: int = 0, decodes: int = 0, tracker: int = 0) -> None:
    FIGURES["streams"] += streams
    FIGURES["decodes"] += decodes
    FIGURES["tracker_sequences"] += tracker


# -- codec -------------------------------------------------------------------------------


@FAST
@given(seed=st.integers(0, 2**64 - 1), banner=st.booleans())
def test_valid_streams_round_trip_under_any_chunking(seed, banner):
    rng = random.Random(seed)
    stream = gen_valid(rng, banner=banner)
    count(1, check_stream(stream, rng, max_frame=MAX_FRAME))


@FAST
@given(seed=st.integers(0, 2**64 - 1))
def test_damaged_streams_raise_only_protocol_error_and_ignore_chunking(seed):
    rng = random.Random(seed)
    count(1, check_stream(gen_mutated(rng, MAX_FRAME), rng, max_frame=MAX_FRAME))


@settings(max_examples=800, deadline=None)
@given(data=st.binary(max_size=600), cuts=st.lists(st.integers(0, 600), max_size=6))
def test_arbitrary_bytes_never_raise_anything_but_protocol_error(data, cuts):
    edges = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    chunks = [data[a:b] for a, b in itertools.pairwise(edges)]
    for banner in (True, False):
        for max_frame in (64, MAX_FRAME):
            whole = decode([data], banner=banner, max_frame=max_frame)
            got = decode(chunks, banner=banner, max_frame=max_frame)
            assert got.max_buffered <= max_frame
            assert whole.max_buffered <= max_frame
    count(1, 8)


def test_seeded_high_volume_codec_and_tracker_run():
    """The bulk of the run: the bench's generator for ~30 s (at most 30,000 streams)."""
    seed = random.randrange(2**32)
    try:
        result = fuzz(streams=30_000, seconds=30, seed=seed, max_frame=MAX_FRAME, progress=print)
    except Mismatch as exc:
        pytest.fail(f"seed {seed}: {exc}")
    count(int(result["streams"]), int(result["decodes"]), int(result["tracker_sequences"]))
    FIGURES["seconds"] += float(result["seconds"])
    assert result["streams"] >= 5_000, result  # a very slow machine; figures still reported


@pytest.mark.parametrize("extra", [1, 100, 10_000])
def test_huge_values_are_bounded_by_max_frame(extra):
    """A value just over the bound, or far over it, fails with ProtocolError whatever the
    chunking; the decoder never holds more than max_frame bytes."""
    value = b"x" * (MAX_FRAME + extra)
    data = b"Event: Newchannel\r\nCallerIDName: " + value + b"\r\n\r\nEvent: Hangup\r\n\r\n"
    for chunks in ([data], [data[i : i + 1000] for i in range(0, len(data), 1000)]):
        got = decode(chunks, banner=False, max_frame=MAX_FRAME)
        assert got.error is not None and "KiB" in got.error
        assert got.messages == [] and got.max_buffered <= MAX_FRAME
    decoder = AmiDecoder(expect_banner=False, max_frame=MAX_FRAME)
    decoder.receive_data(data)
    with pytest.raises(ProtocolError):
        decoder.messages()
    with pytest.raises(ProtocolError):  # and it stays failed: the link must be dropped
        decoder.messages()
    count(1, 3)


def test_the_client_bound_is_four_mib():
    assert AmiDecoder()._max_frame == 4 * 1024 * 1024


# -- tracker -----------------------------------------------------------------------------


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**64 - 1))
def test_tracker_structured_sequences_close_every_popup_and_leak_nothing(seed):
    rng = random.Random(seed)
    try:
        count(tracker=check_tracker(rng))
    except Mismatch as exc:
        pytest.fail(str(exc))


NAMES = ["Event", "Channel", "Uniqueid", "UniqueID", "DestUniqueID", "Destination", "SubEvent"]
VALUES = [
    "Dial",
    "Hangup",
    "Newstate",
    "Cdr",
    "Bridge",
    "Rename",
    "DialBegin",
    "DialEnd",
    "AgentCalled",
    "Begin",
    "End",
    "SIP/474-00000001",
    "SIP/trunk-x-00000002",
    "DAHDI/5-1",
    "Local/200@x-0001;1",
    "Local/200@x-0001;2",
    "Skype/foo-1",
    "1.1",
    "1.2",
    "1.3",
    "",
    "<unknown>",
    "6",
]


@settings(max_examples=600, deadline=None)
@given(
    msgs=st.lists(
        st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(VALUES)), max_size=8),
        max_size=30,
    ),
    modern=st.booleans(),
)
def test_tracker_random_messages_never_raise_and_expire_everything(msgs, modern):
    run = run_tracker([Message(h) for h in msgs], modern=modern)
    assert run.leaks["calls_after_max_age"] == 0 and run.leaks["uid_call_after_max_age"] == 0
    count(tracker=1)


def test_tracker_real_sequences_from_the_simulator_engine():
    rng = random.Random(4)
    for flavor in ("1.8", "20"):
        for _ in range(50):
            msgs = gen_call_messages(rng, flavor, steps=40)
            run = run_tracker(msgs, modern=flavor == "20")
            assert unclosed_ringing(run.events) == []
            assert not any(run.leaks.values()), run.leaks
            assert any(isinstance(e, Ringing) for e in run.events)
            count(tracker=1)


def _dial(dest: str) -> Message:
    return Message(
        [
            ("Event", "Dial"),
            ("SubEvent", "Begin"),
            ("Channel", "SIP/trunk-sps-test1-00000001"),
            ("Destination", dest),
            ("CallerIDNum", "13800138000"),
            ("CallerIDName", "张伟"),
            ("UniqueID", "1.1"),
            ("DestUniqueID", "1.2"),
        ]
    )


@pytest.mark.parametrize(
    "msg",
    [
        Message([("Event", "NoSuchEvent"), ("Channel", "SIP/474-1"), ("Uniqueid", "1.1")]),
        Message([("Event", "PeerStatus"), ("Peer", "SIP/474"), ("PeerStatus", "Registered")]),
        _dial("Skype/474-00000002"),  # an unknown channel technology
        _dial("Console/dsp"),
    ],
    ids=["unknown-event", "unrelated-event", "unknown-tech", "console"],
)
def test_unknown_events_and_technologies_are_ignored(msg):
    clock = Clock()
    tracker = CallTracker(clock=clock)
    assert tracker.feed(msg) == []
    hangup = Message([("Event", "Hangup"), ("Channel", "SIP/trunk-sps-test1-00000001")])
    tracker.feed(Message([*hangup.headers, ("Uniqueid", "1.1")]))
    clock.now += 3
    assert [e for e in tracker.expire() if isinstance(e, Ringing)] == []
    assert tracker.calls == {} and tracker._uid_call == {}


def test_unknown_event_is_logged_at_debug(caplog):
    tracker = CallTracker()
    with caplog.at_level(logging.DEBUG, logger="screenpop"):
        tracker.feed(Message([("Event", "NoSuchEvent")]))
    assert tracker.unknown_events == 1
    assert [r for r in caplog.records if r.name.startswith("screenpop")]


# -- codec bugs found by the fuzzer (fail until codec.py is fixed) -----------------------


def test_utf8_frame_next_to_a_gbk_frame_keeps_its_name():
    data = (
        b"Event: A\nCallerIDName: " + "张伟".encode() + b"\n\r\n"
        b"Event: B\r\nCallerIDName: " + "张".encode("gbk") + b"\r\n\r\n"
    )
    got = decode([data], banner=False, max_frame=MAX_FRAME)
    assert [m.get("CallerIDName") for m in got.messages] == ["张伟", "张"]


def test_oversize_follows_reply_refused_whatever_the_chunking():
    body = b"line\n" * 100
    data = b"Response: Follows\r\nPrivilege: Command\r\n" + body + b"--END COMMAND--\r\n\r\n"
    whole = decode([data], banner=False, max_frame=256)
    split = decode([data[:300], data[300:]], banner=False, max_frame=256)
    assert (whole.error is None) == (split.error is None)


def test_frame_at_the_bound_does_not_depend_on_chunking():
    frame = b"Event: X\r\nV: " + b"a" * (256 - 13) + b"\r\n\r\n"
    whole = decode([frame], banner=False, max_frame=256)
    split = decode([frame[:-1], frame[-1:]], banner=False, max_frame=256)
    assert (whole.error, whole.messages) == (split.error, split.messages)


def test_response_follows_header_inside_an_event_does_not_swallow_the_stream():
    data = (
        b"Event: UserEvent\r\nUserEvent: x\r\nResponse: Follows\r\nX: 1\r\n\r\n"
        b"Event: Hangup\r\nUniqueid: 1.2\r\n\r\n"
    )
    got = decode([data], banner=False, max_frame=MAX_FRAME)
    assert [m.event for m in got.messages] == ["UserEvent", "Hangup"]
