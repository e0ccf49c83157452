"""viewpy.inspect against memoryview, over CPython's, numpy's and ctypes'
exporters, and the regressions PyO3's PyBuffer has (byte order prefixes,
exporters that give no strides)."""

import array
import ctypes
import mmap
import sys

import numpy as np
import pytest
import viewpy
from _testbuffer import ND_PIL, ND_WRITABLE, PyBUF_FULL_RO, PyBUF_ND, PyBUF_STRIDES, ndarray

from buffers import FLAG_MATRIX, request_outcome, unpack_items

FIELDS = ("format", "itemsize", "ndim", "shape", "strides", "readonly", "nbytes",
          "c_contiguous", "f_contiguous")


def memoryview_fields(obj):
    with memoryview(obj) as m:
        return {
            "format": m.format, "itemsize": m.itemsize, "ndim": m.ndim, "shape": m.shape,
            "strides": m.strides, "readonly": m.readonly, "nbytes": m.nbytes,
            "c_contiguous": m.c_contiguous, "f_contiguous": m.f_contiguous,
        }


def check_against_memoryview(obj, tolist):
    got = viewpy.inspect(obj)
    assert set(got) == set(FIELDS) | {"tolist"}
    assert {k: got[k] for k in FIELDS} == memoryview_fields(obj)
    assert isinstance(got["shape"], tuple) and isinstance(got["strides"], tuple)
    assert isinstance(got["readonly"], bool)
    assert got["tolist"] == tolist
    # Types too: 1 == 1.0 == True in Python.
    assert repr(got["tolist"]) == repr(tolist)


# numpy: every dtype kind that exports a buffer, in several layouts.
NUMPY_DTYPES = ["i1", "u1", "<i2", ">i2", "<u4", ">u4", "i8", ">u8", "f2", "<f4", ">f4", "f8",
                ">f8", "?", "S3", "V4"]
NUMPY_LAYOUTS = {
    "C": lambda a: a,
    "F": lambda a: np.asfortranarray(a),
    "transposed": lambda a: a.T,
    "step2": lambda a: a[:, ::2],
    "reversed": lambda a: a[::-1, ::-1],
    "row": lambda a: a[1],
    "0d": lambda a: a[1, 2, ...],
    "empty": lambda a: a[:0],
    "empty_inner": lambda a: a[:, 3:3],
    "broadcast": lambda a: np.broadcast_to(a[0], (3, 4)),
    "readonly": lambda a: _readonly(a),
}


def _readonly(a):
    a = a.copy()
    a.flags.writeable = False
    return a


def _numpy_source(dtype):
    base = np.arange(12, dtype="i8").reshape(3, 4) * 37
    dt = np.dtype(dtype)
    if dt.kind == "V":
        return np.frombuffer(bytes(range(48)), dtype=dt).reshape(3, 4).copy()
    if dt.kind == "S":
        return np.array([[b"ab", b"", b"xyz", b"\0q"]] * 3, dtype=dt)
    return (base % 5 == 0).astype(dt) if dt.kind == "b" else base.astype(dt)


def _struct_tolist(obj):
    """Items decoded by struct from memoryview's C-order bytes; struct must
    be able to decode the format."""
    with memoryview(obj) as m:
        fmt = m.format
        items = unpack_items(fmt, m.tobytes(), m.shape)
    assert items is not None, f"struct cannot decode {fmt!r}"
    return items


@pytest.mark.parametrize("layout", list(NUMPY_LAYOUTS))
@pytest.mark.parametrize("dtype", NUMPY_DTYPES)
def test_numpy_arrays(dtype, layout):
    a = NUMPY_LAYOUTS[layout](_numpy_source(dtype))
    if dtype == "V4":
        # numpy exports a raw void item as "4x": padding only, no value to
        # decode (struct gives an empty tuple, memoryview refuses tolist).
        got = viewpy.inspect(a)
        assert {k: got[k] for k in FIELDS} == memoryview_fields(a)
        return
    check_against_memoryview(a, _struct_tolist(a))


def test_numpy_complex():
    a = np.array([1 + 2j, -3.5j], dtype="c16")
    got = viewpy.inspect(a)
    assert {k: got[k] for k in FIELDS} == memoryview_fields(a)
    assert got["format"] == "Zd"


@pytest.mark.parametrize("aligned", [False, True])
def test_numpy_structured(aligned):
    dt = np.dtype([("a", "<i2"), ("b", ">f8"), ("c", "u1", (2,))], align=aligned)
    a = np.zeros(3, dtype=dt)
    a["a"] = [1, -2, 3]
    a["b"] = [0.5, 1.5, -2.5]
    a["c"] = [[1, 2], [3, 4], [5, 6]]
    got = viewpy.inspect(a)
    assert {k: got[k] for k in FIELDS} == memoryview_fields(a)
    assert got["format"].startswith("T{")
    assert [tuple(r[:2]) for r in got["tolist"]] == [(1, 0.5), (-2, 1.5), (3, -2.5)]


def test_numpy_dtypes_without_a_buffer_raise_as_memoryview_does():
    a = np.array([1, 2], dtype="M8[s]")
    with pytest.raises(ValueError):
        memoryview(a)
    with pytest.raises(ValueError):
        viewpy.inspect(a)


def test_numpy_unicode_is_as_memoryview_shows():
    a = np.array(["ab", "c"], dtype="<U2")
    got = viewpy.inspect(a)
    assert {k: got[k] for k in FIELDS} == memoryview_fields(a)


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_int16), ("y", ctypes.c_double)]


class BigPoint(ctypes.BigEndianStructure):
    _fields_ = [("x", ctypes.c_int32), ("y", ctypes.c_uint16)]


class Packed(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("x", ctypes.c_uint8), ("y", ctypes.c_int32)]


CTYPES = {
    "double[4]": lambda: (ctypes.c_double * 4)(1.0, -2.0, 3.5, 0.0),
    "int16[2][3]": lambda: ((ctypes.c_int16 * 3) * 2)((1, 2, 3), (-4, 5, -6)),
    "uint8[5]": lambda: (ctypes.c_uint8 * 5)(1, 2, 3, 4, 255),
    "char[4]": lambda: (ctypes.c_char * 4)(b"a", b"b", b"c", b"d"),
    "bool[3]": lambda: (ctypes.c_bool * 3)(True, False, True),
    "int scalar": lambda: ctypes.c_int(-7),
    "double scalar": lambda: ctypes.c_double(2.5),
    "int64[0]": lambda: (ctypes.c_int64 * 0)(),
}


@pytest.mark.parametrize("name", list(CTYPES))
def test_ctypes_simple(name):
    obj = CTYPES[name]()
    check_against_memoryview(obj, _struct_tolist(obj))


@pytest.mark.parametrize("cls", [Point, BigPoint])
def test_ctypes_structures(cls):
    for obj in (cls(1, 2), (cls * 2)(cls(1, 2), cls(-3, 4))):
        got = viewpy.inspect(obj)
        assert {k: got[k] for k in FIELDS} == memoryview_fields(obj)
        want = (1, 2) if obj.__class__ is cls else [(1, 2), (-3, 4)]
        flat = got["tolist"]
        assert (tuple(flat) if obj.__class__ is cls else [tuple(r) for r in flat]) == want


def test_ctypes_packed_structure_exports_bytes_of_the_wrong_itemsize():
    # ctypes cannot describe a packed structure in PEP 3118: it exports
    # format "B" with itemsize 5, ndim 0. memoryview takes it as is (and
    # tolist() reads one byte); a checked import may refuse the mismatch.
    obj = Packed(1, 2)
    assert (memoryview(obj).format, memoryview(obj).itemsize) == ("B", 5)
    try:
        got = viewpy.inspect(obj)
    except ValueError as e:
        assert "itemsize" in str(e) or "format" in str(e)
    else:
        assert {k: got[k] for k in FIELDS} == memoryview_fields(obj)


@pytest.mark.parametrize("typecode", array.typecodes)
def test_array_array(typecode):
    values = "abc" if typecode in "uw" else [1, 0, 1]
    a = array.array(typecode, values)
    got = viewpy.inspect(a)
    assert {k: got[k] for k in FIELDS} == memoryview_fields(a)
    if typecode not in "uw":
        assert got["tolist"] == a.tolist()


def test_bytes_bytearray_mmap():
    check_against_memoryview(b"hello", list(b"hello"))
    check_against_memoryview(bytearray(b"hi"), [104, 105])
    check_against_memoryview(b"", [])
    mm = mmap.mmap(-1, 8)
    mm[:3] = b"abc"
    check_against_memoryview(mm, list(b"abc") + [0] * 5)
    mm.close()


def test_readonly_mmap(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(b"xyz")
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        check_against_memoryview(mm, list(b"xyz"))


def test_memoryview_slices_as_exporters():
    # memoryview slices only along one dimension.
    m = memoryview(bytes(range(24)))[::-3]
    check_against_memoryview(m, m.tolist())
    m = memoryview(np.arange(12, dtype="i2").reshape(3, 4)[:, ::-2])[1:]
    check_against_memoryview(m, m.tolist())


# The request flags: every combination of CPython's matrix, for exporters
# of each kind. What viewpy.inspect reports must be what memoryview builds
# from what the exporter gives for that request (format NULL -> "B",
# strides NULL -> C strides), or the same exception class.
MATRIX_EXPORTERS = {
    "numpy C": lambda: np.arange(6, dtype="<f8").reshape(2, 3),
    "numpy F": lambda: np.asfortranarray(np.arange(6, dtype="i4").reshape(2, 3)),
    "numpy strided": lambda: np.arange(12, dtype="u2")[::-3],
    "numpy readonly": lambda: _readonly(np.arange(4, dtype="u1")),
    "numpy 0-d": lambda: np.array(3.5),
    "numpy empty": lambda: np.zeros((0, 3), dtype="i2"),
    # ctypes ignores the request: shape and format always, strides never.
    "ctypes int16[2][3]": lambda: ((ctypes.c_int16 * 3) * 2)((1, 2, 3), (4, 5, 6)),
    "ctypes scalar": lambda: ctypes.c_double(1.5),
    "memoryview strided": lambda: memoryview(bytes(range(12)))[::-2],
    "memoryview 2-D": lambda: memoryview(bytes(range(12))).cast("B", [3, 4]),
    "bytes": lambda: b"abcd",
    "bytearray": lambda: bytearray(b"abcd"),
    "array d": lambda: array.array("d", [1.0, 2.0]),
    "ndarray F": lambda: ndarray(list(range(6)), shape=[2, 3], format="h",
                                 flags=ND_WRITABLE | 0x002),
}


@pytest.mark.parametrize("name", list(MATRIX_EXPORTERS))
def test_request_flag_matrix(name):
    obj = MATRIX_EXPORTERS[name]()
    for label, flags in FLAG_MATRIX:
        want = request_outcome(obj, flags)
        try:
            got = viewpy.inspect(obj, flags)
        except Exception as e:  # noqa: BLE001
            assert ("raises", type(e).__name__) == want, label
            continue
        assert not isinstance(want, tuple), f"{label}: viewpy accepted a request CPython refuses: {want}"
        assert {k: got[k] for k in FIELDS} == {k: want[k] for k in FIELDS}, label
        if want["tolist"] is not None:
            assert got["tolist"] == want["tolist"], label


def test_suboffsets_are_refused_with_a_clear_message():
    pil = ndarray(list(range(12)), shape=[3, 4], format="B", flags=ND_PIL)
    with pytest.raises((NotImplementedError, BufferError), match="suboffset"):
        viewpy.inspect(pil)
    # Without INDIRECT the PIL exporter refuses the request itself.
    with pytest.raises(BufferError):
        viewpy.inspect(pil, PyBUF_STRIDES)


# Regressions of PyO3's PyBuffer (byte order prefixes; NULL strides).

def test_big_endian_doubles_decode_as_big_endian():
    a = np.array([1.0, 2.0, 3.0], dtype=">f8")
    got = viewpy.inspect(a)
    assert got["format"] == ">d"
    assert got["tolist"] == [1.0, 2.0, 3.0]
    assert viewpy.sum(a) == 6.0


def test_little_endian_prefix_is_accepted():
    a = (ctypes.c_double * 3)(1.0, 2.0, 3.0)
    got = viewpy.inspect(a)
    assert got["format"] == ("<d" if sys.byteorder == "little" else ">d")
    assert got["tolist"] == [1.0, 2.0, 3.0]
    assert viewpy.sum(a) == 6.0
    assert viewpy.sum(np.array([1, 2], dtype="<i4")) == 3.0


def test_null_strides_from_ctypes_become_c_strides():
    obj = ((ctypes.c_int32 * 3) * 2)((1, 2, 3), (4, 5, 6))
    assert ndarray(obj, getbuf=PyBUF_FULL_RO).strides == ()  # ctypes gives none
    got = viewpy.inspect(obj)
    assert got["strides"] == (12, 4)
    assert got["tolist"] == [[1, 2, 3], [4, 5, 6]]
    assert viewpy.sum(obj) == 21.0
    nd = viewpy.inspect(np.arange(4, dtype="i2"), PyBUF_ND)
    assert nd["strides"] == (2,)
