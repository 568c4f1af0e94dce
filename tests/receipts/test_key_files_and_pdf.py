"""Key files for verifiers, and the token read back out of a receipt PDF."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfWriter

from intake_app.errors import UserError
from intake_app.protocol.keys import load_key_files, read_key_file, write_key_file
from intake_app.receipts.pdf_metadata import PDF_TOKEN_KEY, token_from_pdf
from intake_app.protocol.receipt_token import ReceiptTokenError, verify_token
from tests.receipts.helpers import SigningDevice


def write_pdf(path, token: str | None) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if token is not None:
        writer.add_metadata({PDF_TOKEN_KEY: token})
    with open(path, "wb") as handle:
        writer.write(handle)


def test_key_file_round_trip(tmp_path):
    device = SigningDevice()
    write_key_file(tmp_path / "key.json", device.key)
    doc = json.loads((tmp_path / "key.json").read_text(encoding="utf-8"))
    assert doc["format"] == "intake-device-key/1" and doc["fingerprint"] == device.key.fingerprint
    assert read_key_file(tmp_path / "key.json") == device.key
    assert verify_token(device.token(), load_key_files([tmp_path / "key.json"])).device.name == "Test laptop"


def test_edited_or_foreign_key_files_are_refused(tmp_path):
    device, other = SigningDevice(), SigningDevice()
    path = tmp_path / "key.json"
    write_key_file(path, device.key)
    doc = json.loads(path.read_text(encoding="utf-8"))
    swapped = dict(doc, public_key=other.key.to_json()["public_key"])  # someone's key under our name
    path.write_text(json.dumps(swapped), encoding="utf-8")
    with pytest.raises(UserError, match="fingerprint does not match"):
        read_key_file(path)
    for bad in ("not json", json.dumps(dict(doc, format="x")), json.dumps(dict(doc, public_key="AAAA")),
                json.dumps(dict(doc, device_id="nope")), json.dumps([doc])):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(UserError, match="not a Field Intake device key file"):
            read_key_file(path)
    with pytest.raises(UserError, match="Cannot read"):
        read_key_file(tmp_path / "missing.json")


def test_two_different_keys_for_one_device_are_refused(tmp_path):
    device, other = SigningDevice(), SigningDevice()
    write_key_file(tmp_path / "a.json", device.key)
    write_key_file(tmp_path / "b.json", type(device.key)(device.device_id, other.key.public_key))
    with pytest.raises(UserError, match="different keys for device"):
        load_key_files([tmp_path / "a.json", tmp_path / "b.json"])
    write_key_file(tmp_path / "c.json", other.key)
    assert set(load_key_files([tmp_path / "a.json", tmp_path / "c.json", tmp_path / "a.json"])) == {
        device.device_id, other.device_id}


def test_token_from_pdf(tmp_path):
    device = SigningDevice()
    write_pdf(tmp_path / "receipt.pdf", device.token())
    assert token_from_pdf(tmp_path / "receipt.pdf") == device.token()
    write_pdf(tmp_path / "plain.pdf", None)
    with pytest.raises(ReceiptTokenError, match="carries no receipt token"):
        token_from_pdf(tmp_path / "plain.pdf")
    (tmp_path / "fake.pdf").write_bytes(b"%PDF-1.7\n garbage \x00\xff")
    with pytest.raises(ReceiptTokenError, match="not a readable PDF"):
        token_from_pdf(tmp_path / "fake.pdf")
    (tmp_path / "note.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ReceiptTokenError, match="not a readable PDF"):
        token_from_pdf(tmp_path / "note.txt")


def test_the_hand_check_in_the_docs_works(tmp_path):
    """docs/receipt-token.md shows how to verify a token with Python and cryptography alone: run it."""
    import re
    import subprocess
    import sys

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "receipt-token.md").read_text(encoding="utf-8")
    script = re.search(r"### By hand.*?```python\n(.*?)```", doc, re.S).group(1)
    device = SigningDevice()
    claim = device.claim(7)
    write_key_file(tmp_path / "key.json", device.key)
    run = [sys.executable, "-c", script, device.token(claim), str(tmp_path / "key.json")]
    out = subprocess.run(run, capture_output=True, text=True, check=True).stdout
    assert f"receipt {claim.receipt_no}\n" in out and f"content hash {claim.content_hash}\n" in out
    assert "submitted 2026-11-23 09:30:00.123456+00:00" in out
    forged = device.token(claim)[:40] + "A" * 8 + device.token(claim)[48:]
    assert subprocess.run(run[:3] + [forged, run[4]], capture_output=True, text=True).returncode != 0
