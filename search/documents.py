"""Turning a corpus file into index-ready field dicts: read, check limits, analyse, flatten.

Runs in worker processes, so inputs and outputs are plain picklable data and the main
process only has to hand the dicts to the Whoosh writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata

from .analysis import analyse
from .ingest import SourceFile, parse_source_bytes, read_file_bytes, within_article_limit
from .schema import ANALYSIS_VERSION, PREANALYZED, SCHEMA_VERSION
from .store import article_fields


@dataclass
class PreparedFile:
    """One corpus file, read and analysed: its field dicts, or the reason it was skipped."""

    source: SourceFile
    content_hash: str
    fields: list[dict[str, object]] = field(default_factory=list)
    skipped_reason: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadedFile:
    """A corpus file's bytes, or the reason they could not be had: what a machine that cannot
    see the corpus needs in order to prepare it."""

    source: SourceFile
    data: bytes | None
    reason: str | None = None


def load_file(source: SourceFile) -> LoadedFile:
    """Read one file's bytes, refusing a plain-text file too big to be one article unread."""
    data = read_file_bytes(source)
    if isinstance(data, str):
        return LoadedFile(source, None, data)
    return LoadedFile(source, data)


def prepare_file(source: SourceFile) -> PreparedFile:
    """Read and analyse one file; never raises for bad content (the reader reports it)."""
    return prepare_loaded(load_file(source))


def prepare_loaded(loaded: LoadedFile) -> PreparedFile:
    """Analyse one file already read; never raises for bad content (the reader reports it)."""
    source = loaded.source
    if loaded.data is None:
        return PreparedFile(source, content_hash="", skipped_reason=loaded.reason)
    result = within_article_limit(parse_source_bytes(source, loaded.data))
    prepared = PreparedFile(source, result.content_hash, warnings=list(result.warnings))
    if result.skipped is not None:
        prepared.skipped_reason = result.skipped.reason
        return prepared
    for doc in result.documents:
        entities, quotes = analyse(doc.text, doc.title)
        prepared.fields.append(article_fields(doc, entities, quotes))
    return prepared


def preparation_version() -> str:
    """What decides the prepared fields: machines that prepare files for one index must agree."""
    try:
        package = metadata.version("corpus-tui")
    except metadata.PackageNotFoundError:
        package = "unknown"
    return f"corpus-tui {package}, schema {SCHEMA_VERSION}, analysis {ANALYSIS_VERSION}"


class SpellingVocabulary:
    """The words the spelling field already holds, so each word is indexed once, not per article.

    The spelling field only supplies candidate corrections; whether a query word exists is
    checked against the body, so a word whose one spelling posting left with a deleted article
    costs at most a missed suggestion until the next rebuild. Halves the postings written.
    """

    def __init__(
        self, reader_words: Iterable[bytes], known: Callable[[str], bool] | None = None
    ) -> None:
        """`reader_words`: the words indexed so far; or, for an update of a few files, `known`
        looks each word up in the index instead of listing the whole vocabulary first."""
        self._seen = {word.decode("utf-8") for word in reader_words}
        self._known = known

    def thin(self, fields: dict[str, object]) -> None:
        """Keep only words not indexed before in this article's spelling field."""
        value = str(fields.get("spell", ""))
        if not value.startswith(PREANALYZED):
            return
        known = self._known
        fresh = [
            w
            for w in value[len(PREANALYZED) :].split(" ")
            if w and w not in self._seen and not (known is not None and known(w))
        ]
        self._seen.update(fresh)
        fields["spell"] = PREANALYZED + " ".join(fresh)
