"""Issue 10 app-side plumbing without Qt: the tracker's known extensions, names from
Settings, the settings fields, and resolving a typed name to a number."""

from __future__ import annotations

import pytest
from test_colleagues import NAMES, run, running

from screenpop.config import DEFAULT_VOICEMAIL, Settings
from screenpop.presence.directory import Colleague
from screenpop.presence.lookup import NoSuchColleague, matches, resolve_target
from screenpop.service_colleagues import DEFAULT_VOICEMAIL as SERVICE_DEFAULT
from screenpop.settings_store import SettingsStore, validate


def test_known_extensions_are_filled_from_the_directory_on_every_connect():
    async def go():
        def setup(sim):
            sim.directory.set_registered("alice", True)  # a named phone, not a number

        async with running(sim_setup=setup) as (sim, service, w):
            assert service.tracker.known_extensions == frozenset({*NAMES, "alice"})
            # A call from the named phone is an internal call, not one from a trunk "alice".
            call = await sim.internal_call("alice", "201")
            await w.until(lambda: any(getattr(e, "extension", None) == "201" for e in w.events))
            ringing = next(e for e in w.events if getattr(e, "extension", None) == "201")
            assert ringing.trunk is None and ringing.caller_channel == call.caller.name
            await sim.hangup(call)
            # After a reconnect the directory is read again and the set follows it.
            sim.directory.peers.pop("204")
            loads = len(w.loads)
            await sim.restart(keep_calls=False)
            await w.until(lambda: len(w.loads) > loads)
            assert "204" not in service.tracker.known_extensions

    run(go())


def test_without_known_extensions_the_named_phone_looks_like_a_trunk():
    """The control for the test above: the cache is what makes the difference."""
    from screenpop.calls.channels import Kind, classify, parse_channel

    ch = parse_channel("SIP/alice-00000001")
    assert classify(ch, None, ("trunk",), None, "DLPN_DialPlanalice") is Kind.TRUNK
    assert classify(ch, None, ("trunk",), frozenset({"alice"})) is Kind.EXTENSION


def test_settings_names_win_and_reach_the_directory_without_reconnect():
    async def go():
        async with running() as (_sim, service, w):
            loads = len(w.loads)
            service.configure(colleague_names={"204": "Dora", "299": "Only In Settings"})
            assert len(w.loads) == loads + 1
            names = {c.extension: c.name for c in w.loads[-1].colleagues}
            assert names["204"] == "Dora" and names["299"] == "Only In Settings"
            assert "299" in service.tracker.known_extensions
            service.configure(voicemail_target="8{extension}")
            assert service.voicemail_target == "8{extension}"

    run(go())


def test_colleague_settings_round_trip_and_validate(tmp_path):
    assert DEFAULT_VOICEMAIL == SERVICE_DEFAULT == Settings().voicemail_target
    store = SettingsStore(tmp_path / "s.json")
    s = Settings(colleague_names={"202": "Li Na 李娜"}, voicemail_target="*97{extension}")
    store.save(s)
    loaded, notice = store.load()
    assert notice is None
    assert loaded.colleague_names == {"202": "Li Na 李娜"}
    assert loaded.voicemail_target == "*97{extension}"
    bad = {e.field: str(e) for e in validate(Settings(colleague_names={"Li": "x"}))}
    assert "not an extension number" in bad["colleague_names"]
    bad = {e.field: str(e) for e in validate(Settings(voicemail_target="*2 {ext}; rm"))}
    assert "*2{extension}" in bad["voicemail_target"]
    assert "voicemail_target" in {e.field for e in validate(Settings(voicemail_target=" "))}


DIR = [
    Colleague("202", "Li Na 李娜", "SIP/202", "sip"),
    Colleague("203", "Wang Wei 王伟", "SIP/203", "sip"),
    Colleague("204", "Lina Ortiz", "SIP/204", "sip"),
    Colleague("205", None, "SIP/205", "sip"),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("203", None),  # a number is the caller's to clean
        ("+44 20 7946 0000", None),
        ("Wang", "203"),
        ("wang wei 王伟", "203"),
        ("王伟", "203"),
        ("Li Na 李娜", "202"),  # an exact name wins over "Lina" also matching
        ("Li Na 李娜 (202)", "202"),  # what the completer puts in the field
        ("ortiz", "204"),
    ],
)
def test_resolve_target(text, expected):
    assert resolve_target(text, DIR) == expected


def test_resolve_target_refuses_unknown_and_ambiguous_names():
    with pytest.raises(NoSuchColleague, match="Nobody called 'Zed'"):
        resolve_target("Zed", DIR)
    with pytest.raises(NoSuchColleague, match="matches several colleagues"):
        resolve_target("li", DIR)


def test_matches_ranks_number_then_name_prefix_then_substring():
    assert [c.extension for c in matches("20", DIR)] == ["202", "203", "204", "205"]
    # "Li Na" has a word that starts with "na"; "Lina" only contains it.
    assert [c.extension for c in matches("na", DIR)] == ["202", "204"]
