"""``intake enroll``, ``registries``, ``sync``, ``purge``, ``export``, ``ack import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from intake_app.cli.context import Context, print_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.enrolment import read_enrolment_file
from intake_app.roles import Permission
from intake_app.records.destinations import DEFAULT_DESTINATION, DESTINATIONS
from intake_app.sync import outbox, registries, retention
from intake_app.sync.offline import export_pending, import_acks
from intake_app.sync.registries import find_registry, list_registries


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll", help=_("enrol this device with a registry, from its enrolment file"))
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help=_("the registry's enrolment file"))
    p.add_argument("--destination", default=DEFAULT_DESTINATION, choices=DESTINATIONS,
                   help=_("which records go to this registry (default: border-service)"))
    p.add_argument("--yes", action="store_true", help=_("do not ask to confirm the fingerprint (for scripts)"))
    p.add_argument("--list", action="store_true", help=_("list the registries instead"))
    p.set_defaults(func=cmd_enroll)
    p = sub.add_parser("registries", help=_("list the registries this device is enrolled with"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_registries)
    p = sub.add_parser("sync", help=_("send submitted records to the registries and collect acknowledgements"))
    p.add_argument("--registry", metavar="ID", help=_("only this registry (id, id prefix or name)"))
    p.set_defaults(func=cmd_sync)
    p = sub.add_parser("purge", help=_("remove the personal data of records the registries acknowledged long "
                                       "enough ago (sync.retention_days), keeping the receipt stub"))
    p.add_argument("--dry-run", action="store_true", help=_("only list the records that would be purged"))
    p.set_defaults(func=cmd_purge)
    p = sub.add_parser("export", help=_("write the bundles waiting for a registry to a file (removable media)"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the file to write"))
    p.add_argument("--registry", metavar="ID", help=_("only this registry (id, id prefix or name)"))
    p.set_defaults(func=cmd_export)
    ack = sub.add_parser("ack", help=_("acknowledgements from a registry")).add_subparsers(
        dest="ack_command", required=True, metavar="COMMAND")
    p = ack.add_parser("import", help=_("verify and apply a file of signed acknowledgements"))
    p.add_argument("file", type=Path, metavar="FILE")
    p.set_defaults(func=cmd_ack_import)


def cmd_enroll(ctx: Context) -> int:
    if ctx.args.list:
        ctx.args.json = False
        return cmd_registries(ctx)
    if ctx.args.file is None:
        raise UserError(_("Give the registry's enrolment file."))
    from intake_app.sync import client  # httpx is loaded only by the commands that use it

    enrolment = read_enrolment_file(ctx.args.file)
    with ctx.unlock() as session:
        session.require(Permission.MANAGE_DEVICE)
        print(_("Registry: {name}").format(name=enrolment.name))
        print(_("Address: {url}").format(url=enrolment.url))
        print(_("Destination: {name}").format(name=ctx.args.destination))
        print(_("Fingerprint: {fingerprint}").format(fingerprint=enrolment.fingerprint))
        print(_("Call the registry's operator and compare this fingerprint, group by group."))
        if not ctx.args.yes and not _confirm(_("Is it the same? [y/N] ")):
            print(_("Not enrolled; nothing was changed."))
            return 1
        registry = registries.enroll(session, enrolment, ctx.args.destination)
        print(_("Enrolled with {name}.").format(name=registry.name))
        try:
            status = client.send_enrolment(session, registry)
        except client.Unreachable:
            print(_("The registry cannot be reached now; “intake sync” will send the enrolment request later."))
            return 0
        print(_("Enrolment request sent; the registry says: {status}.").format(status=status))
    return 0


def cmd_registries(ctx: Context) -> int:
    with ctx.unlock() as session:
        rows = [(r, outbox.counts(session.conn, r.registry_id)) for r in list_registries(session.conn)]
    if getattr(ctx.args, "json", False):
        print_json([dict(r.to_json(), outbox=counts) for r, counts in rows])
        return 0
    if not rows:
        print(_("This device is not enrolled with any registry."))
    for registry, counts in rows:
        print(f"{registry.registry_id}  {registry.name}  {registry.url}")
        print("  " + _("destination {destination}, enrolment {status}").format(
            destination=registry.destination, status=registry.enrolment_status))
        print("  " + _("fingerprint {fingerprint}").format(fingerprint=registry.fingerprint))
        print("  " + _("pending {pending}, sent {sent}, acknowledged {acknowledged}, conflicts {conflict}").format(
            **counts))
    return 0


def cmd_sync(ctx: Context) -> int:
    from intake_app.sync import client  # httpx is loaded only by the commands that use it

    with ctx.unlock() as session:
        only = find_registry(session.conn, ctx.args.registry).registry_id if ctx.args.registry else None
        report = client.sync(session, registry=only)
    if not report.registries:
        print(_("This device is not enrolled with any registry."))
    for entry in report.registries:
        print(_("{name}: sent {sent} bundle(s), acknowledged {acknowledged}, conflicts {conflicts}, "
                "waiting {pending}").format(name=entry.name, sent=entry.sent, acknowledged=entry.acknowledged,
                                            conflicts=entry.conflicts, pending=entry.pending))
        if entry.error:
            print("  " + entry.error)
    if report.purged is not None and report.purged.records:
        _print_purge(report.purged)
    return 0 if report.ok else 1


def cmd_purge(ctx: Context) -> int:
    with ctx.unlock() as session:
        report = retention.purge(session, dry_run=ctx.args.dry_run)
    if report.dry_run:
        for record in report.records:
            print(_("{receipt}  {form}  acknowledged {at}").format(
                receipt=record.receipt_no or record.record_id[:8], form=record.form_id, at=record.acknowledged_at))
        print(_("{count} record(s) would be purged.").format(count=len(report.records)))
    else:
        _print_purge(report)
    return 0


def _print_purge(report: retention.PurgeReport) -> None:
    print(_("Purged {records} record(s) ({versions} version(s)); deleted {attachments} attachment(s).").format(
        records=len(report.records), versions=report.versions, attachments=report.attachments))


def cmd_export(ctx: Context) -> int:
    from intake_app.sync.client import configured_max_bytes  # httpx is loaded only by the commands that use it

    with ctx.unlock() as session:
        registry = find_registry(session.conn, ctx.args.registry) if ctx.args.registry else None
        result = export_pending(session, ctx.args.out, registry=registry, max_bytes=configured_max_bytes(session))
    print(_("Wrote {bundles} bundle(s) with {versions} record version(s) to {path}.").format(
        bundles=result.bundles, versions=result.versions, path=ctx.args.out))
    return 0


def cmd_ack_import(ctx: Context) -> int:
    with ctx.unlock() as session:
        result = import_acks(session, ctx.args.file)
    print(_("Applied {applied} acknowledgement(s): {acknowledged} version(s) acknowledged, {conflicts} "
            "conflict(s).").format(applied=result.applied, acknowledged=result.acknowledged,
                                   conflicts=result.conflicts))
    for index, reason in result.refused:
        print("  " + _("Acknowledgement {number} refused: {reason}").format(number=index + 1, reason=reason))
    return 1 if result.refused else 0


def _confirm(prompt: str) -> bool:
    if not sys.stdin.isatty():
        raise UserError(_("Confirm the fingerprint at a terminal, or give --yes after checking it."))
    return input(prompt).strip().lower() in ("y", "yes", "д", "да", "и", "иә")
