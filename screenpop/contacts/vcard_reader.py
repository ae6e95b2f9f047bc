"""vCard files (2.1, 3.0, 4.0) as phones, Google and Apple export them. Pure: bytes in.

Written here rather than taken from a library: the few vCard libraries for Python either
reject 2.1's QUOTED-PRINTABLE names with a CHARSET (what Chinese Android phones export) or
parse far too slowly for a 100,000-card directory; we need only FN, N, ORG, TEL, URL, NOTE
and UID. A card that cannot be read is skipped and counted, never aborts the load.
"""

from __future__ import annotations

import quopri
import re

from .csv_reader import decode
from .model import Contact, LoadReport, Phone, ReportBuilder, join_name

_WANTED = {"FN", "N", "ORG", "TEL", "URL", "NOTE", "UID", "BEGIN", "END"}
_IGNORED_TYPES = {"voice", "pref", "internet", "x-internet"}
_ESCAPES = re.compile(r"\\([\\;,nN])")


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return _ESCAPES.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def _split_unescaped(text: str, sep: str) -> list[str]:
    if "\\" not in text:
        return text.split(sep)
    parts, cur, i = [], [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            cur.append(text[i : i + 2])
            i += 2
            continue
        if c == sep:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def _params(raw: list[str]) -> tuple[dict[str, str], list[str]]:
    """Named parameters (upper-case names) and the TYPE values, 2.1's bare ones included."""
    named: dict[str, str] = {}
    types: list[str] = []
    for p in raw:
        name, eq, value = p.partition("=")
        if not eq:  # vCard 2.1: TEL;WORK;VOICE
            types.append(name.lower())
            continue
        name = name.strip().upper()
        value = value.strip().strip('"')
        if name == "TYPE":
            types += [t.strip().lower() for t in value.split(",") if t.strip()]
        else:
            named[name] = value
    return named, types


def _value(value: str, named: dict[str, str]) -> str:
    encoding = named.get("ENCODING", "").upper()
    if encoding == "QUOTED-PRINTABLE":
        raw = quopri.decodestring(value.encode("ascii", errors="replace"))
        charset = named.get("CHARSET", "utf-8")
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:  # an unknown charset name: UTF-8 is the common truth
            return raw.decode("utf-8", errors="replace")
    return value


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with the number of the physical line each starts on."""
    out: list[tuple[int, str]] = []
    append = out.append
    qp_open = False
    for number, line in enumerate(text.splitlines(), 1):
        if out and (qp_open or line[:1] in (" ", "\t")):
            start, prev = out[-1]
            line = prev[:-1] + line if qp_open else prev + line[1:]
            out[-1] = (start, line)
        else:
            append((number, line))
        # A quoted-printable value ending in "=" continues on the next line (vCard 2.1).
        qp_open = line.endswith("=") and "QUOTED-PRINTABLE" in line[: line.find(":")].upper()
    return out


def read_vcards(data: bytes, *, source: str = "vcard") -> tuple[list[Contact], LoadReport]:
    """Contacts from a .vcf file's bytes (any number of cards)."""
    out: list[Contact] = []
    rep = ReportBuilder("cards")
    card: dict[str, list[tuple[str, list[str]]]] | None = None
    start = 0
    for number, line in _logical_lines(decode(data)):
        head, colon, value = line.partition(":")
        if not colon:
            continue
        semi = head.find(";")
        name = head if semi < 0 else head[:semi]
        prop = name[name.rfind(".") + 1 :].upper()  # item1.TEL -> TEL
        if prop not in _WANTED:
            continue
        if prop == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                rep.total += 1
                rep.skip(f"the card at line {start} has no END:VCARD")
            card, start = {}, number
            continue
        if card is None:
            continue
        if prop == "END":
            rep.total += 1
            contact, problem = _contact(card, start, source)
            if contact is None:
                rep.skip(problem)
            else:
                out.append(contact)
            card = None
            continue
        if semi < 0:
            card.setdefault(prop, []).append((value, []))
            continue
        named, types = _params(head[semi + 1 :].split(";"))
        card.setdefault(prop, []).append((_value(value, named), types))
    if card is not None:
        rep.total += 1
        rep.skip(f"the card at line {start} has no END:VCARD")
    return out, rep.report()


def _first(card: dict[str, list[tuple[str, list[str]]]], prop: str) -> str:
    values = card.get(prop)
    return values[0][0] if values else ""


def _contact(
    card: dict[str, list[tuple[str, list[str]]]], start: int, source: str
) -> tuple[Contact | None, str]:
    phones = []
    for value, types in card.get("TEL", ()):
        number = value.strip()
        if number.lower().startswith("tel:"):
            number = number[4:]
        if not number:
            continue
        kind = next((t for t in types if t not in _IGNORED_TYPES), "")
        phones.append(Phone(number, kind))
    if not phones:
        return None, f"the card at line {start} has no number"
    name = _unescape(_first(card, "FN")).strip()
    if not name and card.get("N"):
        family, given, additional = (_split_unescaped(_first(card, "N"), ";") + [""] * 3)[:3]
        name = join_name(_unescape(given), _unescape(family), _unescape(additional))
    company = " ".join(
        _unescape(p).strip() for p in _split_unescaped(_first(card, "ORG"), ";") if p.strip()
    )
    if not name and not company:
        return None, f"the card at line {start} has no name"
    return (
        Contact(
            name=name or company,
            phones=tuple(phones),
            company=company if name else "",
            source=source,
            url=_unescape(_first(card, "URL")).strip(),
            notes=_unescape(_first(card, "NOTE")).strip(),
            uid=_first(card, "UID").strip(),
        ),
        "",
    )
