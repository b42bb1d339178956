"""Read a template beside the script."""

from pathlib import Path

print((Path(__file__).parent / "templates" / "page.html").read_text().strip())
