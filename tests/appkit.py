"""The tray app under test: a real AppController configured for a PbxSimulator the test
started (the `sim` fixture in conftest.py), with the keyring replaced by memory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from screenpop.config import Settings
from screenpop.controller import AppController
from screenpop.pbxsim import PbxSimulator
from screenpop.settings_store import SettingsStore


class MemorySecrets:
    """Stands in for the OS keyring."""

    def __init__(self, available: bool = True):
        self.available = available
        self.saved: dict[tuple[str, str], str] = {}

    def get(self, host: str, username: str) -> str | None:
        return self.saved.get((host, username))

    def set(self, host: str, username: str, secret: str) -> None:
        self.saved[(host, username)] = secret

    def delete(self, host: str, username: str) -> None:
        self.saved.pop((host, username), None)


def settings_for(sim: PbxSimulator, **kw) -> Settings:
    """A receptionist at 201 watching 201-203 and 306 on the simulator."""
    base = Settings(
        host="127.0.0.1",
        port=sim.port,
        username="admin",
        watch=("201", "202", "203", "306"),
        my_extension="201",
        favourites=("202", "306"),
    )
    return replace(base, **kw)


def make_controller(
    tmp_path: Path, sim: PbxSimulator, secrets: MemorySecrets | None = None, **kw
) -> AppController:
    """The app with settings_for(sim, **kw) saved in tmp_path and the simulator's password in
    the keyring; not started."""
    store = SettingsStore(tmp_path / "settings.json")
    store.save(settings_for(sim, **kw))
    secrets = secrets or MemorySecrets()
    secrets.set("127.0.0.1", "admin", "password")
    return AppController(
        settings_store=store,
        secret_store=secrets,
        history_path=tmp_path / "history.sqlite3",
        ask_secret=False,
    )
