"""Fast writing of generated rows: Core bulk inserts in batches (COPY on PostgreSQL), ids assigned here (no flush,
no ORM objects).

The database must be empty: ids are counted from 1, so generated rows never mix with real ones.
"""
import json
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import JSON, Integer, delete, func, insert, inspect, select, text

from ..extensions import db

BATCH_ROWS = 20_000


class NotEmpty(Exception):
    """The database already holds people; generated data is never mixed with real data."""


def tables_in_order():
    """Every model's table, parents before children (so foreign keys hold at every insert)."""
    return list(db.metadata.sorted_tables)


def _existing_tables():
    present = set(inspect(db.engine).get_table_names())
    return [t for t in tables_in_order() if t.name in present]


def check_schema(models) -> None:
    """The tables the generator writes must exist (other features' tables may still be on their way)."""
    present = {t.name for t in _existing_tables()}
    missing = [m.__tablename__ for m in models if m.__tablename__ not in present]
    if missing:
        raise RuntimeError(f"the database has no table {', '.join(missing)}; run `flask --app lms db upgrade` first")


def row_counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in _existing_tables()}


def is_empty() -> bool:
    return not any(row_counts().values())


def empty_database() -> None:
    """Delete every row of every table of the app (children first). Only for --force."""
    for table in reversed(_existing_tables()):
        db.session.execute(delete(table))
    db.session.commit()


class Writer:
    """Buffers rows per model and writes them with `db.session.execute(insert(table), rows)` in batches."""

    def __init__(self, tick: Callable[[int], None] | None = None):
        self.buffers: dict[type, list[dict]] = defaultdict(list)
        self.counters: dict[type, int] = defaultdict(int)
        self.written: dict[str, int] = defaultdict(int)
        self.buffered = 0
        self.tick = tick or (lambda n: None)
        self._order = {t.name: i for i, t in enumerate(tables_in_order())}

    def next_id(self, model) -> int:
        self.counters[model] += 1
        return self.counters[model]

    def add(self, model, row: dict, with_id: bool = True) -> dict:
        """Queue a row; with_id gives it the model's next id (returned in the row). Nothing is written until
        maybe_flush() or flush(), so a queued row can still be changed."""
        if with_id and "id" not in row:
            row["id"] = self.next_id(model)
        self.buffers[model].append(row)
        self.buffered += 1
        return row

    def maybe_flush(self) -> None:
        """Write once enough rows are queued; call it where every queued row is complete."""
        if self.buffered >= BATCH_ROWS:
            self.flush()

    def flush(self) -> None:
        copy = db.engine.dialect.name == "postgresql"
        for model in sorted(self.buffers, key=lambda m: self._order[m.__tablename__]):
            rows = self.buffers[model]
            if rows and copy:
                _copy(model.__table__, rows)
            elif rows:  # Core executemany on the table: one statement per batch, no ORM bookkeeping
                db.session.execute(insert(model.__table__), rows)
            self.written[model.__tablename__] += len(rows)
        db.session.commit()
        self.tick(self.buffered)
        self.buffers.clear()
        self.buffered = 0

    def finish(self) -> dict[str, int]:
        self.flush()
        if db.engine.dialect.name == "postgresql":
            self._reset_sequences()
            db.session.execute(text("ANALYZE"))  # what autovacuum would do soon: the planner learns the sizes
            db.session.commit()
        return dict(self.written)

    def _reset_sequences(self) -> None:
        """Ids were given explicitly, so PostgreSQL's sequences must be moved past them for the app's inserts."""
        for table in tables_in_order():
            if table.name in self.written and "id" in table.c and table.c.id.primary_key \
                    and isinstance(table.c.id.type, Integer):
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false)"))
        db.session.commit()


def _copy(table, rows: list[dict]) -> None:
    """PostgreSQL: COPY the rows in (many times faster than INSERT). Every generated value is already what the
    column's type would store (aware UTC datetimes, Decimals, dates); JSON is written as its text."""
    columns = list(rows[0])
    json_columns = {c.name for c in table.c if isinstance(c.type, JSON)}
    cursor = db.session.connection().connection.driver_connection.cursor()
    names = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c]) if c in json_columns and row[c] is not None else row[c]
                            for c in columns])
    cursor.close()
