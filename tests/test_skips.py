"""A skip for missing data fails the run; a skip for a missing tool does not, unless
MITTARISTO_NO_SKIP is set (tests/skips.py). Each case runs a small pytest of its own."""

import pytest

pytest_plugins = ["pytester"]

CASES = """
import pytest

def test_data_absent():
    pytest.skip("the shared data folder ../shared/data is absent")

@pytest.fixture
def seed():
    pytest.skip("the seed ../shared/seed/000.txt is absent")

def test_seed_absent(seed):
    pass

def test_no_chromium():
    pytest.skip("no chromium found (apt-get install chromium, or set CHROMIUM=/path)")

@pytest.fixture
def gettext():
    pytest.skip("GNU gettext (xgettext) is not installed; apt-get install gettext")

def test_no_gettext(gettext):
    pass

@pytest.mark.xfail(reason="known")
def test_expected_failure():
    assert False

def test_passes():
    pass
"""


def run(pytester, monkeypatch, strict):
    if strict:
        monkeypatch.setenv("MITTARISTO_NO_SKIP", "1")
    else:
        monkeypatch.delenv("MITTARISTO_NO_SKIP", raising=False)
    pytester.makepyfile(test_cases=CASES)
    return pytester.runpytest_inprocess("-p", "tests.skips", "-p", "no:django", "-rfs")


def test_a_skip_for_missing_data_fails_and_says_why(pytester, monkeypatch):
    result = run(pytester, monkeypatch, strict=False)
    # 1 passed (test_passes); 2 skipped (chromium, gettext); 1 xfailed; the data skip in the
    # test fails it, the one in a fixture is an error at setup.
    result.assert_outcomes(passed=1, skipped=2, failed=1, errors=1, xfailed=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at setup of test_seed_absent*",
            "skipped (the seed ../shared/seed/000.txt is absent): a test may skip only where*",
            "*test_data_absent*",
            "skipped (the shared data folder ../shared/data is absent): a test may skip only*",
        ]
    )


def test_no_skip_at_all_under_ci(pytester, monkeypatch):
    result = run(pytester, monkeypatch, strict=True)
    # The chromium and gettext skips fail too (gettext's in a fixture: an error at setup), and
    # the xfail stays an xfail.
    result.assert_outcomes(passed=1, failed=2, errors=2, xfailed=1)
    result.stdout.fnmatch_lines(
        ["*test_no_chromium*", "skipped (no chromium found *(none may here: MITTARISTO_NO_SKIP)"]
    )


@pytest.mark.parametrize(
    "reason",
    ["no chromium found", "GNU gettext (xgettext) is not installed", "no redis-server answers"],
)
def test_the_tool_skips_are_the_ones_the_tests_write(reason):
    """The allowed reasons begin the skip messages of the tests that need a tool."""
    from .conftest import ROOT

    written = [
        (ROOT / "tests" / "browser" / "conftest.py").read_text(encoding="utf-8"),
        (ROOT / "tests" / "test_catalogues.py").read_text(encoding="utf-8"),
        (ROOT / "tests" / "web" / "test_login_processes.py").read_text(encoding="utf-8"),
    ]
    assert any(f'pytest.skip("{reason}' in text for text in written)


POSTGRESQL_CASE = """
import pytest

def test_row_locks():
    pytest.skip("needs PostgreSQL: row locks between two connections")
"""


@pytest.mark.parametrize(
    "database_url, outcome",
    [("sqlite:///x.sqlite3", {"skipped": 1}), ("postgres://postgres@127.0.0.1/x", {"failed": 1})],
)
def test_a_postgresql_only_test_skips_on_sqlite_alone(pytester, monkeypatch, database_url, outcome):
    """Even under MITTARISTO_NO_SKIP; on PostgreSQL, the run where it must run, it may not."""
    monkeypatch.setenv("MITTARISTO_NO_SKIP", "1")
    monkeypatch.setenv("DATABASE_URL", database_url)
    pytester.makepyfile(test_cases=POSTGRESQL_CASE)
    result = pytester.runpytest_inprocess("-p", "tests.skips", "-p", "no:django", "-rfs")
    result.assert_outcomes(**outcome)
