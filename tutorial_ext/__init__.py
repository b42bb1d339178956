"""The tutorial's own small Sphinx extensions, each with one job.

``tutorial_ext.apilinks``
    Code spans that name an API, such as ```gevent.spawn```, link to its
    reference; names in the example scripts link too (with sphinx-codeautolink).
``tutorial_ext.downloads``
    Zips of the examples: one of them all, one per chapter.
``tutorial_ext.site``
    The 404 page's links, and link previews on pages that have no source.
"""
