"""``intake registry staff …`` run for real in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pyotp
import pytest

from intake_app.registry import Registry, staff
from tests.cli.cli_helpers import Cli
from tests.conftest import REGISTRY_PW
from tests.registry.cli_helpers import fails, ok

PW = "clerk password 1"


@pytest.fixture
def registry_dir(cli: Cli, tmp_path: Path) -> Path:
    directory = tmp_path / "reg"
    ok(cli, "init", str(directory), "--name", "Committee on Migration", "--operator", "amina")
    return directory


def test_add_list_disable_passwd(cli, registry_dir, tmp_path):
    d = str(registry_dir)
    out = ok(cli, "staff", "add", d, "dana", "--role", "clerk", "--full-name", "Dana Seitkali",
             "--operator", "amina", INTAKE_NEW_PASSPHRASE=PW)
    assert "Added staff account dana (Dana Seitkali), role clerk." in out
    uri = next(line for line in out.splitlines() if line.startswith("otpauth://totp/"))
    assert "issuer=Committee%20on%20Migration" in uri
    assert "█" in out or "▀" in out  # the QR code
    secret = pyotp.parse_uri(uri).secret
    pw_file = tmp_path / "pw.txt"
    pw_file.write_text("observer password 1\n")
    out = ok(cli, "staff", "add", d, "aigerim", "--role", "observer", "--full-name", "Aigerim N.",
             "--password-file", str(pw_file), "--no-qr", "--operator", "amina")
    assert "█" not in out and "▀" not in out

    listed = ok(cli, "staff", "list", d)
    assert "dana" in listed and "clerk" in listed and "active" in listed and "Aigerim N." in listed
    as_json = json.loads(ok(cli, "staff", "list", d, "--json"))
    assert [m["username"] for m in as_json] == ["aigerim", "dana"] and secret not in json.dumps(as_json)

    assert "Set a new password for staff account dana." in ok(
        cli, "staff", "passwd", d, "dana", "--operator", "serik", INTAKE_NEW_PASSPHRASE="new password 22")
    assert "Disabled staff account aigerim." in ok(cli, "staff", "disable", d, "aigerim", "--operator", "serik")
    as_json = json.loads(ok(cli, "staff", "list", d, "--json"))
    assert [(m["username"], m["disabled"]) for m in as_json] == [("dana", False), ("aigerim", True)]

    with Registry.open(registry_dir, REGISTRY_PW) as registry:
        assert staff.verify_login(registry, "dana", "new password 22", pyotp.TOTP(secret).now()).username == "dana"
        actions = [(e.action, e.actor, e.target) for e in registry.audit_entries() if e.action.startswith("staff.")]
        text = json.dumps([vars(e) for e in registry.audit_entries()])
    assert sorted(actions) == sorted([("staff.add", "amina", "dana"), ("staff.add", "amina", "aigerim"),
                                      ("staff.passwd", "serik", "dana"), ("staff.disable", "serik", "aigerim"),
                                      ("staff.login", "dana", "dana")])
    for s in (PW, "new password 22", "observer password 1", secret):
        assert s not in text
    audit_out = ok(cli, "audit", d)
    assert "staff.add" in audit_out and secret not in audit_out


def test_bad_inputs_change_nothing(cli, registry_dir):
    d = str(registry_dir)
    ok(cli, "staff", "add", d, "dana", "--role", "clerk", "--full-name", "Dana", "--operator", "amina",
       INTAKE_NEW_PASSPHRASE=PW)
    add = ("staff", "add", d, "--operator", "amina")
    fails(cli, *add, "erlan", "--role", "admin", "--full-name", "E", match="Unknown role “admin”",
          INTAKE_NEW_PASSPHRASE=PW)
    fails(cli, *add, "erlan", "--role", "clerk", "--full-name", "E", match="at least 10 characters",
          INTAKE_NEW_PASSPHRASE="short")
    fails(cli, *add, "dana", "--role", "clerk", "--full-name", "E", match="already exists", INTAKE_NEW_PASSPHRASE=PW)
    fails(cli, *add, "bad/name", "--role", "clerk", "--full-name", "E", match="A user name may contain",
          INTAKE_NEW_PASSPHRASE=PW)
    fails(cli, *add, "erlan", "--role", "clerk", "--full-name", " ", match="A full name is required",
          INTAKE_NEW_PASSPHRASE=PW)
    fails(cli, "staff", "disable", d, "nobody", "--operator", "amina", match="No staff account named “nobody”")
    fails(cli, "staff", "passwd", d, "nobody", "--operator", "amina", match="No staff account named “nobody”",
          INTAKE_NEW_PASSPHRASE=PW)
    fails(cli, "staff", "passwd", d, "dana", "--operator", "amina", match="at least 10 characters",
          INTAKE_NEW_PASSPHRASE="short")
    fails(cli, "staff", "list", d, match="Wrong passphrase", INTAKE_REGISTRY_PASSPHRASE="not the passphrase")
    ok(cli, "staff", "disable", d, "dana", "--operator", "amina")
    fails(cli, "staff", "disable", d, "dana", "--operator", "amina", match="already disabled")


def test_login_delay_survives_a_new_process(cli, registry_dir):
    """Failures counted in one process (``intake registry staff add`` made the account) hold in the next."""
    d = str(registry_dir)
    out = ok(cli, "staff", "add", d, "dana", "--role", "clerk", "--full-name", "Dana", "--no-qr",
             "--operator", "amina", INTAKE_NEW_PASSPHRASE=PW)
    secret = pyotp.parse_uri(next(line for line in out.splitlines() if line.startswith("otpauth:"))).secret
    with Registry.open(registry_dir, REGISTRY_PW) as registry:
        for _ in range(3):
            with pytest.raises(staff.LoginFailed):
                staff.verify_login(registry, "dana", "wrong password", pyotp.TOTP(secret).now())
    ok(cli, "staff", "passwd", d, "dana", "--operator", "amina", INTAKE_NEW_PASSPHRASE="new password 22")
    with Registry.open(registry_dir, REGISTRY_PW) as registry:  # the reset cleared the delay
        assert staff.verify_login(registry, "dana", "new password 22", pyotp.TOTP(secret).now())
