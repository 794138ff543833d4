"""The service's settings: origins from site_url and the listening address, the private folder."""

from helpers import DATA_PATH, PROJECT_PATH
from intlhub.service.config import load_config, origin_of


def test_origin_of_drops_paths_default_ports_and_case():
    assert origin_of("https://Intlhub.Example.org/en/") == "https://intlhub.example.org"
    assert origin_of("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert origin_of("http://example.org:80/x") == "http://example.org"


def test_the_allowed_origins_are_site_url_and_the_listening_address(tmp_path):
    config = load_config(
        DATA_PATH,
        PROJECT_PATH,
        tmp_path / "site",
        str(tmp_path / "private"),
        "http://127.0.0.1:8000",
    )
    assert config.allowed_origins == {"https://intlhub.example.org", "http://127.0.0.1:8000"}
    assert config.private.root == (tmp_path / "private").resolve()
    assert config.secure_cookies is False  # served on loopback over http
