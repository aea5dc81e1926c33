"""The app, remembering two things per worker that Flask works out again on every request.

Links: a page builds dozens (a dashboard some sixty), and building each afresh cost a tenth of the page. A link is
the same for the same endpoint, values and mount point, so each worker keeps the ones it has built."""
from flask import Flask
from flask.globals import _cv_request  # what Flask's own url_for reads; the public proxy costs a lookup per use

MAX_REMEMBERED = 20_000  # then forgotten all at once: a link is cheap to build again


class PeerFlask(Flask):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.remembered_urls: dict[tuple, str] = {}
        self._synchronous: dict = {}

    def ensure_sync(self, func):
        """As Flask's, remembered per function: Flask asks inspect whether each view and hook is a coroutine on
        every request (ten times a page)."""
        synchronous = self._synchronous.get(func)
        if synchronous is None:
            synchronous = self._synchronous[func] = super().ensure_sync(func)
        return synchronous

    def url_for(self, endpoint: str, *, _anchor=None, _method=None, _scheme=None, _external=None, **values) -> str:
        # Only links within the site, made during a request, with nothing that changes them on the way (URL default
        # functions); the rest is left to Flask, as is every error (an unknown endpoint is never remembered).
        if (_anchor is None and _method is None and _scheme is None and not _external and endpoint[:1] != "."
                and not self.url_default_functions):
            context = _cv_request.get(None)
            if context is None:
                return super().url_for(endpoint, _external=_external, **values)
            adapter = context.url_adapter
            try:
                key = (adapter.script_name, adapter.server_name, endpoint, *values.items())
                return self.remembered_urls[key]
            except KeyError:
                url = super().url_for(endpoint, **values)
                if len(self.remembered_urls) >= MAX_REMEMBERED:
                    self.remembered_urls.clear()
                self.remembered_urls[key] = url
                return url
            except TypeError:  # a value that cannot be a key (a list for a repeated query argument)
                pass
        return super().url_for(endpoint, _anchor=_anchor, _method=_method, _scheme=_scheme, _external=_external,
                               **values)
