"""Turn the bytes an example printed into the text a page shows.

Used where a run's output is read (:mod:`.process`) and where a timeline is
drawn from a script's output (:mod:`.timeline`). Nothing here imports Sphinx.

Two steps: decoding (:func:`clean_output`), and naming the build machine's
folders neutrally (:class:`Places`), so that a page shows
``examples/core/joinall_errors.py``, ``…/site-packages/gevent/hub.py`` and
``python`` where the run printed where this checkout, its virtual
environment and its interpreter happen to be. Pages then read the same
wherever they were built, and leak nothing of the machine.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")

#: The characters a path printed in a traceback or a log runs over.
_PATH = r"""(?:[A-Za-z]:)?[^\s'"()<>,;=`]*"""
#: Any folder of installed packages, absolute or relative (pytest prints
#: ``../../.venv/lib/python3.11/site-packages/...``).
_SITE = re.compile(_PATH + r"[/\\](?:site|dist)-packages(?=[/\\])")
#: Any standard library folder: ``/root/.pyenv/versions/3.11.7/lib/python3.11``.
_STDLIB = re.compile(_PATH + r"[/\\]lib[/\\](python3\.\d+)(?=[/\\])")


def clean_output(raw: bytes, final: bool = True) -> str:
    """Decode *raw* as UTF-8 (bad bytes become U+FFFD) and drop ANSI escapes.

    With *final* false, *raw* was cut short: an incomplete character at its end
    is dropped rather than shown as U+FFFD.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = decoder.decode(raw, final=final).replace("\r\n", "\n")
    return _ANSI.sub("", text)


@dataclasses.dataclass(frozen=True)
class Places:
    """This machine's folders, each with the name a page gives it."""

    names: tuple[tuple[str, str], ...]  #: (absolute path, neutral name), longest path first

    @classmethod
    def of(cls, root: str | os.PathLike[str], *, examples: str | os.PathLike[str] | None = None,
           pythons: tuple[str, ...] = (), homes: tuple[str, ...] = (),
           temps: tuple[str, ...] = (), work: str | None = None) -> Places:
        """The places of one run.

        *root* (the project) becomes relative paths; *examples* its name under
        *root*; each of *pythons* ``python``; *homes* ``~``; *temps* ``/tmp``;
        *work* (the run's working folder) ``.``.
        """
        root = os.path.realpath(root)
        names: dict[str, str] = {}

        def add(path, name):
            for variant in {str(path), os.path.realpath(path)}:
                if variant and variant != os.sep:
                    names.setdefault(variant.rstrip(os.sep), name)

        if work:
            add(work, ".")
        for python in pythons:
            add(python, "python")
        if examples is not None:
            add(examples, os.path.relpath(os.path.realpath(examples), root).replace(os.sep, "/"))
        add(root, ".")
        for home in homes:
            add(home, "~")
        for temp in temps:
            add(temp, "/tmp")
        ordered = sorted(names.items(), key=lambda item: -len(item[0]))
        return cls(tuple(ordered))

    def neutral(self, text: str) -> str:
        """*text* with every place named neutrally (see the module's docstring)."""
        text = _SITE.sub("…/site-packages", text)
        text = _STDLIB.sub(r"…/lib/\1", text)
        for path, name in self.names:
            if path in text:
                # "<root>/x" becomes "x"; "<root>" alone becomes "."
                below = "" if name == "." else name + "/"
                text = re.sub(re.escape(path) + r"(?:[/\\](?=\S)|(?![\w.-]))",
                              lambda m: below if m.group(0) != path else name, text)
        return text
