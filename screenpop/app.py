"""Composition root: QApplication, the qasync loop, one instance per user, clean shutdown."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QApplication

from screenpop import __version__

if TYPE_CHECKING:
    import argparse

    # QtNetwork is imported where it is used: not before the tray icon (~15 ms).
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

    from screenpop.settings_path import FirstLook
    from screenpop.ui.tray import TrayController

log = logging.getLogger(__name__)
# How many times Qt's loop is started again to finish a shutdown the desktop began.
MAX_LOOP_RUNS = 20


def _instance_name() -> str:
    # Overridable so tests (and a second profile) do not talk to the user's running app.
    if os.environ.get("SCREENPOP_INSTANCE"):
        return os.environ["SCREENPOP_INSTANCE"]
    # The variables getpass.getuser() reads first, in its order: getpass (and the pwd lookup
    # behind it) loads only where none is set, not before the tray icon on every start.
    for var in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if os.environ.get(var):
            return f"screenpop-{os.environ[var]}"
    try:
        import getpass

        user = getpass.getuser()
    except Exception:  # no user name (some service accounts): one shared name is still fine
        user = "user"
    return f"screenpop-{user}"


# What a start without arguments means (autostart, the menu, a double click): given as is,
# because a parser built loads locale (its messages go through gettext): ~4 ms before the icon.
# tests/test_app_args.py checks these equal the parser's own defaults.
NO_ARGS = {"demo": False, "demo_interval": 6.0, "verbose": False, "link": None}


def parse_args(argv: Sequence[str]) -> argparse.Namespace | SimpleNamespace:
    if not argv:
        return SimpleNamespace(**NO_ARGS)
    return make_parser().parse_args(list(argv))


def make_parser() -> argparse.ArgumentParser:
    import argparse

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
    return p


class SingleInstance:
    """One running app per user: a second start hands its request to the first and exits.

    "Am I first?" is a lock file (QLockFile, QtCore): cheap enough to ask before the tray icon
    is shown. Qt takes over the lock of a copy that died (its process is gone). The hand-over
    itself is a local socket, opened by the first copy right after its icon (QtNetwork is not
    loaded before that): one line per connection, ``show`` (bring the app forward) or
    ``link <tel:...>`` (dial a link; the running app validates it and asks before dialling).
    """

    MAX_LINE = 1024  # a link is bounded well below this; anything longer is dropped
    # A second start that finds the lock held waits this long for the first copy's socket
    # (the first copy opens it a moment after its lock, or is still starting).
    HANDOVER_SECONDS = 5.0

    def __init__(self, name: str):
        self.name = name
        self.server: QLocalServer | None = None
        self._lock: QLockFile | None = None
        self._on_show: Callable[[], None] | None = None
        self._on_link: Callable[[str], None] | None = None
        self._waiting: list[bytes] = []  # requests that came before set_handlers

    def lock_path(self) -> str:
        """The lock file: in the user's temp folder (per user on Windows and macOS; the name
        carries the user name where the folder is shared)."""
        import tempfile  # loaded already (PySide6 uses it); QDir would set up its enums

        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self.name)
        return str(Path(tempfile.gettempdir()) / f"{safe}.lock")

    def claim(self) -> bool:
        """True when no other copy runs for this user (this process now holds the lock)."""
        if self._lock is not None:
            return True
        lock = QLockFile(self.lock_path())
        # Never stale by age (Qt's default is 30 s; the app runs for days): only a lock whose
        # process is gone is taken over.
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            return False
        self._lock = lock
        return True

    def notify_running(self, message: str = "show", wait: float = 0.0) -> bool:
        """Hand `message` to the running copy; False when none answers within `wait` seconds
        (retrying: it may have its lock but not yet its socket)."""
        from PySide6.QtCore import QByteArray

        deadline = time.monotonic() + wait
        while (sock := self._connect()) is None:
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        # Line breaks travel percent-encoded, so the app sees (and refuses) them.
        line = message.replace("\r", "%0D").replace("\n", "%0A")[: self.MAX_LINE - 1]
        sock.write(QByteArray(line.encode("utf-8") + b"\n"))
        sock.waitForBytesWritten(300)
        sock.disconnectFromServer()
        return True

    def listen(
        self,
        on_show: Callable[[], None] | None = None,
        on_link: Callable[[str], None] | None = None,
    ) -> bool:
        """Take requests from later starts (and the lock, if not yet held). Without handlers,
        requests wait for set_handlers. False when another copy already answers on the socket
        (one from before the lock existed): nothing is opened then."""
        from PySide6.QtNetwork import QLocalServer

        self.claim()
        if on_show is not None:
            self.set_handlers(on_show, on_link)
        if self._answers():  # Qt's listen() would take the name from a live server
            log.warning("another screenpop answers on %s; not taking its place", self.name)
            return False
        server = QLocalServer()
        # Only this user may connect: a link on this channel can start a call.
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A stale socket from a crashed run: remove it and try once more.
            QLocalServer.removeServer(self.name)
            server.listen(self.name)
        self.server = server

        def read(conn: QLocalSocket, buf: bytearray) -> None:
            buf += bytes(conn.readAll().data())
            if b"\n" in buf:
                line = bytes(buf.split(b"\n", 1)[0])
                buf.clear()
                conn.disconnectFromServer()
                self._handle(line)
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

        server.newConnection.connect(accept)
        return True

    def set_handlers(
        self, on_show: Callable[[], None], on_link: Callable[[str], None] | None = None
    ) -> None:
        """Who acts on requests; the ones that waited for this are handled now, in order."""
        self._on_show, self._on_link = on_show, on_link
        waiting, self._waiting = self._waiting, []
        for line in waiting:
            self._handle(line)

    def _handle(self, line: bytes) -> None:
        if self._on_show is None:
            self._waiting.append(line)
            return
        text = line.decode("utf-8", "replace").strip()
        command, _, arg = text.partition(" ")
        if command == "link" and self._on_link is not None:
            self._on_link(arg)
        else:
            self._on_show()

    def _connect(self) -> QLocalSocket | None:
        """A connection to the copy that answers on the name, or None within 300 ms."""
        from PySide6.QtNetwork import QLocalSocket

        sock = QLocalSocket()
        sock.connectToServer(self.name)
        return sock if sock.waitForConnected(300) else None

    def _answers(self) -> bool:
        sock = self._connect()
        if sock is None:
            return False
        sock.abort()
        return True

    def close(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None


async def _main(
    app: QApplication, args: argparse.Namespace, tray: TrayController, instance: SingleInstance
) -> int:
    import asyncio

    from screenpop.controller import AppController

    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    controller = AppController(demo=args.demo, demo_interval=args.demo_interval, tray=tray)
    controller.on_quit = closed.set  # the menu's Quit: stop everything, then leave (below)
    try:
        await controller.start()
        # Requests from later starts that came while this one was starting are handled now.
        instance.set_handlers(controller.show_history, controller.desktop.handle_link)
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


def _show_tray(app: QApplication) -> tuple[TrayController, FirstLook]:
    """The icon first, before the whole settings file, asyncio, the event loop and the call
    machinery are even imported: the user sees at once that the app has started. Of the
    settings only Do not disturb (the icon shows it) and the language (its menu's) are read
    here; the menu does nothing until the controller has wired it (AppController.start)."""
    from screenpop import i18n
    from screenpop.settings_path import first_look
    from screenpop.ui.tray import TrayController

    look = first_look()
    i18n.install(app, look.language)
    tray = TrayController()
    tray.set_do_not_disturb(look.do_not_disturb)
    tray.show()
    app.processEvents()  # put it up now, not after the imports that follow
    return tray, look


def _check_first_look(app: QApplication, tray: TrayController, look: FirstLook) -> None:
    """Load the whole settings file (checked, migrated) and correct the icon and the language
    where the quick look before the icon read them differently (a damaged or older file)."""
    from screenpop import i18n
    from screenpop.settings_store import SettingsStore

    settings, _ = SettingsStore().load()  # the controller reports any problem with the file
    if settings.language != look.language:
        i18n.install(app, settings.language)
        tray.retranslate()
    if settings.do_not_disturb != tray.do_not_disturb:
        tray.set_do_not_disturb(settings.do_not_disturb)


def _already_running(args: argparse.Namespace, instance: SingleInstance, wait: float) -> bool:
    """Hand this start's request to the running copy; True when it took it."""
    request = f"link {args.link}" if args.link else "show"
    if not instance.notify_running(request, wait=wait):
        return False
    if args.link:
        print("screenpop is already running; handed the link to it.", file=sys.stderr)
    else:
        print("screenpop is already running; brought it forward.", file=sys.stderr)
    return True


def _run_loop(app: QApplication, main: Coroutine[Any, Any, int]) -> int:
    """Run `main` on Qt's event loop (qasync) to its end, shutdown included.

    The desktop may end Qt's loop itself (log-out, macOS's Dock menu Quit): Qt then emits
    aboutToQuit, which sets `main` on its way out, but the loop has stopped under it. The loop
    is run again until `main` has stopped the controller (PBX link logged off, history
    closed), so the user never sees a traceback and nothing is left half-written.
    """
    import asyncio

    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    task = loop.create_task(main)
    try:
        for _ in range(MAX_LOOP_RUNS):
            try:
                return loop.run_until_complete(task)
            except RuntimeError:
                if task.done():
                    raise
        log.warning("the shutdown did not finish; leaving anyway")
        return 0
    except asyncio.CancelledError:
        return 0
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        if pending:
            from screenpop.service import cancel_and_wait  # loaded by the controller already

            with contextlib.suppress(BaseException):
                loop.run_until_complete(cancel_and_wait(pending))
        with contextlib.suppress(BaseException):
            loop.run_until_complete(loop.shutdown_asyncgens())
        asyncio.set_event_loop(None)
        loop.close()


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
    instance = SingleInstance(_instance_name())
    if not instance.claim():
        if _already_running(args, instance, SingleInstance.HANDOVER_SECONDS):
            return 0
        # The lock's owner is alive but does not answer (hung, or not screenpop after all):
        # starting is better than leaving the desk without popups.
        log.warning(
            "another screenpop holds %s but does not answer; starting", instance.lock_path()
        )
    tray, look = _show_tray(app)
    # A copy from before the lock existed holds the socket: it keeps running, this one goes.
    if not instance.listen() and _already_running(args, instance, 0.0):
        tray.hide()
        return 0
    _check_first_look(app, tray, look)
    try:
        return _run_loop(app, _main(app, args, tray, instance))
    except KeyboardInterrupt:
        return 130
