"""LDAP / Active Directory asked per call (ldap3: pure Python, so every desk can use it).

Blocking: the lookup runs `lookup()` in a worker thread, one at a time per source. The filter
asks telephoneNumber, mobile, homePhone and ipPhone for the spellings of the number (E.164,
national, as given) and for its last 8 digits; every answer is then checked with the same
number keys as the files, so a loose directory match never names the wrong person.
"""

from __future__ import annotations

import contextlib
import ipaddress
import ssl
import threading
import warnings
from typing import Any

from .index import ContactIndex
from .model import Contact, Phone
from .numbers import SUFFIX_DIGITS, NumberMatcher, digits_of
from .source_url import SourceSpec


def _ldap3() -> Any:
    """ldap3, imported on first use: its import makes pyasn1 >= 0.6.2 warn about names it
    still uses (tagMap, typeMap). Harmless for us; silenced here only, so that our own code's
    warnings still fail the tests."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r".* is deprecated\. Please use ", category=DeprecationWarning
        )
        import ldap3
        import ldap3.core.tls
        import ldap3.utils.conv
        from ldap3.utils import tls_backport

    # ssl.match_hostname is deprecated since Python 3.7 and gone in 3.12, where ldap3 uses its
    # own copy, which knows DNS names only: check IP addresses against the certificate's IP
    # entries, names with ldap3's copy (RFC 6125), the same on every Python version.
    def match_hostname(cert: dict, hostname: str) -> None:  # type: ignore[type-arg]
        try:
            wanted = ipaddress.ip_address(hostname)
        except ValueError:
            tls_backport.match_hostname(cert, hostname)
            return
        for kind, value in cert.get("subjectAltName", ()):
            if kind == "IP Address" and ipaddress.ip_address(value.strip()) == wanted:
                return
        raise tls_backport.CertificateError(f"the certificate is not valid for {hostname}")

    ldap3.core.tls.match_hostname = match_hostname
    ldap3.core.tls.CertificateError = tls_backport.CertificateError
    return ldap3


def _close_quietly(conn: Any) -> None:
    """Unbind, and close the socket ldap3 leaves open when a connect or handshake failed."""
    with contextlib.suppress(Exception):
        conn.unbind()
    sock = getattr(conn, "socket", None)
    if sock is not None:
        with contextlib.suppress(Exception):
            sock.close()


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:200] if text else type(exc).__name__


class LDAPError(Exception):
    """The directory could not be asked; the message is the status line (no password)."""


def escape_filter_chars(text: str) -> str:
    return _ldap3().utils.conv.escape_filter_chars(text)


PHONE_ATTRS = ("telephoneNumber", "mobile", "homePhone", "ipPhone")
KINDS = {"telephoneNumber": "work", "mobile": "cell", "homePhone": "home", "ipPhone": "work"}
NAME_ATTRS = ("displayName", "cn")
OTHER_ATTRS = ("o", "company", "description", "givenName", "sn")
TIMEOUT = 5


def _first(entry: dict, name: str) -> str:  # type: ignore[type-arg]
    value = entry.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return str(value or "").strip()


def spellings(number: str, matcher: NumberMatcher) -> list[str]:
    """The ways a directory may hold `number`, exact match each."""
    digits = digits_of(number) or number
    out = [digits]
    e164 = matcher.e164(number)
    if e164:
        out.append(e164)
        shown = matcher.display(number)
        out += [shown, "".join(c for c in shown if c.isdigit() or c == "+")]
    for key in matcher.lookup_keys(number):
        if not key.startswith("x:"):
            out.append("+" + key)
    return list(dict.fromkeys(s for s in out if s))


def build_filter(number: str, matcher: NumberMatcher) -> str:
    terms = []
    for value in spellings(number, matcher):
        for attr in PHONE_ATTRS:
            terms.append(f"({attr}={escape_filter_chars(value)})")
    digits = (digits_of(number) or "").lstrip("+")
    if len(digits) > SUFFIX_DIGITS:
        tail = escape_filter_chars(digits[-SUFFIX_DIGITS:])
        terms += [f"({attr}=*{tail})" for attr in PHONE_ATTRS]
    return "(|" + "".join(terms) + ")"


class LdapSource:
    remote = True

    def __init__(self, spec: SourceSpec, matcher: NumberMatcher, password: str | None = None):
        self.spec = spec
        self.matcher = matcher
        self._password = password
        self._conn: Any = None
        self._lock = threading.Lock()
        self.ok = True
        self.status = "not asked yet"
        self.searches = 0

    def __repr__(self) -> str:  # never the password
        return f"LdapSource({self.spec.text!r})"

    def _connect(self) -> Any:
        ldap3 = _ldap3()
        spec = self.spec
        tls = None
        secure = spec.url.startswith("ldaps://")
        if secure or spec.starttls:
            tls = ldap3.Tls(
                validate=ssl.CERT_REQUIRED,
                ca_certs_file=spec.ca_file or None,
                version=ssl.PROTOCOL_TLS_CLIENT,
            )
        # No schema download (AD's is large) and no client-side name check: ipPhone is an
        # AD attribute that OpenLDAP does not know, and an unknown one simply matches nothing.
        server = ldap3.Server(
            spec.host,
            port=spec.port,
            use_ssl=secure,
            tls=tls,
            connect_timeout=TIMEOUT,
            get_info=ldap3.NONE,
        )
        conn = ldap3.Connection(
            server,
            user=spec.username or None,
            password=self._password if spec.username else None,
            receive_timeout=TIMEOUT,
            raise_exceptions=False,
            read_only=True,
            check_names=False,
        )
        try:
            conn.open(read_server_info=False)
        except Exception as exc:  # ldap3 raises for sockets even without raise_exceptions
            _close_quietly(conn)
            raise LDAPError(f"cannot reach {spec.host}:{spec.port} ({_why(exc)})") from None
        try:
            self._start(conn)
        except BaseException:
            _close_quietly(conn)
            raise
        return conn

    def _start(self, conn: Any) -> None:
        spec = self.spec
        if conn.closed:
            raise LDAPError(f"cannot reach {spec.host}:{spec.port}")
        if spec.starttls and not conn.start_tls(read_server_info=False):
            raise LDAPError(f"StartTLS refused by {spec.host}: {conn.result.get('description')}")
        if spec.username and not self._password:
            raise LDAPError(
                f"no password for {spec.username} (set it in Settings, or"
                " $SCREENPOP_CONTACTS_SECRET for the command line)"
            )
        if not conn.bind(read_server_info=False):
            desc = (conn.result or {}).get("description") or "refused"
            if desc == "invalidCredentials":
                raise LDAPError(f"login refused for {spec.username or 'anonymous'}")
            raise LDAPError(f"bind failed: {desc}")

    def test(self) -> int:
        """Bind and count the entries that have a phone number (Settings' Test button)."""
        with self._lock:
            try:
                conn = self._conn or self._connect()
                self._conn = conn
                flt = "(|" + "".join(f"({a}=*)" for a in PHONE_ATTRS) + ")"
                entries = conn.extend.standard.paged_search(
                    self.spec.base_dn, flt, attributes=["cn"], paged_size=500, generator=True
                )
                count = sum(1 for e in entries if e.get("type") == "searchResEntry")
            except Exception as exc:
                self._fail(exc)
                raise LDAPError(self.status) from None
            self.ok = True
            self.status = f"{self.spec.host}: {count} entries with a number"
            return count

    def lookup(self, number: str) -> Contact | None:
        with self._lock:
            try:
                return self._lookup(number)
            except Exception as exc:
                self._fail(exc)
                raise LDAPError(self.status) from None

    def _fail(self, exc: BaseException) -> None:
        self.ok = False
        text = str(exc).replace(self._password or "\0", "***") if self._password else str(exc)
        self.status = f"{self.spec.host}: {text.splitlines()[0] if text else type(exc).__name__}"
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.unbind()
            self._conn = None

    def _lookup(self, number: str) -> Contact | None:
        if self._conn is None or self._conn.closed:
            self._conn = self._connect()
        conn = self._conn
        self.searches += 1
        ok = conn.search(
            self.spec.base_dn,
            build_filter(number, self.matcher),
            attributes=[*PHONE_ATTRS, *NAME_ATTRS, *OTHER_ATTRS],
            size_limit=20,
            time_limit=TIMEOUT,
        )
        result = conn.result.get("description")
        if not ok and result not in ("success", "sizeLimitExceeded", "noSuchObject"):
            raise LDAPError(f"search failed: {result}")
        contacts = []
        for entry in conn.response or []:
            if entry.get("type") != "searchResEntry":
                continue
            attrs = entry.get("attributes", {})
            phones = []
            for attr in PHONE_ATTRS:
                values = attrs.get(attr) or []
                for v in values if isinstance(values, list) else [values]:
                    phones.append(Phone(str(v), KINDS[attr]))
            name = _first(attrs, "displayName") or _first(attrs, "cn")
            if not name or not phones:
                continue
            contacts.append(
                Contact(
                    name=name,
                    phones=tuple(phones),
                    company=_first(attrs, "company") or _first(attrs, "o"),
                    source="ldap",
                    uid=str(entry.get("dn", "")),
                )
            )
        self.ok = True
        self.status = f"{self.spec.host}: answering"
        return ContactIndex(self.matcher, contacts).lookup(number)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(Exception):
                    self._conn.unbind()
                self._conn = None
