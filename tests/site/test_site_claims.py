"""Issue 14, claims 1, 2, 7, 9 and 10, checked on the built site (both languages)."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
import yaml

from helpers import DATA_PATH, PROJECT_PATH, copy_data
from intlhub.dataset.load_dataset import load_dataset
from intlhub.dataset.validate import validate_data
from intlhub.site.build_site import build_site
from intlhub.site.write_pages import footer_funding

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def site_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("claims") / "site"
    build_site(load_dataset(DATA_PATH), PROJECT_PATH, path, TODAY, lambda message: None)
    return path


def page(site_path: Path, uri: str) -> str:
    return (site_path / uri).read_text(encoding="utf-8")


def text_of(site_path: Path, uri: str) -> str:
    """The page's article as plain text, one space between words."""
    source = page(site_path, uri)
    article = source[source.index("<article") : source.index("</article>")]
    article = re.sub(r"<script.*?</script>|data-spec=\"[^\"]*\"", "", article, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


def h2_texts(site_path: Path, uri: str) -> list[str]:
    source = page(site_path, uri)
    article = source[source.index("<article") : source.index("</article>")]
    return [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
        for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article, flags=re.S)
    ]


# Claim 1 ------------------------------------------------------------------------------------------


def test_no_page_says_a_record_was_verified_by_the_managing_authority(site_path):
    pages = sorted(site_path.rglob("*.html"))
    assert len(pages) > 60
    for path in pages:
        source = path.read_text(encoding="utf-8")
        assert "Verificado pela autoridade de gestão" not in source, path
        assert "Verified by the managing authority" not in source, path
    badges = {"pt": "Conforme a fonte citada", "en": "As stated in the cited source"}
    for folder, lang in (("", "pt"), ("en/", "en")):
        calls = "concursos" if lang == "pt" else "calls"
        organisations = "organizacoes" if lang == "pt" else "organisations"
        for uri in (
            f"{calls}/call-1.html",
            f"{calls}/call-2.html",
            f"{organisations}/aicep.html",
            f"{organisations}/ccdr-alentejo.html",
            f"{organisations}/iapmei.html",
        ):
            found = re.findall(
                r'<span class="hub-badge hub-badge--verified">([^<]*)</span>',
                page(site_path, folder + uri),
            )
            assert found and set(found) == {badges[lang]}, (uri, found)


# Claim 2 ------------------------------------------------------------------------------------------


def test_footer_makes_no_co_financing_claim_while_it_is_an_example(site_path):
    for path in sorted(site_path.rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        assert "hub-funding" not in source, f"{path}: funding statement or EU emblem in the footer"
        assert "eu-emblem.svg" not in source, path


def test_footer_funding_appears_once_the_deploying_organisation_sets_it():
    statement = {"pt": "Cofinanciado por X.", "en": "Co-financed by X."}
    alt = {"pt": "Emblema", "en": "Emblem"}
    funding = {"statement": statement, "emblem": True, "emblem_alt": alt}
    assert footer_funding({"funding": {**funding, "verification": "example"}}, "pt") == {}
    assert footer_funding({"funding": {**funding, "verification": "self-reported"}}, "en") == {
        "funding_statement": "Co-financed by X.",
        "emblem": True,
        "emblem_alt": "Emblem",
    }


def test_the_managing_authority_is_not_named_as_this_sites_operator(site_path):
    for uri in (
        "privacidade.html",
        "en/privacy.html",
        "acessibilidade.html",
        "en/accessibility.html",
    ):
        assert "CCDR" not in text_of(site_path, uri), uri
    a11y = text_of(site_path, "en/accessibility.html")
    assert (
        "Organisation that publishes this site (example) is committed to making this site accessible"
        in a11y
    )
    assert "data/site.yaml, operator)" in a11y and "data/site.yaml, accessibility_contact)" in a11y
    about = text_of(site_path, "sobre.html")
    assert (
        "Este sítio é publicado e mantido por: Entidade que publica este sítio (exemplo) Exemplo"
        in about
    )
    assert "o rodapé não mostra declaração de cofinanciamento nem o emblema da UE" in about


def test_a_verified_setting_needs_its_source(tmp_path):
    data_path = copy_data(tmp_path)
    site_file = data_path / "site.yaml"
    site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
    site["operator"]["verification"] = "verified"
    site_file.write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), "utf-8")
    problems = [p for p in validate_data(data_path, TODAY)[1] if p.severity == "error"]
    assert [(p.file, p.field, p.type) for p in problems] == [
        ("site.yaml", "operator", "schema-error")
    ]
    assert "source" in problems[0].message


# Claim 7 ------------------------------------------------------------------------------------------


def test_example_figures_are_labelled_and_counted_from_the_data(site_path):
    dataset = load_dataset(DATA_PATH)
    examples = [p for p in dataset.table("projects") if p["verification"] == "example"]
    assert len(examples) == 6
    home = text_of(site_path, "index.html")
    assert (
        "Exemplo 6 projetos de exemplo (fictícios) mostram o formato e ficam fora de todos os totais."
        in home
    )
    assert "5 projetos de exemplo" not in home
    listing = text_of(site_path, "projetos/index.html")
    assert (
        "Projetos reais: 0. Projetos de exemplo (fictícios, assinalados na lista): 6. Exemplo"
        in listing
    )
    assert "Projetos apoiados (6)" not in listing
    markets = page(site_path, "en/markets/index.html")
    assert "<th>Real projects</th>" in markets and "<th>Example projects</th>" in markets
    rows = re.findall(r"<tr>\s*<td>.*?</tr>", markets, flags=re.S)
    assert len(rows) == len(dataset.table("markets"))
    for row in rows:
        cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
        assert cells[3].strip() == "0", "no real project exists: the real count stays 0"
        assert "hub-badge--example" in cells[4], "an example count carries its label"


def test_placeholder_addresses_are_labelled(site_path):
    form = text_of(site_path, "participar/partilhar-projeto.html")
    assert (
        "Exemplo O endereço para onde enviar as submissões sem o serviço de formulários, "
        "contacto@intlhub.example.org, é um exemplo" in form
    )
    a11y = text_of(site_path, "en/accessibility.html")
    assert (
        "This statement applies to the site https://intlhub.example.org/. Example (example address"
        in a11y
    )


# Claim 9 ------------------------------------------------------------------------------------------


def test_data_page_explains_amount_awarded(site_path):
    data = text_of(site_path, "en/data.html")
    assert "amountAwarded is the EU funding" not in data
    assert (
        "The amountAwarded field (the total amount awarded, in the 360Giving standard) is the grant awarded to the beneficiary"
        in data
    )
    assert (
        "Publisher of the 360Giving file: Organisation that publishes this site (example) Example"
        in data
    )
    pt = text_of(site_path, "dados.html")
    assert (
        "O campo amountAwarded (o montante total atribuído, no padrão 360Giving) é o incentivo atribuído ao beneficiário"
        in pt
    )


# Claim 10 -----------------------------------------------------------------------------------------


def test_privacy_page_gives_legal_basis_and_the_right_to_complain(site_path):
    for uri in ("privacidade.html", "en/privacy.html"):
        headings = h2_texts(site_path, uri)
        assert len(headings) == len(set(headings)), f"{uri} repeats a heading: {headings}"
    pt = text_of(site_path, "privacidade.html")
    assert "Partilhar um projeto: exercício de funções de interesse público (alínea e))." in pt
    assert (
        "Contribuir para um guia de mercado: consentimento da pessoa de contacto (alínea a))." in pt
    )
    assert "data/site.yaml, legal_basis)" in pt
    assert "Comissão Nacional de Proteção de Dados (CNPD): www.cnpd.pt" in pt
    assert 'href="https://www.cnpd.pt/"' in page(site_path, "privacidade.html")
    en = text_of(site_path, "en/privacy.html")
    assert "Right to lodge a complaint" in h2_texts(site_path, "en/privacy.html")
    assert "Legal basis" in h2_texts(site_path, "en/privacy.html")
    assert "Regulation (EU) 2016/679 (General Data Protection Regulation) , art. 77" in en
    assert "Lei n.º 58/2019, de 8 de agosto (execução do RGPD) , art. 3.º" in en
