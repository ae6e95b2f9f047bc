"""CardDAV against a real Radicale: first sync, then only changed cards are fetched (RFC 6578
sync-collection, or the ETag listing where tokens are not used), and a refused login."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from contact_servers import RADICALE_PASSWORD, radicale, radicale_login  # noqa: F401

from screenpop.contacts.carddav_source import CardDavSource
from screenpop.contacts.lookup import check_source
from screenpop.contacts.numbers import NumberMatcher
from screenpop.contacts.source_url import parse_source

CN = NumberMatcher("CN", "0")
MKCOL = b"""<?xml version="1.0" encoding="utf-8"?>
<d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
<d:resourcetype><d:collection/><c:addressbook/></d:resourcetype>
<d:displayname>Contacts</d:displayname></d:prop></d:set></d:mkcol>"""


def card(uid: str, name: str, number: str, org: str = "") -> str:
    return (
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:{name}\r\nN:{name};;;;\r\n"
        f"ORG:{org}\r\nTEL;TYPE=CELL:{number}\r\nEND:VCARD\r\n"
    )


def populate(server, cards: dict[str, str], password: str = "x") -> None:
    auth = httpx.BasicAuth(server.user, password)
    with httpx.Client(auth=auth, timeout=10) as http:
        resp = http.request("MKCOL", server.book_url, content=MKCOL)
        assert resp.status_code in (201, 405), resp.text  # 405: exists already
        for uid, text in cards.items():
            resp = http.put(
                f"{server.book_url}{uid}.vcf",
                content=text.encode(),
                headers={"Content-Type": "text/vcard; charset=utf-8"},
            )
            assert resp.status_code in (201, 204), resp.text


@pytest.mark.parametrize("sync_tokens", [True, False], ids=["sync-collection", "etag-listing"])
def test_sync_fetches_only_changed_cards(radicale, sync_tokens):  # noqa: F811
    cards = {f"p{i}": card(f"p{i}", f"Person {i}", f"+86 138 0000 {i:04d}") for i in range(40)}
    cards["wang"] = card("wang", "王小明", "+86 138 0013 8000", "深圳华强")
    populate(radicale, cards)
    # What each later sync asks: the changes since the token, or the whole ETag listing.
    ask = "sync-collection" if sync_tokens else "PROPFIND"

    async def main():
        source = CardDavSource(parse_source(radicale.source), CN, "x", sync_tokens=sync_tokens)
        try:
            assert await source.sync() == 41
            assert source.requests_by == {"PROPFIND": 1, "multiget": 1}
            found = source.lookup("013800138000")
            assert found.name == "王小明" and found.company == "深圳华强"
            assert found.source == "carddav"
            assert source.status == "127.0.0.1: 41 contacts"
            generation = source.generation

            assert await source.sync() == 0  # nothing changed: one small request
            assert source.requests == 3 and source.generation == generation
            assert source.requests_by[ask] == 1 + (ask == "PROPFIND")

            populate(radicale, {"wang": card("wang", "王小明 (new)", "+86 138 0013 8000")})
            assert await source.sync() == 1  # only the changed card is fetched
            assert source.requests == 5 and source.requests_by["multiget"] == 2
            assert source.lookup("13800138000").name == "王小明 (new)"

            auth = httpx.BasicAuth(radicale.user, "x")
            httpx.delete(f"{radicale.book_url}p1.vcf", auth=auth).raise_for_status()
            assert await source.sync() == 0  # a deletion fetches nothing
            assert source.requests == 6 and source.requests_by["multiget"] == 2
            assert source.lookup("+8613800000001") is None
            assert len(source.index) == 40 and source.generation > generation
            assert source.requests_by[ask] == 3 + (ask == "PROPFIND")
        finally:
            await source.close()

    asyncio.run(main())


def test_a_token_the_server_refuses_falls_back_to_the_etag_listing(radicale):  # noqa: F811
    populate(
        radicale, {f"p{i}": card(f"p{i}", f"P {i}", f"+86 138 0000 {i:04d}") for i in range(5)}
    )

    async def main():
        source = CardDavSource(parse_source(radicale.source), CN, "x")
        try:
            await source.sync()
            assert source._token  # Radicale gives a sync-token with the listing
            source._token = "http://radicale.org/ns/sync/0000000000000000"  # an expired one
            populate(radicale, {"p2": card("p2", "P 2 (moved)", "+86 138 0000 0002")})
            assert await source.sync() == 1
            assert source.requests_by == {"PROPFIND": 2, "multiget": 2, "sync-collection": 1}
            assert source.lookup("13800000002").name == "P 2 (moved)"
            assert source._token.startswith("http://radicale.org/ns/sync/")
            assert await source.sync() == 0  # and the fresh token works again
            assert source.requests_by["sync-collection"] == 2
        finally:
            await source.close()

    asyncio.run(main())


def test_a_wrong_password_is_one_line_and_never_shown(radicale_login, caplog):  # noqa: F811
    populate(
        radicale_login, {"wang": card("wang", "王小明", "+86 138 0013 8000")}, RADICALE_PASSWORD
    )
    wrong = "wrong-pw-Zq81"
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ValueError) as refused:
        asyncio.run(check_source(parse_source(radicale_login.source), CN, wrong))
    assert str(refused.value) == "127.0.0.1: CardDAV login refused: check the user and password"
    assert wrong not in caplog.text and wrong not in repr(refused.value)
    ok = asyncio.run(check_source(parse_source(radicale_login.source), CN, RADICALE_PASSWORD))
    assert ok == "127.0.0.1: 1 contact"
    assert RADICALE_PASSWORD not in caplog.text


def test_wrong_url_and_down_server_are_one_line(radicale):  # noqa: F811
    populate(radicale, {})
    text = f"carddav+http://anna@127.0.0.1:{radicale.port}/anna/nothing/"
    try:
        asyncio.run(check_source(parse_source(text), CN, "x"))
    except ValueError as exc:
        assert "127.0.0.1" in str(exc) and "\n" not in str(exc)
    else:
        raise AssertionError("a missing address book must fail the test button")
    ok = asyncio.run(check_source(parse_source(radicale.source), CN, "x"))
    assert ok == "127.0.0.1: 0 contacts"
    radicale.proc.terminate()
    radicale.proc.wait(10)
    try:
        asyncio.run(check_source(parse_source(radicale.source), CN, "x"))
    except ValueError as exc:
        assert "cannot reach" in str(exc)
    else:
        raise AssertionError("a stopped server must fail the test button")
