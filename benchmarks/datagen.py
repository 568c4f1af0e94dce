"""Deterministic synthetic applicants with names in Cyrillic, Latin and Arabic scripts."""

from __future__ import annotations

import random
from typing import Any
from collections.abc import Iterator

CYRILLIC_SURNAMES = ["Абдуллаев", "Юсупов", "Каримов", "Рахимов", "Хасанов", "Турсунов", "Исмаилов", "Назаров",
                     "Жумабаев", "Сейткали", "Қасымов", "Нұрланов", "Әлиев", "Мирзоев", "Шарипов", "Ахмедов"]
CYRILLIC_GIVEN = ["Рустам", "Дилноза", "Азиз", "Гулнара", "Бахтиёр", "Айгерим", "Санжар", "Мадина", "Тимур",
                  "Нигора", "Ержан", "Шахноза", "Фарход", "Зарина"]
LATIN_SURNAMES = ["Abdullayev", "Yusupova", "Karimov", "Rahimova", "Xasanov", "Tursunova", "Ismoilov",
                  "Nazarova", "Qodirov", "Ergasheva", "Toshmatov", "Sobirova", "Haydarov", "Mahmudova"]
LATIN_GIVEN = ["Sardor", "Gulnoza", "Jasur", "Madina", "Otabek", "Nilufar", "Bekzod", "Shahlo", "Ulugbek"]
ARABIC_SURNAMES = ["ئابدۇللا", "تۇرسۇن", "ئەھمەت", "مەمەت", "ياقۇپ", "رەھىم", "رحیمی", "احمدی", "نوری", "حیدری",
                   "کریمی", "صدیقی"]
ARABIC_GIVEN = ["ئەركىن", "گۈلنار", "ئالىم", "مەرىيەم", "عبدالله", "فاطمه", "محمد", "زهرا", "احمد"]


def names(rng: random.Random) -> tuple[str, str, str]:
    """(original script name, Latin name, script)."""
    script = rng.choice(("Cyrl", "Cyrl", "Latn", "Arab"))
    if script == "Cyrl":
        return f"{rng.choice(CYRILLIC_SURNAMES)} {rng.choice(CYRILLIC_GIVEN)}", "", script
    if script == "Latn":
        return f"{rng.choice(LATIN_SURNAMES)} {rng.choice(LATIN_GIVEN)}", "", script
    return f"{rng.choice(ARABIC_SURNAMES)} {rng.choice(ARABIC_GIVEN)}", "", script


def applications(count: int, seed: int = 7) -> Iterator[dict[str, Any]]:
    from intake_app.names.transliterate import to_latin

    rng = random.Random(seed)
    for n in range(count):
        original, _latin, _script = names(rng)
        year = rng.randint(1950, 2010)
        yield {
            "name_original": original,
            "name_latin": to_latin(original),
            "sex": rng.choice(("male", "female")),
            "birth_date": f"{year}-{rng.randint(1, 12):02d}",
            "citizenships": [rng.choice(("UZ", "AF", "TJ", "KG", "CN"))],
            "stateless": False,
            "languages_spoken": ["ru"],
            "preferred_language": "ru",
            "interpreter_needed": False,
            "family_members": [],
            "documents": [{"document": {"type": "passport", "number": f"N{n:08d}", "issuing_country": "UZ"}}],
            "no_documents": False,
            "place_type": "border_crossing_point",
            "place_name": "Zhibek Zholy",
            "application_datetime": "2026-11-23T14:05:00+05:00",
            "manner_of_entry": "irregular",
            "voluntary": True,
            "grounds": ["political_opinion"],
            "application_language": "ru",
            "informed_of_rights": True,
            "rights_language": "ru",
            "lawyer_requested": False,
            "referral_body": "akimat_migration_service",
            "referral_date": "2026-11-23",
            "officer_name": "Officer",
            "officer_id": "KZ-1",
        }
