"""The doctest builder, extended to verify every example against its expectation."""

from __future__ import annotations

import os
from concurrent.futures import as_completed

from sphinx.ext.doctest import DocTestBuilder
from sphinx.util import logging
from sphinx.util.display import status_iterator

from . import expect
from .directive import NAME
from .events import all_uses, orphans, state
from .runner import Runner, problems, tail

logger = logging.getLogger(__name__)


class ExampleDocTestBuilder(DocTestBuilder):
    """``sphinx-build -b doctest``: the pages' doctest blocks, then every example.

    Each example runs fresh (the cache is never trusted here) and its output
    is compared with its ``.expected`` file. Mismatches are reported as
    unified diffs naming the script and the page; the last line says
    ``N passed, N failed`` for the examples and doctest blocks together.
    With ``runexample_update_expected`` on, expectations that no longer match
    are rewritten instead, for review in ``git diff``.
    """

    def finish(self) -> None:
        app = getattr(self, "_app", None) or self.app
        passed, failed = self.check_examples(app)
        super().finish()
        failed += self.total_failures + self.setup_failures + self.cleanup_failures
        passed += self.total_tries - self.total_failures
        if failed:
            app.statuscode = 1
        summary = f"{passed} passed, {failed} failed"
        with open(os.path.join(self.outdir, "output.txt"), "a", encoding="utf-8") as f:
            f.write(f"\n{summary}\n")
        logger.info("")
        logger.info(summary)
        # Sphinx prints the epilog last, after "build succeeded".
        self.epilog = (
            "Examples and doctest blocks checked; details in %(outdir)s/output.txt.\n"
            + summary.replace("%", "%%")
        )

    def check_examples(self, app) -> tuple[int, int]:
        st = state(app)
        uses = all_uses(self.env)
        runner = Runner(st.examples_dir, python=app.config.runexample_python,
                        workers=st.runner.workers, alone_slots=app.config.runexample_alone_workers,
                        cache=st.runner.cache, fresh=True)
        update = app.config.runexample_update_expected
        passed = failed = 0
        changed = []
        try:
            futures = runner.submit_all(uses)
            for fut in status_iterator(as_completed(futures), "checking examples... ", "darkgreen",
                                       len(futures), app.verbosity,
                                       lambda f: futures[f].describe()):
                spec = futures[fut]
                result = fut.result()
                script = st.examples_dir / spec.script
                name = os.path.relpath(script, app.confdir)
                where = uses[spec][0]
                found = problems(spec, result)
                if found:
                    message = f"{name} {'; '.join(found)}. Last lines of its output:\n{tail(result.output)}\n"
                elif update:
                    if expect.update(script, result.output):
                        changed.append(name)
                    message = None
                else:
                    message = expect.check(script, result.output, name)
                    if message:
                        message = f"{name}: output differs from {expect.expectation_path(name)}:\n{message}"
                if message:
                    failed += 1
                    self.outfile.write(f"{NAME}: {message}")
                    logger.warning("%s: %s", NAME, message.rstrip("\n"), location=where,
                                   type=NAME, subtype="mismatch")
                else:
                    passed += 1
        finally:
            runner.close()
        stray = orphans(st.examples_dir, {spec.script for spec in uses}) if app.config.runexample_orphans else []
        for script in stray:
            failed += 1
            message = f"{os.path.relpath(st.examples_dir / script, app.confdir)} is never run: no page shows its output"
            self.outfile.write(f"{NAME}: {message}\n")
            logger.warning("%s: %s", NAME, message, location=f"{st.examples_dir / script}:1",
                           type=NAME, subtype="orphan")
        for name in changed:
            self._out(f"updated {expect.expectation_path(name)}\n")
        self._out(f"\nExamples: {passed} passed, {failed} failed\n")
        return passed, failed
