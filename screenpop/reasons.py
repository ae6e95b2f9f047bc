"""The reasons and notices the Qt-free layers (net/, service.py, settings_store.py, history.py)
put in front of a receptionist, as templates Qt's translation tools can find.

Those layers build their messages in English (the log and the command line stay English); the
UI turns a message back into its template and arguments with `match()` and shows the template
translated (ui/reasons.py). tests/test_reasons.py builds each message the way its layer does and
fails if it no longer matches a template here, so wording changes cannot slip past translation.
Text that is not ours inside a message (the PBX's own Message, an OS error) stays as it came.
"""

from __future__ import annotations

import re
from functools import cache


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's marker name, so lupdate finds it
    return text


CONTEXT = "Reasons"

TEMPLATES: tuple[str, ...] = (
    # net/errors.py
    QT_TRANSLATE_NOOP(
        "Reasons",
        "connection to {address} was refused; enable AMI in MyPBX: System > Preferences > AMI "
        "settings, and allow this PC's IP",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "connection to {address} was refused ({detail}); enable AMI in MyPBX: System > "
        "Preferences > AMI settings, and allow this PC's IP",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "no answer from {address} within {seconds} s; check the PBX address and that this PC "
        "can reach it; enable AMI in MyPBX: System > Preferences > AMI settings, and allow "
        "this PC's IP",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the PBX refused the login for AMI user '{user}' ({detail}); check the username and "
        "secret in MyPBX's AMI settings",
    ),
    QT_TRANSLATE_NOOP("Reasons", "{action} failed: {message}"),
    QT_TRANSLATE_NOOP("Reasons", "the PBX did not answer {action} within {seconds} s"),
    QT_TRANSLATE_NOOP("Reasons", "the PBX gave no reason"),
    QT_TRANSLATE_NOOP("Reasons", "{address} did not greet as an AMI server"),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the PBX's TLS certificate was not accepted ({detail}); install its CA certificate, or "
        "pin its fingerprint in the settings",
    ),
    QT_TRANSLATE_NOOP("Reasons", "TLS handshake with {address} failed ({detail})"),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the PBX's TLS certificate does not match the pinned fingerprint; if the certificate was "
        "replaced on purpose, update the fingerprint in the settings",
    ),
    # bridge.py: the Settings dialog's connection test
    QT_TRANSLATE_NOOP("Reasons", "Connected: {banner}"),
    # net/client.py, net/supervisor.py, service.py: the link dropped
    QT_TRANSLATE_NOOP("Reasons", "the PBX closed the connection before greeting"),
    QT_TRANSLATE_NOOP("Reasons", "the PBX closed the connection during login without answering it"),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "the connection to the PBX dropped before it answered; the action was not repeated",
    ),
    QT_TRANSLATE_NOOP("Reasons", "the PBX closed the connection"),
    QT_TRANSLATE_NOOP("Reasons", "the connection to the PBX was lost ({detail})"),
    QT_TRANSLATE_NOOP("Reasons", "not connected to the PBX"),
    QT_TRANSLATE_NOOP("Reasons", "the PBX stopped answering (no Ping reply)"),
    QT_TRANSLATE_NOOP("Reasons", "{action} not sent: not connected to the PBX right now"),
    QT_TRANSLATE_NOOP("Reasons", "the connection was closed"),
    # net/client.py: why a call from the user's phone (Originate) did not go through
    QT_TRANSLATE_NOOP("Reasons", "the phone could not be reached"),
    QT_TRANSLATE_NOOP("Reasons", "the call was hung up"),
    QT_TRANSLATE_NOOP("Reasons", "the phone rang but nobody answered"),
    QT_TRANSLATE_NOOP("Reasons", "the line is busy"),
    QT_TRANSLATE_NOOP("Reasons", "the network is congested"),
    QT_TRANSLATE_NOOP("Reasons", "the PBX reported reason {code}"),
    # history.py
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The call history file could not be used and could not be set aside; calls are kept "
        "only until the app closes.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The call history file was damaged; it was kept as {name} and a new one was started.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The call history could not be saved ({detail}); calls are kept only until the app closes.",
    ),
    # settings_store.py
    QT_TRANSLATE_NOOP(
        "Reasons", "The settings file could not be read ({detail}); using default settings."
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The settings file was damaged; it was kept as {name} and default settings are used.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The settings file has no version; it was kept as {name} and default settings are used.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The settings file is from a newer version of screenpop; it was kept as {name} and "
        "default settings are used.",
    ),
    QT_TRANSLATE_NOOP(
        "Reasons",
        "The settings file is from an older version of screenpop; it was kept as {name} and "
        "default settings are used.",
    ),
    QT_TRANSLATE_NOOP("Reasons", "Some settings were invalid and were reset: {names}."),
)

_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    parts = _FIELD.split(template)  # literal, name, literal, name, ...
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(regex + r"\Z", re.DOTALL)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    # Most literal text first, so "{action} failed: {message}" never wins over a fuller match.
    ordered = sorted(TEMPLATES, key=lambda t: len(_FIELD.sub("", t)), reverse=True)
    return tuple((t, _pattern(t)) for t in ordered)


def match(text: str) -> tuple[str, dict[str, str]] | None:
    """The template `text` was made from and its arguments, or None for text not ours."""
    for template, pattern in _patterns():
        found = pattern.match(text)
        if found:
            return template, found.groupdict()
    return None
