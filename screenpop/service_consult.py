"""Announced transfer on any PBX: Atxfer where the server has an attended-transfer code,
otherwise park + consult + complete/back (issue 10). Mixed into CallService. No Qt.

The fallback, checked on Asterisk 1.8.32.3 and 20.20.1 without `atxfer` in features.conf:
1. Park the caller (the Park action; the receptionist's leg is hung up by the PBX);
2. Originate from the receptionist's phone to the colleague (her phone rings, she answers,
   then the colleague's phone rings);
3. Complete: the Bridge action joins the parked caller and the colleague's consult channel
   (her consult leg is hung up); if the colleague has not answered, the parked caller is
   redirected to the colleague's extension instead.
   Back to caller: the Bridge action joins the parked caller and her consult channel (the
   colleague's leg is hung up); if she is no longer on the consult call, the parked caller
   is redirected to her extension (her phone rings with the caller).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screenpop.ami import actions as A
from screenpop.ami.features import attended_transfer_code
from screenpop.calls.channels import parse_channel
from screenpop.net.errors import ActionFailed, AmiError
from screenpop.service_colleagues import ColleagueActions

if TYPE_CHECKING:
    from screenpop.net.client import AmiClient
    from screenpop.service import DialAttempt

# How long the caller may wait parked during a consultation before the PBX gives it back to
# the receptionist's extension (its park timeout): long enough for a colleague to decide.
CONSULT_PARK_MS = 180_000


@dataclass(frozen=True)
class Consult:
    call_id: str
    extension: str  # the receptionist's
    target: str  # the colleague consulted
    slot: str  # where the caller waits


@dataclass(frozen=True)
class Announced:
    """How an announced transfer went on: 'atxfer' (the PBX's own) or 'consult' (the
    park fallback; the caller waits on `slot`)."""

    mechanism: str
    slot: str = ""


class ConsultActions(ColleagueActions):
    """Mixin: needs start_dial() of CallService besides what ColleagueActions needs."""

    async def start_dial(
        self, from_extension: str, target: str, channel: str | None = None
    ) -> DialAttempt:  # pragma: no cover - CallService's
        raise NotImplementedError

    def _init_consult(self) -> None:
        self.consults: dict[str, Consult] = {}
        # 'atxfer', 'park', or 'try' (12+ and not known: Atxfer, then park on its Error);
        # learnt once per connection (reset on every connect).
        self.atxfer_mode: str | None = None

    async def _learn_atxfer_mode(self, client: AmiClient, modern: bool) -> str:
        if self.atxfer_mode is None:
            try:
                code = attended_transfer_code(await client.command("features show"))
            except ActionFailed:  # no `command` write class: the table cannot be read
                code = None
            if code:
                self.atxfer_mode = "atxfer"
            elif code == "":
                self.atxfer_mode = "park"
            else:
                # 20 says when it has no code (Error); 1.8 answers "queued" and does nothing,
                # so without the table only the fallback is sure to work there.
                self.atxfer_mode = "try" if modern else "park"
        return self.atxfer_mode

    async def announce(self, call_id: str, extension: str, target: str) -> Announced:
        """Announced transfer of `call_id` (answered at `extension`) to `target`."""
        client = self._require_client("Announced transfer")
        mode = await self._learn_atxfer_mode(client, self.modern_pbx)
        if mode != "park":
            try:
                await self.atxfer(call_id, extension, target)
                return Announced("atxfer")
            except ActionFailed as exc:
                if mode == "atxfer" or "feature code" not in exc.pbx_message.lower():
                    raise
                self.atxfer_mode = "park"
        slot = await self.start_consult(call_id, extension, target)
        return Announced("consult", slot)

    async def start_consult(self, call_id: str, extension: str, target: str) -> str:
        """Park the caller and call `target` from `extension`'s phone; returns the slot."""
        slot = await self.park(call_id, extension, timeout_ms=CONSULT_PARK_MS)
        try:
            attempt = await self.start_dial(extension, target)
        except (AmiError, ValueError):
            # The PBX would not call the colleague: give the caller back to the receptionist.
            with contextlib.suppress(AmiError):
                await self._send_parked(slot, extension)
            raise
        attempt.close()  # her phone rings; what happens next is seen in the calls
        for old in [c for c in self.consults if self.tracker.find_call(c) is None]:
            del self.consults[old]  # callers who hung up while they waited
        self.consults[call_id] = Consult(call_id, extension, target, slot)
        return slot

    def consult_of(self, call_id: str) -> Consult | None:
        return self.consults.get(call_id)

    def _consult_call(self, consult: Consult) -> tuple[str | None, str | None, bool]:
        """(her consult channel, the colleague's channel, answered) from the calls seen."""
        for call in list(self.tracker.calls.values()):
            ch = parse_channel(call.caller_channel)
            if ch is None or ch.peer != consult.extension or call.hung_up_at is not None:
                continue
            for leg in call.legs.values():
                if leg.extension == consult.target and leg.state != "ended":
                    return call.caller_channel, leg.channel, leg.state == "answered"
        return None, None, False

    def _parked_channel(self, consult: Consult) -> str:
        channel = self.parked.get(consult.slot)
        if channel is None:
            raise ActionFailed("Transfer", f"the caller is no longer parked on {consult.slot}")
        return channel

    async def _send_parked(self, slot: str, extension: str) -> None:
        channel = self.parked.get(slot)
        if channel is None:
            raise ActionFailed("Unpark", f"nobody is parked on {slot} any more")
        client = self._require_client("Unpark")
        context = self.context_for(extension)
        await client.send_action(A.redirect(channel, context, extension))
        self.parked.pop(slot, None)

    async def consult_complete(self, call_id: str) -> str:
        """Hand the parked caller to the consulted colleague; returns the colleague."""
        consult = self.consults.get(call_id)
        if consult is None:
            raise ActionFailed("Transfer", "no consultation is going on for this call")
        await self.settled()
        parked = self._parked_channel(consult)
        client = self._require_client("Transfer")
        mine, theirs, answered = self._consult_call(consult)
        if theirs is not None and answered:
            await client.send_action(A.bridge(parked, theirs))
            self.parked.pop(consult.slot, None)
        else:
            if mine is not None:  # she still rings the colleague: stop that first
                with contextlib.suppress(AmiError):
                    await client.send_action(A.hangup(mine))
            await self._send_parked(consult.slot, consult.target)
        self.consults.pop(call_id, None)
        return consult.target

    async def consult_back(self, call_id: str) -> str:
        """Give the parked caller back to the receptionist: 'bridged' (she is connected at
        once) or 'ringing' (her phone rings with the caller)."""
        consult = self.consults.get(call_id)
        if consult is None:
            raise ActionFailed("Back", "no consultation is going on for this call")
        await self.settled()
        parked = self._parked_channel(consult)
        client = self._require_client("Back")
        mine, _theirs, _answered = self._consult_call(consult)
        how = "ringing"
        if mine is not None:
            try:
                await client.send_action(A.bridge(parked, mine))
                self.parked.pop(consult.slot, None)
                how = "bridged"
            except ActionFailed:
                mine = None  # her consult leg went away meanwhile: ring her phone instead
        if mine is None:
            await self._send_parked(consult.slot, consult.extension)
        self.consults.pop(call_id, None)
        return how
