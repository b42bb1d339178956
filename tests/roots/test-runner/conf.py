extensions = ["myst_parser", "runexample"]
root_doc = "index"
exclude_patterns = ["_build", "examples"]
nitpicky = True
runexample_examples_dir = "examples"
runexample_timeout = 10
runexample_orphans = False  # each test shows only the scripts it needs
