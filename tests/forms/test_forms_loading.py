"""Broken form definitions: every error names the file, the line and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.errors import UserError
from intake_app.forms import FormDefinitionError, check_forms_dir, load_form_file, load_form_source
from tests.forms.formtest_helpers import SAMPLE_FILE, errors_of, only_error, HEADER, TODAY, form_text, line_of


def test_minimal_form_loads() -> None:
    form = load_form_source(form_text("- id: name\n  type: text\n  label: {kk: Аты, ru: Имя, en: Name}"), SAMPLE_FILE)
    assert form.id == "sample" and form.version == 1 and form.roles == ("officer",)
    assert form.title("kk") == "Үлгі" and form.title("ru") == "Образец" and form.title("uz") == "Sample"


def test_malformed_yaml() -> None:
    text = form_text("""
        - id: name
          type: text
          label: {kk: Аты, ru: Имя, en: Name
        - id: other
    """)
    error = only_error(text)
    assert error.file == SAMPLE_FILE and error.message.startswith("YAML error")
    assert error.line in (line_of(text, "label: {kk: Аты"), line_of(text, "- id: other"))
    assert str(error).startswith(f"{SAMPLE_FILE}:{error.line}: YAML error")


def test_tabs_and_bad_indentation_are_yaml_errors() -> None:
    error = only_error(HEADER + "  - id: x\n\ttype: text\n")
    assert error.line == len(HEADER.splitlines()) + 2


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/object/apply:os.system",
                                 "!!python/name:os.system", "!!binary", "!!set", "!!timestamp", "!custom"])
def test_yaml_tags_are_refused(tag: str) -> None:
    text = form_text(f"- id: name\n  type: text\n  label: {{kk: а, ru: а, en: a}}\n  hint: {tag} 'x'")
    error = only_error(text)
    assert "not allowed" in error.message or "constructor" in error.message
    assert error.line == line_of(text, tag)


def test_aliases_are_refused() -> None:
    text = form_text("- id: name\n  type: text\n  label: &l {kk: а, ru: а, en: a}\n  hint: *l")
    error = only_error(text)
    assert "aliases" in error.message and error.line == line_of(text, "hint: *l")


def test_yaml_1_1_booleans_and_dates_stay_text() -> None:
    # YAML 1.1 would turn `no` into False and 2020-01-01 into a date object
    text = HEADER.replace("value: red", "value: no").replace("value: green", "value: yes") + (
        "  - id: colour\n    type: choice\n    choices: colours\n    label: {kk: а, ru: а, en: a}\n"
        "  - id: country\n    type: country\n    label: {kk: а, ru: а, en: a}\n"
        "    constraint: . != 'NO'\n    constraint_message: {kk: а, ru: а, en: a}\n"
        "  - id: since\n    type: date\n    min: 2020-01-01\n    label: {kk: а, ru: а, en: a}\n")
    form = load_form_source(text, SAMPLE_FILE)
    assert form.field("colour").choice_list.values == {"no", "yes", "blue"}  # type: ignore[union-attr]
    assert form.field("since").options["min"] == "2020-01-01"
    result = form.validate({"colour": "no", "country": "NO", "since": "2019-12-31"}, today=TODAY)
    assert result.codes() == {"country": "constraint", "since": "min"}


def test_duplicate_yaml_key() -> None:
    text = form_text("- id: name\n  type: text\n  label: {kk: а, ru: а, en: a}\n  type: long_text")
    error = only_error(text)
    assert "duplicate key 'type'" in error.message and error.line == line_of(text, "type: long_text")


def test_schema_violation_points_at_the_key() -> None:
    text = form_text("""
        - id: name
          type: text
          label: {kk: а, ru: а, en: a}
        - id: age
          type: integer
          label: {kk: а, ru: а, en: a}
          colour: red
          max_length: many
    """)
    errors = errors_of(text)
    by_line = {error.line: error for error in errors}
    assert by_line[line_of(text, "colour: red")].message == "unknown key 'colour'"
    assert by_line[line_of(text, "colour: red")].field == "age"
    assert "max_length" in by_line[line_of(text, "max_length: many")].message
    assert all(error.file == SAMPLE_FILE for error in errors)


def test_unknown_type_and_bad_id() -> None:
    text = form_text("- id: Name\n  type: txt\n  label: {kk: а, ru: а, en: a}")
    errors = errors_of(text)
    messages = {error.line: error.message for error in errors}
    assert "snake_case" in messages[line_of(text, "id: Name")]
    assert "'txt' is not one of" in messages[line_of(text, "type: txt")]


def test_missing_top_level_keys_and_wrong_version() -> None:
    text = "id: sample\nversion: 0\n"
    messages = " | ".join(str(error) for error in errors_of(text))
    assert f"{SAMPLE_FILE}:2: 'version': 0 is less than the minimum of 1" in messages
    for key in ("title", "roles", "languages", "fields"):
        assert f"'{key}' is a required property" in messages


def test_not_a_mapping() -> None:
    assert "must be a YAML mapping" in only_error("- just\n- a list\n").message
    assert "must be a YAML mapping" in only_error("").message


def test_missing_translation() -> None:
    text = form_text("""
        - id: name
          type: text
          label: {kk: Аты, ru: Имя, en: Name}
          hint:
            kk: Толық
            en: Full
    """)
    error = only_error(text)
    assert error.line == line_of(text, "hint:") and error.field == "name"
    assert error.message == "'hint' is not translated into: ru"
    assert str(error) == f"{SAMPLE_FILE}:{error.line}: field 'name': 'hint' is not translated into: ru"


def test_missing_translation_of_choice_and_title_and_foreign_language() -> None:
    text = HEADER.replace("{kk: Жасыл, ru: Зелёный, en: Green}", "{kk: Жасыл, en: Green}").replace(
        "title: {kk: Үлгі, ru: Образец, en: Sample}", "title: {kz: Үлгі, ru: Образец, en: Sample}") + (
        "  - id: name\n    type: text\n    label: {kk: а, ru: а, en: a}\n")
    messages = {error.line: error.message for error in errors_of(text)}
    assert "value 'green': 'label' is not translated into: ru" in messages[line_of(text, "Жасыл")]
    title = messages[line_of(text, "title:")]
    assert "not translated into: kk" in title or "'kz'" in title


def test_languages_must_include_kk_ru_en() -> None:
    text = HEADER.replace("languages: [kk, ru, en]", "languages: [kk, en, uz]") + (
        "  - id: name\n    type: text\n    label: {kk: а, ru: а, en: a, uz: a}\n")
    errors = errors_of(text)
    assert any(error.line == line_of(text, "languages:") and "missing: ru" in error.message for error in errors)


def test_duplicate_field_id_even_inside_groups() -> None:
    text = form_text("""
        - id: name
          type: text
          label: {kk: а, ru: а, en: a}
        - id: family
          type: group
          label: {kk: а, ru: а, en: a}
          fields:
            - id: name
              type: text
              label: {kk: а, ru: а, en: a}
    """)
    error = only_error(text)
    assert error.field == "family.name"
    assert error.line == line_of(text, "      - id: name")  # the second one
    assert f"first defined at line {line_of(text, '- id: name')}" in error.message


def test_missing_choice_list() -> None:
    text = form_text("""
        - id: family
          type: group
          label: {kk: а, ru: а, en: a}
          fields:
            - id: relation
              type: choice
              choices: relations
              label: {kk: а, ru: а, en: a}
    """)
    error = only_error(text)
    assert str(error) == (f"{SAMPLE_FILE}:{line_of(text, 'choices: relations')}: field 'family.relation': "
                          "choice list 'relations' does not exist")


def test_condition_parse_error_and_unknown_reference() -> None:
    text = form_text("""
        - id: stateless
          type: yes_no
          label: {kk: а, ru: а, en: a}
        - id: citizenship
          type: country
          relevant: "stateless = false"
          label: {kk: а, ru: а, en: a}
        - id: other
          type: text
          required: "answered(citizenshp)"
          label: {kk: а, ru: а, en: a}
    """)
    errors = errors_of(text)
    assert [(error.line, error.field) for error in errors] == [
        (line_of(text, "stateless = false"), "citizenship"), (line_of(text, "citizenshp"), "other")]
    assert "cannot parse" in errors[0].message and "column 11" in errors[0].message
    assert errors[1].message == "'required' refers to unknown field 'citizenshp'"


def test_condition_scope_and_meaning_checks() -> None:
    text = form_text("""
        - id: page
          type: section
          label: {kk: а, ru: а, en: a}
          fields:
            - id: members
              type: group
              label: {kk: а, ru: а, en: a}
              fields:
                - id: relation
                  type: choice
                  choices: colours
                  label: {kk: а, ru: а, en: a}
        - id: a
          type: text
          relevant: "relation == 'red'"
          label: {kk: а, ru: а, en: a}
        - id: b
          type: text
          relevant: "page == null"
          label: {kk: а, ru: а, en: a}
        - id: c
          type: text
          relevant: ". == 'x'"
          label: {kk: а, ru: а, en: a}
        - id: d
          type: choice
          choices: colours
          constraint: ". != 'purple'"
          constraint_message: {kk: а, ru: а, en: a}
          label: {kk: а, ru: а, en: a}
        - id: e
          type: text
          constraint: "true"
          label: {kk: а, ru: а, en: a}
    """)
    messages = {error.line: error.message for error in errors_of(text)}
    assert "inside repeat group 'members'" in messages[line_of(text, "relation == 'red'")]
    assert "is a section" in messages[line_of(text, "page == null")]
    assert "can only be used in 'constraint'" in messages[line_of(text, ". == 'x'")]
    assert "'purple', which is not one of its possible values" in messages[line_of(text, "purple")]
    assert "go together" in messages[line_of(text, 'constraint: "true"')]


def test_relevance_cycles_are_refused() -> None:
    text = form_text("""
        - id: a
          type: yes_no
          relevant: "b == true"
          label: {kk: а, ru: а, en: a}
        - id: b
          type: yes_no
          relevant: "a == true"
          label: {kk: а, ru: а, en: a}
        - id: page
          type: section
          relevant: "inside == true"
          label: {kk: а, ru: а, en: a}
          fields:
            - id: inside
              type: yes_no
              label: {kk: а, ru: а, en: a}
    """)
    messages = [error.message for error in errors_of(text)]
    assert any("a -> b -> a" in message or "b -> a -> b" in message for message in messages)
    assert any("page" in message and "inside" in message for message in messages)


def test_type_specific_options() -> None:
    text = form_text("""
        - id: age
          type: integer
          min: 10
          max: 5
          label: {kk: а, ru: а, en: a}
        - id: when
          type: date
          min: 'yesterday'
          multiple: true
          label: {kk: а, ru: а, en: a}
        - id: amount
          type: decimal
          max: 1.5
          label: {kk: а, ru: а, en: a}
        - id: people
          type: group
          min_count: 3
          max_count: 2
          search: name
          label: {kk: а, ru: а, en: a}
          fields:
            - id: nick
              type: long_text
              search: name
              label: {kk: а, ru: а, en: a}
        - id: scan
          type: attachment
          accept: [text/html]
          label: {kk: а, ru: а, en: a}
        - id: pick
          type: choice
          label: {kk: а, ru: а, en: a}
    """)
    messages = {}
    for error in errors_of(text):
        messages.setdefault(error.line, []).append(error.message)
    assert "'min' is greater than 'max'" in messages[line_of(text, "max: 5")]
    assert "'min' must be a date" in messages[line_of(text, "yesterday")][0]
    assert "'multiple' does not apply to type 'date'" in messages[line_of(text, "multiple: true")]
    assert any("1.5" in m for m in messages[line_of(text, "max: 1.5")])
    assert "'min_count' is greater than 'max_count'" in messages[line_of(text, "max_count: 2")]
    assert "'search' does not apply to type 'group'" in messages[line_of(text, "search: name")]
    assert "'search' does not apply to type 'long_text'" in messages[line_of(text, "      search: name")]
    assert any("text/html" in m for m in messages[line_of(text, "text/html")])
    assert "type 'attachment' needs 'max_bytes'" in messages[line_of(text, "id: scan")]
    assert "type 'choice' needs 'choices'" in messages[line_of(text, "id: pick")]


def test_all_errors_are_collected_and_summarised() -> None:
    text = form_text("""
        - id: a
          type: choice
          choices: nothing
          label: {kk: а, en: a}
        - id: a
          type: text
          label: {kk: а, ru: а, en: a}
    """)
    with pytest.raises(FormDefinitionError) as caught:
        load_form_source(text, SAMPLE_FILE)
    error = caught.value
    assert isinstance(error, UserError) and len(error.errors) == 3
    assert str(error.errors[0]) in str(error) and "2 more errors" in str(error)
    assert error.details == [str(item) for item in error.errors]


def test_load_form_file_reports_path_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "form.yaml"
    path.write_bytes(b"id: sample\n\xff\xfe\n")
    with pytest.raises(FormDefinitionError) as caught:
        load_form_file(path)
    assert str(caught.value.errors[0]) == f"{path}:2: the file is not valid UTF-8"
    with pytest.raises(FormDefinitionError):
        load_form_file(tmp_path / "missing.yaml")


def test_source_is_kept_exactly(tmp_path: Path) -> None:
    text = form_text("- id: name\n  type: text\n  label: {kk: а, ru: а, en: a}").replace("\n", "\r\n")
    path = tmp_path / "form.yaml"
    path.write_bytes(text.encode("utf-8"))
    form = load_form_file(path)
    assert form.source == text
    import hashlib
    assert form.sha256 == hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write(root: Path, name: str, text: str) -> Path:
    (root / name).mkdir()
    path = root / name / "form.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_check_forms_dir_collects_errors_from_several_files(tmp_path: Path) -> None:
    good = form_text("- id: name\n  type: text\n  label: {kk: а, ru: а, en: a}")
    _write(tmp_path, "sample", good)
    broken_one = _write(tmp_path, "broken_one", good.replace("id: sample", "id: broken_one").replace(
        "type: text", "type: choice\n    choices: nope"))
    broken_two = _write(tmp_path, "broken_two", "id: broken_two\nversion: [\n")
    twin = _write(tmp_path, "twin", good)  # id 'sample' again
    (tmp_path / "empty_dir").mkdir()
    forms, errors = check_forms_dir(tmp_path)
    assert [form.id for form in forms] == ["sample"]
    text = "\n".join(str(error) for error in errors)
    assert f"{broken_one}:{line_of(good, 'type: text') + 1}: field 'name': choice list 'nope' does not exist" in text
    assert f"{broken_two}:" in text and "YAML error" in text
    assert f"{twin}:1: form id 'sample' is also used by " in text
    assert f"{tmp_path / 'empty_dir'}: a form directory must contain form.yaml" in text


def test_check_forms_dir_requires_directory_name_to_match(tmp_path: Path) -> None:
    good = form_text("- id: name\n  type: text\n  label: {kk: а, ru: а, en: a}")
    path = _write(tmp_path, "other_name", good)
    forms, errors = check_forms_dir(tmp_path)
    assert [str(error) for error in errors] == [
        f"{path}:1: form id 'sample' does not match its directory name 'other_name'"]


def test_check_forms_dir_on_empty_or_missing_directory(tmp_path: Path) -> None:
    assert "no form definitions found" in str(check_forms_dir(tmp_path)[1][0])
    assert "does not exist" in str(check_forms_dir(tmp_path / "nope")[1][0])


def test_roles_must_be_form_roles() -> None:
    text = HEADER.replace("roles: [officer]", "roles: [admin, oficer]") + (
        "  - id: name\n    type: text\n    label: {kk: а, ru: а, en: a}\n")
    messages = [error.message for error in errors_of(text)]
    assert any("'admin'" in message for message in messages)
    assert any("'oficer'" in message for message in messages)


def test_search_kind_must_fit_the_type() -> None:
    text = form_text("- id: born\n  type: date\n  search: name\n  label: {kk: а, ru: а, en: a}")
    error = only_error(text)
    assert error.line == line_of(text, "search: name")
    assert error.message == "'search: name' does not apply to type 'date'"
