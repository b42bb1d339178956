import sys

sys.stdout.buffer.write(b"before \xff\xfe after\n")
