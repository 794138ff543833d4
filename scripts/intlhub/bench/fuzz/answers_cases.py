"""Hostile answers files for `intlhub check-eligibility` (YAML and JSON).

Alias bombs (anchors, and `<<` merges), many keys, deep nesting, huge integers, NaN and
Infinity, wrong types, binary, other encodings, a directory, a missing file.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from intlhub.bench.fuzz import hostile
from intlhub.bench.fuzz.execute import Case

EXAMPLE = "docs/dev/eligibility-answers.example.yaml"
SHAPES = ("none", "alias-bomb", "merge-bomb", "many-keys", "deep", "binary", "utf16", "json", "directory",
          "missing", "empty", "not-mapping", "tags", "duplicate-keys", "long-line")  # fmt: skip
YAML_SCALARS = (
    ".nan", ".inf", "-.inf", "1e400", "1E-999999", "9" * 5000, "9" * 10_000, "0x" + "f" * 5000,
    "0o777", "1_000", "2016-02-30", "2016-13-01", "9999-12-31", "0001-01-01", "~", "yes", "on",
    "[1, 2]", "{a: 1}", '"\\ud800"', '"\\x00"', "!!binary aGVsbG8=", "!!python/object:os.system x",
    "*missing", "&a [*a]", "!!set {a, b}", "!!timestamp 2001-12-14t21:59:43.10-05:00", "'" + "x" * 100_000 + "'",
    "-1", "0", "100000000000000000000", "1.7976931348623157e309", "true", "false", "''",
)  # fmt: skip


def example_answers(project_path: Path) -> list[str]:
    """The example answers file, as lines."""
    return (project_path / EXAMPLE).read_text(encoding="utf-8").splitlines()


def alias_bomb(levels: int, merge: bool, keys: list[str]) -> str:
    """A billion-laughs answers file, `levels` deep (9 ** levels items), through lists or merges.

    The anchors sit on real question ids inside `answers:`, so the file passes the top-level check.
    """
    keys = (keys * 2)[: levels + 1]
    lines = ["call: call-1", "answers:"]
    if merge:
        lines.append(f"  {keys[0]}: &a0 {{k0: lol, k1: lol, k2: lol}}")
    else:
        lines.append(f"  {keys[0]}: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]")
    for level in range(1, len(keys)):
        refs = ", ".join(f"*a{level - 1}" for _ in range(9))
        if merge:
            lines.append(
                f"  {keys[level]}: &a{level} {{<<: [{refs}], n{level}: {{<<: *a{level - 1}}}, m{level}: [{refs}]}}"
            )
        else:
            lines.append(f"  {keys[level]}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@st.composite
def answers_cases(draw, lines: list[str]) -> Case:
    """One hostile answers file and its `intlhub check-eligibility` command."""
    shape = draw(st.sampled_from(SHAPES))
    size = draw(st.sampled_from([3, 5, 7, 9, 1000, 50_000, 300_000]))
    text_lines = list(lines)
    answer_lines = [i for i, line in enumerate(text_lines) if line.startswith("  ") and ":" in line]
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.sampled_from(answer_lines))
        key = text_lines[index].split(":")[0]
        value = draw(
            st.one_of(
                st.sampled_from(YAML_SCALARS), st.sampled_from(hostile.HOSTILE_TEXTS).map(repr)
            )
        )
        text_lines[index] = f"{key}: {value}"
    text = "\n".join(text_lines) + "\n"
    name = "answers.yaml"
    data: bytes | None = None
    if shape in ("alias-bomb", "merge-bomb"):
        keys = [text_lines[i].split(":")[0].strip() for i in answer_lines]
        levels = {1000: 6, 50_000: 8, 300_000: 4}.get(size, size)  # 3 to 9 levels
        text = alias_bomb(levels, shape == "merge-bomb", keys)
    elif shape == "many-keys":
        text = text + "".join(f"  extra_{i}: {i}\n" for i in range(min(size, 300_000)))
    elif shape == "deep":
        depth = min(size, 100_000)
        text = "call: call-1\nanswers:\n  sector: " + "[" * depth + "1" + "]" * depth + "\n"
    elif shape == "binary":
        data = bytes(range(256)) * 4
    elif shape == "utf16":
        data = text.encode("utf-16")
    elif shape == "json":
        name = "answers.json"
        text = (
            '{"call": "call-1", "answers": {"sector": '
            + draw(st.sampled_from(hostile.HOSTILE_JSON))
            + "}}"
        )
    elif shape == "not-mapping":
        text = draw(
            st.sampled_from(
                [
                    "- 1\n- 2\n",
                    "just text\n",
                    "answers: [1, 2]\n",
                    "answers:\n",
                    "null\n",
                    "answers: {1: 2, null: 3, [1]: 4}\n",
                ]
            )
        )
    elif shape == "tags":
        text = "answers: !!python/object/apply:os.system ['true']\n"
    elif shape == "duplicate-keys":
        text = text + text
    elif shape == "long-line":
        text = "answers:\n  sector: " + "x" * min(size * 100, 5_000_000) + "\n"
    files: dict[str, bytes] = {}
    if shape == "directory":
        files = {f"{name}/": b""}
    elif shape != "missing":
        files = {
            name: data
            if data is not None
            else (b"" if shape == "empty" else text.encode("utf-8", "surrogatepass"))
        }
    options = draw(
        st.sampled_from(
            [
                [],
                ["--call", "call-1"],
                ["--call", "call-2", "--lang", "en"],
                ["--call", "a2030-int-2023"],
                ["--call", "a2030-int-2025", "--today", "2025-03-01"],
                ["--call", "nope"],
                ["--today", "2016-02-30"],
                ["--today", "9999-12-31"],
            ]
        )
    )
    argv = ["check-eligibility", f"{{dir}}/{name}", "--data", "{data}", *options]
    return Case(
        "eligibility",
        files,
        argv,
        f"shape={shape} size={size} options={options}",
        (0, 1, 2, 3, 4),
        key=f"{shape} {size}",
    )
