"""The condition language of form definitions: parsed with lark, never eval'd.

Conditions decide whether a field is shown (``relevant``), must be answered
(``required``) or is acceptable (``constraint``). They are parsed when a form
is loaded, so a typo is a load error with a line number, not a surprise in
the field. Semantics are summarised in docs/forms.md; in short: only ``true``
counts as true, and any comparison with a null value is false except
``== null`` / ``!= null``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

GRAMMAR = r"""
?start: expr
?expr: or_expr
?or_expr: and_expr ("or" and_expr)*
?and_expr: not_expr ("and" not_expr)*
?not_expr: "not" not_expr -> not_
         | comparison
?comparison: value
           | value COMP_OP value -> compare
           | value "in" value -> in_
           | value "not" "in" value -> not_in
?value: STRING -> string
      | NUMBER -> number
      | "true" -> true
      | "false" -> false
      | "null" -> null
      | "." -> self_
      | NAME -> ref
      | NAME "(" [expr ("," expr)*] ")" -> call
      | "[" [expr ("," expr)*] "]" -> list_
      | "(" expr ")"
COMP_OP: "==" | "!=" | "<=" | ">=" | "<" | ">"
NAME: /[A-Za-z_][A-Za-z0-9_]*/
STRING: /'(?:[^'\\]|\\.)*'/ | /"(?:[^"\\]|\\.)*"/
NUMBER: /-?[0-9]+(\.[0-9]+)?/
%ignore /[ \t\r\n]+/
"""

_PARSER = Lark(GRAMMAR, parser="lalr", lexer="basic", maybe_placeholders=False)

#: Function name -> number of arguments.
FUNCTIONS: dict[str, int] = {"count": 1, "len": 1, "today": 0, "year": 1, "answered": 1, "date": 1}
#: Words that cannot be field ids because the language uses them.
RESERVED = frozenset({"and", "or", "not", "in", "true", "false", "null"})


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``line``/``column`` are 1-based within the condition."""

    def __init__(self, message: str, line: int = 1, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


# --- syntax tree ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Lit:
    value: Any


@dataclass(frozen=True)
class Ref:
    name: str


@dataclass(frozen=True)
class Self:
    pass


@dataclass(frozen=True)
class ListLit:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Any, ...]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Any
    right: Any


@dataclass(frozen=True)
class In:
    item: Any
    container: Any
    negated: bool


@dataclass(frozen=True)
class BoolOp:
    op: str  # "and" | "or"
    items: tuple[Any, ...]


@dataclass(frozen=True)
class Not:
    item: Any


def _unquote(token: str) -> str:
    return re.sub(r"\\(.)", r"\1", token[1:-1], flags=re.DOTALL)


@v_args(inline=True)
class _ToAst(Transformer):  # type: ignore[type-arg]
    def string(self, token: Token) -> Lit:
        return Lit(_unquote(str(token)))

    def number(self, token: Token) -> Lit:
        text = str(token)
        return Lit(Decimal(text) if "." in text else int(text))

    def true(self) -> Lit:
        return Lit(True)

    def false(self) -> Lit:
        return Lit(False)

    def null(self) -> Lit:
        return Lit(None)

    def self_(self) -> Self:
        return Self()

    def ref(self, token: Token) -> Ref:
        return Ref(str(token))

    def call(self, name: Token, *args: Any) -> Call:
        return Call(str(name), tuple(args))

    def list_(self, *items: Any) -> ListLit:
        return ListLit(tuple(items))

    def compare(self, left: Any, op: Token, right: Any) -> Compare:
        return Compare(str(op), left, right)

    def in_(self, item: Any, container: Any) -> In:
        return In(item, container, False)

    def not_in(self, item: Any, container: Any) -> In:
        return In(item, container, True)

    def not_(self, item: Any) -> Not:
        return Not(item)

    def or_expr(self, *items: Any) -> BoolOp:
        return BoolOp("or", items)

    def and_expr(self, *items: Any) -> BoolOp:
        return BoolOp("and", items)


def _walk(node: Any) -> Iterator[Any]:
    yield node
    if isinstance(node, (Call, ListLit)):
        children: tuple[Any, ...] = node.args if isinstance(node, Call) else node.items
    elif isinstance(node, Compare):
        children = (node.left, node.right)
    elif isinstance(node, In):
        children = (node.item, node.container)
    elif isinstance(node, BoolOp):
        children = node.items
    elif isinstance(node, Not):
        children = (node.item,)
    else:
        children = ()
    for child in children:
        yield from _walk(child)


def _syntax_error(source: str, exc: UnexpectedInput) -> ConditionSyntaxError:
    line, column = getattr(exc, "line", 1), getattr(exc, "column", None)
    if isinstance(exc, UnexpectedEOF) or (isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return ConditionSyntaxError(f"cannot parse condition {source!r}: it ends too early", line, None)
    if isinstance(exc, UnexpectedCharacters):
        found = source.splitlines()[line - 1][column - 1] if column else "?"
        return ConditionSyntaxError(
            f"cannot parse condition {source!r}: unexpected character {found!r} at column {column}", line, column)
    token = getattr(exc, "token", "?")
    return ConditionSyntaxError(
        f"cannot parse condition {source!r}: unexpected {str(token)!r} at column {column}", line, column)


# --- the compiled condition ----------------------------------------------------------------

Lookup = Callable[[str], Any]


@dataclass(frozen=True)
class Condition:
    """A parsed condition; ``refs`` are the field ids it reads."""

    source: str
    tree: Any
    refs: frozenset[str]
    uses_self: bool

    def nodes(self) -> Iterator[Any]:
        return _walk(self.tree)

    def evaluate(self, lookup: Lookup, self_value: Any = None, today: str = "") -> bool:
        """True only if the condition evaluates to boolean ``true``."""
        return _eval(self.tree, _Env(lookup, self_value, today)) is True


def parse_condition(source: str) -> Condition:
    """Parse ``source``; raises :class:`ConditionSyntaxError` (also for unknown functions)."""
    try:
        tree = _ToAst().transform(_PARSER.parse(source))
    except UnexpectedInput as exc:
        raise _syntax_error(source, exc) from None
    refs: set[str] = set()
    uses_self = False
    for node in _walk(tree):
        if isinstance(node, Ref):
            refs.add(node.name)
        elif isinstance(node, Self):
            uses_self = True
        elif isinstance(node, Call):
            if node.name not in FUNCTIONS:
                raise ConditionSyntaxError(
                    f"unknown function '{node.name}()' in {source!r} (known: {', '.join(sorted(FUNCTIONS))})")
            if len(node.args) != FUNCTIONS[node.name]:
                raise ConditionSyntaxError(
                    f"function '{node.name}()' takes {FUNCTIONS[node.name]} argument(s), "
                    f"got {len(node.args)} in {source!r}")
    return Condition(source, tree, frozenset(refs), uses_self)


# --- evaluation ----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Env:
    lookup: Lookup
    self_value: Any
    today: str


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?[+-]\d{2}:\d{2}$")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def is_answered(value: Any) -> bool:
    """A value is answered unless it is null, blank text, an empty list or an empty object."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple)):
        return len(value) > 0
    if isinstance(value, dict):
        return any(is_answered(item) for item in value.values())
    return True


def _equal(a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return bool(a == b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, str) and isinstance(b, str) and _DATETIME.match(a) and _DATETIME.match(b):
        return datetime.fromisoformat(a) == datetime.fromisoformat(b)
    return type(a) is type(b) and bool(a == b)


def _ordered(op: str, a: Any, b: Any) -> bool:
    if _is_number(a) and _is_number(b):
        return _ORDER[op](a, b)
    if isinstance(a, str) and isinstance(b, str):
        if _DATETIME.match(a) and _DATETIME.match(b):  # instants, whatever their offsets
            return _ORDER[op](datetime.fromisoformat(a), datetime.fromisoformat(b))
        return _ORDER[op](a, b)  # ISO dates compare as text
    return False


def _compare(node: Compare, env: _Env) -> bool:
    left, right = _eval(node.left, env), _eval(node.right, env)
    null_test = node.left == Lit(None) or node.right == Lit(None)
    if node.op in ("==", "!="):
        if left is None or right is None:
            if not null_test:
                return False
            equal = left is None and right is None
        else:
            equal = _equal(left, right)
        return equal if node.op == "==" else not equal
    if left is None or right is None:
        return False
    return _ordered(node.op, left, right)


def _contains(node: In, env: _Env) -> bool:
    item, container = _eval(node.item, env), _eval(node.container, env)
    if item is None or container is None:
        return False
    if isinstance(container, (list, tuple)):
        found = any(_equal(item, element) for element in container)
    elif isinstance(container, str) and isinstance(item, str):
        found = item in container
    else:
        return False
    return not found if node.negated else found


def _call(node: Call, env: _Env) -> Any:
    if node.name == "today":
        return env.today
    value = _eval(node.args[0], env)
    if node.name == "answered":
        return is_answered(value)
    if node.name == "count":
        if isinstance(value, (list, tuple)):
            return len(value)
        return 1 if is_answered(value) else 0
    if node.name == "len":
        return len(value) if isinstance(value, (str, list, tuple)) else 0
    if node.name == "year":
        if isinstance(value, str) and re.match(r"^\d{4}", value):
            return int(value[:4])
        return None
    if node.name == "date":
        return value[:10] if isinstance(value, str) and len(value) >= 10 else value
    raise AssertionError(node.name)  # parse_condition only lets known functions through


def _eval(node: Any, env: _Env) -> Any:
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Ref):
        return env.lookup(node.name)
    if isinstance(node, Self):
        return env.self_value
    if isinstance(node, ListLit):
        return [_eval(item, env) for item in node.items]
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_eval(item, env) is True for item in node.items)
        return any(_eval(item, env) is True for item in node.items)
    if isinstance(node, Not):
        return _eval(node.item, env) is not True
    if isinstance(node, Compare):
        return _compare(node, env)
    if isinstance(node, In):
        return _contains(node, env)
    if isinstance(node, Call):
        return _call(node, env)
    raise AssertionError(node)
