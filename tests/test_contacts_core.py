"""The pure contacts core: number keys, the index, the CSV and vCard readers, source URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screenpop.contacts.csv_reader import read_csv
from screenpop.contacts.index import ContactIndex
from screenpop.contacts.model import Contact, Phone
from screenpop.contacts.numbers import NumberMatcher
from screenpop.contacts.source_url import parse_source, redact
from screenpop.contacts.vcard_reader import read_vcards

FIX = Path(__file__).parent / "fixtures" / "contacts"
CN = NumberMatcher("CN", "0")


@pytest.mark.parametrize(
    "raw", ["013800138000", "13800138000", "+8613800138000", "0086 138 0013 8000", "138-0013-8000"]
)
def test_the_four_spellings_of_one_chinese_mobile_find_one_contact(raw):
    index = ContactIndex(CN, [Contact("王小明", (Phone("+86 138 0013 8000"),))])
    found = index.lookup(raw)
    assert found is not None and found.name == "王小明"


def test_outside_prefix_nine_is_removed_only_as_a_second_try():
    us = NumberMatcher("US", "9")
    index = ContactIndex(us, [Contact("Bob", (Phone("(212) 555-1234"),))])
    assert index.lookup("912125551234").name == "Bob"
    assert index.lookup("2125551234").name == "Bob"
    assert us.lookup_keys("912125551234") == ["1912125551234", "12125551234"]


def test_outside_prefix_zero_overlapping_the_international_prefix():
    # 0 + 010 1234 5678 (Beijing) looks like 00 + 1012345678 (a US number): both keys are tried.
    index = ContactIndex(CN, [Contact("Beijing office", (Phone("010 1234 5678"),))])
    assert index.lookup("001012345678").name == "Beijing office"


@pytest.mark.parametrize("ext", ["203", "8001", "61234"])
def test_extensions_are_never_phone_numbers(ext):
    assert CN.key(ext) == f"x:{ext}"
    assert CN.e164(ext) is None
    assert CN.display(ext) == ext
    index = ContactIndex(CN, [Contact("Reception", (Phone("203"),))])
    assert index.lookup("203").name == "Reception"
    assert index.lookup("86203") is None


def test_suffix_fallback_only_when_unique():
    index = ContactIndex(
        NumberMatcher("DE"),
        [Contact("A", (Phone("+49 30 1234 5678"),)), Contact("B", (Phone("+43 1 1234 5678"),))],
    )
    # A number the prefixes cannot explain: the last 8 digits are shared, so no guess.
    assert index.lookup("99991234 5678") is None
    single = ContactIndex(NumberMatcher("DE"), [Contact("A", (Phone("+49 30 1234 5678"),))])
    assert single.lookup("4930123456 78".replace(" ", "")).name == "A"  # no + and no 00


def test_display_national_at_home_international_abroad():
    assert CN.display("+8613800138000") == "138 0013 8000"
    assert CN.display("013800138000") == "138 0013 8000"
    assert CN.display("+12125551234") == "+1 212-555-1234"
    assert CN.display("anonymous") == "anonymous"
    assert NumberMatcher("").display("+8613800138000") == "+86 138 0013 8000"


def test_unknown_region_is_ignored_not_fatal():
    m = NumberMatcher("XX")
    assert m.region == ""
    assert m.key("+8613800138000") == "8613800138000"


@given(st.text(max_size=40))
def test_any_text_is_a_key_or_none_never_an_error(text):
    key = CN.key(text)
    assert key is None or isinstance(key, str)
    CN.display(text)
    ContactIndex(CN).lookup(text)


def test_outlook_csv():
    contacts, report = read_csv((FIX / "outlook.csv").read_bytes())
    assert [c.name for c in contacts] == ["Anna Schmidt", "Bob O'Neil", "Front Desk Supplies"]
    anna = contacts[0]
    assert anna.company == "Müller & Söhne GmbH"
    assert [p.kind for p in anna.phones] == ["work", "cell"]
    assert report.summary() == "3 contacts read; 1 of 4 rows skipped: line 4 has no number"


def test_google_csv_labels_and_packed_numbers():
    contacts, report = read_csv((FIX / "google.csv").read_bytes())
    wang, carla = contacts
    assert wang.name == "王小明" and wang.company == "深圳华强电子有限公司"
    assert [(p.number, p.kind) for p in wang.phones] == [
        ("+86 138 0013 8000", "cell"),
        ("0755 8888 1234", "work"),
    ]
    assert len(carla.phones) == 2 and carla.notes == "Two numbers, one cell"
    assert report.skipped == 1


def test_chinese_excel_gb18030_semicolons():
    contacts, report = read_csv((FIX / "excel-gb18030.csv").read_bytes())
    assert [c.name for c in contacts] == ["李雷", "张伟"]
    assert contacts[0].company == "北京韩梅梅贸易有限公司" and contacts[0].notes == "老客户"
    index = ContactIndex(CN, contacts)
    assert index.lookup("+86 10 8888 6666").name == "李雷"
    assert report.skipped == 0


def test_csv_mapping_override_and_errors():
    data = b"Who;Tel;Firm\nAlice;+44 20 7946 0000;Acme\n"
    contacts, _ = read_csv(data, {"name": ["Who"], "phone": ["Tel"], "company": ["Firm"]})
    assert contacts[0].name == "Alice" and contacts[0].company == "Acme"
    with pytest.raises(ValueError, match="no phone column"):
        read_csv(b"Who,What\nA,B\n")
    with pytest.raises(ValueError, match="'Nope' is not in the file's header"):
        read_csv(data, {"phone": ["Nope"]})


def test_csv_bad_rows_are_counted_with_the_first_line():
    rows = ["Name,Phone"] + [f"P{i},+4930{i:07d}" for i in range(800)]
    rows[17] = "Nobody,"
    rows[300] = ",,,"
    rows[500] = ',"'  # an unclosed quote swallows the rest: still no abort
    contacts, report = read_csv("\n".join(rows).encode())
    assert report.first_problem == "line 18 has no number"
    assert report.skipped >= 2 and report.loaded == len(contacts) > 400


def test_vcard_21_quoted_printable_and_charsets():
    contacts, report = read_vcards((FIX / "android-2.1.vcf").read_bytes())
    assert [c.name for c in contacts] == ["陈大文工程师工作室", "Jean Dupont", "赵六"]
    assert [(p.number, p.kind) for p in contacts[0].phones] == [
        ("+8613700137000", "cell"),
        ("020-3888 1234", "work"),
    ]
    assert (
        report.summary()
        == "3 contacts read; 1 of 4 cards skipped: the card at line 16 has no number"
    )


def test_vcard_30_apple_folding_groups_escapes():
    (johnny,) = read_vcards((FIX / "apple-3.0.vcf").read_bytes())[0]
    assert johnny.company == "Apple Orchard, Ltd. Sales"
    assert johnny.notes.endswith("folded over two lines")
    assert [p.kind for p in johnny.phones] == ["", "cell"]


def test_vcard_40_uri_numbers_and_truncated_card():
    contacts, report = read_vcards((FIX / "vcard-4.0.vcf").read_bytes())
    (hanako,) = contacts
    assert hanako.name == "佐藤 花子" and hanako.url == "https://crm.example/contacts/42"
    assert [(p.number, p.kind) for p in hanako.phones] == [
        ("+81-3-1234-5678", "work"),
        ("+81-90-1234-5678", "cell"),
    ]
    assert report.first_problem == "the card at line 11 has no END:VCARD"
    index = ContactIndex(NumberMatcher("JP"), contacts)
    assert index.lookup("03-1234-5678").name == "佐藤 花子"


@given(st.binary(max_size=300))
def test_readers_never_raise_on_garbage(data):
    read_vcards(data)
    try:
        read_csv(data)
    except ValueError as exc:
        assert "phone column" in str(exc)


@pytest.mark.parametrize(
    ("text", "kind", "field", "value"),
    [
        ("contacts.csv", "csv", "path", "contacts.csv"),
        ("C:\\Users\\me\\Contacts.VCF", "vcard", "path", "C:\\Users\\me\\Contacts.VCF"),
        ("ldap://dir.example:389/ou=people,dc=example,dc=com", "ldap", "base_dn",
         "ou=people,dc=example,dc=com"),
        ("ldaps://cn=reader@dir.example/dc=example,dc=com", "ldap", "port", 636),
        ("ldap://dir.example/dc=x?starttls", "ldap", "starttls", True),
        ("carddav+https://anna@cloud.example/remote.php/dav/addressbooks/users/anna/contacts",
         "carddav", "url", "https://cloud.example:443/remote.php/dav/addressbooks/users/anna/contacts/"),
        ("https://crm.example/api/lookup?number={e164}", "http", "host", "crm.example"),
    ],
)  # fmt: skip
def test_source_urls(text, kind, field, value):
    spec = parse_source(text)
    assert spec.kind == kind and getattr(spec, field) == value


def test_ldap_user_with_at_sign():
    spec = parse_source("ldap://reader%40example.com@dc1.example/dc=example,dc=com")
    assert spec.username == "reader@example.com" and spec.host == "dc1.example"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty contact source"),
        ("contacts.xlsx", "is not a contact source"),
        ("ftp://x/y", "is not a contact source"),
        ("ldap://host", "has no search base"),
        ("ldap://u:hunter2@host/dc=x", "put no password in the URL"),
        ("ldaps://host/dc=x?starttls", "already encrypted"),
        ("ldap://host/dc=x?bogus=1", "unknown option 'bogus'"),
        ("https://crm.example/lookup", "must contain {number} or {e164}"),
        ("contacts.csv#colour=Red", "is not a column mapping"),
    ],
)
def test_bad_source_urls_say_what_is_wrong(text, message):
    with pytest.raises(ValueError, match=message.replace("{", r"\{").replace("}", r"\}")) as info:
        parse_source(text)
    assert "hunter2" not in str(info.value)


def test_redact():
    assert redact("ldap://u:pw@host/dc=x") == "ldap://u:***@host/dc=x"


@given(st.one_of(st.text(max_size=24), st.text(alphabet="0123456789+ -", max_size=24)))
def test_every_key_lives_in_the_bucket_its_number_is_filed_under(text):
    # The index files a number by matcher.bucket() and finds it by bucket_of(key): the two
    # must agree for every number and every region's prefixes.
    from screenpop.contacts.index import bucket_of

    for matcher in (CN, NumberMatcher("US", "9"), NumberMatcher("DE"), NumberMatcher("")):
        key = matcher.key(text)
        assert matcher.bucket(text) == (None if key is None else bucket_of(key))


def test_many_contacts_sharing_the_last_six_digits(monkeypatch):
    # 20 mobiles ending in 123456 fill one bucket beyond BIG: it is resolved at load, and
    # must answer exactly as the scanned small buckets do.
    from screenpop.contacts import index as index_module

    contacts = [Contact(f"P{i}", (Phone(f"+86 138 {i:02d}12 3456"),)) for i in range(20)]
    contacts.append(Contact("Twin", (Phone("+43 1 0512 3456"),)))  # shares P5's last 8
    queries = ["013807123456", "+8613819123456", "777707123456", "777705123456", "123456"]
    answers = []
    for big in (16, 10**9):
        monkeypatch.setattr(index_module, "BIG", big)
        index = ContactIndex(CN, contacts)
        assert bool(index._big) == (big == 16)  # resolved at load, or scanned per lookup
        answers.append([(c.name if c else None) for c in map(index.lookup, queries)])
    assert answers[0] == answers[1] == ["P7", "P19", "P7", None, None]


def test_a_row_the_csv_module_refuses_is_counted_and_the_load_goes_on():
    giant = '"' + "x" * 200_000 + '",+49 30 1234 5678'  # over the csv module's field limit
    data = "\n".join(["Name,Phone", "Anna,+49 30 1111 2222", giant, "Bob,+49 30 3333 4444"])
    contacts, report = read_csv(data.encode())
    assert [c.name for c in contacts] == ["Anna", "Bob"]
    assert report.skipped == 1 and report.total == 3
    assert report.first_problem.startswith("line 3 cannot be read (field larger than")


def test_status_lines_count_in_the_singular_for_one() -> None:
    from screenpop.contacts.model import LoadReport

    assert LoadReport("rows", 1, 0).summary() == "1 contact read"
    assert LoadReport("rows", 2, 0).summary() == "2 contacts read"
    assert LoadReport("cards", 1, 1, "card 1 has no number").summary() == (
        "0 contacts read; 1 of 1 card skipped: card 1 has no number"
    )
    assert LoadReport("entries", 3, 1, "x").summary() == (
        "2 contacts read; 1 of 3 entries skipped: x"
    )
