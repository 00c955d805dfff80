"""A PDF's pages are sized before any is rendered, and rendered within the pixel limits."""

from __future__ import annotations

import pytest
from hostile_pages import INCH, huge_pages_pdf, many_page_tiff, tiny_pdf

from borderdesk.capture.images import inspect_image, open_image
from borderdesk.capture.pdf import DPI, choose_dpi, plan_pdf, render_images
from borderdesk.errors import UserInputError
from borderdesk.limits import DOCUMENT_PIXELS, MIN_DPI, PDF_PAGES, READ_PIXELS

A4 = (595.0, 842.0)
A0 = (2384.0, 3370.0)


def test_the_issues_50_pages_of_200_inches_are_refused_naming_the_page_in_millimetres() -> None:
    # 5 KB that asked for 7.4 GB of pixels: refused from the page sizes alone.
    with pytest.raises(UserInputError) as refused:
        plan_pdf(huge_pages_pdf(), "manifest.pdf")
    assert str(refused.value) == (
        "manifest.pdf: page 1 is 5,080 × 5,080 mm; a page of at most 1,200 mm a side (A0) "
        "is read.")


def test_a_huge_page_after_small_ones_is_refused_before_anything_is_rendered() -> None:
    rendered = render_images(_pdf_of([A4, A4, (A4[0], 300 * INCH)]), "scan.pdf")
    with pytest.raises(UserInputError, match="page 3 is 210 × 7,620 mm"):
        next(rendered)


def _pdf_of(sizes: list[tuple[float, float]]) -> bytes:
    """A PDF whose pages have these sizes (points)."""
    import io

    import pypdfium2 as pdfium

    document = pdfium.PdfDocument.new()
    for width, height in sizes:
        document.new_page(width, height)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_one_a4_page_is_rendered_at_300_dpi() -> None:
    assert choose_dpi([A4]) == DPI


def test_an_a0_page_is_rendered_at_the_dpi_that_fits_one_page() -> None:
    dpi = choose_dpi([A0])
    assert MIN_DPI <= dpi < DPI
    assert (A0[0] * dpi / INCH + 1) * (A0[1] * dpi / INCH + 1) <= READ_PIXELS


def test_fifty_a4_pages_share_the_document_limit_at_one_lower_dpi() -> None:
    data = _pdf_of([A4] * PDF_PAGES)
    plan = plan_pdf(data)
    assert MIN_DPI <= plan.dpi < DPI
    assert sum(width * height for width, height in plan.sizes) <= DOCUMENT_PIXELS
    rendered = [image.size for image in render_images(data, plan=plan)]
    assert rendered == list(plan.sizes)


def test_pages_too_large_together_even_at_the_lowest_dpi_are_refused_in_one_line() -> None:
    with pytest.raises(UserInputError) as refused:
        plan_pdf(tiny_pdf(PDF_PAGES, f"0 0 {A0[0]} {A0[1]}"), "annexes.pdf")
    message = str(refused.value)
    assert message.startswith("annexes.pdf: its 50 pages are too large to read together: "
                              "even at 150 dpi")
    assert "\n" not in message


def test_a_pdf_attached_as_evidence_is_checked_the_same_way() -> None:
    with pytest.raises(UserInputError, match="page 1 is 5,080 × 5,080 mm"):
        inspect_image(huge_pages_pdf(), "manifest.pdf")


def test_of_a_1000_page_tiff_only_the_first_page_is_decoded() -> None:
    data = many_page_tiff(1000)
    image = open_image(data, "scans.tif")
    assert image.size == (120, 40)
    assert image.tell() == 0
    assert inspect_image(data, "scans.tif").media_type == "image/tiff"
