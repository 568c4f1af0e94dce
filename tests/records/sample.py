"""Sample records and files for tests (names chosen by each test)."""

from __future__ import annotations

import struct
import zlib
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
