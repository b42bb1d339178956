"""Appends a line to a log file each time it runs."""
import sys

with open(sys.argv[1], "a") as log:
    log.write("ran\n")
print("counted")
