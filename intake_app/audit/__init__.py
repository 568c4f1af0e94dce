"""Tamper-evident audit log (hash chain)."""

from intake_app.audit.chain import AuditEntry, AuditProblem, append, entries, verify

__all__ = ["AuditEntry", "AuditProblem", "append", "entries", "verify"]
