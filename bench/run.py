"""Benchmark the pages that matter at national scale, under gunicorn, with real logged-in sessions.

    python bench/run.py --scale national                                   # SQLite file in bench/data/
    python bench/run.py --scale national --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench

Generates the data when the database is empty (or --fresh), reuses it otherwise; starts gunicorn with 2 workers;
logs in the benchmark users through the login form; checks every URL answers 200 (a redirect to the login page
would be a false result); measures each page with 10 concurrent clients (wrk, or a Python fallback); times the
workplace CSV exports and the worker's peak memory; writes bench/results/<scale>-<database>-<date>.{md,json}.
"""
import argparse
import json
import os
import shlex
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

import load  # noqa: E402
import report  # noqa: E402
import server  # noqa: E402
from client import Browser  # noqa: E402
from frame import SIGNED_IN_FRAME  # noqa: E402

from lms.scale import BENCH, BENCH_PASSWORD, BENCH_TOTP_SECRET, DEFAULT_SEED  # noqa: E402

MODULE = "listening-and-questions"
EXPORT_RUNS = 3


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=("small", "national"), default="national")
    parser.add_argument("--database-url", help="default: sqlite:///bench/data/<scale>.sqlite3")
    parser.add_argument("--fresh", action="store_true", help="start from an empty database and generate again")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    return parser.parse_args()


def _database(args) -> tuple[str, dict, dict]:
    url = args.database_url or f"sqlite:///{HERE / 'data' / f'{args.scale}.sqlite3'}"
    kind = server.database_kind(url)
    name = Path(server.make_url(url).database).stem if kind == "sqlite" else server.make_url(url).database
    marker = HERE / "data" / f"{name}-{kind}.generation.json"
    env = server.app_env(url, HERE / "data" / f"instance-{kind}")
    server.prepare_database(url, args.fresh)
    added = server.upgrade_schema(url, env, HERE / "data" / f"{name}-{kind}.schema.json")
    state = server.has_bench_data(url)
    if state is None:
        raise SystemExit("the database holds data that is not the benchmark's; use another database or --fresh")
    if state and marker.exists() and json.loads(marker.read_text()).get("scale") != args.scale:
        raise SystemExit("the database holds another scale's data; use --fresh")
    if not state:
        print(f"Generating {args.scale} data in {url} ...", flush=True)
        seconds, output = server.generate(args.scale, args.seed, env)
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(json.dumps({"scale": args.scale, "seed": args.seed, "seconds": round(seconds, 1),
                                      "at": datetime.now(UTC).isoformat(timespec="seconds")}))
        print(output.split("Benchmark logins")[0], flush=True)
    generation = json.loads(marker.read_text()) if marker.exists() else {}
    return url, env, {"added": added, "generation": generation}


def _facts(url: str) -> dict:
    """The ids and counts the benchmark needs, read from the database."""
    def one(sql: str):
        return server.query(url, sql)[0][0]

    big = one(f"SELECT organisation_id FROM user_account WHERE email = '{BENCH['learner']}'")
    code = one("SELECT code FROM certificate WHERE revoked_at IS NULL ORDER BY expires_at DESC, id LIMIT 1")
    rows = {
        "learners": one("SELECT COUNT(*) FROM user_role WHERE role = 'learner'"),
        "learners in the large organisation": one(
            f"SELECT COUNT(*) FROM user_account u JOIN user_role r ON r.user_id = u.id AND r.role = 'learner' "
            f"WHERE u.organisation_id = {big}"),
        "organisations": one("SELECT COUNT(*) FROM organisation"),
        "cohorts": one("SELECT COUNT(*) FROM cohort"),
        "submission versions": one("SELECT COUNT(*) FROM submission_version"),
        "logbook entries": one(
            "SELECT (SELECT COUNT(*) FROM practice_entry) + (SELECT COUNT(*) FROM supervision_entry)"),
        "certificates": one("SELECT COUNT(*) FROM certificate"),
    }
    return {"big": big, "code": "-".join(code[i:i + 4] for i in range(0, len(code), 4)), "rows": rows}


def _pages(facts: dict) -> list[dict]:
    return [
        {"name": "floor", "title": "Health check (floor)", "who": "anonymous", "path": "/healthz"},
        {"name": "frame", "title": "Signed-in frame (reference, benchmark only)", "who": "learner",
         "path": SIGNED_IN_FRAME, "reference": True},
        {"name": "dashboard", "title": "Learner dashboard", "who": "learner", "path": "/dashboard"},
        {"name": "module", "title": "Module page", "who": "learner", "path": f"/modules/{MODULE}"},
        {"name": "grading", "title": "Grading queue", "who": "instructor", "path": "/grading"},
        {"name": "workplace", "title": "Workplace overview (large organisation)", "who": "contact",
         "path": f"/workplace/?organisation={facts['big']}"},
        {"name": "coordinator", "title": "Workplace overview, all organisations", "who": "coordinator",
         "path": "/workplace/"},
        {"name": "verify", "title": "Public verification", "who": "anonymous", "path": f"/verify/{facts['code']}"},
    ]


def _check(browsers: dict, page: dict) -> str:
    answer = browsers[page["who"]].get(page["path"])
    if answer.status == 200:
        return "ok"
    if answer.status == 404:
        return "missing (404)"
    return f"HTTP {answer.status} {answer.location}".strip()


def _export(browsers, master, path: str, who: str) -> dict:
    result = {"path": path, "who": who}
    browser = browsers[who]
    first = browser.get(path)
    if first.status != 200:
        result["state"] = "missing (404)" if first.status == 404 else f"HTTP {first.status}"
        return result
    before = {pid: server.memory_kib(pid)["VmHWM"] for pid in server.worker_pids(master)}
    times = []
    for _ in range(EXPORT_RUNS):
        answer = browser.get(path)
        times.append(answer.seconds)
    after = {pid: server.memory_kib(pid)["VmHWM"] for pid in server.worker_pids(master)}
    growth = max((after[p] - before.get(p, after[p]) for p in after), default=0) / 1024
    result.update({"rows": max(0, answer.body.count(b"\n") - 1), "bytes": len(answer.body),
                   "seconds": statistics.median(times), "best": min(times), "worst": max(times),
                   "peak_before_mib": max(before.values()) / 1024, "peak_after_mib": max(after.values()) / 1024,
                   "peak_growth_mib": growth})
    result["met"] = report.export_verdict(result)
    return result


def main() -> None:
    args = _arguments()
    url, env, prepared = _database(args)
    kind = server.database_kind(url)
    version = server.query(url, "SELECT sqlite_version()" if kind == "sqlite" else "SHOW server_version")[0][0]
    facts = _facts(url)
    machine = report.machine(f"{kind} {version}")
    tool = "wrk " + os.popen("wrk -v 2>&1").read().split()[1] if args.tool != "python" and load.have_wrk() \
        else "python (threads, http.client)"
    port = server.free_port()
    base = f"http://127.0.0.1:{port}"
    pages, exports = _pages(facts), []
    log = HERE / "data" / f"gunicorn-{kind}.log"
    with server.gunicorn(env, port, args.workers, log, server.BENCH_APP) as process:
        browsers = {"anonymous": Browser("127.0.0.1", port)}
        for who, email in (("learner", BENCH["learner"]), ("instructor", BENCH["instructor"]),
                           ("contact", BENCH["contact"]), ("coordinator", BENCH["coordinator"])):
            browsers[who] = Browser("127.0.0.1", port)
            browsers[who].login(email, BENCH_PASSWORD, BENCH_TOTP_SECRET if who == "coordinator" else None)
        home = browsers["learner"].get("/")
        for page in pages:
            page["state"] = _check(browsers, page)
            if page["state"] != "ok":
                print(f"{page['title']}: {page['state']}", flush=True)
                continue
            cookie = browsers[page["who"]].cookie
            if page["name"] != "floor":  # the floor again, right before: the ratio compares like with like
                page["floor_load"] = load.run(base + pages[0]["path"], "", args.seconds, args.connections,
                                              args.tool).as_dict()
            load.run(base + page["path"], cookie, args.warmup, args.connections, args.tool)
            page["load"] = load.run(base + page["path"], cookie, args.seconds, args.connections, args.tool).as_dict()
            paired = f"  (floor just before {page['floor_load']['rps']:.0f} req/s)" if "floor_load" in page else ""
            print(f"{page['title']:<42} {page['load']['rps']:8.0f} req/s  p95 {page['load']['p95_ms']:6.1f} ms"
                  f"{paired}", flush=True)
        # The floor again at the end: the higher of the two runs counts, so a noisy first run flatters nothing.
        floor_page = pages[0]
        again = load.run(base + floor_page["path"], "", args.seconds, args.connections, args.tool).as_dict()
        floor_page["load_runs"] = [floor_page["load"], again]
        floor_page["load"] = max(floor_page["load_runs"], key=lambda run: run["rps"])
        print(f"{floor_page['title'] + ' (again)':<42} {again['rps']:8.0f} req/s  p95 {again['p95_ms']:6.1f} ms",
              flush=True)
        for path, who in ((f"/workplace/export.csv?organisation={facts['big']}", "contact"),
                          ("/workplace/export.csv", "coordinator")):
            exports.append(_export(browsers, process.pid, path, who))
            print(f"export {path}: {exports[-1]}", flush=True)
    floor = next((p["load"]["rps"] for p in pages if p["name"] == "floor" and p.get("load")), 0)
    frame = next((p["load"]["rps"] for p in pages if p["name"] == "frame" and p.get("load")), 0)
    for page in pages:
        page.update(report.verdict(page, floor, frame))
    generation = prepared["generation"]
    data = {
        "scale": args.scale, "database_kind": kind, "database_url": url, "workers": args.workers,
        "connections": args.connections, "seconds": args.seconds, "warmup_seconds": args.warmup,
        "command": "python bench/run.py " + shlex.join(sys.argv[1:]), "machine": machine, "load_tool": tool,
        "generation": (f"generated with `flask --app lms demo --scale {args.scale} --seed {generation.get('seed')}` "
                       f"in {generation.get('seconds')} s on {generation.get('at')}") if generation else "reused",
        "schema_added": prepared["added"], "rows": facts["rows"], "pages": pages, "exports": exports,
        "home_redirect": home.location, "load_average_at_end": list(os.getloadavg()),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "notes": [f"`/` sends a learner on to `{home.location or '?'}` (HTTP {home.status}); the dashboard is "
                  "measured there."],
    }
    markdown, _ = report.write(data)
    print(f"Wrote {markdown} (and .json)")
    misses = [p["title"] for p in pages if p.get("met") is False]
    misses += [e["path"] for e in exports if e.get("met") is False]
    if misses:
        print("Targets missed: " + "; ".join(misses))


if __name__ == "__main__":
    main()
