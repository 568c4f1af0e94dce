"""A correction written over several sittings: saved as it is typed, invisible until submitted."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.errors import UserError, ValidationFailed
from intake_app.records import lifecycle
from intake_app.records.reading import get_record, list_summaries
from intake_app.records.search_index import rebuild_index
from intake_app.search.query import search
from tests.records.sample import application, write_scan


@pytest.fixture
def submitted(officer, tmp_path):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", write_scan(tmp_path / "in"))])
    lifecycle.submit(officer, record_id)
    return record_id


def test_a_correction_in_progress_is_kept_but_not_shown_as_the_record(officer, submitted):
    record = get_record(officer, submitted)
    half_done = dict(record.current.data, name_latin="Abdullayev R", birth_date=None)  # incomplete is fine
    assert lifecycle.save_amendment(officer, submitted, half_done) == 2
    assert lifecycle.save_amendment(officer, submitted, dict(half_done, name_latin="Abdullayev Rustam")) == 2

    record = get_record(officer, submitted)
    assert record.status == "submitted"
    assert record.current.version == 1 and record.current.data["name_latin"] == "Abdullaev Rustam"
    assert record.pending_amendment is not None
    assert record.pending_amendment.data["name_latin"] == "Abdullayev Rustam"
    [summary] = list_summaries(officer)
    assert summary.name_latin == "Abdullaev Rustam"
    assert [r.id for r in search(officer, "Abdullaev")] == [submitted]
    lifecycle.save_amendment(officer, submitted, dict(half_done, name_original="Зызыкс"))
    assert search(officer, "Зызыкс") == []  # found only once the correction is submitted


def test_submitting_the_correction_freezes_that_version(officer, submitted):
    data = get_record(officer, submitted).current.data
    lifecycle.save_amendment(officer, submitted, dict(data, name_latin="Abdullayev Rustam"))
    corrected = get_record(officer, submitted).pending_amendment.data
    assert lifecycle.amend(officer, submitted, corrected, "Latin spelling per passport") == 2

    record = get_record(officer, submitted)
    assert record.status == "amended" and record.pending_amendment is None
    assert [(v.version, v.kind, v.state) for v in record.versions] == [
        (1, "original", "submitted"), (2, "amendment", "submitted")]
    assert record.current.data["name_latin"] == "Abdullayev Rustam"
    assert record.current.reason == "Latin spelling per passport" and record.current.content_hash
    actions = [e.action for e in audit.entries(officer.conn) if e.target == submitted]
    assert actions == ["record.create", "record.submit", "record.amend.start", "record.amend"]


def test_an_incomplete_correction_cannot_be_submitted_and_stays_saved(officer, submitted):
    data = dict(get_record(officer, submitted).current.data, name_original="")
    lifecycle.save_amendment(officer, submitted, data)
    with pytest.raises(ValidationFailed):
        lifecycle.amend(officer, submitted, data, "typo")
    record = get_record(officer, submitted)
    assert record.status == "submitted" and record.pending_amendment.data["name_original"] == ""


def test_discarding_a_correction_leaves_the_record_as_submitted(officer, submitted):
    data = get_record(officer, submitted).current.data
    lifecycle.save_amendment(officer, submitted, dict(data, name_latin="Wrong"))
    lifecycle.discard_amendment(officer, submitted)
    record = get_record(officer, submitted)
    assert record.pending_amendment is None and [v.version for v in record.versions] == [1]
    with pytest.raises(UserError, match="no correction in progress"):
        lifecycle.discard_amendment(officer, submitted)
    # a new correction starts from the submitted version again
    assert lifecycle.save_amendment(officer, submitted, None) == 2
    assert get_record(officer, submitted).pending_amendment.data["name_latin"] == "Abdullaev Rustam"


def test_a_correction_does_not_turn_into_a_draft_edit_or_a_second_submission(officer, submitted):
    data = get_record(officer, submitted).current.data
    lifecycle.save_amendment(officer, submitted, dict(data, name_latin="Abdullayev Rustam"))
    with pytest.raises(UserError, match="cannot be edited"):
        lifecycle.update_draft(officer, submitted, data, strict=False)
    with pytest.raises(UserError, match="already been submitted"):
        lifecycle.submit(officer, submitted)


def test_voiding_drops_the_correction_in_progress(officer, submitted):
    lifecycle.save_amendment(officer, submitted, None)
    lifecycle.void(officer, submitted, "Registered twice")
    record = get_record(officer, submitted)
    assert [(v.kind, v.state) for v in record.versions] == [("original", "submitted"), ("void", "submitted")]
    with pytest.raises(UserError, match="Only a submitted record"):
        lifecycle.save_amendment(officer, submitted, None)


def test_rebuilt_index_ignores_the_correction_in_progress(officer, submitted):
    data = get_record(officer, submitted).current.data
    lifecycle.save_amendment(officer, submitted, dict(data, name_latin="Zzyzx Qwerty", name_original="Zzyzx"))
    rebuild_index(officer.conn)
    assert search(officer, "Zzyzx") == []
    assert [r.id for r in search(officer, "Abdullaev")] == [submitted]


def test_drafts_and_other_users_cannot_be_corrected(officer, monitor, submitted):
    draft = lifecycle.create_draft(officer, "asylum_application", {}, strict=False)
    with pytest.raises(UserError, match="Only a submitted record"):
        lifecycle.save_amendment(officer, draft, {})
    with pytest.raises(UserError):
        lifecycle.save_amendment(monitor, submitted, None)
