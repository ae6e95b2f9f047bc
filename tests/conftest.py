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
