"""The check process of a large ingest: a second core validates data/ and checks accepted rows.

While the ingest reads and normalises the export, this process runs the whole `intlhub validate`
of data/, then checks each chunk of accepted rows (foreign keys, cross-record checks) and writes
the queue lines of those that pass, in row order. Its verdict on data/ comes first; the ingest
commits nothing without it.

It is a fresh interpreter (`python -m intlhub.intake.check_worker SPOOL_FD`), not a fork, so it shares
no memory or locks with the ingest. Chunks are pickled into a spool file that only the two
processes hold open, so the ingest never waits to hand one over (not even while data/ is being
validated); its stdin carries short messages (where each chunk is) and its stdout the verdict
and the answers, as pickled, length-prefixed frames. Neither side needs a thread. Anything the
check process prints goes to stderr.
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from intlhub.base.problems import Problem, errors_only
from intlhub.dataset.forms import find_form
from intlhub.dataset.validate import invalid_data_error, validate_data
from intlhub.intake.check_accepted import AcceptedChecker, fewer_collections, queue_line

FRAME = struct.Struct("<Q")  # the length of the pickled message that follows
READ_BYTES = 1 << 20
ANSWER_WAIT_SECONDS = 600.0
STOP_WAIT_SECONDS = 10.0

Message = tuple[Any, ...]


def frame(message: Message) -> bytes:
    """One message as a length-prefixed pickle."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(data)) + data


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


def read_message(fd: int) -> Message | None:
    """Wait for the next message on fd; None when the other side has closed it."""
    head = read_exactly(fd, FRAME.size)
    data = read_exactly(fd, FRAME.unpack(head)[0]) if head else None
    return pickle.loads(data) if data is not None else None  # written by our own parent


def serve(spool_fd: int, send: Callable[[Message], None]) -> None:
    """Validate data/, send the verdict, then check chunks until told to end."""
    start = read_message(0)
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
        check_chunks(spool_fd, send, dataset, find_form(dataset, form_name), today)


def check_chunks(
    spool_fd: int, send: Callable[[Message], None], dataset, form, today: dt.date
) -> None:
    """Check each chunk of accepted rows, write the queue lines of those that pass, answer."""
    checker = AcceptedChecker(dataset, form, today)
    queue_path, out = None, None
    while (message := read_message(0)) is not None:
        if message[0] == "queue":
            queue_path = message[1]
        elif message[0] == "chunk":
            _, chunk, offset, size = message
            rows = pickle.loads(os.pread(spool_fd, size, offset))  # written by our parent
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

    def send(message: Message) -> None:
        output.write(frame(message))
        output.flush()

    try:
        serve(int(sys.argv[1]), send)
        output.close()
    except BrokenPipeError:
        pass  # the ingest has stopped: nobody is left to answer
    return 0


class CheckProcessError(RuntimeError):
    """The check process stopped without finishing its work."""


class CheckProcess:
    """The ingest's side of the check process: start it, send chunks, take answers in order."""

    def __init__(self, data_path: Path, form: str, today: dt.date) -> None:
        self.data_path = data_path
        self.spool: IO[bytes] = tempfile.TemporaryFile(prefix="intlhub-chunks-")
        spool_fd = self.spool.fileno()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "intlhub.intake.check_worker", str(spool_fd)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            pass_fds=(spool_fd,),
        )
        self.answers_fd = self.process.stdout.fileno()
        self.received = bytearray()  # answer bytes not yet a whole frame
        self.messages: collections.deque[Message] = collections.deque()
        self.ended = False  # the check process closed its stdout
        self.verdict: tuple[list[Problem], bool] | None = None  # (errors, data/ could be read)
        self.sent: collections.deque[int] = collections.deque()  # chunks without an answer yet
        self.chunks = 0
        self.send(("start", str(data_path), form, today.isoformat()))

    def __enter__(self) -> CheckProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def send(self, message: Message) -> None:
        """Send a short message; a check process that is gone says why (its verdict) or fails."""
        try:
            self.process.stdin.write(frame(message))
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as error:
            self.wait_for_verdict()
            self.require_valid()
            raise CheckProcessError("The check process stopped; see its messages above") from error

    def poll(self, timeout: float) -> None:
        """Read what the check process has answered, until a whole message or the timeout."""
        deadline = time.monotonic() + timeout
        while not self.messages and not self.ended:
            left = max(deadline - time.monotonic(), 0)
            ready, _, _ = select.select([self.answers_fd], [], [], left)
            if not ready:
                return
            data = os.read(self.answers_fd, READ_BYTES)
            if not data:
                self.ended = True
                return
            self.received += data
            while len(self.received) >= FRAME.size:
                size = FRAME.unpack_from(self.received)[0]
                if len(self.received) < FRAME.size + size:
                    break
                body = bytes(self.received[FRAME.size : FRAME.size + size])
                del self.received[: FRAME.size + size]
                self.messages.append(pickle.loads(body))  # written by our own child

    def receive(self, block: bool) -> Message | None:
        """Return the next answer other than the verdict (None if none waits and not block)."""
        while True:
            self.poll(ANSWER_WAIT_SECONDS if block else 0)
            if not self.messages:
                if self.ended:
                    self.require_valid()
                    raise CheckProcessError("The check process stopped; see its messages above")
                if block:
                    raise CheckProcessError("The check process stopped answering")
                return None
            message = self.messages.popleft()
            if message[0] != "verdict":
                return message
            self.verdict = (message[1], message[2])
            self.require_valid()

    def set_queue_file(self, path: Path | None) -> None:
        """Where the check process writes the queue lines of rows that pass (None: nowhere)."""
        self.send(("queue", str(path) if path else None))

    def check(self, rows: Sequence[tuple[int, Any]]) -> None:
        """Hand over a chunk of accepted rows (number, submission); answers come from results()."""
        data = pickle.dumps(list(rows), protocol=pickle.HIGHEST_PROTOCOL)
        offset = self.spool.seek(0, os.SEEK_END)
        self.spool.write(data)
        self.spool.flush()
        self.send(("chunk", self.chunks, offset, len(data)))
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
            self.poll(ANSWER_WAIT_SECONDS)
        if self.verdict is None and self.messages and self.messages[0][0] == "verdict":
            message = self.messages.popleft()
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
        if not self.process.stdin.closed:
            try:
                self.process.stdin.close()  # it stops when it reads the end of its input
            except OSError:
                pass  # it is gone already
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        while not self.ended and time.monotonic() < deadline:
            self.messages.clear()  # answers nobody needs now; reading them lets it finish
            self.poll(deadline - time.monotonic())
        try:
            self.process.wait(max(deadline - time.monotonic(), 0.1))
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        self.spool.close()


if __name__ == "__main__":
    sys.exit(main())
