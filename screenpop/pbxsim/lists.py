"""Replies to the list actions (CoreShowChannels, Status): ack, one event per channel, end.

These go to the asking session only, so they carry no category; 1.8 CoreShowChannel has no
Privilege header at all (old_05 capture).
"""

from __future__ import annotations

from .calls import CallEngine
from .cli import duration, status_seconds
from .frames import frame, response, with_action_id
from .model import Channel


def _unknown(value: str) -> str:
    return value or "<unknown>"


def _aid(action_id: str | None) -> list[tuple[str, str]]:
    return [("ActionID", action_id)] if action_id is not None else []


def core_show_channels(engine: CallEngine, action_id: str | None) -> bytes:
    out = [
        response("Success", action_id, ("EventList", "start"), ("Message", "Channels will follow"))
    ]
    channels = engine.listed_channels()
    modern = engine.flavor != "1.8"
    for ch in channels:
        pairs = [("Event", "CoreShowChannel"), *_aid(action_id)]
        if modern:
            pairs += engine.ev.snapshot(ch)
            pairs += [
                ("Application", ch.application),
                ("ApplicationData", ch.app_data),
                ("Duration", duration(engine, ch)),
                ("BridgeId", ""),
            ]
        else:
            bridged = ch.bridged
            pairs += [
                ("Channel", ch.name),
                ("UniqueID", ch.uniqueid),
                ("Context", ch.context),
                ("Extension", ch.exten),
                ("Priority", str(ch.priority)),
                ("ChannelState", str(ch.state)),
                ("ChannelStateDesc", ch.state_desc),
                ("Application", ch.application),
                ("ApplicationData", ch.app_data),
                ("CallerIDnum", ch.cid_num),
                ("CallerIDname", ch.cid_name),
                ("ConnectedLineNum", ch.conn_num),
                ("ConnectedLineName", ch.conn_name),
                ("Duration", duration(engine, ch)),
                ("AccountCode", ""),
                ("BridgedChannel", bridged.name if bridged else ""),
                ("BridgedUniqueID", bridged.uniqueid if bridged else ""),
            ]
        out.append(frame(pairs))
    end = [("Event", "CoreShowChannelsComplete")]
    if modern:
        end += [*_aid(action_id), ("EventList", "Complete"), ("ListItems", str(len(channels)))]
    else:
        end += [("EventList", "Complete"), ("ListItems", str(len(channels))), *_aid(action_id)]
    out.append(frame(end))
    return b"".join(out)


def _status_18(engine: CallEngine, ch: Channel) -> list[tuple[str, str]]:
    pairs = [
        ("Event", "Status"),
        ("Privilege", "Call"),
        ("Channel", ch.name),
        ("CallerIDNum", _unknown(ch.cid_num)),
        ("CallerIDName", _unknown(ch.cid_name)),
        ("ConnectedLineNum", _unknown(ch.conn_num)),
        ("ConnectedLineName", _unknown(ch.conn_name)),
    ]
    if ch.has_pbx:
        pairs += [
            ("Accountcode", ""),
            ("ChannelState", str(ch.state)),
            ("ChannelStateDesc", ch.state_desc),
            ("Context", ch.context),
            ("Extension", ch.exten),
            ("Priority", str(ch.priority)),
            ("Seconds", status_seconds(engine, ch)),
        ]
    else:
        # A Dial leg has no PBX: 1.8 prints the short form (old_03 capture).
        pairs += [("Account", ""), ("State", ch.state_desc)]
    if ch.bridged is not None:
        pairs += [("BridgedChannel", ch.bridged.name), ("BridgedUniqueid", ch.bridged.uniqueid)]
    pairs.append(("Uniqueid", ch.uniqueid))
    return pairs


def _status_20(engine: CallEngine, ch: Channel) -> list[tuple[str, str]]:
    return [
        ("Event", "Status"),
        ("Privilege", "Call"),
        *engine.ev.snapshot(ch),
        ("Type", ch.tech),
        ("DNID", ""),
        ("EffectiveConnectedLineNum", _unknown(ch.conn_num)),
        ("EffectiveConnectedLineName", _unknown(engine.ev.display_name(ch.conn_name))),
        ("TimeToHangup", "0"),
        ("BridgeID", ""),
        ("Application", ch.application),
        ("Data", ch.app_data),
        ("Nativeformats", "(ulaw)"),
        ("Readformat", "ulaw"),
        ("Readtrans", ""),
        ("Writeformat", "ulaw"),
        ("Writetrans", ""),
        ("Callgroup", "0"),
        ("Pickupgroup", "0"),
        ("Seconds", status_seconds(engine, ch)),
    ]


def status(engine: CallEngine, action_id: str | None, channel: str | None) -> bytes:
    if channel:
        found = engine.find_channel(channel)
        if found is None:
            return response("Error", action_id, ("Message", "No such channel"))
        channels = [found]
    else:
        channels = engine.listed_channels()
    modern = engine.flavor != "1.8"
    ack = [("Response", "Success")]
    if modern:
        ack.append(("EventList", "start"))
    ack.append(("Message", "Channel status will follow"))
    out = [frame(with_action_id(ack, action_id))]
    build = _status_20 if modern else _status_18
    for ch in channels:
        out.append(frame(build(engine, ch) + _aid(action_id)))
    end = [("Event", "StatusComplete"), *_aid(action_id)]
    if modern:
        end += [("EventList", "Complete"), ("ListItems", str(len(channels)))]
    end.append(("Items", str(len(channels))))
    out.append(frame(end))
    return b"".join(out)
