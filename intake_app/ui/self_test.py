"""``intake-app --self-test``: does this installation work, here, offline? Exit 0, or say what failed.

Run after installing on a field laptop (and by the packaging test on the
built app): it exercises the parts that depend on bundled files and native
libraries — SQLCipher, Argon2id, every form definition, the catalogs, the
receipt fonts with shaping (an Arabic-script and a Cyrillic receipt), HPKE
bundles, and Qt offscreen — in a temporary directory that it deletes. No
personal data is involved: the sample applicant is fictional.
"""

from __future__ import annotations

import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PASSPHRASE = "self-test passphrase"


def run_self_test(out: Callable[[str], None] = print) -> int:
    """Run every check; print one line per check; 0 if all passed, else 1."""
    from intake_app import __version__, paths

    build = "packaged" if paths.is_packaged() else "from source"
    out(f"Field Intake {__version__} ({build}), Python {sys.version.split()[0]}, {sys.platform}")
    work = Path(tempfile.mkdtemp(prefix="intake-self-test-"))
    failures = 0
    state: dict[str, object] = {}
    try:
        for name, check in _CHECKS:
            started = time.perf_counter()
            try:
                detail = check(work, state)
            except Exception as exc:  # noqa: BLE001 - each failure is reported, then the next check runs
                failures += 1
                out(f"FAIL  {name}: {type(exc).__name__}: {exc}")
            else:
                out(f"ok    {name} ({(time.perf_counter() - started) * 1000:.0f} ms){': ' + detail if detail else ''}")
    finally:
        session = state.get("session")
        if session is not None:
            session.close()  # type: ignore[attr-defined]
        shutil.rmtree(work, ignore_errors=True)
    out("self-test passed" if not failures else f"self-test FAILED: {failures} check(s)")
    return 0 if not failures else 1


def _store(work: Path, state: dict[str, object]) -> str:
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user

    store = Store(work / "store")
    with store.create(admin_username="admin", admin_passphrase=PASSPHRASE, device_name="self-test",
                      location_code="KZ-TEST") as admin:
        add_user(admin, "officer", Role.OFFICER, PASSPHRASE, "Self-test officer")
    state["session"] = store.unlock("officer", PASSPHRASE)
    return "created and unlocked (SQLCipher, Argon2id)"


def _forms(work: Path, state: dict[str, object]) -> str:
    from intake_app.forms import FormRegistry
    from intake_app.paths import forms_dir

    registry = FormRegistry.from_dir(forms_dir())
    return ", ".join(f"{form.id} v{form.version}" for form in registry.forms())


def _time_zone(work: Path, state: dict[str, object]) -> str:
    """The device's zone from the bundled rules: Almaty is UTC+05:00 since 2024 (older data says +06:00)."""
    from datetime import UTC, datetime

    from intake_app.clock import DEFAULT_TIME_ZONE, time_zone

    offset = datetime(2026, 1, 1, tzinfo=UTC).astimezone(time_zone(DEFAULT_TIME_ZONE)).utcoffset()
    if offset is None or offset.total_seconds() != 5 * 3600:
        raise RuntimeError(f"{DEFAULT_TIME_ZONE} is at {offset}, not UTC+05:00: the time-zone data is old")
    try:
        import tzdata

        rules = f"rules {tzdata.IANA_VERSION} (tzdata)"
    except ImportError:
        rules = "the system's rules"
    return f"{DEFAULT_TIME_ZONE} is UTC+05:00, {rules}"


def _record(work: Path, state: dict[str, object]) -> str:
    from reportlab.pdfgen.canvas import Canvas

    from intake_app.records import lifecycle

    session = state["session"]
    data = dict(_SAMPLE)
    scan = work / "scan.pdf"  # a one-page PDF stands in for the scan of the written application
    canvas = Canvas(str(scan))
    canvas.drawString(72, 720, "Field Intake self-test")
    canvas.save()
    record_id = lifecycle.create_draft(session, "asylum_application", data,  # type: ignore[arg-type]
                                       files=[("application_scan", scan)])
    state["receipt"] = lifecycle.submit(session, record_id)  # type: ignore[arg-type]
    state["record_id"] = record_id
    return f"submitted, receipt {state['receipt']}"


def _receipts(work: Path, state: dict[str, object]) -> str:
    from intake_app.receipts.service import make_receipt

    sizes = []
    for langs in (("fa_AF", "kk"), ("ru", "kk")):
        pdf, _facts = make_receipt(state["session"], str(state["record_id"]), langs)  # type: ignore[arg-type]
        if not pdf.startswith(b"%PDF"):
            raise RuntimeError("not a PDF")
        sizes.append(f"{'+'.join(langs)} {len(pdf) // 1024} KiB")
        state["pdf"] = pdf
    return ", ".join(sizes)


def _chinese(work: Path, state: dict[str, object]) -> str:
    """The packaged app must print Chinese with its own font; a source install uses the machine's, if any."""
    from intake_app import paths
    from intake_app.receipts import fonts
    from intake_app.receipts.service import make_receipt

    cjk = fonts.font(fonts.CJK)
    file = Path(cjk.face.filename) if cjk is not None else None
    bundled = file is not None and file.parent == paths.bundled_fonts_dir()
    if paths.is_packaged() and not bundled:
        raise RuntimeError(f"the package's Chinese font is missing from {paths.bundled_fonts_dir()}")
    if file is None:
        return "skipped: no TrueType Chinese font on this machine (a Chinese receipt names one to install)"
    pdf, _facts = make_receipt(state["session"], str(state["record_id"]), ("zh", "kk"))  # type: ignore[arg-type]
    return f"zh+kk {len(pdf) // 1024} KiB, font {file.name}{' (bundled)' if bundled else ''}"


def _bundle(work: Path, state: dict[str, object]) -> str:
    from intake_app.bundles import RegistryKey, open_bundle, seal_bundle
    from intake_app.sync.outbox import version_input
    from intake_app.sync.spool import device_signer

    session = state["session"]
    key = RegistryKey.generate()
    recipient = key.recipient("self-test")
    signer = device_signer(session.conn, session.device.device_id)  # type: ignore[attr-defined]
    version = version_input(session.conn, str(state["record_id"]), 1,  # type: ignore[attr-defined]
                            session.device.device_id)  # type: ignore[attr-defined]
    sealed = io.BytesIO()
    seal_bundle(sealed, [version], device=signer, registry=recipient)
    sealed.seek(0)
    opened = open_bundle(sealed, registry_keys=key, device_key=lambda _device_id: signer.public_key)
    return f"{len(sealed.getvalue()) // 1024} KiB, {len(opened.versions)} version, {key.suite_id}"


def _qt(work: Path, state: dict[str, object]) -> str:
    import os

    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the self-test needs no display
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QIcon
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication, QLabel

    from intake_app.i18n import TRANSLATED_LANGUAGES
    from intake_app.paths import icon_file
    from intake_app.receipts.raster import render_pages
    from intake_app.ui.context import qt_translator
    from intake_app.ui.icons import RESOURCES, resource_icon
    from intake_app.ui.receipts.printing import paint_pages

    app = QApplication.instance() or QApplication(sys.argv[:1])
    label = QLabel("Field Intake")
    label.show()
    app.processEvents()
    if QIcon(str(icon_file())).pixmap(64, 64).isNull():
        raise RuntimeError(f"the application icon does not load (SVG support missing?): {icon_file()}")
    if resource_icon("view", label).isNull():
        raise RuntimeError(f"the attachment tiles' icon is missing: {RESOURCES / 'view.svg'}")
    missing = [lang for lang in TRANSLATED_LANGUAGES if qt_translator(lang) is None]
    if missing:
        raise RuntimeError(f"Qt's own translations (qtbase) missing for {', '.join(missing)}")
    # Printing as the receipt dialog does: PDFium renders the receipt, Qt paints it on a printer (here a file).
    pages = render_pages(state["pdf"], 100)  # type: ignore[arg-type]
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(work / "printed.pdf"))
    if not paint_pages(printer, pages):
        raise RuntimeError("QPrinter could not be started")
    if not (work / "printed.pdf").read_bytes().startswith(b"%PDF"):
        raise RuntimeError("printing to a file gave no PDF")
    return f"Qt {qVersion()}, platform {QApplication.platformName()}, icon, " \
           f"qtbase {'/'.join(TRANSLATED_LANGUAGES)}, {len(pages)} receipt pages rendered (PDFium) and printed"


_CHECKS: list[tuple[str, Callable[[Path, dict[str, object]], str]]] = [
    ("encrypted store", _store), ("form definitions", _forms), ("device time zone", _time_zone),
    ("record with a scan", _record),
    ("receipts (Dari+Kazakh, Russian+Kazakh)", _receipts), ("Chinese receipt", _chinese),
    ("bundle sealed and opened", _bundle),
    ("Qt: icon, translations, printing", _qt),
]

_SAMPLE = {
    "name_original": "عبدالله رحیمی", "name_latin": "Abdullah Rahimi", "sex": "male", "birth_date": "1991",
    "citizenships": ["AF"], "stateless": False, "languages_spoken": ["prs"], "preferred_language": "prs",
    "interpreter_needed": False, "family_members": [], "documents": [], "no_documents": True,
    "place_type": "border_crossing_point", "place_name": "Self-test", "application_datetime":
    "2026-01-01T10:00:00+05:00", "manner_of_entry": "irregular", "voluntary": True, "grounds": ["religion"],
    "application_language": "prs", "informed_of_rights": True, "rights_language": "prs",
    "lawyer_requested": False, "referral_body": "akimat_migration_service", "referral_date": "2026-01-01",
    "officer_name": "Self-test", "officer_id": "TEST-1",
}
