"""Reasons from the Qt-free layers (screenpop/reasons.py) in the user's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from screenpop.reasons import CONTEXT, match


def translate_reason(text: str, depth: int = 0) -> str:
    """`text` translated when it is one of ours; as it came otherwise (a PBX's own words)."""
    found = match(text) if text else None
    if found is None:
        return text
    template, args = found
    if depth < 3:  # "Originate failed: the line is busy": the inner reason too
        args = {k: translate_reason(v, depth + 1) for k, v in args.items()}
    translated = QCoreApplication.translate(CONTEXT, template)
    try:
        return translated.format(**args)
    except (KeyError, IndexError, ValueError):  # a broken translation: keep the English
        return text
