"""SettingsStore (JSON on disk), validate(), and SecretStore (keyring) with a fake keyring."""

from __future__ import annotations

import json
import logging
import os
import stat
from typing import ClassVar

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail

from screenpop.config import SETTINGS_VERSION, Settings
from screenpop.settings_store import (
    FieldError,
    SecretStore,
    SecretStoreError,
    SettingsStore,
    validate,
)

SECRET = "s3cr3t-Pa55word!"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        from keyring.errors import PasswordDeleteError

        if self.items.pop((service, username), None) is None:
            raise PasswordDeleteError("not found")


class BrokenKeyring(MemoryKeyring):
    def get_password(self, service, username):
        raise keyring.errors.KeyringLocked("locked")

    def set_password(self, service, username, password):
        raise keyring.errors.PasswordSetError(f"refused {password}")


@pytest.fixture
def fake_keyring():
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def store(tmp_path):
    return SettingsStore(tmp_path / "cfg" / "settings.json")


FULL = Settings(
    host="192.168.1.10",
    port=5039,
    username="screenpop",
    tls=True,
    tls_fingerprint="ab" * 32,
    watch=("601", "602"),
    my_extension="601",
    channel_overrides={"605": "DAHDI/5"},
    context_prefix="DLPN_DialPlan",
    favourites=("602", "700"),
    auto_close_seconds=15,
    sound_on_ring=True,
    crm_url_template="https://crm.example/search?phone={number}",
    do_not_disturb=True,
)


def test_missing_file_gives_defaults_silently(store):
    assert store.load() == (Settings(), None)


def test_round_trip(store):
    store.save(FULL)
    loaded, message = store.load()
    assert message is None
    assert loaded == FULL
    data = json.loads(store.path.read_text())
    assert data["version"] == SETTINGS_VERSION
    assert data["watch"] == ["601", "602"]


def test_save_replaces_atomically_and_leaves_no_temp_files(store):
    store.save(Settings(host="a", username="u"))
    store.save(FULL)
    assert sorted(p.name for p in store.path.parent.iterdir()) == ["settings.json"]
    assert store.load()[0] == FULL


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_saved_file_is_private(store):
    store.save(FULL)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b"[1, 2]", b""])
def test_corrupt_file_gives_defaults_and_is_kept(store, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    settings, message = store.load()
    assert settings == Settings()
    assert message and "\n" not in message and "damaged" in message
    aside = [p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    assert aside[0].name in message
    assert not store.path.exists()


@pytest.mark.parametrize("version", [0, SETTINGS_VERSION + 1, None, "1"])
def test_other_versions_give_defaults_and_message(store, version):
    store.path.parent.mkdir(parents=True)
    data = {"host": "pbx", "username": "u"}
    if version is not None:
        data["version"] = version
    store.path.write_text(json.dumps(data))
    settings, message = store.load()
    assert settings == Settings()
    assert message and "kept as" in message
    assert any(".corrupt-" in p.name for p in store.path.parent.iterdir())


def test_missing_fields_default_and_unknown_keys_ignored(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        json.dumps({"version": SETTINGS_VERSION, "host": "pbx", "future_option": 3})
    )
    settings, message = store.load()
    assert message is None
    assert settings == Settings(host="pbx")


def test_wrong_types_fall_back_per_field(store):
    store.path.parent.mkdir(parents=True)
    store.path.write_text(
        json.dumps(
            {
                "version": SETTINGS_VERSION,
                "host": "pbx",
                "port": "5038x",
                "tls": "yes",
                "watch": ["601", 602],
                "channel_overrides": {"601": "DAHDI/5"},
                "auto_close_seconds": True,
            }
        )
    )
    settings, message = store.load()
    assert settings == Settings(host="pbx", channel_overrides={"601": "DAHDI/5"})
    assert message and "port" in message and "watch" in message and "\n" not in message


def test_validate_accepts_good_settings():
    assert validate(FULL) == []
    assert validate(Settings()) == []  # unconfigured = simulator mode


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"host": ""}, "host"),
        ({"host": "http://pbx"}, "host"),
        ({"username": ""}, "username"),
        ({"port": 0}, "port"),
        ({"port": 70000}, "port"),
        ({"watch": ("601", "6o2")}, "watch"),
        ({"my_extension": "me"}, "my_extension"),
        ({"channel_overrides": {"601": "DAHDI 5"}}, "channel_overrides"),
        ({"channel_overrides": {"x": "SIP/601"}}, "channel_overrides"),
        ({"context_prefix": "DLPN Dial"}, "context_prefix"),
        ({"context_prefix": ""}, "context_prefix"),
        ({"favourites": ("6x",)}, "favourites"),
        ({"tls_fingerprint": "abc"}, "tls_fingerprint"),
        ({"auto_close_seconds": -1}, "auto_close_seconds"),
        ({"crm_url_template": "crm.example/?q={number}"}, "crm_url_template"),
        ({"crm_url_template": "https://crm.example/?q=1"}, "crm_url_template"),
        ({"crm_url_template": "https://crm.example/?q={numbr}"}, "crm_url_template"),
        ({"crm_url_template": "https://crm.example/?q={number"}, "crm_url_template"),
    ],
)
def test_validate_catches(change, field):
    base = Settings(host="pbx", username="u")
    errors = validate(Settings(**{**base.__dict__, **change}))
    assert [e.field for e in errors] == [field]
    assert all(isinstance(e, FieldError) and isinstance(e, str) for e in errors)
    assert all("\n" not in e and len(e) < 110 for e in errors)


def test_validate_channel_examples():
    for channel in ("SIP/601", "DAHDI/5", "IAX2/306", "PJSIP/601", "Local/601@from-internal"):
        assert validate(Settings(channel_overrides={"601": channel})) == []


def test_secret_only_in_keyring(store, fake_keyring, caplog):
    caplog.set_level(logging.DEBUG)
    secrets = SecretStore()
    assert secrets.available
    store.save(FULL)
    secrets.set(FULL.host, FULL.username, SECRET)
    assert fake_keyring.items == {("screenpop", "screenpop@192.168.1.10"): SECRET}
    assert secrets.get(FULL.host, FULL.username) == SECRET
    assert secrets.get(FULL.host, "other") is None
    assert SECRET.encode() not in store.path.read_bytes()
    assert SECRET not in repr(secrets) and SECRET not in repr(store)
    assert SECRET not in repr(FULL)
    assert SECRET not in caplog.text
    secrets.delete(FULL.host, FULL.username)
    secrets.delete(FULL.host, FULL.username)  # twice is fine
    assert secrets.get(FULL.host, FULL.username) is None


def test_fail_keyring_is_unavailable_and_never_stores():
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        secrets = SecretStore()
        assert not secrets.available
        assert secrets.get("h", "u") is None
        with pytest.raises(SecretStoreError) as info:
            secrets.set("h", "u", SECRET)
        assert SECRET not in str(info.value)
    finally:
        keyring.set_keyring(previous)


def test_empty_chainer_is_unavailable():
    previous = keyring.get_keyring()

    class EmptyChainer(chainer.ChainerBackend):
        backends: ClassVar[list] = []  # no backend found on this machine

    keyring.set_keyring(EmptyChainer())
    try:
        assert not SecretStore().available
    finally:
        keyring.set_keyring(previous)


def test_erroring_keyring_becomes_unavailable_and_hides_secret(caplog):
    previous = keyring.get_keyring()
    keyring.set_keyring(BrokenKeyring())
    try:
        secrets = SecretStore()
        assert secrets.available
        with pytest.raises(SecretStoreError) as info:
            secrets.set("h", "u", SECRET)
        assert SECRET not in str(info.value)
        assert info.value.__cause__ is None
        assert secrets.get("h", "u") is None
        assert not secrets.available
        assert SECRET not in caplog.text
    finally:
        keyring.set_keyring(previous)
