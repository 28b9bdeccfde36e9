"""`corpus-tui backend …`: setting up a search backend other than the embedded Whoosh index.

`backend sphinx-conf --nodes N --port P --data DIR` writes the searchd configs of an N-node Sphinx
cluster and prints, one a line, the command that starts each node and then the `--backend` URL.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

COMMAND = "backend"
MAX_NODES = 64


def add_backend_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """Register `backend` and its sub-actions on the main parser."""
    backend = command(COMMAND, "set up a search backend: a Sphinx cluster's configs")
    actions = backend.add_subparsers(
        dest="backend_action", metavar="ACTION", required=True, parser_class=type(backend)
    )
    conf = actions.add_parser(
        "sphinx-conf",
        help="write searchd configs for an N-node cluster and print how to start it",
        description="Write node1.conf … nodeN.conf into DIR (each node's real-time shards, and "
        "the distributed index on node 1), then print the `searchd -c` command of each node "
        "and the --backend URL, one a line. Node k listens on PORT+2(k-1) for its peers and "
        "on the port after it for SphinxQL.",
    )
    conf.add_argument("--nodes", type=int, default=2, metavar="N", help="searchd nodes (2)")
    conf.add_argument(
        "--port", type=int, default=9312, metavar="P", help="first node's agent port (9312)"
    )
    conf.add_argument("--data", type=Path, required=True, metavar="DIR", help="configs and data")
    conf.add_argument(
        "--shards", type=int, default=1, metavar="S", help="real-time shards per node (1)"
    )
    conf.add_argument("--host", default="127.0.0.1", help="address the nodes listen on")
    conf.add_argument("--name", default="corpus", help="the distributed index's name (corpus)")


def run_backend(args: argparse.Namespace) -> int:
    """Carry out `backend ACTION`; errors are EngineErrors with one line."""
    from .backends.sphinx.conf import write_configs
    from .errors import IndexUnavailable, QueryError, os_reason

    if not 1 <= args.nodes <= MAX_NODES:
        raise QueryError(f"--nodes must be between 1 and {MAX_NODES}")
    if not 1 <= args.shards <= 64:
        raise QueryError("--shards must be between 1 and 64")
    if args.port < 1 or args.port + 2 * args.nodes > 65535:
        raise QueryError(f"--port must leave {2 * args.nodes} ports below 65536")
    if not args.name.isidentifier():
        raise QueryError(f"--name must be a plain name (letters, digits, _): {args.name!r}")
    try:
        paths, url = write_configs(
            args.nodes, args.port, args.data, args.shards, args.name, host=args.host
        )
    except OSError as error:
        raise IndexUnavailable(
            f"cannot write the configs in {args.data}: {os_reason(error)}"
        ) from error
    for path in paths:
        sys.stdout.write(f"searchd -c {path}\n")
    sys.stdout.write(f"{url}\n")
    return 0
