"""JSON Lines in the private store survive text with Unicode line separators."""

from __future__ import annotations

from intlhub.intake.private.store import dump_lines, read_lines


def test_values_with_unicode_line_separators_round_trip(tmp_path):
    # json.dumps(ensure_ascii=False) leaves U+2028, U+0085 and U+001C raw; str.splitlines() would
    # cut the line there (found by the fuzz test of approve).
    items = [{"title": "a\u2028b\x85c\x1cd\re"}, {"title": "plain"}]
    path = tmp_path / "queue.jsonl"
    path.write_bytes(dump_lines(items))
    assert read_lines(path) == items
