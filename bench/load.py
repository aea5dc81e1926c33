"""Load generators: wrk (Debian package `wrk`) when installed, else a small thread-based one in Python.

Both keep `connections` clients busy for `seconds`, each sending the next request as soon as the previous one is
answered, and report requests per second and the 50th/95th/99th latency percentiles in milliseconds."""
import http.client
import json
import shutil
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

LUA = Path(__file__).with_name("wrk_report.lua")


@dataclass
class Load:
    tool: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non200: int
    errors: int

    def as_dict(self) -> dict:
        return asdict(self)


def have_wrk() -> bool:
    return shutil.which("wrk") is not None


def run(url: str, cookie: str, seconds: float, connections: int, tool: str = "auto", threads: int = 2) -> Load:
    if tool == "wrk" or (tool == "auto" and have_wrk()):
        return _wrk(url, cookie, seconds, connections, threads)
    return _python(url, cookie, seconds, connections)


def _wrk(url: str, cookie: str, seconds: float, connections: int, threads: int) -> Load:
    command = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
               "--timeout", "10s", "-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    duration = data["duration_us"] / 1e6
    return Load("wrk", data["requests"], duration, data["requests"] / duration, data["p50_us"] / 1000,
                data["p95_us"] / 1000, data["p99_us"] / 1000, data["max_us"] / 1000, data["non200"],
                data["socket_errors"] + data["timeouts"])


def _python(url: str, cookie: str, seconds: float, connections: int) -> Load:
    """Threads with http.client; slower than wrk and sharing the CPU with the server, so numbers are lower."""
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = {"Cookie": cookie} if cookie else {}
    latencies: list[float] = []
    counts = {"non200": 0, "errors": 0}
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client():
        mine, non200, errors = [], 0, 0
        while time.perf_counter() < deadline:
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                mine.append(time.perf_counter() - started)
                non200 += response.status != 200
            except OSError:
                errors += 1
            finally:
                connection.close()
        with lock:
            latencies.extend(mine)
            counts["non200"] += non200
            counts["errors"] += errors

    started = time.perf_counter()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]

    def percentile(p: float) -> float:
        return 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]

    return Load("python", len(latencies), elapsed, len(latencies) / elapsed, percentile(50), percentile(95),
                percentile(99), 1000 * ordered[-1], counts["non200"], counts["errors"])
