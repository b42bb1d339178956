"""Starts a child process, then hangs: a timeout must kill both."""
import subprocess
import sys
import time

child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print(f"child pid {child.pid}", flush=True)
time.sleep(120)
