"""The signed-in frame: a page that exists only in the benchmark's own app. It draws the site's frame (header,
menu, footer) around nothing, for a signed-in person. Measured beside the real pages, it shows what every signed-in
page costs before it does any work of its own. The product has no such route.

    gunicorn … 'frame:create_app_with_frame()'   (with bench/ on the Python path, as bench/server.py runs it)
"""
SIGNED_IN_FRAME = "/_bench/signed-in"


def add_signed_in_frame(app) -> None:
    from flask import render_template
    from flask_login import login_required

    frame = app.jinja_env.from_string('{% extends "base.html" %}{% block title %}–{% endblock %}')

    @login_required
    def signed_in_frame():
        return render_template(frame)

    app.add_url_rule(SIGNED_IN_FRAME, "bench_signed_in_frame", signed_in_frame)


def create_app_with_frame():
    from lms import create_app

    app = create_app()
    add_signed_in_frame(app)
    return app
