"""Required matches and non-matches of the cross-script search key."""

from __future__ import annotations

import pytest

from intake_app.names import fold_token, name_key, name_tokens, query_tokens
from intake_app.names.search_key import FOLD_RULES

SAME_NAME = [
    ["Абдуллаев", "Abdullaev", "Abdullayev", "ABDULLAYEV", "Абдуллаєв"],
    ["Юсупов", "Yusupov", "Iusupov", "Jusupov", "Youssoupov", "Жусупов"],
    ["Хасанов", "Khasanov", "Hasanov", "Xasanov", "Ҳасанов"],
    ["Жанибек", "Zhanibek", "Janibek", "Žanibek", "Джанибек", "Djanibek"],
    ["Қасымов", "Kasymov", "Qasymov", "Kasimov", "Qasimov"],
    ["Шукуров", "Shukurov", "Şukurov", "Šukurov"],
    ["Нұрсұлтан", "Nursultan", "Nūrsūltan", "Нурсултан"],
    ["Ёқубов", "Yoqubov", "Yokubov", "Ёкубов", "Iokubov", "Equbov"],
    ["O'tkir", "Oʻtkir", "O‘tkir", "O’tkir", "Ўткир", "Utkir"],
    ["Чолпон", "Cholpon", "Çolpon", "Čolpon"],
    ["Ғулом", "G'ulom", "Gʻulom", "Ghulom", "Gulom", "Ğulom"],
    ["Йўлдош", "Yo'ldosh", "Yuldosh", "Iuldosh"],
    ["Жураев", "Jo'rayev", "Джураев", "Juraev", "Ҷӯраев", "Dzhuraev"],
    ["Екатерина", "Ekaterina", "Yekaterina", "Iekaterina"],
    ["Дмитрий", "Dmitrii", "Dmitriy", "Dmitry", "Dmitrij"],
    ["Андрей", "Andrei", "Andrey", "Andrej"],
    ["Фёдор", "Fedor", "Fyodor", "Fiodor"],
    ["Юлия", "Iuliia", "Yuliya", "Yulia", "Julia", "Yuliia"],
    ["Васильев", "Vasilev", "Vasiliev", "Vasilyev"],
    ["Объедков", "Obieedkov", "Obyedkov", "Obedkov"],
    ["Цой", "Tsoi", "Tsoy", "Coi"],
    ["Щукин", "Shchukin", "Schukin", "Shukin"],
    ["Теңіз", "Teniz", "Teñiz", "Tengiz", "Teŋiz"],
    ["Жанғали", "Zhangali", "Janğali", "Jangali", "Zhanghali"],
    ["Айгүл", "Aigul", "Aygul", "Aigül", "Aygül"],
    ["Әлия", "Aliia", "Aliya", "Älia", "Əliya"],
    ["Уйгур", "ئۇيغۇر", "Uyghur", "Uighur"],
    ["Абдулла", "Abdulla", "Abdula", "ئابدۇللا"],
    ["Ахмед", "Akhmed", "Ahmed", "Axmed"],
    ["Вали", "Wali", "Vali", "ۋالى"],
    ["Ильяс", "Ilyas", "Ilias", "Il'yas"],
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=lambda group: group[0])
def test_spellings_of_one_name_meet(spellings: list[str]) -> None:
    keys = {tuple(name_tokens(spelling)) for spelling in spellings}
    assert len(keys) == 1, dict(zip(spellings, map(name_tokens, spellings), strict=True))


def test_kazakh_2021_spelling_meets_cyrillic() -> None:
    # en.wikipedia.org/wiki/Kazakh_alphabets, 2021 Latin transliteration example
    cyrillic = "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен қазысының үйіне"
    latin = "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken qazysynyñ üiıne"
    assert name_tokens(latin) == name_tokens(cyrillic)


def test_abdullaev_token() -> None:
    assert name_tokens("Абдуллаев") == name_tokens("Abdullaev") == name_tokens("Abdullayev") == ["abdulaev"]


def test_uyghur_abdulla_is_a_prefix_of_abdullaev() -> None:
    (uyghur,) = name_tokens("ئابدۇللا")
    (russian,) = name_tokens("Абдуллаев")
    assert russian.startswith(uyghur)
    (query,) = query_tokens("ئابدۇللا")
    assert russian.startswith(query)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Абдуллаев", "Абдуллин"),
        ("Иванов", "Иванова"),
        ("Жанна", "Яна"),  # ж and я stay apart (zh -> j, ya -> ia)
        ("Хасанов", "Касимов"),
        ("Рустам Абдуллаев", "Рустам Абдуллин"),
    ],
)
def test_different_names_stay_apart(one: str, other: str) -> None:
    assert name_key(one) != name_key(other)


def test_feminine_form_differs_only_by_suffix() -> None:
    (masculine,) = name_tokens("Иванов")
    (feminine,) = name_tokens("Иванова")
    assert feminine.startswith(masculine) and feminine != masculine


def test_name_key_ignores_order_and_script() -> None:
    assert name_key("Abdullaev Rustam") == name_key("Рустам Абдуллаев") == "abdulaev rustam"
    assert name_key("АБДУЛЛАЕВ, Рустам") == name_key("rustam   abdullayev")
    assert name_key("Ali Ali") == "ali ali"


def test_hyphens_and_apostrophes_join_other_punctuation_separates() -> None:
    assert name_tokens("Abdul-Aziz") == name_tokens("Abdulaziz") == ["abdulaziz"]
    assert name_tokens("Abdul Aziz") == ["abdul", "aziz"]
    assert name_tokens("Ivanov—Petrov") == name_tokens("Ivanov – Petrov") == ["ivanov", "petrov"]
    assert name_tokens("Qodirov, G'ulom (Ғулом); Utkir/Ўткир") == [
        "kodirov", "gulom", "gulom", "utkir", "utkir",
    ]
    # bidi marks and ZWNJ (Persian) are invisible joiners, not separators
    assert name_tokens("\u200fعلی\u200c رضا\u200e") == name_tokens("علی رضا")
    assert len(name_tokens("علی\u200cرضا")) == 1


def test_query_tokens_fold_like_names_without_repeats() -> None:
    assert query_tokens("Ўткир Utkir o'tkir") == ["utkir"]
    assert query_tokens("abdullayev RUSTAM") == ["abdulaev", "rustam"]
    assert query_tokens("   ") == []


def test_digits_are_kept_and_empty_input_has_no_tokens() -> None:
    assert name_tokens("Rustam 2") == ["rustam", "2"]
    assert name_tokens("") == name_tokens(" ,.- ") == []
    assert name_tokens("ь") == name_tokens("ʼ") == []  # silent letters only


def test_names_without_romanisation_still_get_a_key() -> None:
    rare_han = "\U00030000\U00030001"  # CJK extension G, unknown to anyascii
    tokens = name_tokens(rare_han)
    assert len(tokens) == 1 and tokens[0].isalnum() and tokens[0].isascii()
    assert name_tokens(" ".join(tokens)) == tokens
    assert name_tokens(rare_han[::-1]) != tokens


def test_fold_rules_are_ordered_data() -> None:
    patterns = [pattern for pattern, _ in FOLD_RULES]
    assert patterns.index("shch") < patterns.index("sch")
    assert patterns.index("zh") < patterns.index("ju")  # Жусуп -> jusup -> iusup
    assert patterns.index("y") < patterns.index("io") < patterns.index("ie")
    assert fold_token("abdullayev") == fold_token("abdulaev") == "abdulaev"
