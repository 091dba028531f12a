"""SQLite state of the lab: one table of JSON documents keyed by kind, parent and name.

ARM names are case-insensitive, so keys are stored lower-cased while each document keeps the casing its
creator used. Insertion order (rowid) is the listing order, as a stamp lists in creation order.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    kind   TEXT NOT NULL,
    parent TEXT NOT NULL,
    name   TEXT NOT NULL,
    doc    TEXT NOT NULL,
    PRIMARY KEY (kind, parent, name)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
_SCHEMA_VERSION = "1"

Doc = dict[str, Any]


class Store:
    """A small document store; safe to call from the event loop and from worker threads."""

    def __init__(self, path: Path | str) -> None:
        if str(path) != ":memory:":
            # It holds the storage accounts' keys: 0600 before SQLite writes a byte (its -wal and -shm files
            # are created with the database's mode).
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            os.fchmod(fd, 0o600)
            os.close(fd)
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        self._lock = threading.Lock()
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', ?)", (_SCHEMA_VERSION,)
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, kind: str, parent: str, name: str) -> Doc | None:
        with self._lock:
            row = self._db.execute(
                "SELECT doc FROM documents WHERE kind=? AND parent=? AND name=?",
                (kind, parent.lower(), name.lower()),
            ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put(self, kind: str, parent: str, name: str, doc: Doc) -> bool:
        """Insert or replace; True when the document is new. Replacing keeps the listing position."""
        text = json.dumps(doc, separators=(",", ":"))
        key = (kind, parent.lower(), name.lower())
        with self._tx() as db:
            cur = db.execute("UPDATE documents SET doc=? WHERE kind=? AND parent=? AND name=?", (text, *key))
            if cur.rowcount:
                return False
            db.execute("INSERT INTO documents(kind, parent, name, doc) VALUES (?, ?, ?, ?)", (*key, text))
            return True

    def put_many(self, kind: str, parent: str, docs: list[tuple[str, Doc]]) -> None:
        """Insert or replace many (name, document) pairs in one transaction (seeding, benchmarks)."""
        rows = [(kind, parent.lower(), name.lower(), json.dumps(doc, separators=(",", ":"))) for name, doc in docs]
        with self._tx() as db:
            db.executemany("INSERT OR REPLACE INTO documents(kind, parent, name, doc) VALUES (?, ?, ?, ?)", rows)

    def delete(self, kind: str, parent: str, name: str) -> bool:
        with self._tx() as db:
            cur = db.execute(
                "DELETE FROM documents WHERE kind=? AND parent=? AND name=?",
                (kind, parent.lower(), name.lower()),
            )
            return cur.rowcount > 0

    def documents(self, kind: str, parent: str | None = None, parent_prefix: str | None = None) -> list[Doc]:
        """Documents of a kind, under one parent, or under every parent starting with a prefix."""
        sql = "SELECT doc FROM documents WHERE kind=?"
        args: list[object] = [kind]
        if parent is not None:
            sql += " AND parent=?"
            args.append(parent.lower())
        if parent_prefix is not None:
            sql += " AND substr(parent, 1, ?) = ?"
            args += [len(parent_prefix), parent_prefix.lower()]
        sql += " ORDER BY rowid"
        with self._lock:
            rows = self._db.execute(sql, args).fetchall()
        return [json.loads(r[0]) for r in rows]

    def list_raw(self, kind: str, parent: str) -> list[str]:
        """The stored JSON texts, unparsed: lets large listings skip a decode/encode round trip."""
        with self._lock:
            rows = self._db.execute(
                "SELECT doc FROM documents WHERE kind=? AND parent=? ORDER BY rowid", (kind, parent.lower())
            ).fetchall()
        return [r[0] for r in rows]
