"""The benchmark's database and app server: create the database, bring its schema up to date, generate the data
(or reuse it), and run gunicorn with its workers' memory readable from /proc."""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.engine import make_url

REPO = Path(__file__).resolve().parent.parent
FLASK = [sys.executable, "-m", "flask", "--app", "lms"]


def app_env(url: str, instance: Path) -> dict:
    instance.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LMS_TEST_DATABASE_URL")}
    return {**env, "LMS_DATABASE_URL": url, "LMS_INSTANCE_PATH": str(instance), "PYTHONUNBUFFERED": "1"}


def database_kind(url: str) -> str:
    return "postgresql" if make_url(url).get_backend_name() == "postgresql" else "sqlite"


def prepare_database(url: str, fresh: bool) -> None:
    """SQLite: remove the file when fresh. PostgreSQL: create the database (dropped first when fresh); the
    suite's `test` database is never touched."""
    parsed = make_url(url)
    if database_kind(url) == "sqlite":
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if parsed.database in ("test", "postgres", "template0", "template1"):
        raise SystemExit(f"refusing to use the database {parsed.database!r}: create one for the benchmark")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": parsed.database})
        if exists and fresh:
            connection.execute(text(f'DROP DATABASE "{parsed.database}" WITH (FORCE)'))
            exists = False
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def upgrade_schema(url: str, env: dict, ledger: Path) -> list[str]:
    """`flask db upgrade` as in production, then whatever the models declare that no migration makes yet (a
    feature whose migration is still being written, an index added to a model): created here, and listed in the
    report (found by migrating an empty SQLite file, so the list does not depend on this database's past)."""
    from lms import create_app
    from lms.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "LOAD_CURRICULUM": False})
    made_before = ledger
    with app.app_context():
        if made_before.exists():  # what an earlier run made ahead of the migrations: the migrations make it now
            _drop(db.engine, json.loads(made_before.read_text()))
        db.engine.dispose()
    subprocess.run([*FLASK, "db", "upgrade"], env=env, check=True, cwd=REPO, capture_output=True)
    with app.app_context():
        made_before.write_text(json.dumps(_create_missing(db.engine, db.metadata)))
        db.engine.dispose()
    with tempfile.TemporaryDirectory() as scratch:
        scratch_url = f"sqlite:///{scratch}/migrated.sqlite3"
        subprocess.run([*FLASK, "db", "upgrade"], env={**env, "LMS_DATABASE_URL": scratch_url}, check=True,
                       cwd=REPO, capture_output=True)
        engine = create_engine(scratch_url)
        try:
            return describe(_create_missing(engine, db.metadata))
        finally:
            engine.dispose()


def _create_missing(engine, metadata) -> list[dict]:
    """Create the tables and indexes the models declare and the database lacks; return what was made."""
    made = []
    present = set(inspect(engine).get_table_names())
    for table in metadata.sorted_tables:
        if table.name not in present:
            table.create(engine)
            made.append({"table": table.name})
            continue
        indexes = {i["name"] for i in inspect(engine).get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in indexes:
                index.create(engine)
                made.append({"index": index.name, "table": table.name, "columns": [c.name for c in index.columns]})
    return made


def _drop(engine, made: list[dict]) -> None:
    """Undo _create_missing (tables only when still empty: the generator never fills these)."""
    with engine.begin() as connection:
        for item in reversed(made):
            if "index" in item:
                connection.execute(text(f'DROP INDEX IF EXISTS "{item["index"]}"'))
            elif inspect(connection).has_table(item["table"]) and \
                    not connection.scalar(text(f'SELECT COUNT(*) FROM "{item["table"]}"')):
                connection.execute(text(f'DROP TABLE "{item["table"]}"'))


def describe(made: list[dict]) -> list[str]:
    return [f"index {m['index']} on {m['table']} ({', '.join(m['columns'])})" if "index" in m else f"table {m['table']}"
            for m in made]


def has_bench_data(url: str) -> bool | None:
    """True with the bench logins, False when empty, None when it holds other data (never mixed)."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            people = connection.scalar(text("SELECT COUNT(*) FROM user_account"))
            if not people:
                return False
            bench = connection.scalar(text("SELECT COUNT(*) FROM user_account WHERE email LIKE 'bench-%'"))
            return True if bench else None
    finally:
        engine.dispose()


def generate(scale: str, seed: int, env: dict) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([*FLASK, "demo", "--scale", scale, "--seed", str(seed)], env=env, cwd=REPO,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"generation failed:\n{result.stdout}\n{result.stderr}")
    return time.perf_counter() - started, result.stdout


def query(url: str, statement) -> list:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.execute(statement if not isinstance(statement, str) else text(statement)))
    finally:
        engine.dispose()


def select_rows(url: str, *columns, where=()):
    return query(url, select(*columns).where(*where))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PRODUCT_APP = "lms:create_app()"
BENCH_APP = "frame:create_app_with_frame()"  # the product plus the signed-in frame (bench/frame.py)


def start_gunicorn(env: dict, port: int, workers: int, log: Path, app: str = PRODUCT_APP) -> subprocess.Popen:
    """gunicorn with `workers` sync workers on 127.0.0.1:port (not waiting for it: see wait_until_up)."""
    command = [sys.executable, "-m", "gunicorn", "-c", "python:lms.gunicorn_conf", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "5",
               "--pythonpath", str(Path(__file__).resolve().parent), app]
    with open(log, "w") as output:
        return subprocess.Popen(command, env=env, cwd=REPO, stdout=output, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn started here (its master takes its workers along)."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def gunicorn(env: dict, port: int, workers: int, log: Path, app: str = PRODUCT_APP):
    process = start_gunicorn(env, port, workers, log, app)
    try:
        wait_until_up(port, process)
        yield process
    finally:
        stop(process)


def wait_until_up(port: int, process, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped with exit status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz in time")


def worker_pids(master: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == master:
                pids.append(int(entry.name))
    return sorted(pids)


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (now) and VmHWM (the peak since the process started), in KiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values
