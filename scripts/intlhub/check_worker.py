"""The check process of a large ingest: a second core validates data/ and checks accepted rows.

While the ingest reads and normalises the export, this process runs the whole `intlhub validate`
of data/, then checks each chunk of accepted rows (foreign keys, cross-record checks) and writes
the queue lines of those that pass, in row order. Its verdict on data/ comes first; the ingest
commits nothing without it.

It is a fresh interpreter (`python -m intlhub.check_worker`), not a fork, so it shares no memory
or locks with the ingest. Messages are pickled, length-prefixed frames on its stdin and stdout;
anything it prints goes to stderr.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import pickle
import queue
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from .check_accepted import AcceptedChecker, fewer_collections, queue_line
from .forms import find_form
from .problems import Problem, errors_only
from .validate import invalid_data_error, validate_data

FRAME = struct.Struct("<Q")  # the length of the pickled message that follows
READ_BYTES = 1 << 20
VERDICT_WAIT_SECONDS = 600.0
STOP_WAIT_SECONDS = 10.0

Message = tuple[Any, ...]


def write_frame(stream: IO[bytes], message: Message) -> None:
    """Send one message."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(FRAME.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_exactly(fd: int, size: int) -> bytes | None:
    """Read size bytes from a file descriptor; None if it ends first."""
    parts, left = [], size
    while left:
        part = os.read(fd, min(left, READ_BYTES))
        if not part:
            return None
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_frames(fd: int, inbox: queue.Queue) -> None:
    """Put every frame read from fd into inbox (still pickled), then None at the end.

    Whoever takes a message unpickles it: chunks waiting their turn stay compact. The reads
    are unbuffered, so this thread holds no lock that interpreter shutdown would wait for.
    """
    try:
        while (head := read_exactly(fd, FRAME.size)) is not None:
            frame = read_exactly(fd, FRAME.unpack(head)[0])
            if frame is None:
                break
            inbox.put(frame)
    except OSError:
        pass  # a broken pipe ends the conversation like a closed one
    finally:
        inbox.put(None)


def take(inbox: queue.Queue, timeout: float | None = None) -> Message | None:
    """Return the next message of inbox (queue.Empty after timeout), or None once it ended."""
    frame = inbox.get(timeout=timeout)
    if frame is None:
        inbox.put(None)  # the end stays visible to later calls
        return None
    return pickle.loads(frame)  # written by our own parent or child process


def serve(inbox: queue.Queue, send: Callable[[Message], None]) -> None:
    """Validate data/, send the verdict, then check chunks until told to end."""
    start = take(inbox)
    if start is None:
        return
    _, data_path, form_name, today_text = start
    today = dt.date.fromisoformat(today_text)
    dataset, problems = validate_data(Path(data_path), today)
    errors = errors_only(problems)
    send(("verdict", errors, dataset is not None))
    if errors or dataset is None:
        return
    with fewer_collections():
        check_chunks(inbox, send, dataset, find_form(dataset, form_name), today)


def check_chunks(
    inbox: queue.Queue, send: Callable[[Message], None], dataset, form, today: dt.date
) -> None:
    """Check each chunk of accepted rows, write the queue lines of those that pass, answer."""
    checker = AcceptedChecker(dataset, form, today)
    queue_path, out = None, None
    while (message := take(inbox)) is not None:
        if message[0] == "queue":
            queue_path = message[1]
        elif message[0] == "chunk":
            _, chunk, rows = message
            found = checker.check(rows)
            lines = [queue_line(sub) for number, sub in rows if number not in found]
            if queue_path and lines:
                if out is None:
                    out = open(queue_path, "w", encoding="utf-8")  # open until "end"
                out.write("".join(lines))
            send(("checked", chunk, found))
        elif message[0] == "end":
            if out is not None:
                out.close()
                out = None
            send(("ended",))


def main() -> int:
    """Run as the check process of an ingest."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the ingest, which stops us
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print must not end up inside a frame
    inbox: queue.Queue = queue.Queue()
    threading.Thread(target=read_frames, args=(sys.stdin.fileno(), inbox), daemon=True).start()
    serve(inbox, lambda message: write_frame(output, message))
    output.close()
    return 0


class CheckProcessError(RuntimeError):
    """The check process stopped without finishing its work."""


class CheckProcess:
    """The ingest's side of the check process: start it, send chunks, take results in order."""

    def __init__(self, data_path: Path, form: str, today: dt.date) -> None:
        self.data_path = data_path
        self.process = subprocess.Popen(
            [sys.executable, "-m", "intlhub.check_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self.inbox: queue.Queue = queue.Queue()
        self.reader = threading.Thread(
            target=read_frames, args=(self.process.stdout.fileno(), self.inbox), daemon=True
        )
        self.reader.start()
        self.verdict: tuple[list[Problem], bool] | None = None  # (errors, data/ could be read)
        self.sent: collections.deque[int] = collections.deque()  # chunks without a result yet
        self.chunks = 0
        self.send(("start", str(data_path), form, today.isoformat()))

    def __enter__(self) -> CheckProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: Message) -> None:
        """Send a message; a check process that is gone says why (its verdict) or fails."""
        try:
            write_frame(self.process.stdin, message)
        except (BrokenPipeError, OSError) as error:
            self.wait_for_verdict()
            self.require_valid()
            raise CheckProcessError("The check process stopped; see its messages above") from error

    def receive(self, block: bool) -> Message | None:
        """Return the next message other than the verdict (None if none waits and not block)."""
        while True:
            if not block and self.inbox.empty():
                return None
            try:
                message = take(self.inbox, VERDICT_WAIT_SECONDS)
            except queue.Empty:
                raise CheckProcessError("The check process stopped answering") from None
            if message is None:
                self.require_valid()
                raise CheckProcessError("The check process stopped; see its messages above")
            if message[0] != "verdict":
                return message
            self.verdict = (message[1], message[2])
            self.require_valid()

    def set_queue_file(self, path: Path | None) -> None:
        """Where the check process writes the queue lines of rows that pass (None: nowhere)."""
        self.send(("queue", str(path) if path else None))

    def check(self, rows: Sequence[tuple[int, Any]]) -> None:
        """Send a chunk of accepted rows (number, submission); answers come from results()."""
        self.send(("chunk", self.chunks, list(rows)))
        self.sent.append(self.chunks)
        self.chunks += 1

    def results(self, wait_until: int) -> Iterator[dict]:
        """Yield the problems found in each sent chunk by row number, in the order sent.

        Waits while more than `wait_until` chunks are unanswered.
        """
        while self.sent:
            message = self.receive(block=len(self.sent) > wait_until)
            if message is None:
                return
            if message[0] != "checked" or message[1] != self.sent[0]:
                raise CheckProcessError(f"The check process answered out of turn: {message[:2]!r}")
            self.sent.popleft()
            yield message[2]

    def end(self) -> None:
        """Ask the check process to close the queue file, and wait until it has."""
        self.send(("end",))
        message = self.receive(block=True)
        if message is None or message[0] != "ended":
            raise CheckProcessError("The check process did not finish the queue file")

    def wait_for_verdict(self) -> None:
        """Wait for the verdict on data/ unless it came, or the check process is gone.

        The verdict is the first message the check process sends, so nothing else is skipped.
        """
        if self.verdict is None:
            try:
                message = take(self.inbox, VERDICT_WAIT_SECONDS)
            except queue.Empty:
                return
            if message is not None and message[0] == "verdict":
                self.verdict = (message[1], message[2])

    def require_valid(self) -> None:
        """Raise the error `intlhub ingest` gives for invalid data/, if the verdict found any."""
        if self.verdict is None:
            return
        errors, readable = self.verdict
        if errors or not readable:
            raise invalid_data_error(self.data_path, errors)

    def close(self) -> None:
        """Stop the check process (after its verdict, which an error message may need)."""
        self.wait_for_verdict()
        if self.process.stdin and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except OSError:
                pass  # it is gone already
        try:
            self.process.wait(STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(STOP_WAIT_SECONDS)


if __name__ == "__main__":
    sys.exit(main())
