"""``intake registry …``: create a registry, show and export its enrolment file, decide on devices.

The registry's passphrase comes from ``--passphrase-file``, else
``$INTAKE_REGISTRY_PASSPHRASE``, else a prompt (twice when creating). It is
never the device store's passphrase variable, and never a command-line
argument. Changes are audited under the operator's name: ``--operator`` or
``$USER``.
"""

from __future__ import annotations

import argparse
import base64
import os
from pathlib import Path

from intake_app.cli.audit_report import print_entries, print_verdict
from intake_app.cli.context import Context, print_json, print_listing, read_secret
from intake_app.clock import utc_now
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.enrolment import Enrolment, write_enrolment_file
from intake_app.protocol.requests import EnrolmentRequest, check_request
from intake_app.protocol.suites import SUITE_NAMES
from intake_app.registry import devices
from intake_app.registry.registry import Registry, check_files, check_new_directory


ENV_REGISTRY_PASSPHRASE = "INTAKE_REGISTRY_PASSPHRASE"
STATUSES = ("pending", "approved", "revoked")


#: The ``registry`` subcommands and the option parsers they share (folder, secret, who): what
#: ``registry_received.register`` adds its commands to.
RegistryParsers = tuple[argparse._SubParsersAction, argparse.ArgumentParser, argparse.ArgumentParser,
                        argparse.ArgumentParser]


def register(sub: argparse._SubParsersAction) -> RegistryParsers:
    secret = argparse.ArgumentParser(add_help=False)
    secret.add_argument("--passphrase-file", dest="registry_passphrase_file", metavar="FILE",
                        help=_("read the registry's passphrase from this file (default: "
                               "$INTAKE_REGISTRY_PASSPHRASE, or a prompt)"))
    who = argparse.ArgumentParser(add_help=False)
    who.add_argument("--operator", help=_("who makes the change, for the registry's audit log (default: $USER)"))
    folder = argparse.ArgumentParser(add_help=False)
    folder.add_argument("dir", metavar="DIR", type=Path, help=_("the registry's directory"))

    reg = sub.add_parser("registry", help=_("the central registry: its keys, its enrolment file and its devices"))
    cmds = reg.add_subparsers(dest="registry_command", required=True, metavar="COMMAND")
    p = cmds.add_parser("init", parents=[folder, secret, who],
                        help=_("create a registry: its keys and its encrypted database, in a new directory"))
    p.add_argument("--name", default="", help=_("the registry's name, shown to devices"))
    p.add_argument("--url", default="", help=_("the address devices sync with, e.g. https://registry.example.org"))
    p.add_argument("--suite", choices=sorted(SUITE_NAMES), default="mlkem768-x25519",
                   help=_("encryption: the post-quantum hybrid mlkem768-x25519 (default) or the classic x25519"))
    p.set_defaults(func=cmd_init)
    p = cmds.add_parser("show", parents=[folder, secret], help=_("show the registry's enrolment data and fingerprint"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = cmds.add_parser("export-enrolment", parents=[folder, secret],
                        help=_("write the enrolment file that devices need to sync with this registry"))
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help=_("the enrolment file to write (JSON)"))
    p.set_defaults(func=cmd_export_enrolment)
    p = cmds.add_parser("audit", parents=[folder, secret], help=_("verify the registry's audit log and show it"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit)

    dev = cmds.add_parser("devices", help=_("devices that ask to enrol: list, approve, reject, revoke"))
    dev_cmds = dev.add_subparsers(dest="devices_command", required=True, metavar="COMMAND")
    p = dev_cmds.add_parser("add-request", parents=[folder, secret, who],
                            help=_("record a device's enrolment request from its key file (intake device export-key)"))
    p.add_argument("file", metavar="FILE", type=Path, help=_("the device's key file"))
    p.set_defaults(func=cmd_add_request)
    p = dev_cmds.add_parser("list", parents=[folder, secret], help=_("list devices with their status and fingerprint"))
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = dev_cmds.add_parser("approve", parents=[folder, secret, who], help=_("approve a pending device"))
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument("--fingerprint", help=_("approve only if the request's key has this fingerprint"))
    p.set_defaults(func=cmd_approve)
    p = dev_cmds.add_parser("reject", parents=[folder, secret, who],
                            help=_("reject a pending request (the device may ask again)"))
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument("--reason", default="", help=_("why, for the audit log"))
    p.set_defaults(func=cmd_reject)
    p = dev_cmds.add_parser("revoke", parents=[folder, secret, who],
                            help=_("revoke a device for good: its bundles are no longer accepted"))
    p.add_argument("device_id", metavar="DEVICE_ID")
    p.add_argument("--reason", default="", help=_("why, for the audit log"))
    p.set_defaults(func=cmd_revoke)
    return cmds, folder, secret, who


def cmd_init(ctx: Context) -> int:
    directory: Path = ctx.args.dir
    check_new_directory(directory)
    operator = operator_name(ctx)
    passphrase = ctx.new_passphrase(file_option=_passphrase_file(ctx), env=ENV_REGISTRY_PASSPHRASE)
    with Registry.create(directory, passphrase, operator=operator, name=ctx.args.name, url=ctx.args.url,
                         suite=SUITE_NAMES[ctx.args.suite]) as registry:
        enrolment = registry.enrolment
    print(_("Created the registry in {path}.").format(path=directory))
    print(_("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=enrolment.fingerprint))
    print(_("Give devices its enrolment file: intake registry export-enrolment {path} --out FILE").format(
        path=directory))
    return 0


def cmd_show(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        enrolment = registry.enrolment
    if ctx.args.json:
        print_json(enrolment.to_json())
        return 0
    for line in enrolment_lines(enrolment):
        print(line)
    return 0


def cmd_export_enrolment(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        enrolment = registry.enrolment
    write_enrolment_file(ctx.args.out, enrolment)
    print(_("Wrote the registry's enrolment file to {path}.").format(path=ctx.args.out))
    print(_("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=enrolment.fingerprint))
    return 0


def cmd_audit(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        count, problems = registry.verify_audit()
        log = registry.audit_entries(limit=ctx.args.limit)
    if ctx.args.json:
        print_json({"entries": [vars(e) for e in log], "problems": [p.message for p in problems]})
        return 2 if problems else 0
    print_entries(log)
    return print_verdict(count, problems)


def cmd_add_request(ctx: Context) -> int:
    request = check_request(EnrolmentRequest.from_key_file(ctx.args.file, at=utc_now()))
    check_files(ctx.args.dir)
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        before = registry.device_status(request.device_id)
        device = devices.request_enrolment(registry, request, operator=operator)
    if before != "unknown":
        print(_("Device {device} had already asked to enrol with this key; nothing changed. Status: {status}.")
              .format(device=device.device_id, status=devices.status_label(device.status)))
        return 0
    print(_("Device {device} ({name}, {location}) is waiting for approval.").format(
        device=device.device_id, name=device.device_name, location=device.location_code))
    print(_("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=device.fingerprint))
    print(_("Compare it with the fingerprint the device shows, over a channel you trust, then approve: "
            "intake registry devices approve {path} {device}").format(path=ctx.args.dir, device=device.device_id))
    return 0


def cmd_list(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        found = devices.list_devices(registry, ctx.args.status)
    return print_listing(found, as_json=ctx.args.json, to_json=lambda d: d.to_json(),
                         empty=_("No device has asked to enrol."),
                         lines=lambda d: (f"{devices.status_label(d.status):<12} {d.device_id}  "
                                          f"{d.location_code:<20} {d.device_name}", f"{'':<12} {d.fingerprint}"))


def cmd_approve(ctx: Context) -> int:
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        device = devices.approve_device(registry, ctx.args.device_id, operator=operator,
                                        expected_fingerprint=ctx.args.fingerprint)
    print(_("Approved device {device} ({name}, {location}).").format(
        device=device.device_id, name=device.device_name, location=device.location_code))
    return 0


def cmd_reject(ctx: Context) -> int:
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        device = devices.reject_device(registry, ctx.args.device_id, operator=operator, reason=ctx.args.reason)
    print(_("Rejected the enrolment request of device {device}; the device may ask again.").format(
        device=device.device_id))
    return 0


def cmd_revoke(ctx: Context) -> int:
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        device = devices.revoke_device(registry, ctx.args.device_id, operator=operator, reason=ctx.args.reason)
    print(_("Revoked device {device}. It cannot be enrolled again.").format(device=device.device_id))
    return 0


def enrolment_lines(enrolment: Enrolment) -> list[str]:
    lines = [_("Registry id: {id}").format(id=enrolment.registry_id)]
    if enrolment.name:
        lines.append(_("Name: {name}").format(name=enrolment.name))
    if enrolment.url:
        lines.append(_("URL: {url}").format(url=enrolment.url))
    recipient = enrolment.recipient
    lines += [
        _("Created at: {time} UTC").format(time=enrolment.created_at[:19].replace("T", " ")),
        _("Signing key (Ed25519, base64): {key}").format(
            key=base64.b64encode(enrolment.signing_public_key).decode("ascii")),
        _("Encryption suite (HPKE): {suite}").format(suite=recipient.suite_id),
        _("Encryption key id: {id}").format(id=recipient.key_id),
        _("Encryption key (base64): {key}").format(key=recipient.public_key_b64),
        _("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=enrolment.fingerprint),
    ]
    return lines


def open_registry(ctx: Context) -> Registry:
    check_files(ctx.args.dir)
    passphrase = read_secret(_passphrase_file(ctx), ENV_REGISTRY_PASSPHRASE, _("Registry passphrase: "))
    return Registry.open(ctx.args.dir, passphrase)


def _passphrase_file(ctx: Context) -> str | None:
    return ctx.args.registry_passphrase_file or ctx.args.passphrase_file


def operator_name(ctx: Context) -> str:
    operator = ctx.args.operator or os.environ.get("USER") or os.environ.get("USERNAME")
    if not operator:
        raise UserError(_("Say who makes the change with --operator NAME: the registry's audit log records every "
                          "change under that name, and no $USER is set here to use instead."))
    return operator
