"""Turn the bytes an example printed into the text a page shows.

Used where a run's output is read (:mod:`.process`) and where a timeline is
drawn from a script's output (:mod:`.timeline`). Nothing here imports Sphinx.
"""

from __future__ import annotations

import codecs
import re

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def clean_output(raw: bytes, final: bool = True) -> str:
    """Decode *raw* as UTF-8 (bad bytes become U+FFFD) and drop ANSI escapes.

    With *final* false, *raw* was cut short: an incomplete character at its end
    is dropped rather than shown as U+FFFD.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(raw, final=final).replace("\r\n", "\n")
    return _ANSI.sub("", text)
