"""A process killed in the middle of writing loses nothing it reported saved, and leaves nothing half-done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from intake_app import audit
from intake_app.records.reading import get_record
from tests.conftest import FORMS_DIR, OFFICER_PW, ROOT

WRITER = textwrap.dedent("""
    from pathlib import Path
    from intake_app.database import keyslots
    from intake_app.records import lifecycle
    from intake_app.store.store import Store
    from tests.records.sample import application, write_scan
    keyslots.use_test_parameters()  # the store is the suite's, made with its cheap parameters (tests/conftest.py)
    session = Store(Path({data!r})).unlock("officer", {pw!r})
    session.forms_dir = Path({forms!r})
    scan = write_scan(Path({scan_dir!r}))
    n = 0
    while True:
        rid = lifecycle.create_draft(session, "asylum_application", application(passport=f"N{{n:07d}}"),
                                     files=[("application_scan", scan)])
        receipt = lifecycle.submit(session, rid)
        print(rid, receipt, flush=True)  # reported only after the commit
        n += 1
""")


def test_kill_during_writes(store, tmp_path):
    script = WRITER.format(data=str(store.directory), pw=OFFICER_PW, forms=str(FORMS_DIR),
                           scan_dir=str(tmp_path / "scan"))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    reported = []
    deadline = time.monotonic() + 60
    while len(reported) < 15 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        reported.append(line.split())
    os.kill(proc.pid, signal.SIGKILL)  # mid-transaction, most likely
    proc.wait()
    assert len(reported) >= 15, "the writer did not get going"

    with store.unlock("officer", OFFICER_PW) as session:
        session.forms_dir = FORMS_DIR
        for record_id, receipt in reported:
            record = get_record(session, record_id)
            assert record.status == "submitted" and record.receipt_no == receipt
        conn = session.conn
        records = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        creates = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'record.create'").fetchone()[0]
        submits = conn.execute("SELECT count(*) FROM audit_log WHERE action = 'record.submit'").fetchone()[0]
        submitted = conn.execute("SELECT count(*) FROM records WHERE status = 'submitted'").fetchone()[0]
        assert records == creates and submitted == submits  # every change and its audit entry, or neither
        assert records - len(reported) <= 1  # at most the record in flight (a draft) beyond those reported
        assert conn.execute("SELECT count(DISTINCT receipt_no) FROM records WHERE receipt_no IS NOT NULL"
                            ).fetchone()[0] == submitted
        indexed = conn.execute("SELECT count(*) FROM search_names").fetchone()[0]
        assert indexed == records
        orphans = conn.execute("SELECT count(*) FROM attachments WHERE id LIKE 'staging:%'").fetchone()[0]
        assert orphans == 0
        _count, problems = audit.verify(conn)
        assert problems == []
