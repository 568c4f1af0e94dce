"""``intake device …`` (the device's signing identity) and ``intake receipt …`` (signed receipt tokens)."""

from __future__ import annotations

import argparse
import base64
import errno
import os
from pathlib import Path

from intake_app.cli import receipt_commands
from intake_app.cli.context import Context, print_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.keys import DeviceKey, load_key_files, write_key_file
from intake_app.protocol.receipt_token import ReceiptTokenError, VerifiedReceipt, verify_token
from intake_app.receipts.version_token import token_for_version

_TIME = "%Y-%m-%d %H:%M:%S"


def register(sub: argparse._SubParsersAction) -> None:
    dev = sub.add_parser("device", help=_("this device's identity and its public signing key")).add_subparsers(
        dest="device_command", required=True, metavar="COMMAND")
    p = dev.add_parser("show", help=_("show the device id, code, name, location and public signing key"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_device_show)
    p = dev.add_parser("export-key", help=_("write the device's public key to a file, for those who verify "
                                            "its receipts"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the key file to write (JSON)"))
    p.set_defaults(func=cmd_device_export_key)
    p = sub.add_parser("self-test", help=_("check that this installation works offline (encrypted store, forms, "
                                           "receipts, bundles, Qt); exit status 0 if it does"))
    p.set_defaults(func=cmd_self_test)

    rec = sub.add_parser("receipt", help=_("receipts: save or print one, check a token")).add_subparsers(
        dest="receipt_command", required=True, metavar="COMMAND")
    p = rec.add_parser("verify", help=_("check a receipt token, or the token in a receipt PDF"))
    p.add_argument("token", metavar="TOKEN_OR_PDF", help=_("a token (starting with FIR1) or a receipt PDF file"))
    p.add_argument("--key", action="append", type=Path, metavar="FILE",
                   help=_("a device key file from “intake device export-key” (repeatable); without it, this "
                          "device's own key is used"))
    p.set_defaults(func=cmd_receipt_verify)
    p = rec.add_parser("token", help=_("print the signed receipt token of a record"))
    p.add_argument("id")
    p.add_argument("--version", type=int, help=_("the version (default: the latest submitted one)"))
    p.set_defaults(func=cmd_receipt_token)
    receipt_commands.register(rec)


def cmd_self_test(ctx: Context) -> int:
    """The same checks as ``intake-app --self-test``; on Windows only this one has a console to print to."""
    from intake_app.ui.self_test import run_self_test

    return run_self_test()


def cmd_device_show(ctx: Context) -> int:
    with ctx.unlock() as session:
        key = DeviceKey.of(session.device)
    if ctx.args.json:
        print_json(key.to_json())
        return 0
    for line in _device_lines(key, with_public_key=True):
        print(line)
    return 0


def cmd_device_export_key(ctx: Context) -> int:
    with ctx.unlock() as session:
        key = DeviceKey.of(session.device)
    write_key_file(ctx.args.out, key)
    print(_("Wrote the public key of this device to {path}.").format(path=ctx.args.out))
    print(_("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=key.fingerprint))
    return 0


def cmd_receipt_token(ctx: Context) -> int:
    with ctx.unlock() as session:
        print(token_for_version(session, ctx.args.id, ctx.args.version))
    return 0


def cmd_receipt_verify(ctx: Context) -> int:
    """Keys from files need no store at all; without them, this device's own key (after unlocking)."""
    if ctx.args.key:
        keys = load_key_files(ctx.args.key)
    else:
        with ctx.unlock() as session:
            own = DeviceKey.of(session.device)
        keys = {own.device_id: own}
    try:
        verified = verify_token(_token_text(ctx.args.token), keys)
    except ReceiptTokenError as exc:
        print(_("NOT valid: {reason}").format(reason=exc.message))
        return 1
    for line in _verified_lines(verified):
        print(line)
    return 0


def _token_text(source: str) -> str:
    """The token itself, or the one in the receipt PDF named by ``source``."""
    from intake_app.receipts.pdf_metadata import token_from_pdf

    path = Path(source)
    if path.is_file():
        return token_from_pdf(path)
    if source.lower().endswith(".pdf") or os.sep in source or "/" in source:
        raise UserError(_("Cannot read “{path}”: {reason}.").format(path=source, reason=os.strerror(errno.ENOENT)))
    return source


def _verified_lines(verified: VerifiedReceipt) -> list[str]:
    claim = verified.claim
    return [
        _("valid"),
        "  " + _("Receipt number: {receipt}").format(receipt=verified.receipt_no),
        "  " + _("Submitted at: {utc} UTC, that is {local} in Kazakhstan (UTC+5)").format(
            utc=claim.submitted_at_utc.strftime(_TIME), local=claim.submitted_at_local.strftime(_TIME)),
        "  " + _("Content hash: {hash}").format(hash=claim.content_hash),
        *("  " + line for line in _device_lines(verified.device, with_public_key=False)),
    ]


def _device_lines(key: DeviceKey, *, with_public_key: bool) -> list[str]:
    lines = [_("Device id: {id}").format(id=key.device_id)]
    if key.device_code:
        lines.append(_("Device code: {code}").format(code=key.device_code))
    if key.name:
        lines.append(_("Device name: {name}").format(name=key.name))
    if key.location_code:
        lines.append(_("Location code: {code}").format(code=key.location_code))
    if with_public_key:
        lines.append(_("Public key (Ed25519, base64): {key}").format(
            key=base64.b64encode(key.public_key).decode("ascii")))
    lines.append(_("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=key.fingerprint))
    return lines
