"""Channel names and what a Dial destination is.

Asterisk channel names look like `SIP/474-000079de`, `IAX2/306-0000801a`, `DAHDI/65-1`,
`SIP/trunk-test1/1112233-0000802c`, `SIP/trunk-sps-test1-00000009`, `PJSIP/474-0000001a`,
`Local/200@DLPN_DialPlan200-00000001;2`, `AsyncGoto/SIP/474-00000004<ZOMBIE>`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

PLACEHOLDERS = frozenset({"", "<unknown>", "<Unknown>", "(N/A)", "(null)", "<null>"})


def clean(value: str | None) -> str | None:
    """Normalise the placeholders Asterisk uses for a missing value to None."""
    if value is None:
        return None
    value = value.strip()
    return None if value in PLACEHOLDERS else value


_UNESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}


def unescape_name(value: str) -> str:
    """Undo ast_escape_c (Asterisk 13.5+ escapes \\ ' \" ? and control characters in names)."""
    if "\\" not in value:
        return value
    out = []
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            out.append(_UNESCAPES.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Channel:
    raw: str
    tech: str  # SIP, IAX2, DAHDI, PJSIP, Local, AsyncGoto, ...
    peer: str  # "474", "trunk-test1", "65", "200@DLPN_DialPlan200"
    dialled: str | None  # "1112233" in SIP/trunk-test1/1112233-0000802c
    local_half: str | None  # "1" or "2" for Local channels

    @property
    def base(self) -> str:
        """Name without the ;1/;2 half: both halves of a Local channel share it."""
        return self.raw.rsplit(";", 1)[0] if self.local_half else self.raw


def parse_channel(name: str | None) -> Channel | None:
    if not name or "/" not in name:
        return None
    raw = name.strip()
    tech, _, rest = raw.partition("/")
    if "<" in rest:
        rest = rest.split("<", 1)[0]
    local_half = None
    if tech.lower() == "local" and ";" in rest:
        rest, _, local_half = rest.rpartition(";")
    # The unique suffix follows the last dash; DAHDI uses a small decimal, others 8 hex digits.
    body, dash, suffix = rest.rpartition("-")
    if not dash or not suffix or not suffix.isalnum():
        body = rest
    peer, slash, dialled = body.partition("/")
    return Channel(raw, tech, peer, dialled if slash else None, local_half)


class Kind(enum.Enum):
    EXTENSION = "extension"
    TRUNK = "trunk"
    ANALOG_PORT = "analog_port"  # DAHDI: extension or trunk, known only after a lookup
    LOCAL = "local"
    OTHER = "other"


_PHONE_TECHS = frozenset({"sip", "iax2", "pjsip", "iax", "h323", "skinny", "sccp", "mgcp"})


def classify(
    channel: Channel,
    dialstring: str | None = None,
    trunk_prefixes: tuple[str, ...] = ("trunk",),
    extensions: frozenset[str] | None = None,
    context: str | None = None,
    context_prefix: str = "DLPN_DialPlan",
) -> Kind:
    """What a channel (a Dial destination or a caller) is: an extension's phone or a trunk.

    Not from MyPBX's naming alone (`trunk-<name>`), because plain Asterisk names trunks freely
    (`carrier`, `voip-provider`). In order:
    - a number after the peer, in the name (`SIP/trunk-test1/1112233-...`) or in the dial
      string (`trunk-sps-test1/0138...`, `SIP/carrier/0138...`), dials out: a trunk;
    - a `trunk` name prefix: a trunk (MyPBX);
    - a peer the PBX lists as an extension (`extensions`), a numeric peer (`SIP/474`: what
      extension numbering looks like, and what a queue's DialString `SIP/474` names), or a
      channel in an extension's context (`DLPN_DialPlan503`): an extension;
    - any other named peer: a trunk.
    """
    tech = channel.tech.lower()
    if tech == "dahdi" or tech == "zap":
        return Kind.ANALOG_PORT
    if tech == "local":
        return Kind.LOCAL
    if tech not in _PHONE_TECHS:
        return Kind.OTHER
    peer = channel.peer.lower()
    if channel.dialled is not None or any(peer.startswith(p) for p in trunk_prefixes):
        return Kind.TRUNK
    if dialstring and "/" in _dial_target(channel, dialstring):
        return Kind.TRUNK
    if channel.peer.isdigit() or (extensions is not None and channel.peer in extensions):
        return Kind.EXTENSION
    if context and context.startswith(context_prefix) and context[len(context_prefix) :].isdigit():
        return Kind.EXTENSION
    return Kind.TRUNK


def _dial_target(channel: Channel, dialstring: str) -> str:
    """The dial string without options and without a leading `TECH/` of the channel itself:
    a queue member's DialString `SIP/474` names the peer 474, not a number on a trunk."""
    target = dialstring.split(",", 1)[0]
    tech = channel.tech + "/"
    if target[: len(tech)].lower() == tech.lower():
        target = target[len(tech) :]
    return target


def dialled_number(channel: Channel, dialstring: str | None) -> str | None:
    """The external number of an outbound Dial: after the trunk in the name or Dialstring."""
    if channel.dialled:
        return channel.dialled
    if dialstring:
        number = _dial_target(channel, dialstring)
        if "/" in number:
            number = number.rsplit("/", 1)[1]
        return clean(number)
    return None


def parse_dahdi_signalling(lines: list[str]) -> Kind | None:
    """Read `dahdi show channel N`: FXO* signalling = analog extension, FXS* = analog trunk.

    The names are from the port's point of view: a phone is driven by FXO signalling.
    """
    for line in lines:
        label, sep, value = line.partition(":")
        if sep and label.strip().lower() == "signalling type":
            value = value.strip().upper()
            if value.startswith("FXO"):
                return Kind.EXTENSION
            if value.startswith("FXS"):
                return Kind.TRUNK
            return Kind.TRUNK if value else None
    return None


def parse_dahdi_extension(lines: list[str], context_prefix: str = "DLPN_DialPlan") -> str | None:
    """The extension number an analog phone port serves, from `dahdi show channel N`.

    MyPBX gives each phone port its extension's context (DLPN_DialPlan601) and usually its
    number as caller ID; either names the extension.
    """
    fields = {}
    for line in lines:
        label, sep, value = line.partition(":")
        if sep:
            fields.setdefault(label.strip().lower(), value.strip())
    context = fields.get("context", "")
    if context.startswith(context_prefix) and context[len(context_prefix) :].isdigit():
        return context[len(context_prefix) :]
    caller_id = fields.get("caller id", "")
    return caller_id if caller_id.isdigit() else None
