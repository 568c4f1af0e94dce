"""``intake receipt save|print``: the applicant's receipt as a PDF file, or straight to a printer.

The PDF is the one the desktop app previews. ``save`` writes it only to the
file named with ``--out``; ``print`` hands it to the system's print spooler
on standard input (CUPS ``lp``), so no copy is left in a temporary file.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
from pathlib import Path

from intake_app import paths
from intake_app.cli.context import Context
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.receipts.service import make_receipt, note_receipt_output
from intake_app.safe_io import write_file


def register(rec: argparse._SubParsersAction) -> None:
    """Add ``save`` and ``print`` to the ``intake receipt`` commands."""
    for name, func, help_text in (
            ("save", cmd_receipt_save, _("write the receipt of a submitted record to a PDF file")),
            ("print", cmd_receipt_print, _("print the receipt of a submitted record (CUPS “lp”)"))):
        p = rec.add_parser(name, help=help_text)
        p.add_argument("id", help=_("record id or receipt number"))
        p.add_argument("--languages", dest="receipt_languages", metavar="L1,L2", help=_(
            "receipt languages, applicant's first, e.g. fa_AF,kk or uz,kk,ru (default: the applicant's "
            "preferred language, Kazakh and Russian)"))
        if name == "save":
            p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf", help=_("the PDF file to write"))
        else:
            p.add_argument("--printer", metavar="NAME", help=_("printer name (default: the system default)"))
        p.set_defaults(func=func)


def cmd_receipt_save(ctx: Context) -> int:
    langs = tuple(ctx.args.receipt_languages.split(",")) if ctx.args.receipt_languages else None
    out: Path = ctx.args.out
    with ctx.unlock() as session:
        pdf, facts = make_receipt(session, ctx.args.id, langs)
        write_file(out, pdf)
        note_receipt_output(session, facts.record_id, "saved", facts.langs)
    print(_("Receipt {receipt} saved to {path}.").format(receipt=facts.receipt_no, path=out))
    return 0


def cmd_receipt_print(ctx: Context) -> int:
    lp = shutil.which("lp")
    if lp is None:
        raise UserError(_("No print spooler (“lp”) was found: save the receipt with “intake receipt save” "
                          "and print the file, or print from the desktop app."))
    langs = tuple(ctx.args.receipt_languages.split(",")) if ctx.args.receipt_languages else None
    with ctx.unlock() as session:
        pdf, facts = make_receipt(session, ctx.args.id, langs)
        command = [lp, "-t", f"receipt-{facts.receipt_no}"] + (["-d", ctx.args.printer] if ctx.args.printer else [])
        result = subprocess.run(command, input=pdf, capture_output=True, timeout=120, check=False,
                                env=paths.external_program_env())
        if result.returncode != 0:
            reason = result.stderr.decode("utf-8", "replace").strip() or str(result.returncode)
            raise UserError(_("The receipt could not be printed: {reason}").format(reason=reason))
        note_receipt_output(session, facts.record_id, "printed", facts.langs)
    print(_("Receipt {receipt} sent to the printer.").format(receipt=facts.receipt_no))
    return 0

