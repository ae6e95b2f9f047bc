"""CLI text for `Action: Command`: the few commands a screen-pop client runs.

Layouts follow the captures (*_05) and chan_dahdi's `dahdi show channel` (notes section 6).
Returns (lines, ok); ok False means Asterisk counts the command as failed.
"""

from __future__ import annotations

from .calls import CallEngine
from .model import Channel

_BUILT = "built by root @ vm on a x86_64 running Linux on"
VERSIONS = {
    "1.8": f"Asterisk 1.8.32.3 {_BUILT} 2026-11-26 02:36:07 UTC",
    "20": f"Asterisk 20.20.1 {_BUILT} 2026-11-26 02:28:26 UTC",
}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _hms(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def run_command(engine: CallEngine, command: str) -> tuple[list[str], bool]:
    words = command.split()
    lowered = [w.lower() for w in words]
    if lowered == ["core", "show", "channels"]:
        return show_channels(engine), True
    if lowered == ["core", "show", "channels", "concise"]:
        return show_channels_concise(engine), True
    if lowered == ["core", "show", "version"]:
        return [VERSIONS[engine.flavor]], True
    if lowered[:3] == ["core", "show", "channel"] and len(words) == 4:
        ch = engine.find_channel(words[3])
        if ch is None:
            return [f"{words[3]} is not a known channel"], True
        return show_channel(engine, ch), True
    if lowered[:3] == ["dahdi", "show", "channel"] and len(words) == 4:
        lines = dahdi_show_channel(engine, words[3])
        if lines is None:
            return [
                f"Unable to find given channel {words[3]}",
                f"Command '{' '.join(words)}' failed.",
            ], False
        return lines, True
    text = " ".join(words)
    return [
        f"No such command '{text}' (type 'core show help {text}' for other possible commands)"
    ], False


def _location(engine: CallEngine, ch: Channel) -> str:
    loc = f"{ch.exten}@{ch.context}"
    return f"{loc}:{ch.priority}" if engine.flavor != "1.8" else loc


def show_channels(engine: CallEngine) -> list[str]:
    wide = engine.flavor != "1.8"
    fmt = "%-64.64s %-32.32s %-7.7s %-30.30s" if wide else "%-20.20s %-20.20s %-7.7s %-30.30s"
    lines = [fmt % ("Channel", "Location", "State", "Application(Data)")]
    for ch in engine.listed_channels():
        app = f"{ch.application}({ch.app_data})" if ch.application else "(None)"
        lines.append(fmt % (ch.name, _location(engine, ch), ch.state_desc, app))
    active = sum(1 for ch in engine.channels.values() if ch.has_pbx)
    lines.append(_plural(len(engine.channels), "active channel"))
    lines.append(_plural(active, "active call"))
    lines.append(f"{_plural(engine.calls_processed, 'call')} processed")
    return lines


def show_channels_concise(engine: CallEngine) -> list[str]:
    now = engine.clock()
    none = "(None)" if engine.flavor == "1.8" else ""
    out = []
    for ch in engine.listed_channels():
        bridged = ch.bridged.name if ch.bridged is not None else none
        fields = [
            ch.name,
            ch.context,
            ch.exten,
            str(ch.priority),
            ch.state_desc,
            ch.application,
            ch.app_data,
            ch.cid_num,
            "",
            "",
            "3",
            str(int(now - ch.created)),
            bridged,
            ch.uniqueid,
        ]
        out.append("!".join(fields))
    return out


def show_channel(engine: CallEngine, ch: Channel) -> list[str]:
    elapsed = int(engine.clock() - ch.created)
    bridged = ch.bridged.name if ch.bridged is not None else "<none>"

    def row(label: str, value: str) -> str:
        return f"{label:>15}: {value}"

    return [
        " -- General --",
        row("Name", ch.name),
        row("Type", ch.tech),
        row("UniqueID", ch.uniqueid),
        row("LinkedID", ch.linkedid),
        row("Caller ID", ch.cid_num or "(N/A)"),
        row("Caller ID Name", ch.cid_name or "(N/A)"),
        f"Connected Line ID: {ch.conn_num or '(N/A)'}",
        f"Connected Line ID Name: {ch.conn_name or '(N/A)'}",
        row("DNID Digits", "(N/A)"),
        row("Language", "en"),
        row("State", f"{ch.state_desc} ({ch.state})"),
        row("Rings", "0"),
        row("NativeFormats", "0x4 (ulaw)"),
        row("WriteFormat", "0x4 (ulaw)"),
        row("ReadFormat", "0x4 (ulaw)"),
        row("WriteTranscode", "No "),
        row("ReadTranscode", "No "),
        "1st File Descriptor: 25",
        row("Frames in", "0"),
        row("Frames out", "0"),
        row("Time to Hangup", "0"),
        row("Elapsed Time", f"{elapsed // 3600}h{elapsed % 3600 // 60}m{elapsed % 60}s"),
        row("Direct Bridge", bridged),
        row("Indirect Bridge", bridged),
        " --   PBX   --",
        row("Context", ch.context),
        row("Extension", ch.exten),
        row("Priority", str(ch.priority)),
        row("Call Group", "0"),
        row("Pickup Group", "0"),
        row("Application", ch.application or "(N/A)"),
        row("Data", ch.app_data or "(Empty)"),
        row("Blocking in", "ast_waitfor_nandfds"),
        row("Variables", ""),
        "",
    ]


def dahdi_show_channel(engine: CallEngine, arg: str) -> list[str] | None:
    if not arg.isdigit() or int(arg) not in engine.dahdi_ports:
        return None
    port = int(arg)
    ext, signalling = engine.dahdi_ports[port]
    owner = next(
        (c.name for c in engine.channels.values() if c.name.startswith(f"DAHDI/{port}-")),
        "<None>",
    )
    context = f"DLPN_DialPlan{ext}" if ext else "DLPN_Trunk_analog"
    return [
        f"Channel: {port}",
        f"File Descriptor: {port + 10}",
        "Span: 1",
        "Extension: ",
        "Dialing: no",
        f"Context: {context}",
        f"Caller ID: {ext or ''}",
        "Calling TON: 0",
        "Caller ID name: ",
        "Mailbox: none",
        "Destroy: 0",
        "InAlarm: 0",
        f"Signalling Type: {signalling}",
        "Radio: 0",
        f"Owner: {owner}",
        "Real: <None>",
        "Callwait: <None>",
        "Threeway: <None>",
        "Confno: -1",
        "Propagated Conference: -1",
        "Real in conference: 0",
        "DSP: no",
        "Busy Detection: no",
        "TDD: no",
        "Relax DTMF: no",
        "Dialing/CallwaitCAS: 0/0",
        "Default law: ulaw",
        "Fax Handled: no",
        "Pulse phone: no",
        "DND: no",
        "Echo Cancellation:",
        "\t128 taps",
        "\t(unless TDM bridged) currently OFF",
        "Wait for dialtone: 0ms",
        "Actual Confinfo: Num/0, Mode/0x0000",
        "Actual Confmute: No",
        f"Hookstate (FXS only): {'Offhook' if owner != '<None>' else 'Onhook'}",
    ]


def status_seconds(engine: CallEngine, ch: Channel) -> str:
    return str(int(engine.clock() - ch.created))


def duration(engine: CallEngine, ch: Channel) -> str:
    return _hms(int(engine.clock() - ch.created))


__all__ = ["duration", "run_command", "status_seconds"]
