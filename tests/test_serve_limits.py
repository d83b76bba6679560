"""The limits plugin (site/plugins/factdb_limits.py) on a bare connection: the functions it
replaces give SQLite's own answers, and the expensive steps fail at once."""

from __future__ import annotations

import sqlite3
import time

import pytest
from datasette.utils import module_from_path

from factdb.site.live import LIMITS_PLUGIN

limits = module_from_path(str(LIMITS_PLUGIN), name="factdb_limits_under_test")


@pytest.fixture
def capped():
    conn = sqlite3.connect(":memory:")
    limits.prepare_connection(conn, "factdb", None)
    yield conn
    conn.close()


@pytest.fixture
def plain():
    conn = sqlite3.connect(":memory:")
    yield conn
    conn.close()


SAME = [
    "printf('%d apples, %s', 3, 'pears')", "printf('%5.2f|%-6s|%x', 3.14159, 'ab', 255)",
    "printf('%.*c', 5, 'x')", "printf('%*d', 6, 42)", "printf('%%')", "printf(NULL)", "printf('%s', NULL)",
    "printf('%q', 'it''s')", "printf('%,d', 1234567)", "format('%03d', 7)", "printf('%.3s', 'abcdef')",
    "instr('Kyiv and Kharkiv', 'Kh')", "instr('abc', '')", "instr('abc', 'z')", "instr(NULL, 'a')",
    "instr('a', NULL)", "instr(12345, 34)", "instr(X'0102030405', X'0304')", "instr('ünïcödé', 'cö')",
    "instr(1.5, '.')", "instr(1e20, 'e')",
    "replace('dua rudal dan dua drone', 'dua', '2')", "replace('abc', '', 'x')", "replace('aaa', 'a', 'bb')",
    "replace(NULL, 'a', 'b')", "replace('abc', 'b', NULL)", "replace(12321, 2, 9)", "replace('ünï', 'n', 'N')",
]


@pytest.mark.parametrize("expression", SAME)
def test_replaced_functions_give_sqlites_answers(capped, plain, expression):
    sql = f"SELECT {expression}, typeof({expression})"
    assert capped.execute(sql).fetchone() == plain.execute(sql).fetchone()


@pytest.mark.parametrize("expression", [
    "instr(printf('%.*c', 900000000, 'x'), 'y')",
    "printf('%.900000000c', 'x')",
    "length(printf('%*d', 2147483647, 1))",
    "zeroblob(900000000)",
    "replace(printf('%.*c', 4000000, 'x'), 'x', 'xx')",
])
def test_an_expensive_step_fails_at_once(capped, expression):
    started = time.monotonic()
    with pytest.raises(sqlite3.DataError, match="string or blob too big"):
        capped.execute(f"SELECT {expression}").fetchall()
    assert time.monotonic() - started < 0.5


def test_a_long_needle_in_a_long_text_is_found_in_linear_time(capped):
    sql = "SELECT instr(printf('%.*c', 4000000, 'x') || 'y', printf('%.*c', 2000000, 'x') || 'y')"
    started = time.monotonic()
    assert capped.execute(sql).fetchone() == (2_000_001,)
    assert time.monotonic() - started < 1.0  # SQLite's own instr: hours


def test_long_like_patterns_are_refused(capped):
    with pytest.raises(sqlite3.OperationalError, match="LIKE or GLOB pattern too complex"):
        capped.execute("SELECT 'a' LIKE printf('%.*c', 200, '%')").fetchall()
    assert capped.execute("SELECT 'Kyiv' LIKE '%yi%'").fetchone() == (1,)
