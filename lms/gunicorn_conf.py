"""gunicorn settings the app counts on: `gunicorn -c python:lms.gunicorn_conf … 'lms:create_app()'`."""
import gc


def post_worker_init(worker) -> None:
    """The loaded app (curriculum, templates, translations, SQLAlchemy's mappings: objects that live as long as
    the worker) is moved out of the garbage collector's reach. Otherwise every full collection walks all of it
    and stalls the request it lands in; a large export triggers many."""
    gc.freeze()
