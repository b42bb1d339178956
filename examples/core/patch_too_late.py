"""What gevent says when patch_all() comes after other imports, and what it misses."""

import subprocess
import sys

# Each case runs in a fresh interpreter: a module imported first, then the patch.
CASES = [
    ("import ssl", "ssl.SSLContext"),  # a module: its attributes get patched
    ("from ssl import SSLContext", "SSLContext"),  # a copy of the class, as urllib3 makes
    ("from time import sleep", "sleep"),  # a copy of the function
]

CHILD = """
import warnings
{early}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    from gevent import monkey
    monkey.patch_all()
said = ", ".join(w.category.__name__ for w in caught) or "nothing"
kind = "gevent's" if {name}.__module__.startswith("gevent") else "the original"
print(f"gevent says {{said}}; {name} is {{kind}}")
"""

for early, name in CASES:
    child = subprocess.run([sys.executable, "-c", CHILD.format(early=early, name=name)],
                           capture_output=True, text=True, timeout=30, check=True)
    print(f"{early}, then patch_all(): {child.stdout.strip()}")
