"""The version matrix on a phone, measured in a real Chromium (see test_timeline_browser.py)."""

import pytest
from sitebuild import built_site

PHONE = 390  #: px


@pytest.fixture(scope="module")
def matrix_page(browser):
    page = browser.new_page(viewport={"width": PHONE, "height": 900})
    page.goto((built_site() / "docs" / "appendix" / "versions.html").as_uri())
    yield page
    page.close()


def test_the_matrix_scrolls_inside_its_own_box_on_a_phone(matrix_page):
    box = matrix_page.locator("div.version-matrix").first
    sizes = box.evaluate("(b) => ({scroll: b.scrollWidth, client: b.clientWidth})")
    assert sizes["scroll"] > sizes["client"], "the matrix fits a phone: this test measures nothing"
    assert sizes["client"] <= PHONE
    assert matrix_page.evaluate("document.documentElement.scrollWidth") <= PHONE, (
        "the page itself scrolls sideways")


def test_a_cell_that_is_not_a_plain_pass_opens_its_diff(matrix_page):
    cells = matrix_page.locator("td.vm-explained details, td.vm-differs details, td.vm-failed details")
    assert cells.count() > 0
    cell = cells.first
    cell.scroll_into_view_if_needed()
    assert not cell.evaluate("(d) => d.open")
    cell.locator("summary").click()
    assert cell.evaluate("(d) => d.open")
    assert cell.evaluate("(d) => d.innerText.trim().length") > 20
