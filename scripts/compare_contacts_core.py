"""Compare this checkout's contacts core with another tree's: same contacts, same matches.

For speed work on the readers, the index or the number keys, where the matching rules must
stay exactly as they are. Runs the fixtures and generated input (hypothesis) through both and
stops at the first difference.

    git worktree add /tmp/old-screenpop <commit>      # or: git archive <commit> | tar -x
    python scripts/compare_contacts_core.py /tmp/old-screenpop [--examples 3000]

Compared: read_csv and read_vcards (contacts and load reports) on the fixtures, generated
vCard lines, generated CSV tables and random bytes; ContactIndex.lookup, display, e164 and
lookup_keys on generated directories and numbers (also with every bucket of the new index
resolved at load); digits_of on any text.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import importlib.util
import io
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenpop.contacts import csv_reader as new_csv  # noqa: E402
from screenpop.contacts import index as new_index  # noqa: E402
from screenpop.contacts import numbers as new_numbers  # noqa: E402
from screenpop.contacts import vcard_reader as new_vcard  # noqa: E402
from screenpop.contacts.model import Contact, Phone  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "contacts"
REGIONS = [("CN", "0"), ("US", "9"), ("DE", ""), ("", ""), ("JP", "0"), ("IT", "0")]
VCARD_LINES = [
    "BEGIN:VCARD", "END:VCARD", "begin:vcard", "FN:A\\,b", "N:Fam;Giv;Mid;;", "N:;;;;",
    "ORG:Acme;Sales", "ORG:", "TEL:+86 138", "TEL;TYPE=CELL:123", "TEL;CELL;VOICE:456",
    "item1.TEL;type=pref:tel:+1 212", "TEL:tel:", "NOTE:x\\ny", " folded", "\tmore",
    "FN;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:=E7=8E=8B=", "=E5=B0=8F", "UID:u1",
    "URL:http://x", "VERSION:3.0", "garbage", "PHOTO;ENCODING=b:AAAA", "FN:", "N:王;小明;;;",
    'TEL;TYPE="work,voice":+49 30 1',
]  # fmt: skip
CSV_HEADERS = [
    "Name", "First Name", "Last Name", "Middle Name", "Company", "Phone", "Mobile Phone",
    "Phone 1 - Value", "Phone 1 - Label", "Notes", "Web Page", "姓", "名", "公司",
    "Business Phone", "Other",
]  # fmt: skip
CSV_CELLS = [
    "", " ", "Anna", "王", "小明", "+86 138 0013 8000", "1 ::: 2", " ::: ", "Acme", "* Mobile",
    "Work", "n,o", '"q"', "203",
]  # fmt: skip
NUMBERS = [
    "+86 138 0000 0001", "+49 171 0000001", "0000001", "00000001", "+33 1 00000001",
    "+86 138 0013 8000", "013800138000", "13800138000", "0086 138 0013 8000", "203", "8001",
    "+49 30 1234 5678", "+43 1 1234 5678", "4930 12345678", "001012345678", "010 1234 5678",
    "+1 212 555 1234", "912125551234", "(212) 555-1234", "12345678", "0012345678",
    "+86 139 0013 8000", "tel:+86 138", "x", " ", "13900138000",
]  # fmt: skip


def load_old(tree: Path):  # type: ignore[no-untyped-def]
    """The other tree's screenpop package, imported as `oldsp` beside ours."""
    spec = importlib.util.spec_from_file_location(
        "oldsp",
        tree / "screenpop" / "__init__.py",
        submodule_search_locations=[str(tree / "screenpop")],
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["oldsp"] = module
    spec.loader.exec_module(module)
    return {name: importlib.import_module(f"oldsp.contacts.{name}") for name in (
        "csv_reader", "vcard_reader", "index", "numbers", "model",
    )}  # fmt: skip


def same_load(old, new) -> None:  # type: ignore[no-untyped-def]
    (old_contacts, old_report), (new_contacts, new_report) = old, new
    assert [repr(c).replace("oldsp.", "") for c in old_contacts] == [repr(c) for c in new_contacts]
    assert repr(old_report) == repr(new_report)


def outcome(f, *args):  # type: ignore[no-untyped-def]
    try:
        return ("ok", f(*args))
    except ValueError as exc:
        return ("error", str(exc))


def same_outcome(old, new) -> None:  # type: ignore[no-untyped-def]
    assert old[0] == new[0], (old, new)
    if old[0] == "ok":
        same_load(old[1], new[1])
    else:
        assert old[1] == new[1]


def run(old, examples: int) -> None:  # type: ignore[no-untyped-def]
    ovc, ocsv, oidx, onum, omodel = (
        old[n] for n in ("vcard_reader", "csv_reader", "index", "numbers", "model")
    )
    cfg = settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck))

    for path in sorted(FIX.iterdir()):
        data = path.read_bytes()
        if path.suffix == ".vcf":
            same_load(ovc.read_vcards(data), new_vcard.read_vcards(data))
        else:
            same_load(ocsv.read_csv(data), new_csv.read_csv(data))
    print("fixtures: same")

    @cfg
    @given(
        st.lists(st.sampled_from(VCARD_LINES), max_size=30),
        st.sampled_from(["\r\n", "\n", "\r", "\x85", "\u2028", "\n\x0b"]),
        st.text(max_size=20),
    )
    def vcards(lines: list[str], newline: str, junk: str) -> None:
        data = (newline.join(lines) + junk).encode()
        same_load(ovc.read_vcards(data), new_vcard.read_vcards(data))

    @cfg
    @given(
        st.lists(st.sampled_from(CSV_HEADERS), min_size=1, max_size=8),
        st.lists(st.lists(st.sampled_from(CSV_CELLS), max_size=9), max_size=8),
        st.sampled_from([",", ";"]),
    )
    def csv_tables(header: list[str], rows: list[list[str]], delimiter: str) -> None:
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
        data = buf.getvalue().encode()
        same_outcome(outcome(ocsv.read_csv, data), outcome(new_csv.read_csv, data))

    @cfg
    @given(st.binary(max_size=200))
    def random_bytes(data: bytes) -> None:
        same_load(ovc.read_vcards(data), new_vcard.read_vcards(data))
        same_outcome(outcome(ocsv.read_csv, data), outcome(new_csv.read_csv, data))

    number = st.one_of(st.sampled_from(NUMBERS), st.text(alphabet="0123456789+ -", max_size=16))

    @cfg
    @given(
        st.lists(st.lists(number, max_size=3), max_size=6),
        st.lists(number, max_size=6),
        st.sampled_from(REGIONS),
    )
    def lookups(directory: list[list[str]], queries: list[str], region: tuple[str, str]) -> None:
        om, nm = onum.NumberMatcher(*region), new_numbers.NumberMatcher(*region)
        old_contacts = [
            omodel.Contact(f"c{i}", tuple(omodel.Phone(n) for n in ns))
            for i, ns in enumerate(directory)
        ]
        new_contacts = [
            Contact(f"c{i}", tuple(Phone(n) for n in ns)) for i, ns in enumerate(directory)
        ]
        oi, ni = oidx.ContactIndex(om, old_contacts), new_index.ContactIndex(nm, new_contacts)
        for q in queries + [n for ns in directory for n in ns]:
            a, b = oi.lookup(q), ni.lookup(q)
            assert (a and a.name) == (b and b.name), (q, a, b)
            assert om.display(q) == nm.display(q) and om.e164(q) == nm.e164(q)
            assert om.lookup_keys(q) == nm.lookup_keys(q)

    @settings(max_examples=examples * 5, deadline=None)
    @given(
        st.one_of(st.text(max_size=20), st.text(alphabet="0123456789+ -.()/\t:tel", max_size=20))
    )
    def digits(text: str) -> None:
        assert onum.digits_of(text) == new_numbers.digits_of(text)

    vcards()
    print("vCard readers: same")
    csv_tables()
    random_bytes()
    print("CSV readers: same")
    lookups()
    big = getattr(new_index, "BIG", None)
    if big is not None:
        new_index.BIG = 1  # every shared bucket resolved at load: that path must agree too
        try:
            lookups()
        finally:
            new_index.BIG = big
    print("lookups: same")
    digits()
    print("digits_of: same")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tree", type=Path, help="a checkout (or unpacked archive) to compare with")
    ap.add_argument("--examples", type=int, default=3000, help="generated cases per check")
    args = ap.parse_args()
    if not (args.tree / "screenpop" / "contacts").is_dir():
        print(f"compare_contacts_core: {args.tree} has no screenpop/contacts", file=sys.stderr)
        return 2
    run(load_old(args.tree), args.examples)
    return 0


if __name__ == "__main__":
    sys.exit(main())
