"""The AMI secret never leaks (logs, exceptions, reprs, CLI output); private files; TLS checks."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import ipaddress
import logging
import os
import signal
import ssl
import stat
import sys
import traceback
from pathlib import Path

import pytest
from servicekit import FAST_RECONNECT, Pbx, start_service

from screenpop.cli import build_parser
from screenpop.history import HistoryStore
from screenpop.net.client import AmiClient, ConnectOptions
from screenpop.net.errors import AmiError, AuthenticationFailed, TlsError
from screenpop.pbxsim import PbxSimulator

SECRET = "S3cr3t-XYZ-987"
WRONG = "Wr0ng-S3cr3t-654"
ROOT = Path(__file__).resolve().parent.parent


def run(coro, timeout: float = 30):
    return asyncio.run(asyncio.wait_for(coro, timeout))


class Capture(logging.Handler):
    """Every record of every logger, formatted with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))
        self.texts.append(repr(record.args))


@pytest.fixture
def captured():
    handler = Capture()
    root = logging.getLogger()
    loggers = [logging.getLogger(n) for n in ("screenpop", "asyncio")]
    old = root.level, [lg.level for lg in loggers]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old[0])
        for lg, level in zip(loggers, old[1], strict=True):
            lg.setLevel(level)


def assert_no_secret(texts, *secrets: str) -> None:
    secrets = secrets or (SECRET, WRONG)
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"secret leaked in: {text[:300]}"
            assert secret.lower() not in text.lower()
    assert texts, "nothing captured: the check would be vacuous"


def test_full_session_never_logs_or_shows_the_secret(captured):
    texts: list[str] = []

    def record_exc(exc: BaseException) -> None:
        texts.append(str(exc))
        texts.append(repr(exc))
        texts.append("".join(traceback.format_exception(exc)))

    async def main():
        async with PbxSimulator(secret=SECRET, auth_fail_delay=0.01) as sim:
            events: list = []
            states: list = []
            for prefer_md5 in (True, False):
                link = dict(prefer_md5=prefer_md5, ping_interval=0.1, ping_timeout=1.0)
                options = Pbx.of(sim).options(**link)
                texts.extend([repr(options), str(options), f"{options}", f"{options!r}"])
                running = await start_service(
                    Pbx.of(sim),
                    events.append,
                    lambda s, r: states.append(f"{s} {r}"),
                    link=link,
                    **FAST_RECONNECT,
                )
                service = running.service
                call = await sim.incoming_call("13800138000", "张伟", ["474"])
                while not events:
                    await asyncio.sleep(0.01)
                await service.transfer(call.id, "474", "306")
                connects = service.supervisor.connects
                await sim.drop_clients(mid_frame=True)  # a reconnect
                while service.supervisor.connects == connects or (
                    service.supervisor.state != "connected"
                ):
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.3)  # a few Pings
                await sim.hangup(call)
                texts.append(repr(service.supervisor.client))
                await running.stop()
                events.clear()
            # A refused login, with the wrong secret in the options.
            bad = ConnectOptions(host="127.0.0.1", port=sim.port, username="admin", secret=WRONG)
            for md5 in (True, False):
                try:
                    await AmiClient.connect(ConnectOptions(**{**bad.__dict__, "prefer_md5": md5}))
                except AuthenticationFailed as exc:
                    record_exc(exc)
                else:
                    raise AssertionError("wrong secret accepted")
            # The plaintext login did carry the secret (to the PBX only).
            assert any(m.get("Secret") == SECRET for m in sim.actions_received)
            texts.extend(states)

    run(main())
    texts.extend(captured.texts)
    assert any("screenpop" in t for t in captured.texts), "no screenpop log captured"
    assert_no_secret(texts)


def test_cli_has_no_secret_option():
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.choices and "monitor" in a.choices)
    for name, sub in subparsers.choices.items():
        options = {s for a in sub._actions for s in a.option_strings}
        assert not [o for o in options if "secret" in o or "password" in o], (name, options)
        assert "SCREENPOP_SECRET" in sub.format_help()


async def _cli(*args: str, env_secret: str, stop_when: str | None = None, timeout=10.0):
    env = {**os.environ, "SCREENPOP_SECRET": env_secret, "PYTHONPATH": str(ROOT)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-X",
        "dev",
        "-m",
        "screenpop",
        *args,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out = b""
    if stop_when is not None:
        assert proc.stdout is not None
        async with asyncio.timeout(timeout):
            while stop_when.encode() not in out:
                line = await proc.stdout.readline()
                if not line:
                    break
                out += line
        proc.send_signal(signal.SIGINT)
    more, err = await asyncio.wait_for(proc.communicate(), timeout)
    return proc.returncode, (out + more).decode(), err.decode()


def test_cli_output_never_shows_the_secret():
    async def main():
        async with PbxSimulator(secret=SECRET, auth_fail_delay=0.01) as sim:
            common = ["--host", "127.0.0.1", "--port", str(sim.port), "--verbose"]

            async def place_call():
                await asyncio.sleep(1.5)
                call = await sim.incoming_call("13800138000", "张伟", ["474"])
                await sim.hangup(call)

            caller = asyncio.create_task(place_call())
            code, out, err = await _cli(
                "monitor", *common, env_secret=SECRET, stop_when='"ended"', timeout=20
            )
            await caller
            assert code in (0, 130), (code, err)
            assert '"ringing"' in out and '"ended"' in out and "张伟" in out, (out, err)
            assert "DEBUG" in err  # --verbose did log
            outputs = [out, err]
            code2, out2, err2 = await _cli("monitor", *common, env_secret=WRONG)
            assert code2 == 4 and "refused the login" in err2, (code2, err2)
            code3, out3, err3 = await _cli("dial", "474", "306", *common, env_secret=SECRET)
            assert code3 == 0, err3
            outputs += [out2, err2, out3, err3]
            assert_no_secret(outputs)

    run(main(), timeout=60)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_history_and_settings_files_are_private(tmp_path):
    from screenpop.config import Settings
    from screenpop.settings_store import SettingsStore

    old = os.umask(0o022)
    try:
        store = HistoryStore(tmp_path / "h" / "history.sqlite3")
        store.close()
        settings_path = tmp_path / "s" / "settings.json"
        SettingsStore(settings_path).save(Settings(host="pbx", username="admin"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "h" / "history.sqlite3").st_mode) == 0o600
    assert stat.S_IMODE(os.stat(settings_path).st_mode) == 0o600
    assert SECRET not in settings_path.read_text() and "secret" not in settings_path.read_text()


# -- TLS ------------------------------------------------------------------------------------


def _make_cert(folder: Path) -> tuple[Path, Path, bytes]:
    """A self-signed certificate for 127.0.0.1: (cert.pem, key.pem, DER bytes)."""
    x509 = pytest.importorskip("cryptography.x509")
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mypbx.test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "pbx.pem", folder / "pbx.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path, cert.public_bytes(serialization.Encoding.DER)


def test_tls_needs_a_trusted_or_pinned_certificate(tmp_path, captured):
    cert, key, der = _make_cert(tmp_path)
    fingerprint = hashlib.sha256(der).hexdigest()

    async def main():
        async with PbxSimulator(secret=SECRET) as sim:
            server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            server_ctx.load_cert_chain(cert, key)
            # The simulator's own connection handler, behind TLS (MyPBX's port 5039).
            server = await asyncio.start_server(sim._handle, "127.0.0.1", 0, ssl=server_ctx)
            port = server.sockets[0].getsockname()[1]
            base = dict(host="127.0.0.1", port=port, username="admin", secret=SECRET, tls=True)
            errors: list[str] = []
            try:
                with pytest.raises(TlsError) as untrusted:
                    await AmiClient.connect(ConnectOptions(**base))
                text = str(untrusted.value)
                assert "install its CA certificate" in text and "fingerprint" in text
                errors.append(text)

                client = await AmiClient.connect(ConnectOptions(**base, ca_file=str(cert)))
                assert client.banner is not None
                await client.close()

                colons = ":".join(fingerprint[i : i + 2] for i in range(0, 64, 2)).upper()
                for pin in (fingerprint, colons):
                    client = await AmiClient.connect(ConnectOptions(**base, tls_fingerprint=pin))
                    assert (await client.command("core show channel 1")) is not None
                    await client.close()

                wrong = hashlib.sha256(b"another certificate").hexdigest()
                with pytest.raises(TlsError, match="does not match the pinned fingerprint") as bad:
                    await AmiClient.connect(ConnectOptions(**base, tls_fingerprint=wrong))
                errors.append(str(bad.value))
                # Plain TCP to the TLS port: a typed error, not a hang or a traceback.
                with pytest.raises(AmiError):
                    await AmiClient.connect(
                        ConnectOptions(**{**base, "tls": False, "connect_timeout": 1.0})
                    )
            finally:
                server.close()
                await server.wait_closed()
            return errors

    errors = run(main())
    assert_no_secret(errors + captured.texts, SECRET)
