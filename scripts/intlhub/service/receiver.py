"""Queue submissions as they arrive, several at a time (a group commit).

Writing one submission costs about as much as writing fifty: most of the time goes to opening
the private folder, reading its queue and committing the transaction. So while one request
writes, the others wait in `pending`; when it is done, the first waiting request takes every
pending submission and writes them as one batch (`intake.receive.receive_batch`, under the
private folder's locks). Each request still gets its own answer.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from intlhub.base.clock import today as clock_today
from intlhub.dataset.forms import Form
from intlhub.intake.receive import Outcome, Received, receive_batch
from intlhub.service.state import ServiceState
from intlhub.service.uploads import CleanImage, store_upload, upload_path

DATA_CHECK_SECONDS = 1.0  # data/ changed by another process is seen within this time


@dataclass
class Ticket:
    """One request waiting for its submission to be written."""

    form: Form
    item: Received
    images: list[CleanImage] = field(default_factory=list)
    outcome: Outcome | None = None
    error: BaseException | None = None
    lead: bool = False  # this request writes the next batch
    ready: threading.Event = field(default_factory=threading.Event)


class Receiver:
    """Write submissions in batches; call `receive` from a worker thread."""

    def __init__(self, state: ServiceState) -> None:
        self.state = state
        self.mutex = threading.Lock()
        self.pending: list[Ticket] = []
        self.writing = False
        self.batches = 0

    def receive(self, form: Form, item: Received, images: list[CleanImage]) -> Outcome:
        """Queue one submission (with its re-encoded images); blocks until it is written."""
        ticket = Ticket(form, item, images)
        with self.mutex:
            self.pending.append(ticket)
            ticket.lead = not self.writing
            self.writing = True
        if not ticket.lead:
            ticket.ready.wait()
        if ticket.lead:
            self.write_pending()
        if ticket.error is not None:
            raise ticket.error
        assert ticket.outcome is not None
        return ticket.outcome

    def write_pending(self) -> None:
        """Write what is pending, then hand the next batch to the first request waiting."""
        with self.mutex:
            batch, self.pending = self.pending, []
        try:
            self.write(batch)
        except BaseException as error:  # every request of the batch answers with it
            for ticket in batch:
                ticket.error = error
        finally:
            for ticket in batch:
                if not ticket.lead:
                    ticket.ready.set()
            with self.mutex:
                if self.pending:
                    self.pending[0].lead = True
                    self.pending[0].ready.set()
                else:
                    self.writing = False

    def write(self, batch: list[Ticket]) -> None:
        """Store the images and ingest the submissions of each form, under the private folder."""
        self.batches += 1
        today: dt.date = clock_today()
        dataset = self.state.valid_dataset(today, max_age=DATA_CHECK_SECONDS)
        with self.state.private_folder() as paths:
            by_form: dict[str, list[Ticket]] = {}
            for ticket in batch:
                by_form.setdefault(ticket.form.name, []).append(ticket)
            for tickets in by_form.values():
                stored = [
                    image.name
                    for ticket in tickets
                    if not ticket.item.honeypot
                    for image in ticket.images
                    if store_upload(paths.uploads, image)
                ]
                form = tickets[0].form
                items = [ticket.item for ticket in tickets]
                outcomes = receive_batch(items, form, dataset, paths, today)
                kept = set()
                for ticket, outcome in zip(tickets, outcomes, strict=True):
                    ticket.outcome = outcome
                    if outcome.queued:
                        kept.update(image.name for image in ticket.images)
                for name in stored:  # written now for a refused submission only
                    if name not in kept:
                        upload_path(paths.uploads, name).unlink(missing_ok=True)
