"""A CRM asked per call over HTTP(S): GET the template URL with the number filled in.

Response schema (documented in docs/contacts.md): a JSON object
``{"name": "...", "company": "...", "url": "...", "notes": "..."}`` (only `name` required),
or a list of such objects (the first is used), or ``{"contacts": [...]}``. 404, 204, ``{}``,
``[]`` or ``null`` mean "no such contact". Anything else is reported as an error. Only the
number is sent (in the URL), plus the bearer token when one is configured.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from .model import Contact
from .numbers import NumberMatcher
from .source_url import SourceSpec

MAX_BODY = 256 * 1024
MAX_TEXT = 300


class LookupError_(Exception):
    """The source answered, but not usefully: the message is the status line."""


def fill_template(template: str, number: str, matcher: NumberMatcher) -> str:
    """Plain replacement (never str.format: the template is user text), URL-encoded values."""
    e164 = matcher.e164(number) or number
    return template.replace("{number}", quote(number, safe="")).replace(
        "{e164}", quote(e164, safe="")
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise LookupError_("the CRM answered a name that is not text")
    return str(value).strip()[:MAX_TEXT]


def parse_answer(body: bytes) -> Contact | None:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LookupError_("the CRM answered something that is not JSON") from None
    if isinstance(data, dict) and isinstance(data.get("contacts"), list):
        data = data["contacts"]
    if isinstance(data, list):
        data = data[0] if data else None
    if data is None or data == {}:
        return None
    if not isinstance(data, dict):
        raise LookupError_("the CRM answered JSON without a contact object")
    name = _text(data.get("name"))
    if not name:
        return None
    url = _text(data.get("url"))
    if url and not url.lower().startswith(("http://", "https://")):
        url = ""  # only web links are ever offered to open
    return Contact(
        name=name,
        company=_text(data.get("company")),
        url=url,
        notes=_text(data.get("notes")),
        source="http",
    )


class HttpSource:
    remote = True

    def __init__(self, spec: SourceSpec, matcher: NumberMatcher, token: str | None = None):
        import httpx  # here, not at import: an app without an HTTP source never loads it (~4 MB)

        self.spec = spec
        self.matcher = matcher
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(headers=headers, follow_redirects=False)
        self.ok = True
        self.status = "not asked yet"
        self.requests = 0

    async def lookup(self, number: str, timeout: float = 5.0) -> Contact | None:
        import httpx

        url = fill_template(self.spec.url, number, self.matcher)
        self.requests += 1
        try:
            async with self._client.stream("GET", url, timeout=timeout) as resp:
                if resp.status_code in (204, 404):
                    self._good()
                    return None
                if resp.status_code in (401, 403):
                    raise LookupError_(
                        f"the CRM refused the token (HTTP {resp.status_code}); check it in Settings"
                    )
                if resp.status_code != 200:
                    raise LookupError_(f"the CRM answered HTTP {resp.status_code}")
                body = b""
                async for chunk in resp.aiter_bytes():
                    body += chunk
                    if len(body) > MAX_BODY:
                        raise LookupError_("the CRM answered more than 256 KB")
        except httpx.TimeoutException:
            self._bad("the CRM did not answer in time")
            raise
        except httpx.HTTPError as exc:
            self._bad(f"cannot reach the CRM ({type(exc).__name__})")
            raise LookupError_(self.status) from None
        except LookupError_ as exc:
            self._bad(str(exc))
            raise
        try:
            contact = parse_answer(body)
        except LookupError_ as exc:
            self._bad(str(exc))
            raise
        self._good()
        return contact

    def _good(self) -> None:
        self.ok = True
        self.status = f"{self.spec.host}: answering"

    def _bad(self, why: str) -> None:
        self.ok = False
        self.status = f"{self.spec.host}: {why}"

    async def close(self) -> None:
        await self._client.aclose()
