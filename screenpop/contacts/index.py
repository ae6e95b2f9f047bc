"""An in-memory directory keyed by normalised number: a lookup is two dict reads."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Contact
from .numbers import NumberMatcher

_AMBIGUOUS = (Contact(name=""), "")  # two contacts share a suffix: the fallback must not guess


class ContactIndex:
    def __init__(self, matcher: NumberMatcher, contacts: Iterable[Contact] = ()) -> None:
        self.matcher = matcher
        self._by_key: dict[str, Contact] = {}
        self._by_suffix: dict[str, tuple[Contact, str]] = {}
        self.count = 0
        self.add(contacts)

    def __len__(self) -> int:
        return self.count

    def add(self, contacts: Iterable[Contact]) -> None:
        keys_of = self.matcher.index_keys
        by_key, by_suffix = self._by_key, self._by_suffix
        for contact in contacts:
            self.count += 1
            for phone in contact.phones:
                key, suffix = keys_of(phone.number)
                if key is None:
                    continue
                if key not in by_key:
                    by_key[key] = contact  # the first record of a number wins
                if suffix is not None:
                    held = by_suffix.get(suffix)
                    if held is None:
                        by_suffix[suffix] = (contact, key)
                    elif held[0] is not contact:
                        by_suffix[suffix] = _AMBIGUOUS

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
                return found
        suffix = self.matcher.suffix(number)
        if suffix is None:
            return None
        held = self._by_suffix.get(suffix)
        if held is None or held is _AMBIGUOUS:
            return None
        contact, stored = held
        valid = self.matcher.is_valid_key
        if valid(stored) and any(valid(k) for k in keys):
            return None
        return contact
