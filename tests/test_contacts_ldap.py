"""LDAP lookups against a real OpenLDAP slapd: plain, StartTLS, ldaps, binds, failures."""

from __future__ import annotations

import asyncio
import gc
import time

import pytest
from contact_servers import ADMIN_DN, ADMIN_PASSWORD, slapd  # noqa: F401

from screenpop.contacts.ldap_source import LdapSource, build_filter
from screenpop.contacts.lookup import ContactLookup, check_source
from screenpop.contacts.numbers import NumberMatcher
from screenpop.contacts.source_url import parse_source

CN = NumberMatcher("CN", "0")


_open: list[LdapSource] = []


def source(url: str, password: str | None = None) -> LdapSource:
    src = LdapSource(parse_source(url), CN, password)
    _open.append(src)
    return src


@pytest.fixture(autouse=True)
def _close_sources():
    yield
    while _open:
        _open.pop().close()
    gc.collect()  # a socket left open by a failed connect must show up here, not later


@pytest.mark.parametrize(
    "number", ["+861060000001", "01060000001", "001060000001", "1060000001", "0086 10 6000 0001"]
)
def test_anonymous_lookup_any_spelling(slapd, number):  # noqa: F811
    found = source(slapd.url()).lookup(number)
    assert found is not None and found.name == "李雷" and found.source == "ldap"
    assert found.company == "Company 1"
    assert {p.kind for p in found.phones} == {"work"}


def test_mobile_and_home_numbers_and_cjk(slapd):  # noqa: F811
    src = source(slapd.url())
    assert src.lookup("13900000003").name == "张伟"  # mobile of p3
    assert src.lookup("020 8000 0005").name == "김민준"  # homePhone of p5
    assert src.lookup("+861099999999") is None
    assert src.ok and "answering" in src.status


def test_starttls_and_ldaps_with_the_test_ca(slapd):  # noqa: F811
    ca = f"ca={slapd.ca_file}"
    tls = source(slapd.url(query=f"?starttls&{ca}"))
    assert tls.lookup("+861060000042").name == "Person 042"
    secure = source(slapd.url(secure=True, query=f"?{ca}"))
    assert secure.lookup("+861060000042").name == "Person 042"


def test_untrusted_certificate_is_refused(slapd):  # noqa: F811
    src = source(slapd.url(secure=True))
    with pytest.raises(Exception) as info:
        src.lookup("+861060000042")
    assert not src.ok and str(info.value) == src.status and "127.0.0.1" in src.status


def test_simple_bind_and_wrong_password_never_leaks(slapd):  # noqa: F811
    user = ADMIN_DN.replace(",", "%2C").replace("=", "%3D")
    good = source(slapd.url(user=user), ADMIN_PASSWORD)
    assert good.lookup("+861060000007").name == "Person 007"
    bad = source(slapd.url(user=user), "wrong-pw-123")
    with pytest.raises(Exception) as info:
        bad.lookup("+861060000007")
    assert "login refused" in bad.status
    assert "wrong-pw-123" not in bad.status and "wrong-pw-123" not in repr(bad)
    assert "wrong-pw-123" not in str(info.value)


def test_test_button_counts_entries(slapd):  # noqa: F811
    text = asyncio.run(check_source(parse_source(slapd.url()), CN, None))
    assert text == "127.0.0.1: 300 entries with a number"


def test_server_down_is_a_status_line_and_the_lookup_keeps_its_deadline():
    spec = parse_source("ldap://127.0.0.1:1/dc=example,dc=com")

    async def main():
        lookup = ContactLookup([spec], CN, deadline=1.5)
        try:
            t = time.monotonic()
            result = await lookup.lookup("+861060000001")
            assert time.monotonic() - t < 1.8
            assert result.contact is None
            assert lookup.failing() and "127.0.0.1" in lookup.failing()[0]
        finally:
            await lookup.stop()

    asyncio.run(main())


def test_filter_escapes_and_only_carries_the_number():
    flt = build_filter("+86 10 6000 0001", CN)
    assert "*60000001" in flt and "(mobile=+861060000001)" in flt
    assert build_filter("12)(uid=*", CN).count("(uid=") == 0
