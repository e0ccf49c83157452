"""A pure-Python stand-in for ``viewpy``, used only to validate the suite.

``VIEWPY_REFERENCE=1 python -m pytest crates/view-pyo3/tests/python`` runs
the suite against this module instead of the Rust extension (conftest.py
installs it as ``viewpy``). It is built from CPython's own pieces:
``export`` is a ``_testbuffer.ndarray``, ``inspect`` is what ``memoryview``
shows of ``_testbuffer.ndarray(obj, getbuf=flags)``, ``ByteVec`` is a
``bytearray``. Where those pieces cannot express a case (offsets or strides
that are not a multiple of the item size, an empty ``data``, a format the
``struct`` module cannot decode), it raises ``ReferenceLimitation`` and the
test is skipped, never passed.
"""

import struct

import _testbuffer
from _testbuffer import ND_WRITABLE, ndarray

MAX_NDIM = 64

for _name in dir(_testbuffer):
    if _name.startswith("PyBUF_"):
        globals()[_name] = getattr(_testbuffer, _name)


class ReferenceLimitation(NotImplementedError):
    """The stand-in cannot model this case; the test is skipped."""


def _check_layout(data, itemsize, shape, strides, offset):
    if len(shape) > MAX_NDIM:
        raise ValueError(f"ndim {len(shape)} exceeds the maximum of {MAX_NDIM}")
    if len(shape) != len(strides):
        raise ValueError("shape and strides differ in length")
    if any(n < 0 for n in shape):
        raise ValueError("shape entries must not be negative")
    if 0 in shape:
        return
    lo = hi = offset
    for n, s in zip(shape, strides):
        if s < 0:
            lo += (n - 1) * s
        else:
            hi += (n - 1) * s
    if lo < 0 or hi + itemsize > len(data):
        raise ValueError("layout does not fit in data")


def export(data, format, shape, strides, offset, readonly=True):
    data = bytes(data)
    shape, strides = list(shape), list(strides)
    try:
        itemsize = struct.calcsize(format)
    except struct.error as e:
        raise ValueError(f"invalid format {format!r}: {e}") from None
    if itemsize == 0:
        raise ValueError(f"invalid format {format!r}: itemsize 0")
    _check_layout(data, itemsize, shape, strides, offset)
    if offset % itemsize or any(s % itemsize for s in strides):
        raise ReferenceLimitation("_testbuffer.ndarray needs item-aligned offset and strides")
    if not data or len(data) % itemsize:
        raise ReferenceLimitation("_testbuffer.ndarray needs a whole, non-empty list of items")
    items = list(struct.iter_unpack(format, data))
    if all(len(t) == 1 for t in items):
        items = [t[0] for t in items]
    if b"".join(struct.pack(format, *(t if isinstance(t, tuple) else (t,))) for t in items) != data:
        raise ReferenceLimitation("the items do not pack back to the same bytes")
    if not shape:
        # A 0-d ndarray holds exactly its one item, at offset 0.
        items, offset = items[offset // itemsize], 0
    flags = 0 if readonly else ND_WRITABLE
    return ndarray(items, shape=shape, strides=strides, offset=offset, format=format, flags=flags)


def inspect(obj, flags=PyBUF_FULL_RO):  # noqa: F821 (defined from _testbuffer above)
    from buffers import fits, fixed_up_view, unpack_items

    nd = ndarray(obj, getbuf=flags)
    if nd.suboffsets:
        raise NotImplementedError("buffers with suboffsets (PIL-style) are not supported")
    view = fixed_up_view(nd)
    if not fits(view):
        raise ValueError("the exporter's layout does not fit in its buffer")
    fmt = nd.format or "B"
    view["tolist"] = unpack_items(fmt, nd.tobytes(), view["shape"])
    if view["tolist"] is None:
        raise ReferenceLimitation(f"struct cannot decode {fmt!r}")
    return view


class ByteVec(bytearray):
    """A growable byte vector; bytearray refuses to resize while exported."""

    def __init__(self, data=b""):
        super().__init__(data)

    def resize(self, n):
        if n < len(self):
            del self[n:]
        else:
            self.extend(bytes(n - len(self)))

    def __bytes__(self):
        return bytes(bytearray(self))


def sum(obj):  # noqa: A001 (the fixed API's name)
    with memoryview(obj) as m:
        fmt = m.format
        codes = fmt.lstrip("@=<>!")
        if len(codes) != 1 or codes not in "bBhHiIlLqQnNefd":
            raise TypeError(f"sum() needs a single numeric format, not {fmt!r}")
        if m.suboffsets:
            raise NotImplementedError("buffers with suboffsets (PIL-style) are not supported")
        total = 0.0
        for (x,) in struct.iter_unpack(fmt, m.tobytes()):
            total += x
        return total
