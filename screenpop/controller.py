"""The running app: settings, history, the bridge, the tray, the popups and the windows.

Owns the in-process MyPBX simulator in demo mode. Knows no asyncio details beyond starting
and stopping what it owns; the bridge does the PBX talking.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit

from screenpop.calls.events import Ended
from screenpop.config import Settings
from screenpop.contacts.context import caller_context
from screenpop.contacts.model import ContactFound
from screenpop.settings_store import SecretStore, SettingsStore, validate
from screenpop.ui.colleague_model import ColleagueModel
from screenpop.ui.reasons import translate_reason
from screenpop.ui.tray import TrayController

if TYPE_CHECKING:
    # Windows the user opens later are imported then, and the call machinery right after the
    # tray icon is up (start): the icon comes up sooner.
    from screenpop.bridge import CallBridge
    from screenpop.contact_settings import ContactSecrets
    from screenpop.history import HistoryStore
    from screenpop.net.client import ConnectOptions
    from screenpop.ui.colleagues_window import ColleaguesWindow
    from screenpop.ui.dial_dialog import DialDialog
    from screenpop.ui.history_window import RecentCallsWindow
    from screenpop.ui.popup_stack import PopupStack
    from screenpop.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)

MISSED_REFRESH_MS = 100  # the tray badge follows hang-ups this soon (a burst: once)
# Freed memory goes back to the system this long after start-up (connected) and after the last
# popup closed: late enough to come after the burst, soon enough that the desk sees it.
TRIM_DELAY_MS = 3000

DEMO_EXTENSIONS = ("201", "202", "203")
# The demo office's phones and the names their caller IDs carry (the colleagues directory).
DEMO_NAMES = {
    "201": "Anna Schmidt",
    "202": "Li Na 李娜",
    "203": "Wang Wei 王伟",
    "204": "Carlos Ruiz",
    "205": "Zhang Min 张敏",
    "206": "Sophie Martin",
    "207": "Chen Jie 陈杰",
    "208": "Tom Baker",
    "209": "Priya Nair",
    "306": "Huang Lei 黄磊",
}
DEMO_SETTINGS = Settings(
    watch=DEMO_EXTENSIONS,
    my_extension="201",
    favourites=("202", "203", "306"),
    crm_url_template="",
)


class AppController(QObject):
    def __init__(
        self,
        *,
        settings_store: SettingsStore | None = None,
        secret_store: SecretStore | None = None,
        history_path: Path | None = None,
        demo: bool = False,
        demo_interval: float = 6.0,
        ask_secret: bool = True,
        contact_secrets: ContactSecrets | None = None,
        tray: TrayController | None = None,
    ):
        super().__init__()
        self.settings_store = settings_store or SettingsStore()
        self.secret_store = secret_store or SecretStore()
        self.settings, notice = self.settings_store.load()
        self.notices: list[str] = [notice] if notice else []
        self.demo = demo or not self.settings.configured
        self.demo_forced = demo
        # What the menu's Quit does. The app's main sets it to end its coroutine, which stops
        # the controller while the event loop still runs and only then leaves Qt's loop;
        # QApplication.quit() first would leave the shutdown without a loop to run on.
        self.on_quit: Callable[[], object] = QApplication.quit
        self.demo_interval = demo_interval
        self._ask_secret = ask_secret
        self._history_path = history_path
        self.sim = None
        self._demo_task: asyncio.Task[None] | None = None
        self._demo_stop = asyncio.Event()
        self.secret = ""
        self.bridge: CallBridge | None = None
        self.history: HistoryStore | None = None
        # The app's start shows the icon before this controller is even imported (app.py).
        self.tray: TrayController | None = tray
        self.popups: PopupStack | None = None
        self.history_window: RecentCallsWindow | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.dial_dialog: DialDialog | None = None
        self.colleague_model = ColleagueModel()
        self.colleagues_window: ColleaguesWindow | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._trim_timer: QTimer | None = None
        self._trimmed_after_start = False
        # Made when first needed: the contacts package (HTTP, LDAP, phone-number metadata)
        # is not imported before the tray icon is up.
        self._contact_secrets = contact_secrets
        from screenpop.desktop_app import DesktopIntegration

        self.desktop = DesktopIntegration(self)

    @property
    def contact_secrets(self) -> ContactSecrets:
        if self._contact_secrets is None:
            from screenpop.contact_settings import ContactSecrets

            self._contact_secrets = ContactSecrets()
        return self._contact_secrets

    @contact_secrets.setter
    def contact_secrets(self, secrets: ContactSecrets) -> None:
        self._contact_secrets = secrets

    # -- start / stop ----------------------------------------------------------------

    def _history_file(self) -> Path | None:
        if self._history_path is not None or not self.demo:
            return self._history_path
        # Demo calls are not the office's calls: keep them out of the real history.
        from screenpop.history import default_path

        return default_path().with_name("demo-history.sqlite3")

    async def start(self) -> None:
        # The icon first, so the user sees the app has started; the keyring (~200 ms to load)
        # and the demo PBX come after it. Its menu is wired only once the bridge exists
        # (_wire), so a click in between does nothing rather than act on a missing bridge.
        if self.tray is None:
            self.tray = TrayController()
            self.tray.set_do_not_disturb(self.settings.do_not_disturb)
            self.tray.show()
            await asyncio.sleep(0)  # let the event loop put the icon up
        from screenpop.bridge import CallBridge
        from screenpop.history import HistoryStore
        from screenpop.ui.popup_stack import PopupStack

        self.history = HistoryStore(self._history_file())
        if self.history.notice:
            self.notices.append(self.history.notice)
        effective = self.settings
        options: ConnectOptions | None = None
        if self.demo:
            effective, options = await self._start_demo()
        else:
            self.secret = self._load_secret()
        self.popups = PopupStack(
            effective, keep_open_when_answered_here=True, colleagues=self.colleague_model
        )
        self.bridge = CallBridge(effective, self.secret, options=options)
        self._wire()
        self._start_contacts(self.settings)
        self.popups.set_do_not_disturb(self.settings.do_not_disturb)
        self._refresh_missed()
        if self.demo and not self.demo_forced:
            self.notices.insert(
                0,
                self.tr(
                    "No PBX is configured yet, so screenpop is showing calls from its built-in demo"
                    " PBX. Open Settings to connect your MyPBX."
                ),
            )
        for text in self.notices:
            self.tray.notify("screenpop", translate_reason(text))
        self.bridge.start()

    async def _start_demo(self) -> tuple[Settings, ConnectOptions]:
        from screenpop.net.client import ConnectOptions
        from screenpop.pbxsim.demo import run_demo
        from screenpop.pbxsim.server import PbxSimulator

        self.sim = PbxSimulator(
            port=0, auth_fail_delay=0.2, extensions=DEMO_NAMES, extension_names=DEMO_NAMES
        )
        self.sim.directory.peers["209"].registered = False  # someone is out today
        await self.sim.start()
        self._demo_stop = asyncio.Event()
        others = tuple(ext for ext in DEMO_NAMES if ext not in DEMO_EXTENSIONS and ext != "209")
        self._demo_task = asyncio.get_running_loop().create_task(
            run_demo(
                self.sim,
                DEMO_EXTENSIONS,
                interval=self.demo_interval,
                stop_event=self._demo_stop,
                colleagues=others,
            )
        )
        demo = replace(
            DEMO_SETTINGS,
            host="127.0.0.1",
            port=self.sim.port,
            username=self.sim.username,
            crm_url_template=self.settings.crm_url_template,
            do_not_disturb=self.settings.do_not_disturb,
        )
        self.secret = self.sim.secret
        options = ConnectOptions(
            host="127.0.0.1", port=self.sim.port, username=self.sim.username, secret=self.sim.secret
        )
        return demo, options

    async def _stop_demo(self) -> None:
        self._demo_stop.set()
        if self._demo_task is not None:
            self._demo_task.cancel()
            with contextlib.suppress(BaseException):
                await self._demo_task
            self._demo_task = None
        if self.sim is not None:
            await self.sim.stop()
            self.sim = None

    async def stop(self) -> None:
        for task in list(self._tasks):
            with contextlib.suppress(BaseException):
                await task
        if self.bridge is not None:
            await self.bridge.stop()
        await self._stop_demo()
        if self.popups is not None:
            self.popups.close_all("quit")
        if self.tray is not None:
            self.tray.hide()
        if self.history is not None:
            self.history.close()
        self.desktop.close()

    def _load_secret(self) -> str:
        s = self.settings
        secret = self.secret_store.get(s.host, s.username) if self.secret_store.available else None
        if secret:
            return secret
        if not self._ask_secret:
            return ""
        why = (
            self.tr(
                "No system keyring was found, so the secret is asked at each start and never saved."
            )
            if not self.secret_store.available
            else self.tr("The AMI secret was not found in the system keyring.")
        )
        text, ok = QInputDialog.getText(
            None,
            self.tr("screenpop — AMI secret"),
            why + "\n" + self.tr("AMI secret for {0}@{1}:").format(s.username, s.host),
            QLineEdit.EchoMode.Password,
        )
        return text if ok else ""

    # -- wiring ----------------------------------------------------------------------

    def _wire(self) -> None:
        bridge, popups, tray = self.bridge, self.popups, self.tray
        assert bridge and popups and tray
        bridge.state_changed.connect(self._on_state)
        bridge.ringing.connect(popups.show_ringing)
        bridge.ring_ended.connect(popups.on_ring_ended)
        bridge.answered.connect(popups.on_answered)
        bridge.ended.connect(popups.on_ended)
        for signal in (bridge.ringing, bridge.answered, bridge.ended):
            signal.connect(self._record)
        bridge.ended.connect(self._on_ended)
        bridge.ringing.connect(self._show_caller_context)
        bridge.contact_found.connect(popups.on_contact_found)
        bridge.contact_found.connect(self._on_contact_found)
        bridge.contacts_changed.connect(self._on_contacts_changed)
        bridge.transfer_failed.connect(popups.transfer_failed)
        bridge.dial_ringing.connect(self._on_dial_ringing)
        bridge.dial_failed.connect(self._on_dial_failed)
        popups.transfer_requested.connect(self._on_transfer_requested)
        popups.dial_requested.connect(bridge.request_dial)
        popups.open_url_requested.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        # Colleagues (issue 10): one shared model; call-handling intents go to the bridge.
        bridge.directory_loaded.connect(self.colleague_model.set_directory)
        bridge.presence_changed.connect(self.colleague_model.set_presence)
        bridge.colleague_note.connect(lambda text: tray.notify(self.tr("Colleagues"), text))
        popups.atxfer_requested.connect(bridge.request_atxfer)
        popups.park_requested.connect(bridge.request_park)
        popups.consult_requested.connect(bridge.request_consult)
        popups.unpark_requested.connect(bridge.request_unpark)
        popups.voicemail_requested.connect(bridge.request_voicemail)
        popups.hangup_requested.connect(bridge.request_hangup)
        popups.colleagues_requested.connect(self.show_colleagues)
        popups.more_calls_requested.connect(self.show_history)  # the queued calls are listed there
        bridge.action_done.connect(self._on_action_done)
        bridge.action_failed.connect(self._on_action_failed)
        tray.colleagues_requested.connect(self.show_colleagues)
        for signal in (popups.popup_shown, popups.popup_closed):
            signal.connect(self._schedule_active_call)
        popups.popup_closed.connect(self._on_popup_closed)
        for signal in (bridge.answered, bridge.transfer_failed, bridge.action_failed):
            signal.connect(self._schedule_active_call)
        tray.dial_dialog_requested.connect(self.show_dial_dialog)
        tray.history_requested.connect(self.show_history)
        tray.settings_requested.connect(self.show_settings)
        tray.dnd_toggled.connect(self._on_dnd)
        tray.quit_requested.connect(lambda: self.on_quit())
        self.desktop.attach()

    def _on_state(self, state: str, reason: str) -> None:
        assert self.tray is not None
        if state == "stopped":
            return  # only at shutdown
        if state == "connected" and not self._trimmed_after_start:
            self._trimmed_after_start = True
            self._schedule_trim()
        if self.demo and state == "connected":
            self.tray.set_state("demo", self.tr("calls come from the built-in MyPBX simulator"))
        else:
            self.tray.set_state(state, reason)
        if self.settings_dialog is not None and state == "error":
            self.settings_dialog.show_test_result(False, translate_reason(reason))

    def _on_popup_closed(self, *_: object) -> None:
        if self.popups is not None and not self.popups.open_popups():
            self._schedule_trim()

    def _schedule_trim(self, *_: object) -> None:
        if self._trim_timer is None:
            self._trim_timer = QTimer(self)
            self._trim_timer.setSingleShot(True)
            self._trim_timer.setInterval(TRIM_DELAY_MS)
            self._trim_timer.timeout.connect(self._release_memory)
        self._trim_timer.start()

    def _release_memory(self) -> None:
        from screenpop.memory import release_free_memory

        # A full garbage collection (tens of ms) only while no popup is open, so a click on
        # one never waits for it; handing free pages back is quick (a few ms).
        release_free_memory(collect=self.popups is None or not self.popups.open_popups())

    def _record(self, event: object) -> None:
        if self.history is not None:
            self.history.record(event)  # type: ignore[arg-type]

    # -- contacts --------------------------------------------------------------------

    def _start_contacts(self, settings: Settings) -> None:
        from screenpop.contact_settings import build_lookup

        assert self.bridge is not None
        lookup = build_lookup(
            settings,
            self.contact_secrets,
            history_name=self._history_name,
            on_status=self.bridge.contacts_changed.emit,
        )
        self.bridge.set_contacts(lookup)

    def _history_name(self, number: str) -> str | None:
        return self.history.last_name_for(number) if self.history is not None else None

    def _show_caller_context(self, event: object) -> None:
        """After the popup is up: what the history knows about this caller."""
        from datetime import UTC, datetime

        if self.history is None or self.popups is None:
            return
        number = getattr(getattr(event, "caller", None), "number", None)
        call = getattr(event, "call", "")
        if not number:
            return
        context = caller_context(self.history.calls_from(number), datetime.now(UTC), call)
        text = QCoreApplication.translate("CallerContext", context.template)
        try:
            text = text.format(**context.args)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English words
            text = context.text
        self.popups.set_caller_context(call, text, context.missed_today)

    def _on_contact_found(self, found: ContactFound) -> None:
        if self.history is not None and found.contact is not None:
            c = found.contact
            self.history.record_contact(found.call, c.name, c.company, c.source)

    def _on_contact_test(self, source_text: str, secret: str) -> None:
        from screenpop.contact_settings import matcher_from
        from screenpop.contacts.source_url import parse_source

        assert self.bridge is not None
        dialog = self.settings_dialog
        settings = dialog.current_settings() if dialog is not None else self.settings
        if not secret:
            try:
                secret = self.contact_secrets.get(parse_source(source_text)) or ""
            except ValueError:
                secret = ""
        self.bridge.request_contact_test(source_text, matcher_from(settings), secret or None)

    def _on_csv_preview(self, path: str) -> None:
        """The CSV column editor's first rows, read in a worker thread (a network drive may
        be slow), handed to the Contacts tab if its dialog is still open."""

        async def read() -> None:
            from screenpop.contacts.file_source import read_csv_preview

            try:
                header, rows = await asyncio.to_thread(read_csv_preview, path)
                error = ""
            except ValueError as exc:
                header, rows, error = [], [], str(exc)
            if self.settings_dialog is not None:
                self.settings_dialog.contacts_tab.show_csv_preview(path, header, rows, error)

        task = asyncio.get_running_loop().create_task(read())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def store_contact_secret(self, source_text: str, secret: str) -> None:
        """A password or token typed in the Contacts tab: into the keyring, then used."""
        from screenpop.contacts.source_url import parse_source

        try:
            spec = parse_source(source_text)
            self.contact_secrets.set(spec, secret)
        except Exception as exc:  # no keyring, or it refused: say so, never log the secret
            if self.tray is not None:
                self.tray.notify("Contact password not saved", str(exc).replace(secret, "***"))
            return
        self._start_contacts(self.settings)

    def _on_contacts_changed(self) -> None:
        lookup = self.bridge.service.contacts if self.bridge is not None else None
        statuses = lookup.statuses() if lookup is not None else []
        if self.tray is not None:
            self.tray.set_contact_problems([s for _, ok, s in statuses if not ok])
        if self.settings_dialog is not None and hasattr(self.settings_dialog, "contacts_tab"):
            self.settings_dialog.contacts_tab.set_statuses(statuses)

    def _on_ended(self, event: Ended) -> None:
        # Repainting the tray badge costs ~1-15 ms: a burst of hang-ups repaints it once.
        timer = getattr(self, "_missed_timer", None)
        if timer is None:
            timer = self._missed_timer = QTimer(self)
            timer.setSingleShot(True)
            timer.setInterval(MISSED_REFRESH_MS)
            timer.timeout.connect(self._refresh_missed)
        if not timer.isActive():
            timer.start()

    def _refresh_missed(self) -> None:
        if self.history is None or self.tray is None:
            return
        self.tray.set_missed_count(self.history.missed_count())
        if self.history_window is not None and self.history_window.isVisible():
            self.history_window.set_entries(self.history.list_recent())

    def _on_transfer_requested(self, call_id: str, extension: str, target: str) -> None:
        assert self.bridge is not None and self.popups is not None
        self.popups.transfer_started(call_id, extension, target)
        self.bridge.request_transfer(call_id, extension, target)

    # -- colleagues ------------------------------------------------------------------

    def show_colleagues(self) -> None:
        assert self.bridge is not None
        if self.colleagues_window is None:
            from screenpop.ui.colleagues_window import ColleaguesWindow

            w = ColleaguesWindow(self.colleague_model)
            w.dial_requested.connect(self.bridge.request_dial)
            w.pickup_requested.connect(self._on_pickup_requested)
            w.transfer_requested.connect(self._transfer_active_to)
            w.voicemail_requested.connect(self._voicemail_active_to)
            self.colleagues_window = w
        self._update_active_call()
        self.colleagues_window.show()
        self.colleagues_window.raise_()
        self.colleagues_window.activateWindow()

    def _schedule_active_call(self, *args: object) -> None:
        # After the popups have handled the same signal (their state is what counts).
        QTimer.singleShot(0, self, self._update_active_call)

    def _update_active_call(self) -> None:
        window, popups = self.colleagues_window, self.popups
        if window is None or popups is None:
            return
        popup = popups.active_popup()
        if popup is None:
            window.set_active_call(None)
            return
        caller = popup.ringing.caller
        who = caller.name or caller.number or self.tr("unknown caller")
        window.set_active_call(
            self.tr("{who} on {extension}").format(who=who, extension=popup.extension)
        )

    def _transfer_active_to(self, extension: str) -> None:
        popup = self.popups.active_popup() if self.popups is not None else None
        if popup is None:
            if self.colleagues_window is not None:
                self.colleagues_window.show_result(self.tr("That call is gone."), False)
            return
        popup.request_transfer(extension, confirmed=True)
        self._schedule_active_call()

    def _voicemail_active_to(self, extension: str) -> None:
        popup = self.popups.active_popup() if self.popups is not None else None
        if popup is not None:
            popup.request_voicemail(extension)

    def _on_pickup_requested(self, extension: str) -> None:
        assert self.bridge is not None
        if self.colleagues_window is not None:
            self.colleagues_window.show_result(
                self.tr("Picking up the call at {who}…").format(
                    who=self.colleague_model.describe(extension)
                ),
                True,
            )
        self.bridge.request_pickup(extension)

    def _on_action_done(self, kind: str, call_id: str, extension: str, detail: str) -> None:
        assert self.popups is not None
        if kind == "pickup":
            if self.colleagues_window is not None:
                self.colleagues_window.show_result(
                    self.tr("Your phone {mine} rings with the call from {who}.").format(
                        mine=detail, who=self.colleague_model.describe(extension)
                    ),
                    True,
                )
            return
        self.popups.action_done(kind, call_id, extension, detail)
        if kind in ("park", "consult") and self.tray is not None:
            # The popup may be closed by the user; the slot must not be lost.
            self.tray.notify(
                self.tr("Call parked"), self.tr("Dial {slot} to take it back.").format(slot=detail)
            )

    def _show_test_result(self, ok: bool, text: str) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.show_test_result(ok, translate_reason(text))

    def _on_action_failed(self, kind: str, call_id: str, extension: str, reason: str) -> None:
        assert self.popups is not None
        reason = translate_reason(reason)
        if kind == "pickup":
            if self.colleagues_window is not None:
                self.colleagues_window.show_result(
                    self.tr("Pick up failed: {reason}").format(reason=reason), False
                )
            elif self.tray is not None:
                self.tray.notify(self.tr("Pick up failed"), reason)
            return
        self.popups.action_failed(kind, call_id, extension, reason)

    def _on_dnd(self, on: bool) -> None:
        assert self.popups is not None
        self.popups.set_do_not_disturb(on)
        self.settings = replace(self.settings, do_not_disturb=on)
        self._save_settings(self.settings)

    def _save_settings(self, settings: Settings) -> None:
        try:
            self.settings_store.save(settings)
        except OSError as exc:
            if self.tray is not None:
                self.tray.notify(
                    self.tr("Settings not saved"),
                    self.tr("could not write the settings file ({0})").format(exc.strerror),
                )

    # -- windows ---------------------------------------------------------------------

    def show_history(self) -> None:
        assert self.history is not None and self.bridge is not None
        if self.history_window is None:
            from screenpop.ui.history_window import RecentCallsWindow

            self.history_window = RecentCallsWindow()
            self.history_window.dial_requested.connect(self.bridge.request_dial)
            self.history_window.mark_done_requested.connect(self._mark_done)
        self.history_window.set_entries(self.history.list_recent())
        self.history_window.show()
        self.history_window.raise_()
        self.history_window.activateWindow()

    def _mark_done(self, call_id: str) -> None:
        assert self.history is not None
        self.history.mark_done(call_id)
        self._refresh_missed()

    def _on_dial_ringing(self, number: str, channel: str) -> None:
        assert self.tray is not None
        self.tray.notify(
            self.tr("Your phone is ringing"),
            self.tr("Pick it up to call {number}.").format(number=number),
        )

    def _on_dial_failed(self, number: str, why: str) -> None:
        assert self.tray is not None
        self.tray.notify(
            self.tr("Call to {number} failed").format(number=number),
            why,
        )

    def show_dial_dialog(self) -> None:
        assert self.bridge is not None
        if self.dial_dialog is None:
            from screenpop.ui.dial_dialog import DialDialog

            self.dial_dialog = DialDialog(my_extension=self.bridge.settings.my_extension)
            self.dial_dialog.dial_requested.connect(self.bridge.request_dial)
        self.dial_dialog.show()
        self.dial_dialog.raise_()
        self.dial_dialog.activateWindow()

    def show_settings(self) -> None:
        assert self.bridge is not None
        if self.settings_dialog is None:
            stored = bool(
                self.settings.configured
                and self.secret_store.available
                and self.secret_store.get(self.settings.host, self.settings.username)
            )
            from screenpop.ui.settings_dialog import SettingsDialog

            self.settings_dialog = SettingsDialog(
                self.desktop.settings_for_dialog(self.settings),
                validator=validate,
                secret_stored=stored,
                keyring_available=self.secret_store.available,
                shortcuts_note=self.desktop.shortcuts_note(),
            )
            self.settings_dialog.test_requested.connect(self.bridge.request_test)
            self.bridge.test_result.connect(self._show_test_result)
            self.settings_dialog.settings_saved.connect(self._on_settings_saved)
            tab = self.settings_dialog.contacts_tab
            tab.test_requested.connect(self._on_contact_test)
            tab.preview_requested.connect(self._on_csv_preview)
            self.bridge.contact_test_result.connect(tab.show_test_result)
            self.settings_dialog.contact_secret_entered.connect(self.store_contact_secret)
            self._on_contacts_changed()
            self.settings_dialog.finished.connect(self._forget_settings_dialog)
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        self.settings_dialog.activateWindow()

    def _forget_settings_dialog(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
            self.settings_dialog = None

    def _on_settings_saved(self, settings: Settings, secret: object) -> None:
        task = asyncio.get_running_loop().create_task(self.apply_settings(settings, secret))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def apply_settings(self, settings: Settings, secret: object) -> None:
        """Save and apply new settings without a restart."""
        assert self.bridge is not None and self.popups is not None
        old = self.settings
        errors = validate(settings)
        if errors:
            if self.tray is not None:
                self.tray.notify(self.tr("Settings not saved"), str(errors[0]))
            return
        self._save_settings(settings)
        self.desktop.apply_settings(settings)
        new_secret = secret if isinstance(secret, str) and secret else None
        if new_secret is not None:
            self.secret = new_secret
            if self.secret_store.available:
                try:
                    self.secret_store.set(settings.host, settings.username, new_secret)
                except Exception as exc:  # the keyring refused: keep it in memory only
                    if self.tray is not None:
                        self.tray.notify(self.tr("Secret kept for this session only"), str(exc))
        elif settings.host != self.settings.host or settings.username != self.settings.username:
            self.secret = (
                self.secret_store.get(settings.host, settings.username)
                if self.secret_store.available
                else None
            ) or self.secret
        if settings.host != self.bridge.settings.host or settings.port != self.bridge.settings.port:
            self.colleague_model.set_directory(())  # another PBX: its own directory follows
        self.settings = settings
        if settings.configured and self.demo:
            self.demo = False
            await self._stop_demo()
            if self.history is not None and self._history_path is None:
                self.history.close()
                from screenpop.history import HistoryStore

                self.history = HistoryStore(None)
                self._refresh_missed()
        effective = settings
        if (old.contact_sources, old.home_region, old.outside_prefix) != (
            settings.contact_sources,
            settings.home_region,
            settings.outside_prefix,
        ):
            self._start_contacts(settings)
        self.popups.apply_settings(effective)
        from screenpop.bridge import options_from

        self.bridge.apply_settings(effective, self.secret, options_from(effective, self.secret))
