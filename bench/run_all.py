"""Run every benchmark and print one table: metric, figure, target, met?

    python bench/run_all.py [--quick]

Each benchmark runs in its own process (so memory and CPU figures are the client's alone)
and prints its own details first; the table at the end collects their result rows.
--quick: fewer runs, 150 pops per rate, 10,000 calls, a 10 s idle window, one end-to-end run
per client, 300 calls into the tray app, 60 calls per Asterisk version for popup_vs_phone.py.
ami_bytes.py and popup_vs_phone.py need the Asterisk builds ($SCREENPOP_ASTERISK_20 / _18) and
SIPp; without them their rows say "not run".
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, machine_header, print_table, read_json

HERE = Path(__file__).resolve().parent
SCRIPTS = (
    ("codec_throughput.py",),
    ("pop_latency.py",),
    ("pop_latency.py", "--history", "--rates", "2000"),
    ("popup_build.py",),
    ("contacts_bench.py",),
    ("memory_cpu.py",),
    ("e2e_digest.py", "--flavor", "1.8"),
    ("e2e_digest.py", "--flavor", "20"),
    ("footprint.py",),
    ("flood.py",),
    ("ami_bytes.py", "--version", "20"),
    ("ami_bytes.py", "--version", "1.8"),
    ("popup_vs_phone.py",),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="a shorter run for trying things out")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows: list[Row] = []
    failed = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="screenpop-bench-") as tmp:
        for n, (script, *extra) in enumerate(SCRIPTS):
            out = Path(tmp, f"{n}-{script}.json")
            cmd = [sys.executable, str(HERE / script), *extra, "--json", str(out)]
            if args.quick and script != "ami_bytes.py":
                cmd.append("--quick")
            name = " ".join([script, *extra])
            print(f"\n=== {name} {'(quick)' if args.quick else ''}", flush=True)
            code = subprocess.call(cmd, env=env, timeout=1800)
            if code != 0 or not out.exists():
                failed.append(name)
                rows.append(Row(name, f"FAILED (exit {code})", "runs", False))
                continue
            rows += read_json(str(out))
    print("\n" + "=" * 100)
    print(machine_header())
    mode = "quick run" if args.quick else "full run"
    print(
        f"{mode}, {time.perf_counter() - started:.0f} s; command: python bench/run_all.py"
        + (" --quick" if args.quick else "")
    )
    print()
    print_table(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
