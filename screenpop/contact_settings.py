"""The contacts part of the settings: checks, the number matcher, and source passwords.

Passwords and tokens of contact sources live in the OS keyring under the service
"screenpop-contacts", keyed by SourceSpec.secret_key (user@host:port, never the secret).
No Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from screenpop.config import Settings
from screenpop.contacts.lookup import ContactLookup
from screenpop.contacts.numbers import NumberMatcher, default_region, digits_of, valid_region
from screenpop.contacts.source_url import SourceSpec, parse_source
from screenpop.settings_store import SecretStore

KEYRING_SERVICE = "screenpop-contacts"


def effective_region(settings: Settings) -> str:
    return settings.home_region.upper() if settings.home_region else default_region()


def matcher_from(settings: Settings) -> NumberMatcher:
    return NumberMatcher(effective_region(settings), settings.outside_prefix)


def contact_settings_problems(s: Settings) -> list[tuple[str, str]]:
    """(field, one-line message) for each contacts setting that cannot work."""
    out: list[tuple[str, str]] = []
    if s.home_region and not valid_region(s.home_region):
        out.append(("home_region", "Home region: two letters such as CN, DE or US (or empty)."))
    prefix = s.outside_prefix.strip()
    if prefix and (not (digits_of(prefix) or "").isdigit() or len(prefix) > 4):
        out.append(("outside_prefix", "Outside-line prefix: up to 4 digits, e.g. 0 or 9."))
    for text in s.contact_sources:
        try:
            parse_source(text)
        except ValueError as exc:
            out.append(("contact_sources", f"Contact source {exc}"))
            break
    return out


def sources_from(settings: Settings) -> list[SourceSpec]:
    """The configured sources that parse (validation already refused the others)."""
    specs = []
    for text in settings.contact_sources:
        try:
            specs.append(parse_source(text))
        except ValueError:
            continue
    return specs


def build_lookup(
    settings: Settings,
    secrets: ContactSecrets,
    *,
    history_name: Callable[[str], str | None] | None = None,
    on_status: Callable[[], None] = lambda: None,
) -> ContactLookup | None:
    """The lookup for `settings`, or None when no source is set and no history is kept."""
    specs = sources_from(settings)
    if not specs and history_name is None:
        return None
    return ContactLookup(
        specs,
        matcher_from(settings),
        secret_for=secrets.get,
        history_name=history_name,
        on_status=on_status,
    )


class ContactSecrets:
    """Source passwords and tokens in the keyring; never written anywhere else."""

    def __init__(self, store: SecretStore | None = None) -> None:
        self.store = store or SecretStore(KEYRING_SERVICE)

    def get(self, spec: SourceSpec) -> str | None:
        if not spec.secret_key or not self.store.available:
            return None
        return self.store.get(spec.secret_key, "")

    def set(self, spec: SourceSpec, secret: str) -> None:
        self.store.set(spec.secret_key, "", secret)
