"""Before submitting, the officer sees whether this person is already registered here."""

from __future__ import annotations

from intake_app.records import lifecycle
from intake_app.records.duplicates import possible_duplicates
from tests.records.sample import application, write_scan


def _register(officer, tmp_path, name_original, name_latin, birth_date="1985-04", submit=True):
    record_id = lifecycle.create_draft(officer, "asylum_application",
                                       application(name_original, name_latin, birth_date=birth_date),
                                       files=[("application_scan", write_scan(tmp_path / name_latin))])
    if submit:
        lifecycle.submit(officer, record_id)
    return record_id


def test_same_person_in_another_script_and_spelling_is_found(officer, tmp_path):
    earlier = _register(officer, tmp_path, "Абдуллаев Рустам", "Abdullaev Rustam")
    _register(officer, tmp_path, "Абдуллаев Рустам", "Abdullaev Rustam", birth_date="1990")  # other year
    _register(officer, tmp_path, "Юсупова Дилноза", "Yusupova Dilnoza")  # other person
    _register(officer, tmp_path, "Abdullayev Rustam", "Abdullayev Rustam", submit=False)  # a draft only
    form = officer.forms.get("asylum_application")
    new = application("Rustam Abdullayev", "Rustam Abdullayev", birth_date="1985")
    found = possible_duplicates(officer, form, new)
    assert [summary.id for summary in found] == [earlier]
    assert found[0].name_original == "Абдуллаев Рустам" and found[0].record.receipt_no


def test_no_warning_for_a_new_person_or_for_the_record_itself(officer, tmp_path):
    earlier = _register(officer, tmp_path, "Абдуллаев Рустам", "Abdullaev Rustam")
    form = officer.forms.get("asylum_application")
    assert possible_duplicates(officer, form, application("Каримов Азиз", "Karimov Aziz")) == []
    assert possible_duplicates(officer, form, application(), exclude=earlier) == []
    assert possible_duplicates(officer, form, {"name_original": "Абдуллаев Рустам"}) == []  # no birth year
