"""Find ``runexample`` directives in page sources without parsing the pages.

Before Sphinx reads any page, the extension scans the sources of the pages it
is about to read and starts their examples in the pool, so that runs overlap
with reading. The directives themselves stay the authority: a use the scan
misses (an unusual spelling of the options) still runs, only later.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

# ```{runexample} path      :::{runexample} path      ~~~{runexample} path
_MYST = re.compile(
    r"^(?P<indent>[ \t]*)(?:`{3,}|~{3,}|:{3,})\{runexample\}[ \t]+(?P<arg>[^\n]+?)[ \t]*\n"
    r"(?P<opts>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
    re.M,
)
# .. runexample:: path
_RST = re.compile(
    r"^(?P<indent>[ \t]*)\.\.[ \t]+runexample::[ \t]+(?P<arg>[^\n]+?)[ \t]*\n"
    r"(?P<opts>(?:[ \t]+:[\w-]+:[^\n]*\n)*)",
    re.M,
)
_OPTION = re.compile(r"^[ \t]*:([\w-]+):[ \t]*(.*?)[ \t]*$", re.M)


class Use(NamedTuple):
    argument: str
    options: dict[str, str | None]
    lineno: int


def scan(text: str) -> Iterator[Use]:
    """Yield each ``runexample`` directive in *text* (MyST or reStructuredText)."""
    if not text.endswith("\n"):
        text += "\n"
    for pattern in (_MYST, _RST):
        for m in pattern.finditer(text):
            options = {name: (value or None) for name, value in _OPTION.findall(m["opts"])}
            yield Use(m["arg"], options, text.count("\n", 0, m.start()) + 1)
