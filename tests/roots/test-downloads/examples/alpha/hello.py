"""Print a line from a helper and from a data file beside the script."""

from pathlib import Path

from _helper import greeting

print(greeting(), (Path(__file__).parent / "_data" / "name.txt").read_text().strip())
