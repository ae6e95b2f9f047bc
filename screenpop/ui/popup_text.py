"""The text a popup shows and reads, apart from its widgets: numbers laid out for reading,
what the user typed cleaned for dialling, PBX text made safe for one label line, elapsed time,
and the CRM link. The dial dialog and the desktop-link handler use the number helpers too.

Messages go through QCoreApplication.translate (context "popup"); nothing here draws.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from PySide6.QtCore import QCoreApplication

from screenpop.config import Settings
from screenpop.contacts.numbers import NumberMatcher, default_region

NUMBER_CHARS = "0123456789+*#"
_STRIP_RE = re.compile(r"[\s\-./()\u00a0]")
_VALID_RE = re.compile(r"\+?[0-9*#]+")
MAX_NUMBER_LENGTH = 32


class InvalidNumber(ValueError):
    """What the user typed is not a dialable number; str(exc) says why, in words."""


def clean_number(text: str) -> str:
    """The dialable form of what a user typed: spaces, dashes, dots and brackets removed.

    Accepts digits, `*`, `#` and a leading `+`. Raises InvalidNumber with a message fit to
    show next to the input otherwise.
    """
    cleaned = _STRIP_RE.sub("", text or "")
    if not cleaned:
        raise InvalidNumber(QCoreApplication.translate("popup", "Type a number first."))
    if not _VALID_RE.fullmatch(cleaned):
        bad = sorted({c for c in cleaned if c not in NUMBER_CHARS} or {"+"})
        shown = " ".join(bad)
        if bad == ["+"]:
            raise InvalidNumber(QCoreApplication.translate("popup", "A + may only come first."))
        raise InvalidNumber(
            QCoreApplication.translate(
                "popup", "Only digits, +, * and # can be dialled (not {0})."
            ).format(shown)
        )
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise InvalidNumber(
            QCoreApplication.translate(
                "popup", "That is too long for a phone number ({0} digits)."
            ).format(len(cleaned))
        )
    return cleaned


def _group(digits: str) -> list[str]:
    n = len(digits)
    if n <= 6:
        return [digits]
    if n == 9:
        return [digits[0:3], digits[3:6], digits[6:]]
    if n == 10:
        return [digits[0:3], digits[3:6], digits[6:]]
    if n == 11 and digits.startswith("1"):  # Chinese mobile: 138 0013 8000
        return [digits[0:3], digits[3:7], digits[7:]]
    groups = []
    while len(digits) > 4:
        groups.insert(0, digits[-4:])
        digits = digits[:-4]
    if len(digits) == 1 and groups:  # never leave a lonely digit in front
        groups[0] = digits + groups[0]
    elif digits:
        groups.insert(0, digits)
    return groups


def format_number(raw: str | None, matcher: NumberMatcher | None = None) -> str:
    """A number laid out for reading at a glance: `13800138000` -> `138 0013 8000`.

    phonenumbers formats what it knows (national form at home, international otherwise);
    a number it cannot place is grouped in fours. Only the display changes; the raw number
    is what is copied and dialled. Anything that is not a plain number (SIP URIs, names,
    `anonymous`) is returned as it is.
    """
    if not raw:
        return QCoreApplication.translate("popup", "Unknown number")
    s = raw.strip()
    if not re.fullmatch(r"\+?[0-9]+", s):
        return s
    shown = (matcher or _DEFAULT_MATCHER).display(s)
    if shown != s or s.startswith("+"):
        return shown
    return " ".join(_group(s))


def matcher_for(settings: Settings) -> NumberMatcher:
    return NumberMatcher(settings.home_region or default_region(), settings.outside_prefix)


_DEFAULT_MATCHER = NumberMatcher(default_region())


def one_line(text: str | None) -> str:
    """PBX text made safe for one label line: control characters become spaces."""
    if not text:
        return ""
    return "".join(" " if (ord(c) < 32 or ord(c) == 127) else c for c in text).strip()


def format_elapsed(seconds: float) -> str:
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def crm_url(
    template: str,
    number: str | None,
    name: str | None,
    *,
    e164: str | None = None,
    company: str | None = None,
    contact_url: str | None = None,
) -> str:
    """`template` with `{number}`, `{e164}`, `{name}`, `{company}` and `{contact_url}` replaced
    by their URL-quoted values.

    Plain substitution, never str.format: the template and the values are user/PBX text.
    """
    values = {
        "{number}": number,
        "{e164}": e164 or number,
        "{name}": name,
        "{company}": company,
        "{contact_url}": contact_url,
    }
    pattern = re.compile("|".join(re.escape(k) for k in values))
    return pattern.sub(lambda m: quote(values[m.group(0)] or "", safe=""), template)
