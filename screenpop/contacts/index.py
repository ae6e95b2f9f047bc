"""An in-memory directory keyed by normalised number: a lookup is two dict reads."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Contact, Phone
from .numbers import NumberMatcher

# Contacts are kept as plain tuples of strings: the cyclic garbage collector stops tracking
# those after one look, so a 100,000-contact directory adds nothing to its later full passes
# (kept as objects, it made each full pass ~100 ms longer, in whatever thread ran it).
Record = tuple  # (name, company, source, url, notes, uid, number1, kind1, number2, kind2, ...)
_AMBIGUOUS: Record = ("",)  # two contacts share a suffix: the fallback must not guess


def _record(c: Contact) -> Record:
    # One flat tuple of strings: the collector stops tracking it on its first look.
    flat = [c.name, c.company, c.source, c.url, c.notes, c.uid]
    for phone in c.phones:
        flat += (phone.number, phone.kind)
    return tuple(flat)


def _contact(r: Record) -> Contact:
    phones = tuple(Phone(r[i], r[i + 1]) for i in range(6, len(r), 2))
    return Contact(r[0], phones, r[1], r[2], r[3], r[4], r[5])


class ContactIndex:
    def __init__(self, matcher: NumberMatcher, contacts: Iterable[Contact] = ()) -> None:
        self.matcher = matcher
        self._by_key: dict[str, Record] = {}
        self._by_suffix: dict[str, tuple[Record, str]] = {}
        self.count = 0
        self.add(contacts)

    def __len__(self) -> int:
        return self.count

    def add(self, contacts: Iterable[Contact]) -> None:
        keys_of = self.matcher.index_keys
        by_key, by_suffix = self._by_key, self._by_suffix
        for contact in contacts:
            self.count += 1
            record = _record(contact)
            for phone in contact.phones:
                key, suffix = keys_of(phone.number)
                if key is None:
                    continue
                if key not in by_key:
                    by_key[key] = record  # the first record of a number wins
                if suffix is not None:
                    held = by_suffix.get(suffix)
                    if held is None:
                        by_suffix[suffix] = (record, key)
                    elif held[0] is not record:
                        by_suffix[suffix] = (_AMBIGUOUS, "")

    def lookup(self, number: str | None) -> Contact | None:
        """The contact of `number`: exact keys first, then a unique last-8-digits match.

        The suffix match is for numbers whose prefixes could not be worked out (a caller ID
        without its country code, a directory entry typed oddly). When both sides are real,
        complete numbers and still differ (138 0000 0001 and 139 0000 0001), it is no match.
        """
        keys = self.matcher.lookup_keys(number)
        for key in keys:
            found = self._by_key.get(key)
            if found is not None:
                return _contact(found)
        suffix = self.matcher.suffix(number)
        if suffix is None:
            return None
        held = self._by_suffix.get(suffix)
        if held is None or held[0] is _AMBIGUOUS:
            return None
        record, stored = held
        valid = self.matcher.is_valid_key
        if valid(stored) and any(valid(k) for k in keys):
            return None
        return _contact(record)
