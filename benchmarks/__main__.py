"""Run every benchmark: ``python -m benchmarks`` (``make bench``)."""

from __future__ import annotations

import sys

from benchmarks import store_bench


def main() -> int:
    store_bench.main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
