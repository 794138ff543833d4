"""A showcase submission makes a complete project page: dates, objectives, activities, results,
partners and an image, published in one validated transaction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image

from helpers import snapshot
from intake_fixtures import (
    ingest_ndjson,
    intake_data,
    review_json,
    run_cli,
    showcase_row,
    site_submission,
    write_google_forms_csv,
)
from intlhub.dataset.load_dataset import load_dataset
from intlhub.intake.private.store import PrivatePaths
from intlhub.site.plan_pages import plan_pages
from intlhub.site.render import render_pages

UPLOAD = "0123456789abcdef0123456789abcdef.png"
RESULTS = (
    "Empresas participantes; Participating firms; 30; 34\n"
    "Vendas no estrangeiro; Sales abroad; 500.000 €;\n"
    "Quota de exportação; Export share; 20%; 25,5 %"
)


@pytest.fixture
def data_path(tmp_path, monkeypatch) -> Path:
    return intake_data(tmp_path, monkeypatch)


def uploads(data_path: Path) -> Path:
    return PrivatePaths(data_path.parent / "private").uploads


def put_upload(data_path: Path, name: str = UPLOAD) -> bytes:
    """A small PNG as the intake service leaves it in private/uploads/."""
    folder = uploads(data_path)
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (120, 30, 40)).save(folder / name, "PNG")
    return (folder / name).read_bytes()


def complete(number: int, **changes: str) -> dict:
    values = {
        "approval_date": "15/03/2016",
        "objectives_pt": "Dar a conhecer os vinhos\nAbrir as ações a todas as empresas",
        "objectives_en": "Introduce the wines\nOpen the actions to every firm",
        "activities_pt": "Feiras internacionais",
        "activities_en": "International fairs",
        "results": RESULTS,
        "partner_ids": "AICEP Portugal Global, E.P.E.; ccdr-alentejo",
        "image": UPLOAD,
        "image_alt_pt": "Uma prova de vinhos numa feira",
        "image_alt_en": "A wine tasting at a fair",
        "image_credit": "Fotografia: Pessoa Exemplo",
        "image_licence": "CC-BY-4.0",
    }
    return site_submission(number, **{**values, **changes})


def project_page(data_path: Path, project_id: str, lang: str) -> str:
    dataset = load_dataset(data_path)
    specs = [
        s
        for s in plan_pages(dataset, dt.date(2026, 11, 27))
        if s.lang == lang and s.key == f"projects:{project_id}"
    ]
    return next(text for _, text in render_pages(dataset, specs))


def test_a_complete_submission_makes_a_complete_project_page(data_path, capsys):
    image = put_upload(data_path)
    code, out, _ = ingest_ndjson(capsys, data_path, [complete(40)])
    assert code == 0, out
    code, out, _ = run_cli(capsys, "review", "--data", str(data_path))
    assert "    + project-results 'TESTE-0040' (new record)" in out
    assert "        export-share: '' → 'Quota de exportação; Export share; 20%; 25.5%'" in out
    assert "    + project-images 'images/projects/teste-0040-1.png' (new record)" in out
    [item] = review_json(capsys, data_path)
    code, out, _ = run_cli(capsys, "approve", item["id"], "--dry-run", "--data", str(data_path))
    assert code == 0 and "Binary file b/images/projects/teste-0040-1.png" in out
    code, _, err = run_cli(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 0, err
    projects = (data_path / "projects.csv").read_text()
    assert ",2016-03-15," in projects
    assert ",Dar a conhecer os vinhos|Abrir as ações a todas as empresas," in projects
    assert ",aicep;ccdr-alentejo," in projects
    results = (data_path / "project-results.csv").read_text().splitlines()
    assert [r for r in results if r.startswith("TESTE-0040,")] == [
        "TESTE-0040,export-share,Quota de exportação,Export share,percent,20,25.5",
        "TESTE-0040,participating-firms,Empresas participantes,Participating firms,count,30,34",
        "TESTE-0040,sales-abroad,Vendas no estrangeiro,Sales abroad,eur,500000,",
    ]
    assert (
        "TESTE-0040,1,images/projects/teste-0040-1.png,Uma prova de vinhos numa feira,"
        "A wine tasting at a fair,Fotografia: Pessoa Exemplo,Fotografia: Pessoa Exemplo,CC-BY-4.0"
    ) in (data_path / "project-images.csv").read_text()
    assert (data_path / "images/projects/teste-0040-1.png").read_bytes() == image
    assert not (uploads(data_path) / UPLOAD).exists()
    assert run_cli(capsys, "validate", "--data", str(data_path))[0] == 0
    page = project_page(data_path, "TESTE-0040", "en")
    for text in (
        "Introduce the wines",
        "Open the actions to every firm",
        "International fairs",
        "Participating firms",
        "Sales abroad",
        "AICEP Portugal Global",
        'alt="A wine tasting at a fair"',
        "15 March 2016",
    ):
        assert text in page, text
    assert "Objetivos: não indicado" not in project_page(data_path, "TESTE-0040", "pt")


def test_a_second_image_takes_the_next_position(data_path, capsys):
    put_upload(data_path)
    ingest_ndjson(capsys, data_path, [complete(41)])
    [item] = review_json(capsys, data_path)
    assert run_cli(capsys, "approve", item["id"], "--data", str(data_path))[0] == 0
    second = "fedcba9876543210fedcba9876543210.png"
    put_upload(data_path, second)
    ingest_ndjson(capsys, data_path, [complete(42, id="TESTE-0041", image=second)])
    [item] = review_json(capsys, data_path)
    assert run_cli(capsys, "approve", item["id"], "--data", str(data_path))[0] == 0
    images = (data_path / "project-images.csv").read_text()
    assert "TESTE-0041,2,images/projects/teste-0041-2.png," in images
    assert (data_path / "images/projects/teste-0041-2.png").is_file()


def test_an_image_needs_its_alt_texts_credit_and_licence(data_path, capsys):
    submission = complete(43)
    del submission["values"]["image_alt_en"]
    code, out, _ = ingest_ndjson(capsys, data_path, [submission])
    assert code == 1 and "field 'image_alt_en'" in out and "[required-with]" in out


def test_an_export_cannot_carry_an_image_and_says_so(data_path, capsys):
    row = showcase_row(44, **{"Imagem do projeto": "fotografia.jpg"})
    source = write_google_forms_csv(data_path.parent / "i.csv", [row])
    code, out, _ = run_cli(
        capsys, "ingest", str(source), "--form", "showcase", "--data", str(data_path)
    )
    assert code == 1
    assert "field 'image'" in out and "cannot carry an image file" in out
    assert "Send the image with the site's form" in out


def test_results_that_do_not_read_are_refused_with_their_line(data_path, capsys):
    code, out, _ = ingest_ndjson(
        capsys, data_path, [complete(45, results="Empresas; Firms; 30\nSó um nome")]
    )
    assert code == 1 and "field 'results'" in out and "line 2: 'Só um nome'" in out


def test_a_refused_submission_loses_its_upload_and_purge_removes_leftovers(data_path, capsys):
    image = put_upload(data_path)
    ingest_ndjson(capsys, data_path, [complete(46)])
    [item] = review_json(capsys, data_path)
    before = snapshot(data_path)
    code, _, _ = run_cli(
        capsys, "reject", item["id"], "--reason", "Imagem sem autorização", "--data", str(data_path)
    )
    assert code == 0 and not (uploads(data_path) / UPLOAD).exists()
    assert snapshot(data_path) == before
    (uploads(data_path) / UPLOAD).write_bytes(image)  # e.g. restored from a backup
    code, out, _ = run_cli(capsys, "purge", "--data", str(data_path))
    assert code == 0 and "1 upload(s) of decided submissions" in out
    assert not (uploads(data_path) / UPLOAD).exists()


def test_approve_refuses_a_missing_upload_and_writes_nothing(data_path, capsys):
    ingest_ndjson(capsys, data_path, [complete(47)])
    [item] = review_json(capsys, data_path)
    before = snapshot(data_path)
    code, _, err = run_cli(capsys, "approve", item["id"], "--data", str(data_path))
    assert code == 1 and "is not an upload in the private folder" in err
    assert snapshot(data_path) == before
