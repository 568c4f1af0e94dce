"""The device side of sync: enrolled registries, sealed bundles, sending them, acknowledgements, retention.

See docs/sync.md. Modules:

* :mod:`~intake_app.sync.registries`: registries this device is enrolled with;
* :mod:`~intake_app.sync.outbox`: the queued versions as the sealer takes them, and counts per registry;
* :mod:`~intake_app.sync.spool`: bundles sealed into the encrypted store, and applying verified acks;
* :mod:`~intake_app.sync.client`: the HTTP sync (``httpx``, imported only there);
* :mod:`~intake_app.sync.offline`: the same by removable media;
* :mod:`~intake_app.sync.retention`: purging what the registries hold;
* :mod:`~intake_app.sync.status`: what the sync panel shows.

Versions are queued by the records themselves, in the transaction that
freezes them (``intake_app.records.outbox_queue``, ``records.destinations``);
the formats that cross the wire are in :mod:`intake_app.protocol`. No Qt
anywhere, and nothing below this package imports it (docs/architecture.md).
"""
