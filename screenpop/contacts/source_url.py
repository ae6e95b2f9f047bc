"""One source syntax for Settings and the command line. Pure: text in, a SourceSpec out.

    contacts.csv  /path/Contacts.vcf     a file (a CSV may end in #name=Full Name;phone=Tel)
    ldap://[user@]host[:389]/ou=people,dc=example,dc=com[?starttls][&ca=/path/ca.pem]
    ldaps://[user@]host[:636]/BASE-DN[?ca=/path/ca.pem]
    carddav+https://[user@]host/remote.php/dav/addressbooks/users/NAME/contacts/
    https://crm.example/api/lookup?number={e164}      (must contain {number} or {e164})

Passwords and tokens are never part of the text: they come from the keyring (the app) or
$SCREENPOP_CONTACTS_SECRET (the command line).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from .csv_reader import format_mapping, parse_mapping

KINDS = ("csv", "vcard", "ldap", "carddav", "http")
LABELS = {
    "csv": "CSV file",
    "vcard": "vCard file",
    "ldap": "LDAP",
    "carddav": "CardDAV",
    "http": "CRM",
    "history": "call history",
}
USAGE = (
    "use a .csv or .vcf file, an ldap:// or ldaps:// URL, a carddav+https:// address-book URL"
    " or an http(s):// lookup URL containing {number} or {e164}"
)


@dataclass(frozen=True)
class SourceSpec:
    kind: str  # csv, vcard, ldap, carddav, http
    text: str  # as the user wrote it (never holds a secret)
    path: str = ""  # files
    mapping: tuple[tuple[str, tuple[str, ...]], ...] = ()  # CSV column overrides
    url: str = ""  # ldap/http(s) URL without user or options; the http template
    host: str = ""
    port: int = 0
    username: str = ""
    base_dn: str = ""
    starttls: bool = False
    ca_file: str = ""

    @property
    def remote(self) -> bool:
        """Asked per call (LDAP, CRM) rather than indexed in memory."""
        return self.kind in ("ldap", "http")

    @property
    def secret_key(self) -> str:
        """The keyring entry of this source's password or token (never the secret itself)."""
        if self.kind in ("ldap", "carddav"):
            return f"{self.kind}:{self.username}@{self.host}:{self.port}"
        if self.kind == "http":
            return f"http:{self.host}:{self.port}"
        return ""

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    def mapping_dict(self) -> dict[str, list[str]]:
        return {role: list(names) for role, names in self.mapping}


def parse_source(text: str) -> SourceSpec:
    """Read a source as written in Settings or after --contacts; ValueError says what is wrong."""
    raw = (text or "").strip()
    if not raw:
        raise ValueError(f"empty contact source: {USAGE}")
    low = raw.lower()
    if low.startswith(("ldap://", "ldaps://")):
        return _ldap(raw)
    if low.startswith(("carddav+https://", "carddav+http://")):
        return _carddav(raw)
    if low.startswith(("http://", "https://")):
        return _http(raw)
    if "://" in raw.split("#", 1)[0]:
        raise ValueError(f"'{raw}' is not a contact source: {USAGE}")
    path, _, frag = raw.partition("#")
    lower_path = path.lower()
    if lower_path.endswith(".csv") or lower_path.endswith(".txt"):
        mapping = parse_mapping(frag) if frag else {}
        return SourceSpec(
            "csv",
            raw,
            path=path,
            mapping=tuple((k, tuple(v)) for k, v in mapping.items()),
        )
    if lower_path.endswith((".vcf", ".vcard")):
        if frag:
            raise ValueError(f"'{raw}': a column mapping (#...) is only for CSV files")
        return SourceSpec("vcard", raw, path=path)
    raise ValueError(f"'{raw}' is not a contact source: {USAGE}")


def with_mapping(text: str, mapping: Mapping[str, Sequence[str]]) -> str:
    """A CSV source's text with this column mapping after `#` (none when it is empty)."""
    path = text.strip().partition("#")[0]
    fragment = format_mapping(mapping)
    return f"{path}#{fragment}" if fragment else path


def _netloc(raw: str, scheme_default_port: int) -> tuple[str, str, int]:
    parts = urlsplit(raw)
    if "@" in parts.netloc and ":" in parts.netloc.rpartition("@")[0]:
        raise ValueError(
            f"'{redact(raw)}': put no password in the URL; it is kept in the keyring"
            " (or $SCREENPOP_CONTACTS_SECRET on the command line)"
        )
    try:
        port = parts.port or scheme_default_port
    except ValueError:
        raise ValueError(f"'{raw}' has a port that is not a number") from None
    host = parts.hostname or ""
    if not host:
        raise ValueError(f"'{raw}' names no server")
    return unquote(parts.username or ""), host, port


def _ldap(raw: str) -> SourceSpec:
    parts = urlsplit(raw)
    secure = parts.scheme.lower() == "ldaps"
    username, host, port = _netloc(raw, 636 if secure else 389)
    base_dn = unquote(parts.path.lstrip("/"))
    if not base_dn:
        raise ValueError(
            f"'{raw}' has no search base: add it as the path, e.g."
            " ldap://host/ou=people,dc=example,dc=com"
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(query) - {"starttls", "ca"}
    if unknown:
        raise ValueError(f"'{raw}': unknown option '{sorted(unknown)[0]}' (use starttls, ca=FILE)")
    starttls = "starttls" in query
    if starttls and secure:
        raise ValueError(f"'{raw}': ldaps:// is already encrypted; starttls is for ldap://")
    return SourceSpec(
        "ldap",
        raw,
        url=f"{parts.scheme.lower()}://{host}:{port}",
        host=host,
        port=port,
        username=username,
        base_dn=base_dn,
        starttls=starttls,
        ca_file=(query.get("ca") or [""])[0],
    )


def _carddav(raw: str) -> SourceSpec:
    inner = raw.split("+", 1)[1]
    parts = urlsplit(inner)
    username, host, port = _netloc(inner, 443 if parts.scheme.lower() == "https" else 80)
    path = parts.path or "/"
    if not path.endswith("/"):
        path += "/"
    url = f"{parts.scheme.lower()}://{host}:{port}{path}"
    return SourceSpec("carddav", raw, url=url, host=host, port=port, username=username)


def _http(raw: str) -> SourceSpec:
    if "{number}" not in raw and "{e164}" not in raw:
        raise ValueError(
            f"'{raw}': a CRM lookup URL must contain {{number}} or {{e164}} where the caller's"
            " number goes"
        )
    parts = urlsplit(raw.replace("{", "%7B").replace("}", "%7D"))
    _, host, port = _netloc(raw, 443 if parts.scheme.lower() == "https" else 80)
    if parts.username:
        raise ValueError(f"'{redact(raw)}': put no user in a CRM URL; a token goes in the keyring")
    return SourceSpec("http", raw, url=raw, host=host, port=port)


def redact(raw: str) -> str:
    """`raw` with any password in its user part replaced, for messages."""
    scheme, sep, rest = raw.partition("://")
    if not sep:
        return raw
    netloc, slash, tail = rest.partition("/")
    if "@" in netloc:
        user, _, host = netloc.rpartition("@")
        user = user.split(":", 1)[0] + (":***" if ":" in user else "")
        netloc = f"{user}@{host}"
    return f"{scheme}{sep}{netloc}{slash}{tail}"
