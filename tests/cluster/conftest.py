"""A real two-node Sphinx cluster on free loopback ports, data under a temporary folder.

Each searchd runs in the foreground (`--nodetach`: no watchdog to restart it behind the test's
back) as a child of the test process, and is stopped in teardown whatever happened.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from corpus_tui.search.backends.sphinx.conf import plan_nodes, write_configs

NODES = 2
START_SECONDS = 15.0


def _missing() -> str | None:
    if shutil.which("searchd") is None:
        return "searchd not installed (apt-get install sphinxsearch; `make test` does it as root)"
    try:
        import pymysql  # noqa: F401
    except ImportError:
        return "pymysql missing: pip install -e '.[cluster]'"
    return None


def _free_base(count: int) -> int:
    """A port such that it and the `count - 1` after it are free on loopback."""
    for _ in range(200):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count >= 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    raise RuntimeError("no free run of loopback ports")


def _wait_port(port: int, seconds: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"searchd exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"searchd did not listen on {port} within {seconds:g}s")


@dataclass
class SphinxCluster:
    """The running nodes: start, kill and restart each by number (1-based)."""

    configs: list[Path]
    url: str
    sql_ports: list[int]
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, number: int) -> None:
        process = subprocess.Popen(
            ["searchd", "-c", str(self.configs[number - 1]), "--nodetach"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes[number] = process
        _wait_port(self.sql_ports[number - 1], START_SECONDS, process)

    def kill(self, number: int) -> None:
        process = self.processes.pop(number, None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)

    def stop_all(self) -> None:
        for number in list(self.processes):
            process = self.processes.pop(number)
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)


@pytest.fixture(scope="module")
def sphinx_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SphinxCluster]:
    """Two searchd nodes, each with one RT shard, the first with the distributed index."""
    reason = _missing()
    if reason is not None:
        pytest.skip(reason)
    data = tmp_path_factory.mktemp("sphinx")
    base = _free_base(2 * NODES)
    configs, url = write_configs(NODES, base, data)
    ports = [node.sql_port for node in plan_nodes(NODES, base)]
    cluster = SphinxCluster(configs, url, ports)
    try:
        for number in range(1, NODES + 1):
            cluster.start(number)
        yield cluster
    finally:
        cluster.stop_all()
