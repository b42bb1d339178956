"""Prints two lines, one of them on stderr."""
import sys

print("hello from good.py")
print("a line on stderr", file=sys.stderr)
print("back on stdout")
