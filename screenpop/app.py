"""Composition root: QApplication, the qasync loop, one instance per user, clean shutdown."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import sys
from collections.abc import Sequence

import qasync
from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from screenpop import __version__

log = logging.getLogger(__name__)


def _instance_name() -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name (some service accounts): one shared name is still fine
        user = "user"
    return f"screenpop-{user}"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="screenpop", description="Screen-pop tray app for MyPBX / Asterisk."
    )
    p.add_argument("--demo", action="store_true", help="run against the built-in MyPBX simulator")
    p.add_argument("--demo-interval", type=float, default=6.0, help="seconds between demo calls")
    p.add_argument("--version", action="version", version=f"screenpop {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug log on stderr")
    return p.parse_args(list(argv))


class SingleInstance:
    """A local socket per user: a second start asks the first to come forward and exits."""

    def __init__(self, name: str):
        self.name = name
        self.server: QLocalServer | None = None

    def notify_running(self) -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(300):
            return False
        sock.write(QByteArray(b"show\n"))
        sock.waitForBytesWritten(300)
        sock.disconnectFromServer()
        return True

    def listen(self, on_show) -> None:  # type: ignore[no-untyped-def]
        self.server = QLocalServer()
        if not self.server.listen(self.name):
            # A stale socket from a crashed run: remove it and try once more.
            QLocalServer.removeServer(self.name)
            self.server.listen(self.name)

        def accept() -> None:
            while self.server is not None and self.server.hasPendingConnections():
                conn = self.server.nextPendingConnection()
                conn.readyRead.connect(lambda c=conn: (c.readAll(), on_show()))
                conn.disconnected.connect(conn.deleteLater)

        self.server.newConnection.connect(accept)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


async def _main(app: QApplication, args: argparse.Namespace) -> int:
    from screenpop.controller import AppController

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    controller = AppController(demo=args.demo, demo_interval=args.demo_interval)
    instance = SingleInstance(_instance_name())
    try:
        await controller.start()
        instance.listen(controller.show_history)
        await closed.wait()
    finally:
        instance.close()
        await controller.stop()
    return 0


def run(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="screenpop: %(levelname)s %(name)s: %(message)s",
    )
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("screenpop")
    app.setApplicationDisplayName("screenpop")
    app.setQuitOnLastWindowClosed(False)
    if SingleInstance(_instance_name()).notify_running():
        print("screenpop is already running; brought it forward.", file=sys.stderr)
        return 0
    try:
        return qasync.run(_main(app, args))
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:
        return 0
