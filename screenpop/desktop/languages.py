"""Which translation to use: the user's choice, else the first system UI language we have."""

from __future__ import annotations

from collections.abc import Iterable

# Code -> the language's own name (shown in Settings as is, so a user can find theirs).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文", "de": "Deutsch"}


def pick_language(choice: str, system_languages: Iterable[str]) -> str:
    """`choice` when set and known; else the best match for the system's UI languages, in order
    (`zh-Hans-CN`, `zh_CN`, `zh-TW`, `de-AT`...); else English."""
    if choice in LANGUAGES:
        return choice
    for name in system_languages:
        parts = name.replace("-", "_").split("_")
        lang = parts[0].lower()
        if lang == "en":
            return "en"
        if lang == "zh":
            # Only Simplified Chinese is translated; Traditional (TW/HK/Hant) readers get
            # English rather than a script they may not read comfortably.
            rest = {p.upper() for p in parts[1:]}
            if rest & {"TW", "HK", "MO", "HANT"}:
                continue
            return "zh_CN"
        if lang in LANGUAGES:
            return lang
    return "en"
