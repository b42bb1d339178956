from _helper import GREETING

print(GREETING)
