"""Running one function over many files in a process pool, feeding a single consumer in order.

Parsing and analysis are what limit indexing speed, and they are pure functions of a file, so a
pool of worker processes does them while the one Whoosh writer in the parent adds the results.
Workers die with the parent (even by SIGKILL) and never hold its lock, so a killed build never
leaves orphans writing or keeping the index locked.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

POOL_THRESHOLD = 48
"""Below this many items, a process pool costs more to start than it saves."""
CHUNKS_IN_FLIGHT_PER_WORKER = 4
"""How far the pool may run ahead of the consumer, in chunks per worker."""


def map_in_pool(
    function: Callable[[Item], Result],
    items: list[Item],
    processes: int | None = None,
    lock_fd: int | None = None,
) -> Iterator[Result]:
    """`map(function, items)`, in a process pool when there are enough items to pay for it.

    `function` must be picklable (a module-level function). `lock_fd` is a descriptor the
    parent holds a lock through: each worker closes its inherited copy.
    """
    workers = processes if processes is not None else (os.cpu_count() or 1)
    if workers <= 1 or len(items) < POOL_THRESHOLD:
        yield from map(function, items)
        return
    size = _chunksize(len(items), workers)
    chunks = iter([items[start : start + size] for start in range(0, len(items), size)])
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_setup, initargs=(os.getpid(), lock_fd)
    ) as pool:
        # A bounded window of chunks in flight: the pool runs ahead of the one consumer, so
        # submitting everything at once would pile results up in memory.
        in_flight = deque(
            pool.submit(_run_chunk, function, chunk)
            for chunk in islice(chunks, workers * CHUNKS_IN_FLIGHT_PER_WORKER)
        )
        while in_flight:
            done = in_flight.popleft().result()
            following = next(chunks, None)
            if following is not None:
                in_flight.append(pool.submit(_run_chunk, function, following))
            yield from done


def _run_chunk(function: Callable[[Item], Result], items: list[Item]) -> list[Result]:
    """One unit of pool work: a few items, so pickling costs little per item."""
    return [function(item) for item in items]


def _chunksize(count: int, workers: int) -> int:
    """Chunks big enough to amortise pickling, small enough to keep every core busy."""
    return max(1, min(16, count // (workers * 8) or 1))


def _worker_setup(parent_pid: int, lock_fd: int | None) -> None:
    """Pool workers die with the parent, even by SIGKILL, and never hold its lock.

    PR_SET_PDEATHSIG (Linux) kills the worker when the parent dies; a parent killed before the
    call is caught by comparing the parent pid. The forked worker's copy of the lock descriptor
    is closed, so even a worker that lingers cannot keep the index locked.
    """
    if lock_fd is not None:
        with contextlib.suppress(OSError):
            os.close(lock_fd)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)
