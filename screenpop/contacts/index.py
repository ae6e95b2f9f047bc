"""An in-memory directory keyed by normalised number: a lookup is two dict reads."""

from __future__ import annotations

from collections.abc import Iterable

from .model import Contact
from .numbers import NumberMatcher

_AMBIGUOUS = Contact(name="")  # two contacts share a suffix: the fallback must not guess


class ContactIndex:
    def __init__(self, matcher: NumberMatcher, contacts: Iterable[Contact] = ()) -> None:
        self.matcher = matcher
        self._by_key: dict[str, Contact] = {}
        self._by_suffix: dict[str, Contact] = {}
        self.count = 0
        self.add(contacts)

    def __len__(self) -> int:
        return self.count

    def add(self, contacts: Iterable[Contact]) -> None:
        key_of, suffix_of = self.matcher.key, self.matcher.suffix
        by_key, by_suffix = self._by_key, self._by_suffix
        for contact in contacts:
            self.count += 1
            for phone in contact.phones:
                key = key_of(phone.number)
                if key is None:
                    continue
                by_key.setdefault(key, contact)  # the first record of a number wins
                suffix = suffix_of(phone.number)
                if suffix is not None:
                    held = by_suffix.get(suffix)
                    if held is None:
                        by_suffix[suffix] = contact
                    elif held is not contact:
                        by_suffix[suffix] = _AMBIGUOUS

    def lookup(self, number: str | None) -> Contact | None:
        """The contact of `number`: exact keys first, then a unique last-8-digits match."""
        for key in self.matcher.lookup_keys(number):
            found = self._by_key.get(key)
            if found is not None:
                return found
        suffix = self.matcher.suffix(number)
        if suffix is not None:
            found = self._by_suffix.get(suffix)
            if found is not None and found is not _AMBIGUOUS:
                return found
        return None
