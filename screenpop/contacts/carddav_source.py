"""A CardDAV address book (Nextcloud, Radicale, iCloud-style), synced read-only into memory.

A sync lists the cards with their ETags (PROPFIND, depth 1) and fetches only the cards that
are new or whose ETag changed (one addressbook-multiget REPORT); cards that disappeared are
dropped. Lookups then read the in-memory index like a file's.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import unquote, urljoin, urlsplit

from .index import ContactIndex
from .model import Contact
from .numbers import NumberMatcher
from .source_url import SourceSpec
from .vcard_reader import read_vcards

DAV = "{DAV:}"
CARD = "{urn:ietf:params:xml:ns:carddav}"
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>"""
MAX_BODY = 64 * 1024 * 1024


def _multiget(hrefs: list[str]) -> bytes:
    items = "".join(f"<d:href>{_xml_escape(h)}</d:href>" for h in hrefs)
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<c:addressbook-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav">'
        f"<d:prop><d:getetag/><c:address-data/></d:prop>{items}</c:addressbook-multiget>"
    ).encode()


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _responses(body: bytes) -> list[ET.Element]:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        raise ValueError("the server answered something that is not WebDAV XML") from None
    return root.findall(f"{DAV}response")


class CardDavSource:
    remote = False

    def __init__(self, spec: SourceSpec, matcher: NumberMatcher, password: str | None = None):
        import httpx  # here, not at import: an app without an HTTP source never loads it (~4 MB)

        self.spec = spec
        self.matcher = matcher
        auth = httpx.BasicAuth(spec.username, password or "") if spec.username else None
        self._client = httpx.AsyncClient(auth=auth, follow_redirects=True, timeout=20)
        self._cards: dict[str, tuple[str, list[Contact]]] = {}  # href -> (etag, contacts)
        self.index = ContactIndex(matcher)
        self.ok = False
        self.status = "not synced yet"
        self.requests = 0
        self.fetched = 0  # cards fetched by the last sync
        self.skipped = 0
        self.generation = 0  # counts syncs that changed something

    def __repr__(self) -> str:
        return f"CardDavSource({self.spec.text!r})"

    async def _request(self, method: str, url: str, body: bytes, depth: str) -> bytes:
        self.requests += 1
        resp = await self._client.request(
            method,
            url,
            content=body,
            headers={"Depth": depth, "Content-Type": "application/xml; charset=utf-8"},
        )
        if resp.status_code in (401, 403):
            raise ValueError(f"login refused (HTTP {resp.status_code}); check user and password")
        if resp.status_code == 404:
            raise ValueError("no address book at this URL (HTTP 404)")
        if resp.status_code != 207:
            raise ValueError(f"the server answered HTTP {resp.status_code} to {method}")
        if len(resp.content) > MAX_BODY:
            raise ValueError("the server answered more than 64 MB")
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
                self.status += f" (still using the {len(self.index)} contacts synced before)"
            raise ValueError(self.status) from None
        self.ok = True
        skipped = f", {self.skipped} cards skipped" if self.skipped else ""
        self.status = f"{self.spec.host}: {len(self.index)} contacts{skipped}"
        return fetched

    async def _sync(self) -> int:
        base = self.spec.url
        listing = _responses(await self._request("PROPFIND", base, _PROPFIND, "1"))
        base_path = urlsplit(base).path
        etags: dict[str, str] = {}
        for resp in listing:
            href = resp.findtext(f"{DAV}href") or ""
            if not href or unquote(urlsplit(href).path).rstrip("/") == unquote(base_path).rstrip(
                "/"
            ):
                continue
            if resp.find(f".//{DAV}resourcetype/{DAV}collection") is not None:
                continue
            etags[href] = (resp.findtext(f".//{DAV}getetag") or "").strip()
        changed = [
            h
            for h, tag in etags.items()
            if h not in self._cards or self._cards[h][0] != tag or not tag
        ]
        cards = {h: v for h, v in self._cards.items() if h in etags}
        self.fetched = 0
        if changed:
            body = await self._request("REPORT", base, _multiget(changed), "1")
            for resp in _responses(body):
                href = resp.findtext(f"{DAV}href") or ""
                data = resp.findtext(f".//{CARD}address-data")
                if data is None:
                    continue
                self.fetched += 1
                contacts, _report = read_vcards(data.encode("utf-8"), source="carddav")
                tag = (resp.findtext(f".//{DAV}getetag") or etags.get(href, "")).strip()
                key = (
                    href
                    if href in etags
                    else next((h for h in changed if urljoin(base, h) == urljoin(base, href)), href)
                )
                cards[key] = (tag, contacts)
        changed_set = self.fetched or len(cards) != len(self._cards) or not self.generation
        self._cards = cards
        all_contacts = [c for _, cs in cards.values() for c in cs]
        self.skipped = len(cards) - sum(1 for _, cs in cards.values() if cs)
        if changed_set:
            self.generation += 1
        self.index = ContactIndex(self.matcher, all_contacts)
        return self.fetched

    def lookup(self, number: str) -> Contact | None:
        return self.index.lookup(number)

    async def close(self) -> None:
        await self._client.aclose()
