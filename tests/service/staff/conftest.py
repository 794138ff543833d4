"""Fixtures of the staff screen tests (helpers in staff_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from staff_fixtures import Staff, make_staff


@pytest.fixture
def staff(tmp_path: Path) -> Staff:
    """A staff screen, nobody signed in."""
    return make_staff(tmp_path)


@pytest.fixture
def signed_in(staff: Staff) -> Staff:
    """A staff screen with ana.silva signed in."""
    assert staff.sign_in().status_code == 303
    return staff
