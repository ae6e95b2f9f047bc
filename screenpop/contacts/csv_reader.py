"""CSV contact files as Outlook, Google Contacts and Excel export them. Pure: bytes in.

The encoding is found from the bytes (UTF-8 with or without BOM, UTF-16 with BOM as Outlook's
"Unicode" export writes it, otherwise GB18030 as a Chinese Excel writes it), the delimiter
from the header line (`,` `;` or tab), and the columns from the header's names. A mapping
such as ``{"name": ["Full Name"], "phone": ["Tel", "Mobile"]}`` overrides the guess.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import unquote

from .model import Contact, LoadReport, Record, ReportBuilder, contact_of, join_name

ROLES = ("name", "first", "middle", "last", "company", "phone", "notes", "url")

# Header names (lower case) per role. Phone columns carry their TYPE label.
_NAME = {"name", "full name", "display name", "file as", "姓名", "名字", "联系人", "名称"}
_FIRST = {"first name", "given name", "名"}
_MIDDLE = {"middle name", "additional name"}
_LAST = {"last name", "family name", "surname", "姓"}
_COMPANY = {
    "company", "organization", "organisation", "organization name", "organization 1 - name",
    "firm", "公司", "单位", "公司名称", "工作单位",
}  # fmt: skip
_NOTES = {"notes", "note", "备注"}
_URL = {"web page", "website", "url", "website 1 - value", "网址"}
_PHONES = {
    "business phone": "work", "business phone 2": "work", "company main phone": "work",
    "primary phone": "", "assistant's phone": "work", "callback": "", "car phone": "car",
    "home phone": "home", "home phone 2": "home", "mobile phone": "cell", "other phone": "",
    "pager": "pager", "radio phone": "", "isdn": "", "telephone": "", "phone": "",
    "phone number": "", "tel": "", "mobile": "cell", "cell": "cell", "cell phone": "cell",
    "work phone": "work", "business": "work", "home": "home",
    "电话": "", "手机": "cell", "手机号": "cell", "手机号码": "cell", "电话号码": "",
    "办公电话": "work", "公司电话": "work", "家庭电话": "home", "移动电话": "cell",
    "座机": "work", "固定电话": "work",
}  # fmt: skip
# Google: "Phone 1 - Value" with its label in "Phone 1 - Label" (new) or "- Type" (old).
_GOOGLE_PHONE = re.compile(r"^phone (\d+) - value$")
_GOOGLE_SPLIT = " ::: "  # Google packs several numbers of one label into one cell


def decode(data: bytes) -> str:
    """The text of a contact file, whatever of the usual encodings it was saved in."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class ColumnMap:
    """Which column holds what: indexes per role, phone columns with their labels."""

    def __init__(self) -> None:
        self.roles: dict[str, list[int]] = {r: [] for r in ROLES if r != "phone"}
        self.phones: list[tuple[int, str, int | None]] = []  # (value col, label, label col)

    def describe(self, header: Sequence[str]) -> dict[str, list[str]]:
        out = {r: [header[i] for i in cols] for r, cols in self.roles.items() if cols}
        if self.phones:
            out["phone"] = [header[i] for i, _, _ in self.phones]
        return out


def guess_columns(
    header: Sequence[str], overrides: Mapping[str, Sequence[str]] | None = None
) -> ColumnMap:
    """Map the header's columns to roles by name; `overrides` (role -> names) win."""
    cmap = ColumnMap()
    lower = [h.strip().lower() for h in header]
    where = {h: i for i, h in reversed(list(enumerate(lower)))}
    for i, h in enumerate(lower):
        for role, names in (
            ("name", _NAME),
            ("first", _FIRST),
            ("middle", _MIDDLE),
            ("last", _LAST),
            ("company", _COMPANY),
            ("notes", _NOTES),
            ("url", _URL),
        ):
            if h in names:
                cmap.roles[role].append(i)
        if h in _PHONES:
            cmap.phones.append((i, _PHONES[h], None))
        m = _GOOGLE_PHONE.match(h)
        if m:
            n = m.group(1)
            label = where.get(f"phone {n} - label", where.get(f"phone {n} - type"))
            cmap.phones.append((i, "", label))
    for role, names in (overrides or {}).items():
        cols = [where[n.strip().lower()] for n in names if n.strip().lower() in where]
        missing = [n for n in names if n.strip().lower() not in where]
        if missing:
            raise ValueError(f"column '{missing[0]}' is not in the file's header")
        if role == "phone":
            # A column the guess knew keeps its label (Google's "Phone 1 - Label", "Mobile").
            labels = {i: (label, label_col) for i, label, label_col in cmap.phones}
            cmap.phones = [(i, *labels.get(i, ("", None))) for i in cols]
        elif role in cmap.roles:
            cmap.roles[role] = cols
        else:
            raise ValueError(f"'{role}' is not a column role (use one of {', '.join(ROLES)})")
    return cmap


def _getter(cols: list[int]) -> Callable[[Sequence[str]], str]:
    """A function giving a row's first non-empty cell of `cols`, stripped ("" if none)."""
    if not cols:
        return lambda row: ""
    if len(cols) == 1:
        (i,) = cols
        return lambda row: row[i].strip() if i < len(row) else ""

    def first(row: Sequence[str]) -> str:
        for i in cols:
            if i < len(row):
                value = row[i].strip()
                if value:
                    return value
        return ""

    return first


def _label(text: str) -> str:
    text = text.strip().lstrip("* ").lower()
    return {"mobile": "cell", "business": "work"}.get(text, text)


def read_csv(
    data: bytes,
    overrides: Mapping[str, Sequence[str]] | None = None,
    *,
    source: str = "csv",
) -> tuple[list[Contact], LoadReport]:
    """Contacts from a CSV file's bytes. Rows without a name or a number are skipped, counted."""
    records, report = read_csv_records(data, overrides, source=source)
    return [contact_of(r) for r in records], report


def read_csv_records(
    data: bytes,
    overrides: Mapping[str, Sequence[str]] | None = None,
    *,
    source: str = "csv",
) -> tuple[list[Record], LoadReport]:
    """`read_csv` as flat records (model.Record), the form a directory load indexes.

    The loop runs once per row of a 100,000-row file, so it is written for speed: no
    objects per row but the record, the one-column case of each role read directly.
    """
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise ValueError(f"the header line cannot be read ({exc})") from None
    rep = ReportBuilder("rows")
    if header is None:
        return [], rep.report()
    cmap = guess_columns(header, overrides)
    if not cmap.phones:
        raise ValueError(
            "no phone column found in the header (name one, e.g. 'phone=Tel' in the mapping)"
        )
    roles = cmap.roles
    name_of, company_of = _getter(roles["name"]), _getter(roles["company"])
    first_of, last_of = _getter(roles["first"]), _getter(roles["last"])
    middle_of = _getter(roles["middle"])
    url_of, notes_of = _getter(roles["url"]), _getter(roles["notes"])
    phone_cols = cmap.phones
    out: list[Record] = []
    append = out.append
    total = 0
    while True:  # a row the csv module cannot read is counted, and the reading goes on
        try:
            for row in reader:
                joined = "".join(row)
                if not joined or joined.isspace():
                    continue  # blank lines are not rows
                total += 1
                width = len(row)
                phones: list[str] = []
                for col, label, label_col in phone_cols:
                    if col < width:
                        cell = row[col]
                        value = cell.strip()
                        if not value:
                            continue
                        kind = label
                        if label_col is not None and label_col < width:
                            kind = _label(row[label_col])
                        if _GOOGLE_SPLIT in cell:
                            for part in cell.split(_GOOGLE_SPLIT):
                                if part.strip():
                                    phones += (part.strip(), kind)
                        else:
                            phones += (value, kind)
                if not phones:
                    rep.skip(f"line {reader.line_num} has no number")
                    continue
                name = name_of(row)
                if not name:
                    name = join_name(first_of(row), last_of(row), middle_of(row))
                company = company_of(row)
                if not name and not company:
                    rep.skip(f"line {reader.line_num} has no name")
                    continue
                append(
                    (
                        name or company,
                        company if name else "",
                        source,
                        url_of(row),
                        notes_of(row),
                        "",
                        *phones,
                    )
                )
        except csv.Error as exc:
            total += 1
            rep.skip(f"line {reader.line_num} cannot be read ({exc})")
            continue
        break
    rep.total = total
    return out, rep.report()


def parse_mapping(text: str) -> dict[str, list[str]]:
    """`name=Full Name;phone=Tel,Mobile` -> {"name": ["Full Name"], "phone": ["Tel", "Mobile"]}.

    A column name holding `;` `,` or `%` is written %3B %2C %25 (format_mapping does it).
    """
    mapping: dict[str, list[str]] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        role, sep, names = part.partition("=")
        role = role.strip().lower()
        if not sep or role not in ROLES:
            raise ValueError(
                f"'{part.strip()}' is not a column mapping (write role=Column;"
                f" roles: {', '.join(ROLES)})"
            )
        mapping[role] = [unquote(n.strip()) for n in names.split(",") if n.strip()]
    return mapping


def format_mapping(mapping: Mapping[str, Sequence[str]]) -> str:
    """The text parse_mapping reads: {"phone": ["Tel", "Mobile"]} -> `phone=Tel,Mobile`."""
    return ";".join(
        f"{role}={','.join(_quote(n) for n in names)}"
        for role in ROLES
        if (names := mapping.get(role)) is not None
    )


def _quote(name: str) -> str:
    return name.strip().replace("%", "%25").replace(";", "%3B").replace(",", "%2C")


def effective_mapping(
    header: Sequence[str], overrides: Mapping[str, Sequence[str]] | None = None
) -> dict[str, list[str]]:
    """Role -> column names as a load would use them: the guess, then `overrides`."""
    return guess_columns(header, overrides).describe(header)


def preview_csv(data: bytes, rows: int = 5) -> tuple[list[str], list[list[str]]]:
    """The header and the first `rows` non-blank rows of a CSV file's first bytes."""
    text = decode(data)
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    out: list[list[str]] = []
    try:
        header = next(reader, None) or []
        for row in reader:
            if len(out) >= rows:
                break
            if "".join(row).strip():
                out.append(row)
    except csv.Error as exc:
        raise ValueError(f"not a CSV file that can be read ({exc})") from None
    return header, out
