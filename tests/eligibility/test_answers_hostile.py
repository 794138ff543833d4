"""Issue 13, item 7: hostile answers files get a one-line error and exit 1, fast, in bounded memory."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from intlhub.cli.main import main

# Nine levels of ten aliases: 10**9 "lol"s once anything walks the answer (as repr() did).
LAUGHS = "\n".join(
    [
        "answers:",
        "  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(
            f"  {chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 10)}]"
            for i in range(8)
        ),
        "  company_count: *i",
    ]
)
MERGES = "\n".join(
    [
        "base: &base {company_count: 3}",
        *(
            f"m{i}: &m{i} {{<<: [*{'base' if i == 0 else f'm{i - 1}'}], k{i}: 1}}"
            for i in range(50)
        ),
        "answers:\n  <<: *m49",
    ]
)
MERGE_ONLY = "answers:\n  <<: {company_count: 3}\n"


def hostile(tmp_path: Path, name: str) -> Path:
    """The hostile answers file called `name`."""
    path = tmp_path / "answers.yaml"
    if name == "billion-laughs":
        path.write_text(LAUGHS, "utf-8")
    elif name == "merge-chain":
        path.write_text(MERGES, "utf-8")
    elif name == "merge-key":
        path.write_text(MERGE_ONLY, "utf-8")
    elif name == "300000-keys":
        path.write_text("answers:\n" + "".join(f"  k{i}: {i}\n" for i in range(300_000)), "utf-8")
    elif name == "30000-keys-flow":  # under the byte limit: the value count refuses it
        path.write_text("answers: {" + ",".join(f"k{i}" for i in range(30_000)) + "}", "utf-8")
    elif name == "10000-digits":
        path.write_text("answers:\n  company_count: " + "9" * 10_000 + "\n", "utf-8")
    elif name == "nan":
        path.write_text("answers:\n  company_count: .nan\n", "utf-8")
    elif name == "deep":
        path.write_text("answers: " + "[" * 200 + "]" * 200 + "\n", "utf-8")
    elif name == "directory":
        path.mkdir()
    return path


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion-laughs", "line 2: the YAML uses anchors or aliases"),
        ("merge-chain", "line 1: the YAML uses anchors or aliases"),
        ("merge-key", "line 2: the YAML uses a merge key ('<<')"),
        ("300000-keys", "bytes (limit 262,144)"),
        ("30000-keys-flow", "the YAML holds more than 10,000 values"),
        ("10000-digits", "line 2: a number of 10,000 characters (limit 64)"),
        ("nan", "line 2: '.nan' is not a finite number"),
        ("deep", "nested more than 64 levels deep"),
        ("directory", "is not a file"),
    ],
)
def test_hostile_answers_files_are_refused_in_one_line(tmp_path, capsys, name, message):
    path = hostile(tmp_path, name)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        code = main(["check-eligibility", str(path), "--lang", "en"])
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    out, err = capsys.readouterr()
    assert code == 1, err
    assert out == "" and "Traceback" not in err
    first = err.splitlines()[0]
    assert first.startswith(f"Error: Answers file {str(path)!r}") and message in first, err
    assert seconds < 5, seconds
    assert peak < 64 * 1024 * 1024, peak
