"""Parsing user queries (Whoosh syntax plus our rules), spelling suggestions, and match offsets.

Whoosh's parser stays lenient, and a query typed halfway reads as meant: an unclosed quote runs
to the end, an operator with nothing on one side and a bracket opened last are dropped. An unknown
field name is an error naming the known fields, and `*` is every document rather than a walk over
every term.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from whoosh import query as wq
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser, QueryParser
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from .errors import QueryError
from .models import Span
from .schema import ENTITY_FIELDS, QUERY_FIELDS, body_analyzer, build_schema, plain_analyzer

MAX_QUERY_CHARS = 2000
"""Longer queries are refused: Whoosh's parser is quadratic on some inputs."""
MAX_EXPANDING_TERMS = 10
"""Wildcard, prefix and fuzzy terms each walk the vocabulary; more than this are refused."""
MAX_PHRASE_WORDS = 32
"""Words in all phrases together: each phrase word is checked at every position it occurs."""
MAX_FUZZY_DISTANCE = 2
"""`word~9` is read as `word~2`: larger edit distances match nearly everything and are slow."""
DATE_FORMS = "date:2025, date:202504, date:20250417 or date:[2025-01-01 TO 2025-06-30]"
KNOWN_FIELDS = (*QUERY_FIELDS, "tag", "id", "path")
"""`tag:` is resolved from the workspace before parsing (see workspace_query.py)."""
DEFAULT_FIELDS = ("title", "body")
STEMMED_FIELDS = frozenset({"title", "body"})

_FIELD_RE = re.compile(r'"[^"]*"?|(?<![\w:])([A-Za-z_][\w]*):(?=(\s|\)|$)?)')
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


@lru_cache(maxsize=1)
def _parser() -> QueryParser:
    """One parser for the process: title and body by default, AND between terms, fuzzy enabled."""
    schema = build_schema()
    parser = MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts={"title": 2.0})
    parser.add_plugin(FuzzyTermPlugin())
    return parser


def parse_query(text: str) -> wq.Query:
    """A Whoosh query for `text`, or QueryError with a one-line reason."""
    stripped = text.strip()
    if len(stripped) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query too long ({len(stripped)} characters; the limit is {MAX_QUERY_CHARS})"
        )
    if stripped in ("", "*", "*:*"):
        return wq.Every()
    stripped = tidy_query(stripped)
    check_fields(stripped)
    try:
        parsed = _parser().parse(stripped)
    except Exception as error:  # Whoosh raises bare Exceptions from deep in its parser.
        raise QueryError(_parse_failure(stripped, str(error), error)) from error
    error = _first_error(parsed)
    if error is not None:
        raise QueryError(_parse_failure(stripped, error, None))
    if parsed is wq.NullQuery or isinstance(parsed, type(wq.NullQuery)):
        raise QueryError("the query has no search terms")
    return _bounded(parsed)


_JOINING = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
_DANGLING = _JOINING | {"NOT"}
"""Operators that mean nothing with no word after them; the joining ones need one before too."""


def tidy_query(text: str) -> str:
    """A query typed halfway, read as meant: an unclosed quote closed at the end, brackets
    opened last and operators with nothing on one side dropped (Whoosh would search for the
    words "or" or "title" instead: `nato OR` found only the articles that also say "or")."""
    if text.count('"') % 2:
        text += '"'
    words = text.split()
    original = list(words)
    while words:
        if words[-1] in _DANGLING or words[-1].endswith("("):
            last = words.pop().rstrip("(")
            if last and last not in _DANGLING:
                words.append(last)
                break
        elif words[0] in _JOINING:
            words.pop(0)
        else:
            break
    # Operators alone are searched for as the words they are.
    return " ".join(words) if words and words != original else text


def _parse_failure(text: str, detail: str, error: Exception | None) -> str:
    """A one-line reason that says what to write instead of what went wrong inside the parser."""
    if "date:" in text:
        shown = "" if "literal" in detail else f" ({detail})"
        return f"could not read the date in the query{shown}; write {DATE_FORMS}"
    if isinstance(error, IndexError):
        return "could not parse the query: an operator (AND, OR, NOT) has no term to apply to"
    return f"could not parse the query: {detail}"


def _bounded(q: wq.Query) -> wq.Query:
    """Cap fuzzy edit distances and refuse queries with too many vocabulary-walking terms."""
    expanding: set[str] = set()
    phrases: set[tuple[str, ...]] = set()
    for leaf in q.leaves():
        if isinstance(leaf, wq.Phrase):
            phrases.add(tuple(leaf.words))
        if isinstance(leaf, wq.FuzzyTerm) and leaf.maxdist > MAX_FUZZY_DISTANCE:
            leaf.maxdist = MAX_FUZZY_DISTANCE
        if isinstance(leaf, wq.PatternQuery | wq.ExpandingTerm):
            expanding.add(str(leaf.text))
    if len(expanding) > MAX_EXPANDING_TERMS:
        raise QueryError(
            f"too many wildcard or fuzzy terms ({len(expanding)}; the limit is "
            f"{MAX_EXPANDING_TERMS}): each one scans the whole vocabulary"
        )
    phrase_words = sum(len(words) for words in phrases)
    if phrase_words > MAX_PHRASE_WORDS:
        raise QueryError(
            f"phrases too long ({phrase_words} words; the limit is {MAX_PHRASE_WORDS}): "
            "quote the most telling part"
        )
    return q


def check_fields(text: str) -> None:
    """Refuse field names the index does not have, listing the ones it does."""
    for match in _FIELD_RE.finditer(text):
        name = match.group(1)
        if name is None:
            continue
        if name not in KNOWN_FIELDS:
            known = ", ".join(f"{field}:" for field in KNOWN_FIELDS)
            raise QueryError(f"unknown field '{name}:'; known fields: {known}")
        if match.group(2) is not None and name == "date":
            raise QueryError(f"'date:' has no value; write {DATE_FORMS}")
        if match.group(2) is not None:
            raise QueryError(
                f"'{name}:' has no value; write it as {name}:word or {name}:\"two words\""
            )


def _first_error(q: wq.Query) -> str | None:
    """The error message Whoosh tucked into a query node, if any (e.g. a bad date)."""
    if getattr(q, "error", None):
        return str(q.error)
    for child in q.children():
        found = _first_error(child)
        if found is not None:
            return found
    return None


def describe(q: wq.Query) -> str:
    """How the query was understood, for the JSON `parsed` field and the status line."""
    if isinstance(q, wq.Every):
        return "<every document>"
    return str(q)


def combine(queries: Iterable[wq.Query]) -> wq.Query:
    """AND the main query with filter queries; `Every` drops out when anything else is present."""
    parts = [q for q in queries if not isinstance(q, wq.Every)]
    if not parts:
        return wq.Every()
    return parts[0] if len(parts) == 1 else wq.And(parts)


def matched_terms(q: wq.Query, searcher: Searcher) -> dict[str, set[str]]:
    """Indexed terms the query matches, by field, with wildcards and fuzzy terms expanded."""
    terms: dict[str, set[str]] = {}
    if isinstance(q, wq.Every):
        return terms
    # Expand in each segment: a segment's own reader finds fuzzy matches with an automaton,
    # while the multi-segment reader compares every term of the field one by one.
    readers = [sub for sub, _ in searcher.reader().leaf_readers()]
    for leaf in q.leaves():
        if leaf.field() not in STEMMED_FIELDS and leaf.field() not in ENTITY_FIELDS:
            continue
        key = "body" if leaf.field() in STEMMED_FIELDS else "name"
        if not file_phrase(terms, key, leaf):
            terms.setdefault(key, set()).update(expand_leaf(leaf, readers))
    return terms


def file_phrase(terms: dict[str, set[str]], key: str, leaf: wq.Query) -> bool:
    """File a phrase under "KEY phrases" (its words joined by a space), to be marked only where
    its words stand together, as the search matched it; False for any other leaf (a phrase with
    slop is marked word by word)."""
    if isinstance(leaf, wq.Phrase) and leaf.slop <= 1 and len(leaf.words) > 1:
        terms.setdefault(f"{key} {PHRASES}", set()).add(" ".join(leaf.words))
        return True
    return False


def expand_leaf(leaf: wq.Query, readers: Sequence[Any]) -> set[str]:
    """The indexed terms a leaf stands for, wildcards and fuzzy terms expanded per segment."""
    terms: set[str] = set()
    for reader in readers:
        try:
            expanded = leaf.expanded_terms(reader, phrases=True)
        except Exception:  # Whoosh raises plain Exceptions on odd expansions.
            expanded = leaf.terms(phrases=True)
        for _, value in expanded:
            terms.add(value.decode("utf-8") if isinstance(value, bytes) else str(value))
    return terms


@lru_cache(maxsize=1)
def _analyzers() -> tuple[object, object]:
    return body_analyzer(), plain_analyzer()


_TOKEN_RE = re.compile(r"\w+(?:\.?\w+)*")


@lru_cache(maxsize=65536)
def _index_form(word: str, stem: bool) -> str:
    """How the index spells one word: stemmed and folded for the body, folded for names."""
    stemmed, plain = _analyzers()
    tokens = [t.text for t in (stemmed if stem else plain)(word)]  # type: ignore[operator]
    return tokens[0] if len(tokens) == 1 else ""


@lru_cache(maxsize=256)
def _candidate_re(first_letters: frozenset[str]) -> re.Pattern[str]:
    """The tokens of `_TOKEN_RE` whose first character could fold to one of `first_letters`.

    Starts where `_TOKEN_RE.finditer` would start a token (no word character, nor a word
    character and a dot, just before). Any non-ASCII first letter is let through, since
    folding may turn it into one of the letters; the exact test comes after.
    """
    letters = "".join(sorted({c for letter in first_letters for c in (letter, letter.upper())}))
    return re.compile(rf"(?<!\w)(?<!\w\.)(?=[{re.escape(letters)}]|[^\W\x00-\x7f])\w+(?:\.?\w+)*")


def spans_for_terms(text: str, terms: dict[str, set[str]]) -> list[Span]:
    """Offsets in `text` of tokens matching the terms: stemmed words, and name words for entity
    fields; a phrase is one span, from its first word to its last, where its words stand together.

    Runs for every hit shown, so a regex finds only the words whose first letter could match
    (a stem keeps its word's first letters), and only those are analysed (with a cache).
    """
    body_terms = terms.get("body", set())
    name_terms = terms.get("name", set())
    phrases = {
        key: [tuple(phrase.split(" ")) for phrase in terms.get(f"{key} {PHRASES}", ())]
        for key in ("body", "name")
    }
    has_phrases = bool(phrases["body"] or phrases["name"])
    body_words = body_terms | {word for phrase in phrases["body"] for word in phrase}
    name_words = name_terms | {word for phrase in phrases["name"] for word in phrase}
    if not body_words and not name_words:
        return []
    heads = {term[:2] for term in body_words | name_words}
    candidates = _candidate_re(frozenset(head[:1] for head in heads))
    spans: list[Span] = []
    found: list[tuple[Span, str, str]] = []  # each phrase word: its span and its two forms
    for match in candidates.finditer(text):
        word = match.group()
        folded = word[:4].lower().translate(accent_map)[:2]  # "İ" lowers to two characters
        if folded not in heads and folded[:1] not in heads:
            continue
        stem = _index_form(word, True) if body_words else ""
        name = _index_form(word, False) if name_words else ""
        if stem in body_terms or name in name_terms:
            spans.append(match.span())
        if has_phrases and (stem in body_words or name in name_words):
            found.append((match.span(), stem, name))
    if has_phrases:
        spans = sorted(set(spans) | set(_phrase_spans(text, found, phrases)))
    return spans


PHRASES = "phrases"
"""`matched_terms` files a field's phrases (words joined by a space) under "body phrases" or
"name phrases"."""


def _phrase_spans(
    text: str, found: list[tuple[Span, str, str]], phrases: dict[str, list[tuple[str, ...]]]
) -> list[Span]:
    """Where each phrase's words follow one another in `found` with nothing but spaces and
    punctuation between them (no other word, which the index would have counted)."""
    spans: list[Span] = []
    for start in range(len(found)):
        for key, form in (("body", 1), ("name", 2)):
            for phrase in phrases[key]:
                end = start + len(phrase)
                if end > len(found):
                    continue
                run = found[start:end]
                if all(item[form] == word for item, word in zip(run, phrase, strict=True)) and all(
                    not _WORD_CHAR.search(text, a[0][1], b[0][0])
                    for a, b in zip(run, run[1:], strict=False)
                ):
                    spans.append((run[0][0][0], run[-1][0][1]))
    return spans


_WORD_CHAR = re.compile(r"\w")


def suggest(text: str, searcher: Searcher) -> str | None:
    """A corrected query when some word is not in the index vocabulary but a close one is."""
    if text.strip() in ("", "*"):
        return None
    reader = searcher.reader()
    replacements: dict[str, str] = {}
    for word in _plain_words(text):
        folded = _fold(word)
        if len(folded) < 3 or _in_body(reader, word):
            continue
        candidates = [
            c
            for c in searcher.suggest("spell", folded, limit=3, maxdist=2, prefix=1)
            if c != folded and _in_body(reader, c)
        ]
        if candidates:
            replacements[word] = candidates[0]
    if not replacements:
        return None
    suggestion = text
    for word, better in replacements.items():
        suggestion = re.sub(rf"(?<![\w:]){re.escape(word)}(?!\w)", better, suggestion)
    return suggestion if suggestion != text else None


def _in_body(reader: object, word: str) -> bool:
    """Whether any article holds the word (stemmed, as the body is indexed)."""
    stemmed, _ = _analyzers()
    stems = [t.text for t in stemmed(word)]  # type: ignore[operator]
    return bool(stems) and all(reader.doc_frequency("body", s) > 0 for s in stems)  # type: ignore[attr-defined]


def _plain_words(text: str) -> list[str]:
    """Words typed as plain terms: not operators, field names, wildcards or fuzzy terms."""
    words = []
    for token in re.split(r"[\s()\"]+", text):
        if not token or token in _OPERATORS or any(c in token for c in "*?~[]{}^"):
            continue
        if ":" in token:
            field, _, token = token.partition(":")
            if field not in DEFAULT_FIELDS or not token:
                continue
        if _WORD_RE.fullmatch(token):
            words.append(token)
    return words


def _fold(word: str) -> str:
    """The spelling field's form of a word: lowercased, accents folded."""
    _, plain = _analyzers()
    tokens = [t.text for t in plain(word)]  # type: ignore[operator]
    return tokens[0] if tokens else word.lower()
