"""From what a receptionist typed to the number to transfer to: a number, or a colleague's name.

Pure. The popup's target field takes "203", "Li Na", "li" or a completer's "Li Na 李娜 (203)".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .directory import Colleague

_LABEL = re.compile(r"\((?P<ext>[0-9]{1,8})\)\s*$")
_DIALLABLE = re.compile(r"^\+?[0-9*#\s\-.()/]+$")


class NoSuchColleague(ValueError):
    """The text names nobody (or several people); str(exc) says which, in words."""


def matches(text: str, colleagues: Iterable[Colleague]) -> list[Colleague]:
    """Colleagues whose name or number contains `text` (case-insensitive), best first:
    an exact number, then names that start with it, then the rest in directory order."""
    needle = text.strip().casefold()
    if not needle:
        return []
    exact, starts, rest = [], [], []
    for c in colleagues:
        name = (c.name or "").casefold()
        if c.extension == needle:
            exact.append(c)
        elif name.startswith(needle) or any(w.startswith(needle) for w in name.split()):
            starts.append(c)
        elif needle in name or needle in c.extension:
            rest.append(c)
    return exact + starts + rest


def resolve_target(text: str, colleagues: Iterable[Colleague]) -> str | None:
    """The number for `text`; None when `text` is a plain number (the caller cleans it).

    Raises NoSuchColleague when a name matches nobody or more than one colleague.
    """
    text = (text or "").strip()
    labelled = _LABEL.search(text)
    if labelled:
        return labelled.group("ext")
    if not text or _DIALLABLE.match(text):
        return None
    found = matches(text, list(colleagues))
    names = [c for c in found if c.name and c.name.casefold() == text.casefold()]
    if len(names) == 1:
        return names[0].extension
    if len(found) == 1:
        return found[0].extension
    if not found:
        raise NoSuchColleague(f"Nobody called '{text}' in the directory; type a number.")
    shown = ", ".join(f"{c.name} ({c.extension})" for c in found[:3])
    more = "…" if len(found) > 3 else ""
    raise NoSuchColleague(f"'{text}' matches several colleagues: {shown}{more}")
