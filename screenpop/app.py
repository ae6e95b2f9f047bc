"""Composition root: QApplication, the qasync loop, one instance per user, clean shutdown."""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from screenpop import __version__

if TYPE_CHECKING:
    from screenpop.config import Settings
    from screenpop.ui.tray import TrayController

log = logging.getLogger(__name__)


def _instance_name() -> str:
    # Overridable so tests (and a second profile) do not talk to the user's running app.
    if os.environ.get("SCREENPOP_INSTANCE"):
        return os.environ["SCREENPOP_INSTANCE"]
    try:
        user = getpass.getuser()
    except Exception:  # no user name (some service accounts): one shared name is still fine
        user = "user"
    return f"screenpop-{user}"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="screenpop",
        description="Screen-pop tray app for MyPBX / Asterisk.",
        epilog="Other commands: screenpop monitor|dial|transfer|colleagues (the PBX from the"
        " command line), screenpop desktop-entry install|remove (Linux menu entry and phone"
        " links).",
    )
    p.add_argument("--demo", action="store_true", help="run against the built-in MyPBX simulator")
    p.add_argument("--demo-interval", type=float, default=6.0, help="seconds between demo calls")
    p.add_argument("--version", action="version", version=f"screenpop {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="debug log on stderr")
    p.add_argument(
        "link",
        nargs="?",
        help="a tel:, callto: or sip: link to dial from your phone (after confirmation)",
    )
    return p.parse_args(list(argv))


class SingleInstance:
    """A local socket per user: a second start hands its request to the first and exits.

    One line per connection: ``show`` (bring the app forward) or ``link <tel:...>`` (dial a
    link; the running app validates it and asks before dialling).
    """

    MAX_LINE = 1024  # a link is bounded well below this; anything longer is dropped

    def __init__(self, name: str):
        self.name = name
        self.server: QLocalServer | None = None

    def notify_running(self, message: str = "show") -> bool:
        sock = QLocalSocket()
        sock.connectToServer(self.name)
        if not sock.waitForConnected(300):
            return False
        # Line breaks travel percent-encoded, so the app sees (and refuses) them.
        line = message.replace("\r", "%0D").replace("\n", "%0A")[: self.MAX_LINE - 1]
        sock.write(QByteArray(line.encode("utf-8") + b"\n"))
        sock.waitForBytesWritten(300)
        sock.disconnectFromServer()
        return True

    def listen(self, on_show, on_link=None) -> None:  # type: ignore[no-untyped-def]
        self.server = QLocalServer()
        # Only this user may connect: a link on this channel can start a call.
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            # A stale socket from a crashed run: remove it and try once more.
            QLocalServer.removeServer(self.name)
            self.server.listen(self.name)

        def handle(line: bytes) -> None:
            text = line.decode("utf-8", "replace").strip()
            command, _, arg = text.partition(" ")
            if command == "link" and on_link is not None:
                on_link(arg)
            else:
                on_show()

        def read(conn: QLocalSocket, buf: bytearray) -> None:
            buf += bytes(conn.readAll().data())
            if b"\n" in buf:
                line = bytes(buf.split(b"\n", 1)[0])
                buf.clear()
                conn.disconnectFromServer()
                handle(line)
            elif len(buf) > self.MAX_LINE:
                log.warning("single-instance request too long; ignored")
                buf.clear()
                conn.abort()

        def accept() -> None:
            while self.server is not None and self.server.hasPendingConnections():
                conn = self.server.nextPendingConnection()
                buf = bytearray()
                conn.readyRead.connect(lambda c=conn, b=buf: read(c, b))
                conn.disconnected.connect(conn.deleteLater)

        self.server.newConnection.connect(accept)

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None


async def _main(app: QApplication, args: argparse.Namespace, tray: TrayController) -> int:
    import asyncio

    from screenpop.controller import AppController

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    controller = AppController(demo=args.demo, demo_interval=args.demo_interval, tray=tray)
    instance = SingleInstance(_instance_name())
    try:
        await controller.start()
        instance.listen(controller.show_history, controller.desktop.handle_link)
        from screenpop.desktop_app import LinkOpenFilter

        link_filter = LinkOpenFilter(controller.desktop.handle_link)
        app.installEventFilter(link_filter)
        if args.link:
            controller.desktop.handle_link(args.link)
        await closed.wait()
    finally:
        instance.close()
        await controller.stop()
    return 0


def _install_translations(app: QApplication) -> Settings:
    from screenpop import i18n
    from screenpop.settings_store import SettingsStore

    settings, _ = SettingsStore().load()  # the controller reports any problem with the file
    i18n.install(app, settings.language)
    return settings


def _show_tray(app: QApplication, settings: Settings) -> TrayController:
    """The icon first, before asyncio, the event loop and the call machinery are even
    imported: the user sees at once that the app has started. Its menu does nothing until
    the controller has wired it (AppController.start)."""
    from screenpop.ui.tray import TrayController

    tray = TrayController()
    tray.set_do_not_disturb(settings.do_not_disturb)
    tray.show()
    app.processEvents()  # put it up now, not after the imports that follow
    return tray


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
    request = f"link {args.link}" if args.link else "show"
    if SingleInstance(_instance_name()).notify_running(request):
        if args.link:
            print("screenpop is already running; handed the link to it.", file=sys.stderr)
        else:
            print("screenpop is already running; brought it forward.", file=sys.stderr)
        return 0
    settings = _install_translations(app)
    tray = _show_tray(app, settings)
    import asyncio

    import qasync

    try:
        return qasync.run(_main(app, args, tray))
    except KeyboardInterrupt:
        return 130
    except asyncio.CancelledError:
        return 0
