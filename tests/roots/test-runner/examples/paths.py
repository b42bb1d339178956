"""Prints where things are: this script, its folder, the interpreter, home, an installed module."""
import os
import sys
import tempfile
import traceback

import docutils

print("script:", __file__)
print("cwd:", os.getcwd())
print("python:", sys.executable)
print("home:", os.path.expanduser("~/.config"))
print("module:", docutils.__file__)
print("stdlib:", os.__file__)
print("temp:", tempfile.gettempdir() == "/tmp" or tempfile.gettempdir())
try:
    int("x")
except ValueError:
    traceback.print_exc(file=sys.stdout)
