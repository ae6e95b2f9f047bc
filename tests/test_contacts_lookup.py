"""The asyncio ContactLookup: deadline, cache, a real local CRM (normal, slow, garbage, token),
files reloaded when they change, the history fallback, and the call service's pop order."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from pathlib import Path

import pytest
from contact_servers import crm  # noqa: F401

from screenpop.calls.events import Ringing
from screenpop.contacts.lookup import ContactLookup, check_source
from screenpop.contacts.numbers import NumberMatcher
from screenpop.contacts.source_url import parse_source
from screenpop.net.client import ConnectOptions
from screenpop.pbxsim import PbxSimulator
from screenpop.service import CallService

FIX = Path(__file__).parent / "fixtures" / "contacts"
CN = NumberMatcher("CN", "0")
WANG = {"name": "王小明", "company": "深圳华强", "url": "https://crm.example/c/1", "notes": "VIP"}


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 60))


async def with_lookup(specs, body, **kw):
    lookup = ContactLookup([parse_source(s) for s in specs], CN, **kw)
    lookup.start()
    try:
        await asyncio.wait_for(lookup.wait_ready(), 10)
        return await body(lookup)
    finally:
        await lookup.stop()


def test_crm_answers_and_is_cached(crm):  # noqa: F811
    crm.people["+8613800138000"] = WANG

    async def body(lookup):
        result = await lookup.lookup("013800138000")
        assert result.contact.name == "王小明" and result.contact.source == "http"
        assert result.contact.url == "https://crm.example/c/1"
        await lookup.lookup("+86 138 0013 8000")  # same key: from the cache
        assert len(crm.requests) == 1
        miss = await lookup.lookup("+8613900000000")
        assert miss.contact is None and not miss.abandoned
        await lookup.lookup("+8613900000000")
        assert len(crm.requests) == 2  # a miss is cached too

    run(with_lookup([crm.url()], body))


def test_only_the_number_is_sent_and_the_token_as_bearer(crm):  # noqa: F811
    crm.people["13800138000"] = WANG

    async def body(lookup):
        result = await lookup.lookup("13800138000")
        assert result.contact.name == "王小明"
        path, headers = crm.requests[0]
        assert path == "/auth?number=13800138000"
        assert headers["Authorization"] == "Bearer tok-123"
        assert not {h.lower() for h in headers} & {"cookie", "referer", "x-caller-name"}

    run(with_lookup([crm.url("auth", "{number}")], body, secret_for=lambda spec: "tok-123"))


def test_refused_token_is_a_status_line_without_the_token(crm):  # noqa: F811
    async def body(lookup):
        result = await lookup.lookup("13800138000")
        assert result.contact is None and result.errors
        (status,) = lookup.failing()
        assert "refused the token (HTTP 401)" in status and "bad-tok" not in status

    run(with_lookup([crm.url("auth", "{number}")], body, secret_for=lambda spec: "bad-tok"))


def test_slow_crm_is_abandoned_at_the_deadline_and_a_fast_one_still_wins(crm):  # noqa: F811
    crm.people["+8613800138000"] = WANG

    async def body(lookup):
        t = time.monotonic()
        result = await lookup.lookup("13800138000")
        fast = time.monotonic() - t
        assert result.contact.name == "王小明" and fast < 1.0
        t = time.monotonic()
        slow_only = await lookup.lookup("+8613900000000")
        waited = time.monotonic() - t
        assert slow_only.contact is None and slow_only.abandoned == ("CRM",)
        assert 1.4 <= waited < 1.9
        assert any("no answer within 1.5 s" in s for s in lookup.failing())

    run(with_lookup([crm.url("slow"), crm.url("normal")], body))


def test_garbage_answer_is_an_error_not_a_contact(crm):  # noqa: F811
    async def body(lookup):
        result = await lookup.lookup("13800138000")
        assert result.contact is None
        assert lookup.failing() == ["127.0.0.1: the CRM answered something that is not JSON"]

    run(with_lookup([crm.url("garbage")], body))


def test_crm_test_button(crm):  # noqa: F811
    ok = run(check_source(parse_source(crm.url()), CN, None))
    assert "answered as documented" in ok
    with pytest.raises(ValueError, match="not JSON"):
        run(check_source(parse_source(crm.url("garbage")), CN, None))


def test_local_files_first_then_history_fallback(tmp_path):
    async def body(lookup):
        assert (await lookup.lookup("+49 30 1234567")).contact.name == "Anna Schmidt"
        assert (await lookup.lookup("13700137000")).contact.name == "陈大文工程师工作室"
        from_history = (await lookup.lookup("+8618600000000")).contact
        assert from_history.name == "Old Caller" and from_history.source == "history"

    names = {"+8618600000000": "Old Caller"}
    run(
        with_lookup(
            [str(FIX / "outlook.csv"), str(FIX / "android-2.1.vcf")],
            body,
            history_name=names.get,
        )
    )


def test_a_file_that_changes_or_vanishes_is_reloaded(tmp_path, monkeypatch):
    import screenpop.contacts.lookup as lookup_mod

    monkeypatch.setattr(lookup_mod, "FILE_POLL", 0.05)
    path = tmp_path / "book.csv"
    path.write_text("Name,Phone\nFirst,+8613800138000\n", encoding="utf-8")

    async def wait_for(cond):
        for _ in range(500):  # 10 s: the machine may be busy
            if cond():
                return
            await asyncio.sleep(0.02)
        raise AssertionError("not reloaded")

    async def body(lookup):
        assert (await lookup.lookup("13800138000")).contact.name == "First"
        path.write_text("Name,Phone\nSecond,+8613800138000\nNobody,\n", encoding="utf-8")
        os.utime(path, (time.time() + 5, time.time() + 5))
        await wait_for(lambda: "skipped" in lookup.statuses()[0][2])
        assert (await lookup.lookup("13800138000")).contact.name == "Second"
        path.unlink()
        await wait_for(lambda: not lookup.statuses()[0][1])
        assert "file not found (still using the 1 contact read before)" in lookup.failing()[0]
        assert (await lookup.lookup("13800138000")).contact.name == "Second"
        shutil.copy(FIX / "google.csv", path)
        await wait_for(lambda: lookup.statuses()[0][1])
        assert (await lookup.lookup("13800138000")).contact.name == "王小明"

    run(with_lookup([str(path)], body))


def test_the_pop_never_waits_for_a_slow_crm(crm):  # noqa: F811
    crm.people["+8613800138000"] = WANG

    async def main():
        async with PbxSimulator() as sim:
            seen: list[tuple[str, float, object]] = []
            lookup = ContactLookup([parse_source(crm.url("slow"))], CN)
            service = CallService(
                ConnectOptions("127.0.0.1", sim.port, sim.username, sim.secret),
                on_call_event=lambda e: seen.append(("event", time.monotonic(), e)),
                on_contact=lambda f: seen.append(("contact", time.monotonic(), f)),
                contacts=lookup,
                watch=["474"],
            )
            runner = asyncio.create_task(service.run())
            try:
                for _ in range(200):
                    if service.client is not None and not service.client.closed:
                        break
                    await asyncio.sleep(0.02)
                await asyncio.sleep(0.3)  # resync done
                t = time.monotonic()
                call = await sim.incoming_call("13800138000", "", ["474"])
                for _ in range(300):
                    if any(kind == "contact" for kind, _, _ in seen):
                        break
                    await asyncio.sleep(0.01)
                rings = [(at, e) for kind, at, e in seen if isinstance(e, Ringing)]
                assert rings and rings[0][0] - t < 0.5
                contact = [(at, f) for kind, at, f in seen if kind == "contact"]
                assert contact, "the abandoned lookup is reported"
                at, found = contact[0]
                assert found.contact is None and found.abandoned == ("CRM",)
                assert found.call == call.id and 1.4 <= at - rings[0][0] < 2.0
            finally:
                await service.stop()
                await lookup.stop()
                runner.cancel()
                await asyncio.gather(runner, return_exceptions=True)

    run(main())
