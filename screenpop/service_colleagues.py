"""The call-handling actions of issue 10, mixed into CallService: attended transfer, park and
un-park, voicemail, pick-up, hang-up. No Qt.

Each one sends one AMI action (checked on Asterisk 1.8.32.3 and 20.20.1) and raises
ActionFailed with the PBX's own reason when it is refused; nothing else changes then.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, Any

from screenpop.ami import actions as A
from screenpop.ami.message import Message
from screenpop.calls.channels import clean
from screenpop.net.errors import ActionFailed

if TYPE_CHECKING:
    from screenpop.calls.tracker import CallTracker
    from screenpop.net.client import AmiClient

# MyPBX's feature code "Voicemail for Extension" is *2 followed by the extension; a plain
# Asterisk needs a dialplan line for whatever is configured here (docs/colleagues.md).
DEFAULT_VOICEMAIL = "*2{extension}"
PARK_EVENT_TIMEOUT = 5.0
# How long an action on a parked caller waits for a new link to read the slots again.
SETTLE_TIMEOUT = 10.0
# Parking events note_parking reads (kept when the PBX is asked to filter).
PARKING_EVENTS: tuple[str, ...] = (
    "ParkedCall", "UnParkedCall", "ParkedCallGiveUp", "ParkedCallTimeOut",
)  # fmt: skip


class ColleagueActions:
    """Mixin: needs tracker, context_for(), _require_client(), find_call(), read_kept_calls()."""

    tracker: CallTracker
    voicemail_target: str = DEFAULT_VOICEMAIL

    def _require_client(self, what: str) -> AmiClient:  # pragma: no cover - CallService's
        raise NotImplementedError

    def context_for(self, extension: str) -> str:  # pragma: no cover - CallService's
        raise NotImplementedError

    def find_call(self, call_id: str) -> Any:  # pragma: no cover - CallService's
        raise NotImplementedError

    def read_kept_calls(self) -> None:  # pragma: no cover - CallService's
        raise NotImplementedError

    def _init_parking(self) -> None:
        self.parked: dict[str, str] = {}  # slot -> parked channel
        self._park_waiters: dict[str, asyncio.Future[str]] = {}
        # Clear from a new link's start until its calls and parked slots are read again: an
        # action on a parked caller waits for it (see settled()).
        self._settled = asyncio.Event()
        self._settled.set()

    async def settled(self, timeout: float = SETTLE_TIMEOUT) -> None:
        """Wait (bounded) until the current link knows the calls and the parked slots again.

        Right after a reconnect the slots of the old link are cleared and read again from the
        PBX; a click on Complete or Take back in that moment must not find "nobody parked"
        while the caller still waits in the slot. Past `timeout` the action goes on with what
        is known (and fails with a clear reason if that is not enough)."""
        if not self._settled.is_set():
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._settled.wait()

    @property
    def modern_pbx(self) -> bool:
        return bool(self.tracker.modern)

    def _call_and_leg(self, call_id: str, extension: str) -> tuple[str, str | None]:
        """(caller channel, the extension's own leg channel if it has one)."""
        call = self.find_call(call_id)
        if call is None:
            raise ActionFailed("Call", "the call has already ended")
        leg = next((lg.channel for lg in call.legs.values() if lg.extension == extension), None)
        return call.caller_channel, leg

    def note_parking(self, msg: Message) -> None:
        """ParkedCall (1.8: Exten + Channel; 12+: ParkingSpace + ParkeeChannel) and its ends."""
        event = (msg.event or "").lower()
        if event == "parkedcall":
            slot = clean(msg.get("ParkingSpace") or msg.get("Exten"))
            channel = clean(msg.get("ParkeeChannel") or msg.get("Channel"))
            if slot and channel:
                self.parked[slot] = channel
                waiter = self._park_waiters.pop(channel.lower(), None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(slot)
        elif event in ("unparkedcall", "parkedcallgiveup", "parkedcalltimeout"):
            slot = clean(msg.get("ParkingSpace") or msg.get("Exten"))
            if slot:
                self.parked.pop(slot, None)

    async def atxfer(self, call_id: str, extension: str, target: str) -> Message:
        """Announced transfer: `extension` (on the call) consults `target` first.

        The PBX holds the caller and rings `target` from the extension's own leg; hanging up
        completes the transfer, and if the colleague declines (hangs up) the receptionist is
        back with the caller. Needs `atxfer` in features.conf on 1.8 and 20.
        """
        _caller, leg = self._call_and_leg(call_id, extension)
        if leg is None:
            raise ActionFailed("Atxfer", f"{extension} is not on this call")
        client = self._require_client("Announced transfer")
        return await client.send_action(A.atxfer(leg, target, self.context_for(extension)))

    async def park(self, call_id: str, extension: str, timeout_ms: int = 0) -> str:
        """Park the caller; returns the slot (the ParkedCall event's space)."""
        caller, leg = self._call_and_leg(call_id, extension)
        client = self._require_client("Park")
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[str] = loop.create_future()
        self._park_waiters[caller.lower()] = waiter
        try:
            await client.send_action(
                A.park(caller, leg, modern=self.modern_pbx, timeout_ms=timeout_ms)
            )
            async with asyncio.timeout(PARK_EVENT_TIMEOUT):
                return await waiter
        except TimeoutError:
            raise ActionFailed(
                "Park", "the PBX parked the call but did not say the slot (read=call needed)"
            ) from None
        finally:
            self._park_waiters.pop(caller.lower(), None)
            if not waiter.done():
                waiter.cancel()

    async def unpark(self, slot: str, to_extension: str) -> Message:
        """Bring a parked caller back to `to_extension` (Redirect of the parked channel)."""
        await self.settled()
        channel = self.parked.get(slot)
        if channel is None:
            raise ActionFailed("Unpark", f"nobody is parked on {slot} any more")
        client = self._require_client("Unpark")
        reply = await client.send_action(
            A.redirect(channel, self.context_for(to_extension), to_extension)
        )
        self.parked.pop(slot, None)
        return reply

    async def to_voicemail(self, call_id: str, extension: str, colleague: str) -> Message:
        """Send the caller straight to `colleague`'s voicemail (configurable dialplan target)."""
        caller, _leg = self._call_and_leg(call_id, extension)
        client = self._require_client("Voicemail")
        exten = self.voicemail_target.replace("{extension}", colleague)
        return await client.send_action(A.redirect(caller, self.context_for(colleague), exten))

    async def pickup(self, colleague: str, to_extension: str) -> Message:
        """Take a call ringing at `colleague`: its caller is moved to `to_extension`."""
        self.read_kept_calls()  # a colleague's call is one the call gate may keep unread
        for call in list(self.tracker.calls.values()):
            if call.answered_by is None and any(
                lg.extension == colleague and lg.state == "ringing" for lg in call.legs.values()
            ):
                client = self._require_client("Pick up")
                self.tracker.note_redirect(call.caller_channel, to_extension)
                return await client.send_action(
                    A.redirect(call.caller_channel, self.context_for(to_extension), to_extension)
                )
        raise ActionFailed("Pick up", f"nothing is ringing at {colleague} any more")

    async def hangup_call(self, call_id: str) -> Message:
        """Hang up the caller's channel of a ringing or answered call (after a confirmation)."""
        call = self.find_call(call_id)
        if call is None:
            raise ActionFailed("Hangup", "the call has already ended")
        client = self._require_client("Hang up")
        return await client.send_action(A.hangup(call.caller_channel))

    def cancel_park_waiters(self) -> None:
        for waiter in self._park_waiters.values():
            with contextlib.suppress(Exception):
                waiter.cancel()
        self._park_waiters.clear()
