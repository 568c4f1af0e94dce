"""Store benchmarks: insert rate and search latency on 100,000 applications.

Baselines, measured in the same run on the same machine and data:

* insert: plain ``sqlite3`` (no encryption) inserting the same rows (the
  record JSON plus the names into an FTS5 table), one durable transaction
  per row as we do (WAL, ``synchronous=FULL``);
* search: a raw FTS5 prefix query over the same names in plain ``sqlite3``.

Set ``BENCH_RECORDS`` to change the store size (default 100,000).
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.datagen import applications
from intake_app.records import lifecycle
from intake_app.search.query import search
from intake_app.database.connection import transaction
from intake_app.store.store import Store

RECORDS = int(os.environ.get("BENCH_RECORDS", "100000"))
INSERT_SAMPLE = int(os.environ.get("BENCH_INSERT_SAMPLE", "1000"))
QUERIES = 400
FORMS_DIR = Path(__file__).resolve().parents[1] / "forms"
PASSPHRASE = "benchmark passphrase"


def _pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def _plain_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
    conn.execute("CREATE VIRTUAL TABLE names USING fts5(name, prefix = '2 3 4')")
    return conn


def _plain_insert(conn: sqlite3.Connection, data: dict) -> None:
    conn.execute("BEGIN IMMEDIATE")
    cur = conn.execute("INSERT INTO records (data) VALUES (?)", (json.dumps(data, ensure_ascii=False),))
    conn.execute("INSERT INTO names (rowid, name) VALUES (?, ?)",
                 (cur.lastrowid, f"{data['name_original']} {data['name_latin']}"))
    conn.execute("COMMIT")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="intake-bench-"))
    print(f"# store benchmark: {RECORDS:,} applications (Cyrillic, Latin and Arabic-script names)")
    data = list(applications(RECORDS))
    store = Store(work / "store")
    session = store.create(admin_username="admin", admin_passphrase=PASSPHRASE)
    from intake_app.roles import Role
    from intake_app.users.service import add_user

    add_user(session, "officer", Role.OFFICER, PASSPHRASE)
    session.close()
    session = store.unlock("officer", PASSPHRASE)
    session.forms_dir = FORMS_DIR
    plain = _plain_db(work / "plain.db")

    # -- insert rate: the same rows, one durable transaction each --------
    sample = data[:INSERT_SAMPLE]
    start = time.perf_counter()
    for row in sample:
        _plain_insert(plain, row)
    plain_rate = len(sample) / (time.perf_counter() - start)
    start = time.perf_counter()
    for row in sample:
        lifecycle.create_draft(session, "asylum_application", row, strict=False)
    our_rate = len(sample) / (time.perf_counter() - start)
    print(f"insert (validate, encrypt, index, audit; durable commit each): {our_rate:8.0f} records/s")
    print(f"insert baseline (plain sqlite3 + FTS5, durable commit each):    {plain_rate:8.0f} records/s")
    print(f"insert ratio ours/baseline: {our_rate / plain_rate:.2f}")

    # -- fill to RECORDS (commits not forced to disk, to keep the run short) --
    session.conn.execute("PRAGMA synchronous = OFF")
    plain.execute("PRAGMA synchronous = OFF")
    start = time.perf_counter()
    for row in data[INSERT_SAMPLE:]:
        lifecycle.create_draft(session, "asylum_application", row, strict=False)
        _plain_insert(plain, row)
    print(f"filled to {RECORDS:,} records in {time.perf_counter() - start:.0f} s")
    session.conn.execute("PRAGMA synchronous = FULL")
    with transaction(session.conn):
        pass

    # -- search latency ---------------------------------------------------
    rng = random.Random(11)
    queries = []
    for _ in range(QUERIES):
        row = rng.choice(data)
        source = rng.choice(("name_original", "name_latin"))
        word = row[source].split()[0]
        queries.append(word if rng.random() < 0.7 else word[: max(3, len(word) - 2)])
    search(session, queries[0])  # warm caches, as a user's second search would be
    ours = []
    hits = 0
    for q in queries:
        start = time.perf_counter()
        found = search(session, q, limit=50)
        ours.append((time.perf_counter() - start) * 1000)
        hits += bool(found)
    base = []
    for q in queries:
        start = time.perf_counter()
        phrase = '"' + q.replace('"', "") + '"*'
        rows = plain.execute("SELECT rowid FROM names WHERE names MATCH ? LIMIT 50", (phrase,)).fetchall()
        [plain.execute("SELECT data FROM records WHERE id = ?", (r[0],)).fetchone() for r in rows]
        base.append((time.perf_counter() - start) * 1000)
    print(f"search p50/p95 (cross-script, encrypted, {QUERIES} queries): "
          f"{statistics.median(ours):6.2f} / {_pct(ours, 95):6.2f} ms  (target p95 <= 20 ms; {hits} with hits)")
    print(f"search baseline p50/p95 (raw FTS5, plain sqlite3):            "
          f"{statistics.median(base):6.2f} / {_pct(base, 95):6.2f} ms")
    print(f"search p95 ratio ours/baseline: {_pct(ours, 95) / max(_pct(base, 95), 1e-6):.1f}")
    session.close()

    start = time.perf_counter()
    store.unlock("officer", PASSPHRASE).close()
    size = (work / "store" / "store.db").stat().st_size
    print(f"unlock of the {RECORDS:,}-record store ({size / 2**20:.0f} MiB, Argon2id + integrity check): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
