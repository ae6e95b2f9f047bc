"""The colleague directory: extensions, their names and channels, from AMI lists and settings.

Pure: it reads the Messages that SIPpeers, SIPshowpeer, IAXpeerlist and PJSIPShowEndpoints
return (shapes checked on Asterisk 1.8.32.3 and 20.20.1) and merges them with the names the
user typed in Settings, which always win.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from screenpop.ami.message import Message

# An extension-like peer name: what a receptionist would dial.
_EXTENSION = re.compile(r"^[0-9]{1,8}$")
_CALLERID = re.compile(
    r'^\s*(?:"(?P<q>(?:[^"\\]|\\.)*)"|(?P<bare>[^<]*?))\s*(?:<(?P<num>[^>]*)>)?\s*$'
)
MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class Colleague:
    extension: str
    name: str | None
    channel: str  # what rings the phone: SIP/203, IAX2/301, PJSIP/204, DAHDI/5
    source: str  # sip, iax2, pjsip, dahdi, settings

    @property
    def label(self) -> str:
        return f"{self.name} ({self.extension})" if self.name else self.extension


@dataclass(frozen=True, slots=True)
class PeerInfo:
    """One PeerEntry / EndpointList item: enough to tell a phone from a trunk."""

    name: str
    tech: str  # SIP, IAX2, PJSIP
    dynamic: bool
    status: str | None  # "OK (5 ms)", "UNREACHABLE", "Unmonitored", "Unavailable"...
    address: str | None

    @property
    def online(self) -> bool | None:
        """Registration as the list shows it: a qualify result where there is one, else
        whether a dynamic peer has an address (it registered)."""
        text = (self.status or "").strip().lower()
        if text.startswith(("ok", "lagged", "reachable", "not_in_use", "in_use")):
            return True
        if text.startswith(("unreachable", "unavailable", "unknown")):
            return False
        if self.dynamic:
            return self.address is not None
        return None


def clean_name(text: str | None) -> str | None:
    """A display-safe name: control characters dropped, whitespace collapsed, length bounded.

    CJK and emoji stay as they are; the widgets show names as plain text in any case.
    """
    if not text:
        return None
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    kept = " ".join(kept.split())[:MAX_NAME]
    return kept or None


def parse_callerid(text: str | None) -> tuple[str | None, str | None]:
    """`"Li Na 李娜" <201>` -> ("Li Na 李娜", "201"); `Bob <202>`; `<203>`; `Bob`."""
    if not text:
        return None, None
    m = _CALLERID.match(text)
    if m is None:
        return clean_name(text), None
    quoted = m.group("q")
    name = re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else m.group("bare")
    number = (m.group("num") or "").strip() or None
    return clean_name(name), number


def _absent(value: str | None) -> bool:
    return not value or value.strip() in ("-none-", "(null)", "(Unspecified)", "0.0.0.0")


def peer_entries(messages: Iterable[Message]) -> list[PeerInfo]:
    """PeerEntry events of SIPpeers (chan_sip) and IAXpeerlist (chan_iax2)."""
    out = []
    for msg in messages:
        if (msg.event or "").lower() != "peerentry":
            continue
        name = (msg.get("ObjectName") or "").strip()
        if not name:
            continue
        tech = (msg.get("Channeltype") or "SIP").strip().upper()
        tech = "IAX2" if tech.startswith("IAX") else tech
        dynamic = (msg.get("Dynamic") or "").strip().lower() in ("yes", "y")
        address = msg.get("IPaddress")
        out.append(
            PeerInfo(name, tech, dynamic, msg.get("Status"), None if _absent(address) else address)
        )
    return out


def pjsip_endpoints(messages: Iterable[Message]) -> list[PeerInfo]:
    """EndpointList events of PJSIPShowEndpoints (Asterisk 12+). Contacts say registered."""
    out = []
    for msg in messages:
        if (msg.event or "").lower() != "endpointlist":
            continue
        name = (msg.get("ObjectName") or "").strip()
        if name:
            contacts = (msg.get("Contacts") or "").strip()
            status = msg.get("DeviceState")
            out.append(PeerInfo(name, "PJSIP", True, status, contacts or None))
    return out


def is_colleague(peer: PeerInfo, trunk_prefixes: tuple[str, ...] = ("trunk",)) -> bool:
    """A phone, not a trunk. MyPBX names trunks `trunk-...`; other peers with a fixed host and
    a name nobody would dial (`carrier`) are trunks too."""
    lowered = peer.name.lower()
    if any(lowered.startswith(p) for p in trunk_prefixes):
        return False
    if _EXTENSION.match(peer.name):
        return True
    return peer.dynamic


def merge(
    pbx: Iterable[Colleague],
    user_names: Mapping[str, str],
    analog: Mapping[str, str] | None = None,
) -> list[Colleague]:
    """One entry per extension, sorted by name then number; the user's names win.

    `analog` maps extension -> DAHDI channel (the settings' `601 = DAHDI/5`); an extension
    named only in Settings is kept (it may be on a PBX whose list the AMI user cannot read).
    """
    by_ext: dict[str, Colleague] = {}
    for c in pbx:
        known = by_ext.get(c.extension)
        # chan_sip first: a number that is both a SIP and an IAX2 peer rings as SIP.
        if known is None or (known.name is None and c.name is not None):
            by_ext[c.extension] = c
    for ext, channel in (analog or {}).items():
        if ext not in by_ext:
            by_ext[ext] = Colleague(ext, None, channel, "dahdi")
        else:
            by_ext[ext] = Colleague(ext, by_ext[ext].name, channel, "dahdi")
    for ext, name in user_names.items():
        clean = clean_name(name)
        known = by_ext.get(ext)
        if known is None:
            channel = (analog or {}).get(ext) or f"SIP/{ext}"
            by_ext[ext] = Colleague(ext, clean, channel, "settings")
        elif clean:
            by_ext[ext] = Colleague(ext, clean, known.channel, known.source)
    return sort_colleagues(by_ext.values())


def _ext_key(ext: str) -> tuple[int, str]:
    return (int(ext), ext) if ext.isdigit() else (1 << 62, ext)


def sort_colleagues(items: Iterable[Colleague]) -> list[Colleague]:
    """By name (case-insensitive, unnamed last), then by number."""
    return sorted(
        items,
        key=lambda c: (c.name is None, (c.name or "").casefold(), _ext_key(c.extension)),
    )
