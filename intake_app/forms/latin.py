"""The Latin spelling the app suggests for a name written in another script (``suggest_latin_from:``).

Officers copy an applicant's name into Latin letters for the registry and the
passport check; retyping Cyrillic or Arabic script by hand invites spelling
variants that later defeat the duplicate check. A Latin field may name the
field beside it that holds the name as written (``suggest_latin_from:
name_original``); while the Latin field is empty and that name is in another
script, the engine offers the project's transliteration (ICAO 9303 for
Cyrillic, see :mod:`intake_app.names.transliterate`). The officer accepts or
types the spelling of the passport: a suggestion never becomes an answer by
itself and never replaces one.
"""

from __future__ import annotations

from intake_app.forms.conditions import is_answered
from intake_app.forms.fields import Field
from intake_app.forms.state import FormState
from intake_app.names import to_latin


def suggest_latin(original: str) -> str | None:
    """The Latin spelling of ``original``; ``None`` if it is empty or already in Latin letters."""
    text = " ".join(original.split())
    latin = " ".join(to_latin(text).split())
    if not latin or latin == text:
        return None
    return latin


def latin_suggestion(scope: FormState, field: Field) -> str | None:
    """What the empty Latin ``field`` at this level (a record, or one group entry) suggests, if anything."""
    source = field.suggest_latin_from
    if source is None or is_answered(scope.data.get(field.id)):
        return None
    original = scope.data.get(source)
    return suggest_latin(original) if isinstance(original, str) else None
