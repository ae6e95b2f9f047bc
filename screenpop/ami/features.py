"""What `features show` (CLI, through the Command action) says about the feature codes.

The table has the same shape on Asterisk 1.8 and 20:

    Builtin Feature           Default Current
    ---------------           ------- -------
    Attended Transfer                 *3

An empty `Current` column means the feature has no code: Atxfer cannot work then (1.8 answers
"queued" and does nothing, 20 answers Error).
"""

from __future__ import annotations

from collections.abc import Iterable


def attended_transfer_code(lines: Iterable[str]) -> str | None:
    """The configured attended-transfer code ('' when there is none); None if not listed."""
    current_at: int | None = None
    for line in lines:
        if current_at is None and line.startswith("Builtin Feature") and "Current" in line:
            current_at = line.index("Current")
        elif current_at is not None and line.strip().lower().startswith("attended transfer"):
            return line[current_at:].strip()
    return None
