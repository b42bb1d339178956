"""Starts a child in a session of its own, then exits without waiting for it."""
import subprocess
import sys

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                         start_new_session=True)
print(f"child pid {child.pid}")
