"""A real moneytrail server for the web tests: HTTPS on loopback, a store with a user for every role."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from moneytrail.cases import grant, open_case
from moneytrail.config import Settings, sqlite_url
from moneytrail.security import accounts, apikeys
from moneytrail.security.policy import PERMISSIONS
from moneytrail.security.roles import Role
from moneytrail.store import init_store
from moneytrail.store.models import Agency, Institution

PASSWORD = "correct horse battery staple"
USERS = {
    Role.REPORTING_ENTITY: "bank12",
    Role.ANALYST: "analyst1",
    Role.SUPERVISOR: "super1",
    Role.LAW_ENFORCEMENT: "police1",
    Role.PROSECUTOR: "prosecutor1",
    Role.ASSET_RECOVERY: "aro1",
    Role.FOREIGN_LIAISON: "liaison1",
    Role.FOCAL_POINT: "focal1",
    Role.ADMIN: "admin1",
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@dataclass
class LiveServer:
    url: str
    home: Path
    settings: Settings
    case_ref: str
    keys: dict[str, str] = field(default_factory=dict)  # role -> API key with every scope of the role
    cert: Path = Path()

    @property
    def tls(self) -> ssl.SSLContext:
        """Trusts the test server's own self-signed certificate (and nothing else)."""
        return ssl.create_default_context(cafile=str(self.cert))

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, verify=self.tls, follow_redirects=False, timeout=30, headers=headers
        )

    def login(self, username: str, password: str = PASSWORD) -> httpx.Client:
        c = self.client()
        page = c.get("/login")
        token = csrf_of(page.text)
        r = c.post(
            "/login", data={"username": username, "password": password, "csrf_token": token, "next": "/"}
        )
        assert r.status_code == 303, (username, r.status_code, r.text[:300])
        c.headers["X-CSRF-Token"] = csrf_of(c.get("/").text)
        return c


def csrf_of(html: str) -> str:
    m = re.search(r'name="csrf-token" content="([0-9a-f]+)"', html) or re.search(
        r'name="csrf_token" value="([0-9a-f]+)"', html
    )
    assert m, html[:500]
    return m.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed(dir: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=7))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cp, kp = dir / "cert.pem", dir / "key.pem"
    cp.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    kp.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cp, kp


def seed_store(settings: Settings) -> tuple[str, dict[str, str]]:
    store = init_store(settings)
    with store.transaction() as s:
        s.add(
            Institution(
                code="12",
                name="Harbour Bank",
                kind="bank",
                country="MT",
                reporting_entity=True,
                bic="HARBMTMT",
            )
        )
        s.add(Institution(code="77", name="Other Bank", kind="bank", country="MT", reporting_entity=True))
        s.add(Agency(code="POL", name="National Police", kind="police", country="MT"))
    for role, name in USERS.items():
        accounts.create_user(
            store,
            name,
            PASSWORD,
            role.value,
            institution="12",
            agency="POL",
            country="FR",
            display_name=name.title(),
        )
    accounts.create_user(store, "analyst2", PASSWORD, "analyst", display_name="Analyst Two")
    accounts.create_user(store, "victim", PASSWORD, "analyst")
    lead = accounts.resolve_session(
        store,
        str(accounts.login(store, "analyst1", PASSWORD, None, None, accounts.SessionPolicy()).token),
        accounts.SessionPolicy(),
    )
    assert lead is not None
    view = open_case(store, lead, "Structuring through three banks")
    for role in (Role.LAW_ENFORCEMENT, Role.PROSECUTOR, Role.ASSET_RECOVERY):
        grant(store, lead, view, USERS[role], "reader")
    keys: dict[str, str] = {}
    for role in Role:
        scopes = sorted(n for n, p in PERMISSIONS.items() if role in p.roles)
        keys[role.value], _rec = apikeys.create_key(
            store, f"{role.value} system", role.value, scopes, institution="12", agency="POL"
        )
    store.close()
    return view.case.ref, keys


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("live")
    home = base / "home"
    settings = Settings(home=home, database_url=sqlite_url(home))
    ref, keys = seed_store(settings)
    cert, key = self_signed(base)
    port = free_port()
    env = {
        **os.environ,
        "MONEYTRAIL_HOME": str(home),
        "MONEYTRAIL_ARGON2": "fast",
        "MONEYTRAIL_LOGIN_RATE_PER_MINUTE": "600",
        "MONEYTRAIL_API_RATE_PER_MINUTE": "100000",
    }
    env.pop("MONEYTRAIL_DATABASE_URL", None)
    log = open(base / "server.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "moneytrail",
            "serve",
            "--port",
            str(port),
            "--ssl-certfile",
            str(cert),
            "--ssl-keyfile",
            str(key),
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"https://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if (
                httpx.get(
                    f"{url}/healthz", verify=ssl.create_default_context(cafile=str(cert)), timeout=1
                ).status_code
                == 200
            ):
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("the server did not start: " + (base / "server.log").read_text()[-2000:])
    yield LiveServer(url, home, settings, ref, keys, cert)
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)
    log.close()
