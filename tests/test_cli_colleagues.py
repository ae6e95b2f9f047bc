"""`screenpop colleagues` and `screenpop monitor --presence` as a user runs them."""

from __future__ import annotations

import asyncio
import json
import sys

import pytest
from test_cli import cli, conn, env, run

from screenpop.cli import EXIT_OK
from screenpop.pbxsim import PbxSimulator

NAMES = {"201": "Li Na 李娜", "202": "Bob", "203": "Zoë"}


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_colleagues_prints_one_line_per_extension_and_exits_0(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor, extensions=NAMES, extension_names=NAMES) as sim:
            sim.directory.peers["203"].registered = False
            await sim.incoming_call("13800138000", "张伟", ["202"])
            code, out, err = await cli("colleagues", *conn(sim))
            assert code == EXIT_OK, err
            lines = [json.loads(line) for line in out.splitlines()]
            assert lines == [
                {"extension": "202", "name": "Bob", "channel": "SIP/202", "state": "ringing"},
                {"extension": "201", "name": "Li Na 李娜", "channel": "SIP/201", "state": "free"},
                {"extension": "203", "name": "Zoë", "channel": "SIP/203", "state": "offline"},
            ]

    run(main())


def test_monitor_presence_lists_the_directory_then_one_line_per_change():
    async def main():
        async with PbxSimulator(extensions=NAMES, extension_names=NAMES) as sim:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "screenpop", "monitor", "--presence", *conn(sim),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=env(),
            )  # fmt: skip
            try:
                first = [json.loads(await asyncio.wait_for(proc.stdout.readline(), 20))]
                first += [json.loads(await proc.stdout.readline()) for _ in range(2)]
                assert {(x["type"], x["extension"], x["state"]) for x in first} == {
                    ("state", "201", "free"),
                    ("state", "202", "free"),
                    ("state", "203", "free"),
                }
                sim.directory.set_registered("203", False)
                change = json.loads(await asyncio.wait_for(proc.stdout.readline(), 10))
                assert (change["extension"], change["state"]) == ("203", "offline")
                assert change["time"].endswith("+00:00")
            finally:
                proc.terminate()
                await proc.wait()

    run(main())
