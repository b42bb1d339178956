extensions = ["myst_parser", "runexample"]
root_doc = "index"
exclude_patterns = ["_build", "examples"]
nitpicky = True
runexample_examples_dir = "examples"
runexample_timeout = 10
runexample_orphans = False  # each test shows only the scripts it needs
# As in the tutorial's conf.py: gevent's report of a greenlet that died.
runexample_error_patterns = {
    "a greenlet died with an uncaught exception":
        r"^.*<[^<>\n]* at 0x[0-9a-fA-F]+[^\n]*> failed with [\w.]+\s*$",
}
