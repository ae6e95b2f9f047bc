"""Built-in MyPBX simulator: a real asyncio AMI server for demo mode and tests.

    sim = PbxSimulator(port=0, flavor="1.8")
    await sim.start()
    call = await sim.incoming_call("13800138000", "张伟", ["474"])
    await sim.answer(call, "474")
    await sim.hangup(call)
    await sim.stop()

Standard library and `screenpop.ami` only.
"""

from .calls import CallEngine
from .demo import run_demo
from .faults import Faults
from .frames import command_reply, frame
from .model import Call, Channel
from .server import PbxSimulator

__all__ = [
    "Call",
    "CallEngine",
    "Channel",
    "Faults",
    "PbxSimulator",
    "command_reply",
    "frame",
    "run_demo",
]
