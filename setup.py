"""Build step: ship the top-level resources/ inside the package, with compiled translations.

Everything else about the package is in pyproject.toml. `build_py` copies resources/ (icons,
sound, desktop entry, metainfo, translation sources) to screenpop/resources/ in the build and
compiles each translations/*.ts to .qm with Qt's lrelease when the build environment has one
(PySide6 installed, `pyside6-lrelease` or `lrelease` on PATH). Without it the wheel still carries
the .ts files and screenpop compiles them into the user cache folder on first start (see
screenpop/i18n.py), because PySide6 is a run-time dependency anyway.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


def _lrelease() -> list[str] | None:
    try:
        import PySide6

        name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
        exe = Path(PySide6.__file__).parent / name
        if exe.is_file():
            return [str(exe)]
    except ImportError:
        pass
    for name in ("pyside6-lrelease", "lrelease"):
        found = shutil.which(name)
        if found:
            return [found]
    return None


class BuildWithResources(build_py):
    def run(self) -> None:
        super().run()
        src = ROOT / "resources"
        if not src.is_dir():  # building from an sdist without resources: nothing to copy
            return
        dest = Path(self.build_lib) / "screenpop" / "resources"
        shutil.copytree(src, dest, dirs_exist_ok=True)
        tool = _lrelease()
        for ts in sorted((dest / "translations").glob("*.ts")):
            if tool is None:
                print(f"lrelease not found: {ts.name} is compiled on first start instead")
                continue
            qm = ts.with_suffix(".qm")
            subprocess.run([*tool, "-silent", str(ts), "-qm", str(qm)], check=True)


setup(cmdclass={"build_py": BuildWithResources})
