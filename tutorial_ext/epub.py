"""Make the epub conform where Sphinx's epub3 builder leaves gaps.

EPUB 3 wants every content document that contains SVG (the runner's greenlet
timelines are inline SVG) marked ``properties="svg"`` in the package's
manifest. Sphinx's template has no place for that, so after the build this
adds the property to ``content.opf`` and packs the book again.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

ITEM = re.compile(r'<item\b[^>]*?\bhref="(?P<href>[^"]+)"[^>]*?/>')


def mark_svg_documents(opf: str, outdir: Path) -> tuple[str, list[str]]:
    """Return *opf* with ``properties="svg"`` on the XHTML items that contain SVG."""
    marked = []

    def fix(match: re.Match) -> str:
        item, href = match.group(0), match["href"]
        if (not href.endswith(".xhtml") or "properties=" in item
                or "<svg" not in (outdir / href).read_text(encoding="utf-8")):
            return item
        marked.append(href)
        return item[:-2].rstrip() + ' properties="svg" />'

    return ITEM.sub(fix, opf), marked


def repack(app, exception) -> None:
    if exception is not None or app.builder.name != "epub":
        return
    outdir = Path(app.outdir)
    opf_path = outdir / "content.opf"
    opf, marked = mark_svg_documents(opf_path.read_text(encoding="utf-8"), outdir)
    if marked:
        opf_path.write_text(opf, encoding="utf-8")
        app.builder.build_epub()
        logger.info("epub: marked %d documents with SVG in content.opf", len(marked))


def setup(app):
    app.connect("build-finished", repack)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
