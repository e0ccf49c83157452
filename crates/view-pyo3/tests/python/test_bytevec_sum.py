"""viewpy.ByteVec (a growable exporter, as bytearray) and viewpy.sum."""

import array
import ctypes
import gc
import struct

import numpy as np
import pytest
import viewpy

from buffers import memoryview_record


def test_bytevec_basics():
    v = viewpy.ByteVec()
    assert len(v) == 0 and bytes(v) == b""
    v.extend(b"abc")
    v.resize(5)
    assert len(v) == 5 and bytes(v) == b"abc\0\0"
    v.resize(2)
    assert bytes(v) == b"ab"
    assert bytes(viewpy.ByteVec(b"xyz")) == b"xyz"


def test_bytevec_exports_like_bytearray():
    assert memoryview_record(viewpy.ByteVec(b"hello")) == memoryview_record(bytearray(b"hello"))
    assert memoryview_record(viewpy.ByteVec()) == memoryview_record(bytearray())


@pytest.mark.parametrize("change", [lambda v: v.resize(10), lambda v: v.resize(1),
                                    lambda v: v.extend(b"more")])
def test_bytevec_refuses_resize_while_exported(change):
    v = viewpy.ByteVec(b"abcd")
    m = memoryview(v)
    with pytest.raises(BufferError):
        change(v)
    assert bytes(v) == b"abcd"
    m.release()
    change(v)


def test_bytevec_resize_waits_for_every_export():
    v = viewpy.ByteVec(b"abcd")
    m1, m2 = memoryview(v), memoryview(v)
    a = np.asarray(v)
    m1.release()
    with pytest.raises(BufferError):
        v.resize(0)
    m2.release()
    with pytest.raises(BufferError):
        v.resize(0)
    del a
    gc.collect()
    v.resize(0)
    assert len(v) == 0


def test_bytevec_sees_writes_from_python():
    v = viewpy.ByteVec(b"abcd")
    with memoryview(v) as m:
        m[0] = ord("z")
    a = np.asarray(v)
    a[1] = ord("y")
    del a
    ctypes.c_char.from_buffer(v, 2).value = b"x"
    assert bytes(v) == b"zyxd"


@pytest.mark.parametrize("dtype", ["i1", "u1", "<i2", ">i2", "<u4", ">i4", "<i8", ">u8",
                                   "<f2", ">f2", "<f4", ">f4", "<f8", ">f8"])
def test_sum_of_numpy_any_byte_order(dtype):
    a = (np.arange(24) % 7).astype(dtype).reshape(2, 3, 4)
    want = float(a.astype("f8").sum())
    for view in (a, a[:, ::-1, 1::2], a.T, a[0, 0, 0, ...], a[:0]):
        assert viewpy.sum(view) == float(view.astype("f8").sum())
    assert viewpy.sum(a) == want


def test_sum_of_other_exporters():
    assert viewpy.sum(b"\x01\x02\x03") == 6.0
    assert viewpy.sum(array.array("d", [0.5, 0.25])) == 0.75
    assert viewpy.sum(array.array("q", [-5, 2])) == -3.0
    assert viewpy.sum((ctypes.c_float * 2)(1.5, 2.0)) == 3.5
    data = struct.pack("<4h", 1, -2, 3, -4)
    assert viewpy.sum(viewpy.export(data, "<h", [2], [-4], 4)) == 3.0 + 1.0


def test_sum_refuses_non_numeric_formats():
    rec = np.zeros(2, dtype=[("a", "i4"), ("b", "f8")])
    for obj in (rec, np.array([b"ab"], dtype="S2"), (ctypes.c_char * 2)()):
        with pytest.raises((TypeError, ValueError, NotImplementedError)):
            viewpy.sum(obj)
