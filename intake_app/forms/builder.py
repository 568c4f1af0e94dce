"""From a parsed YAML document to a :class:`Form`, checking what a schema cannot.

Checks: unique field ids across the whole form, translations for every form
language, existing choice lists, options that fit the field type, sound
ranges, and conditions that parse, refer to visible fields, compare choice
fields only with their own values, and do not make relevance circular. Every
problem is collected (with its line) before giving up, and the checks are
defensive so they also run on a document the schema already rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from intake_app.forms.conditions import (
    RESERVED,
    Compare,
    Condition,
    ConditionSyntaxError,
    In,
    ListLit,
    Lit,
    Ref,
    Self,
    parse_condition,
)
from intake_app.forms.errors import FormError
from intake_app.forms.fields import ChoiceList, Field
from intake_app.forms.form import Form
from intake_app.forms.locale_names import country_codes, language_codes
from intake_app.forms.prefill import PREFILL_SOURCES
from intake_app.forms.receipt_map import FieldFacts, check_receipt_map
from intake_app.forms.yaml_source import LineDict, LineList
from intake_app.roles import Role

REQUIRED_LANGUAGES = ("kk", "ru", "en")
#: Roles a form can be given to (administrators never see applicants' data).
FORM_ROLES = tuple(role.value for role in Role if role is not Role.ADMIN)
IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
CONDITION_KEYS = ("required", "relevant", "constraint")
COMMON_KEYS = frozenset({"id", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message",
                         "summary"})
SECTION_KEYS = frozenset({"id", "type", "label", "hint", "relevant", "fields"})
TYPE_OPTIONS: dict[str, frozenset[str]] = {
    "text": frozenset({"max_length", "search", "prefill", "suggest_latin_from"}),
    "long_text": frozenset({"max_length"}),
    "integer": frozenset({"min", "max"}),
    "decimal": frozenset({"min", "max"}),
    "date": frozenset({"min", "max", "partial", "search", "prefill"}),
    "datetime": frozenset({"prefill"}),
    "yes_no": frozenset(),
    "choice": frozenset({"choices"}),
    "multi_choice": frozenset({"choices"}),
    "country": frozenset({"multiple"}),
    "language": frozenset({"multiple"}),
    "phone": frozenset(),
    "iin": frozenset({"search"}),
    "identity_document": frozenset({"choices"}),
    "group": frozenset({"fields", "min_count", "max_count"}),
    "attachment": frozenset({"accept", "max_bytes", "multiple"}),
    "section": frozenset(),
}
NEEDED_OPTIONS = {"choice": ("choices",), "multi_choice": ("choices",), "identity_document": ("choices",),
                  "group": ("fields",), "section": ("fields",), "attachment": ("accept", "max_bytes")}
SEARCH_TYPES = {"name": ("text",), "document_number": ("text", "iin"), "birth_date": ("date",),
                "receipt": ("text",)}
#: ``summary:`` kind -> the field types that can stand for it in a list of records.
SUMMARY_TYPES = {"date": ("date", "datetime"), "place": ("text", "choice")}
_ALL_KEYS = COMMON_KEYS | SECTION_KEYS | frozenset().union(*TYPE_OPTIONS.values())
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


@dataclass(eq=False)
class _Proto:
    """A field mapping being checked, with where it sits."""

    m: LineDict
    id: str
    type: str
    path: str
    groups: tuple[str, ...]  # enclosing repeat groups, outermost first
    section: str | None  # enclosing section at the same data level
    children: list[_Proto] = dc_field(default_factory=list)
    conditions: dict[str, Condition] = dc_field(default_factory=dict)


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class FormBuilder:
    """Checks one parsed document; ``build()`` returns the form, or None with ``errors`` filled."""

    def __init__(self, document: LineDict, filename: str, source: str) -> None:
        self.doc, self.file, self.source = document, filename, source
        self.errors: list[FormError] = []
        self.languages: tuple[str, ...] = REQUIRED_LANGUAGES
        self.choice_lists: dict[str, ChoiceList] = {}
        self.protos: dict[str, _Proto] = {}
        self.all_protos: list[_Proto] = []
        self.summaries: dict[str, _Proto] = {}  # summary kind -> the first field marked with it

    def error(self, line: int | None, field: str | None, message: str) -> None:
        self.errors.append(FormError(self.file, line, field, message))

    def build(self, *, construct: bool = True) -> Form | None:
        """Run every check; the form if there were no errors and ``construct`` is set."""
        doc = self.doc
        self._languages()
        self._texts(doc, "title", None)
        roles = self._roles()
        self._choice_lists()
        top = self._fields(doc.get("fields"), (), "", None)
        for proto in self.all_protos:
            self._check_conditions(proto)
            self._check_prefill(proto)
            self._check_latin_source(proto)
        self._check_cycles()
        facts = {proto.id: FieldFacts(proto.type, proto.groups) for proto in self.all_protos}
        receipt = check_receipt_map(doc.get("receipt"), facts,
                                    lambda message: self.error(doc.key_line("receipt"), None, message))
        if self.errors or not construct:
            return None
        return Form(id=doc["id"], version=doc["version"], titles=dict(doc["title"]), roles=roles,
                    languages=self.languages, choice_lists=self.choice_lists,
                    fields=tuple(self._make(proto) for proto in top), source=self.source, filename=self.file,
                    receipt=receipt, **self._sync_options())

    # --- top level -------------------------------------------------------------------------

    def _sync_options(self) -> dict[str, Any]:
        """``sync:`` (checked by the schema): where records go and how long the device keeps them."""
        block = self.doc.get("sync")
        if not isinstance(block, dict):
            return {}
        destinations = block.get("destinations")
        days = block.get("retention_days")
        return {"sync_destinations": tuple(destinations) if isinstance(destinations, list) else (),
                "retention_days": days if isinstance(days, int) and not isinstance(days, bool) else None}

    def _languages(self) -> None:
        value = self.doc.get("languages")
        if not isinstance(value, list):
            return
        self.languages = tuple(item for item in value if isinstance(item, str))
        missing = [lang for lang in REQUIRED_LANGUAGES if lang not in self.languages]
        if missing:
            self.error(self.doc.key_line("languages"), None,
                       f"'languages' must include kk, ru and en (missing: {', '.join(missing)})")

    def _roles(self) -> tuple[str, ...]:
        value = self.doc.get("roles")
        roles = tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()
        for role in roles:
            if role not in FORM_ROLES:
                self.error(self.doc.key_line("roles"), None,
                           f"role '{role}' cannot be given a form (use: {', '.join(FORM_ROLES)})")
        return roles

    def _texts(self, m: Any, key: str, field: str | None, context: str = "") -> None:
        value = m.get(key) if isinstance(m, dict) else None
        if not isinstance(value, dict):
            return
        line = m.key_line(key)
        missing = [lang for lang in self.languages if not isinstance(value.get(lang), str) or not value[lang].strip()]
        if missing:
            self.error(line, field, f"{context}'{key}' is not translated into: {', '.join(missing)}")
        for lang in value:
            if lang not in self.languages:
                self.error(value.key_line(lang) if isinstance(value, LineDict) else line, field,
                           f"{context}'{key}' has a text in '{lang}', which is not one of the form's "
                           f"languages ({', '.join(self.languages)})")

    def _choice_lists(self) -> None:
        lists = self.doc.get("choices")
        if not isinstance(lists, dict):
            return
        for name, items in lists.items():
            if not isinstance(items, LineList):
                continue
            seen: dict[str, int] = {}
            entries: list[tuple[str, dict[str, str]]] = []
            for index, item in enumerate(items):
                value = item.get("value") if isinstance(item, dict) else None
                if not isinstance(value, str):
                    continue
                line = items.item_lines[index]
                if value in seen:
                    self.error(line, None, f"choice list '{name}': value '{value}' appears twice "
                                           f"(first at line {seen[value]})")
                seen.setdefault(value, line)
                self._texts(item, "label", None, f"choice list '{name}', value '{value}': ")
                label = item.get("label")
                entries.append((value, dict(label) if isinstance(label, dict) else {}))
            self.choice_lists[name] = ChoiceList(name, tuple(entries))

    # --- fields ------------------------------------------------------------------------------

    def _fields(self, items: Any, groups: tuple[str, ...], prefix: str, section: str | None) -> list[_Proto]:
        protos: list[_Proto] = []
        if not isinstance(items, list):
            return protos
        for m in items:
            ident, kind = (m.get("id"), m.get("type")) if isinstance(m, LineDict) else (None, None)
            if not isinstance(ident, str) or not IDENTIFIER.fullmatch(ident) or kind not in TYPE_OPTIONS:
                continue  # the schema check has reported it
            proto = _Proto(m, ident, kind, f"{prefix}.{ident}" if prefix else ident, groups, section)
            first = self.protos.get(ident)
            if first is not None:
                self.error(m.key_line("id"), proto.path,
                           f"duplicate field id '{ident}' (first defined at line {first.m.key_line('id')})")
            elif ident in RESERVED:
                self.error(m.key_line("id"), proto.path, f"'{ident}' is a word of the condition language")
            else:
                self.protos[ident] = proto
            self.all_protos.append(proto)
            self._check_field(proto)
            if kind == "group":
                proto.children = self._fields(m.get("fields"), (*groups, ident), proto.path, None)
            elif kind == "section":
                proto.children = self._fields(m.get("fields"), groups, prefix, ident)
            protos.append(proto)
        return protos

    def _check_field(self, p: _Proto) -> None:
        m, path = p.m, p.path
        allowed = (SECTION_KEYS if p.type == "section" else COMMON_KEYS) | TYPE_OPTIONS[p.type]
        for key in m:
            if key in _ALL_KEYS and key not in allowed:
                self.error(m.key_line(key), path, f"'{key}' does not apply to type '{p.type}'")
        for key in NEEDED_OPTIONS.get(p.type, ()):
            if key not in m:
                self.error(m.line, path, f"type '{p.type}' needs '{key}'")
        name = m.get("choices")
        if "choices" in allowed and isinstance(name, str) and name not in self.choice_lists:
            self.error(m.key_line("choices"), path, f"choice list '{name}' does not exist")
        for key in ("label", "hint", "constraint_message"):
            self._texts(m, key, path)
        if ("constraint" in m) != ("constraint_message" in m) and p.type != "section":
            key = "constraint" if "constraint" in m else "constraint_message"
            self.error(m.key_line(key), path, "'constraint' and 'constraint_message' go together")
        kind = m.get("search")
        if kind in SEARCH_TYPES and "search" in allowed and p.type not in SEARCH_TYPES[kind]:
            self.error(m.key_line("search"), path, f"'search: {kind}' does not apply to type '{p.type}'")
        self._check_summary(p, allowed)
        self._check_range(p, "min", "max")
        self._check_range(p, "min_count", "max_count")
        for key in CONDITION_KEYS:
            source = m.get(key)
            if isinstance(source, str) and key in allowed:
                try:
                    p.conditions[key] = parse_condition(source)
                except ConditionSyntaxError as exc:
                    self.error(m.key_line(key), path, f"'{key}': {exc}")

    def _check_summary(self, p: _Proto, allowed: frozenset[str]) -> None:
        """``summary: date|place``: a top-level field of a fitting type, at most one of each kind."""
        kind = p.m.get("summary")
        if not isinstance(kind, str) or kind not in SUMMARY_TYPES or "summary" not in allowed:
            return  # absent, reported by the schema check, or on a section (reported above)
        line = p.m.key_line("summary")
        if p.type not in SUMMARY_TYPES[kind]:
            self.error(line, p.path, f"'summary: {kind}' does not apply to type '{p.type}' "
                                     f"(only to {' or '.join(SUMMARY_TYPES[kind])} fields)")
        elif p.groups:
            self.error(line, p.path, f"'summary: {kind}' cannot be used inside repeat group '{p.groups[-1]}': "
                                     f"a record has one {kind}, so it must be a top-level field")
        elif (first := self.summaries.get(kind)) is not None:
            self.error(line, p.path, f"'summary: {kind}' is already given to field '{first.path}' "
                                     f"(line {first.m.key_line('summary')}); a form marks at most one")
        else:
            self.summaries[kind] = p

    def _check_prefill(self, p: _Proto) -> None:
        """``prefill: <source>`` fits the field's type; inside repeat groups, only where an entry always exists."""
        source = p.m.get("prefill")
        if not isinstance(source, str) or source not in PREFILL_SOURCES or "prefill" not in TYPE_OPTIONS[p.type]:
            return  # absent, or reported by the schema check or as not applying to the type
        line = p.m.key_line("prefill")
        if p.type not in PREFILL_SOURCES[source]:
            fitting = [name for name, types in PREFILL_SOURCES.items() if p.type in types]
            self.error(line, p.path, f"'prefill: {source}' does not apply to type '{p.type}' "
                                     f"(use one of: {', '.join(fitting)})")
        for group in p.groups:
            count = self.protos[group].m.get("min_count") if group in self.protos else None
            if not isinstance(count, int) or count < 1:
                self.error(line, p.path, f"'prefill' inside repeat group '{group}' needs 'min_count: 1' or more "
                                         f"on the group: the prefilled value goes into its first entry")

    def _check_latin_source(self, p: _Proto) -> None:
        """``suggest_latin_from: <field>`` names another text field beside this one (same level)."""
        name = p.m.get("suggest_latin_from")
        if not isinstance(name, str) or "suggest_latin_from" not in TYPE_OPTIONS[p.type]:
            return
        line = p.m.key_line("suggest_latin_from")
        target = self.protos.get(name)
        if target is None:
            self.error(line, p.path, f"'suggest_latin_from' refers to unknown field '{name}'")
        elif target is p:
            self.error(line, p.path, "'suggest_latin_from' must name another field, not the field itself")
        elif target.type != "text":
            self.error(line, p.path, f"'suggest_latin_from' refers to '{name}', which is of type '{target.type}' "
                                     f"(only a text field holds a name)")
        elif target.groups != p.groups:
            self.error(line, p.path, f"'suggest_latin_from' refers to '{name}', which is not beside this field "
                                     f"(both must be in the same repeat group, or both outside any)")

    def _bound(self, p: _Proto, key: str) -> Any:
        """The value of option ``key`` made comparable, or None (after reporting) if unusable."""
        value = p.m.get(key)
        if not isinstance(value, (int, str)) or isinstance(value, bool) or key not in TYPE_OPTIONS[p.type]:
            return None  # absent, or of a kind the schema check has reported
        if key in ("min_count", "max_count"):
            return value if isinstance(value, int) else None
        if p.type == "integer" and isinstance(value, int):
            return value
        if p.type == "decimal" and (isinstance(value, int) or (isinstance(value, str) and _DECIMAL.fullmatch(value))):
            return Decimal(str(value))
        if p.type == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                pass
        expected = {"integer": "a whole number", "decimal": "a whole number or a decimal in quotes, like '12.50'",
                    "date": "a date in quotes, like '2000-01-31'"}[p.type]
        self.error(p.m.key_line(key), p.path, f"'{key}' must be {expected}")
        return None

    def _check_range(self, p: _Proto, low_key: str, high_key: str) -> None:
        low, high = self._bound(p, low_key), self._bound(p, high_key)
        if low is not None and high is not None and low > high:
            self.error(p.m.key_line(high_key), p.path, f"'{low_key}' is greater than '{high_key}'")

    # --- conditions ------------------------------------------------------------------------

    def _check_conditions(self, p: _Proto) -> None:
        for key, condition in p.conditions.items():
            line = p.m.key_line(key)
            if condition.uses_self and key != "constraint":
                self.error(line, p.path, f"'{key}': '.' (the field's own value) can only be used in 'constraint'")
            for name in sorted(condition.refs):
                target = self.protos.get(name)
                if target is None:
                    self.error(line, p.path, f"'{key}' refers to unknown field '{name}'")
                elif target.type == "section":
                    self.error(line, p.path, f"'{key}' refers to '{name}', which is a section and has no value")
                elif target.groups != p.groups[: len(target.groups)]:
                    self.error(line, p.path, f"'{key}' refers to '{name}', which is inside repeat group "
                                             f"'{target.groups[-1]}' and can only be used within it")
            for name, literal in self._compared_literals(p, condition):
                allowed = self._allowed_values(self.protos.get(name))
                if allowed is not None and literal not in allowed:
                    self.error(line, p.path, f"'{key}' compares '{name}' with '{literal}', "
                                             f"which is not one of its possible values")

    def _compared_literals(self, p: _Proto, condition: Condition) -> list[tuple[str, str]]:
        def name(node: Any) -> str | None:
            return node.name if isinstance(node, Ref) else p.id if isinstance(node, Self) else None

        def text(node: Any) -> str | None:
            return node.value if isinstance(node, Lit) and isinstance(node.value, str) else None

        pairs: list[tuple[str, str]] = []
        for node in condition.nodes():
            if isinstance(node, Compare) and node.op in ("==", "!="):
                for a, b in ((node.left, node.right), (node.right, node.left)):
                    if name(a) is not None and text(b) is not None:
                        pairs.append((name(a), text(b)))  # type: ignore[arg-type]
            elif isinstance(node, In):
                if text(node.item) is not None and name(node.container) is not None:
                    pairs.append((name(node.container), text(node.item)))  # type: ignore[arg-type]
                elif name(node.item) is not None and isinstance(node.container, ListLit):
                    pairs += [(name(node.item), text(item)) for item in node.container.items  # type: ignore[misc]
                              if text(item) is not None]
        return pairs

    def _allowed_values(self, target: _Proto | None) -> frozenset[str] | None:
        if target is None:
            return None
        if target.type in ("choice", "multi_choice"):
            chosen = self.choice_lists.get(target.m.get("choices"))  # type: ignore[arg-type]
            return chosen.values if chosen is not None else None
        if target.type == "country":
            return country_codes()
        if target.type == "language":
            return language_codes()
        return None

    def _check_cycles(self) -> None:
        """Relevance must not depend on itself (a field shown only if it is shown)."""
        edges = {proto.id: set(proto.conditions["relevant"].refs) if "relevant" in proto.conditions else set()
                 for proto in self.protos.values()}
        for proto in self.protos.values():
            if proto.section is not None:
                edges[proto.id].add(proto.section)
        state: dict[str, int] = {}
        reported: set[frozenset[str]] = set()

        def visit(node: str, trail: list[str]) -> None:
            state[node] = 1
            for target in sorted(edges.get(node, ())):
                if state.get(target) == 1:
                    cycle = trail[trail.index(target):] + [target] if target in trail else [node, target]
                    if frozenset(cycle) not in reported:
                        reported.add(frozenset(cycle))
                        proto = self.protos[node]
                        self.error(proto.m.key_line("relevant"), proto.path,
                                   f"'relevant' depends on itself: {' -> '.join(cycle)}")
                elif target in edges and state.get(target) is None:
                    visit(target, [*trail, target])
            state[node] = 2

        for start in self.protos:
            if state.get(start) is None:
                visit(start, [start])

    # --- building --------------------------------------------------------------------------

    def _make(self, p: _Proto) -> Field:
        m = p.m
        options = {key: _plain(m[key]) for key in TYPE_OPTIONS[p.type] if key in m and key not in ("search", "fields")}
        required = m.get("required", False)
        return Field(
            id=p.id, type=p.type, path=p.path, labels=dict(m["label"]), hints=dict(m.get("hint", {})),
            required=p.conditions["required"] if isinstance(required, str) else bool(required),
            relevant=p.conditions.get("relevant"), constraint=p.conditions.get("constraint"),
            constraint_messages=dict(m.get("constraint_message", {})), options=MappingProxyType(options),
            children=tuple(self._make(child) for child in p.children),
            choice_list=self.choice_lists.get(m["choices"]) if "choices" in m else None,
            search=m.get("search"), summary=m.get("summary"), line=m.line,
        )
