"""Whose dialplan may send a caller to an outside number? Pure: tracker state or a snapshot.

A Redirect to `013800138000` needs a context that can dial out. MyPBX gives each extension its
own (`DLPN_DialPlan<ext>`) and no context named after an outside number exists: redirecting
into `DLPN_DialPlan013800138000` hangs the caller up. So the caller goes into the dialplan of the
extension the call rings on or is bridged to, or is not moved at all.
"""

from __future__ import annotations

from screenpop.ami.message import Message

from .channels import Kind, classify, clean, parse_channel


def extension_of(name: str | None, trunk_prefixes: tuple[str, ...] = ("trunk",)) -> str | None:
    """`SIP/474-0000001a` -> "474" when the channel is an extension's phone, else None."""
    ch = parse_channel(name)
    if ch is None or not ch.peer.isdigit():
        return None
    return ch.peer if classify(ch, None, trunk_prefixes) is Kind.EXTENSION else None


def _dial_peers(data: str | None) -> list[str]:
    """Peers named by Dial/Queue data such as `SIP/474&SIP/307,30` (1.x has no Linkedid)."""
    targets = (data or "").split(",", 1)[0]
    return [t.strip() for t in targets.split("&") if "/" in t]


def extension_in_snapshot(
    channel: str,
    snapshot: list[Message],
    context_prefix: str = "DLPN_DialPlan",
    trunk_prefixes: tuple[str, ...] = ("trunk",),
) -> str | None:
    """The extension a live channel belongs to, from a CoreShowChannels/Status list.

    In order: the channel is an extension's own phone; the channel it is bridged to; another
    channel of the same call (12+ Linkedid), answered before ringing; the peers of its Dial;
    its own dialplan context `DLPN_DialPlan<ext>`.
    """
    wanted = channel.lower()
    me = next((m for m in snapshot if (m.get("Channel") or "").lower() == wanted), None)
    if me is None:
        return None
    own = extension_of(me.get("Channel"), trunk_prefixes)
    if own:
        return own
    bridged = extension_of(clean(me.get("BridgedChannel")), trunk_prefixes)
    if bridged:
        return bridged
    linked = clean(me.get("Linkedid"))
    if linked:
        others = [m for m in snapshot if clean(m.get("Linkedid")) == linked and m is not me]
        others.sort(key=lambda m: m.get("ChannelState") != "6")  # answered first
        for other in others:
            ext = extension_of(other.get("Channel"), trunk_prefixes)
            if ext:
                return ext
    for peer in _dial_peers(me.get("ApplicationData") or me.get("Data")):
        ext = extension_of(peer, trunk_prefixes)
        if ext:
            return ext
    context = clean(me.get("Context")) or ""
    if context.startswith(context_prefix) and context[len(context_prefix) :].isdigit():
        return context[len(context_prefix) :]
    return None
