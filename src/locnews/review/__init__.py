"""`locnews review`: an offline, side-by-side review page over article catalogs.

One module per job: :mod:`rows` reads articles and catalogs into what the page shows, :mod:`store`
is the one place a review writes a catalog, :mod:`page` renders the HTML, :mod:`server` serves it on
127.0.0.1 with a per-run token. The page's CSS and JavaScript ship in ``static/``; nothing is fetched
from anywhere else.
"""
