"""viewpy.export against CPython's reference exporter, _testbuffer.ndarray.

For generated layouts (strides of any sign and zero, zero-size dimensions,
0-d, every single-code format, explicit byte orders), the export must look
the same as an ndarray over the same bytes and layout: to memoryview, and to
_testbuffer.ndarray(obj, getbuf=flags) for every request of CPython's flag
matrix (the same BufferError refusals, the same fields).
"""

import struct

import pytest
import viewpy

from buffers import FLAG_MATRIX, generated_cases, getbuf_record, memoryview_record, reference_ndarray

CASES = generated_cases(seed=3118, count=400)
MATRIX_CASES = CASES[:120]


def case_id(case):
    fmt, data, shape, strides, offset = case
    return f"{fmt}-{shape}-{strides}-{offset}-{len(data)}"


@pytest.mark.parametrize("readonly", [True, False])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_memoryview_matches_reference(case, readonly):
    fmt, data, shape, strides, offset = case
    got = viewpy.export(data, fmt, shape, strides, offset, readonly=readonly)
    want = reference_ndarray(data, fmt, shape, strides, offset, readonly=readonly)
    assert memoryview_record(got) == memoryview_record(want)


@pytest.mark.parametrize("readonly", [True, False])
@pytest.mark.parametrize("case", MATRIX_CASES, ids=case_id)
def test_request_matrix_matches_reference(case, readonly):
    fmt, data, shape, strides, offset = case
    got = viewpy.export(data, fmt, shape, strides, offset, readonly=readonly)
    want = reference_ndarray(data, fmt, shape, strides, offset, readonly=readonly)
    for name, flags in FLAG_MATRIX:
        assert getbuf_record(got, flags) == getbuf_record(want, flags), name


# Layouts chosen by hand: the corners of the matrix.
CORNERS = [
    ("B", bytes(range(12)), [3, 4], [4, 1], 0),  # C-contiguous
    ("B", bytes(range(12)), [3, 4], [1, 3], 0),  # Fortran-contiguous
    ("B", bytes(range(12)), [12], [1], 0),  # both
    ("B", bytes(range(12)), [1, 12], [99, 1], 0),  # unit dim, odd stride
    ("h", bytes(range(24)), [3, 2], [-8, 2], 16),  # negative outer stride
    ("i", bytes(range(24)), [2, 3], [-4, -8], 20),  # all negative
    ("d", bytes(range(32)), [4], [0], 8),  # zero stride (broadcast)
    ("Q", bytes(range(32)), [], [], 16),  # 0-d with an offset
    ("f", bytes(range(32)), [0], [4], 0),  # empty
    ("f", bytes(range(32)), [2, 0, 3], [12, 12, 4], 0),  # empty inside
    (">d", struct.pack(">3d", 1.0, 2.0, 3.0), [3], [8], 0),  # big-endian
    ("<q", struct.pack("<3q", -1, 2, -3), [3], [-8], 16),  # little-endian, reversed
    ("?", bytes([0, 1, 1, 0]), [2, 2], [2, 1], 0),
    ("c", b"abcdef", [3], [2], 0),
    ("e", struct.pack("4e", 0.5, -1.0, 65504.0, 0.0), [2, 2], [2, 4], 0),
]


@pytest.mark.parametrize("case", CORNERS, ids=case_id)
def test_corner_layouts(case):
    fmt, data, shape, strides, offset = case
    for readonly in (True, False):
        got = viewpy.export(data, fmt, shape, strides, offset, readonly=readonly)
        want = reference_ndarray(data, fmt, shape, strides, offset, readonly=readonly)
        assert memoryview_record(got) == memoryview_record(want)
        for name, flags in FLAG_MATRIX:
            assert getbuf_record(got, flags) == getbuf_record(want, flags), name


def test_record_format_matches_reference():
    # memoryview cannot index 'hd' (NotImplementedError), but every other
    # field and tobytes() are defined.
    fmt = "hd"
    data = struct.pack("hdhd", 1, 2.0, 3, 4.0)
    got = viewpy.export(data, fmt, [2], [struct.calcsize(fmt)], 0)
    want = reference_ndarray(data, fmt, [2], [struct.calcsize(fmt)], 0)
    assert memoryview_record(got) == memoryview_record(want)


UNALIGNED = [
    # Byte strides and offsets that are not multiples of the item size:
    # legal in PEP 3118 and in viewpy, outside what _testbuffer can build.
    ("h", bytes(range(16)), [3], [3], 1),
    ("<i", bytes(range(16)), [2, 2], [-5, 4], 6),
    ("d", bytes(range(20)), [], [], 3),
]


@pytest.mark.parametrize("case", UNALIGNED, ids=case_id)
def test_unaligned_layouts(case):
    fmt, data, shape, strides, offset = case
    obj = viewpy.export(data, fmt, shape, strides, offset)
    itemsize = struct.calcsize(fmt)
    starts = [offset]
    for n, s in zip(shape, strides):
        starts = [p + i * s for p in starts for i in range(n)]
    raw = b"".join(data[p:p + itemsize] for p in starts)
    with memoryview(obj) as m:
        assert (m.format, m.itemsize, m.shape, m.strides) == (fmt, itemsize, tuple(shape), tuple(strides))
        assert m.tobytes() == raw
        assert bytes(m) == raw
    values = [v for (v,) in struct.iter_unpack(fmt, raw)]
    flat = viewpy.inspect(obj)["tolist"]
    for _ in shape[1:]:
        flat = [x for row in flat for x in row]
    assert (flat if shape else [flat]) == values


def test_empty_data():
    obj = viewpy.export(b"", "B", [0], [1], 0)
    with memoryview(obj) as m:
        assert (m.shape, m.strides, m.nbytes, m.tobytes(), m.tolist()) == ((0,), (1,), 0, b"", [])


@pytest.mark.parametrize(
    ("fmt", "data", "shape", "strides", "offset"),
    [
        ("B", b"abc", [4], [1], 0),  # past the end
        ("B", b"abc", [2], [-1], 0),  # before the start
        ("i", b"abcdefg", [2], [4], 0),  # last item straddles the end
        ("B", b"abc", [], [], 3),  # 0-d past the end
        ("B", b"abc", [1], [1], -1),  # negative offset
        ("B", b"abc", [2], [1, 1], 0),  # strides of the wrong length
        ("B", b"abc", [-1], [1], 0),  # negative extent
        ("B", b"abc", [1] * 65, [1] * 65, 0),  # above PyBUF_MAX_NDIM
    ],
)
def test_invalid_layout_raises_valueerror(fmt, data, shape, strides, offset):
    with pytest.raises(ValueError):
        viewpy.export(data, fmt, shape, strides, offset)


@pytest.mark.parametrize("fmt", ["", "Z", "T{", "3", "d:", "y", "(2"])
def test_invalid_format_raises(fmt):
    with pytest.raises((ValueError, TypeError)):
        viewpy.export(b"\0" * 64, fmt, [1], [8], 0)


def test_max_ndim_is_accepted():
    obj = viewpy.export(b"x", "B", [1] * 64, [1] * 64, 0)
    with memoryview(obj) as m:
        assert m.ndim == 64
        assert m.tobytes() == b"x"
