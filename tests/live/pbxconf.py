"""The configuration files of a MyPBX-like test PBX, as text (nothing is written here).

MyPBX gives every extension a context `DLPN_DialPlan<ext>` from which it can dial the other
extensions, the ring groups and queues, and outside numbers (a leading 0) through a trunk named
`trunk-<name>`. Calls from the carriers enter an inbound route that maps DIDs to extensions, ring
groups and queues.
"""

from __future__ import annotations

from pathlib import Path

# Extensions whose phone is a SIPp agent on a port of its own.
PHONES = ["201", "202", "203", "204", "205", "208", "306", "307", "474", "503"]
UNREGISTERED = "209"  # a dynamic peer nobody registers: Dial gives CHANUNAVAIL
PRESENCE_EXT = "205"  # its hint has a presence provider on 20 (DND from the PBX)
UNREGISTERED_SECRET = "never-registers-5d1"  # only tests/live/test_live_presence.py registers it
ANALOG = "601"  # no DAHDI in the builds: settings map it to SIP/208
TRUNKS = ["trunk-sps", "carrier", "voip-provider"]
AGENTS = PHONES + TRUNKS
RING_GROUPS = {"6300": ["202", "203"], "6301": ["474", "306", "307"]}
QUEUES = {
    "6400": ("q-ringall", "ringall"),
    "6401": ("q-linear", "linear"),
    "6402": ("q-rrmemory", "rrmemory"),
    "6403": ("q-quiet", "ringall"),  # eventwhencalled=no on 1.8
}
QUEUE_MEMBERS = ["474", "307"]
DIDS = {"5550100": "201", "5550163": "6300", "5550164": "6400"}
RING_SECONDS = 20
# Caller-ID names the colleague directory reads (SIPshowpeer); the other phones are "Ext <n>".
NAMES = {
    "201": "Anna Schmidt",
    "202": "Li Na 李娜",
    "203": "Wang Wei 王伟",
    "204": "Carlos Ruiz",
    "306": "Zhang Min 张敏",
}
# Parking as MyPBX sets it up: dial 700 to park, the PBX picks a slot in 701-750.
PARK_EXTEN, PARK_SLOTS = "700", (701, 750)
# The voicemail target `*2<ext>` of the first colleague tests is a stand-in that answers and
# waits: recognisable on the PBX by its extension (and the CDR dst).
VOICEMAIL_PREFIX = "*2"
# The real VoiceMail app (app_voicemail, a mailbox per phone in voicemail.conf) on `*4<ext>`,
# with `s` (no instructions: the builds have no prompts; a real PBX would use `u`).
REAL_VOICEMAIL_PREFIX = "*4"
ATXFER_CODE, BLINDXFER_CODE = "*3", "#1"


def _asterisk_conf(version: str, tree: Path, run: Path) -> str:
    d = {
        "astetcdir": run / "etc",
        "astmoddir": tree / "lib/asterisk/modules",
        "astdatadir": run / "data",
        "astagidir": tree / "var/lib/asterisk/agi-bin",
        "astvarlibdir": run / "lib",
        "astdbdir": run / "lib",
        "astkeydir": run / "lib",
        "astspooldir": run / "spool",
        "astrundir": run / "run",
        "astlogdir": run / "log",
        "astsbindir": tree / "sbin",
        "astcachedir": run / "cache",
    }
    if version == "1.8":
        del d["astsbindir"], d["astcachedir"]
    lines = ["[directories]", *(f"{k} => {v}" for k, v in d.items())]
    # verbose 3: "Manager 'x' logged on" (level 2) and "Executing [...]" lines reach the log.
    lines += ["", "[options]", "verbose = 3", "debug = 0", "nocolor = yes"]
    return "\n".join(lines) + "\n"


# The builds ship no sound files, and Asterisk 1.8's attended transfer gives up (and drops the
# call) when it cannot play "pbx-transfer": short silent stand-ins of the prompts it plays.
PROMPTS = ("pbx-transfer", "pbx-invalid", "beep", "beeperr", "vm-intro")


def data_dir(tree: Path, run: Path) -> None:
    """The run's astdatadir: the build's own folders, plus silent prompts under sounds/en."""
    data = run / "data"
    data.mkdir(exist_ok=True)
    for entry in (tree / "var/lib/asterisk").iterdir():
        if entry.name != "sounds" and not (data / entry.name).exists():
            (data / entry.name).symlink_to(entry)
    sounds = data / "sounds" / "en"
    sounds.mkdir(parents=True, exist_ok=True)
    for prompt in PROMPTS:
        (sounds / f"{prompt}.ulaw").write_bytes(b"\xff" * 1600)  # 0.2 s of u-law silence


def _modules() -> str:
    # Modules that would bind ports or hardware of their own, or that nobody here needs.
    noload = [
        "chan_oss.so",
        "chan_skinny.so",
        "chan_unistim.so",
        "chan_mgcp.so",
        "pbx_dundi.so",
        "res_phoneprov.so",
        "res_http_websocket.so",
        "res_ari.so",
        "cdr_syslog.so",
        "res_calendar.so",
        "res_smdi.so",
        "app_festival.so",
    ]
    return "[modules]\nautoload = yes\n" + "".join(f"noload => {m}\n" for m in noload)


def _manager(ports, users: dict[str, tuple[str, str]], tls: tuple[Path, Path]) -> str:  # type: ignore[no-untyped-def]
    cert, key = tls
    out = [
        "[general]",
        "enabled = yes",
        f"port = {ports.ami}",
        "bindaddr = 127.0.0.1",
        "tlsenable = yes",
        f"tlsbindaddr = 127.0.0.1:{ports.ami_tls}",
        f"tlscertfile = {cert}",
        f"tlsprivatekey = {key}",
        "",
    ]
    # The README's least-privilege user; admin is for the harness's own look-ups.
    rights = {
        "admin": ("all", "all"),
        "screenpop": ("call,cdr,agent,system", "call,originate,reporting,command"),
        # Without `reporting` (nor `system`): may not list the extensions (SIPpeers).
        "nolist": ("call,cdr,agent", "call,originate"),
        "md5": ("call,cdr,agent", "call,originate,reporting,command"),
    }
    for role, (name, secret) in users.items():
        read, write = rights[role]
        out += [
            f"[{name}]",
            f"secret = {secret}",
            "deny = 0.0.0.0/0.0.0.0",
            "permit = 127.0.0.1/255.255.255.255",
            f"read = {read}",
            f"write = {write}",
            "",
        ]
    return "\n".join(out)


def _sip(ports) -> str:  # type: ignore[no-untyped-def]
    out = [
        "[general]",
        "context = DLPN_Unknown",
        f"udpbindaddr = 127.0.0.1:{ports.sip}",
        "allowguest = no",
        "alwaysauthreject = yes",
        "disallow = all",
        "allow = ulaw",
        "directmedia = no",
        "trustrpid = yes",
        "sendrpid = no",
        "useragent = MyPBX-like test PBX",
        "",
    ]
    for ext in PHONES:
        out += [
            f"[{ext}]",
            "type = friend",
            "host = 127.0.0.1",
            f"port = {ports.agents[ext]}",
            f"context = DLPN_DialPlan{ext}",
            f'callerid = "{NAMES.get(ext, f"Ext {ext}")}" <{ext}>',
            "",
        ]
    out += [
        f"[{UNREGISTERED}]",
        "type = friend",
        "host = dynamic",
        f"secret = {UNREGISTERED_SECRET}",
        f"context = DLPN_DialPlan{UNREGISTERED}",
        "",
    ]
    for trunk in TRUNKS:
        out += [
            f"[{trunk}]",
            "type = peer",
            "host = 127.0.0.1",
            f"port = {ports.agents[trunk]}",
            "context = DLPN_Inbound",
            "",
        ]
    return "\n".join(out)


def _extensions(version: str) -> str:
    dial = f"{RING_SECONDS},tTkK"
    out = [
        "[general]",
        "static = yes",
        "writeprotect = yes",
        "",
        "[DLPN_Internal]",
        f"exten => _XXX,1,Dial(SIP/${{EXTEN}},{dial})",
        " same => n,Hangup()",
        f"exten => _{REAL_VOICEMAIL_PREFIX}XXX,1,VoiceMail(${{EXTEN:2}}@default,s)",
        " same => n,Hangup()",
        # The voicemail stand-in (see VOICEMAIL_PREFIX).
        f"exten => _{VOICEMAIL_PREFIX}XXX,1,Answer()",
        " same => n,Wait(120)",
        " same => n,Hangup()",
    ]
    for number, members in RING_GROUPS.items():
        legs = "&".join(f"SIP/{m}" for m in members)
        out += [f"exten => {number},1,Dial({legs},{dial})", " same => n,Hangup()"]
    for number, (queue, _strategy) in QUEUES.items():
        out += [f"exten => {number},1,Queue({queue},tTr,,,{RING_SECONDS})", " same => n,Hangup()"]
    out += [
        "",
        "[DLPN_Outbound]",
        # MyPBX's outbound route: a leading 0 selects the trunk; the number is sent as dialled.
        "exten => _0X.,1,Dial(SIP/trunk-sps/${EXTEN},60,tTkK)",
        " same => n,Hangup()",
        "",
        "[DLPN_Inbound]",
    ]
    for did, target in DIDS.items():
        out.append(f"exten => {did},1,Goto(DLPN_Internal,{target},1)")
    # Carriers that send the extension itself as the called number.
    out += ["exten => _X.,1,Goto(DLPN_Internal,${EXTEN},1)", ""]
    # Hints, as MyPBX has for its extensions (ExtensionStatus events, ExtensionState), in a
    # context of their own so a hint-only `201` never shadows the `_XXX` dial line.
    out += ["[DLPN_Hints]"]
    out += [f"exten => {ext},hint,SIP/{ext}" for ext in [*PHONES, UNREGISTERED]]
    if version != "1.8":
        # 12+: a hint may also carry a presence provider (`presencestate change
        # CustomPresence:205 DND` -> PresenceStatus); 1.8 has no presence state at all.
        i = out.index(f"exten => {PRESENCE_EXT},hint,SIP/{PRESENCE_EXT}")
        out[i] += f",CustomPresence:{PRESENCE_EXT}"
    out.append("")
    for ext in [*PHONES, UNREGISTERED, ANALOG]:
        out += [
            f"[DLPN_DialPlan{ext}]",
            "include => DLPN_Internal",
            "include => DLPN_Outbound",
            "include => DLPN_Hints",
            "include => parkedcalls",
            "",
        ]
    return "\n".join(out)


def _queues(version: str) -> str:
    out = ["[general]", "persistentmembers = no", ""]
    for _number, (queue, strategy) in QUEUES.items():
        out += [
            f"[{queue}]",
            f"strategy = {strategy}",
            "timeout = 8",
            "retry = 1",
            "joinempty = yes",
            "leavewhenempty = no",
            "ringinuse = no",
        ]
        if version == "1.8":
            out.append(f"eventwhencalled = {'no' if queue == 'q-quiet' else 'yes'}")
        out += [f"member => SIP/{m}" for m in QUEUE_MEMBERS]
        out.append("")
    return "\n".join(out)


def _features(version: str) -> str:
    out = ["[general]"]
    if version == "1.8":  # 12+ reads parking from res_parking.conf
        out += [
            f"parkext => {PARK_EXTEN}",
            f"parkpos => {PARK_SLOTS[0]}-{PARK_SLOTS[1]}",
            "context => parkedcalls",
        ]
    out += ["", "[featuremap]", f"atxfer => {ATXFER_CODE}", f"blindxfer => {BLINDXFER_CODE}", ""]
    return "\n".join(out)


def render(*, version: str, tree: Path, run: Path, ports, users, tls) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "asterisk.conf": _asterisk_conf(version, tree, run),
        "modules.conf": _modules(),
        "manager.conf": _manager(ports, users, tls),
        "sip.conf": _sip(ports),
        "iax.conf": f"[general]\nbindport = {ports.iax}\nbindaddr = 127.0.0.1\n",
        "rtp.conf": f"[general]\nrtpstart = {ports.rtp}\n"
        f"rtpend = {ports.rtp + ports.rtp_size - 1}\n",
        "extensions.conf": _extensions(version),
        "queues.conf": _queues(version),
        "logger.conf": "[general]\n[logfiles]\nfull => notice,warning,error,verbose\n",
        "cdr.conf": (
            "[general]\nenable = yes\nunanswered = yes\n\n[csv]\nusegmtime = yes\n"
            "loguniqueid = yes\nloguserfield = yes\naccountlogs = no\n"
        ),
        "cdr_manager.conf": "[general]\nenabled = yes\n",
        "features.conf": _features(version),
        "voicemail.conf": "[general]\nformat = wav\nminsecs = 0\n\n[default]\n"
        + "".join(f"{ext} => 4{ext},{NAMES.get(ext, f'Ext {ext}')}\n" for ext in PHONES),
        "res_parking.conf": "[general]\n[default]\n"
        f"parkext => {PARK_EXTEN}\nparkpos => {PARK_SLOTS[0]}-{PARK_SLOTS[1]}\n"
        "context => parkedcalls\n",
        "musiconhold.conf": "[general]\n",
        "indications.conf": "[general]\ncountry = us\n\n[us]\ndescription = United States\n"
        "ringcadence = 2000,4000\ndial = 350+440\nbusy = 480+620/500,0/500\n"
        "ring = 440+480/2000,0/4000\ncongestion = 480+620/250,0/250\n",
    }
