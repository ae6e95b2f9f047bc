"""Byte-exact AMI frames as Asterisk writes them, and the event-category mask.

The client codec only decodes; a server has to produce the exact bytes itself, including the
1.x `Response: Follows` Command reply whose body uses bare LF line ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

Pairs = Sequence[tuple[str, str]]

BANNERS = {"1.8": "Asterisk Call Manager/1.1", "20": "Asterisk Call Manager/9.0.0"}
FLAVORS = tuple(BANNERS)

# manager.h bit values, so a numeric `Events:` mask means what it means on a real server.
CATEGORY_BITS = {
    "system": 1,
    "call": 2,
    "log": 4,
    "verbose": 8,
    "command": 16,
    "agent": 32,
    "user": 64,
    "config": 128,
    "dtmf": 256,
    "reporting": 512,
    "cdr": 1024,
    "dialplan": 2048,
    "originate": 4096,
    "agi": 8192,
    "cc": 16384,
    "aoc": 32768,
    "test": 65536,
    "security": 131072,
}
ALL = frozenset(CATEGORY_BITS)
_FALSE = {"off", "no", "false", "0", "n", "f"}
_TRUE = {"on", "yes", "true", "y", "t", "all"}


def frame(pairs: Iterable[tuple[str, str]]) -> bytes:
    """`Name: value` CRLF lines and the terminating empty line, UTF-8 encoded."""
    return "".join(f"{name}: {value}\r\n" for name, value in pairs).encode("utf-8") + b"\r\n"


def with_action_id(pairs: list[tuple[str, str]], action_id: str | None, at: int = 1):
    """Insert ActionID at position `at` (Asterisk puts it right after Response) if one was sent."""
    if action_id is not None:
        pairs.insert(at, ("ActionID", action_id))
    return pairs


def response(kind: str, action_id: str | None, *rest: tuple[str, str]) -> bytes:
    return frame(with_action_id([("Response", kind), *rest], action_id))


def command_reply(flavor: str, action_id: str | None, lines: Sequence[str], ok: bool = True):
    """The reply to `Action: Command` in the flavor's format (notes section 1, captures *_05)."""
    if flavor == "1.8":
        head = "Response: Follows\r\nPrivilege: Command\r\n"
        if action_id is not None:
            head += f"ActionID: {action_id}\r\n"
        body = "".join(line + "\n" for line in lines)
        return (head + body + "--END COMMAND--\r\n\r\n").encode("utf-8")
    pairs = with_action_id([("Response", "Success" if ok else "Error")], action_id)
    pairs.append(("Message", "Command output follows"))
    # A command that printed nothing still gets one empty Output line (new_07 capture).
    pairs.extend(("Output", line) for line in (lines or [""]))
    return frame(pairs)


def parse_event_mask(value: str | None) -> frozenset[str]:
    """The categories a session receives, from its Login `Events:` field (notes section 2)."""
    if value is None:
        return ALL
    text = value.strip().lower()
    if text.isdigit():
        number = int(text)
        return frozenset(name for name, bit in CATEGORY_BITS.items() if number & bit)
    if text in _FALSE:
        return frozenset()
    if text in _TRUE:
        return ALL
    names = {part.strip() for part in text.split(",") if part.strip()}
    if "all" in names:
        return ALL
    return frozenset(names & ALL)


_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "?": "\\?",
}


def escape_c(text: str) -> str:
    """`ast_escape_c_alloc` as 13.5+ applies it to caller names (`O'Brien` -> `O\\'Brien`)."""
    return "".join(_ESCAPES.get(c, c) for c in text)
