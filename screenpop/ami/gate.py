"""The call gate: set aside, unparsed, the events of calls that never touched a watched phone.

A busy PBX talks mostly about other people's calls. Following all of them costs the tracker
most of its time, yet any call may still ring a watched phone later (a transfer, a ring group,
a queue, Local channels), and then its whole history counts (every extension that rang, who
answered, its Cdr). So the gate, asked per raw event frame before anything decodes it:

* sorts each call event into a group of calls: frames that share a Uniqueid (any spelling),
  a Linkedid, a channel name, or a Local channel's base (`;1`/`;2` cut off) belong together;
  groups merge when a frame names two of them;
* tests the frame for relevance with a conservative byte test: does it name a watched
  extension (bounded by non-alphanumerics), a DAHDI/Zap channel (an analog port may be a
  watched phone), or an ActionID (a reply someone waits for)? False positives cost speed only;
* keeps the frames of groups that were never relevant, raw and in arrival order, with the time
  each arrived; when a group becomes relevant its kept frames are handed out first, in their
  order, then the current one, and from then on the group's frames pass at once;
* forgets a group once every channel it named hung up: its kept frames are dropped (nothing
  can make it relevant any more), and its keys are remembered for a while so that the Cdr
  that follows is dropped too, or passed for a group that was relevant.

What is not a gated call event (replies, presence and parking events...) passes at once, and
an event no reader of the service reads (`wanted`: Unlink, DialState, VarSet...) is dropped
unparsed. Any frame the gate cannot be sure to cut and read exactly as the decoder and the
tracker would (bare LF lines, a lone CR, blanks around a header name, a 1.x Command reply, an
event spelled otherwise) passes, and its call with it. Bounded: past a cap of kept bytes or
groups the gate hands out everything it kept and lets every frame through from then on
(`overflowed`). docs/performance.md ("The call gate") has the design and the proof. Pure, stdlib.

`feed()` returns, in stream order: bytes (whole frames for the decoder, each with its
separator) and `(time, frame)` pairs (kept frames released, with the time they arrived), and
`(None, frame)` pairs: a kept frame that a side reader (presence) wants to see now.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from screenpop.ami.gate_frames import (
    ALNUM,
    ALNUM_BYTES,
    CHANNEL,
    GATED_EVENTS,
    KEY_LINES,
    NEEDLES,
    PLAIN_EVENTS,
    SEP,
    UID,
    frame_keys,
    is_odd,
)

# A frame longer than this passes (the decoder enforces its own bound and error).
MAX_KEPT_FRAME = 64 * 1024
MAX_KEPT_BYTES = 32 * 1024 * 1024
MAX_GROUPS = 50_000
# Keys of forgotten groups: how long, and how many, they are remembered (for late Cdr).
DEAD_SECONDS = 120.0
MAX_DEAD = 50_000


_Item = bytes | tuple[float | None, bytes]


def _flush(run: list[bytes], out: list[_Item]) -> None:
    """The frames passed so far go out as one piece, before whatever comes next."""
    if run:
        run.append(b"")
        out.append(SEP.join(run))
        run.clear()


_UNREAD: tuple = ("unread",)  # a name table's stand-in: an event nobody reads
# What a frame's first line says, for the usual reads' loop: an event that passes at once, or
# one the general rule judges (not `Event: Name`, blanks around the name).
_PASS: tuple = ("pass",)
_SLOW: tuple = ("slow",)


class _Group:
    __slots__ = ("alive", "frames", "keys", "live", "size")

    def __init__(self, live: bool) -> None:
        self.keys: set[bytes] = set()
        self.alive: set[bytes] = set()  # Uniqueids named here that have not hung up
        self.frames: list[tuple[int, float, bytes]] = []  # (seq, arrival time, frame)
        self.live = live
        self.size = 0


class CallGate:
    def __init__(
        self,
        watch: Iterable[str],
        *,
        side_events: Iterable[str] = (),
        wanted: Iterable[str] | None = None,
        max_kept_bytes: int = MAX_KEPT_BYTES,
        max_groups: int = MAX_GROUPS,
    ) -> None:
        names = {e.strip().lower() for e in watch if e.strip()}
        # What makes a frame relevant (on the lowercased text): a watched extension bounded
        # by non-alphanumerics; any DAHDI/Zap channel (an analog port may be a watched phone,
        # known only after a lookup); an ActionID (something waits for this frame).
        self._needles: list[tuple[bytes, bool]] = [(n.encode("utf-8"), True) for n in names]
        self._needles += [(b"dahdi/", False), (b"zap/", False), (b"actionid", False)]
        # Kept frames of these events are also handed out at once, for a side reader.
        self.side_events = frozenset(e.lower() for e in side_events)
        # The devices the side reader follows (lowercase `sip/203`), or None: every frame.
        self.side_devices: frozenset[bytes] | None = None
        self._tail = b""
        self._groups: dict[bytes, _Group] = {}  # key -> its group
        self._group_count = 0
        self._dead: OrderedDict[bytes, tuple[float, bool]] = OrderedDict()
        self._names: dict[bytes, Any] = {}  # event name as spelled -> its header table
        self._lines: dict[bytes, Any] = {}  # a frame's first line as spelled -> its table
        self._seqs = itertools.count(1)  # arrival order of kept frames
        self._kept_bytes = 0
        self._max_kept = max_kept_bytes
        self._max_groups = max_groups
        self._follows = False
        self._prev_clean = True
        self._queue_waiting: set[bytes] = set()  # 1.x queue callers (Join without Leave)
        self.overflowed = False
        self.overflow_noted = False  # for the reader that logs it once
        self.frames_kept = 0
        self.frames_dropped = 0
        self.frames_released = 0
        self.frames_unread = 0
        # Lowercase names of every event some reader of the service reads, or None (all):
        # a frame of any other event is dropped unparsed.
        self.wanted: frozenset[str] | None = (
            None if wanted is None else frozenset(e.lower() for e in wanted) | GATED_EVENTS
        )

    # -- the state from before the gate ------------------------------------------------

    def seed(self, groups: Iterable[Iterable[str]], queue_callers: Iterable[str] = ()) -> None:
        """Calls known before the gate existed: each a live group (their frames pass)."""
        for keys in groups:
            group = None
            for key in keys:
                k = key.strip().lower().encode("utf-8")
                if not k:
                    continue
                found = self._groups.get(k)
                if group is None:
                    group = found or self._new_group(True)
                elif found is not None and found is not group:
                    group = self._merge(group, found)
                self._join(group, k)
                if b"/" not in k:
                    group.alive.add(k)  # a Uniqueid (names have a slash): not hung up yet
        for uid in queue_callers:
            self._queue_waiting.add(uid.strip().lower().encode("utf-8"))

    # -- feeding -------------------------------------------------------------------------

    def feed(self, data: bytes, now: float) -> list[_Item]:
        """Bytes from the socket in; what to decode and release, in stream order, out."""
        buf = self._tail + data if self._tail else data
        if self.overflowed:
            self._tail = b""
            return [buf] if buf else []
        end = buf.rfind(SEP)
        if end < 0:
            self._tail = buf
            return self._big_tail()
        self._tail = buf[end + 4 :]
        low = buf[:end].lower()
        # The usual read: CRLF lines only, no blank before a colon or at a line's start: each
        # frame is cut where the decoder cuts it and its headers are found by plain search.
        lines = low.count(b"\r\n")
        if low.count(b"\n") == lines == low.count(b"\r") and not is_odd(low):
            out = self._feed_usual(buf, low, now)
        else:
            out = self._feed_other(buf[:end], now)
        if self.overflowed and self._tail:
            out.append(self._tail)
            self._tail = b""
        return out + self._big_tail() if self._tail else out

    def _feed_other(self, region: bytes, now: float) -> list[_Item]:
        """A read with something unusual in it: every frame judged on its own."""
        out: list[_Item] = []
        run: list[bytes] = []
        for part in region.split(SEP):
            if self.overflowed:
                run.append(part)
                continue
            if not self._frame(part, part.lower(), None, now, run, out, False):
                run.append(part)
            if self.overflowed and self._groups:
                self._overflow(run, out)
        if run:
            run.append(b"")
            out.append(SEP.join(run))
        return out

    def _overflow(self, run: list[bytes], out: list[_Item]) -> None:
        # Past a cap: hand out everything kept (in order) and let all through.
        _flush(run, out)
        out += self.release_all()

    def _feed_usual(self, buf: bytes, low: bytes, now: float) -> list[_Item]:
        """A usual read: `buf` the bytes (whole frames, then the unfinished tail), `low` its
        whole frames lowercased.

        Frames that pass are not cut out: each run of them goes out as one slice of `buf`
        (`start` is where the run not yet handed to `run` begins). Only a kept frame is cut.
        """
        hits = self._hits(low)
        nhits = len(hits)
        h = 0
        out: list[_Item] = []
        run: list[bytes] = []
        start = pos = 0
        lines = self._lines
        groups = self._groups
        side = self.side_events
        follows = self._follows
        clean = self._prev_clean
        queue_waiting = self._queue_waiting  # changed in place only
        seqs = self._seqs
        kept = 0  # frames kept by the loop itself (added to frames_kept at the end)
        for lp in low.split(SEP):
            n = len(lp)
            nxt = pos + n + 4
            relevant = False
            while h < nhits and hits[h] < nxt:
                relevant = relevant or hits[h] >= pos
                h += 1
            if clean and not follows and n <= MAX_KEPT_FRAME:
                eol = lp.find(b"\r\n")
                line = buf[pos : pos + eol if eol >= 0 else nxt - 4]
                table = lines.get(line)
                if table is None:
                    table = self._line_table(line)
                if table is _PASS:
                    pos = nxt
                    continue
                if table is _UNREAD:
                    if relevant:
                        pos = nxt
                        continue
                    self.frames_unread += 1
                    if start < pos:
                        run.append(buf[start : pos - 4])
                    start = pos = nxt
                    continue
                if table is not _SLOW:
                    name, headers, single = table
                    if single is None:
                        values = frame_keys(lp, headers)
                        if not values:
                            pos = nxt  # names no channel: the tracker can do nothing with it
                            continue
                        value = values[0][1]
                    else:
                        # Newstate, Hangup, Cdr: one Uniqueid, read as frame_keys reads it.
                        i = lp.find(single)
                        if i < 0:
                            pos = nxt
                            continue
                        i += len(single)
                        j = lp.find(b"\r\n", i)
                        value = (lp[i:j] if j >= 0 else lp[i:]).strip()
                        if not value:
                            pos = nxt
                            continue
                        values = [(UID, value)]
                    group = groups.get(value)
                    keep = None
                    if relevant or queue_waiting:
                        pass
                    elif group is None:
                        if name == "cdr":
                            # After its call: passed if the call was relevant, else dropped.
                            if not self._dead_live(values, now):
                                self.frames_dropped += 1
                                if start < pos:
                                    run.append(buf[start : pos - 4])
                                start = nxt
                            pos = nxt
                            continue
                        if name in PLAIN_EVENTS:
                            for _kind, v in values:
                                if v in groups:
                                    break
                            else:
                                if not self._dead_live(values, now):
                                    # A call not seen before (its first Newchannel).
                                    keep = _Group(False)
                                    self._group_count += 1
                                    keys = keep.keys
                                    alive = keep.alive
                                    for kind, v in values:
                                        if v not in keys:
                                            keys.add(v)
                                            groups[v] = keep
                                            if kind == UID:
                                                alive.add(v)
                    elif not group.live and (
                        name in PLAIN_EVENTS or name == "hangup" or name == "cdr"
                    ):
                        # The common case: one more frame of a call kept unread, naming
                        # nothing new (Hangup and Cdr name their own Uniqueid only).
                        if single is None:
                            keys = group.keys
                            for _kind, v in values:
                                if v not in keys:
                                    break
                            else:
                                keep = group
                        else:
                            keep = group
                    if keep is not None:
                        if start < pos:
                            run.append(buf[start : pos - 4])
                        start = nxt
                        part = buf[pos : nxt - 4]
                        keep.frames.append((next(seqs), now, part))
                        keep.size += n
                        self._kept_bytes += n
                        kept += 1
                        if name in side and self._side_wants(values, lp):
                            _flush(run, out)
                            out.append((None, part))
                        pos = nxt
                        if keep is not group or name not in PLAIN_EVENTS:
                            # (as the general path would: a Hangup may end the call, and a
                            # new call or a Cdr counts against the caps)
                            if name == "hangup":
                                alive = keep.alive
                                alive.discard(value)
                                if not alive:
                                    self._forget(keep, now)
                            if (
                                self._kept_bytes > self._max_kept
                                or self._group_count > self._max_groups
                            ):
                                self.overflowed = True
                                break
                        continue
                    if start < pos:
                        run.append(buf[start : pos - 4])
                    start = nxt
                    part = buf[pos : nxt - 4]
                    if not self._handle(part, lp, name, values, relevant, now, run, out):
                        run.append(part)
                    pos = nxt
                    if self.overflowed:
                        break
                    continue
            # Anything else: judged by the general rule.
            if start < pos:
                run.append(buf[start : pos - 4])
            start = nxt
            part = buf[pos : nxt - 4]
            if not self._frame(part, lp, relevant, now, run, out, True):
                run.append(part)
            follows = self._follows
            clean = self._prev_clean
            pos = nxt
            if self.overflowed:
                break
        self.frames_kept += kept
        if self.overflowed and self._groups:
            self._overflow(run, out)
        if start <= len(low):
            # The frames that passed since the last one cut (after an overflow: all the rest).
            run.append(buf[start : len(low)])
        if run:
            run.append(b"")
            out.append(SEP.join(run))
        return out

    def _line_table(self, line: bytes) -> object:
        """What a frame's first line (as spelled) says about the frame, cached."""
        if line[:7] != b"Event: ":
            table: object = _SLOW
        else:
            found = self._name_table(line[7:])
            if found is None:
                table = _PASS
            elif found is _UNREAD:
                table = _UNREAD
            elif not found:
                table = _SLOW
            else:
                name, headers = found  # type: ignore[misc]
                # One Uniqueid and nothing else (Newstate, Hangup, Cdr): read in the loop.
                one = len(headers) == 1 and headers[0][1] == UID and headers[0][2] is None
                table = (name, headers, headers[0][0] if one else None)
        if len(self._lines) < 1000:
            self._lines[line] = table
        return table

    def _name_table(self, raw_name: bytes) -> object:
        """The header table for an event name as spelled (`()`: blanks around the name,
        `_UNREAD`: an event nobody reads, None: not a gated event), cached."""
        table = self._names.get(raw_name, False)
        if table is False:
            low_name = raw_name.decode("utf-8", "replace").strip().lower()
            table = NEEDLES.get(low_name)
            if table is not None and low_name != raw_name.decode("utf-8", "replace").lower():
                table = ()  # blanks around the name: such a frame passes
            elif (
                table is None
                and self.wanted is not None
                and low_name not in self.wanted
                and low_name == raw_name.decode("utf-8", "replace").lower()
            ):
                table = _UNREAD
            if len(self._names) < 1000:
                self._names[raw_name] = table
        return table

    def _big_tail(self) -> list[_Item]:
        if len(self._tail) <= MAX_KEPT_FRAME:
            return []
        # A frame this big is never kept: the decoder has it (and judges it) as it grows.
        tail, self._tail = self._tail, b""
        self._follows = True  # until a frame end: the rest of it must pass too
        return [tail]

    def _hits(self, low: bytes) -> list[int]:
        """Where the lowercased text names a watched extension, DAHDI, or an ActionID."""
        hits: list[int] = []
        for needle, bounded in self._needles:
            i = low.find(needle)
            n = len(needle)
            while i >= 0:
                if not bounded or (
                    (i == 0 or low[i - 1] not in ALNUM)
                    and low[i + n : i + n + 1] not in ALNUM_BYTES
                ):
                    hits.append(i)
                i = low.find(needle, i + 1)
        hits.sort()
        return hits

    def release_all(self) -> list[tuple[float, bytes]]:
        """Every kept frame, in arrival order (the gate is being taken away)."""
        items = self._release_everything()
        self._groups.clear()
        self._group_count = 0
        return items  # type: ignore[return-value]

    def make_live(self, key: str) -> list[tuple[float, bytes]]:
        """The call holding this Uniqueid or channel name passes from now on; what it kept
        comes back, in order (someone acts on a call nobody watches: a transfer by id)."""
        group = self._groups.get(key.strip().lower().encode("utf-8"))
        if group is None or group.live:
            return []
        out: list[_Item] = []
        self._go_live(group, [], out)
        return out  # type: ignore[return-value]

    def take_tail(self) -> bytes:
        """The start of a frame not yet complete (for the decoder, when the gate goes)."""
        tail, self._tail = self._tail, b""
        return tail

    @property
    def kept_bytes(self) -> int:
        return self._kept_bytes

    @property
    def groups(self) -> int:
        return self._group_count

    # -- internals -----------------------------------------------------------------------

    def _frame(
        self,
        part: bytes,
        low: bytes,
        relevant: bool | None,
        now: float,
        run: list[bytes],
        out: list[_Item],
        usual: bool,
    ) -> bool:
        """True if the frame was kept or dropped here; False: it passes (in `run`)."""
        if self._follows:
            if b"--END COMMAND--" in part or b"--end command--" in low:
                self._follows = False
            self._prev_clean = False
            return False
        prev_clean = self._prev_clean
        # A usual read's frames never end in CR or LF (it has no CRCR and no bare LF).
        self._prev_clean = usual or part[-1:] not in (b"\r", b"\n")
        if part[:7] != b"Event: ":
            if b"response: follows" in low:
                self._follows = b"--end command--" not in low
            if b"event" in low:
                # An event the decoder parses by the general rule (`Event:` elsewhere, other
                # spellings): it passes, and its call with it.
                return self._pass_group_of(part, low, run, out)
            return False
        eol = part.find(b"\r\n")
        table: Any = self._name_table(part[7:eol] if eol >= 0 else part[7:])
        if table is None:
            return False
        if table is _UNREAD:
            # An event no reader of the service reads (what a PBX that honours the Filter
            # would not send): dropped unparsed, if cut exactly as the decoder cuts it and
            # nothing waits for it (no ActionID).
            if relevant is None:
                relevant = bool(self._hits(low))
            if relevant or not prev_clean or len(part) > MAX_KEPT_FRAME:
                return False
            if not usual and not (
                part.count(b"\n") == part.count(b"\r\n") == part.count(b"\r") and not is_odd(low)
            ):
                return False
            self.frames_unread += 1
            return True
        if not prev_clean or (
            not usual
            and not (
                part.count(b"\n") == part.count(b"\r\n") == part.count(b"\r") and not is_odd(low)
            )
        ):
            table = ()
        if not table or len(part) > MAX_KEPT_FRAME:
            # Not cut exactly where the decoder cuts, or not a plain frame: it passes, and its
            # call with it (everything kept of that call goes first).
            return self._pass_group_of(part, low, run, out)
        name = table[0]
        if relevant is None:
            relevant = bool(self._hits(low))
        values = frame_keys(low, table[1])
        if not values:
            return False  # names no channel: the tracker can do nothing with it
        return self._handle(part, low, name, values, relevant, now, run, out)

    def _handle(
        self,
        part: bytes,
        low: bytes,
        name: str,
        values: list[tuple[int, bytes]],
        relevant: bool,
        now: float,
        run: list[bytes],
        out: list[_Item],
    ) -> bool:
        """A gated call event, its keys read: kept, dropped (True), or passed (False)."""
        groups = self._groups
        group = groups.get(values[0][1])
        if (
            group is not None
            and not relevant
            and not group.live
            and name in PLAIN_EVENTS
            and not self._queue_waiting
        ):
            # The common case, made short: one more frame of a call kept unread, naming
            # nothing new.
            keys = group.keys
            for _kind, value in values:
                if value not in keys:
                    break
            else:
                self._keep(group, part, now, name, values, low, run, out)
                return True
        if (
            name == "join"
            or name == "leave"
            or (self._queue_waiting and name == "newstate" and b"channelstate" in low)
        ):
            # 1.x queues ring members without Dial: the tracker matches a ringing phone to a
            # waiting caller by number, across calls. Those frames always pass.
            relevant = True
            uids = [v for k, v in values if k == UID]
            if name == "join":
                # From now on the tracker reads a ringing Newstate of any call against the
                # waiting callers: every frame kept so far must be read before this one, as
                # it would have been, and their calls pass from now on.
                _flush(run, out)
                out += self._release_everything()
                self._queue_waiting.update(uids)
            elif name == "leave":
                self._queue_waiting.difference_update(uids)
        group = None
        for _kind, value in values:
            found = groups.get(value)
            if found is not None and found is not group:
                group = found if group is None else self._merge(group, found)
        if name == "cdr":
            if group is None:
                # After its call: passed if the call was relevant; a call the gate never saw
                # is one the tracker never saw either (it ignores the Cdr).
                if relevant or self._dead_live(values, now):
                    return False
                self.frames_dropped += 1
                return True
        else:
            if group is None:
                group = self._new_group(relevant or self._dead_live(values, now))
            hangup = name == "hangup"
            alive = group.alive
            keys = group.keys
            for kind, value in values:
                if kind == UID and hangup:
                    alive.discard(value)
                if value not in keys:
                    keys.add(value)
                    groups[value] = group
                    if kind == UID and not hangup:
                        alive.add(value)  # a channel that will hang up (once)
            if hangup and self._queue_waiting:
                self._queue_waiting.difference_update(v for k, v in values if k == UID)
        if relevant or group.live:
            if group.frames or not group.live:
                # Relevant now, or merged into a call that is: what it kept goes first.
                self._go_live(group, run, out)
            kept = False
        else:
            self._keep(group, part, now, name, values, low, run, out)
            kept = True
        if name == "hangup" and not group.alive:
            self._forget(group, now)
        if self._kept_bytes > self._max_kept or self._group_count > self._max_groups:
            self.overflowed = True
        return kept

    def _side_wants(self, values: list[tuple[int, bytes]], low: bytes) -> bool:
        devices = self.side_devices
        if devices is None:
            return True
        if not devices:
            return False  # a directory with no phones in it
        names = [v for k, v in values if k == CHANNEL]
        i = low.find(b"\r\nchannel:")
        if i >= 0:
            j = low.find(b"\r\n", i + 10)
            names.append((low[i + 10 : j] if j >= 0 else low[i + 10 :]).strip())
        for value in names:
            # `SIP/203-0000001a`, `AsyncGoto/SIP/203-0000001a<ZOMBIE>`: the device is the name
            # without the unique suffix, with or without a leading technology.
            device = value.split(b"<", 1)[0].rsplit(b"-", 1)[0]
            if device in devices or device.partition(b"/")[2] in devices:
                return True
        return False

    def _pass_group_of(self, part: bytes, now: float, run: list[bytes], out: list[_Item]) -> bool:
        low = part.lower()
        group = None
        keys = []
        for _header, value in KEY_LINES.findall(low):
            for v in (value.strip(), value.strip().rsplit(b";", 1)[0]):
                if not v:
                    continue
                keys.append(v)
                found = self._groups.get(v)
                if found is not None:
                    group = found if group is None or found is group else self._merge(group, found)
        if group is None:
            if not keys:
                return False
            group = self._new_group(True)
        elif group.frames or not group.live:
            self._go_live(group, run, out)
        # The tracker sees this frame now: the rest of its call must not be kept behind it.
        for key in keys:
            self._join(group, key)
        return False

    def _dead_live(self, values: list[tuple[int, bytes]], now: float) -> bool:
        dead = self._dead
        for _kind, value in values:
            if value in dead:
                break
        else:
            return False  # (none of them would be after the expired ones go either)
        while dead:
            _key, (at, _live) = next(iter(dead.items()))
            if now - at <= DEAD_SECONDS and len(dead) <= MAX_DEAD:
                break
            dead.popitem(last=False)
        return any(dead.get(v, (0.0, False))[1] for _h, v in values)

    def _new_group(self, live: bool) -> _Group:
        self._group_count += 1
        return _Group(live)

    def _join(self, group: _Group, key: bytes) -> None:
        group.keys.add(key)
        self._groups[key] = group

    def _merge(self, a: _Group, b: _Group) -> _Group:
        if len(a.keys) < len(b.keys):
            a, b = b, a
        for key in b.keys:
            self._groups[key] = a
        a.keys |= b.keys
        a.alive |= b.alive
        if b.frames:
            a.frames = sorted(a.frames + b.frames) if a.frames else b.frames
            a.size += b.size
        a.live = a.live or b.live
        self._group_count -= 1
        return a

    def _keep(
        self,
        group: _Group,
        part: bytes,
        now: float,
        name: str,
        values: list[tuple[int, bytes]],
        low: bytes,
        run: list[bytes],
        out: list[_Item],
    ) -> None:
        """Set the frame aside with its call; hand it to a side reader too if it wants it."""
        group.frames.append((next(self._seqs), now, part))
        size = len(part)
        group.size += size
        self._kept_bytes += size
        self.frames_kept += 1
        if name in self.side_events and self._side_wants(values, low):
            _flush(run, out)
            out.append((None, part))

    def _go_live(self, group: _Group, run: list[bytes], out: list[_Item]) -> None:
        group.live = True
        if not group.frames:
            return
        _flush(run, out)
        out.extend((at, frame) for _seq, at, frame in group.frames)
        self.frames_released += len(group.frames)
        self._kept_bytes -= group.size
        group.frames = []
        group.size = 0

    def _forget(self, group: _Group, now: float) -> None:
        groups = self._groups
        dead = self._dead
        for key in group.keys:
            if groups.get(key) is group:
                del groups[key]
            dead[key] = (now, group.live)
            dead.move_to_end(key)
        self._group_count -= 1
        if group.frames:
            self.frames_dropped += len(group.frames)
            self._kept_bytes -= group.size
            group.frames = []
        while len(dead) > MAX_DEAD:
            dead.popitem(last=False)
        # The expired ones go here (once per call), not per frame in _dead_live.
        while dead:
            _key, (at, _live) = next(iter(dead.items()))
            if now - at <= DEAD_SECONDS:
                break
            dead.popitem(last=False)

    def _release_everything(self) -> list[tuple[float, bytes]]:
        frames: list[tuple[int, float, bytes]] = []
        seen: set[int] = set()
        for group in self._groups.values():
            if id(group) in seen:
                continue
            seen.add(id(group))
            if group.frames:
                frames += group.frames
                group.frames = []
            group.size = 0
            group.live = True
        self._kept_bytes = 0
        self.frames_released += len(frames)
        frames.sort()
        return [(at, frame) for _seq, at, frame in frames]
