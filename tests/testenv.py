"""Loaded by pytest as a plugin (-p tests.testenv) before Django's settings are read."""

import os
import tempfile

# Tests run with DEBUG off, as production does; this key serves the tests only.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("STATIC_ROOT", tempfile.mkdtemp(prefix="mittaristo-static-"))
# The reports' files in each test process's memory, emptied before each test (conftest.py);
# the default, the database's table, would outlive a test that commits.
os.environ.setdefault("REPORT_CACHE_URL", "locmemcache://mittaristo-reports")
