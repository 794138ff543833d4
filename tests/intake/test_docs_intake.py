"""Every intake command and setting a user depends on is documented."""

from helpers import PROJECT_PATH
from intlhub.cli.main import make_parser

ROOT = PROJECT_PATH


def test_every_command_is_in_the_readme_and_quick_start_keeps_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = make_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"intlhub {name}" in readme, f"Document `intlhub {name}` in README.md."
    quick_start = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    assert len([line for line in quick_start.splitlines() if line.strip()]) == 2


def test_every_intake_setting_is_documented():
    guide = (ROOT / "docs" / "dev" / "intake.md").read_text(encoding="utf-8")
    for words in ("private_dir", "INTLHUB_PRIVATE_DIR", "--private", "retention", "form_endpoint",
                  "--token-env", "--date-order mdy", "--all-or-nothing", "--filter", "max_submission_bytes",
                  "row_filter", "source_id"):  # fmt: skip
        assert words in guide, f"Document {words!r} in docs/dev/intake.md."
