"""Run one fuzz case and judge it: traceback, hang, exit code, bytes changed after a rejection.

A case is a set of input files and an `intlhub` command line (or an HTTP request); its outcome is
a plain dict, one JSON line in the worker's outcome file. Failures are saved with their inputs
and the command, so `intlhub <command>` in the saved folder reproduces them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib.metadata
import io
import json
import os
import re
import shlex
import shutil
import signal
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

DEADLINE_SECONDS = 60  # a run over this is a hang (issue 13)
FAILURE_KINDS = ("traceback", "hang", "exit-code", "changed-after-rejection", "absurd-value")


@functools.cache
def intlhub_command() -> Callable[[list[str]], int]:
    """The installed `intlhub` command (its console-script entry point), to call in-process.

    bench sits below cli in the layers, so it does not import cli: it runs the installed command,
    as a subprocess would, only without a process per run.
    """
    (entry,) = importlib.metadata.entry_points(group="console_scripts", name="intlhub")
    return entry.load()


class RunTimeout(BaseException):
    """A run passed its deadline (raised by SIGALRM; a BaseException so nothing swallows it)."""


@dataclasses.dataclass
class Case:
    """One generated input: its files (name → bytes), the command and a short note."""

    target: str
    files: dict[str, bytes]
    argv: list[str]  # "{dir}", "{data}" and "{private}" stand for the run's folders
    note: str
    allowed_codes: tuple[int, ...] = (0, 1, 2)
    extra: dict = dataclasses.field(default_factory=dict)
    key: str = ""  # the recipe (shape and size): slow recipes are skipped after a few hangs

    def command(self, folder: Path, data: Path, private: Path) -> list[str]:
        """The command line with the folders filled in."""
        places = {"{dir}": str(folder), "{data}": str(data), "{private}": str(private)}
        return [fill(part, places) for part in self.argv]


def fill(part: str, places: dict[str, str]) -> str:
    """Replace the placeholders in one argument."""
    for key, value in places.items():
        part = part.replace(key, value)
    return part


@dataclasses.dataclass
class Workspace:
    """A copy of data/ with private/ beside it, and the pristine bytes to restore after a run."""

    root: Path
    pristine: dict[str, bytes]
    stamps: dict[str, tuple[int, int, int]] = dataclasses.field(default_factory=dict)

    @property
    def data_path(self) -> Path:
        return self.root / "data"

    @property
    def private_path(self) -> Path:
        return self.root / "private"

    @property
    def inputs_path(self) -> Path:
        return self.root / "inputs"


def make_workspace(source_data: Path, root: Path) -> Workspace:
    """Copy data/ into root/data and remember its bytes."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source_data, root / "data")
    (root / "inputs").mkdir()
    return Workspace(root, read_tree(root / "data"), read_stamps(root / "data"))


def read_tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes under a folder, by relative path."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def read_stamps(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every file's (size, mtime, inode): any write or replacement changes one of them."""
    stamps = {}
    for path in folder.rglob("*"):
        info = path.stat()
        if path.is_file():
            stamps[str(path.relative_to(folder))] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return stamps


def data_changed(workspace: Workspace) -> bool:
    """True if data/'s bytes differ from the pristine ones (bytes compared only if a stamp moved)."""
    if read_stamps(workspace.data_path) == workspace.stamps:
        return False
    return read_tree(workspace.data_path) != workspace.pristine


def restore(workspace: Workspace) -> bool:
    """Put data/ back to its pristine bytes; True if anything had to change."""
    if not data_changed(workspace):
        workspace.stamps = read_stamps(workspace.data_path)  # touched, same bytes
        return False
    shutil.rmtree(workspace.data_path)
    for name, data in workspace.pristine.items():
        path = workspace.data_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    workspace.stamps = read_stamps(workspace.data_path)
    return True


def queued_count(private_path: Path) -> int:
    """How many submissions wait in private/queue."""
    folder = private_path / "queue"
    if not folder.is_dir():
        return 0
    return sum(
        len(p.read_bytes().splitlines())
        for p in folder.glob("*.jsonl")
        if not p.name.startswith(".")
    )


def write_inputs(case: Case, folder: Path) -> None:
    """Write a case's files into a fresh folder (a name ending in '/' makes a directory)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name, data in case.files.items():
        if name.endswith("/"):
            (folder / name).mkdir(exist_ok=True)
        else:
            (folder / name).write_bytes(data)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise RunTimeout in the main thread after `seconds` (SIGALRM)."""

    def expire(signum, frame):
        raise RunTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def call_guarded(function: Callable[[], int], seconds: float) -> dict:
    """Call `function` under a deadline; capture stdout, stderr, the code and any traceback."""
    out, err = io.StringIO(), io.StringIO()
    result: dict = {"code": None, "traceback": None, "hang": False}
    started = time.perf_counter()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), deadline(seconds):
            result["code"] = function()
    except RunTimeout:
        result["hang"] = True
    except SystemExit as stop:
        code = stop.code
        result["code"] = code if isinstance(code, int) else (0 if code is None else 1)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 (finding every uncaught exception is the point)
        result["traceback"] = traceback.format_exc(limit=-12)
    result["seconds"] = time.perf_counter() - started
    result["stdout"], result["stderr"] = out.getvalue(), err.getvalue()
    if result["traceback"] is None and "Traceback (most recent call last)" in result["stderr"]:
        result["traceback"] = result["stderr"][-4000:]
    return result


def run_cli_case(case: Case, workspace: Workspace, seconds: float = DEADLINE_SECONDS) -> dict:
    """Run `intlhub <argv>` in this process on a case's files; judge the outcome."""
    write_inputs(case, workspace.inputs_path)
    before_queue = queued_count(workspace.private_path)
    argv = case.command(workspace.inputs_path, workspace.data_path, workspace.private_path)
    result = call_guarded(lambda: intlhub_command()(argv), seconds)
    after_queue = queued_count(workspace.private_path)
    result["queue_gained"] = after_queue - before_queue
    result["data_changed"] = data_changed(workspace)
    return judge(case, result)


def accepted_rows(stdout: str) -> int:
    """Rows an ingest accepted or updated, from its summary line (0 if it printed none)."""
    for line in stdout.splitlines():
        if line.startswith("read ") and "accepted" in line:
            counts = {}
            for part in line.split(";")[0].split(","):
                words = part.split()
                if len(words) == 2 and words[1].isdigit():
                    counts[words[0]] = int(words[1])
            return counts.get("accepted", 0) + counts.get("updated", 0)
    return 0


def judge(case: Case, result: dict) -> dict:
    """Name the failures of one run (an empty list: it passed)."""
    failures = []
    if result["traceback"]:
        failures.append("traceback")
    if result["hang"]:
        failures.append("hang")
    code = result["code"]
    if not result["hang"] and not result["traceback"] and code not in case.allowed_codes:
        failures.append("exit-code")
    rejected = code not in (0, None) or result["hang"] or bool(result["traceback"])
    writes_data = case.extra.get("writes_data", False)
    if result.get("data_changed") and (rejected or not writes_data):
        failures.append("changed-after-rejection")
    limit = case.extra.get("queue_limit")
    if limit is None:
        limit = accepted_rows(result["stdout"]) if code in (0, 1) else 0
    if result.get("queue_gained", 0) > limit:
        failures.append("changed-after-rejection")
    absurd = case.extra.get("absurd_check")
    if absurd and absurd():
        failures.append("absurd-value")
    return {
        "target": case.target,
        "note": case.note,
        "code": code,
        "seconds": round(result["seconds"], 3),
        "failures": sorted(set(failures)),
        "signature": traceback_signature(result["traceback"]) if result["traceback"] else None,
        "traceback": result["traceback"],
        "stderr_tail": result["stderr"][-600:],
    }


def traceback_signature(text: str) -> str:
    """Where a traceback comes from: the last intlhub frame and the exception type."""
    frames = re.findall(r'File "([^"]*intlhub/[^"]*)", line (\d+), in (\w+)', text)
    last_line = [line for line in text.strip().splitlines() if line.strip()][-1:] or [""]
    kind = last_line[0].split(":")[0].strip()
    if not frames:
        return kind
    path, line, function = frames[-1]
    return f"{kind} at {path.split('intlhub/', 1)[1]}:{line} ({function})"


def reproduce_text(case: Case) -> str:
    """How to run a saved case again, from its folder."""
    setup = "# from this folder, with a copy of data/ beside inputs/: cp -r <project>/data data\n"
    if case.target == "api":
        request = case.extra["request"]
        if request["files"]:
            parts = " ".join(f"-F {name}=@inputs/part-{name}.bin" for name in request["files"])
        else:
            parts = f"-H 'Content-Type: {request['content_type']}' --data-binary @inputs/body.json"
        return (
            "# start the service on a copy of data/: intlhub serve --no-build --rate-limit 0, then\n"
            f"curl -i -X POST -H 'Origin: http://127.0.0.1:8000' {parts} "
            f"'http://127.0.0.1:8000{request['path']}'\n"
        )
    if case.target == "refresh":
        setup += (
            "# serve inputs/answer.json (status and type: inputs/answer-headers.json) on a loopback\n"
            "# port for any GET, and pass its address as {url}\n"
        )
    command = " ".join(
        shlex.quote(part) for part in case.command(Path("inputs"), Path("data"), Path("private"))
    )
    return f"{setup}intlhub {command}\n"


def save_failure(case: Case, outcome: dict, failures_path: Path, number: int) -> Path:
    """Keep a failing case's inputs, command and outcome in failures/<target>-<pid>-<n>/."""
    folder = failures_path / f"{case.target}-{os.getpid()}-{number:05d}"
    write_inputs(case, folder / "inputs")
    (folder / "command.txt").write_text(
        reproduce_text(case) + f"# {case.note}\n", encoding="utf-8", errors="backslashreplace"
    )
    (folder / "outcome.json").write_text(
        json.dumps(outcome, indent=1, ensure_ascii=True), encoding="utf-8"
    )
    return folder


def log(message: str) -> None:
    """Progress on stderr."""
    print(message, file=sys.stderr, flush=True)
