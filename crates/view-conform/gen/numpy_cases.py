"""Writes numpy's own buffer exports as JSON Lines for view-conform.

Each line is one array exported through the buffer protocol, as numpy hands
it to a consumer: the format, itemsize, shape, strides and offset that
`memoryview(arr)` shows, the bytes of the whole underlying buffer, and
what `arr.tolist()` gives. The line schema is in view-conform's crate docs.

    python numpy_cases.py [--seed S] [--count N] OUT.jsonl

`cargo xtask numpy-cases` runs it with the project's venv.
"""

import argparse
import json
import math
import random
import sys

import numpy as np

# --------------------------------------------------------------- encoding


def encode(v):
    """A Python value from tolist() as tagged JSON."""
    if isinstance(v, bool) or isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating)):
        # np.longdouble: C's (double) cast, round to nearest.
        return {"float": repr(float(v))}
    if isinstance(v, (complex, np.complexfloating)):
        c = complex(v)
        return {"complex": [repr(c.real), repr(c.imag)]}
    if isinstance(v, (bytes, np.bytes_)):
        return {"bytes": bytes(v).hex()}
    if isinstance(v, str):
        return {"str": v}
    if isinstance(v, tuple):
        return {"tuple": [encode(x) for x in v]}
    if isinstance(v, list):
        return [encode(x) for x in v]
    if isinstance(v, np.ndarray):
        return encode(v.tolist())
    if isinstance(v, np.void):
        return encode(v.tolist())
    raise TypeError(f"cannot encode {type(v)!r}")


# ------------------------------------------------------------------ dtypes

ORDERS = ["<", ">", "="]
NUMERIC = ["i1", "u1", "i2", "u2", "i4", "u4", "i8", "u8", "f2", "f4", "f8", "c8", "c16"]
NAMES = ["a", "b", "x", "y", "val", "a}", "b{", "}", "{", "f o", "é", "n-1", "T{", "(2)"]


def scalar_dtype(rng, allow_native_only=True):
    kind = rng.random()
    if kind < 0.62:
        return np.dtype(rng.choice(ORDERS) + rng.choice(NUMERIC))
    if kind < 0.68:
        return np.dtype("?")
    if kind < 0.76:
        return np.dtype(f"S{rng.randint(1, 5)}")
    if kind < 0.84:
        return np.dtype(f"{rng.choice(ORDERS)}U{rng.randint(1, 4)}")
    if kind < 0.92 and allow_native_only:
        return np.dtype(rng.choice(["g", "G"]))
    return np.dtype(rng.choice(["b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "e", "f", "d"]))


def record_dtype(rng, depth=0, packed=False):
    """A record dtype. numpy's writer describes a sub-array of records by
    their fields' bytes, without the record's end padding, so sub-arrays
    of padded records cannot be read right by any reader: those are packed."""
    n = rng.randint(1, 4)
    names = rng.sample(NAMES, n)
    fields = []
    for name in names:
        r = rng.random()
        sub_array = rng.random() < 0.25
        if r < 0.15 and depth < 2:
            dt = record_dtype(rng, depth + 1, packed=packed or sub_array)
        elif r < 0.22:
            dt = np.dtype(f"V{rng.randint(1, 4)}")
        else:
            dt = scalar_dtype(rng)
        if sub_array:
            shape = tuple(rng.randint(1, 3) for _ in range(rng.randint(1, 2)))
            fields.append((name, dt, shape))
        else:
            fields.append((name, dt))
    return np.dtype(fields, align=not packed and rng.random() < 0.5)


def random_dtype(rng):
    r = rng.random()
    if r < 0.55:
        return scalar_dtype(rng)
    return record_dtype(rng)


# ------------------------------------------------------------------ arrays


def fill(rng, arr):
    """Random bytes everywhere, then values numpy's tolist can show."""
    if arr.size:
        raw = arr.reshape(-1).view(np.uint8)
        raw[...] = np.frombuffer(rng.randbytes(raw.size), dtype=np.uint8)
    fix(rng, arr)


def fix(rng, arr):
    dt = arr.dtype
    if dt.names:
        for name in dt.names:
            fix(rng, arr[name])
        return
    if dt.subdtype is not None:
        return  # fields of sub-array dtype are reached through their parents
    if dt.kind == "U":
        alphabet = "abcxyz é€😀\u00a0"
        n = dt.itemsize // 4
        flat = arr.reshape(-1)
        for i in range(flat.size):
            flat[i] = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, n)))
    elif dt.kind == "f" and dt.itemsize > 8:
        # long double: finite values, some specials.
        flat = arr.reshape(-1)
        for i in range(flat.size):
            flat[i] = rng.choice([0.0, -0.0, 1.5, math.pi, 1e-310, -1e300, math.inf, math.nan,
                                   rng.uniform(-1e6, 1e6)])
            if rng.random() < 0.3:
                flat[i] = np.longdouble(flat[i]) / np.longdouble(3)
    elif dt.kind == "c" and dt.itemsize > 16:
        flat = arr.reshape(-1)
        for i in range(flat.size):
            flat[i] = np.clongdouble(complex(rng.uniform(-5, 5), rng.uniform(-5, 5))) / 3


def make_view(rng, base):
    """A view of `base` with a random layout: slices, steps, transposes."""
    v = base
    for axis in range(v.ndim):
        n = v.shape[axis]
        r = rng.random()
        idx = [slice(None)] * v.ndim
        if r < 0.2 and n > 0:
            idx[axis] = slice(None, None, -1)
        elif r < 0.35 and n > 1:
            idx[axis] = slice(rng.randint(0, n - 1), None, rng.choice([2, -2, 3]))
        elif r < 0.42:
            idx[axis] = slice(n, n)  # empty
        v = v[tuple(idx)]
    if v.ndim > 1 and rng.random() < 0.3:
        v = v.transpose(rng.sample(range(v.ndim), v.ndim))
    if rng.random() < 0.08 and v.ndim >= 1:
        v = np.lib.stride_tricks.as_strided(v, shape=v.shape + (3,), strides=v.strides + (0,))
    return v


def case(rng, i):
    dt = random_dtype(rng)
    ndim = rng.choice([0, 1, 1, 2, 2, 3, 4])
    shape = tuple(rng.randint(0, 4) if rng.random() < 0.1 else rng.randint(1, 4) for _ in range(ndim))
    base = np.zeros(shape, dtype=dt)
    # `fill` writes raw bytes; U/g fields are then set to showable values.
    fill(rng, base)
    if dt.names:
        refill_records(rng, base)
    view = make_view(rng, base)
    return line(f"numpy-{i:06d}", view, base)


def refill_records(rng, arr):
    dt = arr.dtype
    for name in dt.names:
        fdt = dt.fields[name][0]
        sub = arr[name]
        base = fdt.base if fdt.subdtype is not None else fdt
        if base.names:
            refill_records(rng, sub)
        elif base.kind in "Uf?cb":
            tmp = np.zeros(sub.shape, dtype=sub.dtype)
            fill(rng, tmp)
            sub[...] = tmp


def line(case_id, view, base):
    m = memoryview(view)
    buf = memoryview(base).cast("B") if base.nbytes else b""
    start = base.__array_interface__["data"][0]
    offset = view.__array_interface__["data"][0] - start
    obj = {
        "kind": "numpy",
        "id": case_id,
        "dtype": str(view.dtype),
        "buf": bytes(buf).hex(),
        "format": m.format,
        "itemsize": m.itemsize,
        "shape": list(m.shape),
        "strides": list(m.strides),
        "offset": offset,
        "tolist": encode(view.tolist()),
        # CPython's tobytes copies whole items; numpy's copies only the
        # fields of a strided record array and leaves its padding zero.
        "tobytes": m.tobytes().hex(),
    }
    return obj


def object_case(i):
    base = np.array([None, 1], dtype=object)
    m = memoryview(base)
    return {
        "kind": "numpy",
        "id": f"numpy-{i:06d}",
        "dtype": "object",
        "buf": "00" * base.nbytes,
        "format": m.format,
        "itemsize": m.itemsize,
        "shape": list(m.shape),
        "strides": list(m.strides),
        "offset": 0,
        "error": "NotImplementedError",
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", type=int, default=3118)
    p.add_argument("--count", type=int, default=600)
    p.add_argument("out")
    args = p.parse_args(argv)
    rng = random.Random(args.seed)
    written = 0
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(json.dumps(object_case(0), ensure_ascii=False) + "\n")
        written += 1
        i = 1
        while written < args.count:
            try:
                obj = case(rng, i)
            except (ValueError, TypeError, BufferError) as e:
                # numpy refuses to export this layout (none expected).
                print(f"skipped case {i}: {e}", file=sys.stderr)
                i += 1
                continue
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
            written += 1
            i += 1
    print(f"wrote {written} numpy cases (seed {args.seed}) to {args.out}")


if __name__ == "__main__":
    main()
