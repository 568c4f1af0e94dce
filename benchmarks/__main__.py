"""Run every benchmark: ``python -m benchmarks`` (``make bench``); ``python -m benchmarks ui`` for one group."""

from __future__ import annotations

import sys

from benchmarks import list_bench, receipt_bench, store_bench, sync_bench, ui_bench

GROUPS = {"store": store_bench.main, "ui": ui_bench.main, "list": list_bench.main, "receipt": receipt_bench.main,
          "sync": sync_bench.main}


def main(argv: list[str]) -> int:
    for name in argv or list(GROUPS):
        GROUPS[name]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
