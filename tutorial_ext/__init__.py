"""The tutorial's own small Sphinx extensions, each with one job.

``tutorial_ext.apilinks``
    Code spans that name an API, such as ```gevent.spawn```, link to its
    reference; names in the example scripts link too (with sphinx-codeautolink).
``tutorial_ext.linkpass``
    sphinx-codeautolink's last step, which puts the links into the written
    pages, on a pool of processes, each page as soon as it is written.
``tutorial_ext.downloads``
    Zips of the examples, one of them all and one per chapter, and the
    ``{examples-zip}`` role that links to them.
``tutorial_ext.site``
    The site's root redirect, the 404 page's links (sphinx-notfound-page), and
    link previews (sphinxext-opengraph) on every page.
``tutorial_ext.epub``
    Marks the epub's pages that hold SVG timelines, as EPUB 3 requires.
``search_scorer.js``
    Sphinx's search weights, with pages whose title holds every searched word first.
``themes/tutorial_epub``
    Sphinx's epub theme, with long code lines wrapped for e-readers.
"""
