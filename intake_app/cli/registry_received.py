"""``intake registry serve|import|ack-export|records …``: what the registry receives, and staff access to it.

Registered under ``intake registry`` by :mod:`intake_app.cli.registry_commands`
(same passphrase and operator options). Exports hold personal data: they are
written with mode 0600, or to standard output when no ``--out`` is given.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from intake_app.bundles.ack import Acknowledgement
from intake_app.cli.context import Context, print_json, print_listing, read_secret
from intake_app.cli.registry_commands import ENV_REGISTRY_PASSPHRASE, open_registry, operator_name
from intake_app.errors import NotFound, UserError
from intake_app.i18n import _
from intake_app.registry import ingest, received
from intake_app.registry.registry import check_files
from intake_app.safe_io import write_file


def register(cmds: argparse._SubParsersAction, folder: argparse.ArgumentParser, secret: argparse.ArgumentParser,
             who: argparse.ArgumentParser) -> None:
    p = cmds.add_parser("serve", parents=[folder, secret],
                        help=_("run the registry's HTTPS server, which devices sync with"))
    p.add_argument("--host", default="127.0.0.1", help=_("the address to listen on (default: 127.0.0.1)"))
    p.add_argument("--port", type=int, default=8443, help=_("the port to listen on (default: 8443)"))
    p.add_argument("--certfile", metavar="FILE", help=_("the TLS certificate (PEM); with --keyfile, serve HTTPS"))
    p.add_argument("--keyfile", metavar="FILE", help=_("the TLS private key (PEM)"))
    p.add_argument("--max-bundle-mib", type=int, default=256, metavar="MIB",
                   help=_("the largest bundle accepted, in MiB (default: 256)"))
    p.set_defaults(func=cmd_serve)
    p = cmds.add_parser("import", parents=[folder, secret, who], help=_(
        "take in bundles from removable media: a bundle file, or a file from “intake export”"))
    p.add_argument("file", metavar="FILE", type=Path, help=_("the bundle file or export file"))
    p.add_argument("--acks-out", type=Path, metavar="FILE",
                   help=_("also write the signed acknowledgements to this file, for the device"))
    p.set_defaults(func=cmd_import)
    p = cmds.add_parser("ack-export", parents=[folder, secret],
                        help=_("write the signed acknowledgement of a bundle, to carry back to its device"))
    p.add_argument("bundle_id", metavar="BUNDLE_ID")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the file to write (JSON)"))
    p.set_defaults(func=cmd_ack_export)

    rec = cmds.add_parser("records", help=_("the record versions the registry received: list, show, export"))
    rec_cmds = rec.add_subparsers(dest="records_command", required=True, metavar="COMMAND")
    p = rec_cmds.add_parser("list", parents=[folder, secret], help=_("list the record versions received"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_records_list)
    p = rec_cmds.add_parser("show", parents=[folder, secret], help=_("show every version of one record"))
    p.add_argument("record_id", metavar="ID", help=_("record id or receipt number"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_records_show)
    p = rec_cmds.add_parser("export", parents=[folder, secret],
                            help=_("export every version received, with its data (personal data: protect the file)"))
    p.add_argument("--format", choices=("json", "csv"), default="json", dest="export_format")
    p.add_argument("--out", type=Path, metavar="FILE", help=_("the file to write (default: standard output)"))
    p.set_defaults(func=cmd_records_export)


def cmd_serve(ctx: Context) -> int:
    from intake_app.registry.server import serve

    args = ctx.args
    if bool(args.certfile) != bool(args.keyfile):
        raise UserError(_("Give both --certfile and --keyfile to serve HTTPS, or neither."))
    if args.max_bundle_mib < 1:
        raise UserError(_("The largest bundle must be at least 1 MiB."))
    check_files(args.dir)
    passphrase = read_secret(args.registry_passphrase_file or args.passphrase_file, ENV_REGISTRY_PASSPHRASE,
                             _("Registry passphrase: "))
    if not args.certfile:
        print(_("Warning: serving plain HTTP, without TLS; use it only behind a TLS proxy or for tests."),
              file=sys.stderr)
    serve(args.dir, passphrase, host=args.host, port=args.port, certfile=args.certfile, keyfile=args.keyfile,
          max_bundle_bytes=args.max_bundle_mib * 1024 * 1024)
    return 0


def cmd_import(ctx: Context) -> int:
    operator = operator_name(ctx)
    failures: list[tuple[int, UserError]] = []
    with open_registry(ctx) as registry:
        acks = ingest.ingest_bundles_file(registry, ctx.args.file, operator=operator, failures=failures)
    if failures and not acks and len(failures) == 1:
        raise failures[0][1]
    for ack in acks:
        print(_("Bundle {bundle} from device {device}: {accepted} version(s) accepted, {conflicts} conflict(s).")
              .format(bundle=ack.bundle_id, device=ack.device_id, accepted=len(ack.accepted),
                      conflicts=len(ack.conflicts)))
        for item in ack.conflicts:
            print(_("Conflict: the registry holds other content for version {n} of record {id}; it was not "
                    "stored.").format(n=item.version, id=item.record_id))
    for index, failure in failures:
        print(_("Bundle {n} of the file was refused: {reason}").format(n=index + 1, reason=failure.message),
              file=sys.stderr)
    if ctx.args.acks_out and acks:
        _write(ctx.args.acks_out, _acks_json(acks))
        print(_("Wrote the signed acknowledgements to {path}; carry them back to the device.").format(
            path=ctx.args.acks_out))
    return 1 if failures else 0


def cmd_ack_export(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        found = ingest.stored_ack(registry, ctx.args.bundle_id.strip().lower())
    if found is None:
        raise NotFound(_("The registry has taken no bundle {bundle}.").format(bundle=ctx.args.bundle_id.strip()))
    _write(ctx.args.out, found[1] + b"\n")
    print(_("Wrote the signed acknowledgement to {path}.").format(path=ctx.args.out))
    return 0


def cmd_records_list(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        versions = received.list_versions(registry)
    return print_listing(versions, as_json=ctx.args.json, to_json=lambda v: v.summary(),
                         empty=_("The registry has received no records yet."),
                         lines=lambda v: (f"{v.record_id}  v{v.version:<3} {v.kind:<10} {v.receipt_no or '-':<16} "
                                          f"{v.device_id[:8]}  {v.received_at[:19].replace('T', ' ')}",))
    return 0


def cmd_records_show(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        versions = received.get_record(registry, ctx.args.record_id)
        attachments = {v.version: received.attachment_ids(registry, v.record_id, v.version) for v in versions}
    if ctx.args.json:
        print_json([{**v.to_json(), "attachments": attachments[v.version]} for v in versions])
        return 0
    for v in versions:
        print(_("Version {n} ({kind}), receipt {receipt}, submitted {submitted}, received {received}").format(
            n=v.version, kind=v.kind, receipt=v.receipt_no or "-", submitted=v.submitted_at[:19],
            received=v.received_at[:19]))
        print(_("Device {device}, bundle {bundle}, content hash {hash}").format(
            device=v.device_id, bundle=v.bundle_id, hash=v.content_hash))
        print(json.dumps(v.data(), ensure_ascii=False, indent=2, sort_keys=True))
        for ident in attachments[v.version]:
            print(_("Attachment: {id}").format(id=ident))
    return 0


def cmd_records_export(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        versions = received.list_versions(registry, with_documents=True)
    data = received.export_csv(versions) if ctx.args.export_format == "csv" else received.export_json(versions)
    if ctx.args.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    _write(ctx.args.out, data)
    print(_("Exported {n} record version(s) to {path}.").format(n=len(versions), path=ctx.args.out))
    return 0


def _acks_json(acks: list[Acknowledgement]) -> bytes:
    """A JSON array of the signed acknowledgements, each exactly as the registry stored and signed it."""
    return b"[" + b",".join(ingest.ack_bytes(ack) for ack in acks) + b"]\n"


def _write(path: Path, data: bytes) -> None:
    write_file(path, data, mode=0o600)
