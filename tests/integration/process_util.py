"""Helpers shared by the tests that run newsflow's processes."""

import time


def wait_for(predicate, timeout, what):
    """The first truthy value of predicate() within `timeout` seconds; AssertionError after."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def read_file(path):
    """The text of a file a process writes, or "" while it does not exist yet."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return ""
