"""Fill resources/translations/*.ts from a table file (a maintainer's helper; the .ts files are
the source of truth, edited with Qt Linguist or by this script).

    python scripts/fill_translations.py TABLE.py

TABLE.py defines T = {(context, source): (zh_CN, de)}. Only unfinished entries are filled.
"""

from __future__ import annotations

import runpy
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = {"zh_CN": 0, "de": 1}


def fill(table: dict[tuple[str, str], tuple[str, str]]) -> None:
    for lang, col in LANGS.items():
        path = ROOT / "resources" / "translations" / f"screenpop_{lang}.ts"
        tree = ET.parse(path)
        missing = 0
        for ctx in tree.getroot().iter("context"):
            name = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                tr = msg.find("translation")
                if tr is None or tr.get("type") != "unfinished":
                    continue
                found = table.get((name, msg.findtext("source") or ""))
                if found is None:
                    missing += 1
                    continue
                tr.text = found[col]
                del tr.attrib["type"]
        tree.write(path, encoding="utf-8", xml_declaration=True)
        print(f"{path.name}: {missing} still unfinished")


if __name__ == "__main__":
    fill(runpy.run_path(sys.argv[1])["T"])
