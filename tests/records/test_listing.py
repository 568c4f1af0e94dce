"""The record list: filters, orderings and pages over many records, by index, within each role's view."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from intake_app.errors import NotFound
from intake_app.records import lifecycle
from intake_app.settings import Settings
from intake_app.records.reading import (ORDERINGS, _order_sql, _where, count_records, form_titles, forms_with_names,
                                        get_record, list_records, list_summaries)
from intake_app.search.query import search_summaries
from tests.records.sample import add_incident_report, application, use_forms, visit, write_scan


@pytest.fixture
def scan(tmp_path):
    return write_scan(tmp_path / "input")


def _submitted(session, scan, data, clock, minutes=10):
    record_id = lifecycle.create_draft(session, "asylum_application", data, files=[("application_scan", scan)])
    lifecycle.submit(session, record_id)
    clock.advance(minutes * 60)
    return record_id


@pytest.fixture
def three(officer, clock, scan):
    """A submitted, an amended and a void application, and a draft; created in that order."""
    a = _submitted(officer, scan, application("Абдуллаев Рустам", "Abdullaev Rustam"), clock)
    b = _submitted(officer, scan, application("Юсупова Дилноза", "Yusupova Dilnoza", passport="N7654321"), clock)
    c = _submitted(officer, scan, application("Karimov Jasur", "Karimov Jasur", passport="N5555555"), clock)
    clock.advance(3600)
    lifecycle.amend(officer, b, dict(get_record(officer, b).current.data, place_name="Khorgos"), "place corrected")
    clock.advance(3600)
    lifecycle.void(officer, c, "registered twice")
    clock.advance(3600)
    d = lifecycle.create_draft(officer, "asylum_application", {"name_original": "ئابدۇللا"}, strict=False)
    return {"submitted": a, "amended": b, "void": c, "draft": d}


def test_default_order_is_last_changed_first_and_counts_agree(officer, three):
    ids = [r.id for r in list_records(officer)]
    assert ids == [three["draft"], three["void"], three["amended"], three["submitted"]]
    assert count_records(officer) == 4
    assert [r.id for r in list_records(officer, status="amended")] == [three["amended"]]
    assert count_records(officer, status="amended") == 1
    assert count_records(officer, form_id="detention_visit") == 0


def test_each_role_sees_and_counts_only_its_own_forms(officer, monitor, admin, three, clock):
    visit_id = lifecycle.create_draft(monitor, "detention_visit", visit())
    assert [r.id for r in list_records(monitor)] == [visit_id]
    assert count_records(monitor) == 1 and count_records(admin) == 0 and list_records(admin) == []
    assert visit_id not in {r.id for r in list_records(officer, limit=100)}
    assert count_records(monitor, form_id="asylum_application") == 0
    assert search_summaries(monitor, "Abdullayev") == []


@pytest.mark.parametrize("order_by", list(ORDERINGS))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_cover_every_record_once_in_every_order(officer, clock, order_by, descending):
    from tests.ui.records.bulk import bulk_applications

    bulk_applications(officer, 230)
    whole = [r.id for r in list_records(officer, order_by=order_by, descending=descending, limit=1000)]
    paged = []
    for offset in range(0, 260, 40):
        paged += [r.id for r in list_records(officer, order_by=order_by, descending=descending, limit=40,
                                             offset=offset)]
    assert paged == whole and len(set(whole)) == 231 == count_records(officer)


def test_orderings(officer, three, clock):
    by_created = [r.id for r in list_records(officer, order_by="created_at", descending=False)]
    assert by_created == [three["submitted"], three["amended"], three["void"], three["draft"]]
    by_receipt = list_records(officer, order_by="receipt_no", descending=True)
    assert [r.receipt_no for r in by_receipt][:3] == sorted([r.receipt_no for r in by_receipt][:3], reverse=True)
    assert by_receipt[-1].id == three["draft"]  # no receipt number: last when descending
    by_status = [r.status for r in list_records(officer, order_by="status", descending=False)]
    assert by_status == sorted(by_status)
    with pytest.raises(ValueError):
        list_records(officer, order_by="name_original")
    with pytest.raises(NotFound):
        count_records(officer, status="lost")


def test_receipt_numbers_sort_by_their_counter_past_five_digits(officer, clock):
    from intake_app.protocol.receipt_numbers import format_receipt_number
    from tests.ui.records.bulk import bulk_applications

    bulk_applications(officer, 4)
    code = officer.device.device_code
    rows = officer.conn.execute("SELECT seq FROM records WHERE receipt_no IS NOT NULL ORDER BY seq").fetchall()
    for (seq,), number in zip(rows, (99999, 100000, 7), strict=True):
        officer.conn.execute("UPDATE records SET receipt_no = ? WHERE seq = ?",
                             (format_receipt_number(code, number), seq))
    receipts = [r.receipt_no for r in list_records(officer, order_by="receipt_no", descending=True) if r.receipt_no]
    assert [int(r.split("-")[1]) for r in receipts] == [100000, 99999, 7]


@pytest.fixture
def device_zone(store, officer):
    """The officer's session on a device set to another time zone (``device.time_zone``, read at unlock)."""
    opened = []

    def in_zone(name: str):
        Settings.in_dir(store.directory).set("device.time_zone", name)
        opened.append(officer.fork())
        return opened[-1]

    yield in_zone
    for session in opened:
        session.close()


def test_date_range_is_whole_local_days(three, clock, device_zone, laptop_zone):
    # Everything was created on 24 November from 03:00 to 06:30 UTC; the laptop's own zone plays no part.
    officer = device_zone("Asia/Almaty")  # UTC+5: 08:00 to 11:30 on the 24th
    assert count_records(officer, date_from=date(2026, 11, 24), date_to=date(2026, 11, 24)) == 4
    assert count_records(officer, date_from=date(2026, 11, 25)) == 0
    assert count_records(officer, date_to=date(2026, 11, 23)) == 0
    officer = device_zone("America/Bogota")  # UTC-5: 22:00 on the 23rd to 01:30 on the 24th
    assert count_records(officer, date_to=date(2026, 11, 23)) == 3
    assert count_records(officer, date_from=date(2026, 11, 24)) == 1
    created = list_records(officer, order_by="created_at", descending=False)
    moment = datetime.fromisoformat(created[1].created_at)
    assert [r.id for r in list_records(officer, date_from=moment, order_by="created_at", descending=False)] == [
        r.id for r in created[1:]]
    assert count_records(officer, date_to=moment) == 2


def test_every_list_query_walks_an_index_without_sorting(officer):
    for order_by in ORDERINGS:
        for descending in (True, False):
            for status in (None, "submitted"):
                sql, params = _where(officer, status, None, None, None)
                plan = " ".join(row[3] for row in officer.conn.execute(
                    f"EXPLAIN QUERY PLAN SELECT r.seq FROM records r WHERE {sql} ORDER BY "
                    f"{_order_sql(order_by, descending)} LIMIT 100 OFFSET 5000", params))
                assert "COVERING INDEX" in plan and "TEMP B-TREE" not in plan, (order_by, status, plan)


def test_summaries_read_names_date_and_place_through_the_form(officer, monitor, three, clock):
    rows = {s.id: s for s in list_summaries(officer)}
    first = rows[three["submitted"]]
    assert (first.name_original, first.name_latin) == ("Абдуллаев Рустам", "Abdullaev Rustam")
    assert first.date == "2026-11-23T14:05:00+05:00" and first.place == "Zhibek Zholy BCP"
    assert rows[three["amended"]].place == "Khorgos"  # the current version's data
    assert rows[three["void"]].name_original == rows[three["void"]].name_latin == "Karimov Jasur"
    draft = rows[three["draft"]]
    assert (draft.name_original, draft.name_latin, draft.place) == ("ئابدۇللا", "", "")
    assert draft.date == draft.record.created_at  # no date in the form data yet
    visit_id = lifecycle.create_draft(monitor, "detention_visit", visit())
    (row,) = list_summaries(monitor)
    assert row.id == visit_id and row.date == "2026-11-20"
    assert row.place == "Special institution for foreigners" and row.name_original == ""


def test_search_summaries_match_across_scripts_and_respect_the_filters(officer, three, clock):
    assert [s.id for s in search_summaries(officer, "Abdullayev")] == [three["submitted"]]
    assert search_summaries(officer, "Abdullayev", status="void") == []
    born_1985 = search_summaries(officer, "1985", order_by="created_at", descending=False)
    assert [s.id for s in born_1985] == [three["submitted"], three["amended"], three["void"]]
    assert [s.id for s in search_summaries(officer, "1985", status="void")] == [three["void"]]
    assert [s.id for s in search_summaries(officer, "N7654321")] == [three["amended"]]
    assert search_summaries(officer, "   ") == []


def test_actions_follow_the_lifecycle():
    assert lifecycle.allowed_actions("draft") == {"edit", "submit", "void"}
    assert lifecycle.allowed_actions("submitted") == lifecycle.allowed_actions("amended") == {"amend", "void",
                                                                                             "receipt"}
    assert lifecycle.allowed_actions("void") == frozenset()


def test_form_titles_in_the_reader_language(officer, monitor, admin):
    assert form_titles(officer, "ru") == {"asylum_application": "Письменное ходатайство о предоставлении убежища"}
    assert form_titles(monitor, "en") == {"detention_visit": "Detention centre monitoring visit"}
    assert form_titles(admin, "en") == {}
    assert forms_with_names(officer) == {"asylum_application"} and forms_with_names(monitor) == set()


# -- date and place come from the fields the form marks (summary: date / summary: place) -----------

def test_summaries_take_the_marked_fields_not_the_first_date_time(officer, clock, tmp_path):
    use_forms(officer, tmp_path, add_incident_report)
    marked = lifecycle.create_draft(officer, "incident_report", {
        "recorded_at": "2026-11-23T10:00:00+05:00", "person": "Karimov Jasur", "town": "Almaty",
        "event_date": "2026-11-19", "region": "almaty_city"})
    clock.advance(60)
    unanswered = lifecycle.create_draft(officer, "incident_report", {"town": "Almaty"})
    rows = {s.id: s for s in list_summaries(officer, form_id="incident_report")}
    row = rows[marked]
    assert row.date == "2026-11-19" and not row.date_is_registration
    assert row.place == "almaty_city" and row.place_choices is not None
    assert row.place_text("en") == "Almaty City" and row.place_text("ru") == "город Алматы"
    assert row.name_original == "Karimov Jasur"
    empty = rows[unanswered]
    assert empty.date == empty.record.created_at and empty.date_is_registration
    assert empty.place == "" and empty.place_text("ru") == ""


def test_form_versions_without_markers_list_the_registration_time_and_no_place(officer, clock, scan, tmp_path):
    """A record captured with the asylum form before it marked its date and place (version 2)."""
    current = officer.forms.get("asylum_application").version

    def previous_version(forms):
        path = forms / "asylum_application" / "form.yaml"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        text = "".join(line for line in lines if "summary:" not in line)
        path.write_text(text.replace(f"\nversion: {current}\n", f"\nversion: {current - 1}\n", 1),
                        encoding="utf-8")

    use_forms(officer, tmp_path, previous_version)
    assert officer.forms.get("asylum_application").summary_field("date") is None
    old = _submitted(officer, scan, application("Абдуллаев Рустам", "Abdullaev Rustam"), clock)
    officer._forms = None  # the shipped forms again, with their markers
    new = _submitted(officer, scan, application("Юсупова Дилноза", "Yusupova Dilnoza", passport="N7654321"), clock)
    rows = {s.id: s for s in list_summaries(officer)}
    assert rows[old].form_version == current - 1 and rows[new].form_version == current
    assert rows[old].date == rows[old].record.created_at and rows[old].date_is_registration
    assert rows[old].place == "" and rows[old].name_latin == "Abdullaev Rustam"  # names are still marked
    assert rows[new].date == "2026-11-23T14:05:00+05:00" and rows[new].place == "Zhibek Zholy BCP"
    assert get_record(officer, old).current.data["place_name"] == "Zhibek Zholy BCP"  # read with its version
