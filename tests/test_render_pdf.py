"""`render --format pdf`: the embedded portfolio laid out on A4 by WeasyPrint, checked
from the PDF itself with pypdf: page size, "Sida X av Y", every header and cell of the
widest tables, archival (PDF/A-2) and tagged (PDF/UA) identification, title, language
and author, and charts drawn as vectors rather than pictures."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EMBEDDED, Cli, copy_portfolio
from tests.mdtables import table

pytestmark = pytest.mark.slow  # every test reads the PDFs of one render of every document

A4 = (595.28, 841.89)  # points


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


class Rendered:
    """The documents of one portfolio as PDF and as Markdown (the reference for the table
    cells), each rendered when a test first reads it: only those the tests read, and only
    on the worker that runs them."""

    def __init__(self, root: Path) -> None:
        self.portfolio = copy_portfolio(EMBEDDED, root / "portfolio")
        self.out = root / "out"
        self.cli = Cli()

    def __getitem__(self, name: str) -> Path:
        self.render(name.split(".", maxsplit=1)[0])
        return self.out / name

    @functools.cache  # noqa: B019 (one instance per module, kept to its end)
    def render(self, document: str) -> None:
        for fmt in ("pdf", "md"):
            result = self.cli(
                "render", document, "-p", self.portfolio, "--out", self.out, "--format", fmt
            )
            assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return Rendered(tmp_path_factory.mktemp("pdf"))


@functools.cache
def reader(path: Path) -> Any:
    """One reader per PDF: the tests only read, and pypdf keeps the objects it has parsed."""
    from pypdf import PdfReader

    return PdfReader(path)


@functools.cache
def raw_texts(path: Path) -> tuple[str, ...]:
    """Each page's text as poppler's pdftotext extracts it (one run for the whole PDF; pypdf
    took about 0.1 s a page, 2.5 of this file's 8 CPU-seconds), else as pypdf does: the
    tests only read the PDFs of one render, so each is read once."""
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return tuple(page.extract_text() for page in reader(path).pages)
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    # pdftotext ends every page with a form feed.
    pages = tuple(done.stdout.decode("utf-8").split("\f")[:-1])
    assert len(pages) == len(reader(path).pages), path
    return pages


def page_texts(path: Path) -> tuple[str, ...]:
    return tuple(normalised(text) for text in raw_texts(path))


@pytest.mark.parametrize(
    "document", ["plan", "forvaltningsplan", "prioritet", "rad", "portfoljrapport"]
)
def test_every_page_is_a4_and_numbered_sida_x_av_y(rendered: Rendered, document: str) -> None:
    pdf = reader(rendered[f"{document}.pdf"])
    texts = page_texts(rendered[f"{document}.pdf"])
    total = len(pdf.pages)
    assert total >= 1
    for number, page in enumerate(pdf.pages, start=1):
        size = sorted((float(page.mediabox.width), float(page.mediabox.height)))
        assert size == pytest.approx(sorted(A4), abs=0.5), number
        assert f"Sida {number} av {total}" in texts[number - 1]


def test_widest_tables_are_on_landscape_pages(rendered: Rendered) -> None:
    pdf = reader(rendered["plan.pdf"])
    words = ("Bilaga 1: Prioriterade projekt", "Prioriterade projekt 2025", "Kostnad (kr)")
    texts = raw_texts(rendered["plan.pdf"])
    bilaga = next(p for p, text in zip(pdf.pages, texts, strict=True) if _all_in(words, text))
    assert float(bilaga.mediabox.width) > float(bilaga.mediabox.height)


def _all_in(words: tuple[str, ...], text: str) -> bool:
    return all(word in text for word in words)


def cells_of(markdown: Path, caption: str) -> list[str]:
    found = table(markdown.read_text(encoding="utf-8"), caption)
    return [normalised(c) for c in [*found.header, *(c for row in found.rows for c in row)] if c]


def missing(cells: list[str], pdf: Path) -> list[str]:
    text = " ".join(page_texts(pdf))
    return [cell for cell in cells if cell not in text]


def test_bilaga_1_has_every_column_and_cell(rendered: Rendered) -> None:
    cells = cells_of(rendered["plan.md"], "Prioriterade projekt 2025")
    assert "Kostnad (kr)" in cells and "1 979 000" in cells
    assert missing(cells, rendered["plan.pdf"]) == []


def test_budget_matrix_and_fte_table_are_whole(rendered: Rendered) -> None:
    budget = cells_of(rendered["forvaltningsplan.md"], "Budget 2020 för")
    fte = cells_of(rendered["forvaltningsplan.md"], "Årsarbeten 2020")
    assert "39 800 000" in budget and "6,3 (+2)" in fte and "21,3" in fte
    groups = ("Verksamhetsnära förvaltning", "IT-nära förvaltning")
    # Markdown prefixes a grouped column's label with its group; the PDF spans the group
    # over its columns, as printed in the source.
    labels = [
        next((c.removeprefix(f"{g} ") for g in groups if c.startswith(g)), c) for c in budget + fte
    ]
    assert missing([*groups, *labels], rendered["forvaltningsplan.pdf"]) == []


@pytest.mark.parametrize(
    ("document", "title"),
    [
        ("plan", "Digitaliseringsplan 2025–2026"),
        ("forvaltningsplan", "Förvaltningsplan för Vård, stöd och omsorg (VSO) 2020"),
        ("rad", "Kallelse till digitaliseringsrådet"),
        ("portfoljrapport", "Portföljrapport: pågående projekt"),
    ],
)
def test_pdf_a_and_pdf_ua_identification_title_language_author(
    rendered: Rendered, document: str, title: str
) -> None:
    pdf = reader(rendered[f"{document}.pdf"])
    root = pdf.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r'pdfaid:part="2"', xmp) and re.search(r'pdfaid:conformance="A"', xmp)
    assert re.search(r'pdfuaid:part="1"', xmp)
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    assert pdf.metadata.title == title
    assert pdf.metadata.author == "Äldre samt vård- och omsorgsförvaltningen"
    assert "/OutputIntents" in root  # the colour profile PDF/A requires


def test_charts_are_vectors_not_pictures(rendered: Rendered) -> None:
    assert pictures(rendered["plan.pdf"]) == []
    text = " ".join(page_texts(rendered["plan.pdf"]))
    assert "Över linjen: kvot över 1" in text  # the chart's own text, drawn as text


def pictures(path: Path) -> list[str]:
    """Every picture on any page, XObject or inline, as poppler's pdfimages lists them (one
    run; pypdf's page.images parses each page's content stream, about 0.5 s for the plan),
    else as pypdf does."""
    import shutil
    import subprocess

    if shutil.which("pdfimages") is None:
        pages = enumerate(reader(path).pages, start=1)
        return [f"sida {number}" for number, page in pages for _ in range(len(page.images))]
    done = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, check=True)
    return done.stdout.decode("utf-8").splitlines()[2:]  # under the header and its rule


def test_pdf_needs_an_output_folder(cli: Cli, portfolio: Path) -> None:
    result = cli("render", "plan", "-p", portfolio, "--format", "pdf")
    assert result.exit_code == 2
    assert "ange --out MAPP" in result.stderr
