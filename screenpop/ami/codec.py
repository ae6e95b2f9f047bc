"""Sans-I/O AMI decoder: bytes in (any chunking), whole messages out.

Framing is done on bytes and a frame is decoded only once it is complete, so a UTF-8 caller
name split across two TCP reads survives. The common case (a CRLF stream of events) is split
with one C-level `bytes.split` per read, and an ordinary event frame keeps its decoded text,
split into headers only when someone reads them (`Message.lazy`); bare-LF and mixed endings,
odd lines, and the raw CLI text of a 1.x `Response: Follows` reply take a slower general path.
"""

from __future__ import annotations

import re
from collections import deque

from .errors import ProtocolError
from .message import Banner, Message

DEFAULT_MAX_FRAME = 4 * 1024 * 1024

_FOLLOWS = b"Response: Follows"
_END_COMMAND = b"--END COMMAND--"
# A frame ends with an empty line; a line ends with LF, optionally after CR.
_BLANK_LINE = re.compile(rb"\n\r?\n")
_FOLLOWS_HEADERS = ("privilege", "actionid")


class NeedData:
    """Returned by `next_message` when more bytes are needed."""

    _instance: NeedData | None = None

    def __new__(cls) -> NeedData:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NEED_DATA"

    def __bool__(self) -> bool:
        return False


NEED_DATA = NeedData()


def decode_text(raw: bytes) -> str:
    """UTF-8 first; analog caller-ID names may be raw GBK, so GB18030 next; never raises."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def decode_event_frame(frame: bytes) -> Message:
    """The message the decoder makes of one plain event frame (CRLF lines only, starting with
    `Event: `, not ending in CR, separator cut off): what the call gate hands out later."""
    text = decode_text(frame)
    eol = text.find("\r\n")
    return Message.lazy(text, text[7:eol] if eol >= 0 else text[7:])


def parse_frame(text: str) -> list[Message]:
    """Parse one decoded frame into messages.

    Usually one message; more if the frame holds an internal empty line (mixed line endings)
    or a `Response:` frame glued to a following `Event:` (1.8 `Events` reply has no blank line).
    """
    messages: list[Message] = []
    headers: list[tuple[str, str]] = []
    for line in text.split("\n"):
        if line[-1:] == "\r":
            line = line[:-1]
        if not line:
            if headers:
                messages.append(Message(headers))
                headers = []
            continue
        name, sep, value = line.partition(":")
        if not sep:
            # A line with no colon carries nothing we can address by name; keep it visible.
            headers.append(("", line))
            continue
        if value[:1] == " ":
            value = value[1:]
        if name == "Event" and headers and headers[0][0] == "Response":
            messages.append(Message(headers))
            headers = []
        headers.append((name.strip(), value))
    if headers:
        messages.append(Message(headers))
    return messages


def _drop_cr(frame: bytes) -> bytes:
    """A frame cut at `\n\r?\n` keeps its last line's CR; one cut at CRLFCRLF does not.
    Dropping it here gives both paths the same bytes, so chunking never changes a result."""
    return frame[:-1] if frame[-1:] == b"\r" else frame


def _size(n: int) -> str:
    return f"{n // 1024} KiB" if n >= 1024 else f"{n} bytes"


def _at_frame_start(buf: bytes, pos: int) -> bool:
    """True if only line ends precede `pos` back to an empty line or the buffer start (the
    buffer always starts at a frame boundary); not for a line inside a frame."""
    start = pos
    while start > 0 and buf[start - 1] in b"\r\n":
        start -= 1
    return start == 0 or buf.count(b"\n", start, pos) >= 2


class AmiDecoder:
    """Incremental AMI decoder.

    `receive_data(bytes)` buffers; `next_message()` returns a `Banner`, a `Message`, or
    `NEED_DATA`. A frame that grows past `max_frame` bytes raises `ProtocolError`.
    """

    def __init__(self, *, expect_banner: bool = True, max_frame: int = DEFAULT_MAX_FRAME):
        self._buf = b""
        self._ready: deque[Message | Banner] = deque()
        self._expect_banner = expect_banner
        self._max_frame = max_frame
        self._failed: ProtocolError | None = None
        self.bytes_received = 0
        # How many bytes at the start of the buffer are known to hold no frame end: a frame
        # that arrives in many reads is then searched only where it grew, not from its start.
        self._scanned = 0

    @property
    def buffered(self) -> int:
        """Bytes held that do not yet form a whole frame."""
        return len(self._buf)

    def receive_data(self, data: bytes) -> None:
        self.bytes_received += len(data)
        self._buf = self._buf + data if self._buf else bytes(data)

    def next_message(self) -> Message | Banner | NeedData:
        if not self._ready:
            if self._failed is not None:
                raise self._failed
            if self._buf:
                self._parse()
            if not self._ready:
                return NEED_DATA
        return self._ready.popleft()

    def messages(self) -> list[Message | Banner]:
        """Every whole message available now."""
        out: list[Message | Banner] = []
        ready = self._ready
        while True:
            # Take what is parsed in one go rather than one next_message() call per message
            # (a measurable share of the cost at 100k+ messages/s); same order, same errors.
            if ready:
                out.extend(ready)
                ready.clear()
            msg = self.next_message()
            if msg is NEED_DATA:
                return out
            out.append(msg)  # type: ignore[arg-type]

    # -- internals -------------------------------------------------------------------

    def _fail(self, text: str) -> None:
        self._failed = ProtocolError(text)
        self._buf = b""
        raise self._failed

    def _parse(self) -> None:
        buf = self._buf
        if self._expect_banner:
            end = buf.find(b"\n")
            if end < 0:
                if len(buf) > 1024:
                    self._fail(
                        "the server did not send an AMI greeting line (is this an AMI port?)"
                    )
                return
            line = buf[:end].rstrip(b"\r")
            self._expect_banner = False
            if line and b":" not in line:
                self._ready.append(Banner(decode_text(line)))
                buf = buf[end + 1 :]
        scanned = self._scanned
        if scanned and _BLANK_LINE.search(buf, scanned - 2) is None:
            self._scanned = len(buf)
            self._check_tail(buf)
            return
        while True:
            follows = buf.find(_FOLLOWS)
            # Only a frame's first line starts a Command reply: the text also fits a header
            # inside an event (a UserEvent), which must not cut that event.
            while follows > 0 and not _at_frame_start(buf, follows):
                follows = buf.find(_FOLLOWS, follows + 1)
            if follows < 0:
                buf = self._split_frames(buf)
                break
            rest = self._split_frames(buf[:follows])
            if rest.strip():
                # Bytes before a Follows reply that never ended: treat them as one frame.
                self._emit(rest)
            consumed = self._take_follows(buf, follows)
            if consumed < 0:
                buf = buf[follows:]
                break
            buf = buf[consumed:]
        self._check_tail(buf)
        self._buf = buf
        # What is left is one unfinished frame, with no empty line in it, unless it is a 1.x
        # Command reply (its CLI text may hold empty lines): that one is always searched whole.
        self._scanned = len(buf) if buf.find(_FOLLOWS, 0, 64) < 0 else 0

    def _check_tail(self, buf: bytes) -> None:
        # The tail may hold up to 3 bytes of the empty line that will end it.
        if len(buf) > self._max_frame + 3:
            self._fail(
                f"the PBX sent a message over {_size(self._max_frame)} without ending it"
                " (not an AMI server, or a broken one)"
            )

    def _split_frames(self, buf: bytes) -> bytes:
        """Emit every whole frame in `buf`; return the incomplete tail."""
        if b"\n\n" not in buf:
            parts = buf.split(b"\r\n\r\n")
            tail = parts.pop()
            if b"\n\r\n" in tail:
                parts.append(tail)
                tail = b""
                general = True
            else:
                general = False
            if not general:
                if parts and not self._emit_crlf_text(buf, len(buf) - len(tail)):
                    self._emit_crlf_frames(parts)
                return tail
        pieces = _BLANK_LINE.split(buf)
        tail = pieces.pop()
        for frame in pieces:
            if frame.strip(b"\r\n"):
                self._emit(_drop_cr(frame))
        return tail

    def _emit(self, frame: bytes) -> None:
        if len(frame) > self._max_frame:
            self._fail(f"the PBX sent a message over {_size(self._max_frame)}")
        self._ready.extend(parse_frame(decode_text(frame)))

    def _emit_crlf_text(self, buf: bytes, end: int) -> bool:
        """What `_emit_crlf_frames` does for the frames in `buf[:end]`, decoded in one go.

        The usual read (valid UTF-8, CRLF line ends only, under the frame bound) is decoded
        and split once instead of per frame; UTF-8 keeps every ASCII byte in place, so the
        text splits where the bytes would. Returns False, having emitted nothing, if the read
        is not the usual kind: the caller then goes frame by frame.
        """
        if end > self._max_frame:
            return False
        try:
            text = buf[:end].decode("utf-8")
        except UnicodeDecodeError:
            return False
        if text.count("\n") != text.count("\r\n"):
            return False
        frames = text.split("\r\n\r\n")
        frames.pop()  # the region ends with a separator
        ready = self._ready
        new = Message.__new__
        for frame in frames:
            if not frame:
                continue
            if frame[-1] == "\n":
                frame = frame[:-1]
                if frame[-1:] == "\r":
                    frame = frame[:-1]
                if not frame:
                    continue
            if frame[:7] == "Event: " and frame[-1] != "\r" and "\n\r\n" not in frame:
                # Message.lazy, inlined: this line runs once per event.
                msg = new(Message)
                msg._headers = msg.body = msg._index = None
                msg._raw = frame
                eol = frame.find("\r\n")
                msg._event = frame[7:eol] if eol >= 0 else frame[7:]
                msg._searches = 0
                ready.append(msg)
            elif "\n\r\n" in frame:
                for piece in _BLANK_LINE.split(frame.encode("utf-8")):
                    if piece.strip(b"\r\n"):
                        self._emit(_drop_cr(piece))
            else:
                ready.extend(parse_frame(frame))
        return True

    def _emit_crlf_frames(self, frames: list[bytes]) -> None:
        """What `_emit` does for each frame, with ordinary events made lazy.

        Same result as calling `_emit` per frame; one loop, since it runs once per event.
        """
        ready = self._ready
        max_frame = self._max_frame
        for frame in frames:
            if not frame:
                continue
            if frame[-1:] == b"\n":
                # Its last line ended in a bare LF and the CRLF after it was the empty line
                # (the separator found was a later one): end the frame where \n\r?\n would.
                frame = _drop_cr(frame[:-1])
                if not frame:
                    continue
            if b"\n\r\n" in frame:
                # A bare-LF line followed by a CRLF empty line also ends a frame: split
                # before decoding, so one frame's bytes never garble its neighbour's text.
                for piece in _BLANK_LINE.split(frame):
                    if piece.strip(b"\r\n"):
                        self._emit(_drop_cr(piece))
                continue
            if len(frame) > max_frame:
                self._fail(f"the PBX sent a message over {_size(max_frame)}")
            try:
                text = frame.decode("utf-8")
            except UnicodeDecodeError:
                text = decode_text(frame)
            if (
                text[:7] == "Event: "
                and text[-1] != "\r"
                and text.count("\n") == text.count("\r\n")
            ):
                # Only CRLF lines and an Event first: exactly one message, whose headers
                # parse_frame would give too; split them only if someone reads them.
                eol = text.find("\r\n")
                ready.append(Message.lazy(text, text[7:eol] if eol >= 0 else text[7:]))
                continue
            # Replies and unusual frames (rare): the general parser.
            ready.extend(parse_frame(text))

    def _take_follows(self, buf: bytes, start: int) -> int:
        """Parse a 1.x Command reply at `start`; return the end offset, or -1 if incomplete."""
        marker = buf.find(_END_COMMAND, start)
        if marker < 0:
            if len(buf) - start > self._max_frame:
                self._fail(
                    f"a Command reply grew over {_size(self._max_frame)} without --END COMMAND--"
                )
            return -1
        if marker - start > self._max_frame:
            self._fail(f"a Command reply was over {_size(self._max_frame)}")
        after = marker + len(_END_COMMAND)
        # The marker is followed by its own line end and then the empty line.
        term = _BLANK_LINE.search(buf, after)
        if term is None:
            return -1
        block = decode_text(buf[start:marker])
        lines = block.split("\n")
        headers: list[tuple[str, str]] = []
        index = 0
        for index, line in enumerate(lines):
            if index == 0:
                headers.append(("Response", "Follows"))
                continue
            # Only Privilege and ActionID precede the CLI text; the text itself may hold
            # lines that look like headers, so nothing else is taken as one.
            name, sep, value = line.rstrip("\r").partition(":")
            if not sep or name.strip().lower() not in _FOLLOWS_HEADERS:
                break
            headers.append((name.strip(), value[1:] if value[:1] == " " else value))
        else:
            index = len(lines)
        body_lines = lines[index:]
        if body_lines and body_lines[-1] == "":
            # The text ended with a newline before the marker: that newline is not a line.
            body_lines.pop()
        body = tuple(line[:-1] if line.endswith("\r") else line for line in body_lines)
        self._ready.append(Message(headers, body=body))
        return term.end()
