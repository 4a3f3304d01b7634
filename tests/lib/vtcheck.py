"""Soft checks for the integration tests: a failed check is printed and
recorded, the test goes on to check the rest, and main() ends with one
verdict.

    from vtcheck import check, failures
    ...
    check(p.get("mute") is True, "mute after set: %r" % p.get("mute"))
    ...
    with vtcheck.kept_on_failure(tmp):  # optional: tmp removed when all passed
        ...
    return vtcheck.verdict("logs under " + tmp)

`failures` is one list per process (each test is a process of its own);
check() may be called from several threads at once.
"""
import contextlib
import shutil
import threading

failures = []
_lock = threading.Lock()


def check(cond, msg):
    """Unless cond is true: record msg as a failure and print "FAIL: msg".
    Returns cond (so a caller can skip what depends on it)."""
    if not cond:
        with _lock:
            failures.append(msg)
        print("FAIL: " + msg)
    return cond


def verdict(where):
    """The end of main(): print "ok" and return 0, or print the number of
    failures and `where` to look (logs, kept files) and return 1."""
    if failures:
        print("%d failure(s); %s" % (len(failures), where))
        return 1
    print("ok")
    return 0


@contextlib.contextmanager
def kept_on_failure(tmp):
    """Remove the folder `tmp` when the block ends without an exception and
    with no failure recorded; keep it otherwise, for a look afterwards."""
    ok = False
    try:
        yield
        ok = not failures
    finally:
        if ok:
            shutil.rmtree(tmp, ignore_errors=True)
