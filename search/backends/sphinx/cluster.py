"""Where the cluster is: the `sphinx://` URL, its nodes, and the shards each one holds.

`sphinx://HOST:PORT[,HOST:PORT…][/INDEX]`: SphinxQL (mysql41) addresses, the first holding the
distributed INDEX (default `corpus`). Shards are the RT indexes named INDEX_<n> that the nodes
list in SHOW TABLES, ordered by n, so every writer routes an article to the same shard. With one
address only, the other nodes are found from the distributed index's agents (SHOW AGENT STATUS),
whose SphinxQL port is the port after the agent port, as `backend sphinx-conf` lays them out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import BackendUnavailable
from .client import NodeConnection
from .conf import DEFAULT_INDEX

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_AGENT = re.compile(r"^ag_\d+_hostname$")


@dataclass(frozen=True)
class ClusterAddress:
    """The nodes' SphinxQL addresses (first = the one with the distributed index) and its name."""

    nodes: tuple[tuple[str, int], ...]
    index: str

    @property
    def url(self) -> str:
        hosts = ",".join(f"{host}:{port}" for host, port in self.nodes)
        return f"sphinx://{hosts}/{self.index}"


def parse_url(url: str) -> ClusterAddress:
    """A `sphinx://` URL, or BackendUnavailable saying what is wrong with it."""
    parts = urlsplit(url)
    example = "sphinx://HOST:PORT[,HOST:PORT…][/INDEX]"
    if parts.scheme != "sphinx" or not parts.netloc:
        raise BackendUnavailable(f"not a Sphinx URL: {url!r}; write {example}")
    nodes = []
    for item in parts.netloc.split(","):
        host, _, port = item.strip().rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise BackendUnavailable(f"bad address {item!r} in {url!r}; write {example}")
        nodes.append((host.strip("[]"), int(port)))
    index = parts.path.strip("/") or DEFAULT_INDEX
    if not _NAME.match(index):
        raise BackendUnavailable(f"bad index name {index!r} in {url!r}; write {example}")
    return ClusterAddress(tuple(nodes), index)


class Cluster:
    """Connections to every node and the ordered list of shards, found when first needed."""

    def __init__(self, address: ClusterAddress) -> None:
        self.address = address
        self.head = NodeConnection(*address.nodes[0])
        self._nodes = {f"{h}:{p}": NodeConnection(h, p) for h, p in address.nodes[1:]}
        self._nodes[self.head.address] = self.head
        self._shards: list[tuple[str, NodeConnection]] | None = None

    def shards(self) -> list[tuple[str, NodeConnection]]:
        """(RT index, its node) for every shard, by shard number; every node must answer."""
        if self._shards is None:
            nodes = list(self._nodes.values())
            if len(self.address.nodes) == 1:
                nodes += self._agent_nodes()
            found: dict[int, tuple[str, NodeConnection]] = {}
            pattern = re.compile(rf"^{re.escape(self.address.index)}_(\d+)$")
            for node in nodes:
                for name, kind in node.query("SHOW TABLES").rows:
                    match = pattern.match(str(name))
                    if match and str(kind) == "rt":
                        found[int(match.group(1))] = (str(name), node)
            if not found:
                raise BackendUnavailable(
                    f"no shards named {self.address.index}_N on {self.address.url}; "
                    "write the configs with `corpus-tui backend sphinx-conf`"
                )
            numbers = sorted(found)
            if numbers != list(range(1, len(numbers) + 1)):
                raise BackendUnavailable(
                    f"shards of {self.address.index} are missing (found {numbers}); "
                    "list every node in the URL"
                )
            self._shards = [found[n] for n in numbers]
        return self._shards

    def _agent_nodes(self) -> list[NodeConnection]:
        """Nodes behind the head's agents, at the SphinxQL port after each agent port."""
        added = []
        for name, value in self.head.query("SHOW AGENT STATUS").rows:
            if not _AGENT.match(str(name)):
                continue
            host, _, port = str(value).rpartition(":")
            if not port.isdigit():
                continue
            key = f"{host}:{int(port) + 1}"
            if key not in self._nodes:
                self._nodes[key] = NodeConnection(host, int(port) + 1)
                added.append(self._nodes[key])
        return added

    def close(self) -> None:
        for node in self._nodes.values():
            node.close()
