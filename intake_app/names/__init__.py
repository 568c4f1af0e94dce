"""Names across scripts: transliteration and the cross-script search key.

Pure Python, no Qt. See ``docs/transliteration.md`` for the systems, the
folding rules and their limits.
"""

from .scripts import detect_script
from .search_key import fold_token, name_key, name_tokens, query_tokens
from .transliterate import SYSTEMS, to_latin

__all__ = [
    "SYSTEMS",
    "detect_script",
    "fold_token",
    "name_key",
    "name_tokens",
    "query_tokens",
    "to_latin",
]
