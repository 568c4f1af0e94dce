"""A form's ``receipt:`` block: which of its fields the applicant's receipt shows, in which role.

The receipt code knows what a receipt says (time, place, names, family, …);
the form says which of its fields hold that, so a new form (or a new version
of one) gets a receipt without code changes, and a form without the block
(a detention visit report) gets none. Roles and the field types they accept:

=====================  ===========================  =========================
role                   field type                   where
=====================  ===========================  =========================
applicant_language     language                     top level: picks the
                                                    receipt's first language
when                   datetime or date             top level
place                  list of choice/text          top level, joined
name_original,         text                         top level
name_latin
birth_date             date                         top level
citizenship            country                      top level
stateless              yes_no                       top level
language               language                     top level
interpreter            yes_no                       top level
voluntary              yes_no                       top level
officer                list of text                 top level, joined
referred_to            list of choice/text          top level, joined
family                 group                        top level
family_name_original,  text / choice / date         inside the ``family``
family_name_latin,                                  group
family_relation,
family_birth_date
=====================  ===========================  =========================
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

#: role -> (accepted field types, whether a list of fields is allowed, must sit in the family group)
ROLES: dict[str, tuple[tuple[str, ...], bool, bool]] = {
    "applicant_language": (("language",), False, False),
    "when": (("datetime", "date"), False, False),
    "place": (("choice", "text"), True, False),
    "name_original": (("text",), False, False),
    "name_latin": (("text",), False, False),
    "birth_date": (("date",), False, False),
    "citizenship": (("country",), False, False),
    "stateless": (("yes_no",), False, False),
    "language": (("language",), False, False),
    "interpreter": (("yes_no",), False, False),
    "voluntary": (("yes_no",), False, False),
    "officer": (("text",), True, False),
    "referred_to": (("choice", "text"), True, False),
    "family": (("group",), False, False),
    "family_name_original": (("text",), False, True),
    "family_name_latin": (("text",), False, True),
    "family_relation": (("choice",), False, True),
    "family_birth_date": (("date",), False, True),
}
REQUIRED_ROLES = ("when", "place", "name_original")


@dataclass(frozen=True)
class ReceiptMap:
    """Role -> field ids (one id for most roles; several, joined in order, for a few)."""

    roles: Mapping[str, tuple[str, ...]]

    def field(self, role: str) -> str | None:
        ids = self.roles.get(role)
        return ids[0] if ids else None

    def fields(self, role: str) -> tuple[str, ...]:
        return self.roles.get(role, ())


@dataclass(frozen=True)
class FieldFacts:
    """What the check needs to know of a field: its type and enclosing repeat groups."""

    type: str
    groups: tuple[str, ...]


def check_receipt_map(block: Any, facts: Mapping[str, FieldFacts],
                      error: Callable[[str], None]) -> ReceiptMap | None:
    """The map from a parsed ``receipt:`` block, reporting each problem through ``error``."""
    if block is None:
        return None
    if not isinstance(block, dict):
        error("'receipt' must map receipt roles to field ids")
        return None
    roles: dict[str, tuple[str, ...]] = {}
    for role, value in block.items():
        spec = ROLES.get(role)
        if spec is None:
            error(f"'receipt' has an unknown role '{role}' (known: {', '.join(ROLES)})")
            continue
        types, many, in_family = spec
        ids = tuple(value) if isinstance(value, list) else (value,)
        if not ids or not all(isinstance(item, str) for item in ids):
            error(f"'receipt.{role}' must name a field id" + (" or a list of field ids" if many else ""))
            continue
        if len(ids) > 1 and not many:
            error(f"'receipt.{role}' takes one field, not a list")
            continue
        problems = [_problem(role, item, facts, types, in_family, block.get("family")) for item in ids]
        for problem in problems:
            if problem:
                error(problem)
        if not any(problems):
            roles[role] = ids
    for role in REQUIRED_ROLES:
        if role not in block:
            error(f"'receipt' must give '{role}': a receipt without it proves nothing")
    return ReceiptMap(roles)


def _problem(role: str, field_id: str, facts: Mapping[str, FieldFacts], types: tuple[str, ...],
             in_family: bool, family: Any) -> str:
    fact = facts.get(field_id)
    if fact is None:
        return f"'receipt.{role}' names '{field_id}', which is not a field of this form"
    if fact.type not in types:
        return (f"'receipt.{role}' needs a {' or '.join(types)} field; '{field_id}' is of type '{fact.type}'")
    if in_family and (not fact.groups or fact.groups[-1] != family):
        return f"'receipt.{role}' must name a field inside the group given as 'receipt.family'"
    if not in_family and fact.groups:
        return f"'receipt.{role}' must name a top-level field; '{field_id}' is inside group '{fact.groups[-1]}'"
    return ""
