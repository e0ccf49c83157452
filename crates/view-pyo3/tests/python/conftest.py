"""Selects the module under test: the built extension, or the stand-in.

By default ``import viewpy`` must find the extension that
``cargo xtask python`` copies to ``target/python``. With
``VIEWPY_REFERENCE=1`` the pure-Python stand-in ``viewpy_reference`` is
installed as ``viewpy`` instead, and a test that hits one of its
limitations is skipped.
"""

import os
import sys

import pytest

REFERENCE = os.environ.get("VIEWPY_REFERENCE") == "1"

if REFERENCE:
    import viewpy_reference

    sys.modules["viewpy"] = viewpy_reference


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    try:
        return (yield)
    except NotImplementedError as e:
        if REFERENCE and type(e).__name__ == "ReferenceLimitation":
            pytest.skip(f"reference stand-in: {e}")
        raise


def pytest_report_header(config):
    import viewpy

    return f"viewpy: {viewpy.__file__}" + (" (reference stand-in)" if REFERENCE else "")
