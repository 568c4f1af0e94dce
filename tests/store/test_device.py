"""Changing the device's name and location code: admins only, checked, audited, persistent."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.device import update_device
from intake_app.protocol.device_identity import check_device_name, check_location_code
from intake_app.errors import AccessDenied, UserError
from tests.conftest import ADMIN_PW


def test_admin_changes_name_and_location_and_it_is_audited(store, admin):
    info = update_device(admin, name="  Khorgos BCP laptop 2 ", location_code="KZ-ZHT-KHORGOS")
    assert (info.name, info.location_code) == ("Khorgos BCP laptop 2", "KZ-ZHT-KHORGOS")
    assert admin.device == info
    last = audit.entries(admin.conn)[-1]
    assert last.action == "device.update" and last.actor == "admin" and last.target == info.device_id
    assert last.details == {"device_name": {"from": "Test laptop", "to": "Khorgos BCP laptop 2"},
                            "location_code": {"from": "KZ-ALA-01", "to": "KZ-ZHT-KHORGOS"}}
    assert audit.verify(admin.conn)[1] == []
    with store.unlock("admin", ADMIN_PW) as again:
        assert (again.device.name, again.device.location_code) == ("Khorgos BCP laptop 2", "KZ-ZHT-KHORGOS")


def test_unchanged_values_write_nothing(admin):
    before = len(audit.entries(admin.conn))
    update_device(admin, name="Test laptop", location_code="KZ-ALA-01")
    assert len(audit.entries(admin.conn)) == before


def test_only_admins_change_the_device(officer):
    with pytest.raises(AccessDenied):
        update_device(officer, name="Mine now", location_code="KZ-X")


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "tab\there"])
def test_bad_device_names_are_refused(admin, name):
    with pytest.raises(UserError):
        update_device(admin, name=name, location_code="KZ-ALA-01")
    assert admin.device.name == "Test laptop"


@pytest.mark.parametrize("code", ["", "KZ ALA", "KZ;DROP", "K" * 41])
def test_bad_location_codes_are_refused(code):
    with pytest.raises(UserError):
        check_location_code(code)


def test_optional_values_may_be_empty():
    assert check_device_name(" ", required=False) == ""
    assert check_location_code("", required=False) == ""
    assert check_location_code(" KZ-ALA/01.b ") == "KZ-ALA/01.b"
