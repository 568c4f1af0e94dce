"""Sample records and files for tests (names chosen by each test)."""

from __future__ import annotations

import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import FORMS_DIR


def asylum_form():
    from intake_app.forms import load_form_file

    return load_form_file(FORMS_DIR / "asylum_application" / "form.yaml")


def png_bytes(width: int = 4, height: int = 3, seed: int = 0) -> bytes:
    """A real (tiny) PNG image."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((seed + x * 40 + y * 20) % 256 for x in range(width * 3))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def write_scan(directory: Path, name: str = "scan.png", seed: int = 0) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_bytes(png_bytes(seed=seed))
    return path


def application(name_original: str = "Абдуллаев Рустам", name_latin: str = "Abdullaev Rustam", *,
                birth_date: str = "1985-04", passport: str = "N1234567",
                family: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """A complete asylum application without its scan (attach one with ``files``)."""
    members = [{"member_name_original": original, "member_name_latin": latin, "relation": "child",
                "member_birth_date": "2015", "member_sex": "female"} for original, latin in (family or [])]
    return {
        "name_original": name_original,
        "name_latin": name_latin,
        "sex": "male",
        "birth_date": birth_date,
        "citizenships": ["UZ"],
        "stateless": False,
        "languages_spoken": ["uz", "ru"],
        "preferred_language": "uz",
        "interpreter_needed": False,
        "family_members": members,
        "documents": [{"document": {"type": "passport", "number": passport, "issuing_country": "UZ"}}],
        "no_documents": False,
        "place_type": "border_crossing_point",
        "place_name": "Zhibek Zholy BCP",
        "application_datetime": "2026-11-23T14:05:00+05:00",
        "manner_of_entry": "irregular",
        "voluntary": True,
        "grounds": ["political_opinion"],
        "claim_summary": "Persecuted for membership of an opposition party.",
        "application_language": "uz",
        "informed_of_rights": True,
        "rights_language": "uz",
        "lawyer_requested": True,
        "lawyer_present": False,
        "referral_body": "akimat_migration_service",
        "referral_date": "2026-11-23",
        "officer_name": "Серік Ахметов",
        "officer_id": "KZ-417",
    }


def visit(interviewee: str = "K-07") -> dict[str, Any]:
    return {
        "facility_name": "Special institution for foreigners",
        "facility_region": "almaty_city",
        "visit_date": "2026-11-20",
        "monitors": [{"monitor_name": "Aigerim S."}],
        "detainee_count": 14,
        "interviews": [
            {"interviewee": interviewee, "interviewee_nationality": "uz", "interviewee_languages": ["uz", "ru"],
             "wishes_asylum": True, "lawyer_access": False, "interpreter_access": False, "appeal_access": False,
             "removal_scheduled": True, "removal_date": "2026-11-25", "removal_destination": "UZ",
             "urgency": "immediate_risk", "follow_up_needed": True},
        ],
    }


#: A small officer form whose list date and place are not where the shipped forms have them: its
#: first date-time is not the event's, and its place is a choice (listed by its label).
REPORT_FORM = """\
id: incident_report
version: 1
title: {kk: Оқиға туралы есеп, ru: Отчёт о происшествии, en: Incident report}
roles: [officer]
languages: [kk, ru, en]
choices:
  regions:
    - value: almaty_city
      label: {kk: Алматы қаласы, ru: город Алматы, en: Almaty City}
    - value: other
      label: {kk: Басқа, ru: Другое, en: Other}
fields:
  - id: recorded_at                # a date-time that is not the event's: the list must not take it
    type: datetime
    label: {kk: Жазылған уақыты, ru: Время записи, en: Recorded at}
  - id: person
    type: text
    search: name
    label: {kk: Адам, ru: Лицо, en: Person}
  - id: details
    type: section
    label: {kk: Мәліметтер, ru: Сведения, en: Details}
    fields:
      - id: town
        type: text
        required: true
        label: {kk: Қала, ru: Город, en: Town}
      - id: event_date
        type: date
        partial: true
        summary: date
        label: {kk: Күні, ru: Дата, en: Date}
      - id: region
        type: choice
        choices: regions
        summary: place
        label: {kk: Өңір, ru: Регион, en: Region}
  - id: account
    type: section
    label: {kk: Адамның айтуынша, ru: Со слов лица, en: As the person told it}
    fields:
      - id: date_as_told           # a text with the same label as the date field above
        type: text
        label: {kk: Күні, ru: Дата, en: Date}
"""


def use_forms(session: Any, tmp_path: Path, edit: Callable[[Path], None]) -> None:
    """Give ``session`` the shipped forms as changed by ``edit(forms_dir)``."""
    from intake_app.forms import FormRegistry

    forms = tmp_path / "forms"
    if forms.exists():
        shutil.rmtree(forms)
    shutil.copytree(session.forms_dir, forms)
    edit(forms)
    session._forms = FormRegistry.from_dir(forms)


def add_incident_report(forms: Path) -> None:
    """``edit`` for ``use_forms``: add the ``incident_report`` form."""
    (forms / "incident_report").mkdir()
    (forms / "incident_report" / "form.yaml").write_text(REPORT_FORM, encoding="utf-8")
