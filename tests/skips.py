"""A test may skip only because the machine lacks a tool, never because data are missing.

The recorded data the tests read are in the repository (data/recorded/), so a skip for any
other reason than those below turns into a failure, naming the reason. With
MITTARISTO_NO_SKIP=1 (set by .ci/run, which installs chromium, gettext, poppler-utils and
nginx) no skip is allowed at all, except that a PostgreSQL-only test skips on SQLite
(POSTGRESQL_ONLY).
Loaded by tests/conftest.py.
"""

import os

import pytest

# The beginnings of the skip reasons that say a tool is missing (tests/browser/conftest.py,
# tests/test_catalogues.py, tests/web/test_login_processes.py, tests/web/test_nginx.py,
# tests/test_deploy_files.py).
TOOL_SKIPS = (
    "no chromium found",
    "GNU gettext (xgettext) is not installed",
    "no redis-server answers",
    "poppler's pdftoppm is not installed",
    "nginx is not installed",
    "openssl is not installed",
    "systemd-analyze is not installed",
)
# A test of what only PostgreSQL does (row locks between two connections) skips on SQLite, even
# with MITTARISTO_NO_SKIP: .ci/run runs the whole suite on PostgreSQL too, where it must run.
POSTGRESQL_ONLY = "needs PostgreSQL"


def on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = skip_reason(report)
    allowed = () if os.environ.get("MITTARISTO_NO_SKIP") else TOOL_SKIPS
    database = () if on_postgresql() else (POSTGRESQL_ONLY,)
    if not reason.startswith(allowed + database):
        report.outcome = "failed"
        report.longrepr = f"skipped ({reason}): a test may skip only where a tool is missing" + (
            f" ({'; '.join(allowed)})" if allowed else " (none may here: MITTARISTO_NO_SKIP)"
        )
