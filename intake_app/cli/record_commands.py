"""``intake record …``, ``intake search``, ``intake attach``."""

from __future__ import annotations

import argparse
from typing import Any
from pathlib import Path
from collections.abc import Callable

from intake_app import audit
from intake_app.cli.context import Context, parse_attach_options, print_json, read_json_input
from intake_app.errors import UserError, ValidationFailed
from intake_app.i18n import _, current_language, translate
from intake_app.records import duplicates, lifecycle, prefill
from intake_app.forms import Form
from intake_app.forms.display import describe
from intake_app.forms.prefill import SOURCE_DESCRIPTIONS, fill_missing
from intake_app.records import form_versions
from intake_app.records.labels import kind_label, status_label
from intake_app.records.reading import STATUSES, RecordView, VersionView, get_record, list_records
from intake_app.search.query import search
from intake_app.session import Session
from intake_app.database.connection import transaction


def register(sub: argparse._SubParsersAction) -> None:
    rec = sub.add_parser("record", help=_("create, submit, amend, void and show records")).add_subparsers(
        dest="record_command", required=True, metavar="COMMAND")
    attach_help = _("attach a file to an attachment field (repeatable)")
    p = rec.add_parser("new", help=_("create a record from JSON field values"))
    p.add_argument("--form", required=True)
    p.add_argument("--json", required=True, metavar="FILE", help=_("field values as JSON; “-” reads stdin"))
    p.add_argument("--attach", action="append", metavar="FIELD=FILE", help=attach_help)
    p.add_argument("--draft", action="store_true", help=_("save even if incomplete (problems are listed)"))
    p.add_argument("--no-prefill", action="store_true", help=_(
        "do not fill in what the JSON leaves out (your name and service number, this device's location, "
        "the time), e.g. for records written elsewhere"))
    p.add_argument("--submit", action="store_true", help=_("submit at once and print the receipt number"))
    p.add_argument("--despite-duplicates", action="store_true", help=_(
        "submit even if registered applications may be from the same person (they are listed otherwise)"))
    p.set_defaults(func=cmd_new)
    p = rec.add_parser("edit", help=_("replace a draft's field values"))
    p.add_argument("id")
    p.add_argument("--json", metavar="FILE")
    p.add_argument("--attach", action="append", metavar="FIELD=FILE", help=attach_help)
    p.add_argument("--draft", action="store_true", help=_("save even if incomplete"))
    p.set_defaults(func=cmd_edit)
    p = rec.add_parser("submit", help=_("validate and submit a draft; prints its receipt number"))
    p.add_argument("id")
    p.add_argument("--despite-duplicates", action="store_true", help=_(
        "submit even if registered applications may be from the same person (they are listed otherwise)"))
    p.set_defaults(func=cmd_submit)
    p = rec.add_parser("amend", help=_("add a corrected version of a submitted record"))
    p.add_argument("id")
    p.add_argument("--json", required=True, metavar="FILE")
    p.add_argument("--attach", action="append", metavar="FIELD=FILE", help=attach_help)
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_amend)
    p = rec.add_parser("void", help=_("void a record, giving a reason"))
    p.add_argument("id")
    p.add_argument("--reason", required=True)
    p.set_defaults(func=cmd_void)
    p = rec.add_parser("show", help=_("show a record and its versions"))
    p.add_argument("id")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = rec.add_parser("list", help=_("list records"))
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--form")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help=_("find records by name (any script), receipt or document number, "
                                        "birth year"))
    p.add_argument("query", nargs="+")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("attach", help=_("add a scan or photo to a draft's attachment field"))
    p.add_argument("id")
    p.add_argument("field")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_attach)


def _report_problems(exc: ValidationFailed) -> None:
    for line in exc.details:
        print("  " + line)


def cmd_new(ctx: Context) -> int:
    data = read_json_input(ctx.args.json)
    files = parse_attach_options(ctx.args.attach)
    with ctx.unlock() as session:
        form = session.forms.get(ctx.args.form)
        filled: dict[str, object] = {}
        if not ctx.args.no_prefill and isinstance(data, dict):
            session.require_form_access(form.id)
            data, filled = _prefilled(session, form, data)
        if ctx.args.draft:
            result = lifecycle.validate(session, form, data)
            for issue in result.issues:
                print("  " + f"{issue.path}: {issue.message(current_language())}")
        record_id = lifecycle.create_draft(session, form.id, data, strict=not ctx.args.draft, files=files,
                                           prefilled=filled)
        print(_("Draft saved: {id}").format(id=record_id))
        if ctx.args.submit:
            _submit(session, record_id, despite_duplicates=ctx.args.despite_duplicates)
    return 0


def _prefilled(session: Session, form: Form, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data`` with what the app knows filled in where the JSON leaves it out, saying so; and those values."""
    initial = prefill.initial_values(session, form)
    data, filled = fill_missing(form, initial, data, today=session.today())
    if filled:
        print(_("Filled in what the JSON leaves out:"))
        for path, value in filled.items():
            print(f"  {path} = {value}  — {translate(SOURCE_DESCRIPTIONS[initial.sources[path]])}")
    return data, filled


def _submit(session: Session, record_id: str, *, despite_duplicates: bool) -> None:
    """Submit, unless the applicant may already be registered and the officer has not said otherwise."""
    if not despite_duplicates:
        duplicates.check_before_submitting(session, record_id)
    receipt = lifecycle.submit(session, record_id)
    print(_("Submitted. Receipt number: {receipt}").format(receipt=receipt))


def cmd_edit(ctx: Context) -> int:
    data = read_json_input(ctx.args.json) if ctx.args.json else None
    files = parse_attach_options(ctx.args.attach)
    if data is None and not files:
        raise UserError(_("Nothing to change: give --json and/or --attach."))
    with ctx.unlock() as session:
        lifecycle.update_draft(session, ctx.args.id, data, strict=not ctx.args.draft, files=files)
    print(_("Draft updated."))
    return 0


def cmd_submit(ctx: Context) -> int:
    with ctx.unlock() as session:
        _submit(session, ctx.args.id, despite_duplicates=ctx.args.despite_duplicates)
    return 0


def cmd_amend(ctx: Context) -> int:
    data = read_json_input(ctx.args.json)
    with ctx.unlock() as session:
        version = lifecycle.amend(session, ctx.args.id, data, ctx.args.reason,
                                  files=parse_attach_options(ctx.args.attach))
    print(_("Amended: version {version} submitted.").format(version=version))
    return 0


def cmd_void(ctx: Context) -> int:
    with ctx.unlock() as session:
        lifecycle.void(session, ctx.args.id, ctx.args.reason)
    print(_("The record is now void."))
    return 0


def cmd_attach(ctx: Context) -> int:
    with ctx.unlock() as session:
        lifecycle.update_draft(session, ctx.args.id, None, strict=False, files=[(ctx.args.field, ctx.args.file)])
    print(_("Attached “{name}”.").format(name=ctx.args.file.name))
    return 0


def cmd_show(ctx: Context) -> int:
    with ctx.unlock() as session:
        record = get_record(session, ctx.args.id)
        if ctx.args.json:
            _audit_export(session, [record.id])
            print_json(record.to_json())
            return 0
        _print_record(record, lambda v: form_versions.load(session.conn, v.form_id, v.form_version))
    return 0


def cmd_list(ctx: Context) -> int:
    with ctx.unlock() as session:
        records = list_records(session, status=ctx.args.status, form_id=ctx.args.form, limit=ctx.args.limit)
        _output(ctx, session, records)
    return 0


def cmd_search(ctx: Context) -> int:
    with ctx.unlock() as session:
        records = search(session, " ".join(ctx.args.query), limit=ctx.args.limit)
        _output(ctx, session, records)
    return 0


def _output(ctx: Context, session: Session, records: list[RecordView]) -> None:
    if ctx.args.json:
        _audit_export(session, [r.id for r in records])
        print_json([r.to_json() for r in records])
        return
    if not records:
        print(_("No records."))
    for r in records:
        print(f"{r.id[:8]}  {r.receipt_no or '-':<14}  {status_label(r.status):<12}  {r.updated_at[:10]}  "
              f"{' / '.join(r.names)}")


def _audit_export(session: Session, ids: list[str]) -> None:
    """Personal data leaving the store (as JSON on stdout) is an export: it is logged."""
    with transaction(session.conn) as conn:
        audit.append(conn, session.user.username, "record.export", None,
                     {"records": ids[:1000], "count": len(ids), "channel": "cli-json"})


def _print_record(record: RecordView, form_for: Callable[[VersionView], Form]) -> None:
    print(_("Record {id}").format(id=record.id))
    print("  " + _("Form: {form}   Status: {status}   Receipt: {receipt}").format(
        form=record.form_id, status=status_label(record.status), receipt=record.receipt_no or "-"))
    if record.names:
        print("  " + _("Names: {names}").format(names=" / ".join(record.names)))
    for v in record.versions:
        when = v.submitted_at or v.created_at
        print("  " + _("Version {n} ({kind}) by {user} at {at}").format(
            n=v.version, kind=kind_label(v.kind) if v.state == "submitted" else status_label("draft"),
            user=v.submitted_by or v.created_by, at=(when or "")[:19]))
        if v.reason:
            print("    " + _("Reason: {reason}").format(reason=v.reason))
        if v.content_hash:
            print("    " + _("Content hash: {hash}").format(hash=v.content_hash))
    current = record.current
    if current:
        print()
        for line in describe(form_for(current), current.data, current_language()):
            indent = "  " * (line.depth + 1)
            print(f"{indent}{line.label}: {line.text}" if line.kind == "value" else f"{indent}{line.label}")
