"""The runexample extension, built on small sphinx.testing projects.

Each test writes the page it needs into a fresh copy of ``roots/test-runner``
(whose ``examples/`` folder holds one script per scenario) and builds it.
"""

import json
import os
import shutil
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from conftest import build, html, warning_text


#: Containment reads /proc, and the tests read it to see what is still alive.
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="needs Linux: /proc, process groups, pidfds")


def page(script: str, *options: str) -> str:
    lines = "".join(f"{o}\n" for o in options)
    return f"# Page\n\nSome text.\n\n```{{runexample}} {script}\n{lines}```\n"


def found(pattern: str, text: str) -> re.Match:
    """The match of *pattern* in a build's warnings, which a failure shows whole."""
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in the warnings:\n{text}"
    return match


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


# -- a good script --------------------------------------------------------------


def test_good_script_shows_code_and_its_real_output(make_app, project):
    app = build(make_app, project, page("good.py"))
    assert warning_text(app) == ""
    out = html(app)
    # The code, with line numbers and a caption linking to the file.
    assert 'class="linenos"' in out
    assert re.search(r'<a class="reference download internal" download="" href="_downloads/\w+/good.py">', out)
    assert "examples/good.py" in out
    # The output, labelled, with stderr interleaved where it was written.
    assert "Output</span>" in out
    text = re.sub(r"<[^>]+>", "", out)
    assert "hello from good.py\na line on stderr\nback on stdout" in text


def test_whole_then_excerpts_then_output_runs_once(make_app, project, tmp_path):
    log = tmp_path / "runs.log"
    text = (
        "# Page\n\n"
        "```{runexample} count_runs.py\n:no-output:\n```\n\n"
        "```{runexample} count_runs.py\n:start-at: with open\n:end-at: log.write\n:no-output:\n```\n\n"
        f"```{{runexample}} count_runs.py\n:no-code:\n:args: {log}\n```\n\n"
        f"```{{runexample}} count_runs.py\n:no-code:\n:args: {log}\n```\n"
    )
    app = build(make_app, project, text)
    assert warning_text(app) == ""
    assert log.read_text() == "ran\n"
    out = html(app)
    assert out.count("Output</span>") == 2
    assert out.count("(excerpt)") == 1
    # The excerpt keeps the script's own line numbers: it starts at line 4.
    excerpt = out.split("(excerpt)")[1]
    assert re.search(r'<span class="linenos">4</span>', excerpt)


def test_an_excerpt_ends_at_its_last_line_of_code(make_app, project):
    # Sphinx's reader keeps the blank lines before an :end-before: line; the
    # excerpt drops them, so that it does not end in empty numbered lines.
    text = "# Page\n\n```{runexample} count_runs.py\n:start-at: import sys\n:end-before: with open\n:no-output:\n```\n"
    app = build(make_app, project, text)
    assert warning_text(app) == ""
    excerpt = html(app).split("(excerpt)")[1]
    assert re.search(r'<span class="linenos">2</span>', excerpt)
    assert not re.search(r'<span class="linenos">3</span>', excerpt)


# -- failures -------------------------------------------------------------------


def test_nonzero_exit_is_a_located_warning(make_app, project):
    app = build(make_app, project, page("fails.py"))
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/fails\.py exited with status 3 \(expected 0\)", text)
    assert "about to fail" in text  # the last lines of output


def test_a_builder_that_writes_no_pages_still_reports_failures(make_app, project):
    # Pages are written while examples run; with no pages written, build-finished reports.
    app = build(make_app, project, page("fails.py"), builder="dummy")
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/fails\.py exited with status 3", text)
    assert text.count("exited with status 3") == 1


def test_expected_nonzero_exit(make_app, project):
    app = build(make_app, project, page("raises.py", ":returncode: 1"))
    assert warning_text(app) == ""
    out = html(app)
    assert "ValueError: on purpose" in out
    assert "Output (exit status 1)" in out


def test_wrong_expected_exit_status(make_app, project):
    app = build(make_app, project, page("good.py", ":returncode: 2"))
    assert "exited with status 0 (expected 2)" in warning_text(app)


@linux_only
def test_timeout_kills_the_whole_process_group(make_app, project):
    app = build(make_app, project, page("hangs_with_child.py", ":timeout: 1"))
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/hangs_with_child\.py timed out after 1 s", text)
    pid = int(found(r"child pid (\d+)", text).group(1))  # partial output is kept
    assert not alive(pid)
    assert "killed after 1 s" in html(app)


@linux_only
def test_processes_left_behind_are_killed_and_reported(make_app, project):
    app = build(make_app, project, page("leaves_child.py"))
    assert re.search(
        r"index\.md:5: WARNING: runexample: examples/leaves_child\.py left 1 process running "
        r"after it ended, now killed: '\S+python\S* -c import time; time\.sleep\(120\)' \(pid \d+\)",
        warning_text(app))


@linux_only
def test_a_daemon_that_forked_twice_is_found_and_killed(make_app, project):
    app = build(make_app, project, page("daemonizes.py"))
    text = warning_text(app)
    pid = int(found(r"daemon pid (\d+)", text).group(1))
    assert "examples/daemonizes.py left 1 process running after it ended, now killed: " in text
    assert f"(pid {pid})" in text
    assert not alive(pid)


@linux_only
def test_a_child_in_a_new_session_is_found_and_killed(make_app, project):
    app = build(make_app, project, page("new_session_child.py"))
    text = warning_text(app)
    pid = int(found(r"child pid (\d+)", text).group(1))
    assert re.search(r"index\.md:5: WARNING: runexample: examples/new_session_child\.py left 1 process", text)
    assert f"(pid {pid})" in text
    assert not alive(pid)


@linux_only
def test_a_timed_out_run_also_loses_its_daemon(make_app, project):
    app = build(make_app, project, page("daemonizes.py", ":args: hang", ":timeout: 1"))
    text = warning_text(app)
    pid = int(found(r"daemon pid (\d+)", text).group(1))
    # The hung script's own group is killed as a timeout; the daemon outside it is reported.
    assert "timed out after 1 s (the whole process group was killed); left 1 process running" in text
    assert f"(pid {pid})" in text
    assert not alive(pid)


@linux_only
def test_other_runs_processes_are_left_alone(tmp_path):
    from runexample import contain

    # A process with another run's marker, started after "our" script: not ours.
    token = contain.new_token()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                             env={**os.environ, contain.MARKER: contain.new_token()},
                             start_new_session=True)
    try:
        since = contain.start_time(os.getpid())
        assert contain.sweep(other.pid + 10_000_000, token, since) == []
        assert alive(other.pid)
    finally:
        other.kill()
        other.wait()



@linux_only
def test_a_process_caught_in_the_middle_of_exec_is_still_found(monkeypatch):
    """Its environment reads empty for a moment; the sweep looks again."""
    from runexample import contain

    token = contain.new_token()
    since = contain.start_time(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                             env={**os.environ, contain.MARKER: token}, start_new_session=True)
    real, looks = contain.carries, []

    def carries(pid, wanted):
        if pid == child.pid:
            looks.append(pid)
            if len(looks) < 3:
                return None  # as /proc/<pid>/environ reads before exec has set it up
        return real(pid, wanted)

    monkeypatch.setattr(contain, "carries", carries)
    try:
        left = contain.sweep(child.pid + 10_000_000, token, since)
        assert len(left) == 1 and left[0].endswith(f"time.sleep(30)' (pid {child.pid})"), left
        assert len(looks) >= 3
        assert child.wait(timeout=5) == -9
    finally:
        child.kill()
        child.wait()


@linux_only
def test_kernel_threads_are_never_the_runs():
    from runexample import contain

    kernel = [p for p in contain.processes() if p.kernel]
    if not Path("/proc/2/stat").read_text().startswith("2 (kthreadd)"):
        pytest.skip("no kernel threads visible here (a PID namespace)")
    assert 2 in {p.pid for p in kernel}
    assert os.getpid() not in {p.pid for p in kernel}

def test_greenlet_traceback_with_exit_status_zero_fails(make_app, project):
    app = build(make_app, project, page("greenlet_dies.py"))
    text = warning_text(app)
    assert "examples/greenlet_dies.py a greenlet died with an uncaught exception (it printed" in text
    assert "failed with KeyError" in text


def test_greenlet_traceback_on_purpose(make_app, project):
    app = build(make_app, project, page("greenlet_dies.py", ":shows-errors:"))
    assert warning_text(app) == ""
    assert "KeyError: 'lost'" in html(app)


def test_shows_errors_without_an_error(make_app, project):
    app = build(make_app, project, page("good.py", ":shows-errors:"))
    assert (":shows-errors: is set, but the output shows no error "
            "(a greenlet died with an uncaught exception)") in warning_text(app)


def test_without_error_patterns_a_greenlet_death_passes(make_app, project):
    """gevent's report is a failure only because the project says so."""
    app = build(make_app, project, page("greenlet_dies.py"),
                confoverrides={"runexample_error_patterns": {}})
    assert warning_text(app) == ""


def test_an_error_pattern_from_the_command_line(make_app, project):
    app = build(make_app, project, page("good.py"), confoverrides={
        "runexample_error_patterns.stderr was used": "^a line on stderr$"})  # -D name.key=value
    assert "examples/good.py stderr was used (it printed 'a line on stderr')" in warning_text(app)


# -- bad input --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argument", "options", "message"),
    [
        ("missing.py", (), "'missing.py': no such file in the examples folder"),
        ("../../etc/passwd", (), "'../../etc/passwd' is outside the examples folder"),
        ("/etc/passwd", (), "'/etc/passwd' is an absolute path"),
        ("good.py", (":colour: red",), "unknown option(s) :colour: for good.py"),
        ("good.py", (":timeout: soon",), "bad :timeout: 'soon' for good.py"),
        ("good.py", (":timeout: -1",), "bad :timeout: '-1' for good.py"),
        ("good.py", (":returncode: x",), "bad :returncode: 'x' for good.py"),
        ("good.py", (":no-output:", ":timeout: 3"), ":timeout: for good.py would have no effect"),
        ("good.py", (":emphasize-lines: 99",), "bad :emphasize-lines: '99' for examples/good.py"),
        ("good.py", (":pyobject: nothing",), "cannot show examples/good.py"),
    ],
)
def test_bad_input_is_a_located_warning(make_app, project, argument, options, message):
    app = build(make_app, project, page(argument, *options))
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: ", text), text
    assert message in text
    assert "Traceback" not in text


# -- what the output may contain ----------------------------------------------------


def test_html_in_output_is_escaped(make_app, project):
    out = html(build(make_app, project, page("script_tag.py")))
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in out
    assert "<script>alert(" not in out


def test_invalid_utf8_becomes_replacement_characters(make_app, project):
    app = build(make_app, project, page("bad_utf8.py"))
    assert warning_text(app) == ""
    assert "before \ufffd\ufffd after" in html(app)


def test_ansi_escapes_are_stripped(make_app, project):
    out = html(build(make_app, project, page("ansi.py"))).split("Output</span>")[1]
    assert "red and bold" in out
    assert "[31m" not in out and "\x1b" not in out


def test_long_output_is_cut_with_a_note(make_app, project):
    app = build(make_app, project, page("long.py"), confoverrides={"runexample_max_lines": 50})
    out = html(app)
    assert "line 50\n" in out and "line 51\n" not in out
    assert "Output cut after 50 of 500 lines." in out


def test_output_is_bounded_in_bytes(make_app, project):
    app = build(make_app, project, page("endless_line.py"), confoverrides={"runexample_max_bytes": 4096})
    assert warning_text(app) == ""
    out = html(app)
    assert "x" * 4096 in out and "x" * 4097 not in out
    assert "[runexample: output cut after 4,096 bytes; 995,904 more bytes were not kept]" in out
    assert len(out.encode()) < 20_000  # the page stays small


# -- every config value from the command line (-D) ---------------------------------------


def test_a_float_from_the_real_command_line(project, tmp_path):
    (project / "index.md").write_text(page("hangs_with_child.py"))
    proc = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-D", "runexample_timeout=0.5",
         str(project), str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120)
    assert "cannot override" not in proc.stderr
    assert "examples/hangs_with_child.py timed out after 0.5 s" in proc.stderr


@pytest.mark.parametrize("name, value, script, seen", [
    ("runexample_timeout", "0.5", "hangs_with_child.py", "timed out after 0.5 s"),  # float
    ("runexample_timeout", "1", "hangs_with_child.py", "timed out after 1 s"),  # float, given whole
    ("runexample_max_lines", "3", "long.py", "Output cut after 3 of 500 lines."),  # int
    ("runexample_max_bytes", "2048", "endless_line.py", "output cut after 2,048 bytes"),  # int
    ("runexample_execute", "0", "good.py", "not run: execution is switched off"),  # bool
    ("runexample_source_url", "https://example.org/src/{path}", "good.py",  # str or None
     'href="https://example.org/src/examples/good.py"'),
    ("runexample_python", "/no/such/python", "good.py", "cannot start /no/such/python"),  # str
])
def test_every_kind_of_config_value_can_be_overridden(make_app, project, name, value, script, seen):
    # make_app passes the value as a string, exactly as -D does.
    app = build(make_app, project, page(script), confoverrides={name: value})
    assert "cannot override" not in warning_text(app)
    assert seen in warning_text(app) + html(app)


@pytest.mark.parametrize("value, message", [
    ("soon", "runexample_timeout must be a number of seconds, got 'soon'"),
    ("0", "runexample_timeout must be above 0 and at most 600 seconds"),
])
def test_a_bad_timeout_is_a_clear_error(make_app, project, value, message):
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=message):
        build(make_app, project, page("good.py"), confoverrides={"runexample_timeout": value})


# -- rebuilds and the cache ------------------------------------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def rebuild(make_app, first, **kwargs):
    """Build the same project again, as a new Sphinx run would."""
    first.cleanup()
    app = make_app(first.builder.name, srcdir=first.srcdir, **kwargs)
    app.build()
    return app


def _ran(app) -> int:
    return app.builder.runexample_state.runner.ran


def test_editing_a_script_rebuilds_exactly_the_pages_that_show_it(make_app, project):
    pages = {"index": "# Index\n\n```{toctree}\nuses\nother\n```\n",
             "uses": page("good.py"), "other": "# Other\n\nNo examples here.\n"}
    first = build(make_app, project, pages)
    assert _ran(first) == 1
    _edit(project / "examples" / "good.py", "hello from good.py", "hello again")
    second = rebuild(make_app, first)
    status = strip_colors(second.status.getvalue())
    reading = re.search(r"reading sources\.\.\.(.*?)\n(?:looking|waiting|pickling)", status, re.S)
    assert reading and "uses" in reading.group(1) and "other" not in reading.group(1)
    assert _ran(second) == 1
    assert "hello again" in html(second, "uses")


def test_cache_hit_runs_nothing(make_app, project):
    first = build(make_app, project, page("good.py"))
    assert _ran(first) == 1
    second = rebuild(make_app, first, freshenv=True)
    assert _ran(second) == 0
    assert "hello from good.py" in html(second)
    report = (Path(second.outdir) / "runexample-report.json").read_text()
    assert '"source": "cache"' in report and '"ran": 0' in report


def test_cache_miss_after_a_helper_file_changes(make_app, project):
    first = build(make_app, project, page("uses_helper.py"))
    assert "hello from the helper" in html(first)
    _edit(project / "examples" / "_helper.py", "hello from the helper", "the helper changed")
    second = rebuild(make_app, first)
    assert _ran(second) == 1
    assert "the helper changed" in html(second)


def test_cache_ignores_files_the_script_does_not_use(make_app, project):
    first = build(make_app, project, page("uses_helper.py"))
    _edit(project / "examples" / "good.py", "hello", "changed")
    second = rebuild(make_app, first, freshenv=True)
    assert _ran(second) == 0


def test_corrupt_cache_entry_is_ignored_and_rerun(make_app, project):
    first = build(make_app, project, page("good.py"))
    entries = list((Path(first.doctreedir) / "runexample-cache").glob("*.json"))
    assert len(entries) == 1
    entries[0].write_text(entries[0].read_text()[:40])  # a half-written entry
    second = rebuild(make_app, first)
    assert _ran(second) == 1
    assert warning_text(second) == ""
    assert "hello from good.py" in html(second)


def test_fresh_environment_variable_forces_runs(make_app, project, monkeypatch):
    first = build(make_app, project, page("good.py"))
    monkeypatch.setenv("RUNEXAMPLE_FRESH", "1")
    second = rebuild(make_app, first, freshenv=True)
    assert _ran(second) == 1


def test_failures_are_not_cached_and_fail_every_build(make_app, project):
    first = build(make_app, project, page("fails.py"))
    second = rebuild(make_app, first)
    assert "exited with status 3" in warning_text(second)


def test_execution_off_uses_the_cache_only(make_app, project):
    first = build(make_app, project, page("good.py"))
    second = rebuild(make_app, first, freshenv=True,
                      confoverrides={"runexample_execute": False})
    assert _ran(second) == 0
    assert "hello from good.py" in html(second)


# -- the pool ------------------------------------------------------------------------


def _meeting(folder: Path, *extra: str) -> str:
    return (
        "# Page\n\n"
        f"```{{runexample}} rendezvous.py\n:no-code:\n:args: {folder} a b\n:timeout: 8\n{''.join(extra)}```\n\n"
        f"```{{runexample}} rendezvous.py\n:no-code:\n:args: {folder} b a\n:timeout: 8\n```\n"
    )


def test_pool_runs_examples_at_the_same_time(make_app, project, tmp_path):
    app = build(make_app, project, _meeting(tmp_path))
    assert warning_text(app) == ""
    assert "a met b" in html(app) and "b met a" in html(app)


def test_one_worker_runs_one_example_at_a_time(make_app, project, tmp_path):
    app = build(make_app, project, _meeting(tmp_path), confoverrides={"runexample_workers": 1})
    assert "never came" in warning_text(app)


def test_alone_runs_with_nothing_else_running(make_app, project, tmp_path):
    app = build(make_app, project, _meeting(tmp_path, ":alone:\n"))
    assert "never came" in warning_text(app)


def test_parallel_read_still_runs_each_script_once(make_app, project, tmp_path, recwarn):
    log = tmp_path / "runs.log"
    names = [f"page{i}" for i in range(8)]
    pages = {"index": "# Index\n\n```{toctree}\n" + "\n".join(names) + "\n```\n"}
    for name in names:
        pages[name] = f"# {name}\n\n```{{runexample}} count_runs.py\n:args: {log}\n```\n"
    app = build(make_app, project, pages, parallel=2)
    # Sphinx read the pages in worker processes, in chunks ("page0 .. page3").
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", strip_colors(app.status.getvalue()))
    assert warning_text(app) == ""
    assert log.read_text() == "ran\n"
    for name in names:
        assert "counted" in html(app, name)
    # Python 3.12+ warns when a process forks while it has threads running:
    # Sphinx's -j workers must never be forked while the pool's threads exist.
    assert not [w for w in recwarn if "multi-threaded" in str(w.message)]


# -- verification -----------------------------------------------------------------------


def test_doctest_builder_passes_a_matching_expectation(make_app, project):
    (project / "examples" / "good.expected").write_text("hello from good.py\n...\nback on stdout\n")
    app = build(make_app, project, page("good.py"), builder="doctest")
    assert app.statuscode == 0
    assert "1 passed, 0 failed" in strip_colors(app.status.getvalue())


def test_doctest_builder_reports_a_mismatch_as_a_diff(make_app, project):
    (project / "examples" / "good.expected").write_text("hello from good.py\nsomething else\n")
    app = build(make_app, project, page("good.py"), builder="doctest")
    assert app.statuscode == 1
    text = warning_text(app)
    assert "index.md:5: WARNING: runexample: examples/good.py: output differs from examples/good.expected" in text
    assert "--- examples/good.py (expected)" in text
    assert "-something else" in text and "+a line on stderr" in text
    assert "\n0 passed, 1 failed\n" in strip_colors(app.status.getvalue())


def test_doctest_builder_never_trusts_the_cache(make_app, project, tmp_path):
    log = tmp_path / "runs.log"
    (project / "examples" / "count_runs.expected").write_text("counted\n")
    first = build(make_app, project, page("count_runs.py", f":args: {log}"))
    assert log.read_text() == "ran\n"
    first.cleanup()
    app = make_app("doctest", srcdir=project)
    app.build()
    assert log.read_text() == "ran\nran\n"  # the cached run was not trusted
    assert "1 passed, 0 failed" in strip_colors(app.status.getvalue())


def test_scripts_no_page_runs_are_reported(make_app, project):
    (project / "examples" / "good.expected").write_text("hello from good.py\n...\n")
    app = build(make_app, project, page("good.py"), confoverrides={"runexample_orphans": True})
    assert re.search(r"examples/long\.py:1: WARNING: runexample: examples/long\.py is never run", warning_text(app))
    app.cleanup()
    app = build(make_app, project, page("good.py"), builder="doctest",
                confoverrides={"runexample_orphans": True})
    assert "examples/long.py is never run: no page shows its output" in warning_text(app)
    assert app.statuscode == 1
    unused = [p for p in (project / "examples").glob("*.py") if not p.name.startswith("_")]
    assert f"1 passed, {len(unused) - 1} failed" in strip_colors(app.status.getvalue())


def test_update_expected_rewrites_only_what_changed(make_app, project):
    (project / "examples" / "good.expected").write_text("stale\n")
    (project / "examples" / "uses_helper.expected").write_text("hello ...\n")
    pages = page("good.py") + "\n```{runexample} uses_helper.py\n```\n"
    app = build(make_app, project, pages, builder="doctest",
                confoverrides={"runexample_update_expected": True})
    assert (project / "examples" / "good.expected").read_text() == (
        "hello from good.py\na line on stderr\nback on stdout\n"
    )
    assert (project / "examples" / "uses_helper.expected").read_text() == "hello ...\n"
    assert "updated examples/good.expected" in strip_colors(app.status.getvalue())


# -- timelines ---------------------------------------------------------------------------


def test_timeline_is_drawn_under_the_output_from_the_same_run(make_app, project):
    app = build(make_app, project, page("two_greenlets.py", ":timeline:"))
    assert warning_text(app) == ""
    out = html(app)
    output, figure = out.split("Output</span>")[1].split('<figure class="runexample-timeline"', 1)
    # (Each line follows the number of its marker in the picture.)
    text = re.sub(r'<span class="tl-(?:num|gutter)[^"]*">\d*</span> |<[^>]+>', "", output)
    assert "a step 1\nb step 1\na step 2\nb step 2" in text
    assert "<title" in figure and "Greenlets of two_greenlets.py over time" in figure
    assert "worker(&#x27;a&#x27;)" in figure or "worker('a')" in figure or "worker(&#39;a&#39;)" in figure


def test_timeline_comes_from_the_cache_with_the_output(make_app, project):
    first = build(make_app, project, page("two_greenlets.py", ":timeline:"))
    second = rebuild(make_app, first, freshenv=True)
    assert _ran(second) == 0
    assert '<figure class="runexample-timeline"' in html(second)


def test_an_interpreter_that_cannot_start_is_a_located_warning(make_app, project):
    app = build(make_app, project, page("good.py"),
                confoverrides={"runexample_python": str(project / "no-such-python")})
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/good\.py could not be run: cannot start", text)
    assert "Traceback" not in text


# -- found in review: each of these failed before its fix -------------------------------------


def _fake_distribution(site: Path, version: str) -> None:
    """A distribution ``fakepkg`` of *version* in the folder *site*."""
    for old in site.glob("fakepkg-*.dist-info"):
        for f in old.iterdir():
            f.unlink()
        old.rmdir()
    info = site / f"fakepkg-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: fakepkg\nVersion: {version}\n")
    (info / "top_level.txt").write_text("fakepkg\n")
    (info / "RECORD").write_text("fakepkg/__init__.py,,\n")
    (site / "fakepkg").mkdir(exist_ok=True)
    (site / "fakepkg" / "__init__.py").write_text(
        "from importlib.metadata import version\nVERSION = version('fakepkg')\n")


@linux_only
def test_the_cache_knows_the_packages_of_the_interpreter_that_runs_the_examples(make_app, project, tmp_path):
    """``runexample_python`` names another environment: when a package in it
    changes, the cached run is stale, although the build's own is unchanged."""
    site = tmp_path / "other-env"
    _fake_distribution(site, "1.0")
    python = tmp_path / "other-python"
    python.write_text(f'#!/bin/sh\nPYTHONPATH="{site}${{PYTHONPATH:+:$PYTHONPATH}}" exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    (project / "examples" / "fakepkg_version.py").write_text(
        "import fakepkg\nprint('fakepkg', fakepkg.VERSION)\n")
    options = {"runexample_python": str(python)}
    first = build(make_app, project, page("fakepkg_version.py"), confoverrides=options)
    assert warning_text(first) == ""
    assert "fakepkg 1.0" in html(first)
    _fake_distribution(site, "2.0")
    second = rebuild(make_app, first, freshenv=True, confoverrides=options)
    assert _ran(second) == 1
    assert "fakepkg 2.0" in html(second)


def test_a_cache_that_cannot_be_written_is_a_located_warning(make_app, project):
    """The run's output is still shown; nothing crashes."""
    doctrees = project / "_build" / "doctrees"
    doctrees.mkdir(parents=True)
    (doctrees / "runexample-cache").write_text("a file where the cache folder goes\n")
    app = build(make_app, project, page("good.py"), doctreedir=doctrees)
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/good\.py: its run could not be "
                     r"kept in the cache \(.*runexample-cache", text), text
    assert "Traceback" not in text
    assert "hello from good.py" in html(app)


def test_a_full_disk_is_a_located_warning(make_app, project, monkeypatch):
    import errno

    from runexample import cache

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cache.json, "dump", full)
    app = build(make_app, project, page("good.py"))
    text = warning_text(app)
    assert re.search(r"index\.md:5: WARNING: runexample: examples/good\.py: its run could not be "
                     r"kept in the cache \(.*No space left on device", text), text
    assert "hello from good.py" in html(app)


def test_after_close_a_failing_store_neither_raises_nor_hangs(project, monkeypatch):
    from runexample import cache, pool, process

    def broken(self, spec, result):
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(cache.Cache, "store", broken)
    examples = project / "examples"
    runner = pool.Runner(examples, cache=cache.Cache(project / "c", examples))
    runner.close()
    spec = process.RunSpec("good.py")
    first = runner.submit(spec)
    second = runner.submit(spec)  # the same spec, asked for again
    result = second.result(timeout=10)
    assert first is second and "hello from good.py" in result.output


@linux_only
def test_the_sweep_runs_while_the_script_is_not_yet_reaped(project, monkeypatch):
    """Until it is reaped, the script's pid (its process group's id) cannot be
    given to another process, which the group kill would then hit."""
    from runexample import contain, process

    seen = []
    real = contain.sweep

    def sweep(pgid, *args, **kwargs):
        stat = Path(f"/proc/{pgid}/stat")
        seen.append(stat.read_text().rsplit(")", 1)[1].split()[0] if stat.exists() else "reaped")
        return real(pgid, *args, **kwargs)

    monkeypatch.setattr(contain, "sweep", sweep)
    for spec in (process.RunSpec("good.py"), process.RunSpec("hangs_with_child.py", timeout=0.5)):
        process.run_script(spec, project / "examples")
    assert seen == ["Z", "Z"]


# -- where Linux's tools are missing -------------------------------------------------------


def test_without_proc_the_group_is_still_killed(project, monkeypatch):
    """macOS and the BSDs: no /proc, so only the process group is swept."""
    from runexample import contain, process

    monkeypatch.setattr(contain, "_PROC", str(project / "no-proc"))
    good = process.run_script(process.RunSpec("good.py"), project / "examples")
    assert good.returncode == 0 and "hello from good.py" in good.output
    hung = process.run_script(process.RunSpec("hangs_with_child.py", timeout=0.5), project / "examples")
    assert hung.timed_out and hung.left == []
    if sys.platform.startswith("linux"):  # the child was in the group: killed all the same
        pid = int(re.search(r"child pid (\d+)", hung.output).group(1))
        assert not alive(pid)


def test_without_proc_each_process_limits_its_own_memory(project, monkeypatch):
    """Where /proc is missing, the bound becomes each process's address-space limit."""
    from runexample import contain, process

    monkeypatch.setattr(contain, "_PROC", str(project / "no-proc"))
    spec = process.RunSpec("allocates.py", args=("quick",), max_memory=400 << 20)
    result = process.run_script(spec, project / "examples")
    assert result.returncode == 1 and "MemoryError" in result.output, result.output
    assert result.memory_stopped is None  # nothing watched: the process stopped itself
    good = process.run_script(process.RunSpec("good.py", max_memory=400 << 20), project / "examples")
    assert good.returncode == 0


def test_without_waitid_a_run_still_works_and_times_out(project, monkeypatch):
    """Windows has no waitid (nor process groups): Popen.wait, and kill on a timeout."""
    from runexample import process

    monkeypatch.delattr(process.os, "waitid", raising=False)
    good = process.run_script(process.RunSpec("good.py"), project / "examples")
    assert good.returncode == 0 and "back on stdout" in good.output and good.cpu is None
    hung = process.run_script(process.RunSpec("hangs_with_child.py", timeout=0.5), project / "examples")
    assert hung.timed_out and "killed after 0.5 s" in hung.output


# -- what a run sees, and what it may take ---------------------------------------------------


def _env_names(app) -> set[str]:
    output = html(app).split("Output</span>", 1)[1]
    line = next(line for line in output.splitlines() if "names:" in line)
    return set(line.split("names:", 1)[1].split("<")[0].split())


def test_an_example_gets_a_clean_environment(make_app, project, monkeypatch):
    for name, value in (("GITHUB_TOKEN", "ghp_not-a-real-token"), ("AWS_SECRET_ACCESS_KEY", "hush"),
                        ("HTTPS_PROXY", "http://user:password@proxy:3128"), ("MY_SETTING", "on"),
                        ("PYTHONPATH", "/somewhere"), ("LC_TIME", "C.UTF-8"), ("TZ", "UTC")):
        monkeypatch.setenv(name, value)
    app = build(make_app, project, page("show_env.py", ":args: GITHUB_TOKEN TZ"))
    assert warning_text(app) == ""
    out = html(app)
    for secret in ("ghp_not-a-real-token", "hush", "password", "/somewhere"):
        assert secret not in out
    names = _env_names(app)
    assert {"GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "HTTPS_PROXY", "MY_SETTING"}.isdisjoint(names)
    assert {"PATH", "LC_TIME", "TZ", "HOME", "PYTHONHASHSEED", "PYTHONPATH"} <= names
    assert "GITHUB_TOKEN=(unset)" in out and "TZ=UTC" in out
    assert "home: a fresh empty folder" in out


def test_pass_env_and_set_env_from_the_command_line(make_app, project, monkeypatch):
    monkeypatch.setenv("MY_SETTING", "on")
    monkeypatch.setenv("PROXY_HOST", "proxy.example")
    monkeypatch.setenv("UNRELATED", "x")
    app = build(make_app, project, page("show_env.py", ":args: MY_SETTING PROXY_HOST GREETING"),
                confoverrides={"runexample_pass_env": "MY_SETTING,PROXY_*",  # as -D gives it
                               "runexample_set_env.GREETING": "hello"})
    assert warning_text(app) == ""
    out = html(app)
    assert "MY_SETTING=on" in out and "PROXY_HOST=proxy.example" in out and "GREETING=hello" in out
    assert "UNRELATED" not in _env_names(app)


def test_changing_set_env_reruns_but_another_path_does_not(make_app, project, monkeypatch):
    first = build(make_app, project, page("show_env.py", ":args: GREETING"))
    assert "GREETING=(unset)" in html(first)
    monkeypatch.setenv("PATH", "/usr/bin:" + os.environ["PATH"])
    second = rebuild(make_app, first, freshenv=True)
    assert _ran(second) == 0
    third = rebuild(make_app, second, freshenv=True, confoverrides={"runexample_set_env.GREETING": "hi"})
    assert _ran(third) == 1 and "GREETING=hi" in html(third)


@linux_only
@pytest.mark.parametrize("how", ["quick", "slow", "child"])
def test_a_run_past_its_memory_bound_is_stopped_and_located(make_app, project, how):
    app = build(make_app, project, page("allocates.py", f":args: {how}", ":max-memory: 200MiB"))
    text = warning_text(app)
    match = found(r"index\.md:5: WARNING: runexample: examples/allocates\.py passed its memory bound "
                  r"of 200 MiB: its processes held (\d+) MiB when they were stopped", text)
    assert 200 <= int(match.group(1)) < 1024, text  # stopped soon after it passed the bound
    assert "taking memory, " + how in text
    assert "timed out" not in text and "left 1 process" not in text
    assert "[runexample: stopped holding" in html(app)


@linux_only
def test_the_default_bound_comes_from_the_command_line(make_app, project):
    app = build(make_app, project, page("allocates.py", ":args: quick"),
                confoverrides={"runexample_max_memory": "150MiB"})
    assert "passed its memory bound of 150 MiB" in warning_text(app)


@linux_only
def test_an_ordinary_run_reports_its_peak(make_app, project):
    app = build(make_app, project, page("good.py"))
    assert warning_text(app) == ""
    row = json.loads((Path(app.outdir) / "runexample-report.json").read_text())["examples"][0]
    assert 1 << 20 < row["peak_memory"] < 200 << 20


def test_a_bad_memory_bound_is_a_clear_error(make_app, project):
    app = build(make_app, project, page("good.py", ":max-memory: lots"))
    assert "index.md:5: WARNING: runexample: bad :max-memory: for good.py: 'lots' is not a size" \
        in warning_text(app)
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="runexample_max_memory: '12 apples' is not a size"):
        build(make_app, project, page("good.py"), confoverrides={"runexample_max_memory": "12 apples"})


def test_no_path_of_the_build_machine_reaches_the_site(make_app, tmp_path, monkeypatch):
    """A checkout in a folder with spaces and non-ASCII letters, and a HOME of
    its own: none of either is in any file the build writes."""
    odd = tmp_path / "my docs ü 文档"
    shutil.copytree(Path(__file__).parent / "roots" / "test-runner", odd)
    home = tmp_path / "home of ü"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    app = build(make_app, odd, page("paths.py"))
    assert warning_text(app) == ""
    out = html(app)
    for line in ("script: examples/paths.py", "cwd: .", "python: python", "home: ~/.config",
                 "module: …/site-packages/docutils/__init__.py", "stdlib: …/lib/python3.",
                 'File "examples/paths.py", line'):
        assert line in out, line
    written = [p for p in Path(app.outdir).rglob("*") if p.is_file()]
    assert written
    for path in written:
        data = path.read_bytes()
        for place in (str(odd), str(home), str(tmp_path)):
            assert place.encode() not in data, (path, place)
