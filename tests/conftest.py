import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CAPTURES = Path(__file__).parent / "fixtures" / "captures"


import asyncio  # noqa: E402

import pytest  # noqa: E402


@pytest.fixture
def qloop(qapp, qtbot):
    """A qasync loop that advances whenever qtbot spins Qt (see shared qt-stack notes)."""
    import qasync

    loop = qasync.QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
        asyncio.events._set_running_loop(None)
        loop.close()
        asyncio.set_event_loop(None)


def run_async(qtbot, coro, timeout: int = 10000):
    """Run a coroutine on the qasync loop from a sync test, spinning Qt until it is done."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=timeout)
    return task.result()


# -- figures the reliability tests report (README "Reliability") ---------------------------

import json  # noqa: E402

FIGURE_LINES: list[str] = []


def publish_figures(tmp_path_factory, name: str, figures: dict, line: str) -> None:
    """Write `figures` as JSON (under the run's temp dir, and $SCREENPOP_FIGURES_DIR if set)
    and print `line` at the end of the run."""
    dirs = [tmp_path_factory.getbasetemp() / "reliability"]
    if os.environ.get("SCREENPOP_FIGURES_DIR"):
        dirs.append(Path(os.environ["SCREENPOP_FIGURES_DIR"]))
    for folder in dirs:
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(figures, indent=2, ensure_ascii=False) + "\n"
        (folder / name).write_text(text, encoding="utf-8")
    FIGURE_LINES.append(f"{line} [{dirs[0] / name}]")


def pytest_terminal_summary(terminalreporter) -> None:
    for line in FIGURE_LINES:
        terminalreporter.write_line(line)


# -- the service test kit (tests/servicekit.py) ----------------------------------------------


@pytest.fixture
def recorder():
    """A fresh servicekit.Recorder: call events and connection states, awaited by predicate."""
    from servicekit import Recorder

    return Recorder()


# -- the app against the simulator (tests/appkit.py) -----------------------------------------


@pytest.fixture
def sim_options() -> dict:
    """Keyword arguments for the `sim` fixture's PbxSimulator; a test module overrides it."""
    return {}


@pytest.fixture
def sim(qloop, qtbot, sim_options):
    """A PbxSimulator on 127.0.0.1 (port 0) for the test, stopped afterwards."""
    from screenpop.pbxsim import PbxSimulator

    simulator = PbxSimulator(port=0, auth_fail_delay=0.05, **sim_options)
    run_async(qtbot, simulator.start())
    yield simulator
    run_async(qtbot, simulator.stop())
