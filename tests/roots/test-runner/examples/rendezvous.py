"""Two copies meet: each writes its own file and waits for the other's.

Run one after the other, the first copy gives up; run at the same time,
both succeed. This tests concurrency without measuring time.
"""
import os
import sys
import time

folder, me, other = sys.argv[1:4]
open(os.path.join(folder, me), "w").close()
deadline = time.monotonic() + 5
while not os.path.exists(os.path.join(folder, other)):
    if time.monotonic() > deadline:
        sys.exit(f"{me}: {other} never came")
    time.sleep(0.01)
print(f"{me} met {other}")
