"""The device side of sync: enrolled registries, the outbox, sealed bundles, acknowledgements.

See docs/sync.md. Modules:

* :mod:`~intake_app.sync.destinations`: which destinations a form's records go to;
* :mod:`~intake_app.sync.registries`: registries this device is enrolled with;
* :mod:`~intake_app.sync.outbox`: the queue of submitted versions, and record statuses;
* :mod:`~intake_app.sync.spool`: bundles sealed into the encrypted store, and applying verified acks;
* :mod:`~intake_app.sync.client`: the HTTP sync (``httpx``, imported only there);
* :mod:`~intake_app.sync.media`: the removable-media container and acknowledgement files.

No Qt anywhere; this package is imported by ``records.lifecycle`` (only the
outbox hook), so its ``__init__`` imports nothing.
"""
