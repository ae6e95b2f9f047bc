"""An in-memory directory keyed by the last digits of each number; keys resolved at lookup.

A load is the hot path (100,000 contacts in well under 2 s), a lookup is not (one per call).
So a load files each number under a cheap bucket, its last 6 digits (extensions: `x:203`),
and a lookup works out the full keys (numbers.NumberMatcher) of only the few numbers in the
buckets it reads. Every key ends in its number's last 6 digits (the matcher never strips a
number below 6 digits), so a number and every spelling of it share a bucket, and the
last-8-digits fallback finds its candidates in the bucket of those 8 digits' last 6.

Matching is exactly the matcher's: the first contact (in load order) with a number whose key
is one of the looked-up number's keys wins; failing that, a unique contact sharing the last
8 digits, unless both numbers are complete valid numbers that differ. The rare big bucket
(more than BIG contacts share 6 final digits) is resolved into its keys at load, so no
lookup scans many numbers.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import PHONES_AT, Contact, Record, contact_of, record_of
from .numbers import NumberMatcher

_AMBIGUOUS: Record = ("",)  # two contacts share a suffix: the fallback must not guess
BIG = 16  # contacts in one bucket beyond which it is resolved into keys at load
Bucket = Record | list[Record]  # one record, or several in load order


def bucket_of(key: str) -> str:
    """The bucket of a number whose index key is `key`."""
    return key if key[:2] == "x:" else key[-6:]


class ContactIndex:
    def __init__(self, matcher: NumberMatcher, contacts: Iterable[Contact] = ()) -> None:
        self.matcher = matcher
        self._buckets: dict[str, Bucket] = {}
        # bucket -> ({key: first record}, {last 8 digits: record or _AMBIGUOUS})
        self._big: dict[str, tuple[dict[str, Record], dict[str, Record]]] = {}
        self.count = 0
        self.add(contacts)

    def __len__(self) -> int:
        return self.count

    def add(self, contacts: Iterable[Contact]) -> None:
        self.add_records(map(record_of, contacts))

    def add_records(self, records: Iterable[Record]) -> None:
        """Index flat records (model.Record) as the readers make them.

        Runs for every number of a 100,000-contact file: one clean-up of the number's text
        and one dict operation.
        """
        bucket_for = self.matcher.bucket
        buckets = self._buckets
        add = buckets.setdefault
        grown: set[str] = set()
        count = 0
        for record in records:
            count += 1
            for number in record[PHONES_AT::2]:
                tail = bucket_for(number)
                if tail is None:
                    continue
                held = add(tail, record)
                if held is record:
                    continue
                if type(held) is list:
                    if held[-1] is not record:  # a contact's numbers come one after another
                        held.append(record)
                        if len(held) > BIG:
                            grown.add(tail)
                else:
                    buckets[tail] = [held, record]  # type: ignore[list-item]
        self.count += count
        for tail in grown:
            self._big[tail] = self._resolve(buckets[tail])  # type: ignore[arg-type]

    def _keys_in(self, record: Record) -> Iterable[tuple[str, str | None]]:
        index_keys = self.matcher.index_keys
        for number in record[PHONES_AT::2]:
            key, suffix = index_keys(number)
            if key is not None:
                yield key, suffix

    def _resolve(self, records: list[Record]) -> tuple[dict[str, Record], dict[str, Record]]:
        by_key: dict[str, Record] = {}
        by_suffix: dict[str, Record] = {}
        for record in records:
            for key, suffix in self._keys_in(record):
                by_key.setdefault(key, record)
                if suffix is not None and by_suffix.setdefault(suffix, record) is not record:
                    by_suffix[suffix] = _AMBIGUOUS
        return by_key, by_suffix

    def _records(self, tail: str) -> list[Record] | tuple[Record, ...]:
        held = self._buckets.get(tail)
        if held is None:
            return ()
        return held if type(held) is list else (held,)  # type: ignore[return-value]

    def _by_key(self, key: str) -> Record | None:
        tail = bucket_of(key)
        big = self._big.get(tail)
        if big is not None:
            return big[0].get(key)
        for record in self._records(tail):
            if any(k == key for k, _ in self._keys_in(record)):
                return record
        return None

    def _by_suffix(self, suffix: str) -> tuple[Record, str] | None:
        """The one contact with a number ending in these 8 digits, and that number's key."""
        tail = suffix[-6:]
        big = self._big.get(tail)
        if big is not None:
            record = big[1].get(suffix)
            if record is None or record is _AMBIGUOUS:
                return None
            candidates: Iterable[Record] = (record,)
        else:
            candidates = self._records(tail)
        found: tuple[Record, str] | None = None
        for record in candidates:
            # The record's first number with this suffix is the one the fallback compares.
            key = next((k for k, s in self._keys_in(record) if s == suffix), None)
            if key is None:
                continue
            if found is not None and found[0] is not record:
                return None  # two contacts share the suffix: no guess
            if found is None:
                found = (record, key)
        return found

    def lookup(self, number: str | None) -> Contact | None:
        """The contact of `number`: exact keys first, then a unique last-8-digits match.

        The suffix match is for numbers whose prefixes could not be worked out (a caller ID
        without its country code, a directory entry typed oddly). When both sides are real,
        complete numbers and still differ (138 0000 0001 and 139 0000 0001), it is no match.
        """
        keys = self.matcher.lookup_keys(number)
        for key in keys:
            found = self._by_key(key)
            if found is not None:
                return contact_of(found)
        suffix = self.matcher.suffix(number)
        if suffix is None:
            return None
        held = self._by_suffix(suffix)
        if held is None:
            return None
        record, stored = held
        valid = self.matcher.is_valid_key
        if valid(stored) and any(valid(k) for k in keys):
            return None
        return contact_of(record)
