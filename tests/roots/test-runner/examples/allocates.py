"""Takes memory until it is stopped: quickly, slowly, or in a child process."""
import subprocess
import sys
import time

HOLD = """
import sys, time
held, step, pause = [], int(sys.argv[1]), float(sys.argv[2])
while True:
    held.append(b"x" * step)  # bytes that are really written, so really resident
    time.sleep(pause)
"""
mode = sys.argv[1] if len(sys.argv) > 1 else "quick"
step, pause = (64 << 20, 0.0) if mode != "slow" else (8 << 20, 0.02)
print("taking memory,", mode, flush=True)
if mode == "child":
    subprocess.run([sys.executable, "-c", HOLD, str(step), str(pause)])
else:
    exec(HOLD.replace("int(sys.argv[1])", str(step)).replace("float(sys.argv[2])", str(pause)))
