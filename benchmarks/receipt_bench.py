"""Receipt benchmark: a two-language receipt with its QR code, beside a plain one-page reportlab PDF.

Target: ≤ 150 ms for the receipt (both copies, Kazakh + Russian, or an
Arabic-script language + Kazakh). The baseline draws the same texts with
``canvas.drawString`` in the same registered fonts, without shaping, layout
or QR code, in the same run.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 15


def _baseline(lines: list[str]) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from intake_app.receipts.text_layout import register_fonts

    register_fonts()
    from reportlab.pdfbase import pdfmetrics

    font = next(name for name in pdfmetrics.getRegisteredFontNames() if "Noto" in name)
    start = time.perf_counter()
    canvas = Canvas(io.BytesIO(), pagesize=A4, invariant=True)
    y = 800.0
    for line in lines:
        canvas.setFont(font, 9)
        canvas.drawString(36, y, line[:110])
        y -= 12
    canvas.showPage()
    canvas.save()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from intake_app.receipts import texts
    from intake_app.receipts.language import receipt_gettext
    from intake_app.receipts.service import make_receipt
    from intake_app.records import lifecycle
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user
    from tests.records.sample import application, write_scan

    print("# receipt benchmark")
    data = Path(tempfile.mkdtemp(prefix="intake-receipt-bench-"))
    store = Store(data)
    with store.create(admin_username="admin", admin_passphrase="benchmark passphrase") as admin:
        add_user(admin, "officer", Role.OFFICER, "benchmark passphrase", "Officer")
    with store.unlock("officer", "benchmark passphrase") as officer:
        officer.forms_dir = ROOT / "forms"
        family = [("Абдуллаева Зарина", "Abdullaeva Zarina"), ("Абдуллаев Тимур", "Abdullaev Timur")]
        record_id = lifecycle.create_draft(officer, "asylum_application", application(family=family),
                                           files=[("application_scan", write_scan(data / "in"))])
        lifecycle.submit(officer, record_id)
        for langs in (("kk", "ru"), ("fa_AF", "kk"), ("ug", "ru")):
            make_receipt(officer, record_id, langs)  # fonts, catalogs, harfbuzz faces: once per process
            times = []
            for _ in range(RUNS):
                start = time.perf_counter()
                make_receipt(officer, record_id, langs)
                times.append((time.perf_counter() - start) * 1000)
            lines = [receipt_gettext(lang).gettext(message) for lang in langs
                     for message in vars(texts).values() if isinstance(message, str) and " " in message]
            base = statistics.median(_baseline(lines) for _ in range(RUNS))
            ours = statistics.median(times)
            print(f"receipt {'+'.join(langs):9} (2 pages, QR), median of {RUNS}: {ours:6.1f} ms   "
                  f"plain one-page reportlab PDF, same fonts: {base:5.1f} ms   ratio {ours / base:5.1f}  "
                  f"(target <= 150 ms)")


if __name__ == "__main__":
    main()
