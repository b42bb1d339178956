"""Exits at once but leaves a process running in its group."""
import subprocess
import sys

subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
print("parent exits")
