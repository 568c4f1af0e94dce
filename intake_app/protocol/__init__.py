"""What crosses the wire between a device and a registry, or reaches anyone who checks a receipt.

The canonical version document, receipt numbers, the receipt claim, its
signature and token, device keys and their fingerprints, the enrolment file,
the HPKE suites and their key encodings, the network request formats and the
removable-media container. Both sides use these modules, so they import
neither the device's storage (store, records, sync) nor the registry: see
docs/architecture.md. This ``__init__`` imports nothing.
"""
