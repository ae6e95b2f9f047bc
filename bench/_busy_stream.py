"""A busy PBX's AMI stream, made by the simulator's own CallEngine, and what a watcher must see.

Most calls ring extensions nobody watches (200-299): single phones, ring groups, internal and
outbound calls, answered or missed, some transferred between them. About one call in ten
involves the watched extension 474: rung alone, in a ring group with others, or transferred
to it from another extension after ringing or being answered there. Caller names are often
non-ASCII. Only the events a server sends for the client's login mask (`call,cdr,agent`) are
kept, as a real server would. The stream ends with one more call ringing 474: the marker
whose `ringing` line ends a timing run.

`Truth` lists, per watched call, the caller and the call id a correct client reports, so a
bench can check that no watched call's events were lost.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

WATCHED = "474"
MARKER_NUMBER = "19999999999"
MARKER_NAME = "Last Caller 张"
OTHERS = [str(n) for n in range(200, 300)]
TRUNKS = ["trunk-sps-test1", "trunk-sps-test3", "trunk-gsm1"]
NAMES = [
    "John Smith", "Acme Corp", "Reception", "Mary O'Neil", "Sales Desk", "Wireless Caller",
    "张伟", "王芳", "上海贸易有限公司", "José Müller", "François Lefèvre", "Łukasz Żółć",
    "Søren Kierkegård", "Renée Côté", "Ñoño Peña", "黄晓明",
]  # fmt: skip
CLIENT_MASK = frozenset({"call", "cdr", "agent"})


@dataclass
class WatchedCall:
    call_id: str
    number: str
    name: str
    how: str  # alone, group, transfer_ringing, transfer_answered, marker
    answered_by_watched: bool


@dataclass
class Truth:
    flavor: str
    events: int = 0
    watched_events: int = 0  # events naming a channel of a call that involves 474
    calls: int = 0
    watched: list[WatchedCall] = field(default_factory=list)


class _Clock:
    def __init__(self) -> None:
        self.t = 1_795_660_000.0

    def __call__(self) -> float:
        return self.t


def busy_stream(
    events: int = 100_000, flavor: str = "1.8", seed: int = 12, watched_share: float = 0.1
) -> tuple[bytes, Truth]:
    """At least `events` events (whole calls), then the marker call ringing 474."""
    from screenpop.pbxsim.calls import CallEngine
    from screenpop.pbxsim.frames import frame

    rng = random.Random(seed)
    clock = _Clock()
    out: list[bytes] = []
    truth = Truth(flavor)
    current = {"watched": False}

    def emit(event: tuple[str, list[tuple[str, str]]]) -> None:
        category, pairs = event
        if category not in CLIENT_MASK:
            return
        out.append(frame(pairs))
        if current["watched"]:
            truth.watched_events += 1

    engine = CallEngine(flavor, emit, clock=clock)

    def number() -> str:
        return "1" + "".join(rng.choice("0123456789") for _ in range(10))

    def tick() -> None:
        clock.t += rng.uniform(0.0, 0.5)

    while len(out) < events:
        truth.calls += 1
        tick()
        name = rng.choice(NAMES)
        num = number()
        trunk = rng.choice(TRUNKS)
        watched = rng.random() < watched_share
        current["watched"] = watched
        if watched:
            how = rng.choice(["alone", "alone", "group", "transfer_ringing", "transfer_answered"])
            if how in ("alone", "group"):
                exts = [WATCHED] if how == "alone" else [WATCHED, *rng.sample(OTHERS, 2)]
                rng.shuffle(exts)
                call = engine.incoming(num, name, exts, trunk)
                tick()
                answer = rng.random() < 0.6
                pick = rng.choice(exts) if answer else None
                if pick is not None:
                    engine.answer(call, pick)
                    tick()
                engine.hangup(call)
                truth.watched.append(
                    WatchedCall(call.caller.uniqueid, num, name, how, pick == WATCHED)
                )
            else:
                first = rng.choice(OTHERS)
                call = engine.incoming(num, name, [first], trunk)
                tick()
                if how == "transfer_answered":
                    engine.answer(call, first)
                    tick()
                engine.redirect(call.caller, f"DLPN_DialPlan{WATCHED}", WATCHED)
                tick()
                answer = rng.random() < 0.5
                if answer:
                    engine.answer(call, WATCHED)
                    tick()
                engine.hangup(call)
                truth.watched.append(WatchedCall(call.caller.uniqueid, num, name, how, answer))
            continue
        kind = rng.random()
        if kind < 0.55:
            call = engine.incoming(num, name, [rng.choice(OTHERS)], trunk)
        elif kind < 0.7:
            call = engine.incoming(num, name, rng.sample(OTHERS, 3), trunk)
        elif kind < 0.85:
            a, b = rng.sample(OTHERS, 2)
            call = engine.internal(a, b)
        else:
            call = engine.internal(rng.choice(OTHERS), number(), trunk)
        tick()
        if call.legs and rng.random() < 0.6:
            engine.answer(call, rng.choice(list(call.legs)))
            tick()
            if rng.random() < 0.1 and call.kind == "inbound":
                # Transferred on to another unwatched extension.
                engine.redirect(call.caller, "DLPN_DialPlan299", rng.choice(OTHERS))
                tick()
        engine.hangup(call)
    truth.events = len(out)
    # The marker: rings 474 and keeps ringing (the run ends when it is reported).
    tick()
    current["watched"] = True
    marker = engine.incoming(MARKER_NUMBER, MARKER_NAME, [WATCHED], TRUNKS[0])
    truth.watched.append(WatchedCall(marker.caller.uniqueid, MARKER_NUMBER, MARKER_NAME,
                                     "marker", False))  # fmt: skip
    truth.events = len(out)
    return b"".join(out), truth


def check_output(lines: list[dict], truth: Truth) -> list[str]:
    """What a correct watcher of 474 must have printed; one text per problem found."""
    problems = []
    by_call: dict[str, list[dict]] = {}
    for line in lines:
        by_call.setdefault(line.get("call", ""), []).append(line)
    for wc in truth.watched:
        got = by_call.get(wc.call_id, [])
        rings = [e for e in got if e["type"] == "ringing" and e["extension"] == WATCHED]
        if not rings:
            problems.append(f"{wc.how} call {wc.call_id}: no ringing line for {WATCHED}")
            continue
        caller = rings[0]["caller"]
        if caller != {"number": wc.number, "name": wc.name}:
            problems.append(f"{wc.how} call {wc.call_id}: caller {caller}, want {wc.name}")
        if wc.how == "marker":
            continue
        ends = [e for e in got if e["type"] in ("ring_ended", "answered")]
        if not ends:
            problems.append(f"{wc.how} call {wc.call_id}: its ringing never ended")
        if wc.answered_by_watched and not any(e["type"] == "answered" for e in got):
            problems.append(f"{wc.how} call {wc.call_id}: answered at {WATCHED}, not reported")
        ended = [e for e in got if e["type"] == "ended"]
        if len(ended) != 1:
            problems.append(f"{wc.how} call {wc.call_id}: {len(ended)} ended lines")
        elif WATCHED not in ended[0]["extensions"]:
            problems.append(f"{wc.how} call {wc.call_id}: ended without {WATCHED}")
    known = {wc.call_id for wc in truth.watched}
    strays = {c for c in by_call if c not in known}
    if strays:
        problems.append(f"{len(strays)} calls reported that never rang {WATCHED}")
    return problems
