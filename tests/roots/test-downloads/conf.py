# pytest puts the repository's root on the path (tox.ini, [pytest] pythonpath).
extensions = ["myst_parser", "runexample", "tutorial_ext.downloads"]
project = "Test tutorial"
release = "1.0"
root_doc = "pages/index"
exclude_patterns = ["_build", "examples"]
nitpicky = True
runexample_examples_dir = "examples"
examples_zip_basename = "test-examples"
examples_zip_requirements = "requirements.txt"
