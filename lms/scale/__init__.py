"""Generated data at the programme's scale, for benchmarks and load tests: `flask --app lms demo --scale national`."""
from .generator import DEFAULT_SEED, WRITTEN, Result, generate, steps
from .world import BENCH, BENCH_PASSWORD, BENCH_TOTP_SECRET, SCALES

__all__ = ["BENCH", "BENCH_PASSWORD", "BENCH_TOTP_SECRET", "DEFAULT_SEED", "SCALES", "WRITTEN", "Result", "generate",
           "steps"]
