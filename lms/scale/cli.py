"""`flask --app lms demo --scale small|national`: generate, with a progress bar, and print the logins."""
from datetime import date

import click

from . import BENCH_PASSWORD, DEFAULT_SEED, WRITTEN, generate, steps
from .writer import check_schema, empty_database, is_empty


def generate_command(scale: str, seed: int | None, today: date | None, force: bool) -> None:
    try:
        check_schema(WRITTEN)
    except RuntimeError as error:
        raise click.ClickException(str(error)) from None
    if not is_empty():
        if not force:
            raise click.ClickException("the database is not empty. Generated data is never mixed with real data: "
                                       "use an empty database, or add --force to delete everything in it first.")
        click.echo("--force: deleting every row in the database.")
        empty_database()
    seed = DEFAULT_SEED if seed is None else seed
    with click.progressbar(length=steps(scale), label=f"Generating {scale} data (seed {seed})",
                           show_pos=True) as bar:
        result = generate(scale, seed=seed, today=today, progress=bar.update)
    total = sum(result.counts.values())
    click.echo(f"Generated {total:,} rows in {result.seconds:.1f} s:")
    for table, count in sorted(result.counts.items(), key=lambda item: -item[1]):
        click.echo(f"  {table:<24} {count:>10,}")
    click.echo(f"Benchmark logins (password for all: {BENCH_PASSWORD}):")
    for email, what in result.logins:
        click.echo(f"  {email:<40} {what}")
