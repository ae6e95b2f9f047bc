"""Phone numbers as keys: one contact is found whichever way the PBX spells its number.

`013800138000`, `13800138000`, `+8613800138000` and `0086 138 0013 8000` are one key in the
home region CN. Keys are E.164 digits computed from phonenumbers' own region metadata
(country code, international and national prefixes) without a full parse, because a full
`phonenumbers.parse` costs ~50 µs and a 100,000-contact directory must load in under 2 s.
Display formatting uses the full parse (one number per popup). Extensions and short numbers
are never turned into phone numbers: they are keyed as they are (`x:203`).
"""

from __future__ import annotations

import locale
import os
import re
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneMetadata

MAX_EXTENSION_DIGITS = 5
SUFFIX_DIGITS = 8
_TEL = re.compile(r"^(?:tel:|sip:|callto:)", re.IGNORECASE)


def default_region() -> str:
    """The home region from the system locale (`zh_CN` -> `CN`), or "" when it has none."""
    candidates = [locale.getlocale()[0]]
    candidates += [os.environ.get(name) for name in ("LC_ALL", "LC_CTYPE", "LANG")]
    for value in candidates:
        if value and "_" in value:
            region = value.split("_", 1)[1][:2].upper()
            if region in phonenumbers.SUPPORTED_REGIONS:
                return region
    return ""


def valid_region(region: str) -> bool:
    return region.upper() in phonenumbers.SUPPORTED_REGIONS


_DELETE = str.maketrans("", "", " -./()[]\t\u00a0\u2010\u2011\u2012\u2013\u2014\u2015")


def digits_of(raw: str | None) -> str | None:
    """`raw` without the spaces, dashes, dots and brackets people write; None if not a number.

    Written for speed (it runs for every number of a 100,000-contact directory): plain
    str.replace for the usual separators, the full clean-up only for the rare rest.
    """
    if not raw:
        return None
    if raw.isdigit():
        return raw if raw.isascii() else None
    # The usual spellings (+86 138 0013 8000, 030-1234567): two replaces and done.
    text = raw.replace(" ", "").replace("-", "")
    body = text[1:] if text[:1] == "+" else text
    if body.isdigit() and body.isascii():
        return text
    text = raw.strip()
    if ":" in text:  # tel:+86..., sip:...
        text = _TEL.sub("", text).split(";", 1)[0]
    text = (
        text.replace(" ", "")
        .replace("-", "")
        .replace(".", "")
        .replace("(", "")
        .replace(")", "")
        .replace("/", "")
    )
    body = text[1:] if text[:1] == "+" else text
    if body.isdigit() and body.isascii():
        return text
    text = text.translate(_DELETE)
    body = text[1:] if text[:1] == "+" else text
    if body.isdigit() and body.isascii():
        return text
    return None


@dataclass(frozen=True)
class NumberMatcher:
    """Turns numbers into index keys for one home region and PBX outside-line prefix."""

    region: str = ""
    outside_prefix: str = ""
    max_extension_digits: int = MAX_EXTENSION_DIGITS
    _cc: str = field(init=False, default="")
    _intl: re.Pattern[str] | None = field(init=False, default=None)
    _national: re.Pattern[str] | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        region = (self.region or "").upper()
        object.__setattr__(self, "region", region if valid_region(region) else "")
        meta = PhoneMetadata.metadata_for_region(self.region) if self.region else None
        cc = str(meta.country_code) if meta else ""
        intl_text = meta.international_prefix if meta and meta.international_prefix else "00"
        intl = re.compile(f"(?:{intl_text})")
        nat_text = (meta.national_prefix_for_parsing or meta.national_prefix) if meta else None
        national = re.compile(f"(?:{nat_text})") if nat_text else None
        object.__setattr__(self, "_cc", cc)
        object.__setattr__(self, "_intl", intl)
        object.__setattr__(self, "_national", national)
        prefix = digits_of(self.outside_prefix) or ""
        object.__setattr__(self, "outside_prefix", prefix)

    def is_extension(self, digits: str) -> bool:
        return digits.isdigit() and len(digits) <= self.max_extension_digits

    def key(self, raw: str | None) -> str | None:
        """The index key of `raw` as it is written (no outside prefix removed), or None."""
        digits = digits_of(raw)
        if digits is None:
            return None
        return self._key_of(digits)

    def _key_of(self, digits: str) -> str | None:
        if digits.startswith("+"):
            rest = digits[1:]
            return rest if len(rest) >= 6 else None
        if self.is_extension(digits):
            return "x:" + digits
        assert self._intl is not None
        m = self._intl.match(digits)
        if m and len(digits) - m.end() >= 7:
            return digits[m.end() :]
        national = digits
        if self._national is not None:
            m = self._national.match(digits)
            if m and len(digits) - m.end() >= 6:
                national = digits[m.end() :]
        return self._cc + national

    def lookup_keys(self, raw: str | None) -> list[str]:
        """Keys to try for a number the PBX gave us: as written, then without the outside prefix.

        Both are tried because an outside prefix of 0 overlaps the national and international
        prefixes (`001012345678` is Beijing dialled through 0, or a US number dialled with 00).
        """
        digits = digits_of(raw)
        if digits is None:
            return []
        keys = []
        first = self._key_of(digits)
        if first:
            keys.append(first)
        prefix = self.outside_prefix
        if (
            prefix
            and digits.startswith(prefix)
            and len(digits) - len(prefix) > self.max_extension_digits
        ):
            second = self._key_of(digits[len(prefix) :])
            if second and second not in keys:
                keys.append(second)
        return keys

    def index_keys(self, raw: str | None) -> tuple[str | None, str | None]:
        """(key, suffix) of a directory's number, with one clean-up of the text."""
        digits = digits_of(raw)
        if digits is None:
            return None, None
        bare = digits.lstrip("+")
        return self._key_of(digits), bare[-SUFFIX_DIGITS:] if len(bare) > SUFFIX_DIGITS else None

    def bucket(self, raw: str | None) -> str | None:
        """`key(raw)`'s last 6 digits (an extension's whole key), or None when it has no key.

        The index's cheap load-time filing: one clean-up of the text and a slice. Every key
        ends in its number's last 6 digits: `_key_of` keeps at least 6 after a prefix.
        """
        if raw:
            # digits_of's usual case inline (this runs for every number of a directory).
            text = raw.replace(" ", "").replace("-", "")
            if text.isascii():
                if text.isdigit():
                    return text[-6:] if len(text) > self.max_extension_digits else "x:" + text
                if text[:1] == "+" and text[1:].isdigit():
                    return text[-6:] if len(text) > 6 else None
        digits = digits_of(raw)
        if digits is None:
            return None
        if digits[0] == "+":
            return digits[-6:] if len(digits) > 6 else None
        if len(digits) <= self.max_extension_digits:
            return "x:" + digits
        return digits[-6:]

    def is_valid_key(self, key: str) -> bool:
        """Is this key a real, complete phone number (not an extension, not a guess)?"""
        if not key.isdigit():
            return False
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse("+" + key, None))
        except phonenumbers.NumberParseException:
            return False

    def suffix(self, raw: str | None) -> str | None:
        """The last 8 digits: the fallback key where the prefixes cannot be worked out."""
        digits = digits_of(raw)
        if digits is None:
            return None
        digits = digits.lstrip("+")
        return digits[-SUFFIX_DIGITS:] if len(digits) >= SUFFIX_DIGITS + 1 else None

    def e164(self, raw: str | None) -> str | None:
        """`+8613800138000` for a phone number; None for extensions and what is not a number.

        Of the candidate keys the first valid number wins, then the first possible one.
        """
        possible = None
        for key in self.lookup_keys(raw):
            if key.startswith("x:"):
                continue
            try:
                parsed = phonenumbers.parse("+" + key, None)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return "+" + key
            if possible is None and phonenumbers.is_possible_number(parsed):
                possible = "+" + key
        return possible

    def display(self, raw: str | None) -> str:
        """The number as a person reads it: national form at home, international otherwise.

        Extensions, short numbers and anything phonenumbers does not accept stay as written.
        """
        if not raw:
            return ""
        digits = digits_of(raw)
        if digits is None or self.is_extension(digits):
            return raw.strip()
        e164 = self.e164(raw)
        if e164 is None:
            return raw.strip()
        try:
            parsed = phonenumbers.parse(e164, None)
        except phonenumbers.NumberParseException:
            return raw.strip()
        if not phonenumbers.is_valid_number(parsed):
            return raw.strip()
        home = self.region and phonenumbers.region_code_for_number(parsed) == self.region
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if home
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return phonenumbers.format_number(parsed, fmt)
