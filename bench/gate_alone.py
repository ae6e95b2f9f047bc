"""The call gate alone: CPU time of CallGate.feed over the busy-PBX stream, 64 KiB reads.

The gate is configured as the service configures it (the events the service reads as
`wanted`; with --tray also the colleagues' presence events as side events and an empty
directory, as the tray app has against the simulator). With --against PATH (a gate.py of
another commit, e.g. `git show BASE:screenpop/ami/gate.py > /tmp/gate_base.py`) both run
alternately and their output is compared item by item: a faster gate that hands out anything
else is reported as such.

    python bench/gate_alone.py [--flavor 1.8|20] [--runs N] [--read BYTES] [--tray]
                               [--against PATH]
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _busy_stream import busy_stream
from _common import machine_header

READ = 65536


def _load(path: str, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _joined(items: list[list[object]]) -> list[object]:
    """The output with runs of passed bytes joined (how the gate cuts them may differ)."""
    out: list[object] = []
    pending: list[bytes] = []
    for batch in items:
        for item in batch:
            if isinstance(item, bytes):
                pending.append(item)
            else:
                out += [b"".join(pending), item]
                pending = []
    return [*out, b"".join(pending)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--flavor", choices=("1.8", "20"), default="1.8")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5, help="runs per gate; the best counts")
    ap.add_argument("--read", type=int, default=READ, help="bytes per read (the client's: 64 KiB)")
    ap.add_argument("--tray", action="store_true", help="presence side events, empty directory")
    ap.add_argument("--against", metavar="PATH", help="another gate.py to compare with")
    args = ap.parse_args(argv)

    from screenpop.net.client import ConnectOptions
    from screenpop.service import PRESENCE_EVENTS, CallService

    gates = {
        "this": _load(
            str(Path(__file__).resolve().parents[1] / "screenpop/ami/gate.py"), "gate_this"
        )
    }
    if args.against:
        gates["against"] = _load(args.against, "gate_against")
    service = CallService(
        ConnectOptions(host="127.0.0.1"), on_call_event=lambda e: None, watch=("474",)
    )
    wanted = [*service.events_wanted(), *gates["this"].GATED_EVENTS]
    blob, truth = busy_stream(args.events, args.flavor)
    print(machine_header())
    print(f"stream ({args.flavor}): {truth.events:,} events, {len(blob) / 1e6:.1f} MB")

    def run(module: ModuleType) -> tuple[float, object, list[list[object]]]:
        gate = module.CallGate(
            ["474"], wanted=wanted, side_events=PRESENCE_EVENTS if args.tray else ()
        )
        if args.tray:
            gate.side_devices = frozenset()
        items = []
        t = time.process_time()
        for i in range(0, len(blob), args.read):
            items.append(gate.feed(blob[i : i + args.read], 1.0))
        return time.process_time() - t, gate, items

    best = dict.fromkeys(gates, float("inf"))
    outputs: dict[str, list[object]] = {}
    for i in range(args.runs):
        for label, module in gates.items():
            seconds, gate, items = run(module)
            best[label] = min(best[label], seconds)
            if i == 0:
                outputs[label] = _joined(items)
                print(
                    f"  {label}: kept {gate.frames_kept:,}, released {gate.frames_released:,},"
                    f" dropped {gate.frames_dropped:,}, unread {gate.frames_unread:,}"
                )
    for label, seconds in best.items():
        print(
            f"  {label}: best CPU {seconds * 1000:.0f} ms, {truth.events / seconds:,.0f}"
            f" events/s, {seconds / truth.events * 1e6:.2f} us/event"
        )
    if args.against:
        same = outputs["this"] == outputs["against"]
        print(f"  speed-up {best['against'] / best['this']:.2f}x; same output: {same}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
