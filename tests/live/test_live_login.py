"""Logging in to a real Asterisk: wrong secret, MD5 challenge, TLS with and without the CA."""

from __future__ import annotations

import subprocess

from .asterisk import SCREENPOP
from .conftest import Monitor, cli_env
from .proxy import RecordingProxy


def test_wrong_secret_exits_4_with_one_line(office, pbx):
    done = office.run_cli("monitor", secret="not-the-secret", timeout=30)
    assert done.returncode == 4
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "not-the-secret" not in done.stderr + done.stdout
    # The PBX saw the refused login.
    assert "failed to authenticate as 'screenpop'" in pbx.log_text()


def test_md5_login_never_sends_the_secret(pbx):
    proxy = RecordingProxy(pbx.ports.ami)
    try:
        mon = Monitor(pbx, port=proxy.port)
        try:
            mon.wait_connected(15)
        finally:
            mon.stop()
        wire = bytes(proxy.sent)
    finally:
        proxy.close()
    assert b"Action: Challenge" in wire and b"AuthType: MD5" in wire and b"Key: " in wire
    assert SCREENPOP[1].encode() not in wire
    assert f"Manager '{SCREENPOP[0]}' logged on" in pbx.log_text()


def _cli(pbx) -> list[str]:  # type: ignore[no-untyped-def]
    import sys

    return [sys.executable, "-m", "screenpop"]


def _tls_args(pbx) -> list[str]:  # type: ignore[no-untyped-def]
    return ["--host", "127.0.0.1", "--username", SCREENPOP[0], "--tls",
            "--port", str(pbx.ports.ami_tls)]  # fmt: skip


def test_tls_with_the_test_ca_works(pbx, live_ca):
    mon = Monitor(pbx, "--tls", "--ca-file", str(live_ca.ca_file), port=pbx.ports.ami_tls)
    try:
        mon.wait_connected(15)
    finally:
        mon.stop()
    assert f"Manager '{SCREENPOP[0]}' logged on" in pbx.log_text()


def test_tls_without_the_ca_is_refused_with_exit_3(pbx):
    done = subprocess.run(
        [*_cli(pbx), "monitor", *_tls_args(pbx)], env=cli_env(), capture_output=True,
        text=True, timeout=30, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 3, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert "certificate" in line
