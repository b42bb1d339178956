"""Every greenlet timeline of the built site, measured in a real Chromium.

The site is the one ``tests/sitebuild.py`` builds once per session. Under
``make test`` its runs come from the cache that the doctest builder has just
filled (``RUNEXAMPLE_CACHE_DIR``), so nothing runs twice; without it, every
example runs there.

Each page that carries a picture is loaded at 1280, 800 and 390 pixels wide.
For every text in every picture the test measures the box Chromium draws and
the size it renders the font at: no text may leave its picture or overlap
another, and none may be smaller than 11 px (10 px on a phone). A picture
never shrinks: where it is wider than the column, it scrolls sideways.
"""

import pytest
from sitebuild import built_site

WIDTHS = {1280: 11.0, 800: 11.0, 390: 10.0}  #: viewport width -> smallest text allowed, px
MIN_PAGES = 12

#: For one figure: its picture's size, whether it scrolls, and every text's box and size.
MEASURE = """(figure) => {
  const svg = figure.querySelector("svg");
  const frame = figure.querySelector(".tl-scroll");
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll("text")].map((t) => {
    const r = t.getBoundingClientRect();
    const m = t.getScreenCTM();
    return {text: t.textContent, left: r.left - box.left, top: r.top - box.top,
            right: r.right - box.left, bottom: r.bottom - box.top,
            px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)};
  });
  return {id: figure.id, width: box.width, height: box.height,
          natural: svg.width.baseVal.value, scrolls: frame.scrollWidth > frame.clientWidth,
          column: frame.clientWidth, texts};
}"""


@pytest.fixture(scope="session")
def site():
    """The HTML site, built from the sources."""
    return built_site()


@pytest.fixture(scope="session")
def pages(site):
    """The pages that carry at least one picture."""
    return sorted(path for path in site.rglob("*.html")
                  if '<figure class="runexample-timeline"' in path.read_text(encoding="utf-8"))


def test_enough_pages_carry_a_picture(pages):
    assert len(pages) >= MIN_PAGES, [p.name for p in pages]


def _problems(figure: dict, smallest: float) -> list[str]:
    found = []
    where = figure["id"]
    if abs(figure["width"] - figure["natural"]) > 0.5:
        found.append(f"{where}: drawn {figure['width']:.0f} px wide instead of {figure['natural']:.0f}")
    if figure["natural"] > figure["column"] + 1 and not figure["scrolls"]:
        found.append(f"{where}: wider than its column, yet does not scroll")
    texts = figure["texts"]
    for t in texts:
        if t["px"] < smallest - 0.01:
            found.append(f"{where}: {t['text']!r} rendered at {t['px']:.1f} px")
        if (t["left"] < -0.5 or t["top"] < -0.5 or t["right"] > figure["width"] + 0.5
                or t["bottom"] > figure["height"] + 0.5):
            found.append(f"{where}: {t['text']!r} leaves the picture")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            wide = min(a["right"], b["right"]) - max(a["left"], b["left"])
            high = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if wide > 0.5 and high > 0.5:
                found.append(f"{where}: {a['text']!r} overlaps {b['text']!r}")
    return found


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_picture_is_readable(browser, pages, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems, measured = [], 0
    for path in pages:
        page.goto(path.as_uri())
        for figure in page.locator("figure.runexample-timeline").all():
            result = figure.evaluate(MEASURE)
            measured += 1
            assert result["texts"], f"{path.name}: {result['id']} has no text"
            problems += [f"{path.relative_to(path.parents[1])}: {p}"
                         for p in _problems(result, WIDTHS[width])]
        # The numbers beside the output lines are as readable as the picture.
        for size in page.locator(".tl-numbered .tl-num").evaluate_all(
                "(all) => all.map((n) => parseFloat(getComputedStyle(n).fontSize))"):
            if size < WIDTHS[width]:
                problems.append(f"{path.name}: an output number at {size} px")
    page.close()
    assert measured >= len(pages)
    assert not problems, "\n".join(problems)


def _first_page_with_markers(pages):
    for path in pages:
        if 'class="tl-num"' in path.read_text(encoding="utf-8"):
            return path
    pytest.fail("no picture numbers an output line")


def test_markers_and_output_lines_highlight_each_other(browser, pages):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(_first_page_with_markers(pages).as_uri())
    figure = page.locator("figure.runexample-timeline").first
    fid = figure.get_attribute("id")
    marker = page.locator(f"#{fid}-m1")
    line = page.locator(f".tl-line.{fid}-n1.tl-head")
    assert line.locator(".tl-num").inner_text() == "1"
    marker.hover()
    assert "tl-hot" in line.get_attribute("class")
    page.mouse.move(0, 0)
    assert "tl-hot" not in line.get_attribute("class")
    line.focus()  # from the keyboard, the other way round
    assert "tl-hot" in marker.get_attribute("class")
    page.close()


def test_numbers_and_pictures_need_no_javascript(browser, pages):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(_first_page_with_markers(pages).as_uri())
    figure = page.locator("figure.runexample-timeline").first
    assert figure.locator("svg").is_visible()
    fid = figure.get_attribute("id")
    markers = figure.locator(".tl-marker").count()
    numbers = page.locator(f".tl-line.tl-head[class*='{fid}-n'] .tl-num").all_inner_texts()
    assert markers > 0 and numbers == [str(n) for n in range(1, markers + 1)]
    context.close()
