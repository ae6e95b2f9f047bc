"""An in-memory directory keyed by normalised number: a lookup is two dict reads."""

from __future__ import annotations

from collections.abc import Iterable

from .model import PHONES_AT, Contact, Record, contact_of, record_of
from .numbers import NumberMatcher

_AMBIGUOUS: Record = ("",)  # two contacts share a suffix: the fallback must not guess


class ContactIndex:
    def __init__(self, matcher: NumberMatcher, contacts: Iterable[Contact] = ()) -> None:
        self.matcher = matcher
        self._by_key: dict[str, Record] = {}
        self._by_suffix: dict[str, Record] = {}  # last 8 digits -> record, or _AMBIGUOUS
        self.count = 0
        self.add(contacts)

    def __len__(self) -> int:
        return self.count

    def add(self, contacts: Iterable[Contact]) -> None:
        self.add_records(map(record_of, contacts))

    def add_records(self, records: Iterable[Record]) -> None:
        """Index flat records (model.Record) as the readers make them.

        Runs for every number of a 100,000-contact file: one setdefault per dict and number.
        """
        keys_of = self.matcher.index_keys
        add_key, add_suffix = self._by_key.setdefault, self._by_suffix.setdefault
        by_suffix = self._by_suffix
        count = 0
        for record in records:
            count += 1
            for number in record[PHONES_AT::2]:
                key, suffix = keys_of(number)
                if key is None:
                    continue
                add_key(key, record)  # the first record of a number wins
                if suffix is not None and add_suffix(suffix, record) is not record:
                    by_suffix[suffix] = _AMBIGUOUS
        self.count += count

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
                return contact_of(found)
        suffix = self.matcher.suffix(number)
        if suffix is None:
            return None
        record = self._by_suffix.get(suffix)
        if record is None or record is _AMBIGUOUS:
            return None
        # The record's first number with this suffix is the one indexed under it; its key is
        # worked out again here rather than kept for every number of the directory.
        stored = next(
            key
            for key, tail in map(self.matcher.index_keys, record[PHONES_AT::2])
            if key is not None and tail == suffix
        )
        valid = self.matcher.is_valid_key
        if valid(stored) and any(valid(k) for k in keys):
            return None
        return contact_of(record)
