"""Reading a memory-mapped Whoosh segment in place, without a private copy of each part.

A segment is one compound file that Whoosh maps into memory; each part of it (terms, postings,
columns, stored fields) is handed out as a `BufferFile` over a view of the map. `BufferFile`
also wraps that view in an `io.BytesIO`, and `BytesIO` copies what it is given: opening an
index made a private copy of every segment (about 600 MB at 100,000 articles) and touched
every mapped page doing it. Reading the file with the map turned off avoids the copy but makes
broad and fuzzy queries several times slower, so here the map is kept and only the copy goes:
the parts read straight from the view. Whoosh's hot paths (`get`, `get_array`) already read
from the view; the file interface serves the seldom sequential reads (headers, pickles).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from functools import wraps

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile

_LINE_CHUNK = 256
"""How far `readline` looks at a time for the line's end."""
_PEEK_BYTES = 512
"""The most `peek` hands out: enough for the small pickles Whoosh keeps before each block."""


class ViewReader:
    """A read-only, seekable file over a memoryview that copies only what is read."""

    __slots__ = ("_view", "_length", "_pos", "closed")

    def __init__(self, view: memoryview) -> None:
        self._view = view
        self._length = len(view)
        self._pos = 0
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        pos = self._pos
        end = self._length if size is None or size < 0 else min(pos + size, self._length)
        if end <= pos:
            return b""
        self._pos = end
        return self._view[pos:end].tobytes()

    def peek(self, size: int = 0) -> bytes:
        """The next bytes without moving; `pickle.load` reads a pickle from these in one go
        (instead of one call per opcode: a postings block's header was ~20 calls)."""
        pos = self._pos
        return self._view[pos : pos + min(max(size, 1), _PEEK_BYTES)].tobytes()

    def readinto(self, buffer: memoryview | bytearray) -> int:
        target = memoryview(buffer).cast("B")
        pos = self._pos
        count = max(0, min(len(target), self._length - pos))
        target[:count] = self._view[pos : pos + count]
        self._pos = pos + count
        return count

    def readline(self, size: int | None = -1) -> bytes:
        limit = self._length if size is None or size < 0 else min(self._pos + size, self._length)
        end = self._pos
        while end < limit:
            stop = min(end + _LINE_CHUNK, limit)
            found = self._view[end:stop].tobytes().find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end = stop
        return self.read(end - self._pos)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._length}[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def close(self) -> None:
        self.closed = True


class MappedPart(BufferFile):
    """A `BufferFile` whose sequential reads come from the mapped view, not from a copy."""

    def __init__(
        self,
        buf: memoryview,
        name: str | None = None,
        onclose: Callable[[MappedPart], None] | None = None,
    ) -> None:
        self._buf = buf
        self._name = name
        self.file = ViewReader(buf)
        self.onclose = onclose
        self.is_real = False
        self.is_closed = False

    def subset(self, position: int, length: int, name: str | None = None) -> MappedPart:
        return MappedPart(self._buf[position : position + length], name=name or self._name)


def read_parts_in_place() -> None:
    """Make mapped compound segments hand out parts that read in place (idempotent)."""
    open_file = CompoundStorage.open_file
    if hasattr(open_file, "__wrapped__"):
        return

    @wraps(open_file)
    def open_part(self: CompoundStorage, name: str, *args: object, **kwargs: object) -> BufferFile:
        if self.is_closed or not self._source:
            return open_file(self, name, *args, **kwargs)
        offset, length = self.range(name)
        return MappedPart(memoryview(self._source)[offset : offset + length], name=name)

    CompoundStorage.open_file = open_part
