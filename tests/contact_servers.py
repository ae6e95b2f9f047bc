"""Real contact servers for the tests, each started on 127.0.0.1 in a temp folder and stopped
afterwards (also when a test fails): OpenLDAP slapd, Radicale (CardDAV), a small CRM.

A server that is not installed skips with the reason, except in CI (CI=true), where it fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from test_secrets import _make_cert

SLAPD = shutil.which("slapd") or "/usr/sbin/slapd"
SLAPADD = shutil.which("slapadd") or "/usr/sbin/slapadd"
SCHEMA = Path("/etc/ldap/schema")
MODULES = Path("/usr/lib/ldap")
BASE_DN = "dc=example,dc=com"
ADMIN_DN = f"cn=admin,{BASE_DN}"
ADMIN_PASSWORD = "s3cret-ldap-pw"


def missing(what: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what} is not installed, and CI must run this test")
    pytest.skip(f"{what} is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), 0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{what} did not listen on {port}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


# -- LDAP ---------------------------------------------------------------------------------


CJK_NAMES = ["王小明", "李雷", "韩梅梅", "张伟", "佐藤 花子", "김민준"]


def person_ldif(i: int) -> str:
    name = CJK_NAMES[i] if i < len(CJK_NAMES) else f"Person {i:03d}"
    lines = [
        f"dn: uid=p{i},ou=people,{BASE_DN}",
        "objectClass: inetOrgPerson",
        f"uid: p{i}",
        f"cn: {name}",
        f"sn: {name.split()[0]}",
        f"displayName: {name}",
        f"o: Company {i % 7}",
        f"telephoneNumber: +86 10 6000 {i:04d}",
    ]
    if i % 3 == 0:
        lines.append(f"mobile: +86 139 0000 {i:04d}")
    if i % 5 == 0:
        lines.append(f"homePhone: 020 8000 {i:04d}")
    return "\n".join(lines) + "\n"


@dataclass
class Slapd:
    port: int
    tls_port: int
    ca_file: Path
    folder: Path
    proc: subprocess.Popen = field(repr=False)

    def url(self, *, secure: bool = False, user: str = "", query: str = "") -> str:
        scheme, port = ("ldaps", self.tls_port) if secure else ("ldap", self.port)
        who = f"{user}@" if user else ""
        return f"{scheme}://{who}127.0.0.1:{port}/ou=people,{BASE_DN}{query}"


@pytest.fixture(scope="session")
def slapd(tmp_path_factory) -> Iterator[Slapd]:
    if not (Path(SLAPD).exists() and Path(SLAPADD).exists() and (SCHEMA / "core.schema").exists()):
        missing("OpenLDAP slapd (Debian packages slapd ldap-utils)")
    folder = tmp_path_factory.mktemp("slapd")
    cert, key, _ = _make_cert(folder)
    (folder / "db").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(
        "\n".join(
            [
                f"include {SCHEMA}/core.schema",
                f"include {SCHEMA}/cosine.schema",
                f"include {SCHEMA}/inetorgperson.schema",
                f"modulepath {MODULES}",
                "moduleload back_mdb",
                f"pidfile {folder}/slapd.pid",
                f"TLSCertificateFile {cert}",
                f"TLSCertificateKeyFile {key}",
                "database mdb",
                "maxsize 10485760",
                f"suffix {BASE_DN}",
                f"rootdn {ADMIN_DN}",
                f"rootpw {ADMIN_PASSWORD}",
                f"directory {folder}/db",
                "access to * by * read",
                "",
            ]
        )
    )
    ldif = [
        f"dn: {BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\ndc: example\n"
        "o: Example\n",
        f"dn: ou=people,{BASE_DN}\nobjectClass: organizationalUnit\nou: people\n",
        *(person_ldif(i) for i in range(300)),
    ]
    (folder / "data.ldif").write_text("\n".join(ldif), encoding="utf-8")
    subprocess.run(
        [SLAPADD, "-f", str(conf), "-l", str(folder / "data.ldif")],
        check=True,
        capture_output=True,
    )
    port, tls_port = free_port(), free_port()
    proc = subprocess.Popen(
        [
            SLAPD,
            "-d",
            "0",
            "-f",
            str(conf),
            "-h",
            f"ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tls_port}/",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc, "slapd")
        wait_port(tls_port, proc, "slapd")
        yield Slapd(port, tls_port, cert, folder, proc)
    finally:
        stop(proc)


# -- CardDAV (Radicale) -------------------------------------------------------------------


@dataclass
class Radicale:
    port: int
    storage: Path
    proc: subprocess.Popen = field(repr=False)
    user: str = "anna"

    @property
    def book_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{self.user}/contacts/"

    @property
    def source(self) -> str:
        return f"carddav+http://{self.user}@127.0.0.1:{self.port}/{self.user}/contacts/"


RADICALE_PASSWORD = "right-horse-battery-7"


def _start_radicale(tmp_path: Path, auth: list[str]) -> Iterator[Radicale]:
    try:
        import radicale  # noqa: F401
    except ImportError:
        missing("Radicale (pip install -e '.[test]')")
    port = free_port()
    storage = tmp_path / "radicale"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(storage),
            *auth,
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc, "radicale")
        yield Radicale(port, storage, proc)
    finally:
        stop(proc)


@pytest.fixture
def radicale(tmp_path) -> Iterator[Radicale]:
    """Radicale taking any password (auth none)."""
    yield from _start_radicale(tmp_path, ["--auth-type", "none"])


@pytest.fixture
def radicale_login(tmp_path) -> Iterator[Radicale]:
    """Radicale checking passwords: anna's is RADICALE_PASSWORD (an htpasswd file)."""
    users = tmp_path / "users"
    users.write_text(f"anna:{RADICALE_PASSWORD}\n", encoding="utf-8")
    yield from _start_radicale(
        tmp_path,
        [
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(users),
            "--auth-htpasswd-encryption",
            "plain",
            "--auth-delay",
            "0",
        ],
    )


# -- a CRM --------------------------------------------------------------------------------


@dataclass
class Crm:
    port: int
    people: dict[str, dict]  # e164 -> answer
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    delay: float = 3.0

    def url(self, kind: str = "normal", placeholder: str = "{e164}") -> str:
        return f"http://127.0.0.1:{self.port}/{kind}?number={placeholder}"


@pytest.fixture
def crm() -> Iterator[Crm]:
    state = Crm(0, {})

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            state.requests.append((self.path, dict(self.headers)))
            parts = urlsplit(self.path)
            number = (parse_qs(parts.query).get("number") or [""])[0]
            kind = parts.path.strip("/")
            if kind == "slow":
                time.sleep(state.delay)
            if kind == "garbage":
                body, code = b"<html><body>502 upstream oops</body></html>", 200
            elif kind == "auth" and self.headers.get("Authorization") != "Bearer tok-123":
                body, code = b'{"error": "unauthorized"}', 401
            elif number in state.people:
                body, code = json.dumps(state.people[number]).encode(), 200
            else:
                body, code = b"", 404
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up (the slow case): fine
                self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
