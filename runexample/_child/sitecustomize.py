"""Loaded at start-up by every interpreter that runs an example.

The runner puts this folder on ``PYTHONPATH``. It prints nothing and changes
nothing the script can see, apart from that path entry:

* with ``RUNEXAMPLE_RECORD`` set, an audit hook notes which files under
  ``RUNEXAMPLE_WATCH`` the process opens (its helper modules, templates,
  static files), and at exit it writes them, with the top-level modules it
  imported, to ``$RUNEXAMPLE_RECORD/<pid>.json``. The cache keys on exactly
  those files and on the versions of those modules' distributions.
* with ``RUNEXAMPLE_TIMELINE`` set, greenlet switches are recorded
  (see ``runexample/timeline/record.py``).
* with ``RUNEXAMPLE_MAX_MEMORY`` set (where the runner cannot watch a run's
  memory through ``/proc``), the process limits its own address space to that
  many bytes, as far as the platform honours ``RLIMIT_AS`` and ``RLIMIT_DATA``;
  the processes it starts inherit the limit, each on its own.

Afterwards any other ``sitecustomize`` on the path is loaded as usual.
"""

import os
import sys


def _install_recorder(record_dir, watch):
    import atexit

    watch = os.path.join(os.path.realpath(watch), "")
    # Paths as they were opened. Resolving each one here would cost a few
    # system calls per file for every import; instead, absolute paths are
    # compared as they are (the runner gives the script's path resolved, so
    # imports beside it are found under `watch`), and only relative ones are
    # made absolute, against the folder they were opened in.
    opened = set()

    def hook(event, args):
        if event == "open" and args and isinstance(args[0], str):
            path = args[0]
            if path.startswith(watch):
                opened.add(path)
            elif not os.path.isabs(path):
                opened.add(os.path.abspath(path))

    sys.addaudithook(hook)

    def write():
        import json

        stdlib = getattr(sys, "stdlib_module_names", ())
        modules = sorted(
            {
                name.partition(".")[0]
                for name in list(sys.modules)
                if not name.startswith("_")
            }
            - set(stdlib)
            - set(sys.builtin_module_names)
            - {"sitecustomize", "runexample_timeline", "__main__"}
        )
        for module in list(sys.modules.values()):
            path = getattr(module, "__file__", None)
            if isinstance(path, str) and path.startswith(watch):
                opened.add(path)
        used = sorted(p for p in opened if p.startswith(watch) or os.path.realpath(p).startswith(watch))
        target = os.path.join(record_dir, "%d.json" % os.getpid())
        try:
            with open(target + ".tmp", "w", encoding="utf-8") as f:
                json.dump({"files": used, "modules": modules}, f)
            os.replace(target + ".tmp", target)
        except OSError:
            pass

    atexit.register(write)


def _install_timeline():
    import importlib.util

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.path.join(package, "timeline", "record.py")
    spec = importlib.util.spec_from_file_location("runexample_timeline", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["runexample_timeline"] = module
    spec.loader.exec_module(module)
    # Takes the variable out of the environment, so that Python processes
    # the example starts do not write over this process's record.
    module.install_from_env("RUNEXAMPLE_TIMELINE")


def _chain():
    """Load the next ``sitecustomize`` on the path, if there is one."""
    import importlib.machinery
    import importlib.util

    here = os.path.dirname(os.path.abspath(__file__))
    rest = [p for p in sys.path if os.path.abspath(p or ".") != here]
    spec = importlib.machinery.PathFinder.find_spec("sitecustomize", rest)
    if spec is not None and spec.origin and os.path.dirname(spec.origin) != here:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)


if os.environ.get("RUNEXAMPLE_RECORD") and os.environ.get("RUNEXAMPLE_WATCH"):
    _install_recorder(os.environ["RUNEXAMPLE_RECORD"], os.environ["RUNEXAMPLE_WATCH"])
def _limit_memory(size):
    try:
        import resource
    except ImportError:  # Windows
        return
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        limit = getattr(resource, name, None)
        if limit is None:
            continue
        try:
            hard = resource.getrlimit(limit)[1]
            soft = size if hard == resource.RLIM_INFINITY else min(size, hard)
            resource.setrlimit(limit, (soft, hard))
        except (OSError, ValueError):
            pass


if os.environ.get("RUNEXAMPLE_MAX_MEMORY"):
    _limit_memory(int(os.environ["RUNEXAMPLE_MAX_MEMORY"]))
if os.environ.get("RUNEXAMPLE_TIMELINE"):
    _install_timeline()
_chain()
