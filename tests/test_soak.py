"""Soak: ~2,000 calls with 2 injected outages through the simulator and the real CallService.

The bench (`bench/soak.py --calls 100000`) runs the same day longer. Figures are printed in the
terminal summary and written to `<basetemp>/reliability/soak-<flavor>.json` (and
`$SCREENPOP_FIGURES_DIR` if set).
"""

from __future__ import annotations

import asyncio

import pytest
from conftest import publish_figures
from servicekit import FAST_RECONNECT, Pbx, start_service

from bench.soak import WATCH, soak, table
from screenpop.calls.events import Ringing
from screenpop.pbxsim import PbxSimulator


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_soak_two_thousand_calls_two_outages(flavor, tmp_path_factory):
    figures = asyncio.run(asyncio.wait_for(soak(2000, 800, flavor), 60))
    publish_figures(
        tmp_path_factory,
        f"soak-{flavor}.json",
        figures,
        f"soak {flavor}: {figures['calls']:,} calls, {figures['reconnects']} outages,"
        f" pops expected {figures['pops_expected']:,} / shown {figures['pops_shown']:,}"
        f" / closed {figures['pops_closed']:,}, lost {figures['pops_lost']},"
        f" stale {figures['stale_popups']}, unseeable {figures['unseeable_in_outage']},"
        f" RSS {figures['rss_start_mb']}->{figures['rss_end_mb']} MB, {figures['seconds']} s",
    )
    print(table(figures))
    assert figures["calls"] == 2000 and figures["reconnects"] == 2
    assert figures["pops_expected"] > 1000
    assert figures["pops_lost"] == 0, figures
    assert figures["pops_unexpected"] == 0, figures
    assert figures["stale_popups"] == 0, figures
    assert figures["double_pops"] == 0, figures
    assert figures["pops_closed"] == figures["pops_shown"]
    assert figures["tracker_calls_left"] == 0 and figures["tracker_uids_left"] == 0
    assert figures["events"].get("unknown", 0) == 0
    assert figures["transfers_failed"] == 0 and figures["kinds"]["transferred"] > 50


@pytest.mark.parametrize("number", ["0571888", ""], ids=["same-number", "withheld"])
def test_resync_tells_apart_two_callers_with_the_same_number(number):
    async def main():
        async with PbxSimulator(flavor="1.8") as sim:
            events: list = []
            running = await start_service(
                Pbx.of(sim),
                events.append,
                link=dict(connect_timeout=0.5),
                watch=WATCH,
                **FAST_RECONNECT,
            )
            service = running.service
            before = service.supervisor.connects
            sim.stall(True)
            await sim.drop_clients()
            a = await sim.incoming_call(number, "A", ["201"])
            b = await sim.incoming_call(number, "B", ["201"])
            sim.stall(False)
            while not (service.supervisor.connects > before and len(events) >= 2):
                await asyncio.sleep(0.01)
            rings = [e for e in events if isinstance(e, Ringing)]
            await running.stop()
            assert sorted(e.call for e in rings) == sorted([a.id, b.id])

    asyncio.run(asyncio.wait_for(main(), 20))
