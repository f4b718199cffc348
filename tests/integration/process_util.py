"""Helpers shared by the tests that run newsflow's processes."""

import signal
import subprocess
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


class Processes:
    """The processes a test started, each writing stdout to a file and stderr to that file +
    ".log"; stop_all() ends them in reverse order (SIGTERM, SIGKILL after `timeout` s)."""

    def __init__(self):
        self.started = []

    def start(self, command, stdout_path):
        with open(stdout_path, "w") as out, open(stdout_path + ".log", "w") as err:
            process = subprocess.Popen(command, stdout=out, stderr=err)
        self.started.append(process)
        return process

    def stop_all(self, timeout=20):
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.started = []
