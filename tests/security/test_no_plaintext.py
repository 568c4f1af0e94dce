"""No applicant name may reach the disk in plaintext: not the store, not temp files, not logs.

A full workflow runs through the real CLI with canary names in five scripts
(input via stdin, so no input file exists), then every file under the data
dir, the process temp dir and the system temp dir (written since the test
began) is scanned for each canary in UTF-8, UTF-16 (both byte orders) and
JSON-escaped form.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from tests.cli.cli_helpers import Cli, init_store
from tests.records.sample import application, visit, write_scan
from tests.security.plaintext import CANARIES, LATIN_SPELLINGS, find_plaintext_names

def test_full_workflow_leaves_no_plaintext_names(tmp_path):
    started = time.time()
    cli = Cli(tmp_path / "data", tmp_path / "tmp")
    officer, monitor = init_store(cli)
    scan = write_scan(tmp_path / "in")
    family = [(CANARIES["Hani"], LATIN_SPELLINGS["Hani"]), (CANARIES["Geor"], LATIN_SPELLINGS["Geor"])]
    first = application(CANARIES["Cyrl"], LATIN_SPELLINGS["Cyrl"], family=family)
    first["claim_summary"] = f"Brother {CANARIES['Latn']} was detained."
    out = officer.ok("record", "new", "--form", "asylum_application", "--json", "-", "--attach",
                     f"application_scan={scan}", "--submit", input=json.dumps(first))
    receipt = out.split()[-1]
    second = application(CANARIES["Arab"], LATIN_SPELLINGS["Arab"])
    draft = officer.ok("record", "new", "--form", "asylum_application", "--json", "-", "--draft",
                       input=json.dumps(second)).split()[-1]
    officer.ok("record", "edit", draft, "--json", "-", "--draft", input=json.dumps(second))
    officer.ok("attach", draft, "application_scan", str(scan))
    officer.ok("record", "submit", draft)
    shown = officer.json("record", "show", receipt)
    amended = dict(shown["versions"][0]["data"], name_latin=LATIN_SPELLINGS["Cyrl"] + "a")
    officer.ok("record", "amend", receipt, "--json", "-", "--reason", "spelling", input=json.dumps(amended))
    officer.ok("record", "void", draft, "--reason", "duplicate")
    for query in (CANARIES["Cyrl"], LATIN_SPELLINGS["Arab"], CANARIES["Hani"], receipt):
        assert officer.json("search", query), query
    officer.ok("record", "list")
    officer.ok("record", "show", receipt)
    # A receipt is written only where asked (outside the scanned places): no copy in a temp dir or cache.
    chosen = tmp_path / "chosen"
    chosen.mkdir()
    officer.ok("receipt", "save", receipt, "--languages", "ug,kk,ru", "--out", str(chosen / "receipt.pdf"))
    assert [path.name for path in chosen.iterdir()] == ["receipt.pdf"]
    monitor.ok("record", "new", "--form", "detention_visit", "--json", "-",
               input=json.dumps(visit(CANARIES["Geor"])))
    monitor.ok("search", CANARIES["Geor"])
    # Failures too: a bad input and a wrong passphrase must not echo names anywhere on disk.
    bad = dict(first, sex="not-a-sex")
    assert officer.run("record", "new", "--form", "asylum_application", "--json", "-",
                       input=json.dumps(bad)).returncode == 1
    assert officer.as_user("officer", "wrong passphrase").run("search", CANARIES["Cyrl"]).returncode == 1
    cli.ok("audit", "verify")

    system_tmp = Path(tempfile.gettempdir()).resolve()
    roots = [cli.data_dir, cli.tmp_dir, system_tmp]
    assert list(cli.data_dir.iterdir()), "the workflow wrote nothing?"
    # Not the other tests' folders (pytest-of-USER): tests running at the same time (pytest-xdist, another
    # run) or just before (test_the_scan_itself_finds_plaintext) put canaries there. This test's are roots.
    own = tmp_path.resolve()
    others = [system_tmp / own.relative_to(system_tmp).parts[0]] if own.is_relative_to(system_tmp) else []
    assert find_plaintext_names(roots, started, skip=others) == []


def test_the_scan_itself_finds_plaintext(tmp_path):
    """The scan is only worth something if it catches a leak."""
    started = time.time()
    (tmp_path / "leak.json").write_text(json.dumps({"n": CANARIES["Arab"]}))
    (tmp_path / "leak16.txt").write_bytes(CANARIES["Hani"].encode("utf-16-le"))
    found = find_plaintext_names([tmp_path], started)
    assert any("json-escaped" in f for f in found) and any("utf-16" in f for f in found)
