"""Finding article files in a corpus and reading each one into cleaned documents.

`corpus_walk.walk_corpus` lists the files; `read_source` reads one file into `ParsedDocument`s. Both are pure
functions of the file system and picklable in and out, so the indexer can run `read_source` in a
process pool. Neither raises for bad content: a file that cannot be used comes back as a
`SkippedFile` with a one-line reason. Every size limit lives here too (`refusal_before_reading`,
`within_article_limit`, and MAX_FILE_BYTES inside `read_source`), with the refusals they give.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .models import SkippedFile
from .page import PageFields

if TYPE_CHECKING:  # the readers load on the first file read: searching never needs them
    from .formats.text import FormatResult

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl"})
SUPPORTED_ENDINGS = tuple(SUPPORTED_SUFFIXES)
"""For a name not starting with a dot, ending with one of these (in lower case) is the same test as
its `os.path.splitext` suffix being in SUPPORTED_SUFFIXES (none holds a second dot), at a fraction
of the cost."""
MAX_FILE_BYTES: int = 50 * 1024 * 1024
"""Files larger than 50 MB are skipped with a reason: no single article is that long, and reading
such a file whole would make memory use depend on what users drop into the folder."""

MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024
"""Plain-text and Markdown files hold one article; over 4 MB (some 700,000 words) it is not an
article, and analysing and indexing it costs about 75 MB of memory and 2 s per MB, so it is
skipped with a reason before it is read. HTML and JSON files fall under MAX_FILE_BYTES."""
SINGLE_ARTICLE_TEXT_SUFFIXES = frozenset({".txt", ".md"})
MAX_ARTICLE_CHARS = 2_000_000
"""Longer articles are refused: analysis time and memory grow with length (about 3 s and
200 MB at this size), and no news article comes near it."""

REPLACEMENT_CHAR = "\ufffd"
_SNIFF_BYTES = 8192
_MAX_CONTROL_SHARE = 0.10
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


class SourceFile:
    """A candidate article file found by `walk_corpus`.

    The walk stats every file of the corpus on each update and staleness check; only the few
    files then read need a `Path`, so it is made from the path string when first asked for
    (building 100,000 `Path` objects costs more than the stat calls themselves).
    """

    __slots__ = ("_path", "rel", "size", "mtime_ns")

    def __init__(self, path: Path | str, rel: str, size: int, mtime_ns: int) -> None:
        self._path = path
        self.rel = rel
        """Relative to the corpus root, POSIX separators (single-file corpus: the file name)."""
        self.size = size
        self.mtime_ns = mtime_ns

    @property
    def path(self) -> Path:
        """The absolute path on disk."""
        if not isinstance(self._path, Path):
            self._path = Path(self._path)
        return self._path

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SourceFile):
            return NotImplemented
        return (str(self._path), self.rel, self.size, self.mtime_ns) == (
            str(other._path),
            other.rel,
            other.size,
            other.mtime_ns,
        )

    def __hash__(self) -> int:
        return hash((self.rel, self.size, self.mtime_ns))

    def __repr__(self) -> str:
        return f"SourceFile({str(self._path)!r}, {self.rel!r}, {self.size}, {self.mtime_ns})"

    def __getstate__(self) -> tuple[str, str, int, int]:
        return (str(self._path), self.rel, self.size, self.mtime_ns)

    def __setstate__(self, state: tuple[str, str, int, int]) -> None:
        self._path, self.rel, self.size, self.mtime_ns = state


@dataclass(kw_only=True)
class ParsedDocument(PageFields):
    """One article ready to analyse and index.

    `text` is the cleaned body: control characters stripped, page clutter removed, line endings
    normalised. It leaves out the page header (banner, headline, byline, stand-alone dateline and
    date lines) because the title is shown separately; a dateline that opens the first paragraph
    stays. It is what is indexed and displayed, and what entity and quote offsets index into.
    """

    id: str  # rel for one-article files; "rel#N" (N from 1) for records of a .json list or .jsonl
    path: str  # rel of the file it came from
    text: str
    raw: str  # the decoded file text (or the one JSON record) as read, control chars kept
    metadata: dict[str, str]
    encoding: str  # "utf-8", "utf-16", "cp1252" or "latin-1"
    derived_title: str | None = None  # the first sentence, shown (marked) when title is None


@dataclass
class ReadResult:
    """The documents read from one file, or why the file was skipped."""

    documents: list[ParsedDocument]
    content_hash: str  # sha1 hex of the file bytes ("" when the file could not be read)
    skipped: SkippedFile | None = None
    warnings: list[str] = field(default_factory=list)


def unsupported_reason(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return f"unsupported file type {suffix}" if suffix else "unsupported file type (no extension)"


def _looks_binary(data: bytes) -> str | None:
    head = data[:_SNIFF_BYTES]
    if b"\x00" in head:
        return "binary file (contains NUL bytes)"
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return "binary file (too many control bytes)"
    return None


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (BOM stripped), UTF-16 with a BOM, else cp1252, else latin-1.

    A UTF-8 file with a few stray bytes (a bad paste mid-file) stays UTF-8 with the stray bytes
    replaced by U+FFFD: decoding all of it as cp1252 would garble every accented letter.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    invalid = lenient.count(REPLACEMENT_CHAR) - data.count(REPLACEMENT_CHAR.encode("utf-8"))
    valid_non_ascii = len(lenient) - len(lenient.encode("ascii", "ignore")) - invalid
    if valid_non_ascii > 0 and valid_non_ascii * 10 >= invalid:
        return lenient, "utf-8"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _reader(suffix: str) -> Callable[[str], FormatResult] | None:
    """The parser for a file suffix (imported on first use: the HTML one alone costs ~20 ms)."""
    from .formats.html import parse_html
    from .formats.jsonfmt import parse_json, parse_jsonl
    from .formats.text import parse_text

    readers: dict[str, Callable[[str], FormatResult]] = {
        ".txt": parse_text,
        ".md": lambda raw: parse_text(raw, markdown=True),
        ".html": parse_html,
        ".htm": parse_html,
        ".json": parse_json,
        ".jsonl": parse_jsonl,
    }
    return readers.get(suffix)


def _skip(source: SourceFile, reason: str, content_hash: str = "") -> ReadResult:
    return ReadResult(
        documents=[], content_hash=content_hash, skipped=SkippedFile(path=source.rel, reason=reason)
    )


def _read_bytes(source: SourceFile) -> bytes | str:
    """The file's bytes, or a reason why they cannot be had."""
    try:
        with open(source.path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return "not a regular file"
            if info.st_size > MAX_FILE_BYTES:
                return (
                    f"file too large ({info.st_size / 1e6:.1f} MB; "
                    f"the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)"
                )
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "file vanished before it could be read"
    except IsADirectoryError:
        return "not a regular file"
    except OSError as error:
        return f"unreadable: {error.strerror or error}"


def read_source(source: SourceFile) -> ReadResult:
    """Read, decode, clean and parse one file. Never raises for bad content."""
    data = _read_bytes(source)
    if isinstance(data, str):
        return _skip(source, data)
    return parse_source_bytes(source, data)


def read_file_bytes(source: SourceFile) -> bytes | str:
    """A file's bytes, or the reason they cannot be had (a refusal before reading included).

    Split from parsing so one process can read the files and others parse them, as a cluster
    whose machines do not share the corpus's filesystem needs.
    """
    refusal = refusal_before_reading(source)
    return refusal if refusal is not None else _read_bytes(source)


def parse_source_bytes(source: SourceFile, data: bytes) -> ReadResult:
    """Decode, clean and parse a file's bytes. Never raises for bad content."""
    if len(data) > MAX_FILE_BYTES:
        return _skip(source, f"file too large (over {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    content_hash = hashlib.sha1(data).hexdigest()
    if not data.strip():
        return _skip(
            source, "empty file" if not data else "file holds only whitespace", content_hash
        )
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        binary = _looks_binary(data)
        if binary is not None:
            return _skip(source, binary, content_hash)
    text, encoding = decode_bytes(data)
    if not text.strip():
        return _skip(source, "file holds only whitespace", content_hash)
    warnings = [] if encoding == "utf-8" else [f"decoded as {encoding}"]
    if encoding == "utf-8" and text.count(REPLACEMENT_CHAR) > data.count(b"\xef\xbf\xbd"):
        warnings.append("invalid UTF-8 bytes replaced")
    reader = _reader(source.path.suffix.lower())
    if reader is None:
        return _skip(source, unsupported_reason(source.path.name), content_hash)
    try:
        parsed = reader(text)
    except (ValueError, RecursionError, AssertionError) as error:
        # A reader bug or a pathological input must cost one file, not the whole index run.
        return _skip(source, f"could not be parsed ({type(error).__name__}: {error})", content_hash)
    warnings.extend(parsed.warnings)
    if parsed.refusal is not None:
        result = _skip(source, parsed.refusal, content_hash)
        result.warnings = warnings
        return result
    from .titles import derive_title

    documents = [
        ParsedDocument(
            id=source.rel if article.number is None else f"{source.rel}#{article.number}",
            path=source.rel,
            **article.page_fields(),
            text=article.text,
            raw=article.raw,
            metadata=article.metadata,
            encoding=encoding,
            derived_title=None if article.title else derive_title(article.text),
        )
        for article in parsed.articles
    ]
    return ReadResult(documents=documents, content_hash=content_hash, warnings=warnings)


# --- limits on what is analysed -------------------------------------------------------------------


def refusal_before_reading(source: SourceFile) -> str | None:
    """Why a file must not even be read (a plain-text file too big to be one article), or None."""
    suffix = source.path.suffix.lower()
    if suffix in SINGLE_ARTICLE_TEXT_SUFFIXES and source.size > MAX_TEXT_FILE_BYTES:
        return (
            f"file too large for one article ({source.size / 1e6:.1f} MB; the limit for "
            f"{suffix} files is {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB)"
        )
    return None


def within_article_limit(result: ReadResult) -> ReadResult:
    """The result without articles over MAX_ARTICLE_CHARS: each dropped one is a warning, and a
    file whose every article is too long is skipped with the reason."""
    kept = [doc for doc in result.documents if len(doc.text) <= MAX_ARTICLE_CHARS]
    if len(kept) == len(result.documents):
        return result
    dropped = [doc for doc in result.documents if len(doc.text) > MAX_ARTICLE_CHARS]
    if not kept:  # the reason says it all; a warning per article would repeat it
        longest = max((doc.text for doc in dropped), key=len)
        skipped = SkippedFile(path=result.documents[0].path, reason=_too_long(longest))
        return ReadResult([], result.content_hash, skipped=skipped, warnings=result.warnings)
    warnings = [*result.warnings, *(f"{doc.id}: {_too_long(doc.text)}" for doc in dropped)]
    return ReadResult(kept, result.content_hash, warnings=warnings)


def _too_long(text: str) -> str:
    return f"article too long ({len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,})"
