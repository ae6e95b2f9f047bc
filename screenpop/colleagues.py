"""Colleagues over AMI: load the directory and the states after every (re)connect. No Qt.

The pure parts are in screenpop/presence; this module only asks the PBX and feeds them. It is
owned by the CallService, which passes it every AMI message and every new connection.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from screenpop.ami import actions as A
from screenpop.ami.message import Message
from screenpop.net.client import AmiClient
from screenpop.net.errors import ActionFailed, ActionTimeout
from screenpop.presence.directory import (
    Colleague,
    PeerInfo,
    is_colleague,
    merge,
    parse_callerid,
    peer_entries,
    pjsip_endpoints,
)
from screenpop.presence.state import PresenceBook, StateChanged

log = logging.getLogger(__name__)

# Per-peer questions (SIPshowpeer, ExtensionState) in flight at once: enough to load 500
# extensions in well under 2 s, few enough not to queue up work on a small PBX.
PARALLEL = 16

NOTE_NO_PEERS_RIGHT = (
    "The AMI user may not list the extensions ({action}: {reason}); add 'reporting' to its"
    " write= classes in manager.conf. Until then only the names set in Settings are shown."
)
NOTE_NO_HINTS = (
    "The PBX has no hints for these extensions: free/ringing/busy come from screenpop's own view"
    " of the calls, and offline from registration (needs read=system)."
)
NOTE_PJSIP_ONLY = (
    "Extensions are PJSIP endpoints: registration comes from ContactStatus events (read=system)."
)


@dataclass(frozen=True, slots=True)
class DirectoryLoaded:
    colleagues: tuple[Colleague, ...]
    seconds: float


def _unknown_command(exc: ActionFailed) -> bool:
    return "unknown command" in str(exc).lower() or "invalid/unknown" in str(exc).lower()


class Colleagues:
    """Directory + presence of one PBX, rebuilt on each connection."""

    def __init__(
        self,
        *,
        on_changes: Callable[[list[StateChanged]], None],
        on_directory: Callable[[DirectoryLoaded], None] = lambda d: None,
        on_note: Callable[[str], None] = lambda text: None,
        user_names: Mapping[str, str] | None = None,
        analog: Mapping[str, str] | None = None,
        context_prefix: str = "DLPN_DialPlan",
        trunk_prefixes: tuple[str, ...] = ("trunk",),
    ) -> None:
        self._on_changes = on_changes
        self._on_directory = on_directory
        self._on_note = on_note
        self.user_names = dict(user_names or {})
        self.analog = dict(analog or {})
        self.context_prefix = context_prefix
        self.trunk_prefixes = trunk_prefixes
        self.book = PresenceBook()
        self.directory: list[Colleague] = []
        self._pbx: list[Colleague] = []
        self._noted: set[str] = set()
        self.loads = 0
        self.loading = False  # True while load() runs: its changes are summed up at the end
        self.reload_wanted = False

    # -- state -----------------------------------------------------------------------------

    def by_extension(self, extension: str) -> Colleague | None:
        return next((c for c in self.directory if c.extension == extension), None)

    def _note(self, text: str) -> None:
        if text not in self._noted:  # say each once, not at every reconnect
            self._noted.add(text)
            log.info("%s", text)
            self._on_note(text)

    def _emit(self, changes: list[StateChanged]) -> None:
        if changes:
            self._on_changes(changes)

    def feed(self, msg: Message) -> None:
        """Every AMI message; a peer we never listed asks for a reload of the directory."""
        self._emit(self.book.feed(msg))
        event = (msg.event or "").lower()
        if event == "peerstatus" and (msg.get("PeerStatus") or "").lower() == "registered":
            device = msg.get("Peer") or ""
            if not any(c.channel.lower() == device.lower() for c in self.directory):
                tech, _, name = device.partition("/")
                if is_colleague(PeerInfo(name, tech, True, None, None), self.trunk_prefixes):
                    self.reload_wanted = True
        elif event == "reload":
            self.reload_wanted = True

    def configure(
        self,
        *,
        user_names: Mapping[str, str] | None = None,
        analog: Mapping[str, str] | None = None,
        context_prefix: str | None = None,
    ) -> None:
        if user_names is not None:
            self.user_names = dict(user_names)
        if analog is not None:
            self.analog = dict(analog)
        if context_prefix is not None:
            self.context_prefix = context_prefix
        self._apply_directory()

    def _apply_directory(self) -> None:
        self.directory = merge(self._pbx, self.user_names, self.analog)
        self._emit(self.book.set_extensions({c.channel: c.extension for c in self.directory}))

    # -- loading ---------------------------------------------------------------------------

    async def load(self, client: AmiClient) -> DirectoryLoaded:
        """Directory, registration, hints and live channels, in that order."""
        self.loading = True
        try:
            return await self._load(client)
        finally:
            self.loading = False

    async def _load(self, client: AmiClient) -> DirectoryLoaded:
        loop = asyncio.get_running_loop()
        started = loop.time()
        self.reload_wanted = False
        self.book.reset()
        modern = bool(client.banner and client.banner.modern)
        peers, pbx = await self._load_peers(client, modern)
        self._pbx = pbx
        self._apply_directory()
        online = {c.extension: p.online for c, p in zip(pbx, peers, strict=True)}
        self._emit(self.book.load_peers(online))
        await self._load_hints(client, modern)
        self.book.mark_snapshot()
        try:
            snapshot = await client.send_list_action(A.core_show_channels())
        except ActionFailed:
            snapshot = await client.send_list_action(A.status())
        self._emit(self.book.load_channels(snapshot))
        if not self.book.has_hints:
            self._note(NOTE_NO_HINTS)
        self.loads += 1
        loaded = DirectoryLoaded(tuple(self.directory), loop.time() - started)
        self._on_directory(loaded)
        return loaded

    async def _list(self, client: AmiClient, fields: list[tuple[str, str]]) -> list[Message] | None:
        try:
            return await client.send_list_action(fields)
        except ActionFailed as exc:
            if _unknown_command(exc):
                return None  # that channel driver is not loaded: nothing to list
            if "permission" in str(exc).lower():
                self._note(NOTE_NO_PEERS_RIGHT.format(action=fields[0][1], reason=exc.pbx_message))
                return None
            raise

    async def _load_peers(
        self, client: AmiClient, modern: bool
    ) -> tuple[list[PeerInfo], list[Colleague]]:
        found: list[PeerInfo] = []
        sip = await self._list(client, A.sip_peers())
        if sip is not None:
            found += peer_entries(sip)
        iax = await self._list(client, A.iax_peer_list())
        if iax is not None:
            found += peer_entries(iax)
        if modern:
            pjsip = await self._list(client, A.pjsip_show_endpoints())
            if pjsip:
                found += pjsip_endpoints(pjsip)
                if sip is None:
                    self._note(NOTE_PJSIP_ONLY)
        found = [p for p in found if is_colleague(p, self.trunk_prefixes)]
        sem = asyncio.Semaphore(PARALLEL)

        async def name_of(p: PeerInfo) -> str | None:
            fields = (
                [("Action", "PJSIPShowEndpoint"), ("Endpoint", p.name)]
                if p.tech == "PJSIP"
                else A.sip_show_peer(p.name)
                if p.tech == "SIP"
                else None
            )
            if fields is None:  # IAXpeerlist has no per-peer detail action on 1.8
                return None
            async with sem:
                try:
                    if p.tech == "PJSIP":
                        items = await client.send_list_action(fields)
                        text = next((m.get("Callerid") for m in items if m.get("Callerid")), None)
                    else:
                        text = (await client.send_action(fields)).get("Callerid")
                except (ActionFailed, ActionTimeout):
                    return None  # a peer deleted meanwhile: listed without a name
            return parse_callerid(text)[0]

        names = await asyncio.gather(*(name_of(p) for p in found))
        colleagues = [
            Colleague(p.name, n, f"{p.tech}/{p.name}", p.tech.lower())
            for p, n in zip(found, names, strict=True)
        ]
        return found, colleagues

    async def _load_hints(self, client: AmiClient, modern: bool) -> None:
        if modern:
            items = await self._list(client, A.extension_state_list())
            if items is not None:
                self._emit(self.book.load_hints(items))
                return
        sem = asyncio.Semaphore(PARALLEL)
        denied = False

        async def one(ext: str) -> Message | None:
            nonlocal denied
            if denied:
                return None
            async with sem:
                try:
                    return await client.send_action(
                        A.extension_state(ext, f"{self.context_prefix}{ext}")
                    )
                except ActionFailed as exc:
                    if "permission" in str(exc).lower():
                        denied = True
                        text = NOTE_NO_PEERS_RIGHT.format(
                            action="ExtensionState", reason=exc.pbx_message
                        )
                        self._note(text)
                    return None

        replies = await asyncio.gather(*(one(c.extension) for c in self.directory))
        self._emit(self.book.load_hints(r for r in replies if r is not None))
