"""Running a command as the benchmark measures it: wall time, CPU time, and the peak memory of
its whole process tree sampled from /proc."""

from __future__ import annotations

import re
import resource
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

POLL_SECONDS = 0.05
"""How often a running command's process tree is sampled for memory."""


@dataclass
class ProcessRun:
    """Wall time and peak memory of a command and all its descendants."""

    seconds: float
    peak_pss_mb: float
    """Sum over the process tree of proportional set size: shared pages counted once."""
    peak_rss_mb: float
    """Sum over the process tree of resident set size: pages shared after fork counted twice."""
    stdout: str


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(_children(current))
    return found


def _memory_kb(pid: int) -> tuple[int, int]:
    """(Pss, Rss) of one process in kB; zeros if it has just exited."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = dict(re.findall(r"^(Pss|Rss):\s+(\d+) kB", text, re.M))
    return int(values.get("Pss", 0)), int(values.get("Rss", 0))


def run_process(command: Sequence[str], env: dict[str, str] | None = None) -> ProcessRun:
    """Run a command to completion, sampling the memory of its process tree as it goes."""
    started = time.perf_counter()
    child = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        text=True,
    )
    peaks = [0, 0]

    def sample() -> None:
        while child.poll() is None:
            pss = rss = 0
            for pid in _tree(child.pid):
                one_pss, one_rss = _memory_kb(pid)
                pss, rss = pss + one_pss, rss + one_rss
            peaks[0], peaks[1] = max(peaks[0], pss), max(peaks[1], rss)
            time.sleep(POLL_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if child.returncode != 0:
        last = stderr.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
        raise RuntimeError(f"{' '.join(command[:4])} ... failed: {last[0]}")
    return ProcessRun(seconds, peaks[0] / 1024, peaks[1] / 1024, stdout)


def timed_process(command: Sequence[str]) -> float:
    """Wall time of a short command (no memory sampling, which would perturb it)."""
    return cpu_timed_process(command)[0]


def cpu_timed_process(command: Sequence[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of a short command; CPU is user + system time of the child."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        last = done.stderr.strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise RuntimeError(f"{' '.join(command[:4])} ... failed: {last[0]}")
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return took, cpu
