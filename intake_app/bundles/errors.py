"""The one error a bundle raises, with a machine-readable code for each reason.

Every check that fails, while sealing or while opening, raises
:class:`BundleError`. ``code`` says which check (the list is in
docs/bundle-format.md, "Error codes"); ``context`` gives the section, record
or attachment concerned, for logs. The message is translated and holds no
personal data: only record ids (random UUIDs, shortened) and section numbers.
"""

from __future__ import annotations

from typing import Any

from intake_app.errors import UserError
from intake_app.i18n import _

#: Every code :class:`BundleError` can carry.
CODES = frozenset({
    "not_a_bundle", "version", "truncated", "too_large", "malformed", "trailing_data", "unknown_device",
    "signature", "wrong_registry", "suite", "key", "section_hash", "chunk", "content_hash", "mismatch",
    "record_signature", "attachment_hash",
})


class BundleError(UserError):
    """A bundle (or the data to seal into one) failed a check; nothing from it may be kept."""

    def __init__(self, code: str, message: str, **context: Any) -> None:
        if code not in CODES:
            raise ValueError(f"unknown bundle error code {code!r}")
        super().__init__(message)
        self.code = code
        self.context = context

    def __repr__(self) -> str:
        return f"BundleError({self.code!r}, {self.context!r})"


def _short(record_id: str) -> str:
    return record_id[:8]


def not_a_bundle() -> BundleError:
    return BundleError("not_a_bundle", _("This file is not a Field Intake bundle."))


def unknown_version(version: int) -> BundleError:
    return BundleError("version", _("The bundle has the unknown format version {version}: this program reads "
                                    "version 1.").format(version=version), version=version)


def truncated(**context: Any) -> BundleError:
    return BundleError("truncated", _("The bundle is incomplete: the file ends too early (it was cut off while "
                                      "being sent or copied)."), **context)


def too_large(what: str, **context: Any) -> BundleError:
    return BundleError("too_large", _("The bundle declares a size beyond the allowed limits: it is refused "
                                      "unread."), what=what, **context)


def malformed(what: str, **context: Any) -> BundleError:
    """``what`` says, in English, for logs only, which rule was broken."""
    return BundleError("malformed", _("The bundle is malformed and cannot be read."), what=what, **context)


def trailing_data() -> BundleError:
    return BundleError("trailing_data", _("The bundle has data after its end: it was altered."))


def unknown_device(device_id: str) -> BundleError:
    return BundleError("unknown_device", _("The bundle names device {device}, which is not enrolled here (or the "
                                           "device id in it was altered).").format(device=device_id),
                       device_id=device_id)


def bad_signature() -> BundleError:
    return BundleError("signature", _("The bundle's signature does not match its device's key: the bundle was "
                                      "altered or forged."))


def wrong_registry(key_id: str) -> BundleError:
    return BundleError("wrong_registry", _("The bundle is encrypted for another registry key: it cannot be opened "
                                           "here."), key_id=key_id)


def unknown_suite(suite: str) -> BundleError:
    return BundleError("suite", _("The bundle uses an encryption suite this program does not support."),
                       suite=suite)


def bad_key() -> BundleError:
    return BundleError("key", _("The bundle's key cannot be decrypted with this registry's key: the bundle was "
                                "altered, or the key is not the right one."))


def section_hash(section: int) -> BundleError:
    return BundleError("section_hash", _("Part {n} of the bundle does not match its hash in the signed manifest: "
                                         "the bundle was altered.").format(n=section + 1), section=section)


def bad_chunk(section: int, chunk: int) -> BundleError:
    return BundleError("chunk", _("Part {n} of the bundle does not decrypt: its data were altered, reordered or "
                                  "cut short.").format(n=section + 1), section=section, chunk=chunk)


def content_hash(record_id: str, version: int) -> BundleError:
    return BundleError("content_hash", _("Version {n} of record {id} does not match its content hash: the record "
                                         "was altered.").format(n=version, id=_short(record_id)),
                       record_id=record_id, version=version)


def mismatch(record_id: str, version: int, what: str) -> BundleError:
    return BundleError("mismatch", _("Version {n} of record {id} does not match what the bundle's manifest says "
                                     "about it.").format(n=version, id=_short(record_id)),
                       record_id=record_id, version=version, what=what)


def record_signature(record_id: str, version: int) -> BundleError:
    return BundleError("record_signature", _("The device signature of version {n} of record {id} does not match: "
                                             "the record was altered or forged.").format(
                                                 n=version, id=_short(record_id)),
                       record_id=record_id, version=version)


def attachment_hash(attachment_id: str) -> BundleError:
    return BundleError("attachment_hash", _("The attachment {id} does not match its hash or its size: it was "
                                            "altered, or it changed while the bundle was being made.").format(
                                                id=attachment_id[:19]), attachment_id=attachment_id)
