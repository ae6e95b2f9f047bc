"""One app per user: the lock file that answers "am I first?" before the tray icon, and the
hand-over to the first copy (its socket opens a moment after its lock)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

from screenpop.app import SingleInstance

ROOT = Path(__file__).resolve().parent.parent


def _name() -> str:
    return f"screenpop-test-{uuid.uuid4().hex[:10]}"


def _python(code: str, name: str) -> subprocess.Popen:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SCREENPOP_INSTANCE": name}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _claiming_copy(name: str, then: str) -> subprocess.Popen:
    """Another process that claims the lock, prints `CLAIMED True|False`, then runs `then`."""
    code = """
        import os, sys
        from PySide6.QtCore import QCoreApplication
        from screenpop.app import SingleInstance
        app = QCoreApplication([])
        single = SingleInstance(os.environ["SCREENPOP_INSTANCE"])
        print("CLAIMED", single.claim(), flush=True)
        """
    return _python(textwrap.dedent(code) + then + "\n", name)


def _reap(proc: subprocess.Popen, name: str) -> None:
    """Leave no process and no lock file behind, even when the test failed half-way."""
    if proc.poll() is None:
        proc.kill()
    proc.communicate()
    Path(SingleInstance(name).lock_path()).unlink(missing_ok=True)


def test_the_first_claims_and_a_second_does_not(qapp):
    name = _name()
    first, second = SingleInstance(name), SingleInstance(name)
    try:
        assert first.claim() is True
        assert second.claim() is False
        first.close()  # quitting frees it
        assert second.claim() is True
    finally:
        first.close()
        second.close()


def test_the_lock_of_a_copy_that_died_is_taken_over(qapp):
    name = _name()
    proc = _claiming_copy(name, "os._exit(0)")  # a crash: the lock file stays behind
    single = SingleInstance(name)
    try:
        out, err = proc.communicate(timeout=60)
        assert "CLAIMED True" in out, err[-1000:]
        assert Path(single.lock_path()).exists()  # left behind by the dead copy
        assert single.claim() is True
    finally:
        single.close()
        _reap(proc, name)


def test_a_live_copy_keeps_its_lock_however_old(qapp):
    # Qt's default would call a lock older than 30 s stale; the app runs for days.
    name = _name()
    proc = _claiming_copy(name, "sys.stdin.readline()")  # holds it until the test is done
    try:
        assert proc.stdout.readline().strip() == "CLAIMED True"
        lock = Path(SingleInstance(name).lock_path())
        hour_ago = time.time() - 3600
        os.utime(lock, (hour_ago, hour_ago))
        assert SingleInstance(name).claim() is False
    finally:
        _reap(proc, name)


def test_a_second_start_waits_for_the_first_copys_socket(qapp, qtbot):
    # The first copy holds the lock at once but opens its socket only after its icon.
    name = _name()
    proc = _python(
        """
        import os, time
        from PySide6.QtCore import QCoreApplication, QTimer
        from screenpop.app import SingleInstance
        app = QCoreApplication([])
        single = SingleInstance(os.environ["SCREENPOP_INSTANCE"])
        assert single.claim()
        print("CLAIMED", flush=True)
        time.sleep(1.0)
        single.listen(lambda: (print("SHOW", flush=True), app.quit()))
        QTimer.singleShot(20000, app.quit)
        app.exec()
        """,
        name,
    )
    try:
        assert proc.stdout.readline().strip() == "CLAIMED"
        single = SingleInstance(name)
        assert single.claim() is False
        assert single.notify_running("show") is False  # no socket yet, no waiting
        started = time.monotonic()
        assert single.notify_running("show", wait=SingleInstance.HANDOVER_SECONDS) is True
        assert time.monotonic() - started < SingleInstance.HANDOVER_SECONDS
        out, err = proc.communicate(timeout=30)
    finally:
        _reap(proc, name)
    assert "SHOW" in out, err[-1000:]


def test_requests_before_the_handlers_wait_for_them(qapp, qtbot):
    single = SingleInstance(_name())
    try:
        assert single.listen() is True  # the app listens before its controller exists
        assert SingleInstance(single.name).notify_running("link tel:123")
        assert SingleInstance(single.name).notify_running("show")
        qtbot.waitUntil(lambda: len(single._waiting) == 2, timeout=5000)
        seen: list[str] = []
        single.set_handlers(lambda: seen.append("show"), lambda link: seen.append(link))
        assert seen == ["tel:123", "show"]  # in the order they came
    finally:
        single.close()


def test_a_listening_copy_without_the_lock_is_not_replaced(qapp):
    # A copy from before the lock existed answers on the socket: a new one must not take it.
    name = _name()
    first, second = SingleInstance(name), SingleInstance(name)
    try:
        assert first.listen(lambda: None) is True
        assert second.listen(lambda: None) is False
        assert second.server is None
        assert SingleInstance(name).notify_running("show") is True  # the first still answers
    finally:
        first.close()
        second.close()
