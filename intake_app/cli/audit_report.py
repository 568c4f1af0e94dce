"""How the command line shows an audit log and the verdict on its hash chain (device store and registry alike)."""

from __future__ import annotations

from collections.abc import Iterable

from intake_app.audit import AuditEntry, AuditProblem
from intake_app.i18n import _


def print_entries(entries: Iterable[AuditEntry], *, target_width: int | None = None) -> None:
    """One line per entry; ``target_width`` shortens the target (record ids are long)."""
    for e in entries:
        target = (e.target or "")[:target_width] if target_width else (e.target or "")
        print(f"#{e.seq:<6} {e.at[:19]}  {e.actor:<14} {e.action:<16} {target}")


def print_verdict(count: int, problems: list[AuditProblem]) -> int:
    """Say whether the chain verified; the exit status: 0 intact, 2 damaged."""
    if not problems:
        print(_("Audit log intact: {n} entries, chain verified.").format(n=count))
        return 0
    print(_("Audit log DAMAGED: {n} problem(s) in {count} entries.").format(n=len(problems), count=count))
    for problem in problems:
        print("  " + problem.message)
    return 2
