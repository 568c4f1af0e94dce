"""An append-only log in which every entry carries the hash of the one before.

Each entry's hash covers its time, actor, action, target, details and the
previous entry's hash (RFC 8785 canonical JSON, SHA-256). The newest entry's
number and hash are also kept in ``meta`` in the same transaction, so cutting
entries off the end is detected too. Editing, deleting, inserting or
reordering entries breaks the chain at a place :func:`verify` names.

Details hold identifiers only (record ids, user names, counts): the log is
inside the encrypted store, but it is also shown to administrators, who do not
see applicants' data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from intake_app.canonical import canonical_json, sha256_hex
from intake_app.clock import iso, utc_now
from intake_app.i18n import _
from intake_app.database.connection import Connection

GENESIS = "0" * 64
_HEAD_SEQ = "audit_head_seq"
_HEAD_HASH = "audit_head_hash"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    target: str | None
    details: dict[str, Any]
    prev_hash: str
    entry_hash: str


@dataclass(frozen=True)
class AuditProblem:
    seq: int | None
    kind: str  # altered | deleted | inserted | reordered | truncated | broken
    message: str

    def __str__(self) -> str:
        return self.message


def entry_hash(*, at: str, actor: str, action: str, target: str | None,
               details: dict[str, Any], prev_hash: str) -> str:
    body = {"at": at, "actor": actor, "action": action, "target": target,
            "details": details, "prev": prev_hash}
    return sha256_hex(canonical_json(body))


def _head(conn: Connection) -> tuple[int, str]:
    rows = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (_HEAD_SEQ, _HEAD_HASH)))
    return int(rows.get(_HEAD_SEQ, 0)), rows.get(_HEAD_HASH, GENESIS)


def append(conn: Connection, actor: str, action: str, target: str | None = None,
           details: dict[str, Any] | None = None, *, at: datetime | None = None) -> AuditEntry:
    """Append one entry. Call inside the transaction that makes the change it records."""
    seq, prev = _head(conn)
    details = dict(details or {})
    stamp = iso(at or utc_now())
    digest = entry_hash(at=stamp, actor=actor, action=action, target=target, details=details, prev_hash=prev)
    conn.execute(
        "INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, entry_hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq + 1, stamp, actor, action, target, json.dumps(details, ensure_ascii=False), prev, digest))
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     ((_HEAD_SEQ, str(seq + 1)), (_HEAD_HASH, digest)))
    return AuditEntry(seq + 1, stamp, actor, action, target, details, prev, digest)


def entries(conn: Connection, *, limit: int | None = None) -> list[AuditEntry]:
    sql = "SELECT seq, at, actor, action, target, details, prev_hash, entry_hash FROM audit_log ORDER BY seq"
    if limit is not None:
        sql += f" DESC LIMIT {int(limit)}"
    rows = conn.execute(sql).fetchall()
    result = [AuditEntry(r[0], r[1], r[2], r[3], r[4], _load_details(r[5]), r[6], r[7]) for r in rows]
    return sorted(result, key=lambda e: e.seq)


def _load_details(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {"__unreadable__": True}
    return value if isinstance(value, dict) else {"__unreadable__": True}


def verify(conn: Connection) -> tuple[int, list[AuditProblem]]:
    """Check the whole chain; returns (entries checked, problems found)."""
    log = entries(conn)
    problems: list[AuditProblem] = []
    by_hash = {e.entry_hash: e for e in log}
    position = {e.seq: i for i, e in enumerate(log)}
    prev_hash, prev_seq = GENESIS, 0
    for entry in log:
        recomputed = entry_hash(at=entry.at, actor=entry.actor, action=entry.action, target=entry.target,
                                details=entry.details, prev_hash=entry.prev_hash)
        if recomputed != entry.entry_hash:
            problems.append(AuditProblem(entry.seq, "altered", _(
                "Entry #{seq} has been altered: its content no longer matches its hash.").format(seq=entry.seq)))
        if entry.prev_hash != prev_hash:
            problems.append(_link_problem(entry, prev_seq, by_hash, position))
        prev_hash, prev_seq = entry.entry_hash, entry.seq
    head_seq, head_hash = _head(conn)
    if (head_seq, head_hash) != (prev_seq, prev_hash):
        if head_seq > prev_seq:
            problems.append(AuditProblem(head_seq, "truncated", _(
                "Entries #{first} to #{last} have been removed from the end of the log.").format(
                    first=prev_seq + 1, last=head_seq)))
        else:
            problems.append(AuditProblem(prev_seq, "broken", _(
                "The end of the log (#{seq}) does not match the head the store recorded (#{head}).").format(
                    seq=prev_seq, head=head_seq)))
    return len(log), problems


def _link_problem(entry: AuditEntry, prev_seq: int, by_hash: dict[str, AuditEntry],
                  position: dict[int, int]) -> AuditProblem:
    """Name what broke the link just before ``entry``."""
    linked = by_hash.get(entry.prev_hash)
    if entry.prev_hash == GENESIS or linked is not None:
        linked_seq = 0 if linked is None else linked.seq
        if position.get(linked_seq, -1) > position[entry.seq] or linked_seq > entry.seq:
            return AuditProblem(entry.seq, "reordered", _(
                "Entry #{seq} is out of order: it was written after entry #{other}.").format(
                    seq=entry.seq, other=linked_seq))
        if entry.seq - linked_seq > 1 and prev_seq == linked_seq:
            return AuditProblem(entry.seq, "deleted", _(
                "Entries #{first} to #{last} have been deleted.").format(first=linked_seq + 1, last=entry.seq - 1))
        return AuditProblem(entry.seq, "inserted", _(
            "Entries between #{first} and #{seq} were inserted or reordered: entry #{seq} follows #{first}.").format(
                first=linked_seq, seq=entry.seq))
    if entry.seq - prev_seq > 1:
        return AuditProblem(entry.seq, "deleted", _(
            "Entries #{first} to #{last} have been deleted.").format(first=prev_seq + 1, last=entry.seq - 1))
    return AuditProblem(entry.seq, "broken", _(
        "The chain is broken before entry #{seq}: the entry it follows is missing or altered.").format(
            seq=entry.seq))
