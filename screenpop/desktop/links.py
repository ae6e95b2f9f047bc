"""tel:, callto: and sip: links (click-to-dial from a browser or CRM) to a dialable number.

Anything but a plain number is refused with one line saying why: these links come from web
pages, so they are untrusted input. Visual separators (RFC 3966: - . ( ) and spaces) are
dropped; parameters (`;phone-context=...`) are ignored; a sip: link's user part must be the
number. A leading + is kept (the PBX's dialplan decides how it dials an international number).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

SCHEMES = ("tel", "callto", "sip")
MAX_LINK = 256  # longer than any real phone link; a bound for the single-instance channel too
MAX_DIGITS = 20  # E.164 is at most 15 digits, plus an international prefix

_SEPARATORS = re.compile(r"[\s\-.()\u00a0]")
_NUMBER = re.compile(rf"^\+?[0-9]{{2,{MAX_DIGITS}}}$")


class LinkError(ValueError):
    """The link is not a dialable phone number; str() is the one-line reason."""


def _has_control(text: str) -> bool:
    return any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)


def parse_dial_link(link: str) -> str:
    """The number to dial for `link`, e.g. 'tel:+86-138-0013-8000' -> '+8613800138000'."""
    if not isinstance(link, str) or not link.strip():
        raise LinkError("the link is empty")
    if len(link) > MAX_LINK:
        raise LinkError(f"the link is too long (over {MAX_LINK} characters)")
    if _has_control(link):
        raise LinkError("the link contains control characters (such as line breaks)")
    scheme, sep, rest = link.strip().partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise LinkError("only tel:, callto: and sip: links can be dialled")
    rest = unquote(rest)
    if _has_control(rest):
        raise LinkError("the link contains control characters (such as line breaks)")
    if scheme == "callto":
        rest = rest.removeprefix("//")
    rest = rest.split("?", 1)[0].split(";", 1)[0]
    if scheme == "sip":
        user, at, _host = rest.partition("@")
        rest = user if at else rest
    number = _SEPARATORS.sub("", rest)
    if not _NUMBER.match(number):
        shown = number if len(number) <= 40 else number[:40] + "…"
        raise LinkError(
            f"'{shown}' is not a phone number (digits with an optional leading +, "
            f"2 to {MAX_DIGITS} digits)"
        )
    return number
