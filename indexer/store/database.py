"""Opening the store, migrating it, and the reads and writes the rest of the system needs."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
from alembic import command
from alembic.config import Config
from sqlalchemy import (
    Connection,
    Engine,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from indexer.errors import StoreBusy
from indexer.records import Record, StoredForm, folded_surname
from indexer.store.tables import ChangeRow, RecordRow, utcnow

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"

records_table = RecordRow.__table__  # type: ignore[attr-defined]
changes_table = ChangeRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Change:
    seq: int
    record_id: str
    op: str


@dataclass
class WriteCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, other: WriteCounts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets searches read while an import writes; NORMAL sync is safe with WAL and much faster.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class JsonText(str):
    """JSON already serialised (by an import worker): written to the JSON column as it is."""


def _serialize_json(value: Any) -> str:
    if isinstance(value, JsonText):
        return value
    return orjson.dumps(value).decode()


def _row_values(form: StoredForm) -> dict[str, Any]:
    return {
        "id": form.id,
        "surname": form.surname,
        "surname_folded": form.surname_folded,
        "given_name": form.given_name,
        "birth_year": form.birth_year,
        "data": JsonText(form.data),
        "content_hash": form.content_hash,
    }


def _driver_value(conn: Connection, column: Any, value: Any) -> Any:
    """``value`` as SQLAlchemy would hand it to the driver for ``column`` (a datetime as SQLite's text)."""
    process = column.type.bind_processor(conn.dialect)
    value = process(value) if process else value
    if isinstance(value, datetime) and conn.dialect.name == "sqlite":
        # The text Python's sqlite3 adapter would write, made once per batch instead of once per row: a
        # million rows' isoformat calls cost the import's main process a twentieth of its time.
        return value.isoformat(" ")
    return value


def _insert_rows(conn: Connection, table: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """INSERT through the driver's own executemany, values already in the driver's form: for a million
    rows SQLAlchemy's processing of each value costs more than the insert itself. JSON goes as text
    (SQLite stores it so; PostgreSQL casts the untyped text parameter to the json column)."""
    quote = conn.dialect.identifier_preparer.quote
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(mark for _ in columns)})"
    )
    conn.exec_driver_sql(sql, rows)


class Store:
    """The record store behind one SQLAlchemy engine (SQLite by default, PostgreSQL in production)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- transactions -------------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            # SQLite's one writer: an import holds the store for its whole transaction, and a write that
            # waited its busy timeout for it gives up. Said as such, not as a driver's traceback.
            if "database is locked" in str(exc.orig):
                raise StoreBusy(
                    "the record store is busy with another write (an import, most likely); "
                    "nothing was changed: try again when it has finished"
                ) from exc
            raise

    # -- writes (each appends to the outbox in the caller's transaction) ------------------------------
    def write_records(self, conn: Connection, records: Sequence[Record]) -> WriteCounts:
        """Create or update ``records``; identical re-imports are counted and left alone."""
        return self.write_stored(conn, [record.stored_form() for record in records])

    def write_stored(self, conn: Connection, forms: Sequence[StoredForm]) -> WriteCounts:
        """``write_records`` for records already validated and serialised (by import workers)."""
        counts = WriteCounts()
        if not forms:
            return counts
        existing: dict[str, str] = dict(
            conn.execute(
                select(records_table.c.id, records_table.c.content_hash).where(
                    records_table.c.id.in_([form.id for form in forms])
                )
            ).all()
        )
        now = utcnow()
        stamp = _driver_value(conn, records_table.c.created_at, now)
        change_stamp = _driver_value(conn, changes_table.c.at, now)
        new_rows: list[tuple[Any, ...]] = []
        changed_rows, touched = [], []
        for form in forms:
            if form.id not in existing:
                new_rows.append((*form, stamp, stamp))
            elif existing[form.id] != form.content_hash:
                values = _row_values(form) | {"updated_at": now}
                values["b_id"] = values.pop("id")
                changed_rows.append(values)
            else:
                counts.unchanged += 1
                continue
            touched.append((form.id, "upsert", change_stamp))
        if new_rows:
            _insert_rows(conn, records_table, (*StoredForm._fields, "created_at", "updated_at"), new_rows)
        if changed_rows:
            conn.execute(
                update(records_table)
                .where(records_table.c.id == bindparam("b_id"))
                .values(
                    surname=bindparam("surname"),
                    surname_folded=bindparam("surname_folded"),
                    given_name=bindparam("given_name"),
                    birth_year=bindparam("birth_year"),
                    data=bindparam("data"),
                    content_hash=bindparam("content_hash"),
                    updated_at=bindparam("updated_at"),
                ),
                changed_rows,
            )
        if touched:
            _insert_rows(conn, changes_table, ("record_id", "op", "at"), touched)
        counts.created, counts.updated = len(new_rows), len(changed_rows)
        return counts

    def version(self, conn: Connection, record_id: str) -> str | None:
        """The stored record's content hash, its version for a write that must not overwrite a change made
        since it was read; None when there is no such record. Nobody else can write the record until the
        transaction ends, so the check and the write that follows are one step: PostgreSQL locks the row
        (FOR UPDATE); SQLite ignores that, and a transaction there only reads until its first write, so an
        empty write comes first and takes SQLite's one write lock (ten concurrent PUTs with one If-Match
        all succeeded before)."""
        if conn.dialect.name == "sqlite":
            claim = update(records_table).where(records_table.c.id == record_id)
            conn.execute(claim.values(content_hash=records_table.c.content_hash))
        query = select(records_table.c.content_hash).where(records_table.c.id == record_id).with_for_update()
        return conn.execute(query).scalar_one_or_none()

    def delete_record(self, conn: Connection, record_id: str) -> bool:
        deleted = conn.execute(records_table.delete().where(records_table.c.id == record_id)).rowcount
        if deleted:
            conn.execute(insert(changes_table), [{"record_id": record_id, "op": "delete", "at": utcnow()}])
        return bool(deleted)

    # -- reads --------------------------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        with self.engine.connect() as conn:
            data = conn.execute(
                select(records_table.c.data).where(records_table.c.id == record_id)
            ).scalar_one_or_none()
        return Record.model_validate(data) if data is not None else None

    def get_with_version(self, record_id: str) -> tuple[Record, str] | None:
        """The record and its version as stored (the hash ``version`` compares an If-Match with): a record
        read back may hash otherwise than when it was written (stored before a normalisation it now gets),
        so the version handed out is the stored one, never a hash of the record as read."""
        with self.engine.connect() as conn:
            columns = select(records_table.c.data, records_table.c.content_hash)
            row = conn.execute(columns.where(records_table.c.id == record_id)).one_or_none()
        return (Record.model_validate(row.data), row.content_hash) if row is not None else None

    def get_many(self, record_ids: Iterable[str]) -> dict[str, Record]:
        ids = list(record_ids)
        found: dict[str, Record] = {}
        with self.engine.connect() as conn:
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                rows = conn.execute(
                    select(records_table.c.id, records_table.c.data).where(records_table.c.id.in_(chunk))
                )
                found.update({rid: Record.model_validate(data) for rid, data in rows})
        return found

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(records_table)).scalar_one())

    def iter_records(self, batch_size: int = 5000) -> Iterator[list[Record]]:
        """Every record in id order, in batches; keyset paging keeps memory flat on millions of rows."""
        for rows in self.iter_raw(batch_size):
            yield [Record.model_validate(data) for data in rows]

    def iter_raw(self, batch_size: int = 5000) -> Iterator[list[dict[str, Any]]]:
        """Every record's stored JSON in id order, in batches (keyset paging keeps memory flat on millions
        of rows); validating is left to whoever needs it."""
        yield from self._iter_data(records_table.c.data, batch_size)

    def iter_raw_text(self, batch_size: int = 5000) -> Iterator[list[str]]:
        """``iter_raw`` as JSON text: a parallel rebuild hands text to its workers, which parse it there."""
        yield from self._iter_data(cast(records_table.c.data, Text), batch_size)

    def _iter_data(self, column: Any, batch_size: int) -> Iterator[list[Any]]:
        last = ""
        while True:
            with self.engine.connect() as conn:
                rows = conn.execute(
                    select(records_table.c.id, column)
                    .where(records_table.c.id > last)
                    .order_by(records_table.c.id)
                    .limit(batch_size)
                ).all()
            if not rows:
                return
            last = rows[-1][0]
            yield [data for _, data in rows]

    def list_records(self, *, offset: int, limit: int, surname_prefix: str | None = None) -> list[Record]:
        """Records in the order of their folded surname (case aside, ё as е); with ``surname_prefix``, those
        whose surname begins with it in any case and script: иван finds Иванов and ИВАНОВА, семе Семёнов.

        Why a stored folded column, and a range on it: SQL's own case folding is ASCII only on SQLite
        (LOWER, LIKE) and up to the server's locale on PostgreSQL, where Python's ``casefold`` is the same
        on both; and LIKE 'иван%' uses an index only under settings neither database has by default
        (SQLite: case_sensitive_like or a NOCASE column; PostgreSQL: the C collation or
        text_pattern_ops), where ``иван <= folded < ивао`` is a range on the (folded, id) index on both,
        read in the list's order: a page is never sorted, however many surnames begin with с."""
        column = records_table.c.surname_folded
        query = select(records_table.c.data).order_by(column, records_table.c.id)
        key = folded_surname(surname_prefix or "")
        if key:
            query = query.where(column >= key)
            if (after := _next_string(key)) is not None:
                query = query.where(column < after)
        with self.engine.connect() as conn:
            rows = conn.execute(query.offset(offset).limit(limit)).scalars().all()
        return [Record.model_validate(data) for data in rows]

    # -- the outbox ---------------------------------------------------------------------------------
    def last_change_seq(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.coalesce(func.max(changes_table.c.seq), 0))).scalar_one())

    def changes_since(self, seq: int, limit: int = 5000) -> list[Change]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(changes_table.c.seq, changes_table.c.record_id, changes_table.c.op)
                .where(changes_table.c.seq > seq)
                .order_by(changes_table.c.seq)
                .limit(limit)
            ).all()
        return [Change(*row) for row in rows]

    def prune_changes(self, up_to_seq: int) -> int:
        """Forget outbox rows every index has applied."""
        with self.transaction() as conn:
            return conn.execute(changes_table.delete().where(changes_table.c.seq <= up_to_seq)).rowcount

    def close(self) -> None:
        self.engine.dispose()


def _next_string(prefix: str) -> str | None:
    """The first string after every string that begins with ``prefix`` in code point order (ивао for
    иван), or None when there is none (a prefix of nothing but U+10FFFF)."""
    for end in range(len(prefix), 0, -1):
        code = ord(prefix[end - 1]) + 1
        if 0xD800 <= code <= 0xDFFF:  # surrogates are never stored: the next letter is U+E000
            code = 0xE000
        if code <= 0x10FFFF:
            return prefix[: end - 1] + chr(code)
    return None


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (creating it on a fresh database)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_store(url: str, *, create: bool = True) -> Store:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"check_same_thread": False}
    elif parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the driver we ship; SQLAlchemy's bare postgresql:// means psycopg2.
        url = str(parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False))
    # orjson both ways: a million-record import or rebuild spends noticeable time in JSON otherwise.
    engine = create_engine(
        url, pool_pre_ping=True, json_serializer=_serialize_json, json_deserializer=orjson.loads, **kwargs
    )
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if create:
        migrate(engine)
    return Store(engine)
