"""The ``intake`` command line, run for real: one clear line per failure, nothing changed."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.cli.cli_helpers import Cli, init_store
from tests.records.sample import application, visit, write_scan


def _assert_one_clear_line(result, *fragments):
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("Error:"), result.stderr
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr


def test_walkthrough(cli, tmp_path):
    officer, monitor = init_store(cli)
    scan = write_scan(tmp_path / "in")
    out = officer.ok("record", "new", "--form", "asylum_application", "--json", "-",
                     "--attach", f"application_scan={scan}", "--submit", input=json.dumps(application()))
    receipt = out.strip().splitlines()[-1].split()[-1]
    assert "Receipt number" in out
    shown = officer.json("record", "show", receipt)
    assert shown["status"] == "submitted" and shown["receipt_no"] == receipt
    assert [r["receipt_no"] for r in officer.json("search", "Абдуллаев")] == [receipt]
    text = officer.ok("record", "show", receipt)
    assert "Uzbekistan" in text and "Political opinion" in text  # labels and readable values, in form order
    assert "Узбекистан" in officer.ok("record", "show", receipt, INTAKE_LANG="ru")
    listed = officer.ok("record", "list")
    assert receipt in listed and "Абдуллаев Рустам" in listed

    amended = dict(shown["versions"][0]["data"], name_latin="Abdullayev Rustam")
    (tmp_path / "amend.json").write_text(json.dumps(amended), encoding="utf-8")
    officer.ok("record", "amend", receipt, "--json", str(tmp_path / "amend.json"), "--reason", "passport spelling")
    officer.ok("record", "void", receipt, "--reason", "duplicate")
    assert officer.json("record", "show", receipt)["status"] == "void"

    visit_out = monitor.ok("record", "new", "--form", "detention_visit", "--json", "-", input=json.dumps(visit()))
    assert "Draft saved" in visit_out
    assert officer.json("record", "list") and len(monitor.json("record", "list")) == 1

    assert "chain verified" in cli.ok("audit", "verify")
    users = cli.json("user", "list")
    assert [u["role"] for u in users] == ["admin", "monitor", "officer"]


def test_draft_then_attach_then_submit(officer_cli, tmp_path):
    data = application()
    out = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                         input=json.dumps(data))
    assert "application_scan" in out  # the missing scan is listed
    record_id = out.strip().splitlines()[-1].split()[-1]
    scan = write_scan(tmp_path / "in")
    officer_cli.ok("attach", record_id[:8], "application_scan", str(scan))
    assert "Receipt number" in officer_cli.ok("record", "submit", record_id)


def test_a_second_application_of_the_same_person_is_not_submitted_without_a_word(officer_cli, tmp_path):
    """The same Абдуллаев Рустам, 1985, again: the officer sees the earlier application and must say so."""
    scan = write_scan(tmp_path / "in")
    new = ("record", "new", "--form", "asylum_application", "--json", "-", "--attach", f"application_scan={scan}",
           "--submit")
    first = officer_cli.ok(*new, input=json.dumps(application())).strip().splitlines()[-1].split()[-1]
    again = officer_cli.run(*new, input=json.dumps(application(name_latin="Abdullayev Rustam")))
    assert again.returncode == 1
    assert "1 registered application may be from the same person" in again.stderr
    assert first in again.stderr and "Абдуллаев Рустам / Abdullaev Rustam" in again.stderr  # which one, named
    draft = again.stdout.strip().splitlines()[-1].split()[-1]  # kept as a draft: nothing typed is lost
    assert officer_cli.json("record", "show", draft)["status"] == "draft"
    assert officer_cli.run("record", "submit", draft).returncode == 1  # still asks
    done = officer_cli.ok("record", "submit", draft, "--despite-duplicates")
    assert "Receipt number" in done
    assert len([r for r in officer_cli.json("record", "list") if r["status"] == "submitted"]) == 2


def test_validation_errors_are_listed_per_field_and_nothing_is_saved(officer_cli):
    data = application()
    data.pop("name_original")
    data["sex"] = "unknown-value"
    result = officer_cli.run("record", "new", "--form", "asylum_application", "--json", "-", input=json.dumps(data))
    _assert_one_clear_line(result, "name_original", "sex", "application_scan")
    assert result.returncode == 1
    assert officer_cli.json("record", "list") == []


@pytest.mark.parametrize("payload,fragment", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "JSON object"),
    ('{"no_such_field": 1}', "no_such_field"),
])
def test_bad_json_input(officer_cli, payload, fragment):
    result = officer_cli.run("record", "new", "--form", "asylum_application", "--json", "-", input=payload)
    _assert_one_clear_line(result, fragment)
    assert officer_cli.json("record", "list") == []


def test_unknown_form_and_record(officer_cli):
    _assert_one_clear_line(officer_cli.run("record", "new", "--form", "nope", "--json", "-", input="{}"), "nope")
    _assert_one_clear_line(officer_cli.run("record", "show", "deadbeef"), "deadbeef")
    _assert_one_clear_line(officer_cli.run("record", "new", "--form", "asylum_application", "--json",
                                           "/nonexistent.json"), "/nonexistent.json")


def test_wrong_passphrase_and_missing_or_corrupt_store(cli, officer_cli, tmp_path):
    wrong = officer_cli.as_user("officer", "wrong passphrase!")
    _assert_one_clear_line(wrong.run("record", "list"), "Wrong passphrase")
    empty = Cli(tmp_path / "empty", tmp_path / "tmp")
    _assert_one_clear_line(empty.run("record", "list"), "No store")
    db = cli.data_dir / "store.db"
    data = bytearray(db.read_bytes())
    data[9000:9200] = b"\xff" * 200
    db.write_bytes(bytes(data))
    _assert_one_clear_line(officer_cli.run("record", "list"), "damaged")


def test_no_passphrase_without_terminal(officer_cli):
    result = officer_cli.run("record", "list", INTAKE_PASSPHRASE="")
    _assert_one_clear_line(result, "No passphrase")


def test_passphrase_file(officer_cli, tmp_path):
    secret = tmp_path / "pw"
    secret.write_text("officer passphrase 1\n")
    assert officer_cli.run("--passphrase-file", str(secret), "record", "list", INTAKE_PASSPHRASE="").returncode == 0


def test_user_commands(cli, officer_cli):
    _assert_one_clear_line(officer_cli.run("user", "add", "x", "--role", "admin", INTAKE_NEW_PASSPHRASE="x" * 12),
                           "cannot do this")
    _assert_one_clear_line(cli.run("user", "remove", "admin"), "last administrator")
    cli.ok("user", "passwd", "officer", INTAKE_NEW_PASSPHRASE="new officer passphrase")
    assert officer_cli.run("record", "list").returncode == 1
    assert officer_cli.as_user("officer", "new officer passphrase").run("record", "list").returncode == 0
    cli.ok("user", "remove", "officer")
    _assert_one_clear_line(officer_cli.as_user("officer", "new officer passphrase").run("record", "list"),
                           "no user")


def test_record_new_fills_in_what_the_json_leaves_out_and_says_so(cli, officer_cli):
    """The officer's name and service number from the account, the device's location, the time in its zone."""
    cli.ok("user", "edit", "officer", "--display-name", "Aigerim Officer", "--service-number", "KZ-417")
    assert {u["username"]: u["service_number"] for u in cli.json("user", "list")}["officer"] == "KZ-417"
    data = application()
    for key in ("officer_name", "officer_id", "place_name", "application_datetime"):
        del data[key]
    out = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                         input=json.dumps(data))
    lines = out.splitlines()
    assert lines[0] == "Filled in what the JSON leaves out:"
    assert "  officer_name = Aigerim Officer  — Filled in from your account." in lines
    assert "  officer_id = KZ-417  — Filled in from your account." in lines
    assert "  place_name = KZ-ALA  — Filled in with this device's location code." in lines
    record_id = lines[-1].split()[-1]  # still the last line, as scripts read it
    stored = officer_cli.json("record", "show", record_id)["versions"][0]["data"]
    assert (stored["officer_name"], stored["officer_id"], stored["place_name"]) == (
        "Aigerim Officer", "KZ-417", "KZ-ALA")
    assert stored["application_datetime"].endswith("+05:00")  # the device's zone, whatever the machine's
    officer_cli.ok("record", "edit", record_id, "--json", "-", "--draft", input=json.dumps(
        dict(stored, officer_name="Серік Ахметов")))
    edits = [e for e in cli.json("audit", "show") if e["target"] == record_id]
    assert edits[-1]["action"] == "record.edit" and edits[-1]["details"]["prefill_changed"] == ["officer_name"]
    assert "Серік" not in json.dumps(edits, ensure_ascii=False)  # ids in the log, never values

    bare = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                          "--no-prefill", input=json.dumps(data))
    assert "Filled in" not in bare
    assert "officer_name" not in officer_cli.json("record", "show", bare.split()[-1])["versions"][0]["data"]
    complete = officer_cli.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                              input=json.dumps(application()))
    assert "Filled in" not in complete  # nothing left out, nothing filled in


def test_forms_check_and_list(cli, tmp_path):
    assert "2 form(s) OK" in cli.ok("forms", "check")
    bad = tmp_path / "bad_forms"
    shutil.copytree(cli.env()["INTAKE_FORMS_DIR"], bad)
    path = bad / "detention_visit" / "form.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("choices: urgency", "choices: no_such_list", 1),
                    encoding="utf-8")
    result = cli.run("forms", "check", str(bad))
    assert result.returncode == 1
    assert "detention_visit/form.yaml:" in result.stdout and "no_such_list" in result.stdout
    listing = cli.ok("forms", "list")
    assert "asylum_application" in listing and "detention_visit" in listing


@pytest.mark.parametrize("lang,expected", [("ru", "Ошибка: Запись «deadbeef» не найдена."),
                                           ("kk", "«deadbeef» жазбасы табылмады."),
                                           ("en", "Error: No record “deadbeef”.")])
def test_messages_in_the_chosen_language(officer_cli, lang, expected):
    result = officer_cli.run("--lang", lang, "record", "show", "deadbeef")
    assert result.returncode == 1 and expected in result.stderr
    typed_last = officer_cli.run("record", "show", "deadbeef", f"--lang={lang}")  # where people often type it
    assert typed_last.returncode == 1 and expected in typed_last.stderr
    help_text = officer_cli.run("record", "show", "--help", "--lang", lang).stdout
    assert help_text == officer_cli.run("--lang", lang, "record", "show", "--help").stdout


def test_an_unknown_option_is_named_after_the_command_too(officer_cli):
    result = officer_cli.run("record", "list", "--colour")
    assert result.returncode == 2 and "unrecognized arguments: --colour" in result.stderr


def test_version(cli):
    assert cli.ok("--version").startswith("Field Intake ")
