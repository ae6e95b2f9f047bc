"""AMI message objects: what the codec produces and the rest of the program reads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


class Message:
    """One AMI frame: an ordered list of headers, plus raw CLI text for `Response: Follows`.

    Header names are matched case-insensitively because Asterisk spells the same field
    differently per event (UniqueID in Dial, Uniqueid in Newchannel). Repeated headers
    (Output, Variable, ChanVariable) are all kept, in order.
    """

    __slots__ = ("_index", "body", "headers")

    def __init__(self, headers: Iterable[tuple[str, str]], body: tuple[str, ...] | None = None):
        self.headers: tuple[tuple[str, str], ...] = tuple(headers)
        # Raw CLI lines of a 1.x `Response: Follows` reply; None for ordinary frames.
        self.body = body
        self._index: dict[str, str] | None = None

    def _lookup(self) -> dict[str, str]:
        index = self._index
        if index is None:
            index = {}
            for name, value in self.headers:
                index.setdefault(name.lower(), value)
            self._index = index
        return index

    def get(self, name: str, default: str | None = None) -> str | None:
        """First value of header `name` (any case), or `default`."""
        return self._lookup().get(name.lower(), default)

    def __getitem__(self, name: str) -> str:
        return self._lookup()[name.lower()]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name.lower() in self._lookup()

    def get_all(self, name: str) -> list[str]:
        """Every value of a repeated header, in wire order."""
        key = name.lower()
        return [v for n, v in self.headers if n.lower() == key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.headers)

    @property
    def event(self) -> str | None:
        """The `Event:` name; checked before `Response:` since OriginateResponse has both."""
        if self.headers and self.headers[0][0] == "Event":
            return self.headers[0][1]
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

    def __init__(self, text: str):
        self.text = text

    @property
    def version(self) -> str:
        _, _, version = self.text.partition("/")
        return version.strip()

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
