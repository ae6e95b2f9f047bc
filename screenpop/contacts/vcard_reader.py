"""vCard files (2.1, 3.0, 4.0) as phones, Google and Apple export them. Pure: bytes in.

Written here rather than taken from a library: the few vCard libraries for Python either
reject 2.1's QUOTED-PRINTABLE names with a CHARSET (what Chinese Android phones export) or
parse far too slowly for a 100,000-card directory; we need only FN, N, ORG, TEL, URL, NOTE
and UID. A card that cannot be read is skipped and counted, never aborts the load.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Iterable, Iterator

from .csv_reader import decode
from .model import Contact, LoadReport, Record, ReportBuilder, contact_of, join_name

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


def _logical_lines(text: str) -> Iterable[tuple[int, str]]:
    """Unfolded lines with the number of the physical line each starts on."""
    lines = text.splitlines()
    # Fast case (most exports): only \n / \r / \r\n breaks, no folded line, no line ending in
    # "=" (a quoted-printable soft break): the lines are the logical lines. Substring counts
    # run at memory speed, where a regex over 18 MB would take a fifth of a second.
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    tail = 1 if text and text[-1] not in "\r\n" else 0
    if len(lines) == breaks + tail and not any(
        s in text for s in ("\n ", "\n\t", "\r ", "\r\t", "=\n", "=\r")
    ):
        return enumerate(lines, 1)
    return _unfolded(lines)


def _unfolded(lines: list[str]) -> Iterator[tuple[int, str]]:
    pending: str | None = None
    start = 0
    qp_open = False
    for number, line in enumerate(lines, 1):
        if pending is not None and (qp_open or line[:1] in (" ", "\t")):
            pending = pending[:-1] + line if qp_open else pending + line[1:]
        else:
            if pending is not None:
                yield start, pending
            pending, start = line, number
        # A quoted-printable value ending in "=" continues on the next line (vCard 2.1).
        qp_open = (
            pending.endswith("=") and "QUOTED-PRINTABLE" in pending[: pending.find(":")].upper()
        )
    if pending is not None:
        yield start, pending


_Head = tuple[str, dict[str, str], str]  # (property, named parameters, TYPE label)
_UNSEEN: object = object()
_MAX_HEADS = 4096  # distinct property heads remembered per file (they repeat card after card)


def _head(head: str) -> _Head | None:
    """What a property's head (`item1.TEL;TYPE=CELL`) says, or None for unwanted properties."""
    semi = head.find(";")
    name = head if semi < 0 else head[:semi]
    prop = name[name.rfind(".") + 1 :].upper()  # item1.TEL -> TEL
    if prop not in _WANTED:
        return None
    if semi < 0:
        return prop, {}, ""
    named, types = _params(head[semi + 1 :].split(";"))
    kind = next((t for t in types if t not in _IGNORED_TYPES), "")
    return prop, named, kind


def read_vcards(data: bytes, *, source: str = "vcard") -> tuple[list[Contact], LoadReport]:
    """Contacts from a .vcf file's bytes (any number of cards)."""
    records, report = read_vcard_records(data, source=source)
    return [contact_of(r) for r in records], report


def read_vcard_records(data: bytes, *, source: str = "vcard") -> tuple[list[Record], LoadReport]:
    """`read_vcards` as flat records (model.Record), the form a directory load indexes.

    Runs once per line of a 100,000-card file, so each distinct head (`TEL;TYPE=CELL`) is
    parsed once and remembered, and a card is a plain list until it ends.
    """
    out: list[Record] = []
    rep = ReportBuilder("cards")
    card: list[tuple[str, str, str]] | None = None
    heads: dict[str, _Head | None] = {}
    start = 0
    for number, line in _logical_lines(decode(data)):
        head, colon, value = line.partition(":")
        if not colon:
            continue
        parsed = heads.get(head, _UNSEEN)
        if parsed is _UNSEEN:
            parsed = _head(head)
            if len(heads) < _MAX_HEADS:
                heads[head] = parsed
        if parsed is None:
            continue
        prop, named, kind = parsed  # type: ignore[misc]
        if prop == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                rep.total += 1
                rep.skip(f"the card at line {start} has no END:VCARD")
            card, start = [], number
            continue
        if card is None:
            continue
        if prop == "END":
            rep.total += 1
            record = _record(card, source)
            if isinstance(record, str):
                rep.skip(f"the card at line {start} has {record}")
            else:
                out.append(record)
            card = None
            continue
        card.append((prop, _value(value, named) if named else value, kind))
    if card is not None:
        rep.total += 1
        rep.skip(f"the card at line {start} has no END:VCARD")
    return out, rep.report()


def _record(card: list[tuple[str, str, str]], source: str) -> Record | str:
    """One card as a record, or what it lacks ("no number", "no name")."""
    phones: list[str] = []
    first: dict[str, str] = {}
    for prop, value, kind in card:
        if prop == "TEL":
            number = value.strip()
            if number[:4].lower() == "tel:":
                number = number[4:]
            if number:
                phones += (number, kind)
        elif prop not in first:
            first[prop] = value
    if not phones:
        return "no number"
    name = _unescape(first.get("FN", "")).strip()
    if not name and first.get("N"):
        family, given, additional = (_split_unescaped(first["N"], ";") + [""] * 3)[:3]
        name = join_name(_unescape(given), _unescape(family), _unescape(additional))
    org = first.get("ORG", "")
    if ";" not in org and "\\" not in org:
        company = org.strip()  # one unit, nothing escaped: the usual ORG
    else:
        company = " ".join(_unescape(p).strip() for p in _split_unescaped(org, ";") if p.strip())
    if not name and not company:
        return "no name"
    return (
        name or company,
        company if name else "",
        source,
        _unescape(first.get("URL", "")).strip(),
        _unescape(first.get("NOTE", "")).strip(),
        first.get("UID", "").strip(),
        *phones,
    )
