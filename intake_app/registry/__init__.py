"""The central registry: its keys, its encrypted database, device enrolment and its audit log.

See ``docs/registry.md``. ``Registry.create`` / ``Registry.open`` give an open
registry; the functions in :mod:`intake_app.registry.devices` record
enrolment requests and the operator's decisions.
"""

from intake_app.registry.devices import (EnrolledDevice, EnrolmentRefused, EnrolmentRequest, approve_device,
                                         list_devices, reject_device, request_enrolment, revoke_device)
from intake_app.registry.enrolment import Enrolment, read_enrolment_file, write_enrolment_file
from intake_app.registry.registry import DeviceStatus, Registry
from intake_app.registry.suites import Recipient

__all__ = ["DeviceStatus", "EnrolledDevice", "Enrolment", "EnrolmentRefused", "EnrolmentRequest", "Recipient",
           "Registry", "approve_device", "list_devices", "read_enrolment_file", "reject_device", "request_enrolment",
           "revoke_device", "write_enrolment_file"]
