"""AMI message objects: what the codec produces and the rest of the program reads."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# Header names seen to be plain (no colon, no surrounding space): for those one
# partition(": ") gives what the general rule (cut at the first colon, strip the name, drop
# one space) gives. A PBX uses a few hundred names; the bound stops a hostile peer.
_PLAIN_NAMES: dict[str, str] = {}  # name -> its lowercase
_MAX_PLAIN_NAMES = 4096


# A lazy frame answers its first few header reads by searching its text for that one line;
# past this many it splits every line once (a handler that reads many headers).
_SEARCHES_BEFORE_SPLIT = 3
# By the name as asked for (callers use a few constant spellings): (lowercase name, regex).
_FINDERS: dict[str, tuple[str, re.Pattern[str]]] = {}
_MAX_FINDERS = 1024


def _finder(name: str) -> tuple[str, re.Pattern[str]]:
    """First line after the first whose name, stripped, is `key` in any case; the name and
    value captured.

    What the line-by-line rule (cut at the first colon, strip the name, drop one space)
    picks, for text with CRLF lines only; the caller checks the captured name with lower().
    Starting with a plain `\n` lets the regex engine jump from line to line.
    """
    found = _FINDERS.get(name)
    if found is None:
        key = name.lower()
        pattern = re.compile(
            r"\n[^\S\n]*(" + re.escape(key) + r")[^\S\n]*:[ ]?([^\n]*)", re.IGNORECASE
        )
        found = (key, pattern)
        if len(_FINDERS) < _MAX_FINDERS:
            _FINDERS[name] = found
    return found


_LOWER: dict[str, str] = {}


def _lower(name: str) -> str:
    low = _LOWER.get(name)
    if low is None:
        low = name.lower()
        if len(_LOWER) < _MAX_PLAIN_NAMES:
            _LOWER[name] = low
    return low


def _parse_crlf(text: str) -> tuple[tuple[tuple[str, str], ...], dict[str, str]]:
    """Headers of one frame known to hold only CRLF lines (the decoder checked), and the
    index of their first values by lowercase name, made in the same pass."""
    headers = []
    index: dict[str, str] = {}
    append = headers.append
    plain = _PLAIN_NAMES
    for line in text.split("\r\n"):
        name, sep, value = line.partition(": ")
        if sep:
            key = plain.get(name)
            if key is not None:
                append((name, value))
                if key not in index:
                    index[key] = value
                continue
        if not line:
            continue
        name, sep, value = line.partition(":")
        if not sep:
            append(("", line))
            index.setdefault("", line)
            continue
        if value[:1] == " ":
            value = value[1:]
        stripped = name.strip()
        key = stripped.lower()
        if stripped == name and len(plain) < _MAX_PLAIN_NAMES:
            plain[name] = key
        append((stripped, value))
        if key not in index:
            index[key] = value
    return tuple(headers), index


class Message:
    """One AMI frame: an ordered list of headers, plus raw CLI text for `Response: Follows`.

    Header names are matched case-insensitively because Asterisk spells the same field
    differently per event (UniqueID in Dial, Uniqueid in Newchannel). Repeated headers
    (Output, Variable, ChanVariable) are all kept, in order.

    Most events a PBX sends (VarSet, Newexten, other extensions' calls) are dropped after
    their name is read, so an ordinary event frame keeps its decoded text and splits it into
    headers only when something asks for them (`Message.lazy`).
    """

    __slots__ = ("_event", "_headers", "_index", "_raw", "_searches", "body")

    def __init__(self, headers: Iterable[tuple[str, str]], body: tuple[str, ...] | None = None):
        self._headers: tuple[tuple[str, str], ...] | None = tuple(headers)
        # Raw CLI lines of a 1.x `Response: Follows` reply; None for ordinary frames.
        self.body = body
        self._index: dict[str, str] | None = None
        self._raw: str | None = None
        self._event: str | None = None
        self._searches = 0

    @classmethod
    def lazy(cls, text: str, event: str) -> Message:
        """A frame whose text is CRLF lines only, starting with `Event: <event>`, and not
        ending in CR (the decoder checks)."""
        msg = cls.__new__(cls)
        msg._headers = None
        msg.body = None
        msg._index = None
        msg._raw = text
        msg._event = event
        msg._searches = 0
        return msg

    @property
    def headers(self) -> tuple[tuple[str, str], ...]:
        headers = self._headers
        if headers is None:
            headers, self._index = _parse_crlf(self._raw or "")
            self._headers = headers
            self._raw = None
        return headers

    def _lookup(self) -> dict[str, str]:
        index = self._index
        if index is None and self._raw is not None:
            self.headers  # noqa: B018 -- a lazy frame's split builds the index too
            index = self._index
        if index is None:
            index = {}
            for name, value in self.headers:
                key = _lower(name)
                if key not in index:
                    index[key] = value
            self._index = index
        return index

    def get(self, name: str, default: str | None = None) -> str | None:
        """First value of header `name` (any case), or `default`."""
        index = self._index
        if index is not None:
            return index.get((_FINDERS.get(name) or _finder(name))[0], default)
        raw = self._raw
        if raw is not None and self._searches < _SEARCHES_BEFORE_SPLIT:
            # Most events are read for one or two headers (is this channel one of ours?)
            # and dropped: find those lines instead of splitting all of them.
            key, pattern = _FINDERS.get(name) or _finder(name)
            if key == "event":
                return self._event  # a lazy frame's first line is `Event: <name>`
            self._searches += 1
            found = pattern.search(raw)
            if found is None:
                return default
            value = found.group(2)
            if found.group(1).lower() == key:
                return value[:-1] if value[-1:] == "\r" else value
            # A name that matches only under Unicode case folding: the general rule decides.
        return self._lookup().get((_FINDERS.get(name) or _finder(name))[0], default)

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None

    def prefetch(self) -> None:
        """Split every header now: the caller is about to read many of them."""
        if self._index is None:
            self._lookup()

    def get_all(self, name: str) -> list[str]:
        """Every value of a repeated header, in wire order."""
        key = name.lower()
        return [v for n, v in self.headers if n.lower() == key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.headers)

    @property
    def event(self) -> str | None:
        """The `Event:` name; checked before `Response:` since OriginateResponse has both."""
        if self._event is not None:
            return self._event
        headers = self.headers
        if headers and headers[0][0] == "Event":
            return headers[0][1]
        return self.get("Event")

    @property
    def response(self) -> str | None:
        if self.event is not None:
            return None
        return self.get("Response")

    @property
    def action_id(self) -> str | None:
        return self.get("ActionID")

    def command_output(self) -> list[str]:
        """CLI text of a Command reply: the raw body (1.x) or the `Output:` lines (14+)."""
        if self.body is not None:
            return list(self.body)
        return self.get_all("Output")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return self.headers == other.headers and self.body == other.body

    def __hash__(self) -> int:
        return hash((self.headers, self.body))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in self.headers[:4])
        more = "" if len(self.headers) <= 4 else f", +{len(self.headers) - 4}"
        return f"Message({inner}{more})"


class Banner:
    """The greeting line `Asterisk Call Manager/<version>` sent once on connect."""

    __slots__ = ("text",)
    # A banner is neither an event nor a reply; consumers may ask either question of it.
    event = None
    response = None
    headers = ()

    def __init__(self, text: str):
        self.text = text

    @property
    def version(self) -> str:
        _, _, version = self.text.partition("/")
        return version.strip()

    @property
    def numbers(self) -> tuple[int, ...]:
        """The AMI version as numbers, (1, 1) for `1.1`; () if it is not numeric."""
        parts = []
        for part in self.version.split("."):
            if not part.isdigit():
                break
            parts.append(int(part))
        return tuple(parts)

    @property
    def has_filter(self) -> bool:
        """AMI 1.2+ (Asterisk 10 and later) knows the `Filter` action."""
        return self.numbers >= (1, 2)

    @property
    def modern(self) -> bool:
        """True for AMI 2.x and later, which means Asterisk 12+ event names."""
        major = self.version.split(".", 1)[0]
        return major.isdigit() and int(major) >= 2

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Banner) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"Banner({self.text!r})"
