"""``intake`` as the tests run it: the real command line, with the suite's cheap key slot parameters.

``keyslots.use_test_parameters`` refuses to run unless a test started this
program (``PYTEST_CURRENT_TEST`` in its environment). ``python -m intake_app``
never calls it: tests/store/test_kdf_for_tests.py runs that one against a
store made with the cheap parameters, and it refuses the store.
"""

from intake_app.cli.main import main
from intake_app.database import keyslots

keyslots.use_test_parameters()
raise SystemExit(main())
