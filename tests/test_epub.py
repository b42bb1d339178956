"""The epub: pages with SVG are declared so in the package, and the book is packed again."""

import zipfile
from pathlib import Path

from sphinx.util.console import strip_colors

from tutorial_ext.epub import mark_svg_documents

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'


def test_mark_svg_documents_marks_only_pages_with_svg(tmp_path):
    (tmp_path / "a.xhtml").write_text(f"<html><body>{SVG}</body></html>")
    (tmp_path / "b.xhtml").write_text("<html><body>text</body></html>")
    opf = ('<manifest>\n'
           '<item id="a" href="a.xhtml" media-type="application/xhtml+xml" />\n'
           '<item id="b" href="b.xhtml" media-type="application/xhtml+xml" />\n'
           '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>\n'
           '</manifest>')
    fixed, marked = mark_svg_documents(opf, tmp_path)
    assert marked == ["a.xhtml"]
    assert '<item id="a" href="a.xhtml" media-type="application/xhtml+xml" properties="svg" />' in fixed
    assert '<item id="b" href="b.xhtml" media-type="application/xhtml+xml" />' in fixed
    assert 'properties="nav"/>' in fixed


def test_the_packed_book_declares_its_svg_page(make_app, tmp_path):
    srcdir = tmp_path / "book"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["myst_parser", "tutorial_ext.epub"]\n'
        'root_doc = "index"\nversion = release = "1"\ncopyright = "2026"\nproject = "Book"\nnitpicky = True\n')
    (srcdir / "index.md").write_text(
        "# Book\n\n```{toctree}\npicture\n```\n")
    (srcdir / "picture.md").write_text(f"# Picture\n\n```{{raw}} html\n{SVG}\n```\n")
    app = make_app("epub", srcdir=srcdir)
    app.build()
    assert strip_colors(app.warning.getvalue()).strip() == ""
    with zipfile.ZipFile(Path(app.outdir) / "Book.epub") as book:
        opf = book.read("content.opf").decode()
    assert 'href="picture.xhtml" media-type="application/xhtml+xml" properties="svg" />' in opf
    assert 'href="index.xhtml" media-type="application/xhtml+xml" />' in opf


def test_read_the_docs_offers_the_epub():
    config = (Path(__file__).resolve().parent.parent / ".readthedocs.yaml").read_text()
    assert "\nformats:\n  - epub\n" in config
