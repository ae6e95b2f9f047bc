"""Translations: pick the language (Settings, else the system's), load screenpop's .qm and Qt's
own (standard buttons), and set the locale that formats times and dates.

The .qm files are compiled from resources/translations/*.ts by Qt's lrelease: at build time into
the wheel or the PyInstaller folder (setup.py, scripts/build-app), or, in a source checkout or
when the build had no lrelease, on first need into the user cache folder (PySide6 ships lrelease,
and it is a run-time dependency anyway). Anything missing or damaged: English, with one log line.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from screenpop.desktop.languages import pick_language
from screenpop.desktop.resources import resource_path

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def _lrelease() -> Path | None:
    import PySide6

    exe = Path(PySide6.__file__).parent / (
        "lrelease.exe" if sys.platform == "win32" else "lrelease"
    )
    return exe if exe.is_file() else None


def _cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("screenpop", appauthor=False)) / "translations"


def find_qm(code: str, *, cache_dir: Path | None = None) -> Path | None:
    """The compiled translation for `code`: shipped, or compiled from the shipped .ts into the
    cache (named by the .ts's hash, so an updated .ts is compiled again). None when impossible."""
    shipped = resource_path("translations", f"screenpop_{code}.qm")
    if shipped.is_file():
        return shipped
    # Only here: English (and shipped .qm) start-ups need neither (the tray icon comes sooner).
    import hashlib
    import subprocess

    ts = resource_path("translations", f"screenpop_{code}.ts")
    try:
        digest = hashlib.sha256(ts.read_bytes()).hexdigest()[:16]
    except OSError as exc:
        log.warning("translation %s unreadable (%s); using English", ts, exc.strerror or exc)
        return None
    qm = (cache_dir or _cache_dir()) / f"screenpop_{code}-{digest}.qm"
    if qm.is_file():
        return qm
    tool = _lrelease()
    if tool is None:
        log.warning("no compiled translation for %s and no lrelease to make one; English", code)
        return None
    try:
        qm.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [str(tool), "-silent", str(ts), "-qm", str(qm)],
            check=True,
            capture_output=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("could not compile the %s translation (%s); using English", code, exc)
        return None
    return qm


def install(app: QCoreApplication, choice: str = "", *, system: list[str] | None = None) -> str:
    """Install the translators for `choice` ("" = the system's languages). Returns the language
    in use ("en" when nothing could be loaded)."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    code = pick_language(choice, QLocale.system().uiLanguages() if system is None else system)
    # Times and dates follow the chosen language; with no choice, the system's own locale.
    QLocale.setDefault(QLocale(code) if choice else QLocale.system())
    if code == "en":
        return "en"
    qm = find_qm(code)
    translator = QTranslator(app)
    if qm is None:
        return "en"
    if not translator.load(str(qm)):
        log.warning("translation %s is damaged or unreadable; using English", qm)
        return "en"
    app.installTranslator(translator)
    _installed.append(translator)
    qt = QTranslator(app)  # Qt's own strings (Cancel, Save...) from PySide6's translations
    if qt.load(
        QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt)
        _installed.append(qt)
    return code
