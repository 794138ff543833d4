"""Hostile World Bank answers for `intlhub refresh-indicators`, served by a fake API on loopback.

Values: NaN, Infinity, 1e400, 1E-999999, sNaN, huge integers, strings; metadata: odd `pages`;
shapes: nested, wrong types, `"message": ["str"]`, huge pages; statuses and content types.
"""

from __future__ import annotations

import json

from hypothesis import strategies as st

from intlhub.bench.fuzz import hostile
from intlhub.bench.fuzz.execute import Case

INDICATOR = "NY.GDP.MKTP.CD"
MARKET = "DE"
VALUE_LITERALS = hostile.HOSTILE_JSON + ('"NaN"', '"Infinity"', '"sNaN"', '"1e400"', '"1E-999999"', '"1E+999999"',
                                         "123.456", "1e-7", "-5", "1e15", '"12,5"', '"0x10"')  # fmt: skip
SHAPES = ("value", "date", "pages", "country", "message", "nested", "scalar", "not-json", "status", "many-rows",
          "huge-page", "empty-list", "metadata-list")  # fmt: skip


def page(
    value: str = "1000",
    date: str = '"2024"',
    pages: str = "1",
    country: str = f'"{MARKET}"',
    rows: int = 1,
) -> str:
    """One World Bank answer page as JSON text, with literals spliced in."""
    row = (f'{{"indicator": {{"id": "{INDICATOR}", "value": "GDP"}}, "country": {{"id": {country}, "value": "Germany"}}, '
           f'"countryiso3code": "DEU", "date": {date}, "value": {value}, "unit": "", "obs_status": "", "decimal": 0}}')  # fmt: skip
    return f'[{{"page": 1, "pages": {pages}, "per_page": 100, "total": {rows}}}, [{", ".join([row] * rows)}]]'


@st.composite
def wb_cases(draw) -> Case:
    """One fake World Bank answer and the `intlhub refresh-indicators` command that reads it."""
    shape = draw(st.sampled_from(SHAPES))
    literal = draw(st.sampled_from(VALUE_LITERALS))
    status, content_type = 200, "application/json;charset=utf-8"
    text = page()
    if shape == "value":
        text = page(value=literal)
    elif shape == "date":
        text = page(date=literal)
    elif shape == "pages":
        text = page(
            pages=draw(
                st.sampled_from(
                    ["Infinity", "NaN", "1e400", "-1", "51", '"2"', "2", "[1]", "9" * 5000]
                )
            )
        )
    elif shape == "country":
        text = page(country=literal)
    elif shape == "message":
        text = draw(
            st.sampled_from(
                [
                    '[{"message": ["str"]}]',
                    '[{"message": "x"}]',
                    '[{"message": [1]}]',
                    '[{"message": {"id": 1}}]',
                    '[{"message": []}]',
                    '[{"message": [{"id": "120", "key": "Invalid value", "value": "\\ud800"}]}]',
                ]
            )
        )
    elif shape == "nested":
        text = (
            "[" * 50 + page(value=literal) + "]" * 50
            if draw(st.booleans())
            else hostile.deep_json(draw(st.sampled_from([1000, 100_000]))).decode()
        )
    elif shape == "scalar":
        text = literal
    elif shape == "not-json":
        text = draw(st.sampled_from(["<html>", "", "[", "\x00", '{"a": 1}garbage']))
    elif shape == "status":
        status = draw(st.sampled_from([301, 404, 429, 500, 503, 204]))
    elif shape == "many-rows":
        rows = draw(st.sampled_from([100, 10_000]))
        # 10,000 rows of a 100,000-character literal would be a 1 GB answer: the harness's bomb
        text = page(value=literal if len(literal) * rows < 10_000_000 else "1", rows=rows)
    elif shape == "huge-page":
        text = page(value="1" + "0" * draw(st.sampled_from([100, 4000, 100_000])))
    elif shape == "empty-list":
        text = "[]"
    elif shape == "metadata-list":
        text = '[[1, 2], {"pages": 1}]'
    if draw(st.booleans()) and shape not in ("status",):
        content_type = draw(
            st.sampled_from(["text/html", "application/json", "text/plain; charset=utf-16"])
        )
    body = text.encode("utf-8", "surrogatepass")
    argv = ["refresh-indicators", "--data", "{data}", "--markets", MARKET, "--indicators", INDICATOR,
            "--base-url", "{url}", "--timeout", "5", "--retries", "0"]  # fmt: skip
    note = f"shape={shape} literal={literal[:30]!r} status={status}"
    answer = {"status": status, "content_type": content_type}
    return Case("refresh", {"answer.json": body, "answer-headers.json": json.dumps(answer).encode()}, argv, note,
                extra={"writes_data": True, "queue_limit": 0, "answer": (status, content_type, body)}, key=shape)  # fmt: skip
