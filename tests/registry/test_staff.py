"""Registry staff accounts: add, list, disable, passwords, sign-in with TOTP and a delay that outlives the process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta

import pyotp
import pytest

from intake_app.clock import utc_now
from intake_app.database import keyslots
from intake_app.errors import NotFound, UserError
from intake_app.registry import Registry, staff
from intake_app.registry.staff import LoginFailed
from tests.conftest import REGISTRY_PW

PW = "clerk password 1"
NEW_PW = "another password 2"


def _add(registry: Registry, name: str = "dana", role: str = "clerk", password: str = PW) -> pyotp.TOTP:
    _member, uri = staff.add_staff(registry, name, full_name="Dana Seitkali", role=role, password=password,
                                   operator="amina")
    assert uri.startswith("otpauth://totp/")
    totp = pyotp.parse_uri(uri)
    assert isinstance(totp, pyotp.TOTP)
    return totp


def _state(registry: Registry) -> tuple[list, list]:
    return (registry.conn.execute("SELECT * FROM staff ORDER BY username").fetchall(),
            registry.conn.execute("SELECT seq FROM audit_log").fetchall())


def test_add_list_and_roles(registry):
    totp = _add(registry)
    _add(registry, "serik", role="supervisor")
    members = staff.list_staff(registry)
    assert [(m.username, m.role, m.disabled, m.created_by) for m in members] == [
        ("dana", "clerk", False, "amina"), ("serik", "supervisor", False, "amina")]
    assert "totp_secret" not in json.dumps([m.to_json() for m in members])
    roles = staff.role_permissions(registry)
    assert set(roles) == set(staff.ROLES)
    assert roles["observer"] == {"read_statistics"} and "read_personal_data" not in roles["auditor"]
    assert all(perms <= set(staff.PERMISSIONS) for perms in roles.values())
    assert staff.has_permission(registry, "serik", "manage_staff")
    assert not staff.has_permission(registry, "dana", "manage_staff")
    row = registry.conn.execute("SELECT password_hash, totp_secret FROM staff WHERE username = 'dana'").fetchone()
    assert row[0].startswith("argon2id$m=8,t=1,p=1$") and PW not in row[0]
    assert row[1] == totp.secret


def test_bad_inputs_change_nothing(registry):
    _add(registry)
    before = _state(registry)
    cases = [
        (dict(username="bad name"), "A user name may contain"),
        (dict(username="dana"), "already exists"),
        (dict(role="admin"), "Unknown role “admin”"),
        (dict(full_name="  "), "A full name is required"),
        (dict(password="short"), "at least 10 characters"),
    ]
    for change, match in cases:
        args = dict(username="new", full_name="New Person", role="clerk", password=PW, operator="amina") | change
        username = args.pop("username")
        with pytest.raises(UserError, match=match):
            staff.add_staff(registry, username, **args)
    with pytest.raises(NotFound):
        staff.disable_staff(registry, "nobody", operator="amina")
    with pytest.raises(UserError, match="at least 10"):
        staff.change_password(registry, "dana", "short", operator="amina")
    with pytest.raises(UserError, match="current password is wrong"):
        staff.change_password(registry, "dana", NEW_PW, operator="dana", acting_staff="dana",
                              current_password="wrong password")
    assert _state(registry) == before


def test_login_password_totp_disabled(registry, clock):
    totp = _add(registry)
    with pytest.raises(LoginFailed, match="Wrong user name, password or code"):
        staff.verify_login(registry, "dana", "wrong password", totp.at(clock()))
    clock.advance(60)
    with pytest.raises(LoginFailed, match="Wrong user name, password or code"):
        staff.verify_login(registry, "dana", PW, "000000" if totp.at(clock()) != "000000" else "111111")
    clock.advance(60)
    with pytest.raises(LoginFailed, match="Wrong user name"):
        staff.verify_login(registry, "nobody", PW, totp.at(clock()))
    member = staff.verify_login(registry, "dana", PW, totp.at(clock()))
    assert member.username == "dana" and member.failed_logins == 0 and member.next_attempt_at is None
    with pytest.raises(LoginFailed):  # the same code is not taken twice
        staff.verify_login(registry, "dana", PW, totp.at(clock()))
    clock.advance(300)
    # one step either side is accepted
    staff.verify_login(registry, "dana", PW, totp.at(clock() - timedelta(seconds=30)))
    clock.advance(300)
    staff.disable_staff(registry, "dana", operator="amina")
    with pytest.raises(UserError, match="already disabled"):
        staff.disable_staff(registry, "dana", operator="amina")
    with pytest.raises(LoginFailed, match="is disabled"):
        staff.verify_login(registry, "dana", PW, totp.at(clock()))
    assert not staff.has_permission(registry, "dana", "read_cases")


def test_real_pyotp_now(registry):
    """With the real clock: the code an authenticator shows now."""
    totp = _add(registry)
    assert staff.verify_login(registry, "dana", PW, totp.now(), now=utc_now()).last_login_at is not None


def test_delay_grows_and_survives_reopening(registry, registry_dir, clock):
    totp = _add(registry)
    waits = []
    for _ in range(4):
        with pytest.raises(LoginFailed) as failed:
            staff.verify_login(registry, "dana", "wrong password", totp.at(clock()))
        waits.append(failed.value.wait_seconds)
        assert f"Wait {failed.value.wait_seconds} seconds" in str(failed.value)
        clock.advance(failed.value.wait_seconds)
    assert waits == [1, 2, 4, 8]
    with pytest.raises(LoginFailed):
        staff.verify_login(registry, "dana", "wrong password", totp.at(clock()))  # 5th: 16 s
    registry.close()
    clock.advance(10)
    with Registry.open(registry_dir, REGISTRY_PW, clock=clock) as again:
        with pytest.raises(LoginFailed, match="Wait 6 seconds and try again"):
            staff.verify_login(again, "dana", PW, totp.at(clock()))  # even the right password waits
        clock.advance(6)
        assert staff.verify_login(again, "dana", PW, totp.at(clock())).failed_logins == 0


def test_delay_is_seen_by_another_process(registry, registry_dir, clock):
    totp = _add(registry)
    with pytest.raises(LoginFailed):
        staff.verify_login(registry, "dana", "wrong password", totp.at(clock()))
    with pytest.raises(LoginFailed):
        staff.verify_login(registry, "dana", "wrong password", totp.at(clock() + timedelta(seconds=1)),
                           now=clock() + timedelta(seconds=1))
    code = (
        "import sys; from datetime import datetime, timedelta\n"
        "from intake_app.database import keyslots; keyslots.use_test_parameters()\n"
        "from intake_app.registry import Registry, staff\n"
        f"now = datetime.fromisoformat({clock().isoformat()!r}) + timedelta(seconds=1)\n"
        f"with Registry.open({str(registry_dir)!r}, {REGISTRY_PW!r}) as r:\n"
        "    try: staff.verify_login(r, 'dana', 'x' * 12, '123456', now=now)\n"
        "    except staff.LoginFailed as e: print(e.wait_seconds, e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("2 Too many failed sign-ins. Wait 2 seconds")


def test_change_password(registry, clock):
    totp = _add(registry)
    _add(registry, "serik", role="supervisor")
    _add(registry, "aigerim", role="observer")
    staff.change_password(registry, "dana", NEW_PW, operator="dana", acting_staff="dana", current_password=PW)
    clock.advance(60)
    with pytest.raises(LoginFailed):
        staff.verify_login(registry, "dana", PW, totp.at(clock()))
    staff.change_password(registry, "dana", PW, operator="serik", acting_staff="serik")  # a supervisor resets
    member = staff.get_staff(registry, "dana")
    assert (member.failed_logins, member.next_attempt_at, member.updated_by) == (0, None, "serik")
    with pytest.raises(UserError, match="Only a supervisor"):
        staff.change_password(registry, "dana", NEW_PW, operator="aigerim", acting_staff="aigerim")
    staff.change_password(registry, "dana", NEW_PW, operator="amina")  # the registry's operator resets
    assert staff.verify_login(registry, "dana", NEW_PW, totp.at(clock())).username == "dana"


def test_audit_entries_hold_no_secret(registry, clock):
    totp = _add(registry)
    code = totp.at(clock())
    with pytest.raises(LoginFailed):
        staff.verify_login(registry, "dana", "wrong password", code)
    clock.advance(60)
    staff.verify_login(registry, "dana", PW, totp.at(clock()))
    staff.change_password(registry, "dana", NEW_PW, operator="amina")
    staff.disable_staff(registry, "dana", operator="serik")
    entries = [e for e in registry.audit_entries() if e.action.startswith("staff.")]
    assert sorted((e.action, e.actor) for e in entries) == sorted([
        ("staff.add", "amina"), ("staff.login_failed", "dana"), ("staff.login", "dana"),
        ("staff.passwd", "amina"), ("staff.disable", "serik")])
    text = json.dumps([vars(e) for e in registry.audit_entries()])
    for secret in (PW, NEW_PW, "wrong password", totp.secret, code):
        assert secret not in text
    assert registry.verify_audit()[1] == []


def test_cheap_hash_refused_outside_tests(registry, clock):
    totp = _add(registry)  # made with the tests' cheap Argon2id cost
    keyslots.use_test_parameters(False)
    try:
        with pytest.raises(UserError, match="password hash is not accepted"):
            staff.verify_login(registry, "dana", PW, totp.at(clock()))
        assert staff.hash_password(PW).startswith("argon2id$m=65536,t=3,p=4$")
    finally:
        keyslots.use_test_parameters()
    with pytest.raises(ValueError):
        staff.check_password_hash("pbkdf2$whatever", PW)


def test_password_hash_round_trip():
    encoded = staff.hash_password(PW)
    assert staff.check_password_hash(encoded, PW) and not staff.check_password_hash(encoded, NEW_PW)
    assert staff.hash_password(PW) != encoded  # a fresh salt each time


def test_schema_is_current(registry):
    assert registry.conn.execute("PRAGMA user_version").fetchone()[0] == 3
