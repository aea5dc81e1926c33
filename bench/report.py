"""The benchmark's report: the machine, the command, and per page the throughput, latency and targets, written
as Markdown and JSON to bench/results/<scale>-<database>-<date>.{md,json}."""
import json
import os
import platform
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
TARGET_RATIO = 0.33
TARGET_P95_MS = 50.0
TARGET_EXPORT_SECONDS = 1.0
TARGET_EXPORT_GROWTH_MIB = 32  # "flat": the worker's peak memory grows by less than this while exporting


def machine(database_version: str) -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory_kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))
    import gunicorn
    import sqlalchemy

    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(memory_kib / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "database": database_version, "gunicorn": gunicorn.__version__, "sqlalchemy": sqlalchemy.__version__,
            "load_average_at_start": list(os.getloadavg())}


def verdict(page: dict, floor_rps: float, frame_rps: float = 0) -> dict:
    """The ratio that counts is to the floor measured just before the page (the machine's speed drifts by a
    third over minutes on a shared host); the ratio to the run's best floor is kept beside it. A signed-in page's
    ratio to the signed-in frame (bench/frame.py) says how much its own work costs beyond what every signed-in
    page costs; the frame itself is a reference, not a page with targets."""
    load = page.get("load")
    if not load:
        return {"ratio": None, "ratio_to_best_floor": None, "ratio_to_frame": None, "met": None}
    paired = (page.get("floor_load") or {}).get("rps") or floor_rps
    ratio = load["rps"] / paired if paired else None
    best = load["rps"] / floor_rps if floor_rps else None
    met = ratio is not None and ratio >= TARGET_RATIO and load["p95_ms"] < TARGET_P95_MS
    signed_in = page["who"] != "anonymous" and not page.get("reference")
    to_frame = load["rps"] / frame_rps if frame_rps and signed_in else None
    return {"ratio": round(ratio, 3) if ratio is not None else None,
            "ratio_to_best_floor": round(best, 3) if best is not None else None,
            "ratio_to_frame": round(to_frame, 3) if to_frame is not None else None,
            "met": met if page["name"] != "floor" and not page.get("reference") else None}


def export_verdict(export: dict) -> bool | None:
    if export.get("seconds") is None:
        return None
    return export["seconds"] < TARGET_EXPORT_SECONDS and export["peak_growth_mib"] < TARGET_EXPORT_GROWTH_MIB


def write(data: dict) -> tuple[Path, Path]:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    base = RESULTS / f"{data['scale']}-{data['database_kind']}-{stamp}"
    base.with_suffix(".json").write_text(json.dumps(data, indent=2, default=str) + "\n")
    base.with_suffix(".md").write_text(markdown(data))
    return base.with_suffix(".md"), base.with_suffix(".json")


def _yes(value) -> str:
    return "–" if value is None else ("yes" if value else "**no**")


def markdown(data: dict) -> str:
    m = data["machine"]
    lines = [
        f"# Benchmark: {data['scale']} scale on {data['database_kind']} ({data['finished_at'][:16]} UTC)", "",
        f"Re-run: `{data['command']}`", "",
        "## Machine", "",
        f"- CPU: {m['cpu']}, {m['cores']} cores; RAM {m['ram_gib']} GiB; {m['os']}",
        f"- Python {m['python']}, SQLite {m['sqlite']}, database: {m['database']}",
        f"- gunicorn {m['gunicorn']} ({data['workers']} sync workers), SQLAlchemy {m['sqlalchemy']}",
        f"- Load average (1/5/15 min) at start {_load(m['load_average_at_start'])}, at end "
        f"{_load(data['load_average_at_end'])} (other work on the machine competes for the same cores)",
        f"- Load generator: {data['load_tool']}, {data['connections']} concurrent clients, "
        f"{data['seconds']} s per page after a {data['warmup_seconds']} s warm-up",
        "",
        "## Data", "",
        f"- {data['generation']}",
        *[f"- Schema not yet in a migration, created by the benchmark: {item}" for item in data["schema_added"]],
        *[f"- {name}: {count:,}" for name, count in data["rows"].items()],
        "",
        "## Pages", "",
        f"Targets: throughput ≥ {TARGET_RATIO} of the floor's (`/healthz`, measured again just before each page, "
        f"as the machine's speed drifts during a run) and p95 < {TARGET_P95_MS:.0f} ms. The ratio to the run's "
        "best floor (first and last run) is shown too. The signed-in frame is the site's header, menu and footer "
        "around nothing, for a signed-in learner (`bench/frame.py`, served only by the benchmark): a reference with "
        "no target, and each signed-in page's throughput is also shown as a share of it.", "",
        "| page | who | URL | req/s | p50 ms | p95 ms | p99 ms | floor just before | ratio | ratio to best floor "
        "| share of the signed-in frame | target met |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for page in data["pages"]:
        load = page.get("load")
        if load:
            paired = page.get("floor_load")
            paired_rps = f"{paired['rps']:.0f}" if paired else "–"
            lines.append(f"| {page['title']} | {page['who']} | `{page['path']}` | {load['rps']:.0f} | "
                         f"{load['p50_ms']:.1f} | {load['p95_ms']:.1f} | {load['p99_ms']:.1f} | {paired_rps} | ")
            lines[-1] += (f"{_ratio(page['ratio'])} | {_ratio(page['ratio_to_best_floor'])} | "
                          f"{_ratio(page.get('ratio_to_frame'))} | {_yes(page['met'])} |")
        else:
            lines.append(f"| {page['title']} | {page['who']} | `{page['path']}` | {page['state']} | | | | | | | | – |")
    lines += ["", "## CSV export", "",
              f"Target: under {TARGET_EXPORT_SECONDS:.0f} s, the worker's peak memory (VmHWM) growing by less than "
              f"{TARGET_EXPORT_GROWTH_MIB} MiB.", "",
              "| export | who | rows | size | time (best/median/worst of runs) | worker peak before → after | "
              "target met |", "|---|---|---:|---:|---|---|---|"]
    for export in data["exports"]:
        if export.get("seconds") is None:
            lines.append(f"| `{export['path']}` | {export['who']} | {export['state']} | | | | – |")
            continue
        size = f"{export['bytes'] / 1024:.0f} KiB"
        lines.append(f"| `{export['path']}` | {export['who']} | {export['rows']:,} | {size} | "
                     f"{export['best']:.2f} / {export['seconds']:.2f} / {export['worst']:.2f} s | "
                     f"{export['peak_before_mib']:.0f} → {export['peak_after_mib']:.0f} MiB "
                     f"(+{export['peak_growth_mib']:.1f}) | {_yes(export['met'])} |")
    if data.get("notes"):
        lines += ["", "## Notes", "", *[f"- {note}" for note in data["notes"]]]
    return "\n".join(lines) + "\n"


def _load(values) -> str:
    return " / ".join(f"{v:.1f}" for v in values)


def _ratio(value) -> str:
    return "–" if value is None else f"{value:.2f}"
