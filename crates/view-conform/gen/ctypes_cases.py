"""Writes ctypes' own buffer exports as JSON Lines for view-conform.

Arrays of simple types, Structure, BigEndianStructure,
LittleEndianStructure, Union and packed (`_pack_`) structures, nested and
with array fields, exported through `memoryview(obj)`. The expected values
follow the format ctypes writes, not the structure's real layout (they
differ for padded structures on CPython 3.11, and packed structures and
unions export plain `B`): numpy's PEP 3118 reader decodes the bytes with
the exporter's itemsize as the oracle. Same line schema as
numpy_cases.py ("kind": "ctypes").

    python ctypes_cases.py [--seed S] OUT.jsonl
"""

import argparse
import ctypes as C
import json
import random

import numpy as np
from numpy._core._internal import _dtype_from_pep3118

from numpy_cases import encode

SIMPLE = [C.c_byte, C.c_ubyte, C.c_short, C.c_ushort, C.c_int, C.c_uint, C.c_long, C.c_ulong,
          C.c_longlong, C.c_ulonglong, C.c_float, C.c_double, C.c_bool, C.c_char,
          C.c_int8, C.c_uint16, C.c_int32, C.c_uint64, C.c_size_t, C.c_ssize_t]
FIELD_TYPES = [C.c_ubyte, C.c_short, C.c_int, C.c_uint, C.c_longlong, C.c_float, C.c_double,
               C.c_bool, C.c_char, C.c_int16, C.c_uint32]


def struct_type(rng, base, depth=0):
    n = rng.randint(1, 4)
    fields = []
    for k in range(n):
        r = rng.random()
        if r < 0.15 and depth < 1 and base is C.Structure:
            t = struct_type(rng, base, depth + 1)
        else:
            t = rng.choice(FIELD_TYPES)
        if rng.random() < 0.25:
            t = t * rng.randint(1, 3)
        fields.append((f"f{k}", t))
    attrs = {"_fields_": fields}
    if rng.random() < 0.25 and base is C.Structure:
        attrs["_pack_"] = rng.choice([1, 2])
    return type(f"S{depth}", (base,), attrs)


def random_type(rng):
    r = rng.random()
    if r < 0.25:
        t = rng.choice(SIMPLE)
    elif r < 0.85:
        t = struct_type(rng, rng.choice([C.Structure, C.BigEndianStructure,
                                        C.LittleEndianStructure]))
    else:
        t = struct_type(rng, C.Union)
    for _ in range(rng.choice([0, 1, 1, 2])):
        t = t * rng.randint(1, 3)
    return t


def oracle(buf, fmt, itemsize, shape, strides):
    """tolist of the bytes decoded as the format says, items `itemsize` apart."""
    dt = _dtype_from_pep3118(fmt)
    if dt.itemsize != itemsize:
        if dt.names:
            spec = {"names": list(dt.names),
                    "formats": [dt.fields[n][0] for n in dt.names],
                    "offsets": [dt.fields[n][1] for n in dt.names], "itemsize": itemsize}
            dt = np.dtype(spec)
            arr = np.ndarray(shape, dt, buffer=buf, offset=0, strides=strides)
        else:
            padded = np.dtype({"names": ["v"], "formats": [dt], "offsets": [0],
                               "itemsize": itemsize})
            arr = np.ndarray(shape, padded, buffer=buf, offset=0, strides=strides)["v"]
    else:
        arr = np.ndarray(shape, dt, buffer=buf, offset=0, strides=strides)
    return arr.tolist()


def case(rng, i):
    t = random_type(rng)
    obj = t()
    raw = (C.c_ubyte * C.sizeof(obj)).from_buffer(obj)
    for k in range(len(raw)):
        raw[k] = rng.randrange(256)
    m = memoryview(obj)
    buf = bytes(raw)
    fmt = m.format
    # Bools of ctypes are bytes 0 or 1; floats from random bytes are fine.
    tolist = oracle(buf, fmt, m.itemsize, m.shape, m.strides)
    return {
        "kind": "ctypes",
        "id": f"ctypes-{i:06d}",
        "dtype": repr(t),
        "buf": buf.hex(),
        "format": fmt,
        "itemsize": m.itemsize,
        "shape": list(m.shape),
        "strides": list(m.strides),
        "offset": 0,
        "tolist": encode(tolist),
        "tobytes": m.tobytes().hex(),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=3118)
    p.add_argument("--count", type=int, default=150)
    p.add_argument("out")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    with open(args.out, "w", encoding="utf-8") as f:
        for i in range(args.count):
            while True:
                try:
                    obj = case(rng, i)
                    break
                except TypeError:
                    pass  # a field type this endianness does not support
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    print(f"wrote {args.count} ctypes cases (seed {args.seed}) to {args.out}")


if __name__ == "__main__":
    main()
