"""Draft → submit → amend → void, as an officer and a monitor would go through it."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.errors import AccessDenied, NotFound, UserError, ValidationFailed
from intake_app.records import lifecycle
from intake_app.protocol.version_document import version_document, version_hash
from intake_app.records.reading import get_record, list_records
from intake_app.protocol.receipt_numbers import normalize_receipt_number
from intake_app.database.connection import IntegrityError
from tests.records.sample import application, visit, write_scan


@pytest.fixture
def scan(tmp_path):
    return write_scan(tmp_path / "input")


def test_full_lifecycle(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    assert get_record(officer, record_id).status == "draft"
    receipt = lifecycle.submit(officer, record_id)
    assert normalize_receipt_number(receipt) == receipt
    assert receipt.startswith(officer.device.device_code + "-00001-")
    record = get_record(officer, receipt)  # found by its receipt number too
    assert record.status == "submitted" and record.receipt_no == receipt
    first = record.versions[0]
    assert first.state == "submitted" and first.content_hash.startswith("sha256:")
    assert first.data["application_scan"][0].startswith("sha256:")

    corrected = dict(first.data, name_latin="Abdullayev Rustam")
    assert lifecycle.amend(officer, record_id, corrected, "Latin spelling per passport") == 2
    record = get_record(officer, record_id)
    assert record.status == "amended" and record.receipt_no == receipt
    assert record.current.data["name_latin"] == "Abdullayev Rustam"
    assert record.versions[0].data["name_latin"] == "Abdullaev Rustam"  # the original is untouched

    lifecycle.void(officer, record_id, "Registered twice by mistake")
    record = get_record(officer, record_id)
    assert record.status == "void" and [v.kind for v in record.versions] == ["original", "amendment", "void"]
    assert record.versions[-1].reason == "Registered twice by mistake"
    actions = [e.action for e in audit.entries(officer.conn) if e.target == record_id]
    assert actions == ["record.create", "record.submit", "record.amend", "record.void"]


def test_content_hash_is_reproducible_from_the_stored_version(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    receipt = lifecycle.submit(officer, record_id)
    v = get_record(officer, record_id).versions[0]
    form = officer.forms.get("asylum_application")
    size = scan.stat().st_size
    doc = version_document(record_id=record_id, version=1, kind="original", form_id=form.id,
                           form_version=form.version, form_sha256=form.sha256, data=v.data,
                           attachments=[{"id": v.data["application_scan"][0], "size": size, "mime": "image/png"}],
                           receipt_no=receipt, device_id=officer.device.device_id, submitted_at=v.submitted_at,
                           submitted_by="officer", reason=None, previous_hash=None)
    assert version_hash(doc) == v.content_hash
    doc["data"] = dict(v.data, name_latin="Someone Else")
    assert version_hash(doc) != v.content_hash


def test_incomplete_data_is_refused_with_problems_per_field(officer):
    data = application()
    del data["name_original"]
    data["birth_date"] = "2999"
    with pytest.raises(ValidationFailed) as info:
        lifecycle.create_draft(officer, "asylum_application", data)
    text = "\n".join(info.value.details)
    assert "name_original" in text and "birth_date" in text and "application_scan" in text
    assert list_records(officer) == []  # nothing was saved


def test_incomplete_draft_can_be_saved_but_not_submitted(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", {"name_latin": "Karimov"}, strict=False)
    with pytest.raises(ValidationFailed):
        lifecycle.submit(officer, record_id)
    assert get_record(officer, record_id).status == "draft"
    lifecycle.update_draft(officer, record_id, application(), files=[("application_scan", scan)])
    assert lifecycle.submit(officer, record_id)


def test_submitted_version_is_immutable(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    with pytest.raises(UserError, match="submitted"):
        lifecycle.update_draft(officer, record_id, application())
    with pytest.raises(UserError, match="already been submitted"):
        lifecycle.submit(officer, record_id)
    with pytest.raises(IntegrityError, match="immutable"):
        officer.conn.execute("UPDATE record_versions SET data = '{}' WHERE record_id = ?", (record_id,))
    with pytest.raises(IntegrityError):
        officer.conn.execute("DELETE FROM record_versions WHERE record_id = ?", (record_id,))


def test_void_and_amend_need_a_reason(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    with pytest.raises(UserError, match="reason"):
        lifecycle.void(officer, record_id, "  ")
    with pytest.raises(UserError, match="reason"):
        lifecycle.amend(officer, record_id, application(), "")


def test_receipt_numbers_increase(officer, scan):
    receipts = []
    for n in range(3):
        rid = lifecycle.create_draft(officer, "asylum_application", application(passport=f"N00{n}"),
                                     files=[("application_scan", scan)])
        receipts.append(lifecycle.submit(officer, rid))
    assert [r.split("-")[1] for r in receipts] == ["00001", "00002", "00003"]


def test_roles_see_only_their_forms(officer, monitor, admin, scan):
    asylum_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    visit_id = lifecycle.create_draft(monitor, "detention_visit", visit())
    with pytest.raises(AccessDenied):
        lifecycle.create_draft(monitor, "asylum_application", application())
    with pytest.raises(AccessDenied):
        lifecycle.create_draft(officer, "detention_visit", visit())
    with pytest.raises(AccessDenied):
        lifecycle.create_draft(admin, "asylum_application", application())
    assert [r.id for r in list_records(officer)] == [asylum_id]
    assert [r.id for r in list_records(monitor)] == [visit_id]
    assert list_records(admin) == []
    with pytest.raises(NotFound):
        get_record(monitor, asylum_id)
    with pytest.raises(NotFound):
        lifecycle.submit(admin, asylum_id)


def test_attachment_type_is_checked_by_content(officer, tmp_path):
    fake = tmp_path / "scan.png"
    fake.write_bytes(b"MZ\x90\x00 this is an executable")
    with pytest.raises(UserError, match="not an accepted file type"):
        lifecycle.create_draft(officer, "asylum_application", application(), files=[("application_scan", fake)])
    assert list_records(officer) == []


def test_old_records_keep_their_form_version(officer, scan, tmp_path):
    """After the shipped form changes (new version), old records still display and validate."""
    import shutil

    from intake_app.forms import FormRegistry

    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    new_forms = tmp_path / "forms"
    shutil.copytree(officer.forms_dir, new_forms)
    path = new_forms / "asylum_application" / "form.yaml"
    old = officer.forms.get("asylum_application").version
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"\nversion: {old}\n", f"\nversion: {old + 1}\n", 1), encoding="utf-8")
    officer._forms = FormRegistry.from_dir(new_forms)
    assert officer.forms.get("asylum_application").version == old + 1
    record = get_record(officer, record_id)
    assert record.versions[0].form_version == old and record.names
    new_id = lifecycle.create_draft(officer, "asylum_application", application(), files=[("application_scan", scan)])
    assert get_record(officer, new_id).versions[0].form_version == old + 1
    versions = officer.conn.execute("SELECT version FROM form_versions ORDER BY version").fetchall()
    assert versions == [(old,), (old + 1,)]


def test_changed_form_without_new_version_is_refused(officer, scan, tmp_path):
    import shutil

    from intake_app.forms import FormRegistry

    lifecycle.create_draft(officer, "asylum_application", application(), files=[("application_scan", scan)])
    new_forms = tmp_path / "forms"
    shutil.copytree(officer.forms_dir, new_forms)
    path = new_forms / "asylum_application" / "form.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    officer._forms = FormRegistry.from_dir(new_forms)
    with pytest.raises(UserError, match="new version number"):
        lifecycle.create_draft(officer, "asylum_application", application(), files=[("application_scan", scan)])
