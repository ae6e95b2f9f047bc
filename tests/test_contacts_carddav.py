"""CardDAV against a real Radicale: first sync, then only changed cards are fetched."""

from __future__ import annotations

import asyncio

import httpx
from contact_servers import radicale  # noqa: F401

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


def populate(server, cards: dict[str, str]) -> None:
    auth = httpx.BasicAuth(server.user, "x")
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


def test_sync_fetches_only_changed_cards(radicale):  # noqa: F811
    cards = {f"p{i}": card(f"p{i}", f"Person {i}", f"+86 138 0000 {i:04d}") for i in range(40)}
    cards["wang"] = card("wang", "王小明", "+86 138 0013 8000", "深圳华强")
    populate(radicale, cards)

    async def main():
        source = CardDavSource(parse_source(radicale.source), CN, "x")
        try:
            assert await source.sync() == 41
            assert source.requests == 2  # one listing, one multiget
            found = source.lookup("013800138000")
            assert found.name == "王小明" and found.company == "深圳华强"
            assert found.source == "carddav"
            assert source.status == "127.0.0.1: 41 contacts"

            assert await source.sync() == 0  # nothing changed: the listing only
            assert source.requests == 3

            populate(radicale, {"wang": card("wang", "王小明 (new)", "+86 138 0013 8000")})
            assert await source.sync() == 1  # only the changed card
            assert source.requests == 5
            assert source.lookup("13800138000").name == "王小明 (new)"

            auth = httpx.BasicAuth(radicale.user, "x")
            httpx.delete(f"{radicale.book_url}p1.vcf", auth=auth).raise_for_status()
            assert await source.sync() == 0
            assert source.lookup("+8613800000001") is None
            assert len(source.index) == 40
        finally:
            await source.close()

    asyncio.run(main())


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
