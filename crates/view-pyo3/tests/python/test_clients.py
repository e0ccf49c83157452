"""viewpy.export with CPython, numpy and ctypes as the consumers."""

import array
import ctypes
import hashlib
import io
import struct

import numpy as np
import pytest
import viewpy

from buffers import reference_ndarray

DATA = struct.pack("6d", 0.5, 1.5, 2.5, 3.5, 4.5, 5.5)


def doubles(readonly=True):
    # Native "d": memoryview indexes only native formats without a byte-order
    # prefix ("<d" raises NotImplementedError even on little-endian).
    return viewpy.export(DATA, "d", [2, 3], [24, 8], 0, readonly=readonly)


def strided_bytes():
    return viewpy.export(bytes(range(10)), "B", [5], [2], 0)


def test_bytes_and_bytearray_copy_the_logical_bytes():
    assert bytes(doubles()) == DATA
    assert bytearray(doubles()) == DATA


def test_struct_reads_from_the_export():
    assert struct.unpack_from("2d", doubles(), 8) == (1.5, 2.5)


def test_array_frombytes():
    a = array.array("d")
    a.frombytes(viewpy.export(DATA, "B", [len(DATA)], [1], 0))
    assert a.tolist() == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]


def test_array_frombytes_refuses_itemsize_above_one_like_cpython():
    # frombytes asks PyBUF_SIMPLE and then wants itemsize 1; CPython's
    # reference exporter keeps the real itemsize (8) in a SIMPLE answer.
    with pytest.raises(TypeError):
        array.array("d").frombytes(reference_ndarray(DATA, "d", [2, 3], [24, 8], 0))
    with pytest.raises(TypeError):
        array.array("d").frombytes(doubles())


def test_hashlib_asks_simple():
    assert hashlib.sha256(doubles()).hexdigest() == hashlib.sha256(DATA).hexdigest()


def test_simple_consumers_refuse_non_contiguous_like_cpython():
    reference = reference_ndarray(bytes(range(10)), "B", [5], [2], 0)
    for consume in (hashlib.sha256, lambda o: io.BytesIO().write(o)):
        with pytest.raises(BufferError):
            consume(reference)
        with pytest.raises(BufferError):
            consume(strided_bytes())
    # bytes() copies through memoryview, which accepts any layout.
    assert bytes(strided_bytes()) == bytes(range(0, 10, 2))


def test_bytesio_write():
    sink = io.BytesIO()
    assert sink.write(doubles()) == len(DATA)
    assert sink.getvalue() == DATA


def test_ctypes_from_buffer_needs_writable():
    with pytest.raises(TypeError):
        (ctypes.c_double * 6).from_buffer(doubles())
    assert list((ctypes.c_double * 6).from_buffer_copy(doubles())) == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]


def test_ctypes_from_buffer_shares_writable_memory():
    obj = doubles(readonly=False)
    arr = (ctypes.c_double * 6).from_buffer(obj)
    arr[5] = -1.0
    assert memoryview(obj).tolist() == [[0.5, 1.5, 2.5], [3.5, 4.5, -1.0]]
    del arr
    assert viewpy.sum(obj) == 0.5 + 1.5 + 2.5 + 3.5 + 4.5 - 1.0


def test_memoryview_writes_are_seen():
    obj = doubles(readonly=False)
    with memoryview(obj) as m:
        m[1, 2] = 10.0
    assert memoryview(obj).tobytes() == DATA[:40] + struct.pack("d", 10.0)
    assert viewpy.sum(obj) == 0.5 + 1.5 + 2.5 + 3.5 + 4.5 + 10.0


def test_readonly_export_refuses_writes():
    with memoryview(doubles()) as m:
        assert m.readonly
        with pytest.raises(TypeError):
            m[0, 0] = 1.0


def test_numpy_asarray_is_zero_copy():
    obj = doubles(readonly=False)
    a = np.asarray(obj)
    assert a.dtype == np.dtype("f8") and a.shape == (2, 3) and a.strides == (24, 8)
    address = ctypes.addressof(ctypes.c_char.from_buffer(obj))
    assert a.ctypes.data == address
    assert np.asarray(obj).ctypes.data == address
    assert not a.flags.owndata


def test_numpy_asarray_of_readonly_is_readonly_and_shared():
    obj = doubles()
    a, b = np.asarray(obj), np.asarray(obj)
    assert not a.flags.writeable
    assert a.ctypes.data == b.ctypes.data
    assert np.shares_memory(a, b)
    assert a.tolist() == [[0.5, 1.5, 2.5], [3.5, 4.5, 5.5]]


def test_numpy_asarray_keeps_strides_of_any_sign():
    data = bytes(range(24))
    obj = viewpy.export(data, "B", [2, 3], [-12, 4], 12)
    a = np.asarray(obj)
    assert a.strides == (-12, 4)
    assert a.tolist() == memoryview(reference_ndarray(data, "B", [2, 3], [-12, 4], 12)).tolist()


def test_numpy_frombuffer():
    assert np.frombuffer(doubles(), dtype="f8").tolist() == [0.5, 1.5, 2.5, 3.5, 4.5, 5.5]
    with pytest.raises((ValueError, BufferError)):
        np.frombuffer(strided_bytes(), dtype="u1")


def test_numpy_in_place_writes_are_seen_by_rust():
    obj = doubles(readonly=False)
    a = np.asarray(obj)
    a *= 2
    a[0, 0] = 100.0
    del a
    assert viewpy.sum(obj) == 100.0 + 2 * (1.5 + 2.5 + 3.5 + 4.5 + 5.5)
    assert memoryview(obj).tobytes() == struct.pack("6d", 100.0, 3.0, 5.0, 7.0, 9.0, 11.0)


def test_numpy_refuses_writes_to_readonly():
    a = np.asarray(doubles())
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
