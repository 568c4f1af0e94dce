"""Search by name across scripts, by receipt, document number and birth year, through the index."""

from __future__ import annotations

import pytest

from intake_app.records import lifecycle
from intake_app.search.query import parse_query, search
from tests.records.sample import application, visit, write_scan


@pytest.fixture
def people(officer, tmp_path):
    scan = write_scan(tmp_path / "in")
    ids = {}
    for key, original, latin, born, passport in [
        ("abdullaev", "Абдуллаев Рустам", "Abdullaev Rustam", "1985-04", "N1234567"),
        ("yusupova", "Юсупова Дилноза", "Yusupova Dilnoza", "1990", "FA 998877"),
        ("uyghur", "ئابدۇللا ئەھمەت", "Abdulla Ehmet", "1979-12-01", "E5550001"),
        ("dari", "عبدالله رحیمی", "Abdullah Rahimi", "1991", "P01234567"),
    ]:
        rid = lifecycle.create_draft(officer, "asylum_application",
                                     application(original, latin, birth_date=born, passport=passport),
                                     files=[("application_scan", scan)])
        ids[key] = rid
    ids["receipt"] = lifecycle.submit(officer, ids["abdullaev"])
    return ids


def _ids(results):
    return {r.id for r in results}


@pytest.mark.parametrize("query", ["Абдуллаев", "Abdullaev", "Abdullayev", "abdullaev rustam", "РУСТАМ"])
def test_name_in_any_script_finds_the_record(officer, people, query):
    assert people["abdullaev"] in _ids(search(officer, query))


def test_uyghur_script_name_finds_its_latin_and_cyrillic_spellings(officer, people):
    found = _ids(search(officer, "Abdulla Ehmet"))
    assert found == {people["uyghur"]}
    assert people["uyghur"] in _ids(search(officer, "ئەھمەت"))


def test_prefix_finds_several_and_words_combine(officer, people):
    assert {people["abdullaev"], people["uyghur"], people["dari"]} <= _ids(search(officer, "Abdul"))
    assert _ids(search(officer, "Abdul Rustam")) == {people["abdullaev"]}


def test_birth_year_and_document_number(officer, people):
    assert _ids(search(officer, "Abdul 1979")) == {people["uyghur"]}
    assert _ids(search(officer, "fa-998877")) == {people["yusupova"]}
    assert _ids(search(officer, "N 1234567".replace(" ", ""))) == {people["abdullaev"]}


def test_receipt_number_typed_sloppily(officer, people):
    sloppy = people["receipt"].lower().replace("-", " ")
    assert _ids(search(officer, sloppy)) == {people["abdullaev"]}


def test_receipt_number_read_out_without_zeros_and_check_character(officer, people):
    code, digits, _check = people["receipt"].split("-")
    partly = f"{code.lower()} {int(digits)}"  # "efwrr8 1", as an applicant reads it over the phone
    assert _ids(search(officer, partly)) == {people["abdullaev"]}
    assert _ids(search(officer, f"{code}-{digits}")) == {people["abdullaev"]}
    assert search(officer, f"{code} {int(digits) + 1}") == []  # a number this device never gave


def test_no_match_and_other_role(officer, monitor, people):
    assert search(officer, "Petrov") == []
    assert search(monitor, "Abdullaev") == []


def test_visit_interview_names_are_searchable_by_monitor(monitor):
    rid = lifecycle.create_draft(monitor, "detention_visit", visit("Қасымов"))
    assert _ids(search(monitor, "Kasymov")) == {rid}


def test_search_uses_the_index_not_a_scan(officer, people):
    plan = officer.conn.execute(
        "EXPLAIN QUERY PLAN SELECT rowid FROM search_names WHERE search_names MATCH ?", ('"abdulaev"*',)).fetchall()
    assert any("VIRTUAL TABLE INDEX" in row[-1] for row in plan)
    plan = officer.conn.execute(
        "EXPLAIN QUERY PLAN SELECT record_seq FROM search_terms WHERE kind = 'document' AND term = 'X'").fetchall()
    assert any("USING" in row[-1] and "INDEX" in row[-1] for row in plan)


def test_edits_update_the_index(officer, people):
    lifecycle.update_draft(officer, people["yusupova"], None, strict=False)
    data = application("Каримова Дилноза", "Karimova Dilnoza", passport="FA 998877")
    lifecycle.update_draft(officer, people["yusupova"], data, strict=False)
    assert search(officer, "Yusupova") == []
    assert _ids(search(officer, "Karimova")) == {people["yusupova"]}


def test_query_parsing():
    parsed = parse_query("Abdullaev 1985 N1234567")
    assert parsed.birth_years == ["1985"] and parsed.documents == ["N1234567"] and parsed.name_tokens
