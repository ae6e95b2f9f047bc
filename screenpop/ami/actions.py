"""AMI action encoder and builders for the actions screenpop sends.

An action is a list of (name, value) pairs starting with `Action`. Encoding refuses CR or LF
anywhere, because a value holding them would let text (a typed number, a caller name) inject
extra headers or whole actions; and lines over 1024 bytes, which Asterisk 1.6.2 truncates.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

from .errors import ActionEncodeError

MAX_LINE = 1024

Fields = Iterable[tuple[str, str]]


def encode_action(fields: Fields | Mapping[str, str]) -> bytes:
    """Encode an action as CRLF lines ending with an empty line."""
    items = list(fields.items()) if isinstance(fields, Mapping) else list(fields)
    if not items or items[0][0].lower() != "action":
        raise ActionEncodeError("an AMI action must start with its Action header")
    out = []
    for name, value in items:
        value = str(value)
        if not name or any(c in name for c in "\r\n:") or name != name.strip():
            raise ActionEncodeError(f"invalid AMI header name {name!r}")
        if "\r" in value or "\n" in value:
            raise ActionEncodeError(f"the value of {name} contains a line break")
        line = f"{name}: {value}\r\n"
        if len(line.encode("utf-8")) > MAX_LINE:
            raise ActionEncodeError(f"the value of {name} is longer than AMI accepts")
        out.append(line)
    out.append("\r\n")
    return "".join(out).encode("utf-8")


def login(username: str, secret: str, events: str = "call,cdr,agent") -> list[tuple[str, str]]:
    return [("Action", "Login"), ("Username", username), ("Secret", secret), ("Events", events)]


def challenge() -> list[tuple[str, str]]:
    return [("Action", "Challenge"), ("AuthType", "MD5")]


def md5_key(challenge_text: str, secret: str) -> str:
    """Asterisk compares the key with strcmp against `%2.2x` output: lowercase hex."""
    return hashlib.md5((challenge_text + secret).encode("utf-8")).hexdigest()


def login_md5(
    username: str, challenge_text: str, secret: str, events: str = "call,cdr,agent"
) -> list[tuple[str, str]]:
    return [
        ("Action", "Login"),
        ("AuthType", "MD5"),
        ("Username", username),
        ("Key", md5_key(challenge_text, secret)),
        ("Events", events),
    ]


def ping() -> list[tuple[str, str]]:
    return [("Action", "Ping")]


def logoff() -> list[tuple[str, str]]:
    return [("Action", "Logoff")]


def command(cli: str) -> list[tuple[str, str]]:
    return [("Action", "Command"), ("Command", cli)]


def core_show_channels() -> list[tuple[str, str]]:
    return [("Action", "CoreShowChannels")]


def status() -> list[tuple[str, str]]:
    return [("Action", "Status")]


def originate(
    channel: str,
    context: str,
    exten: str,
    *,
    caller_id: str | None = None,
    timeout_ms: int = 30000,
    priority: str = "1",
    run_async: bool = True,
) -> list[tuple[str, str]]:
    """Click-to-dial as the MyPBX guide shows: ring `channel`, then dial `exten` in `context`."""
    fields = [
        ("Action", "Originate"),
        ("Channel", channel),
        ("Context", context),
        ("Exten", exten),
        ("Priority", priority),
        ("Timeout", str(int(timeout_ms))),
    ]
    if caller_id:
        fields.append(("CallerID", caller_id))
    if run_async:
        fields.append(("Async", "true"))
    return fields


def redirect(channel: str, context: str, exten: str, priority: str = "1") -> list[tuple[str, str]]:
    return [
        ("Action", "Redirect"),
        ("Channel", channel),
        ("Context", context),
        ("Exten", exten),
        ("Priority", priority),
    ]


def event_filter(event: str) -> list[tuple[str, str]]:
    """Asterisk 10+: send this session only events whose text matches (one whitelist entry).

    A plain `Event: <name>` pattern reads the same as a basic or an extended regular expression
    (Asterisk has used both); it is unanchored, so `Event: Hangup` also lets HangupRequest in.
    """
    return [("Action", "Filter"), ("Operation", "Add"), ("Filter", f"Event: {event}")]


def with_action_id(fields: Fields, action_id: str) -> list[tuple[str, str]]:
    """Return `fields` with ActionID set (replacing any earlier one)."""
    out = [(n, v) for n, v in fields if n.lower() != "actionid"]
    out.append(("ActionID", action_id))
    return out


# -- colleagues and call handling (issue 10; shapes checked on Asterisk 1.8.32.3 and 20.20.1) --


def sip_peers() -> list[tuple[str, str]]:
    """chan_sip peer list (PeerEntry events, PeerlistComplete). Write class system or reporting."""
    return [("Action", "SIPpeers")]


def sip_show_peer(peer: str) -> list[tuple[str, str]]:
    """One chan_sip peer; the reply's `Callerid: "Name" <203>` names the colleague."""
    return [("Action", "SIPshowpeer"), ("Peer", peer)]


def iax_peer_list() -> list[tuple[str, str]]:
    return [("Action", "IAXpeerlist")]


def pjsip_show_endpoints() -> list[tuple[str, str]]:
    """Asterisk 12+ with res_pjsip: EndpointList events."""
    return [("Action", "PJSIPShowEndpoints")]


def extension_state(exten: str, context: str) -> list[tuple[str, str]]:
    """The hint state of one extension (Status -1 when it has no hint). Class call/reporting."""
    return [("Action", "ExtensionState"), ("Exten", exten), ("Context", context)]


def extension_state_list() -> list[tuple[str, str]]:
    """Every hint at once; Asterisk 13+ only (1.8 answers `Invalid/unknown command`)."""
    return [("Action", "ExtensionStateList")]


def atxfer(channel: str, exten: str, context: str, priority: str = "1") -> list[tuple[str, str]]:
    """Attended transfer started by `channel` (the transferer's own leg): the PBX puts the
    other party on hold and rings `exten`; hanging up completes it. Needs `atxfer` in
    features.conf [featuremap] on both 1.8 and 20."""
    return [
        ("Action", "Atxfer"),
        ("Channel", channel),
        ("Exten", exten),
        ("Context", context),
        ("Priority", priority),
    ]


def park(
    channel: str, announce_to: str | None, *, modern: bool, timeout_ms: int = 0
) -> list[tuple[str, str]]:
    """Park `channel`; the slot comes in a ParkedCall event. 1.8 names the party who hears the
    slot and gets the call back `Channel2`; 12+ calls it `TimeoutChannel`."""
    fields = [("Action", "Park"), ("Channel", channel)]
    if announce_to:
        fields.append(("TimeoutChannel" if modern else "Channel2", announce_to))
    if timeout_ms > 0:
        fields.append(("Timeout", str(int(timeout_ms))))
    return fields


def parked_calls() -> list[tuple[str, str]]:
    """The calls waiting in parking lots: a ParkedCall event each (1.8: Exten + Channel; 12+:
    ParkingSpace + ParkeeChannel), then ParkedCallsComplete."""
    return [("Action", "ParkedCalls")]


def hangup(channel: str) -> list[tuple[str, str]]:
    return [("Action", "Hangup"), ("Channel", channel)]


def bridge(channel1: str, channel2: str) -> list[tuple[str, str]]:
    """Bridge two channels that are already up (class call, 1.8 and 12+). A parked channel is
    taken out of its slot; each channel leaves the call it was in (that other party hangs up)."""
    return [("Action", "Bridge"), ("Channel1", channel1), ("Channel2", channel2), ("Tone", "no")]
