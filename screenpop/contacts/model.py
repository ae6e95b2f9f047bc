"""Contact records and what a load or a lookup reports. Frozen values, no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Phone:
    number: str  # as the source wrote it
    kind: str = ""  # the source's TYPE label, lower case: work, cell, home, fax, ...


@dataclass(frozen=True, slots=True)
class Contact:
    """One person or company. Every text field is untrusted: show it as plain text only."""

    name: str
    phones: tuple[Phone, ...] = ()
    company: str = ""
    source: str = ""  # the kind that found it: csv, vcard, ldap, carddav, http, history
    url: str = ""  # a link to the record (CRM page), only ever opened by the user
    notes: str = ""
    uid: str = ""


@dataclass(frozen=True, slots=True)
class LoadReport:
    """How a load went: "3 of 812 rows skipped: line 17 has no number"."""

    unit: str = "rows"  # rows, cards, entries
    total: int = 0
    skipped: int = 0
    first_problem: str = ""  # "line 17 has no number"

    @property
    def loaded(self) -> int:
        return self.total - self.skipped

    def summary(self) -> str:
        if not self.skipped:
            return f"{count_of(self.loaded, 'contact')} read"
        unit = self.unit if self.total != 1 else _SINGULAR.get(self.unit, self.unit)
        return (
            f"{count_of(self.loaded, 'contact')} read; {self.skipped} of {self.total} {unit}"
            f" skipped: {self.first_problem}"
        )


_SINGULAR = {"rows": "row", "cards": "card", "entries": "entry"}


def count_of(n: int, noun: str) -> str:
    """`1 contact`, `2 contacts`: status lines office IT reads (English, as the log is)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class ReportBuilder:
    """Counts units and keeps the first problem, for the readers."""

    def __init__(self, unit: str) -> None:
        self.unit = unit
        self.total = 0
        self.skipped = 0
        self.first_problem = ""

    def skip(self, problem: str) -> None:
        self.skipped += 1
        if not self.first_problem:
            self.first_problem = problem

    def report(self) -> LoadReport:
        return LoadReport(self.unit, self.total, self.skipped, self.first_problem)


@dataclass(frozen=True, slots=True)
class ContactFound:
    """A lookup for a ringing call answered. The popup fills in the name; the CLI prints it."""

    call: str
    number: str
    contact: Contact | None  # None: no source answered in time (`abandoned` names them)
    extension: str = ""  # the watched extension whose ring started the lookup
    abandoned: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class LookupResult:
    """What one lookup found. `abandoned` names the sources that missed the deadline."""

    contact: Contact | None
    abandoned: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=())


_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _cjk(text: str) -> bool:
    return _CJK.search(text) is not None


def join_name(given: str, family: str, middle: str = "") -> str:
    """A display name from its parts: `王小明` (family first, no space) for CJK names."""
    given, family, middle = given.strip(), family.strip(), middle.strip()
    both = given + family
    if not both.isascii() and _cjk(both):
        return family + given
    if middle:
        return " ".join(p for p in (given, middle, family) if p)
    # The usual case, once per row of a 100,000-row file: no generator.
    return f"{given} {family}" if given and family else both


# Directories keep contacts as flat tuples of strings rather than Contact objects: the readers
# make them directly (a frozen dataclass costs ~1 µs to build, 300,000 of them a third of a
# second per 100,000-contact load), and the cyclic garbage collector stops tracking a tuple of
# strings after one look, so a big directory adds nothing to its later full passes.
Record = tuple  # (name, company, source, url, notes, uid, number1, kind1, number2, kind2, ...)
PHONES_AT = 6  # where the (number, kind) pairs of a Record start


def record_of(c: Contact) -> Record:
    flat = [c.name, c.company, c.source, c.url, c.notes, c.uid]
    for phone in c.phones:
        flat += (phone.number, phone.kind)
    return tuple(flat)


def contact_of(r: Record) -> Contact:
    phones = tuple(Phone(r[i], r[i + 1]) for i in range(PHONES_AT, len(r), 2))
    return Contact(r[0], phones, r[1], r[2], r[3], r[4], r[5])
