"""The central registry: its keys, its encrypted database, device enrolment and its audit log.

See ``docs/registry.md``. ``Registry.create`` / ``Registry.open`` give an open
registry; the functions in :mod:`intake_app.registry.devices` record
enrolment requests and the operator's decisions. What the registry shares
with devices (the enrolment file, requests, suites) is in :mod:`intake_app.protocol`.
"""

from intake_app.registry.devices import (EnrolledDevice, EnrolmentRefused, approve_device, list_devices,
                                         reject_device, request_enrolment, revoke_device)
from intake_app.registry.registry import DeviceStatus, Registry

__all__ = ["DeviceStatus", "EnrolledDevice", "EnrolmentRefused", "Registry", "approve_device", "list_devices",
           "reject_device", "request_enrolment", "revoke_device"]
