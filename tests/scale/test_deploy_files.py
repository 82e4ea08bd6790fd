"""The nginx site and the systemd units in deploy/ are valid as shipped.

nginx checks the site inside a minimal nginx.conf (certificate and log paths pointed at
the test's own directory; nothing is started or bound); systemd-analyze checks the units
with Parley installed where this checkout is.
"""

import datetime
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

pytestmark = pytest.mark.database_independent  # see pyproject.toml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = ["parley-web.service", "parley-worker@.service", "parley-clock.service"]


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "parley.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def nginx_test(tmp_path: Path, site: str) -> subprocess.CompletedProcess[str]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    cert, key = self_signed_certificate(tmp_path)
    site = (
        site.replace("/etc/ssl/parley/fullchain.pem", str(cert))
        .replace("/etc/ssl/parley/privkey.pem", str(key))
        .replace("/var/log/nginx/", f"{tmp_path}/")
        .replace("/etc/nginx/parley/", f"{DEPLOY}/nginx/")
    )
    (tmp_path / "site.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        f"    access_log {tmp_path}/access.log;\n"
        f"{temp}\n"
        f"    include {tmp_path}/site.conf;\n"
        "}\n"
    )
    return subprocess.run(
        [nginx, "-t", "-q", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    checked = nginx_test(tmp_path, (DEPLOY / "nginx" / "parley.conf").read_text())
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == ""


def test_nginx_t_would_catch_a_broken_site(tmp_path: Path) -> None:
    site = (DEPLOY / "nginx" / "parley.conf").read_text().replace("proxy_pass", "proxy_pas", 1)
    checked = nginx_test(tmp_path, site)
    assert checked.returncode != 0
    assert "proxy_pas" in checked.stderr


def installed_units(tmp_path: Path, text_of: dict[str, str] | None = None) -> list[str]:
    """The units as installed with Parley in this checkout; the worker as instance 1."""
    names = []
    for unit in UNITS:
        text = (text_of or {}).get(unit) or (DEPLOY / "systemd" / unit).read_text()
        name = unit.replace("@.", "@1.")
        (tmp_path / name).write_text(text.replace("/srv/parley", str(ROOT)))
        names.append(str(tmp_path / name))
    return names


@pytest.fixture
def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    assert found, "systemd-analyze is missing: apt-get install systemd"
    return found


def verify(systemd_analyze: str, units: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [systemd_analyze, "verify", *units],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_the_systemd_units_pass_systemd_analyze_verify(
    tmp_path: Path, systemd_analyze: str
) -> None:
    checked = verify(systemd_analyze, installed_units(tmp_path))
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr == "", checked.stderr  # it only warns about a bad setting


def test_systemd_analyze_would_catch_a_broken_unit(tmp_path: Path, systemd_analyze: str) -> None:
    broken = (DEPLOY / "systemd" / "parley-web.service").read_text()
    broken = broken.replace("Restart=on-failure", "Restart=sometimes")
    checked = verify(systemd_analyze, installed_units(tmp_path, {"parley-web.service": broken}))
    assert "restart specifier" in checked.stderr
    assert "sometimes" in checked.stderr
