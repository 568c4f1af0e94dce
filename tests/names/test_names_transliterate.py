"""to_latin and detect_script against published examples (sources in
docs/transliteration.md)."""

from __future__ import annotations

import pytest

from intake_app.names import SYSTEMS, detect_script, to_latin

# ICAO Doc 9303 Part 3 table, as applied in Russian passports since 2013.
ICAO_EXAMPLES = [
    ("Щукин", "Shchukin"),
    ("ЩУКИН", "SHCHUKIN"),
    ("Юлия", "Iuliia"),
    ("ЮЛИЯ", "IULIIA"),
    ("Андрей", "Andrei"),
    ("Ёлкин", "Elkin"),
    ("Объедков", "Obieedkov"),
    ("ОБЪЕДКОВ", "OBIEEDKOV"),
    ("Электрогорск", "Elektrogorsk"),
    ("Радиоэлектроника", "Radioelektronika"),
    ("Цимлянск", "Tsimliansk"),
    ("Северобайкальск", "Severobaikalsk"),
    ("Хабаровск", "Khabarovsk"),
    ("Жуков", "Zhukov"),
    ("Чайковский", "Chaikovskii"),
    ("Наталья", "Natalia"),
    ("Абдуллаев", "Abdullaev"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), ICAO_EXAMPLES)
def test_icao_published_examples(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin
    assert to_latin(cyrillic, "icao") == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # other letters of the ICAO table (a lone capital is title case)
        ("Ґ Є Ї Ў Ђ Ѓ Ѕ Ј Љ Њ Ћ Ќ Џ", "G Ie I U D G Dz J Lj Nj C K Dz"),
        ("ґ є ї ў ђ ѓ ѕ ј љ њ ћ ќ џ", "g ie i u d g dz j lj nj c k dz"),
        ("Ѣ Ѳ Ѵ Ѫ", "Ie F Y U"),
        ("ЄЉ", "IELJ"),
        ("Остап Ґудзь", "Ostap Gudz"),
        ("Їжак Єва", "Izhak Ieva"),
        ("Љубиша Њего", "Ljubisha Njego"),
        # national practice for letters ICAO lacks (passports: plain A-Z)
        ("Нұрсұлтан Әбішұлы", "Nursultan Abishuly"),
        ("Қасым-Жомарт", "Kasym-Zhomart"),
        ("Ғалымжан Өтегенов", "Galymzhan Otegenov"),
        ("Ақтоты Райымқұлова", "Aktoty Raiymkulova"),
        ("Мыңбай Үсенов", "Mynbai Usenov"),
        ("Шаһмардан", "Shahmardan"),
        ("Ҷӯраев Ҳасан", "Juraev Hasan"),
        ("Раҳимӣ", "Rahimi"),
        ("Ўткир Ғуломов", "Utkir Gulomov"),
    ],
)
def test_icao_other_and_national_letters(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Щ", "Shch"),  # a lone capital is a word start, not a word in capitals
        ("ЩЖ", "SHCHZH"),
        ("Ю.", "Iu."),
        ("ИВАНОВ Юрий", "IVANOV Iurii"),
        ("О'ЩЕ", "O'SHCHE"),
        ("щукин", "shchukin"),
        ("Мак-Щукин", "Mak-Shchukin"),
    ],
)
def test_capitalisation_follows_the_word(text: str, latin: str) -> None:
    assert to_latin(text) == latin


# 2021 Kazakh Latin alphabet. The sentence is the transliteration example of
# en.wikipedia.org/wiki/Kazakh_alphabets (1902 text, modern orthography).
KK_SENTENCE_CYRILLIC = (
    "Бұрыңғы өткен заманда, бір данышпан кісі, Бағдат шаһарының бір үлкен "
    "қазысының үйіне келіп қоныпты. Қазыменен сөйлесіп, қазыны сөзге жеңе "
    "беріпті. Сонда қазы қорқып,"
)
KK_SENTENCE_LATIN = (
    "Būryñğy ötken zamanda, bır danyşpan kısı, Bağdat şaharynyñ bır ülken "
    "qazysynyñ üiıne kelıp qonypty. Qazymenen söilesıp, qazyny sözge jeñe "
    "berıptı. Sonda qazy qorqyp,"
)


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Қазақстан", "Qazaqstan"),
        ("ҚАЗАҚСТАН", "QAZAQSTAN"),
        ("Қазақстан Республикасы", "Qazaqstan Respublikasy"),
        ("Әлия", "Äliia"),  # Я has no 2021 letter: İa, built from И/Й = İ
        ("Шоқан Уәлиханов", "Şoqan Uälihanov"),
        ("Ілияс", "Iliias"),
        ("ІЛИЯС", "ILİİAS"),
        ("Өркен", "Örken"),
        ("Ұлан Үсенов", "Ūlan Üsenov"),
        ("Ғалым Теңізбаев", "Ğalym Teñızbaev"),
        ("Жанибек", "Janibek"),
        # loan letters (our documented choice)
        ("Цой", "Tsoi"),
        ("Чолпон", "Çolpon"),
        ("Щукин", "Şukin"),
        ("Юрий", "İurii"),
        ("Объедков", "Obedkov"),
        ("Эльвира", "Elvira"),
        # Cyrillic letters the 2021 alphabet does not cover fall back to ICAO
        ("Ўткир", "Utkir"),
        (KK_SENTENCE_CYRILLIC, KK_SENTENCE_LATIN),
    ],
)
def test_kazakh_latin_2021(cyrillic: str, latin: str) -> None:
    assert to_latin(cyrillic, "kk_latin_2021") == latin


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("ئۇيغۇر", "Uyghur"),
        ("ئۈرۈمچى", "Ürümchi"),
        ("قەشقەر", "Qeshqer"),
        ("ئابدۇللا", "Abdulla"),
        ("ئەخمەتجان", "Exmetjan"),
        ("غۇلجا", "Ghulja"),
        ("تۇرپان", "Turpan"),
        ("خوتەن", "Xoten"),
        ("ئىلى", "Ili"),
        ("ژۇرنال", "zhurnal".capitalize()),
        ("جەمئىيەت", "Jem'iyet"),  # hamza inside a word
        ("مەنگۈ", "Men'gü"),  # n'g is not ng (ڭ)
        ("سىڭلىم", "Singlim"),  # ڭ is ng
        ("ئەسھاب", "Es'hab"),  # s'h is not sh (ش)
        ("ۋەتەن", "Weten"),
        ("ئېلى", "Éli"),
    ],
)
def test_uyghur_to_uly(arabic: str, latin: str) -> None:
    assert to_latin(arabic) == latin
    assert to_latin(arabic, "kk_latin_2021") == latin


def test_uyghur_full_name_and_mixed_text() -> None:
    assert to_latin("ئابدۇللا ئەخمەت") == "Abdulla Exmet"
    assert to_latin("Rustam Абдуллаев (ئابدۇللا)") == "Rustam Abdullaev (Abdulla)"


def test_other_scripts_fall_back_to_anyascii() -> None:
    assert to_latin("张伟") == "Zhang Wei"
    assert to_latin("Ελένη") == "Eleni"
    assert to_latin("ნინო") == "nino"
    assert to_latin("राम") == "ram"
    persian = to_latin("محمد")  # Persian/Dari: not Uyghur, no vowels written
    assert persian.isascii() and persian.lower() == "mhmd"


def test_latin_and_neutral_characters_are_kept() -> None:
    for text in ["O'tkir", "Oʻtkir G‘ulomov", "Şukurov", "Nūrsūltan", "Žanibek", "«Ali» 12-3"]:
        assert to_latin(text) == text
    assert to_latin("Ivan Петров-Vodkin") == "Ivan Petrov-Vodkin"


def test_unknown_system_is_rejected() -> None:
    assert SYSTEMS == {"icao", "kk_latin_2021"}
    with pytest.raises(ValueError, match="unknown transliteration system"):
        to_latin("Иван", "gost")


def test_decomposed_input_is_composed_first() -> None:
    assert to_latin("И\u0306оканнен") == to_latin("Йоканнен") == "Iokannen"
    assert to_latin("Е\u0308лкин") == "Elkin"


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Абдуллаев", "Cyrl"),
        ("Abdullaev", "Latn"),
        ("ئابدۇللا", "Arab"),
        ("محمد", "Arab"),
        ("张伟", "Hani"),
        ("Ελένη", "Grek"),
        ("ნინო", "Geor"),
        ("राम", "Deva"),
        ("김민수", "Hang"),
        ("Rustam Абдуллаев", "Cyrl"),  # 9 Cyrillic letters beat 6 Latin
        ("Abdullaev Р.", "Latn"),
        ("Ab Вг", "Latn"),  # a tie goes to the script seen first
        ("12-3 !", "Zyyy"),
        ("", "Zyyy"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert detect_script(text) == script
