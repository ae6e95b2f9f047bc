"""tel:/callto:/sip: link parsing: what dials, what is refused."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from screenpop.desktop.links import MAX_LINK, LinkError, parse_dial_link


@pytest.mark.parametrize(
    "link, number",
    [
        ("tel:+8613800138000", "+8613800138000"),
        ("tel:+86-138-0013-8000", "+8613800138000"),
        ("TEL:+1 (555) 010.0199", "+15550100199"),
        ("tel:%2B8613800138000", "+8613800138000"),
        ("tel:7042;phone-context=example.com", "7042"),
        ("callto:013800138000", "013800138000"),
        ("callto://+4930123456", "+4930123456"),
        ("sip:201@pbx.office.lan", "201"),
        ("sip:+8613800138000@pbx;transport=udp", "+8613800138000"),
        ("sip:0571888?subject=hi", "0571888"),
        ("  tel:306  ", "306"),
    ],
)
def test_dialable_links(link, number):
    assert parse_dial_link(link) == number


@pytest.mark.parametrize(
    "link, why",
    [
        ("", "empty"),
        ("http://evil.example/?tel:123", "only tel:, callto: and sip:"),
        ("javascript:alert(1)", "only tel:, callto: and sip:"),
        ("sms:+8613800138000", "only tel:, callto: and sip:"),
        ("13800138000", "only tel:, callto: and sip:"),
        ("tel:123\r\nAction: Originate", "control characters"),
        ("tel:123%0d%0aAction:%20Hangup", "control characters"),
        ("tel:123\x00", "control characters"),
        ("tel:" + "1" * MAX_LINK, "too long"),
        ("tel:1" + "2" * 25, "not a phone number"),
        ("tel:+86abc", "not a phone number"),
        ("tel:*21#", "not a phone number"),
        ("tel:", "not a phone number"),
        ("tel:1", "not a phone number"),
        ("tel:++861380", "not a phone number"),
        ("sip:alice@example.com", "not a phone number"),
        ("tel:12,34", "not a phone number"),
    ],
)
def test_refused_links(link, why):
    with pytest.raises(LinkError, match=re.escape(why)):
        parse_dial_link(link)


@given(st.text(max_size=300))
def test_anything_either_dials_a_plain_number_or_is_refused(text):
    for link in (text, "tel:" + text, "sip:" + text):
        try:
            number = parse_dial_link(link)
        except LinkError as exc:
            assert "\n" not in str(exc) and "\r" not in str(exc)
        else:
            assert re.fullmatch(r"\+?[0-9]{2,20}", number)
