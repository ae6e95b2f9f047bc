"""Settings on disk (JSON) and the PBX secret in the OS keyring.

Pure Python (stdlib + keyring + platformdirs): no Qt, no asyncio. The secret is never part of
`Settings`, never written to the JSON file, never logged and never put in an exception message.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import string
import tempfile
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from screenpop.config import SETTINGS_VERSION, Settings
from screenpop.files import aside_path
from screenpop.settings_path import default_path

log = logging.getLogger(__name__)


# -- reading one field at a time ----------------------------------------------------------------


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError
    return v


def _int(v: Any) -> int:
    if not _is_int(v):
        raise TypeError
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError
    return v


def _str_tuple(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise TypeError
    return tuple(v)


def _str_dict(v: Any) -> dict[str, str]:
    if not isinstance(v, dict) or not all(isinstance(x, str) for x in v.values()):
        raise TypeError
    return dict(v)


_READERS: dict[str, Callable[[Any], Any]] = {
    "host": _str,
    "port": _int,
    "username": _str,
    "tls": _bool,
    "tls_fingerprint": _str,
    "watch": _str_tuple,
    "my_extension": _str,
    "channel_overrides": _str_dict,
    "context_prefix": _str,
    "favourites": _str_tuple,
    "auto_close_seconds": _int,
    "sound_on_ring": _bool,
    "crm_url_template": _str,
    "do_not_disturb": _bool,
    "language": _str,
    "start_at_login": _bool,
    "confirm_dial_links": _bool,
    "global_shortcuts": _bool,
    "shortcut_modifiers": _str,
    "colleague_names": _str_dict,
    "voicemail_target": _str,
    "contact_sources": _str_tuple,
    "home_region": _str,
    "outside_prefix": _str,
}
assert set(_READERS) == {f.name for f in fields(Settings)}, "settings_store out of date"

# Migration hook: MIGRATIONS[n] turns a version-n dict into a version-n+1 dict.
# Add MIGRATIONS[1] together with SETTINGS_VERSION = 2 in config.py.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


def to_json_dict(settings: Settings) -> dict[str, Any]:
    data: dict[str, Any] = {"version": SETTINGS_VERSION}
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, dict):
            value = dict(value)
        data[f.name] = value
    return data


def from_json_dict(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    """Settings from a current-version dict: unknown keys ignored, missing ones default, and
    a wrongly typed value falls back to its default (its name is returned)."""
    values: dict[str, Any] = {}
    bad: list[str] = []
    for name, read in _READERS.items():
        if name not in data:
            continue
        try:
            values[name] = read(data[name])
        except TypeError:
            bad.append(name)
    return Settings(**values), bad


class SettingsStore:
    """Reads and writes `Settings` as JSON, atomically, private to the user."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def __repr__(self) -> str:
        return f"SettingsStore({str(self.path)!r})"

    def load(self) -> tuple[Settings, str | None]:
        """The saved settings, or defaults plus a one-line message saying why. Never raises."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Settings(), None
        except OSError as exc:
            log.warning("settings file %s unreadable: %s", self.path, exc)
            return Settings(), (
                f"The settings file could not be read ({exc.strerror or exc}); "
                "using default settings."
            )
        try:
            data = json.loads(raw.decode("utf-8"))
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
        except (ValueError, UnicodeDecodeError) as exc:
            log.warning("settings file %s is damaged: %s", self.path, exc)
            return Settings(), self._set_aside(
                "The settings file was damaged; it was kept as {name} and default settings "
                "are used."
            )
        version = data.get("version")
        if not _is_int(version):
            return Settings(), self._set_aside(
                "The settings file has no version; it was kept as {name} and default settings "
                "are used."
            )
        while version < SETTINGS_VERSION and version in MIGRATIONS:
            data = MIGRATIONS[version](data)
            version += 1
        if version != SETTINGS_VERSION:
            which = "a newer" if version > SETTINGS_VERSION else "an older"
            return Settings(), self._set_aside(
                f"The settings file is from {which} version of screenpop; it was kept as "
                "{name} and default settings are used."
            )
        settings, bad = from_json_dict(data)
        if bad:
            log.warning("settings file %s: invalid values reset: %s", self.path, bad)
            return settings, f"Some settings were invalid and were reset: {', '.join(bad)}."
        return settings, None

    def save(self, settings: Settings) -> None:
        """Write atomically (temp file + os.replace), 0600 on POSIX. Raises OSError on failure."""
        text = json.dumps(to_json_dict(settings), indent=2, ensure_ascii=False) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            if os.name == "posix":
                os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    @staticmethod
    def validate(settings: Settings) -> list[FieldError]:
        return validate(settings)

    def _set_aside(self, template: str) -> str:
        aside = aside_path(self.path)
        try:
            os.replace(self.path, aside)
        except OSError as exc:
            log.warning("could not set the settings file aside: %s", exc)
            return "The settings file could not be used; default settings are used."
        return template.format(name=aside.name)


# -- validation -------------------------------------------------------------------------------


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's marker name, so lupdate finds it
    """Marks `text` for Qt's lupdate without importing Qt; the UI translates it when shown."""
    return text


class FieldError(str):
    """A one-line, actionable message that also knows which Settings field it is about.

    `template` and `args` let the UI show it translated:
    ``translate("Validation", e.template).format(**e.args)``; str(e) is the English text.
    """

    field: str
    template: str
    args: dict[str, Any]

    def __new__(cls, field: str, template: str, **args: Any) -> FieldError:
        self = super().__new__(cls, template.format(**args) if args else template)
        self.field = field
        self.template = template
        self.args = args
        return self


_EXTENSION = re.compile(r"^[0-9]{1,10}$")
_TARGET = re.compile(r"^[0-9*#+]{1,20}$")
_CHANNEL = re.compile(r"^(SIP|PJSIP|IAX2|DAHDI|Local)/[A-Za-z0-9_.@+*#-]+$")
_CONTEXT = re.compile(r"^[A-Za-z0-9_-]+$")
_HOST = re.compile(r"^[A-Za-z0-9._:\[\]-]+$")
_VOICEMAIL = re.compile(r"^[0-9*#A-Za-z_-]*(\{extension\}[0-9*#A-Za-z_-]*)?$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")


def validate(settings: Settings) -> list[FieldError]:
    """Problems with `settings`, one line each, saying what to do. Empty when all is well."""
    s = settings
    errors: list[FieldError] = []

    def err(field: str, template: str, **args: Any) -> None:
        errors.append(FieldError(field, template, **args))

    host = s.host.strip()
    if not host and s.username.strip():
        err(
            "host",
            QT_TRANSLATE_NOOP(
                "Validation", "Enter the PBX address (host name or IP), or clear the username."
            ),
        )
    elif host and ("://" in host or "/" in host or not _HOST.match(host)):
        err(
            "host",
            QT_TRANSLATE_NOOP(
                "Validation",
                "PBX address: only the host name or IP, e.g. 192.168.1.10 (no http://).",
            ),
        )
    if host and not s.username.strip():
        err(
            "username", QT_TRANSLATE_NOOP("Validation", "Enter the AMI username set up on the PBX.")
        )
    if not (1 <= s.port <= 65535):
        err(
            "port",
            QT_TRANSLATE_NOOP(
                "Validation", "Port must be between 1 and 65535 (AMI is usually 5038, TLS 5039)."
            ),
        )
    fp = s.tls_fingerprint.replace(":", "").replace(" ", "")
    if fp and not _HEX.match(fp):
        err(
            "tls_fingerprint",
            QT_TRANSLATE_NOOP(
                "Validation", "Fingerprint must be a SHA-256 in hex: 64 characters, colons ok."
            ),
        )
    bad = [x for x in s.watch if not _EXTENSION.match(x)]
    if bad:
        err(
            "watch",
            QT_TRANSLATE_NOOP(
                "Validation", "Extensions must be numbers, e.g. 601, 602 (not: {bad})."
            ),
            bad=", ".join(bad[:3]),
        )
    if s.my_extension and not _EXTENSION.match(s.my_extension):
        err(
            "my_extension",
            QT_TRANSLATE_NOOP("Validation", "Your extension must be a number, e.g. 601."),
        )
    for ext, channel in s.channel_overrides.items():
        if not _EXTENSION.match(ext):
            err(
                "channel_overrides",
                QT_TRANSLATE_NOOP(
                    "Validation", "Channel override: '{ext}' is not an extension number."
                ),
                ext=ext,
            )
            break
        if not _CHANNEL.match(channel):
            err(
                "channel_overrides",
                QT_TRANSLATE_NOOP(
                    "Validation", "Channel for {ext} must look like SIP/601, DAHDI/5 or IAX2/601."
                ),
                ext=ext,
            )
            break
    if not s.context_prefix:
        err(
            "context_prefix",
            QT_TRANSLATE_NOOP(
                "Validation", "Enter the dialplan context prefix (usually DLPN_DialPlan)."
            ),
        )
    elif not _CONTEXT.match(s.context_prefix):
        err(
            "context_prefix",
            QT_TRANSLATE_NOOP(
                "Validation", "Context prefix: letters, digits, _ and - only (no spaces)."
            ),
        )
    bad = [x for x in s.favourites if not _TARGET.match(x)]
    if bad:
        err(
            "favourites",
            QT_TRANSLATE_NOOP("Validation", "Transfer targets must be numbers (not: {bad})."),
            bad=", ".join(bad[:3]),
        )
    for ext in s.colleague_names:
        if not _EXTENSION.match(ext):
            err(
                "colleague_names",
                QT_TRANSLATE_NOOP(
                    "Validation", "Colleague names: '{ext}' is not an extension number."
                ),
                ext=ext,
            )
            break
    vm = s.voicemail_target.strip()
    if not vm:
        err(
            "voicemail_target",
            QT_TRANSLATE_NOOP("Validation", "Enter the voicemail target, e.g. {example} (MyPBX)."),
            example="*2{extension}",
        )
    elif not _VOICEMAIL.match(vm):
        err(
            "voicemail_target",
            QT_TRANSLATE_NOOP(
                "Validation",
                "Voicemail target: digits, * and # with {placeholder}, e.g. {example}.",
            ),
            placeholder="{extension}",
            example="*2{extension}",
        )
    if not (0 <= s.auto_close_seconds <= 3600):
        err(
            "auto_close_seconds",
            QT_TRANSLATE_NOOP("Validation", "Auto-close must be 0 (off) to 3600 seconds."),
        )
    if s.crm_url_template:
        err_crm = _crm_problem(s.crm_url_template)
        if err_crm:
            err("crm_url_template", err_crm)
    from screenpop.desktop.hotkeys import MODIFIER_CHOICES
    from screenpop.desktop.languages import LANGUAGES

    if s.language and s.language not in LANGUAGES:
        err(
            "language",
            QT_TRANSLATE_NOOP("Validation", "Language must be one of {codes}, or empty (system)."),
            codes=", ".join(LANGUAGES),
        )
    if s.shortcut_modifiers not in MODIFIER_CHOICES:
        err(
            "shortcut_modifiers",
            QT_TRANSLATE_NOOP("Validation", "Shortcut keys must be one of: {keys}."),
            keys=", ".join(MODIFIER_CHOICES),
        )
    from screenpop.contact_settings import contact_settings_problems

    for problem in contact_settings_problems(s):
        err(*problem)
    return errors


CRM_PLACEHOLDERS = {"number", "e164", "name", "company", "contact_url"}


def _crm_problem(template: str) -> str | None:
    parts = urlsplit(template)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return QT_TRANSLATE_NOOP(
            "Validation",
            "CRM link must start with http:// or https://, e.g. https://crm.example/?q={number}",
        )
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(template) if f is not None}
    except ValueError:
        return QT_TRANSLATE_NOOP(
            "Validation", "CRM link has an unmatched { or }: use {number} for the caller's number."
        )
    if not names & {"number", "e164", "name", "contact_url"}:
        return QT_TRANSLATE_NOOP(
            "Validation", "CRM link must contain {number}, where the caller's number goes."
        )
    if names - CRM_PLACEHOLDERS:
        return QT_TRANSLATE_NOOP(
            "Validation",
            "CRM link: only {number}, {e164}, {name}, {company} and {contact_url} can be"
            " filled in.",
        )
    return None


# -- secrets ------------------------------------------------------------------------------------


class SecretStoreError(Exception):
    """The keyring refused. The message never contains the secret."""


def _usable(backend: Any) -> bool:
    from keyring.backends import chainer, fail

    if isinstance(backend, fail.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return any(_usable(b) for b in backend.backends)
    cls = type(backend)
    # keyrings.alt's file backends keep the secret in a file (plain or console-prompted).
    if cls.__module__.startswith(("keyrings.alt", "keyring.backends.null")):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return False


class SecretStore:
    """The PBX secret in the OS keyring, keyed by user@host. Holds no secret itself."""

    def __init__(self, service: str = "screenpop") -> None:
        self.service = service
        self._broken = False

    def __repr__(self) -> str:
        return f"SecretStore(service={self.service!r})"

    @property
    def available(self) -> bool:
        """False when there is no usable keyring: the app then asks for the secret each start."""
        if self._broken:
            return False
        try:
            import keyring

            return _usable(keyring.get_keyring())
        except Exception as exc:
            log.warning("no usable keyring: %s", type(exc).__name__)
            return False

    @staticmethod
    def _key(host: str, username: str) -> str:
        return f"{username}@{host}"

    def get(self, host: str, username: str) -> str | None:
        if not self.available:
            return None
        import keyring

        try:
            return keyring.get_password(self.service, self._key(host, username))
        except Exception as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            self._broken = True
            return None

    def set(self, host: str, username: str, secret: str) -> None:
        """Store the secret; raises SecretStoreError (never writes it anywhere else)."""
        if not self.available:
            raise SecretStoreError("No system keyring is available; the secret was not saved.")
        import keyring

        try:
            keyring.set_password(self.service, self._key(host, username), secret)
        except Exception as exc:
            detail = str(exc).replace(secret, "***") if secret else str(exc)
            log.warning("keyring write failed: %s", type(exc).__name__)
            raise SecretStoreError(
                f"The system keyring refused to store the secret ({type(exc).__name__}: {detail})."
            ) from None

    def delete(self, host: str, username: str) -> None:
        """Forget the secret; a missing entry is not an error."""
        if not self.available:
            return
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(self.service, self._key(host, username))
        except PasswordDeleteError:
            pass
        except Exception as exc:
            log.warning("keyring delete failed: %s", type(exc).__name__)
            raise SecretStoreError(
                f"The system keyring could not delete the secret ({type(exc).__name__})."
            ) from None
