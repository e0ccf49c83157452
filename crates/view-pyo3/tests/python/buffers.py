"""Shared helpers: CPython's request-flag matrix, layouts, and records.

A *record* is everything a consumer can observe of one buffer request, as
a dict of plain values; an attribute that raises is recorded as the
exception's class name and message (messages written by the consumer:
memoryview, _testbuffer), a refused request by the class name alone (the
exporter words its own message). Two exporters agree when their records
are equal.
"""

import random
import struct

from _testbuffer import (
    ND_WRITABLE,
    PyBUF_ANY_CONTIGUOUS,
    PyBUF_C_CONTIGUOUS,
    PyBUF_CONTIG,
    PyBUF_CONTIG_RO,
    PyBUF_F_CONTIGUOUS,
    PyBUF_FORMAT,
    PyBUF_FULL,
    PyBUF_FULL_RO,
    PyBUF_INDIRECT,
    PyBUF_ND,
    PyBUF_RECORDS,
    PyBUF_RECORDS_RO,
    PyBUF_SIMPLE,
    PyBUF_STRIDED,
    PyBUF_STRIDED_RO,
    PyBUF_STRIDES,
    PyBUF_WRITABLE,
    ndarray,
)

# The request matrix of CPython's Lib/test/test_buffer.py
# (test_ndarray_getbuf): every basic and compound request, with and
# without WRITABLE and FORMAT.
REQUESTS = {
    "INDIRECT": PyBUF_INDIRECT,
    "STRIDES": PyBUF_STRIDES,
    "ND": PyBUF_ND,
    "SIMPLE": PyBUF_SIMPLE,
    "C_CONTIGUOUS": PyBUF_C_CONTIGUOUS,
    "F_CONTIGUOUS": PyBUF_F_CONTIGUOUS,
    "ANY_CONTIGUOUS": PyBUF_ANY_CONTIGUOUS,
    "FULL": PyBUF_FULL,
    "FULL_RO": PyBUF_FULL_RO,
    "RECORDS": PyBUF_RECORDS,
    "RECORDS_RO": PyBUF_RECORDS_RO,
    "STRIDED": PyBUF_STRIDED,
    "STRIDED_RO": PyBUF_STRIDED_RO,
    "CONTIG": PyBUF_CONTIG,
    "CONTIG_RO": PyBUF_CONTIG_RO,
}
EXTRA_BITS = {"": 0, "|WRITABLE": PyBUF_WRITABLE, "|FORMAT": PyBUF_FORMAT,
              "|WRITABLE|FORMAT": PyBUF_WRITABLE | PyBUF_FORMAT}
FLAG_MATRIX = [(name + extra, flags | bits)
               for name, flags in REQUESTS.items() for extra, bits in EXTRA_BITS.items()]

# Single-code formats struct and memoryview both know, with a value maker.
NUMERIC_FORMATS = "bBhHiIlLqQnNfde?"
CODES = NUMERIC_FORMATS + "c"


def observe(fn):
    """fn() or ('raises', class name, message)."""
    try:
        return fn()
    except Exception as e:  # noqa: BLE001 (recorded, compared)
        return ("raises", type(e).__name__, str(e))


def memoryview_record(obj):
    """What memoryview(obj) shows: every attribute and the conversions."""
    try:
        m = memoryview(obj)
    except Exception as e:  # noqa: BLE001 (the exporter's message is its own)
        return ("raises", type(e).__name__)
    with m:
        return {
            "format": m.format,
            "itemsize": m.itemsize,
            "ndim": m.ndim,
            "shape": m.shape,
            "strides": m.strides,
            "suboffsets": m.suboffsets,
            "readonly": m.readonly,
            "nbytes": m.nbytes,
            "len": observe(lambda: len(m)),
            "c_contiguous": m.c_contiguous,
            "f_contiguous": m.f_contiguous,
            "contiguous": m.contiguous,
            "tobytes": m.tobytes(),
            "tobytes_F": m.tobytes("F"),
            "tobytes_A": m.tobytes("A"),
            "hex": m.hex(),
            "tolist": observe(m.tolist),
            "bytes": bytes(m),
        }


def getbuf_record(obj, flags):
    """What _testbuffer.ndarray(obj, getbuf=flags) sees of obj."""
    try:
        nd = ndarray(obj, getbuf=flags)
    except Exception as e:  # noqa: BLE001 (the exporter's message is its own)
        return ("raises", type(e).__name__)
    return {
        "format": nd.format,
        "itemsize": nd.itemsize,
        "ndim": nd.ndim,
        "shape": nd.shape,
        "strides": nd.strides,
        "suboffsets": nd.suboffsets,
        "readonly": nd.readonly,
        "nbytes": nd.nbytes,
        "c_contiguous": nd.c_contiguous,
        "f_contiguous": nd.f_contiguous,
        "contiguous": nd.contiguous,
        "tobytes": observe(nd.tobytes),
        "tolist": observe(nd.tolist),
        "memoryview": memoryview_record(nd),
    }


def reference_ndarray(data, fmt, shape, strides, offset, readonly=True):
    """CPython's reference exporter for the same bytes and layout."""
    items = [t[0] if len(t) == 1 else t for t in struct.iter_unpack(fmt, data)]
    if not shape:
        # A 0-d ndarray holds exactly its one item, at offset 0.
        items, offset = items[offset // struct.calcsize(fmt)], 0
    return ndarray(items, shape=list(shape), strides=list(strides), offset=offset,
                   format=fmt, flags=0 if readonly else ND_WRITABLE)


def random_items(rng, fmt, n):
    """n random values of a single-code struct format, exact under pack/unpack."""
    code = fmt.lstrip("@=<>!")
    if code == "?":
        return [rng.random() < 0.5 for _ in range(n)]
    if code == "c":
        return [bytes([rng.randrange(256)]) for _ in range(n)]
    if code in "efd":
        size = struct.calcsize(fmt)
        out = []
        for _ in range(n):
            x = rng.choice([0.0, -0.0, 1.5, -2.25, 1e3, float("inf"), rng.uniform(-100, 100)])
            out.append(struct.unpack(fmt, struct.pack(fmt, x))[0] if size < 8 else x)
        return out
    bits = struct.calcsize(fmt) * 8
    if code.islower():
        return [rng.randrange(-(1 << (bits - 1)), 1 << (bits - 1)) for _ in range(n)]
    return [rng.randrange(0, 1 << bits) for _ in range(n)]


def random_layout(rng, itemsize, nitems, max_ndim=4):
    """A shape, byte strides (any sign, zero allowed) and offset inside nitems."""
    ndim = rng.choice([0, 1, 1, 2, 2, 3, max_ndim])
    shape = [rng.choice([0, 1, 2, 3, 4]) if rng.random() < 0.15 else rng.randint(1, 4)
             for _ in range(ndim)]
    pick = rng.random()
    if pick < 0.3:  # C-contiguous: every contiguity request can succeed
        strides = c_strides(shape, itemsize)
    elif pick < 0.45:  # Fortran-contiguous
        strides = list(reversed(c_strides(list(reversed(shape)), itemsize)))
    else:
        strides = [rng.choice([-3, -2, -1, 0, 1, 1, 2, 3, 5]) * itemsize for _ in range(ndim)]
    lo = hi = 0
    for n, s in zip(shape, strides):
        if n == 0:
            continue
        if s < 0:
            lo += (n - 1) * s
        else:
            hi += (n - 1) * s
    span = hi - lo + itemsize
    if span > nitems * itemsize:
        return None
    slack = (nitems * itemsize - span) // itemsize
    offset = -lo + rng.randint(0, slack) * itemsize
    return shape, strides, offset


def c_strides(shape, itemsize):
    strides, step = [], itemsize
    for n in reversed(shape):
        strides.append(step)
        step *= n
    return list(reversed(strides))


def generated_cases(seed, count):
    """(fmt, data, shape, strides, offset) drawn from a seeded generator."""
    rng = random.Random(seed)
    cases = []
    while len(cases) < count:
        fmt = rng.choice(CODES)
        if rng.random() < 0.2 and fmt not in "c?nN":
            fmt = rng.choice("<>=") + fmt
        itemsize = struct.calcsize(fmt)
        nitems = rng.randint(1, 40)
        layout = random_layout(rng, itemsize, nitems)
        if layout is None:
            continue
        items = random_items(rng, fmt, nitems)
        data = b"".join(struct.pack(fmt, x) for x in items)
        cases.append((fmt, data, *layout))
    return cases


def _contiguous(shape, strides, itemsize, order):
    if 0 in shape:
        return True
    dims = list(zip(shape, strides))
    if order == "C":
        dims.reverse()
    step = itemsize
    for n, s in dims:
        if n > 1 and s != step:
            return False
        step *= n
    return True


def fixed_up_view(nd):
    """The view memoryview would build from what nd received: format NULL
    becomes "B" (itemsize kept), shape NULL becomes (len // itemsize,),
    strides NULL become C strides. tolist is left out: without FORMAT,
    CPython reads one byte per item (see test_helpers.py)."""
    itemsize = nd.itemsize
    shape = nd.shape
    if nd.ndim >= 1 and not shape:
        shape = (nd.nbytes // itemsize,)
    strides = nd.strides or tuple(c_strides(shape, itemsize))
    return {
        "format": nd.format or "B",
        "itemsize": itemsize,
        "ndim": len(shape),
        "shape": tuple(shape),
        "strides": tuple(strides),
        "readonly": bool(nd.readonly),
        "nbytes": nd.nbytes,
        "c_contiguous": _contiguous(shape, strides, itemsize, "C"),
        "f_contiguous": _contiguous(shape, strides, itemsize, "F"),
    }


def fits(view):
    """False when the fixed-up view reads past the exporter's len. Only a
    0-d view can be checked: for ndim >= 1, len is the product of the shape
    and the item size, not the span the strides reach. numpy answers a
    request without ND with ndim 0 and len = nbytes: for an empty array
    that is a 0-d item in 0 bytes."""
    return view["ndim"] > 0 or view["nbytes"] >= view["itemsize"]


def unpack_items(fmt, raw, shape):
    """Nested lists of the items in raw (C order) decoded by struct, or
    None when struct cannot decode fmt (records with names, 'Zd', 'w')."""
    try:
        flat = [t[0] if len(t) == 1 else t for t in struct.iter_unpack(fmt, raw)]
    except struct.error:
        return None

    def nest(dims, start):
        if not dims:
            return flat[start]
        step = 1
        for n in dims[1:]:
            step *= n
        return [nest(dims[1:], start + i * step) for i in range(dims[0])]

    return nest(list(shape), 0)


def request_outcome(obj, flags):
    """fixed_up_view of obj under flags, with "tolist" when the exporter
    gave a format struct can decode (else None), or ("raises", class name)."""
    try:
        nd = ndarray(obj, getbuf=flags)
    except Exception as e:  # noqa: BLE001
        return ("raises", type(e).__name__)
    view = fixed_up_view(nd)
    if not fits(view):
        return ("raises", "ValueError")
    view["tolist"] = unpack_items(nd.format, nd.tobytes(), view["shape"]) if nd.format else None
    return view
