"""``intake registry serve`` in a subprocess, with TLS: a device reaches it over HTTPS and checks the ack."""

from __future__ import annotations

import datetime
import ssl
import subprocess
from pathlib import Path

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from intake_app.bundles.ack import ack_from_json, verify_ack
from tests.bundles.helpers import Device, make_version
from tests.cli.cli_helpers import Cli
from tests.conftest import REGISTRY_PW
from tests.registry.ingest_helpers import enrol_device, seal_for
from tests.registry.live_server import free_port, wait_until_up


def _self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made now (no key material is committed)."""
    import ipaddress

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "registry-test")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=1))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_serve_over_tls(registry, registry_dir, tmp_path):
    device = Device()
    enrol_device(registry, device)
    data = seal_for(registry, device, [make_version(device)])
    cert, key = _self_signed(tmp_path)
    port = free_port()
    cli = Cli(tmp_path / "device", tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    process = subprocess.Popen([*cli.program, "registry", "serve", str(registry_dir), "--port", str(port),
                                "--certfile", str(cert), "--keyfile", str(key)],
                               env=cli.env(INTAKE_REGISTRY_PASSPHRASE=REGISTRY_PW), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    trusted = ssl.create_default_context(cafile=str(cert))
    try:
        health = wait_until_up(port, process, 30, scheme="https", verify=trusted)
        with httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=trusted, timeout=10) as client:
            assert health.json()["registry_id"] == registry.registry_id
            response = client.post("/v1/bundles", content=data, headers={
                "X-Intake-Device": device.device_id, "Content-Type": "application/octet-stream"})
            assert response.status_code == 200, response.text
            ack = ack_from_json(response.json())
            verify_ack(ack, registry.enrolment.signing_public_key, registry_id=registry.registry_id,
                       bundle_id=ack.bundle_id, device_id=device.device_id)
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=20)
    assert REGISTRY_PW.encode() not in err
