"""A CardDAV address book (Nextcloud, Radicale, iCloud-style), synced read-only into memory.

The first sync lists the cards with their ETags (PROPFIND, depth 1; it also asks for the
collection's RFC 6578 sync-token) and fetches them in one addressbook-multiget REPORT. A
later sync asks "what changed since this token" (sync-collection REPORT), so neither an
unchanged book nor a one-card change costs a listing of every card; only new or changed
cards are fetched, deleted ones are dropped. A server without sync-tokens, or one that no
longer accepts ours, gets the ETag listing instead: the same result, a bigger answer.
Lookups read the in-memory index like a file's.
"""

from __future__ import annotations

import asyncio
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from .index import ContactIndex
from .model import Contact, Record, count_of
from .numbers import NumberMatcher
from .source_url import SourceSpec
from .vcard_reader import read_vcard_records

if TYPE_CHECKING:
    import httpx

DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/><d:sync-token/></d:prop>
</d:propfind>"""
MAX_BODY = 64 * 1024 * 1024
LOGIN_REFUSED = "CardDAV login refused: check the user and password"


def _multiget(hrefs: list[str]) -> bytes:
    items = "".join(f"<d:href>{_xml_escape(h)}</d:href>" for h in hrefs)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        f"<d:prop><d:getetag/><c:address-data/></d:prop>{items}</c:addressbook-multiget>"
    ).encode()


def _sync_collection(token: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
        f"<d:sync-token>{_xml_escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
        "<d:prop><d:getetag/></d:prop></d:sync-collection>"
    ).encode()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _root(body: bytes) -> ET.Element:
    try:
        return ET.fromstring(body)
    except ET.ParseError:
        raise ValueError("the server answered something that is not WebDAV XML") from None


def _status_code(resp: ET.Element) -> int:
    """The HTTP status a multistatus <response> carries itself (a sync-collection deletion
    is a bare `HTTP/1.1 404 Not Found`); 200 when it has only propstats."""
    parts = (resp.findtext(f"{DAV}status") or "").split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 200


class _TokenRefused(Exception):
    """The server no longer accepts our sync-token, or has no sync-collection at all."""


class CardDavSource:
    remote = False

    def __init__(
        self,
        spec: SourceSpec,
        matcher: NumberMatcher,
        password: str | None = None,
        *,
        sync_tokens: bool = True,
    ):
        import httpx  # here, not at import: an app without an HTTP source never loads it (~4 MB)

        self.spec = spec
        self.matcher = matcher
        auth = httpx.BasicAuth(spec.username, password or "") if spec.username else None
        self._client = httpx.AsyncClient(auth=auth, follow_redirects=True, timeout=20)
        # card path -> (etag, href as the server wrote it, the card's records)
        self._cards: dict[str, tuple[str, str, list[Record]]] = {}
        self._token = ""  # RFC 6578 sync-token of the last sync ("" = list everything)
        # False once the server refused sync-collection outright (or not wanted): ETags only.
        self._tokens_work = sync_tokens
        self.index = ContactIndex(matcher)
        self.ok = False
        self.status = "not synced yet"
        self.requests = 0
        self.requests_by: dict[str, int] = {}  # "PROPFIND", "sync-collection", "multiget"
        self.fetched = 0  # cards fetched by the last sync
        self.skipped = 0
        self.generation = 0  # counts syncs that changed something

    def __repr__(self) -> str:
        return f"CardDavSource({self.spec.text!r})"

    async def _send(self, kind: str, method: str, body: bytes, depth: str) -> httpx.Response:
        self.requests += 1
        self.requests_by[kind] = self.requests_by.get(kind, 0) + 1
        resp = await self._client.request(
            method,
            self.spec.url,
            content=body,
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
        )
        if resp.status_code == 401:
            raise ValueError(LOGIN_REFUSED)
        if len(resp.content) > MAX_BODY:
            raise ValueError("the server answered more than 64 MB")
        return resp

    async def _request(self, kind: str, method: str, body: bytes, depth: str) -> bytes:
        resp = await self._send(kind, method, body, depth)
        if resp.status_code == 403:
            raise ValueError(
                f"CardDAV access refused (HTTP 403): {self.spec.username or 'this user'}"
                " may not read this address book"
            )
        if resp.status_code == 404:
            raise ValueError("no address book at this URL (HTTP 404)")
        if resp.status_code != 207:
            raise ValueError(f"the server answered HTTP {resp.status_code} to {method}")
        return resp.content

    async def sync(self) -> int:
        """Bring the in-memory copy up to date; returns how many cards were fetched."""
        import httpx

        try:
            fetched = await self._sync()
        except (httpx.HTTPError, ValueError) as exc:
            self.ok = False
            why = (
                str(exc) if isinstance(exc, ValueError) else f"cannot reach ({type(exc).__name__})"
            )
            self.status = f"{self.spec.host}: {why}"
            if self._cards:
                kept = count_of(len(self.index), "contact")
                self.status += f" (still using the {kept} synced before)"
            raise ValueError(self.status) from None
        self.ok = True
        skipped = f", {count_of(self.skipped, 'card')} skipped" if self.skipped else ""
        self.status = f"{self.spec.host}: {count_of(len(self.index), 'contact')}{skipped}"
        return fetched

    def _key(self, href: str) -> str:
        """One spelling of a card's address, however the server wrote its href."""
        return unquote(urlsplit(urljoin(self.spec.url, href)).path)

    async def _sync(self) -> int:
        if self._token and self._tokens_work:
            try:
                changed, gone, token = await self._changes_since(self._token)
            except _TokenRefused:
                self._token = ""
            else:
                cards = {k: v for k, v in self._cards.items() if k not in gone}
                return await self._fetch(
                    changed, cards, token, removed=len(self._cards) - len(cards)
                )
        return await self._full_listing()

    async def _changes_since(self, token: str) -> tuple[dict[str, tuple[str, str]], set[str], str]:
        """(changed: key -> (href, etag), deleted keys, new token) from a sync-collection."""
        resp = await self._send("sync-collection", "REPORT", _sync_collection(token), "1")
        if resp.status_code in (403, 409):  # DAV:valid-sync-token: list everything again
            raise _TokenRefused
        if resp.status_code != 207:  # no RFC 6578 here: the ETag listing from now on
            self._tokens_work = False
            raise _TokenRefused
        root = _root(resp.content)
        base = self._key(self.spec.url).rstrip("/")
        changed: dict[str, tuple[str, str]] = {}
        gone: set[str] = set()
        for item in root.findall(f"{DAV}response"):
            href = item.findtext(f"{DAV}href") or ""
            key = self._key(href)
            if not href:
                continue
            if key.rstrip("/") == base:
                if _status_code(item) == 507:  # truncated answer: list everything instead
                    raise _TokenRefused
                continue
            if _status_code(item) == 404:
                gone.add(key)
            else:
                changed[key] = (href, (item.findtext(f".//{DAV}getetag") or "").strip())
        new_token = (root.findtext(f"{DAV}sync-token") or "").strip()
        if not new_token:
            raise _TokenRefused
        return changed, gone, new_token

    async def _full_listing(self) -> int:
        root = _root(await self._request("PROPFIND", "PROPFIND", _PROPFIND, "1"))
        base = self._key(self.spec.url).rstrip("/")
        listed: dict[str, tuple[str, str]] = {}
        token = ""
        for item in root.findall(f"{DAV}response"):
            href = item.findtext(f"{DAV}href") or ""
            if not href:
                continue
            key = self._key(href)
            if key.rstrip("/") == base:
                token = (item.findtext(f".//{DAV}sync-token") or "").strip()
                continue
            if item.find(f".//{DAV}resourcetype/{DAV}collection") is not None:
                continue
            listed[key] = (href, (item.findtext(f".//{DAV}getetag") or "").strip())
        changed = {
            key: value
            for key, value in listed.items()
            if key not in self._cards or self._cards[key][0] != value[1] or not value[1]
        }
        cards = {k: v for k, v in self._cards.items() if k in listed}
        return await self._fetch(changed, cards, token, removed=len(self._cards) - len(cards))

    async def _fetch(
        self,
        changed: dict[str, tuple[str, str]],
        cards: dict[str, tuple[str, str, list[Record]]],
        token: str,
        removed: int,
    ) -> int:
        """Fetch the changed cards into `cards` (one multiget), then swap in the new index."""
        self.fetched = 0
        if changed:
            hrefs = [href for href, _ in changed.values()]
            body = await self._request("multiget", "REPORT", _multiget(hrefs), "1")
            # Parsing thousands of cards is work for a thread, not for the popups' loop.
            got = await asyncio.to_thread(self._parse_multiget, body, changed)
            cards.update(got)
            self.fetched = len(got)
        index = await asyncio.to_thread(self._build_index, cards)
        if self.fetched or removed or not self.generation:
            self.generation += 1
        self._cards = cards
        self._token = token if self._tokens_work else ""
        self.skipped = sum(1 for _, _, records in cards.values() if not records)
        self.index = index
        return self.fetched

    def _parse_multiget(
        self, body: bytes, changed: dict[str, tuple[str, str]]
    ) -> dict[str, tuple[str, str, list[Record]]]:
        got: dict[str, tuple[str, str, list[Record]]] = {}
        for item in _root(body).findall(f"{DAV}response"):
            href = item.findtext(f"{DAV}href") or ""
            data = item.findtext(f".//{CARD}address-data")
            if data is None:
                continue
            key = self._key(href)
            records, _report = read_vcard_records(data.encode("utf-8"), source="carddav")
            listed_href, listed_tag = changed.get(key, (href, ""))
            tag = (item.findtext(f".//{DAV}getetag") or listed_tag).strip()
            got[key] = (tag, listed_href, records)
        return got

    def _build_index(self, cards: dict[str, tuple[str, str, list[Record]]]) -> ContactIndex:
        index = ContactIndex(self.matcher)
        for _, _, records in cards.values():
            index.add_records(records)
        return index

    def lookup(self, number: str) -> Contact | None:
        return self.index.lookup(number)

    async def close(self) -> None:
        await self._client.aclose()
