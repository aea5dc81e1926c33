"""Where a benchmark page spends its time, in-process: CPU milliseconds per request, SQL statements, and the
functions that cost most (cProfile). Uses the database bench/run.py generated; no server, no load generator.

    python bench/inprocess.py                      # every page: ms per request and queries
    python bench/inprocess.py workplace --top 30   # one page, with its costliest functions
    python bench/inprocess.py module --instructions # instructions per request, counted by valgrind (repeatable)

On the shared machines the CPU time of the same code moves 30 % from one minute to the next; the instructions that
valgrind's callgrind counts do not, so --instructions is the way to compare two versions of the code.
"""
import argparse
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import pyotp  # noqa: E402
from client import CSRF  # noqa: E402
from frame import SIGNED_IN_FRAME, add_signed_in_frame  # noqa: E402
from sqlalchemy import event  # noqa: E402

from lms.scale import BENCH, BENCH_PASSWORD, BENCH_TOTP_SECRET  # noqa: E402

MODULE = "listening-and-questions"


def _login(client, email: str) -> None:
    def post(path: str, values: dict):
        token = CSRF.search(client.get(path).get_data(as_text=True)).group(1)
        return client.post(path, data={"csrf_token": token, **values})

    answer = post("/login", {"email": email, "password": BENCH_PASSWORD})
    if answer.headers.get("Location", "").endswith("/login/code"):
        # A code is accepted once, in the steps around now: runs a few seconds apart each take an unused one.
        for moment in (time.time() - 30, time.time(), time.time() + 30):
            if post("/login/code", {"code": pyotp.TOTP(BENCH_TOTP_SECRET).at(moment)}).status_code == 302:
                break


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--database-url", default=f"sqlite:///{HERE / 'data' / 'national.sqlite3'}")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=0, help="print this many costliest functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument("--queries", action="store_true", help="print each statement's mean wall time")
    parser.add_argument("--instructions", action="store_true",
                        help="count the instructions per request with valgrind's callgrind (slow, repeatable)")
    args = parser.parse_args()
    if args.instructions and "LMS_UNDER_CALLGRIND" not in os.environ:
        _under_callgrind()
    os.environ["LMS_DATABASE_URL"] = args.database_url
    os.environ.setdefault("LMS_INSTANCE_PATH", str(HERE / "data" / "instance-profile"))
    from lms import create_app
    from lms.extensions import db

    app = create_app()
    add_signed_in_frame(app)
    with app.app_context():
        big = db.session.execute(db.text("SELECT organisation_id FROM user_account WHERE email = :e"),
                                 {"e": BENCH["learner"]}).scalar()
        code = db.session.execute(db.text("SELECT code FROM certificate WHERE revoked_at IS NULL "
                                          "ORDER BY expires_at DESC, id LIMIT 1")).scalar()
        engine = db.engine
    code = "-".join(code[i:i + 4] for i in range(0, len(code), 4))
    pages = {"floor": ("anonymous", "/healthz"), "signed-in": ("learner", SIGNED_IN_FRAME),
             "dashboard": ("learner", "/dashboard"),
             "module": ("learner", f"/modules/{MODULE}"), "grading": ("instructor", "/grading"),
             "workplace": ("contact", f"/workplace/?organisation={big}"), "coordinator": ("coordinator", "/workplace/"),
             "verify": ("anonymous", f"/verify/{code}")}
    clients = {"anonymous": app.test_client(use_cookies=False)}  # as wrk: every request a new visitor
    for who in ("learner", "instructor", "contact", "coordinator"):
        clients[who] = app.test_client()
        _login(clients[who], BENCH[who])
    statements = []
    timings: dict[str, list[float]] = {}

    def before(conn, cursor, statement, *_):
        statements.append(1)
        conn.info["lms_started"] = time.perf_counter()

    def after(conn, cursor, statement, *_):
        timings.setdefault(" ".join(statement.split()), []).append(time.perf_counter() - conn.info["lms_started"])

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    for name in args.pages or pages:
        who, path = pages[name]
        client = clients[who]
        for _ in range(5):  # warm caches, as a running worker has
            assert client.get(path).status_code == 200, (name, path)
        statements.clear()
        timings.clear()
        profiler = cProfile.Profile() if args.top else None
        started = time.process_time()
        if profiler:
            profiler.enable()
        counter = Instructions() if args.instructions else None
        for _ in range(args.requests):
            client.get(path)
        if profiler:
            profiler.disable()
        ms = (time.process_time() - started) * 1000 / args.requests
        counted = f"  {counter.stop() / args.requests / 1e6:7.3f} M instructions/request" if counter else ""
        print(f"{name:<12} {ms:7.2f} ms CPU/request  {len(statements) / args.requests:5.1f} queries{counted}")
        if args.queries:
            for statement, times in sorted(timings.items(), key=lambda item: -sum(item[1])):
                print(f"  {sum(times) * 1000 / args.requests:6.2f} ms  {statement[:150]}")
        if profiler:
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


def _under_callgrind() -> None:
    """Run this script again under callgrind, counting nothing until a page's requests begin."""
    if not shutil.which("valgrind"):
        raise SystemExit("--instructions needs valgrind (apt-get install -y valgrind)")
    folder = tempfile.mkdtemp(prefix="lms-callgrind-")
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={folder}/out",
               sys.executable, *sys.argv]
    environment = {**os.environ, "LMS_UNDER_CALLGRIND": folder}
    result = subprocess.run(command, env=environment, stderr=subprocess.DEVNULL)
    shutil.rmtree(folder, ignore_errors=True)
    raise SystemExit(result.returncode)


class Instructions:
    """Counts the instructions run between its making and stop(), by asking callgrind (callgrind_control) to zero
    its counters, then to write them out."""

    def __init__(self):
        self.folder = Path(os.environ["LMS_UNDER_CALLGRIND"])
        self._control("-i", "on")
        self._control("-z")

    def _control(self, *arguments: str) -> None:
        subprocess.run(["callgrind_control", *arguments, str(os.getpid())], capture_output=True, check=True)

    def stop(self) -> int:
        before = set(self.folder.iterdir())
        self._control("-d")
        self._control("-i", "off")
        (dump,) = set(self.folder.iterdir()) - before
        totals = [line for line in dump.read_text().splitlines() if line.startswith("totals:")]
        dump.unlink()
        return int(totals[0].split()[1])


if __name__ == "__main__":
    main()
