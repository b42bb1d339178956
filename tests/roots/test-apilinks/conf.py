# pytest puts the repository's root on the path (tox.ini, [pytest] pythonpath).
from tutorial_ext import apilinks

extensions = ["myst_parser", "sphinx.ext.intersphinx", "sphinx_codeautolink",
              "runexample", "tutorial_ext.apilinks", "tutorial_ext.linkpass"]
root_doc = "index"
exclude_patterns = ["_build", "examples", "_inventories"]
nitpicky = True
runexample_examples_dir = "examples"
runexample_orphans = False

# As in the tutorial's conf.py, with a first location that cannot answer
# (nothing listens on port 9), so that every run is an offline build.
intersphinx_mapping = {
    "gevent": ("https://www.gevent.org/", ("http://127.0.0.1:9/objects.inv", "_inventories/gevent.inv")),
    "python": ("https://docs.python.org/3/", ("http://127.0.0.1:9/objects.inv", "_inventories/python.inv")),
}
intersphinx_timeout = 5
codeautolink_inventory_map = apilinks.codeautolink_aliases(
    apilinks.inventory_names("_inventories/gevent.inv")
    | apilinks.inventory_names("_inventories/python.inv"),
    apilinks.imported_modules("examples") | {"gevent"},
)
# For the epub builder.
version = release = "1"
copyright = "2026"
