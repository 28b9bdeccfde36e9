"""Running one function over many items on a Dask cluster, feeding a single consumer in order.

The same contract as `pool.map_in_pool`, for parsing and analysis spread over many machines:
results come back in the order of the items, in batches, with a bounded number of batches in
flight (so memory stays bounded at any corpus size, on this side and on the scheduler), and a
worker that dies mid-run costs its batch a retry, not the run. Items are pulled from their
iterator only as batches are submitted, so a generator that reads files reads each one just
before it is sent.

`dask.distributed` is an optional dependency (the `cluster` extra), imported only here and only
when a cluster is asked for.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import islice
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import ClusterUnavailable, describe_error, optional_module

if TYPE_CHECKING:
    from distributed import Client, Future

Item = TypeVar("Item")
Result = TypeVar("Result")

INSTALL_HINT = "install corpus-tui[cluster] (pip install 'corpus-tui[cluster]') to use --dask"
CONNECT_TIMEOUT = 10.0
"""Seconds to reach the scheduler, and to wait for its first worker, before giving up."""
BATCH_ITEMS = 32
"""Items per task at most: each task costs the scheduler about a millisecond, so batches of
a few dozen articles (~4 ms each to analyse) keep that overhead small."""
BATCH_BYTES = 4 * 1024 * 1024
"""Item weight per task at most (file bytes): big files travel in smaller batches."""
BATCHES_IN_FLIGHT_PER_THREAD = 2
"""How far the cluster may run ahead of the consumer: one batch computing and one queued per
worker thread keeps every thread busy while the consumer drains the oldest."""
WORKER_DEATHS_PER_BATCH = 3
"""Times a batch is resubmitted after the workers running it died (the scheduler itself also
reschedules a dead worker's tasks); a batch that kills workers this often is reported."""
TASK_RETRIES = 1
"""Dask's own retries of a batch that raised (a worker out of memory, say)."""


def _import_distributed() -> ModuleType:
    """`dask.distributed`, or ClusterUnavailable saying which extra to install."""
    return optional_module("distributed", ClusterUnavailable(INSTALL_HINT))


class DaskCluster:
    """A connection to a Dask scheduler whose workers run the same corpus-tui as this process.

    Connect before touching the index: an unreachable scheduler then costs nothing.
    """

    def __init__(
        self,
        address: str,
        timeout: float | None = None,
        check: Callable[[], object] | None = None,
    ) -> None:
        """`check` runs on every worker; each must return what it returns here (a version).

        `timeout` defaults to CONNECT_TIMEOUT.
        """
        timeout = CONNECT_TIMEOUT if timeout is None else timeout
        if not address.strip():
            raise ClusterUnavailable("--dask needs a scheduler address, such as tcp://HOST:8786")
        distributed = _import_distributed()
        _check_address(address)
        self.address = address
        # Dask logs a lost connection with a traceback on stderr, from background tasks that
        # may outlive the client; what it means for the run is said once, in the error raised
        # here, so this process keeps Dask's log quiet from now on.
        _quiet_dask_logs()
        self._killed_worker: type[Exception] = distributed.KilledWorker
        try:
            self._client: Client = distributed.Client(
                address, timeout=timeout, set_as_default=False
            )
        except Exception as error:  # bad address, refused, timed out: all one line
            raise ClusterUnavailable(
                f"cannot reach the Dask scheduler at {address}: {describe_error(error)}"
            ) from error
        try:
            self._check_workers(timeout, check)
        except BaseException:
            self.close()
            raise

    def _check_workers(self, timeout: float, check: Callable[[], object] | None) -> None:
        try:
            self._client.wait_for_workers(1, timeout=timeout)
        except Exception as error:
            raise ClusterUnavailable(
                f"the Dask scheduler at {self.address} has no workers "
                f"(none joined within {timeout:g} s)"
            ) from error
        if check is None:
            return
        expected = check()
        try:
            answers = self._client.run(check)
        except (CancelledError, OSError, TimeoutError) as error:
            raise self._lost(error) from error
        except Exception as error:
            raise ClusterUnavailable(
                f"the Dask workers at {self.address} cannot run corpus-tui "
                f"({describe_error(error)}): install the same corpus-tui on every worker"
            ) from error
        wrong = sorted(worker for worker, answer in answers.items() if answer != expected)
        if wrong:
            raise ClusterUnavailable(
                f"Dask worker {wrong[0]} runs another corpus-tui ({answers[wrong[0]]}, "
                f"here {expected}): install the same version on every worker"
            )

    def threads(self) -> int:
        """Worker threads in the cluster now."""
        return max(1, sum(self._client.nthreads().values()))

    def map(
        self,
        function: Callable[[Item], Result],
        items: Iterable[Item],
        total: int | None = None,
        weight: Callable[[Item], int] | None = None,
    ) -> Iterator[Result]:
        """`map(function, items)` on the cluster, in order, a bounded window of batches at a time.

        `function` must be importable on the workers (a module-level function of a package
        they have). `total` (the number of items, when known) sizes batches so a small job
        still spreads over every worker; `weight` (bytes) keeps batches under BATCH_BYTES.
        """
        threads = self.threads()
        per_batch = BATCH_ITEMS
        if total is not None:
            per_batch = max(1, min(BATCH_ITEMS, math.ceil(total / (threads * 4))))
        batches = _batches(iter(items), per_batch, BATCH_BYTES, weight)
        window = max(2, threads * BATCHES_IN_FLIGHT_PER_THREAD)
        in_flight: deque[tuple[list[Item], Future]] = deque(
            (batch, self._submit(function, batch)) for batch in islice(batches, window)
        )
        while in_flight:
            batch, future = in_flight.popleft()
            done = self._gather(function, batch, future)
            following = next(batches, None)
            if following is not None:
                in_flight.append((following, self._submit(function, following)))
            del batch, future
            yield from done

    def _submit(self, function: Callable[[Item], Result], batch: list[Item]) -> Future:
        return self._client.submit(_run_batch, function, batch, pure=False, retries=TASK_RETRIES)

    def _gather(
        self, function: Callable[[Item], Result], batch: list[Item], future: Future
    ) -> list[Result]:
        """A batch's results, resubmitting it when the workers running it died."""
        for attempt in range(WORKER_DEATHS_PER_BATCH + 1):
            try:
                return future.result()
            except self._killed_worker as error:
                if attempt == WORKER_DEATHS_PER_BATCH:
                    raise ClusterUnavailable(
                        f"a batch of {len(batch)} files killed the Dask workers running it "
                        f"{attempt + 1} times over; what was committed is kept"
                    ) from error
                future = self._submit(function, batch)
            except (CancelledError, OSError, TimeoutError) as error:
                raise self._lost(error) from error
        raise AssertionError("unreachable")  # the loop returns or raises

    def _lost(self, error: BaseException) -> ClusterUnavailable:
        """The one line for a scheduler that went away (CommClosedError is an OSError)."""
        why = "connection lost" if isinstance(error, CancelledError) else describe_error(error)
        return ClusterUnavailable(
            f"lost the Dask scheduler at {self.address} ({why}); "
            "what was committed is kept, run `corpus-tui index` again"
        )

    def close(self) -> None:
        """Disconnect; futures still in flight are released, so the cluster drops them."""
        with contextlib.suppress(Exception):
            self._client.close(timeout=5)

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def map_on_dask(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    address: str,
    total: int | None = None,
    weight: Callable[[Item], int] | None = None,
) -> Iterator[Result]:
    """`map(function, items)` on the Dask cluster at `address`, for a one-off job."""
    with DaskCluster(address) as cluster:
        yield from cluster.map(function, items, total, weight)


def _check_address(address: str) -> None:
    """Refuse a malformed address before a Client is made: a Client that failed to start
    still tries to close itself at exit, and prints a traceback after a 20 s wait."""
    from distributed.comm import get_address_host_port, normalize_address

    try:
        get_address_host_port(normalize_address(address))
    except ValueError as error:
        raise ClusterUnavailable(
            f"{address!r} is not a Dask scheduler address ({error}): use tcp://HOST:PORT"
        ) from error


def _quiet_dask_logs() -> None:
    """Only critical Dask messages from this process (its config gives some loggers levels of
    their own, so each is set, not just the parent)."""
    names = [name for name in logging.root.manager.loggerDict if name.startswith("distributed")]
    for name in {"distributed", *names}:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _run_batch(function: Callable[[Any], Any], batch: list[Any]) -> list[Any]:
    """One task: a few items, so scheduling and pickling cost little per item."""
    return [function(item) for item in batch]


def _batches(
    items: Iterator[Item],
    per_batch: int,
    max_weight: int,
    weight: Callable[[Item], int] | None,
) -> Iterator[list[Item]]:
    """Consecutive batches of at most `per_batch` items and about `max_weight` in weight."""
    batch: list[Item] = []
    load = 0
    for item in items:
        batch.append(item)
        load += weight(item) if weight is not None else 0
        if len(batch) >= per_batch or load >= max_weight:
            yield batch
            batch, load = [], 0
    if batch:
        yield batch
