"""The module surface: request-flag constants and the fixed entry points."""

import _testbuffer
import pytest
import viewpy

FLAG_NAMES = [n for n in dir(_testbuffer) if n.startswith("PyBUF_")]


@pytest.mark.parametrize("name", FLAG_NAMES)
def test_request_flags_have_cpython_values(name):
    assert getattr(viewpy, name) == getattr(_testbuffer, name)


def test_entry_points():
    for name in ("export", "inspect", "ByteVec", "sum"):
        assert callable(getattr(viewpy, name)), name


def test_keyword_arguments():
    obj = viewpy.export(data=b"ab", format="B", shape=[2], strides=[1], offset=0, readonly=False)
    assert not memoryview(obj).readonly
    assert viewpy.inspect(obj, flags=viewpy.PyBUF_FULL)["readonly"] is False
    assert viewpy.inspect(obj)["readonly"] is False
    assert bytes(viewpy.ByteVec(data=b"x")) == b"x"


def test_inspect_defaults_to_full_ro():
    # FULL_RO does not ask WRITABLE: a read-only exporter is accepted.
    assert viewpy.inspect(b"abc")["readonly"] is True
    with pytest.raises(BufferError):
        viewpy.inspect(b"abc", viewpy.PyBUF_FULL)
