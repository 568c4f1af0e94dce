"""The gettext catalogs: complete for kk and ru, placeholders intact, in step with the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _catalog(lang: str):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "intake.po", "rb") as handle:
        return read_po(handle)


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalog_is_complete_and_placeholders_match(lang):
    problems = []
    for message in _catalog(lang):
        if not message.id:
            continue
        if message.fuzzy or not all(_strings(message)):
            problems.append(f"untranslated: {_ids(message)[0]!r}")
            continue
        expected = set(PLACEHOLDER.findall(_ids(message)[0]))
        for text in _strings(message):
            if set(PLACEHOLDER.findall(text)) != expected:
                problems.append(f"placeholders differ: {_ids(message)[0]!r} -> {text!r}")
    assert problems == []


def test_catalogs_hold_every_string_in_the_code():
    """A string marked in the code but missing from the catalogs would show in English."""
    in_code = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=[("intake_app/**.py", "python")], keywords=KEYWORDS):
        in_code.add(message[0] if isinstance(message, tuple) else message)
    for lang in ("kk", "ru"):
        catalog_ids = {_ids(m)[0] for m in _catalog(lang) if m.id}
        missing = sorted(in_code - catalog_ids)
        assert missing == [], f"run `make update-catalogs` and translate ({lang}): {missing[:5]}"


def test_compiled_catalog_is_used_at_run_time():
    from intake_app.i18n import translate

    assert translate("Yes", "ru") == "Да"
    assert translate("Yes", "kk") == "Иә"
    assert translate("Yes", "en") == "Yes"


def test_every_translated_text_is_extractable():
    """``_()`` must get a literal, outside f-strings: Babel cannot see anything else, so it would stay English."""
    import ast

    offenders = []
    for path in (ROOT / "intake_app").rglob("*.py"):
        if path.name == "i18n.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        inside_fstrings = {id(n) for js in ast.walk(tree) if isinstance(js, ast.JoinedStr) for n in ast.walk(js)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                literal = bool(node.args) and isinstance(node.args[0], ast.Constant) and isinstance(
                    node.args[0].value, str)
                if not literal or id(node) in inside_fstrings:
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


#: Qt setters and constructors whose string argument a person reads.
_SHOWN = {"setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setStatusTip", "setTitle",
          "setLabelText", "addItem", "setHeaderLabels", "setHorizontalHeaderLabels", "setInformativeText",
          "setDetailedText", "setButtonText", "setSubTitle", "information", "warning", "critical", "question",
          "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QAction", "QGroupBox", "QMessageBox", "QToolButton"}
#: Errors meant for users (intake_app.errors) and the CLI's output.
_MESSAGES = {"UserError", "AccessDenied", "NotFound", "ValidationFailed", "print", "add_parser", "add_argument"}
#: Literals that are not language: product name, file filters, separators, sample formats, identifiers.
_NOT_LANGUAGE = {"Field Intake", "PDF (*.pdf)", "—", "…", "admin | officer | monitor"}
_WORD = re.compile(r"[^\W\d_]{3,}")
_TAG = re.compile(r"<[^>]*>")


def _user_visible_literals(tree) -> list[tuple[int, str]]:
    import ast

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        candidates = []
        if name in _SHOWN or name in _MESSAGES - {"add_parser", "add_argument"}:
            candidates = list(node.args[:2] if name in _SHOWN else node.args[:1])
        if name in ("add_parser", "add_argument"):
            candidates = [kw.value for kw in node.keywords if kw.arg == "help"]
        for arg in candidates:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                text = arg.value.strip()
                if any(ch.isalpha() for ch in text) and text not in _NOT_LANGUAGE:
                    found.append((node.lineno, text))
            elif isinstance(arg, ast.JoinedStr) and any(  # words outside markup, e.g. f"No record {x}"
                    isinstance(part, ast.Constant) and _WORD.search(_TAG.sub("", str(part.value)))
                    for part in arg.values):
                found.append((node.lineno, "f-string"))
    return found


def test_no_user_visible_text_escapes_translation():
    """A literal shown to a person (a label, a button, an error, CLI output) must go through ``_()``."""
    import ast

    offenders = []
    for path in (ROOT / "intake_app").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        offenders += [f"{path.relative_to(ROOT)}:{line}: {text!r}" for line, text in _user_visible_literals(tree)]
    assert offenders == []


def test_the_check_for_untranslated_text_catches_them():
    import ast

    tree = ast.parse('label.setText("Save")\nraise UserError(f"No record {x}")\nprint(_("ok"))\n'
                     'p.add_argument("--out", help="the file")\nbox.setText(_("Fine"))\n')
    assert [line for line, _text in _user_visible_literals(tree)] == [1, 2, 4]
