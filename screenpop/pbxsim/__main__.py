"""`python -m screenpop.pbxsim`: run the simulator until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys

from .frames import FLAVORS
from .server import PbxSimulator


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m screenpop.pbxsim",
        description="Simulated Yeastar MyPBX / Asterisk AMI server for demos and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=5038, help="TCP port (5038)")
    parser.add_argument("--flavor", choices=FLAVORS, default="1.8", help="1.8 = MyPBX")
    parser.add_argument("--demo", action="store_true", help="place realistic calls by itself")
    parser.add_argument("--extensions", default="201,202,203", help="demo extensions")
    parser.add_argument("--interval", type=float, default=6.0, help="seconds between demo calls")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--secret", default="password")
    return parser.parse_args(argv)


async def serve(args: argparse.Namespace) -> None:
    sim = PbxSimulator(
        host=args.host,
        port=args.port,
        username=args.username,
        secret=args.secret,
        flavor=args.flavor,
    )
    await sim.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # Windows: KeyboardInterrupt instead
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    print(
        f"MyPBX simulator (Asterisk {args.flavor}) on {args.host}:{sim.port},"
        f" user {args.username!r}{', demo calls on' if args.demo else ''}; Ctrl-C stops",
        flush=True,
    )
    try:
        if args.demo:
            extensions = [e.strip() for e in args.extensions.split(",") if e.strip()]
            sim.start_demo(extensions=extensions, interval=args.interval, stop_event=stop)
        await stop.wait()
    finally:
        await sim.stop()


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        asyncio.run(serve(args))
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        print(
            f"pbxsim: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
