"""Reading form YAML safely, keeping the line of every key and list item.

Only plain data is built: str, int, float, bool, null, lists and mappings.
Every tag beyond those (``!!python/object``, ``!!binary``, ``!!set`` …) is
refused, aliases are refused, and YAML 1.1 surprises are switched off
(``no``/``on`` stay strings, so a choice value ``no`` or Norway's ``NO`` is
not turned into a boolean; ``2026-01-01`` stays a string, not a date).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, SequenceNode

from intake_app.forms.errors import FormError

_TAG = "tag:yaml.org,2002:"


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers where it and each of its keys start (1-based)."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[str, int] = {}
        self.value_lines: dict[str, int] = {}

    def key_line(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that remembers where it and each of its items start (1-based)."""

    line: int = 1

    def __init__(self) -> None:
        super().__init__()
        self.item_lines: list[int] = []


class _Loader(yaml.SafeLoader):
    """SafeLoader restricted to plain data, with line marks and duplicate-key detection."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int, str]] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases (*name) are not allowed in form definitions", mark)
        return super().compose_node(parent, index)


def _construct_map(loader: _Loader, node: MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, str):
            loader.problems.append((line, f"mapping keys must be strings, not {key!r}"))
            continue
        if key in result:
            loader.problems.append((line, f"duplicate key '{key}' (first at line {result.key_lines[key]})"))
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines.setdefault(key, line)
        result.value_lines.setdefault(key, value_node.start_mark.line + 1)
    return result


def _construct_seq(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList()
    result.line = node.start_mark.line + 1
    for item in node.value:
        result.append(loader.construct_object(item, deep=True))
        result.item_lines.append(item.start_mark.line + 1)
    return result


def _refuse_tag(loader: _Loader, node: Node) -> None:
    raise ConstructorError(None, None, f"YAML tag '{node.tag}' is not allowed in form definitions", node.start_mark)


_Loader.yaml_constructors = {
    _TAG + "null": SafeConstructor.construct_yaml_null,
    _TAG + "bool": SafeConstructor.construct_yaml_bool,
    _TAG + "int": SafeConstructor.construct_yaml_int,
    _TAG + "float": SafeConstructor.construct_yaml_float,
    _TAG + "str": SafeConstructor.construct_yaml_str,
    _TAG + "seq": _construct_seq,
    _TAG + "map": _construct_map,
    None: _refuse_tag,
}
_Loader.yaml_multi_constructors = {}
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_Loader.yaml_implicit_resolvers = {
    first: [
        (tag, _BOOL if tag == _TAG + "bool" else regexp)
        for tag, regexp in resolvers
        if tag in {_TAG + "bool", _TAG + "int", _TAG + "float", _TAG + "null"}
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str, filename: str) -> tuple[Any, list[FormError]]:
    """The document in ``text`` and the problems found while reading it.

    A syntax error gives ``(None, [that error])``; duplicate keys are reported
    but do not stop reading.
    """
    loader = _Loader(text)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = " ".join(part for part in (exc.context, exc.problem) if part) or "invalid YAML"
        return None, [FormError(filename, line, None, f"YAML error: {message}")]
    except yaml.YAMLError as exc:
        return None, [FormError(filename, None, None, f"YAML error: {exc}")]
    finally:
        loader.dispose()
    return document, [FormError(filename, line, None, message) for line, message in loader.problems]


def locate(document: Any, path: Sequence[str | int]) -> tuple[int | None, list[tuple[str, str]]]:
    """The line of the deepest element of ``path`` found in ``document``, and the fields crossed.

    The second item lists ``(id, type)`` of every field mapping on the way, so
    an error can name the field it belongs to.
    """
    node = document
    line = getattr(document, "line", None)
    chain: list[tuple[str, str]] = []
    previous: str | int | None = None
    for part in path:
        if isinstance(node, LineDict) and isinstance(part, str) and part in node:
            line = node.key_line(part)
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.item_lines[part]
        else:
            break
        node = node[part]
        if previous == "fields" and isinstance(node, dict) and isinstance(node.get("id"), str):
            chain.append((node["id"], str(node.get("type"))))
        previous = part
    return line, chain


def field_label(chain: Sequence[tuple[str, str]]) -> str | None:
    """The dotted data path of the last field in ``chain`` (sections are not part of paths)."""
    if not chain:
        return None
    parts = [ident for ident, kind in chain[:-1] if kind == "group"]
    return ".".join([*parts, chain[-1][0]])
