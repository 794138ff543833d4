"""The in-process fuzz targets: ingest, the submissions API, check-eligibility, refresh-indicators.

Each target is a Hypothesis strategy of cases and a function that runs one case in this process
and judges it. Validating data/ costs about 0.7 s and data/ is restored after every run, so the
validation is cached per data/ digest: the fuzz spends its time on the hostile input.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import intlhub.dataset.validate as dataset_validate
import intlhub.intake.ingest_source as ingest_source
from intlhub.bench.fuzz import servers
from intlhub.bench.fuzz.answers_cases import answers_cases, example_answers
from intlhub.bench.fuzz.api_cases import ORIGIN, api_cases
from intlhub.bench.fuzz.execute import (
    Case,
    Workspace,
    call_guarded,
    data_changed,
    judge,
    queued_count,
    run_cli_case,
)
from intlhub.bench.fuzz.ingest_cases import form_labels, ingest_cases
from intlhub.bench.fuzz.wb_cases import wb_cases

PROJECT_PATH = Path(__file__).resolve().parents[4]
MAX_EXPONENT = 30  # an indicator beyond 1e30 or below 1e-30 is absurd


def source_data_path() -> Path:
    """The project's data/ folder."""
    return PROJECT_PATH / "data"


def sane_value(text: str) -> bool:
    """A finite number of sane magnitude with few digits (what indicators.csv may hold)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        return False
    return (
        value.is_finite()
        and len(text) <= 40
        and (value == 0 or abs(value.adjusted()) <= MAX_EXPONENT)
    )


@dataclasses.dataclass
class Spec:
    """A target: its strategy, how to run a case, and how to reset or close its state."""

    strategy: Any
    run: Callable[[Case, float], dict]
    reset: Callable[[], None] = lambda: None
    close: Callable[[], None] = lambda: None


def cache_validation(workspace: Workspace) -> Callable[[], None]:
    """Cache data/'s validation while its bytes are the pristine ones; return the cache's reset.

    `valid_dataset` (check-eligibility) calls `dataset.validate.validate_data`; ingest imports
    the function itself: both names are replaced by one cached function.
    """
    cache: dict = {}
    original = dataset_validate.validate_data

    def validate_data(data_path, today, *args, **kwargs):
        key = (str(data_path), today, args, tuple(sorted(kwargs.items())))
        if key not in cache:
            cache[key] = original(data_path, today, *args, **kwargs)
        return cache[key]

    dataset_validate.validate_data = validate_data
    ingest_source.validate_data = validate_data
    return cache.clear


def ingest_target(workspace: Workspace) -> Spec:
    """`intlhub ingest FILE --form F` for every form and format."""
    reset = cache_validation(workspace)
    strategy = ingest_cases(form_labels(workspace.data_path))
    return Spec(strategy, lambda case, seconds: run_cli_case(case, workspace, seconds), reset)


def eligibility_target(workspace: Workspace) -> Spec:
    """`intlhub check-eligibility ANSWERS`."""
    reset = cache_validation(workspace)
    strategy = answers_cases(example_answers(PROJECT_PATH))
    return Spec(strategy, lambda case, seconds: run_cli_case(case, workspace, seconds), reset)


def refresh_target(workspace: Workspace) -> Spec:
    """`intlhub refresh-indicators` against a fake World Bank API on loopback."""
    answer: dict = {}
    server = servers.start_server(lambda path: answer["now"])
    url = servers.url_of(server)
    indicators_path = workspace.data_path / "indicators.csv"

    def absurd() -> bool:
        lines = indicators_path.read_text(encoding="utf-8").splitlines()[1:]
        return any(not sane_value(line.split(",")[3]) for line in lines if line.count(",") >= 3)

    def run(case: Case, seconds: float) -> dict:
        status, content_type, body = case.extra["answer"]
        answer["now"] = (status, {"Content-Type": content_type}, body)
        filled = dataclasses.replace(
            case,
            argv=[part.replace("{url}", url) for part in case.argv],
            extra={**case.extra, "absurd_check": absurd},
        )
        return run_cli_case(filled, workspace, seconds)

    return Spec(wb_cases(), run, close=lambda: servers.stop(server))


def api_target(workspace: Workspace) -> Spec:
    """`POST /api/submissions/<form>` of the intake service, through Starlette's TestClient."""
    from starlette.testclient import TestClient  # httpx: a test extra

    from intlhub.service.app import create_app
    from intlhub.service.config import load_config

    config = load_config(
        workspace.data_path,
        PROJECT_PATH,
        workspace.root / "site",
        str(workspace.private_path),
        ORIGIN,
    )
    config = dataclasses.replace(config, rate_limit=0)
    holder = {"client": TestClient(create_app(config))}

    def post(request: dict) -> int:
        headers = {"Origin": ORIGIN}
        client = holder["client"]
        if request["files"]:
            response = client.post(request["path"], files=request["files"], headers=headers)
        else:
            if request["content_type"]:
                headers["Content-Type"] = request["content_type"]
            response = client.post(request["path"], content=request["body"], headers=headers)
        return response.status_code

    def run(case: Case, seconds: float) -> dict:
        before = queued_count(workspace.private_path)
        result = call_guarded(lambda: post(case.extra["request"]), seconds)
        result["queue_gained"] = queued_count(workspace.private_path) - before
        result["data_changed"] = data_changed(workspace)
        queue_limit = 1 if result["code"] == 201 else 0
        return judge(dataclasses.replace(case, extra={"queue_limit": queue_limit}), result)

    def reset() -> None:
        holder["client"] = TestClient(create_app(config))

    return Spec(api_cases(), run, reset)


TARGETS: dict[str, Callable[[Workspace], Spec]] = {
    "ingest": ingest_target,
    "api": api_target,
    "eligibility": eligibility_target,
    "refresh": refresh_target,
}
