"""Wall time and peak memory of a command and all its child processes (Linux /proc)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SAMPLE_SECONDS = 0.05


@dataclass(frozen=True)
class Measurement:
    """One measured run."""

    seconds: float
    peak_mb: float
    returncode: int
    output: str


def children_of() -> dict[int, list[int]]:
    """Map every process id to its children, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss_bytes(root: int) -> int:
    """Sum the resident memory of a process and all its descendants."""
    tree = children_of()
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
        stack.extend(tree.get(pid, []))
    return total


def measure(
    command: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None
) -> Measurement:
    """Run a command; return its wall time and the peak summed RSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        env=dict(env) if env else None,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss_bytes(process.pid))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    return Measurement(seconds, peak / 1_000_000, process.returncode, output)
