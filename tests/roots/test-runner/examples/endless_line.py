"""Prints a million characters and never a newline."""
import sys

sys.stdout.write("x" * 1_000_000)
