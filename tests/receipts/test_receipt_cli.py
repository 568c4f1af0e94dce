"""``intake device show|export-key`` and ``intake receipt token|verify``, run for real."""

from __future__ import annotations

import json


from intake_app.protocol.keys import read_key_file
from tests.cli.cli_helpers import Cli
from tests.receipts.helpers import SigningDevice
from tests.receipts.test_key_files_and_pdf import write_pdf
from tests.records.sample import application, write_scan


def _submit(officer: Cli, tmp_path) -> str:
    scan = write_scan(tmp_path / "in")
    out = officer.ok("record", "new", "--form", "asylum_application", "--json", "-",
                     "--attach", f"application_scan={scan}", "--submit", input=json.dumps(application()))
    return out.strip().splitlines()[-1].split()[-1]


def _one_error_line(result, *fragments: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def _not_valid(result, fragment: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert result.stdout.startswith("NOT valid: ") and fragment in result.stdout, result.stdout
    assert "Traceback" not in result.stderr


def test_device_show_for_any_role(cli, officer_cli):
    shown = officer_cli.ok("device", "show")
    as_admin = cli.ok("device", "show")
    assert shown == as_admin
    for text in ("Device id: ", "Device code: ", "Device name: Laptop 7", "Location code: KZ-ALA",
                 "Public key (Ed25519, base64): ", "Fingerprint (SHA-256): "):
        assert text in shown
    doc = officer_cli.json("device", "show")
    assert doc["name"] == "Laptop 7" and doc["fingerprint"] in shown and doc["public_key"] in shown


def test_export_key_then_verify_without_any_store(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    token = officer_cli.ok("receipt", "token", receipt).strip()
    assert len(token) == 209 and token.startswith("FIR1")
    out = officer_cli.ok("device", "export-key", "--out", str(tmp_path / "key.json"))
    key = read_key_file(tmp_path / "key.json")
    assert key.fingerprint in out and key.name == "Laptop 7" and key.location_code == "KZ-ALA"

    # A verifier elsewhere: no store, no user, no passphrase; only the key file.
    elsewhere = Cli(tmp_path / "nowhere", tmp_path / "tmp2", user="", passphrase="")
    out = elsewhere.ok("receipt", "verify", token, "--key", str(tmp_path / "key.json"))
    lines = out.splitlines()
    assert lines[0] == "valid"
    assert f"Receipt number: {receipt}" in out
    assert "Submitted at: " in out and "in Kazakhstan (UTC+5)" in out
    assert "Device name: Laptop 7" in out and key.fingerprint in out and "Content hash: sha256:" in out
    assert not (tmp_path / "nowhere").exists()

    tampered = token[:30] + ("A" if token[30] != "A" else "B") + token[31:]  # in the content hash
    _not_valid(elsewhere.run("receipt", "verify", tampered, "--key", str(tmp_path / "key.json")),
               "altered or forged")
    other = SigningDevice()
    other_key = tmp_path / "other.json"
    from intake_app.protocol.keys import write_key_file

    write_key_file(other_key, other.key)
    _not_valid(elsewhere.run("receipt", "verify", token, "--key", str(other_key)), "whose key is not among")
    assert "valid" in elsewhere.ok("receipt", "verify", token, "--key", str(other_key), "--key",
                                   str(tmp_path / "key.json"))


def test_verify_with_this_devices_own_key(officer_cli, cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    token = officer_cli.ok("receipt", "token", receipt).strip()
    assert officer_cli.ok("receipt", "verify", token).startswith("valid\n")
    assert cli.ok("receipt", "verify", token).startswith("valid\n")  # an administrator can check receipts
    _not_valid(cli.run("receipt", "verify", SigningDevice().token()), "whose key is not among")
    _not_valid(cli.run("receipt", "verify", "FIR2" + token[4:]), "unknown format version “2”")
    _not_valid(cli.run("receipt", "verify", token[:-1]), "208 characters")
    _one_error_line(cli.run("receipt", "verify", token, INTAKE_PASSPHRASE="wrong passphrase"), "Wrong passphrase")


def test_verify_a_receipt_pdf(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    token = officer_cli.ok("receipt", "token", receipt).strip()
    write_pdf(tmp_path / "receipt.pdf", token)
    out = officer_cli.ok("receipt", "verify", str(tmp_path / "receipt.pdf"))
    assert out.startswith("valid\n") and receipt in out
    write_pdf(tmp_path / "forged.pdf", token[:-5] + "AAAAA")
    _not_valid(officer_cli.run("receipt", "verify", str(tmp_path / "forged.pdf")), "NOT valid")
    write_pdf(tmp_path / "plain.pdf", None)
    _not_valid(officer_cli.run("receipt", "verify", str(tmp_path / "plain.pdf")), "carries no receipt token")
    _one_error_line(officer_cli.run("receipt", "verify", str(tmp_path / "missing.pdf")), "Cannot read")


def test_bad_key_files_and_refused_tokens_are_one_error_line(officer_cli, tmp_path):
    (tmp_path / "bad.json").write_text("{}", encoding="utf-8")
    token = SigningDevice().token()
    _one_error_line(officer_cli.run("receipt", "verify", token, "--key", str(tmp_path / "bad.json")),
                    "not a Field Intake device key file")
    _one_error_line(officer_cli.run("receipt", "verify", token, "--key", str(tmp_path / "none.json")),
                    "Cannot read")
    record_id = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                               input=json.dumps(application())).strip().splitlines()[-1].split()[-1]
    _one_error_line(officer_cli.run("receipt", "token", record_id), "no submitted version")
    _one_error_line(officer_cli.run("device", "export-key", "--out", str(tmp_path / "no" / "dir" / "k.json")),
                    "Cannot write")


def test_receipt_save_writes_a_pdf_that_verifies(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    out = tmp_path / "chosen" / "receipt.pdf"
    out.parent.mkdir()
    saved = officer_cli.ok("receipt", "save", receipt, "--languages", "fa_AF,kk", "--out", str(out))
    assert receipt in saved and out.read_bytes().startswith(b"%PDF")
    assert [path.name for path in out.parent.iterdir()] == ["receipt.pdf"]
    checked = officer_cli.ok("receipt", "verify", str(out))
    assert checked.startswith("valid") and receipt in checked


def test_receipt_save_refuses_bad_languages_and_drafts(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    _one_error_line(officer_cli.run("receipt", "save", receipt, "--languages", "xx,kk", "--out",
                                    str(tmp_path / "r.pdf")), "“xx”")
    draft = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                           input="{}").strip().splitlines()[-1].split()[-1]
    _one_error_line(officer_cli.run("receipt", "save", draft, "--out", str(tmp_path / "d.pdf")),
                    "no submitted version")
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "d.pdf").exists()


def test_receipt_print_goes_to_the_spooler_on_stdin(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    spool = tmp_path / "spool"
    spool.mkdir()
    fake_lp = spool / "lp"
    fake_lp.write_text(f"#!/bin/sh\ncat > {spool}/job.pdf\necho \"$@\" > {spool}/args\n")
    fake_lp.chmod(0o755)
    import os

    printed = officer_cli.ok("receipt", "print", receipt, "--printer", "desk", PATH=f"{spool}:{os.environ['PATH']}")
    assert "sent to the printer" in printed
    assert (spool / "job.pdf").read_bytes().startswith(b"%PDF")
    assert "-d desk" in (spool / "args").read_text()


def test_saving_a_receipt_is_in_the_audit_log(officer_cli, tmp_path):
    receipt = _submit(officer_cli, tmp_path)
    officer_cli.ok("receipt", "save", receipt, "--out", str(tmp_path / "r.pdf"))
    shown = officer_cli.ok("audit", "show")
    assert "receipt.saved" in shown
