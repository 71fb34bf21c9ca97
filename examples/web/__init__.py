"""Reference web apps mounting the citizen journey: FastAPI and Django.

``demo.py`` builds a portal with demo data, ``pages.py`` renders the Italian pages
(plain HTML, no template engine), and each app maps HTTP to one use case per request
with the helpers of :mod:`formlavoro_adapters.web`.
"""
