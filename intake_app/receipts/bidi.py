"""Bidirectional levels and visual order for plain paragraphs: the part of UAX #9 a receipt needs.

A renderer must know the embedding level of every character, so that each
directional run is shaped on its own in its direction and the runs are put in
visual order. python-bidi (the only bidi package on PyPI) returns just a
reordered string, so the rules are implemented here, for paragraphs without
explicit embeddings: P2–P3 (paragraph level), W1–W7 (weak types), N0 (bracket
pairs), N1–N2 (neutrals), I1–I2 (implicit levels), L1 (trailing whitespace)
and L2 (reordering). Explicit embedding, override and isolate controls
(X1–X8) are not honoured: like other format characters (X9, BN) they keep
the level of the character before them. Mirroring (L4) and combining marks
(L3) are left to HarfBuzz, which shapes each run in its own direction.
Rule names below refer to https://www.unicode.org/reports/tr9/.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_EXPLICIT = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
_NEUTRAL = {"B", "S", "WS", "ON"}

#: Bidi_Paired_Bracket pairs of the BMP (BidiBrackets.txt), opening → closing.
_BRACKETS: dict[str, str] = {
    "(": ")", "[": "]", "{": "}", "\u0f3a": "\u0f3b", "\u0f3c": "\u0f3d", "\u169b": "\u169c",
    "\u2045": "\u2046", "\u207d": "\u207e", "\u208d": "\u208e", "\u2308": "\u2309", "\u230a": "\u230b",
    "\u2329": "\u232a", "\u27c5": "\u27c6", "\u29d8": "\u29d9", "\u29da": "\u29db", "\u29fc": "\u29fd",
    "\ufe59": "\ufe5a", "\ufe5b": "\ufe5c", "\ufe5d": "\ufe5e", "\uff08": "\uff09", "\uff3b": "\uff3d",
    "\uff5b": "\uff5d", "\uff5f": "\uff60", "\uff62": "\uff63",
    **{chr(c): chr(c + 1) for c in range(0x2768, 0x2776, 2)},
    **{chr(c): chr(c + 1) for c in range(0x27E6, 0x27F0, 2)},
    **{chr(c): chr(c + 1) for c in range(0x2983, 0x2999, 2)},
    **{chr(c): chr(c + 1) for c in range(0x2E22, 0x2E2A, 2)},
    **{chr(c): chr(c + 1) for c in range(0x3008, 0x3012, 2)},
    **{chr(c): chr(c + 1) for c in range(0x3014, 0x301C, 2)},
}
_CLOSING = {close: open_ for open_, close in _BRACKETS.items()}
#: Canonical equivalents that BD16 treats as the same bracket.
_CANONICAL = {"\u2329": "\u3008", "\u232a": "\u3009"}


@lru_cache(maxsize=8192)
def bidi_class(char: str) -> str:
    """The Bidi_Class of ``char``; explicit controls count as BN (see the module docstring)."""
    value = unicodedata.bidirectional(char) or "L"
    return "BN" if value in _EXPLICIT else value


def first_strong_level(text: str) -> int | None:
    """P2–P3: 1 if the first strong character is right-to-left, 0 if left-to-right, None if there is none."""
    for char in text:
        value = bidi_class(char)
        if value == "L":
            return 0
        if value in ("R", "AL"):
            return 1
    return None


def _strong(value: str) -> str | None:
    """The direction a resolved type counts as for N0/N1 (numbers count as R)."""
    if value == "L":
        return "L"
    if value in ("R", "AN", "EN"):
        return "R"
    return None


def _weak(types: list[str], sos: str) -> None:
    """W1–W7, in place, on one isolating run sequence (here: the whole paragraph)."""
    previous = sos
    for i, value in enumerate(types):  # W1
        if value == "NSM":
            types[i] = previous
        previous = types[i]
    last_strong = sos
    for i, value in enumerate(types):  # W2, W3
        if value in ("L", "R", "AL"):
            last_strong = value
        if value == "EN" and last_strong == "AL":
            types[i] = "AN"
        if value == "AL":
            types[i] = "R"
    for i in range(1, len(types) - 1):  # W4
        before, value, after = types[i - 1], types[i], types[i + 1]
        if before == after == "EN" and value in ("ES", "CS") or before == after == "AN" and value == "CS":
            types[i] = before
    i = 0
    while i < len(types):  # W5
        if types[i] != "ET":
            i += 1
            continue
        end = i
        while end < len(types) and types[end] == "ET":
            end += 1
        if (i > 0 and types[i - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[i:end] = ["EN"] * (end - i)
        i = end
    for i, value in enumerate(types):  # W6
        if value in ("ES", "ET", "CS"):
            types[i] = "ON"
    last_strong = sos
    for i, value in enumerate(types):  # W7
        if value in ("L", "R"):
            last_strong = value
        elif value == "EN" and last_strong == "L":
            types[i] = "L"


def _bracket_pairs(chars: Sequence[str], types: Sequence[str]) -> list[tuple[int, int]]:
    """BD16: paired brackets (only those whose resolved type is ON), sorted by the opening one."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, char in enumerate(chars):
        if types[i] != "ON":
            continue
        char = _CANONICAL.get(char, char)
        if char in _BRACKETS:
            if len(stack) == 63:
                break
            stack.append((_CANONICAL.get(_BRACKETS[char], _BRACKETS[char]), i))
        elif char in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == char:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    return sorted(pairs)


def _brackets(chars: Sequence[str], types: list[str], original: Sequence[str], sos: str, embedding: str) -> None:
    """N0: a bracket pair takes the direction of the text inside it, or of the text before it."""
    opposite = "R" if embedding == "L" else "L"
    for open_, close in _bracket_pairs(chars, types):
        inside = {_strong(value) for value in types[open_ + 1:close]}
        if embedding in inside:
            direction = embedding
        elif opposite in inside:
            before = next((s for value in reversed(types[:open_]) if (s := _strong(value))), sos)
            direction = opposite if before == opposite else embedding
        else:
            continue
        for index in (open_, close):
            types[index] = direction
            after = index + 1
            while after < len(types) and original[after] == "NSM":
                types[after] = direction
                after += 1


def _neutrals(types: list[str], sos: str, embedding: str) -> None:
    """N1–N2: a run of neutrals between text of one direction takes it, otherwise the embedding direction."""
    i = 0
    while i < len(types):
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        end = i
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = (_strong(types[i - 1]) or embedding) if i > 0 else sos
        after = (_strong(types[end]) or embedding) if end < len(types) else sos
        types[i:end] = [before if before == after else embedding] * (end - i)
        i = end


def resolve_levels(text: str, base: int) -> list[int]:
    """The embedding level of every character of one paragraph (no line breaks) with base level 0 or 1."""
    kept = [i for i, char in enumerate(text) if bidi_class(char) != "BN"]  # X9
    chars = [text[i] for i in kept]
    original = [bidi_class(char) for char in chars]
    types = list(original)
    embedding = "R" if base else "L"  # X10: sos and eos are the paragraph direction
    _weak(types, embedding)
    _brackets(chars, types, original, embedding, embedding)
    _neutrals(types, embedding, embedding)
    resolved = []
    for value in types:  # I1, I2
        if base == 0:
            resolved.append(1 if value == "R" else 2 if value in ("AN", "EN") else 0)
        else:
            resolved.append(2 if value in ("L", "AN", "EN") else 1)
    levels = [base] * len(text)
    for i, level in zip(kept, resolved, strict=True):
        levels[i] = level
    for i in range(1, len(text)):  # removed characters keep the level of the one before
        if bidi_class(text[i]) == "BN":
            levels[i] = levels[i - 1]
    return levels


def line_levels(text: str, levels: Sequence[int], base: int) -> list[int]:
    """L1 for one line: trailing whitespace (and format characters among it) goes back to the paragraph level."""
    result = list(levels)
    i = len(text)
    while i > 0 and bidi_class(text[i - 1]) in ("WS", "S", "B", "BN"):
        i -= 1
        result[i] = base
    return result


def visual_order(levels: Sequence[int]) -> list[int]:
    """L2: indexes of the items (characters or runs) with these levels, from left to right."""
    order = list(range(len(levels)))
    odd = [level for level in levels if level % 2]
    if not odd:
        return order
    for level in range(max(levels), min(odd) - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] < level:
                i += 1
                continue
            end = i
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[i:end] = order[i:end][::-1]
            i = end
    return order
