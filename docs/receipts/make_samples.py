"""Sample receipts for the README: real PDFs from a throwaway store, page 1 rendered to PNG by pdftoppm.

Run with ``make receipt-samples``. The applicants are fictional. Writes
``docs/receipts/receipt_<langs>.png``; the PDFs themselves go to a temporary
directory that is deleted afterwards (they hold nothing real).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
PW = "demo passphrase 1"
DPI = "90"


def main() -> int:
    from intake_app.receipts.service import make_receipt
    from intake_app.records import lifecycle
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user
    from tests.records.sample import application, write_scan

    work = Path(tempfile.mkdtemp(prefix="intake-receipt-samples-"))
    try:
        store = Store(work / "store")
        with store.create(admin_username="amina", admin_passphrase=PW, device_name="Khorgos BCP laptop 2",
                          location_code="KZ-ZHT-KHORGOS") as admin:
            add_user(admin, "serik", Role.OFFICER, PW, "Serik Akhmetov")
        samples = {
            "kk_ru": (application("Абдуллаев Рустам", "Abdullaev Rustam",
                                  family=[("Абдуллаева Зарина", "Abdullaeva Zarina")]), ("kk", "ru")),
            "fa_AF_kk": (dict(application("عبدالله رحیمی", "Abdullah Rahimi", birth_date="1991-02-11"),
                              citizenships=["AF"], languages_spoken=["prs"], preferred_language="prs",
                              rights_language="prs", application_language="prs"), ("fa_AF", "kk")),
            "ug_ru": (dict(application("ئابدۇللا ئەھمەت", "Abdulla Ehmet", birth_date="1979",
                                       family=[("گۈلنار", "Gulnar")]),
                           citizenships=["CN"], languages_spoken=["ug"], preferred_language="ug",
                           rights_language="ug", application_language="ug"), ("ug", "ru")),
        }
        with store.unlock("serik", PW) as officer:
            officer.forms_dir = ROOT / "forms"
            for name, (data, langs) in samples.items():
                record_id = lifecycle.create_draft(officer, "asylum_application", data,
                                                   files=[("application_scan", write_scan(work / name))])
                lifecycle.submit(officer, record_id)
                pdf, _facts = make_receipt(officer, record_id, langs)
                (work / f"{name}.pdf").write_bytes(pdf)
                subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", "1", "-l", "1", "-singlefile",
                                str(work / f"{name}.pdf"), str(OUT / f"receipt_{name}")], check=True)
                print("saved", OUT / f"receipt_{name}.png")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
