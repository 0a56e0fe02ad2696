"""Polling instead of sleeping: a loaded two-core machine may take many times longer than a quiet one,
so each wait is generous and ends as soon as what it waits for is there."""

import time


def wait_until(check, *, timeout: float = 60, what: str, interval: float = 0.02):
    """The first truthy value of check(), asked every `interval` seconds; AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {timeout:.0f} s for {what}")
        time.sleep(interval)
