"""Running searchd nodes on this machine, for tests and benchmarks: free ports, start, kill, stop.

Each searchd runs in the foreground (`--nodetach`, so no watchdog restarts it behind the
caller's back) as a child process; `stop_all` ends every one it started.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .conf import plan_nodes, write_configs

START_SECONDS = 15.0


def searchd_missing() -> str | None:
    """Why a local cluster cannot start here, or None."""
    if shutil.which("searchd") is None:
        return "searchd not installed (apt-get install sphinxsearch; `make test` does it as root)"
    try:
        import pymysql  # noqa: F401
    except ImportError:
        return "pymysql missing: pip install -e '.[cluster]'"
    return None


def free_port_run(count: int) -> int:
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
class LocalCluster:
    """Nodes configured under one folder; started, killed and restarted by number (from 1)."""

    configs: list[Path]
    url: str
    sql_ports: list[int]
    processes: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)

    @classmethod
    def create(cls, data: Path, nodes: int, shards_per_node: int = 1) -> LocalCluster:
        """Configs for `nodes` nodes on free loopback ports, written under `data`."""
        base = free_port_run(2 * nodes)
        configs, url = write_configs(nodes, base, data, shards_per_node)
        ports = [node.sql_port for node in plan_nodes(nodes, base, shards_per_node)]
        return cls(configs, url, ports)

    def start(self, number: int | None = None) -> None:
        """Start one node, or every node; returns once each accepts connections."""
        numbers = [number] if number is not None else range(1, len(self.configs) + 1)
        for n in numbers:
            process = subprocess.Popen(
                ["searchd", "-c", str(self.configs[n - 1]), "--nodetach"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.processes[n] = process
            _wait_port(self.sql_ports[n - 1], START_SECONDS, process)

    def pids(self) -> dict[int, int]:
        return {n: p.pid for n, p in self.processes.items() if p.poll() is None}

    def kill(self, number: int) -> None:
        """SIGKILL one node, as a crash would."""
        process = self.processes.pop(number, None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(10)

    def stop_all(self) -> None:
        """Stop every node started here (SIGTERM, then SIGKILL after 10 s)."""
        for number in list(self.processes):
            process = self.processes.pop(number)
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
