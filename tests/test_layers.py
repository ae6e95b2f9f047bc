"""The layering of architecture.md, enforced on every import in the package; and lint."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "screenpop"
STDLIB = set(sys.stdlib_module_names)

# What each layer may import besides the standard library (prefix match on module names).
ALLOWED = {
    "ami": {"screenpop.ami"},
    "calls": {"screenpop.ami", "screenpop.calls"},
    "net": {"screenpop.ami", "screenpop.net"},
    "pbxsim": {"screenpop.ami", "screenpop.pbxsim"},
    "presence": {"screenpop.ami", "screenpop.calls.channels", "screenpop.presence"},
    # Contacts: a pure core plus I/O readers beside it (see CONTACTS_PURE); never Qt.
    "contacts": {"screenpop.contacts", "phonenumbers", "httpx", "ldap3"},
    "ui": {
        "PySide6",
        "screenpop.ui",
        "screenpop.calls.events",
        "screenpop.config",
        "screenpop.history",
        # Values and pure helpers only: the lookup's I/O never runs in a widget.
        "screenpop.contacts.model",
        "screenpop.contacts.numbers",
        "screenpop.contacts.context",
        "screenpop.contacts.source_url",
        "screenpop.contacts.csv_reader",
        # Bundled read-only assets (icons), like Qt resources; not network or user files.
        "screenpop.desktop.resources",
        # Pure value lists for the Settings choices.
        "screenpop.desktop.hotkeys",
        "screenpop.desktop.languages",
        "screenpop.presence",
        # Pure templates of the reasons the Qt-free layers give, to translate them.
        "screenpop.reasons",
    },
    # Desktop integration (autostart, links, sound, shortcuts): no Qt, no asyncio.
    "desktop": {
        "screenpop.desktop",
        "screenpop.config",
        "platformdirs",
        "miniaudio",
        "Xlib",
    },
}
# The pure part of the contacts package: values in, values out.
CONTACTS_PURE = {
    "__init__.py",
    "numbers.py",
    "model.py",
    "index.py",
    "csv_reader.py",
    "vcard_reader.py",
    "source_url.py",
    "context.py",
}
# Modules no pure layer may touch even though they are in the standard library.
FORBIDDEN_STDLIB = {
    "ami": {"asyncio", "socket", "ssl", "selectors"},
    "calls": {"asyncio", "socket", "ssl", "selectors"},
    "presence": {"asyncio", "socket", "ssl", "selectors"},
    "desktop": {"asyncio"},
    "ui": {"asyncio", "socket", "ssl", "selectors", "urllib.request", "http"},
}
_IO_MODULES = {"asyncio", "socket", "ssl", "selectors", "http", "urllib.request", "httpx", "ldap3"}
QT_FREE = {
    "contact_settings.py",
    "cli_contacts.py",
    "service.py",
    "service_consult.py",
    "cli.py",
    "history.py",
    "settings_store.py",
    "settings_path.py",
    "config.py",
    "reasons.py",
    "memory.py",
}


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pkg_parts = path.relative_to(PKG.parent).with_suffix("").parts[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(pkg_parts[: len(pkg_parts) - node.level + 1])
                mod = f"{base}.{node.module}" if node.module else base
                found += [mod] if node.module else [f"{base}.{a.name}" for a in node.names]
            else:
                found.append(node.module or "")
    return found


def _layer_files(layer: str) -> list[Path]:
    return sorted((PKG / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports(layer):
    bad = []
    for path in _layer_files(layer):
        for mod in imports_of(path):
            top = mod.split(".")[0]
            if top in ("__future__",) or (top in STDLIB and top != "screenpop"):
                if any(
                    mod == f or mod.startswith(f + ".") for f in FORBIDDEN_STDLIB.get(layer, ())
                ):
                    bad.append(f"{path.name}: {mod}")
                continue
            if not any(mod == a or mod.startswith(a + ".") for a in ALLOWED[layer]):
                bad.append(f"{path.name}: {mod}")
    assert not bad, f"{layer} breaks the layering: {bad}"


def test_contacts_core_is_pure():
    bad = []
    for path in _layer_files("contacts"):
        if path.name not in CONTACTS_PURE:
            continue
        for mod in imports_of(path):
            if any(mod == f or mod.startswith(f + ".") for f in _IO_MODULES):
                bad.append(f"{path.name}: {mod}")
            if mod.startswith("screenpop.") and not mod.startswith("screenpop.contacts"):
                bad.append(f"{path.name}: {mod}")
    assert not bad, f"the contacts core does I/O: {bad}"


def test_only_bridge_and_app_import_qasync():
    users = {
        p.name for p in PKG.rglob("*.py") if any(m.startswith("qasync") for m in imports_of(p))
    }
    assert users <= {"bridge.py", "app.py"}, users


@pytest.mark.parametrize("name", sorted(QT_FREE))
def test_non_ui_modules_do_not_import_qt(name):
    path = PKG / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    assert not [m for m in imports_of(path) if m.startswith(("PySide6", "qasync", "screenpop.ui"))]


def test_ruff_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    if not Path(ruff).exists():
        pytest.fail("ruff is not installed: pip install -e '.[test]'")
    root = PKG.parent
    targets = [
        str(p)
        for p in (root / "screenpop", root / "tests", root / "bench", root / "scripts")
        if p.exists()
    ]
    proc = subprocess.run([ruff, "check", *targets], capture_output=True, text=True, cwd=root)
    assert proc.returncode == 0, proc.stdout[-4000:]
