"""The suite's own oracle: fixed_up_view (what memoryview makes of a
request's answer) against CPython's memoryview code itself, reached through
_testbuffer's memoryview_from_buffer (PyMemoryView_FromBuffer) where
_testbuffer allows it (views of its own ndarray)."""

import pytest
from _testbuffer import ndarray

from buffers import FLAG_MATRIX, fixed_up_view, generated_cases, reference_ndarray

FIELDS = ("format", "itemsize", "ndim", "shape", "strides", "readonly", "nbytes",
          "c_contiguous", "f_contiguous")


@pytest.mark.parametrize("case", generated_cases(seed=57060, count=60))
def test_fixed_up_view_is_what_memoryview_makes(case):
    fmt, data, shape, strides, offset = case
    base = reference_ndarray(data, fmt, shape, strides, offset)
    for label, flags in FLAG_MATRIX:
        try:
            nd = ndarray(base, getbuf=flags)
        except BufferError:
            continue
        m = nd.memoryview_from_buffer()
        want = {k: getattr(m, k) for k in FIELDS}
        assert fixed_up_view(nd) == want, label


def test_memoryview_without_format_reads_one_byte_per_item():
    # The CPython behaviour the suite does not ask viewpy to copy: with
    # FORMAT not requested, memoryview keeps itemsize 8 but decodes "B".
    base = ndarray([1.0, 2.0], shape=[2], format="d")
    m = ndarray(base, getbuf=0).memoryview_from_buffer()
    assert (m.format, m.itemsize, m.tolist()) == ("B", 8, [0, 0])
