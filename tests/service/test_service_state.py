"""The service's shared state: the dataset is validated once and reloaded when data/ changes."""

import datetime as dt

import pytest

from helpers import PROJECT_PATH, copy_data
from intlhub.base.problems import HubError
from intlhub.service.config import load_config
from intlhub.service.state import ServiceState

TODAY = dt.date(2026, 12, 3)


def test_the_dataset_is_kept_until_a_data_file_changes(tmp_path):
    data_path = copy_data(tmp_path)
    state = ServiceState(load_config(data_path, PROJECT_PATH, tmp_path / "site"))
    first = state.valid_dataset(TODAY)
    assert state.valid_dataset(TODAY) is first
    sectors = data_path / "sectors.csv"
    sectors.write_text(sectors.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    assert state.valid_dataset(TODAY) is not first


def test_invalid_data_is_refused_with_a_hub_error(tmp_path):
    data_path = copy_data(tmp_path)
    state = ServiceState(load_config(data_path, PROJECT_PATH, tmp_path / "site"))
    projects = data_path / "projects.csv"
    projects.write_text(projects.read_text(encoding="utf-8") + "broken,row\n", encoding="utf-8")
    with pytest.raises(HubError):
        state.valid_dataset(TODAY)
