"""Smoke test: the installed `intlhub` command starts and prints its help."""

import subprocess
import sys
from pathlib import Path


def test_intlhub_help_exits_zero():
    """`intlhub --help` exits 0 and shows an example."""
    script_path = Path(sys.executable).parent / "intlhub"
    command = [str(script_path)] if script_path.exists() else [sys.executable, "-m", "intlhub.cli"]
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Example:" in result.stdout
