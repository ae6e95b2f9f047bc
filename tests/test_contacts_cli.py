"""`screenpop monitor --contacts`: a real process against the simulator, a real contacts file."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from test_cli import EXIT_USAGE, cli, conn, env, run

from screenpop.pbxsim import PbxSimulator

FIX = Path(__file__).parent / "fixtures" / "contacts"


async def _line(stream) -> dict:
    return json.loads(await asyncio.wait_for(stream.readline(), 10))


def test_monitor_prints_the_contact_after_the_ringing_line():
    async def main():
        async with PbxSimulator() as sim:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "screenpop", "monitor", *conn(sim),
                "--extension", "474",
                "--contacts", str(FIX / "google.csv"),
                "--contacts", str(FIX / "android-2.1.vcf"),
                "--region", "cn", "--outside-prefix", "0",
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=env(),
            )  # fmt: skip
            try:
                line = b""
                while b"connected" not in line or b"connecting" in line:
                    line = await asyncio.wait_for(proc.stderr.readline(), 20)
                    assert line, (await proc.stderr.read()).decode()
                call = await sim.incoming_call("013800138000", "", ["474"])
                ring = await _line(proc.stdout)
                assert ring["type"] == "ringing" and ring["call"] == call.id
                contact = await _line(proc.stdout)
                assert contact == {
                    "type": "contact",
                    "call": call.id,
                    "extension": "474",
                    "number": "013800138000",
                    "name": "王小明",
                    "company": "深圳华强电子有限公司",
                    "source": "csv",
                    "url": None,
                }
                await sim.hangup(call)
                # An unknown caller: the ringing line, and the next line is not a contact.
                other = await sim.incoming_call("+4930999999", "", ["474"])
                lines = [await _line(proc.stdout) for _ in range(2)]
                while lines[-1]["type"] != "ringing":
                    lines.append(await _line(proc.stdout))
                assert lines[-1]["call"] == other.id
                await sim.hangup(other)
                after = await _line(proc.stdout)
                assert after["type"] != "contact"
            finally:
                proc.terminate()
                await proc.wait()

    run(main())


def test_bad_contact_options_are_one_line_usage_errors():
    async def main():
        for args, text in (
            (["--contacts", "book.xlsx"], "is not a contact source"),
            (["--contacts", "ldap://u:pw@host/dc=x"], "put no password in the URL"),
            (["--region", "Narnia"], "is not a region code"),
            (["--outside-prefix", "x"], "is not an outside-line prefix"),
        ):
            code, _out, err = await cli("monitor", "--port", "1", *args)
            assert code == EXIT_USAGE, err
            assert text in err and "Traceback" not in err and "pw" not in err.replace("put", "")

    run(main())


def test_a_missing_file_is_reported_and_monitor_goes_on(tmp_path):
    async def main():
        async with PbxSimulator() as sim:
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "screenpop", "monitor", *conn(sim),
                "--contacts", str(tmp_path / "gone.csv"),
                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE, env=env(),
            )  # fmt: skip
            try:
                seen = []
                while not any("connected" in s and "connecting" not in s for s in seen):
                    seen.append((await asyncio.wait_for(proc.stderr.readline(), 20)).decode())
                    assert seen[-1], seen
                assert any("gone.csv: file not found" in s for s in seen), seen
            finally:
                proc.terminate()
                await proc.wait()

    run(main())
