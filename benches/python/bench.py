#!/usr/bin/env python3
"""Times the workloads of `cargo xtask bench` (W1-W11) with CPython's
memoryview and, when `import numpy` works, with numpy; prints JSON.

W10 times the Python bridge from Python: `viewpy` (built by `cargo xtask
python` into target/python) against PyO3's `PyBuffer<f64>` (import) and
against a bytearray (export); it is skipped when viewpy is not built.

The jobs and sizes mirror benches/benches/workloads.rs, so the two sides
divide the same byte counts. Each entry is the median time of one
operation in seconds, or null where the library has no such operation
(numpy has no hex) or is missing. Standard library only; numpy is used
when present and never installed by this script.

    python3 benches/python/bench.py [--quick | --budget S --repeats N] [STEP...]

`cargo xtask bench` calls it once per workload (STEP: W1 ... W11, sizes)
and round, with a short budget, alternating with the criterion side.
"""

import argparse
import array
import json
import os
import platform
import random
import statistics
import sys
import timeit

# numpy puts arrays of 4 MiB or more on transparent huge pages (where THP
# is `madvise`), the Rust side's Vecs and CPython's bytes are on ordinary
# pages: every buffer of both halves gets ordinary pages, so the table
# compares kernels, not page sizes. Read when numpy is imported.
os.environ["NUMPY_MADVISE_HUGEPAGE"] = "0"

KIB = 1024
MIB = 1024 * KIB
SIZES = [64 * KIB, MIB, 64 * MIB]


def timer(stmt, env, budget, repeats):
    """Median seconds per run of `stmt` (a callable), over `repeats` rounds
    of about `budget` seconds each (at least one run per round). A run
    longer than the whole budget is timed three times, the first run one
    of them: those are the cells (CPython's W4, W6-i-q) tens to hundreds of
    times slower than the others, where more timings change no verdict."""
    t = timeit.Timer(stmt, globals=env)
    number = 1
    while True:
        elapsed = t.timeit(number)
        if number == 1 and elapsed >= budget:
            return statistics.median([elapsed] + t.repeat(repeat=2, number=1))
        if elapsed >= budget / 4 or number >= 1 << 24:
            break
        number *= 4 if elapsed < budget / 40 else 2
    number = max(1, int(number * budget / max(elapsed, 1e-9)))
    times = t.repeat(repeat=repeats, number=number)
    return statistics.median(times) / number


def noise(n, seed):
    return random.Random(seed).randbytes(n)


def w9_shape(length):
    items = length // 2
    cols = 2048 if length == 8 * MIB else min(1024, items)
    return items // cols, cols


class Bench:
    def __init__(self, budget, repeats):
        self.budget = budget
        self.repeats = repeats
        self.results = {}
        self.np = None
        self.numpy_error = None
        try:
            import numpy

            self.np = numpy
        except Exception as e:  # ImportError, or a broken install
            self.numpy_error = f"{type(e).__name__}: {e}"

    def time(self, key, column, stmt, env):
        row = self.results.setdefault(key, {"cpython": None, "numpy": None})
        row[column] = timer(stmt, env, self.budget, self.repeats)

    # ------------------------------------------------------------ workloads

    def w1(self, key, length, vec=True):
        src = noise(length, 1)
        m = memoryview(src)
        dst = memoryview(bytearray(length))
        self.time(key, "cpython", "dst[:] = m", {"dst": dst, "m": m})
        if vec:
            self.time("W1-vec", "cpython", "m.tobytes()", {"m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(src, dtype=np.uint8)
            out = np.empty(length, dtype=np.uint8)
            self.time(key, "numpy", "np.copyto(out, a)", {"np": np, "out": out, "a": a})
            if vec:
                self.time("W1-vec", "numpy", "a.tobytes()", {"a": a})

    def w2(self, key, length):
        src = noise(length, 2)
        m = memoryview(src)[::2]
        dst = memoryview(bytearray(len(m)))
        self.time(key, "cpython", "dst[:] = m", {"dst": dst, "m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(src, dtype=np.uint8)[::2]
            out = np.empty(len(a), dtype=np.uint8)
            self.time(key, "numpy", "np.copyto(out, a)", {"np": np, "out": out, "a": a})

    def w3(self):
        n = 8 * MIB
        src = noise(n * 8, 3)
        m = memoryview(src).cast("d")[::3]
        dst = memoryview(bytearray(len(m) * 8)).cast("d")
        self.time("W3", "cpython", "dst[:] = m", {"dst": dst, "m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(src, dtype=np.float64)[::3]
            out = np.empty(len(a), dtype=np.float64)
            self.time("W3", "numpy", "np.copyto(out, a)", {"np": np, "out": out, "a": a})

    def w4(self):
        n = 4096
        src = noise(n * n * 4, 4)
        m = memoryview(src).cast("f", (n, n))
        # CPython copies out in F order only into a new bytes object.
        self.time("W4", "cpython", "m.tobytes('F')", {"m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(src, dtype=np.float32).reshape(n, n)
            out = np.empty((n, n), dtype=np.float32)
            self.time("W4", "numpy", "np.copyto(out, a.T)", {"np": np, "out": out, "a": a})

    def w5(self):
        n = MIB
        rng = random.Random(5)
        m = memoryview(array.array("d", (float(rng.getrandbits(32)) for _ in range(n))))
        self.time("W5-tolist", "cpython", "m.tolist()", {"m": m})
        self.time("W5-sum", "cpython", "sum(m)", {"m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(m, dtype=np.float64)
            self.time("W5-tolist", "numpy", "a.tolist()", {"a": a})
            self.time("W5-sum", "numpy", "a.sum()", {"a": a})

    def w6(self):
        a = noise(64 * MIB, 6)
        b = bytes(bytearray(a))
        ma, mb = memoryview(a), memoryview(b)
        self.time("W6-B", "cpython", "ma == mb", {"ma": ma, "mb": mb})
        n = 2 * MIB
        raw = noise(n * 4, 7)
        mi = memoryview(raw).cast("i")
        mq = memoryview(array.array("q", mi))
        self.time("W6-i-q", "cpython", "mi == mq", {"mi": mi, "mq": mq})
        # Doubles from 32-bit integers, as workloads.rs makes them: no NaN,
        # so equal views compare equal.
        ints = memoryview(noise(n * 4, 9)).cast("I")
        left = memoryview(bytearray(array.array("d", ints))).cast("d")
        for i in range(0, n, 1000):
            left[i] = 0.0
        right = memoryview(bytearray(left.tobytes())).cast("d")
        for i in range(0, n, 1000):
            right[i] = -0.0
        self.time("W6-d", "cpython", "ml == mr", {"ml": left, "mr": right})
        if self.np:
            np = self.np
            na, nb = np.frombuffer(a, np.uint8), np.frombuffer(b, np.uint8)
            env = {"np": np, "x": na, "y": nb}
            self.time("W6-B", "numpy", "np.array_equal(x, y)", env)
            ni = np.frombuffer(mi, np.int32)
            nq = np.frombuffer(mq, np.int64)
            self.time("W6-i-q", "numpy", "np.array_equal(x, y)", {"np": np, "x": ni, "y": nq})
            nl, nr = np.frombuffer(left, np.float64), np.frombuffer(right, np.float64)
            self.time("W6-d", "numpy", "np.array_equal(x, y)", {"np": np, "x": nl, "y": nr})

    def w7(self):
        m = memoryview(noise(MIB, 10))
        self.time("W7-hex", "cpython", "m.hex()", {"m": m})
        self.time("W7-hex-sep", "cpython", "m.hex(':')", {"m": m})
        self.time("W7-hex-sep4", "cpython", "m.hex(':', 4)", {"m": m})
        # numpy has no hex of its own: those cells stay null.

    def w8(self):
        n = 128 * KIB
        buf = noise(n * 8, 12)
        m = memoryview(buf).cast("d")
        mb = memoryview(buf)
        env = {"m": m, "mb": mb, "buf": buf, "i": n // 3}
        self.time("W8-index", "cpython", "m[i]", env)
        self.time("W8-index-typed", "cpython", "m[i]", env)
        self.time("W8-slice", "cpython", "m[1::2]", env)
        self.time("W8-cast", "cpython", "mb.cast('d')", env)
        self.time("W8-construct", "cpython", "memoryview(buf)", env)
        if self.np:
            np = self.np
            a = np.frombuffer(buf, np.float64)
            ab = np.frombuffer(buf, np.uint8)
            env = {"np": np, "a": a, "ab": ab, "buf": buf, "i": n // 3, "f8": np.float64}
            self.time("W8-index", "numpy", "a[i]", env)
            self.time("W8-index-typed", "numpy", "a[i]", env)
            self.time("W8-slice", "numpy", "a[1::2]", env)
            self.time("W8-cast", "numpy", "ab.view(f8)", env)
            self.time("W8-construct", "numpy", "np.frombuffer(buf, f8)", env)

    def w9(self, key, length):
        rows, cols = w9_shape(length)
        src = noise(length, 13)
        # Reversing both dimensions of a C-contiguous 2-D view visits the
        # elements in reverse memory order: CPython slices only the first
        # dimension, so it does the same job on the flat view.
        m = memoryview(src).cast("H")[::-1]
        dst = memoryview(bytearray(length)).cast("H")
        self.time(key, "cpython", "dst[:] = m", {"dst": dst, "m": m})
        if self.np:
            np = self.np
            a = np.frombuffer(src, np.uint16).reshape(rows, cols)[::-1, ::-1]
            out = np.empty((rows, cols), np.uint16)
            self.time(key, "numpy", "np.copyto(out, a)", {"np": np, "out": out, "a": a})

    def w11(self):
        # The records of workloads.rs's W11: 64K of (u32 id, f32 value, u64
        # time), C layout (16 bytes), values from the same kind of noise.
        # numpy sums the `value` field through a strided view; CPython's
        # memoryview has no record formats, so that cell stays null.
        if not self.np:
            return
        np = self.np
        n = 64 * KIB
        raw = np.frombuffer(noise(n * 8, 14), dtype=np.uint32)[::2]
        recs = np.zeros(n, dtype=np.dtype([("id", "<u4"), ("value", "<f4"), ("time", "<u8")]))
        recs["id"] = np.arange(n)
        recs["value"] = raw.astype(np.float32)
        recs["time"] = np.arange(n)
        self.time("W11-record-field", "numpy", "recs['value'].sum()", {"recs": recs})

    def w10(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        sys.path.insert(0, os.path.join(root, "target", "python"))
        try:
            import viewpy
        except ImportError as e:
            print(f"bench.py: W10 skipped: {e}", file=sys.stderr)
            return
        np = self.np
        if np:
            a = np.arange(1 << 20, dtype="f8")
            b = viewpy.bench
            for key, mine, theirs in [("W10-import", b.sum_view, b.sum_pybuffer),
                                      ("W10-import-get", b.import_view, b.import_pybuffer)]:
                self.time(key, "this", "f(a)", {"f": mine, "a": a})
                self.time(key, "pyo3", "f(a)", {"f": theirs, "a": a})
        if hasattr(viewpy, "export"):
            data = bytes(4096)
            obj = viewpy.export(data, "B", [len(data)], [1], 0, readonly=False)
            ba = bytearray(data)
            self.time("W10-export", "this", "memoryview(o)", {"o": obj})
            self.time("W10-export", "cpython", "memoryview(o)", {"o": ba})
            if np:
                env = {"np": np}
                self.time("W10-export-numpy", "this", "np.asarray(o)", dict(env, o=obj))
                self.time("W10-export-numpy", "numpy", "np.asarray(o)", dict(env, o=ba))

    def run(self, only=None):
        steps = [
            ("W1", lambda: self.w1("W1-buffer", 64 * MIB)),
            ("W2", lambda: self.w2("W2", 64 * MIB)),
            ("W3", self.w3),
            ("W4", self.w4),
            ("W5", self.w5),
            ("W6", self.w6),
            ("W7", self.w7),
            ("W8", self.w8),
            ("W9", lambda: self.w9("W9", 8 * MIB)),
            ("W10", self.w10),
            ("W11", self.w11),
        ]
        for length in SIZES:
            steps.append(("sizes", lambda n=length: self.w1(f"W1-sizes/{n}", n, vec=False)))
            steps.append(("sizes", lambda n=length: self.w2(f"W2-sizes/{n}", n)))
            steps.append(("sizes", lambda n=length: self.w9(f"W9-sizes/{n}", n)))
        for name, step in steps:
            # A prefix names whole workloads: "W1" is not "W10".
            if only and not any(name.startswith(o) and not name[len(o):][:1].isdigit()
                                 for o in only):
                continue
            step()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short rounds")
    parser.add_argument("--budget", type=float, help="seconds per timing (0.25; 0.05 quick)")
    parser.add_argument("--repeats", type=int, help="timings per median (15; 5 quick)")
    parser.add_argument("only", nargs="*", help="workload prefixes (W1 ... W11, sizes)")
    args = parser.parse_args()
    budget = args.budget or (0.05 if args.quick else 0.25)
    repeats = args.repeats or (5 if args.quick else 15)
    bench = Bench(budget, repeats)
    bench.run(args.only)
    numpy_version = bench.np.__version__ if bench.np else None
    json.dump(
        {
            "python": platform.python_version(),
            "implementation": platform.python_implementation(),
            "numpy": numpy_version,
            "numpy_error": bench.numpy_error,
            "workloads": bench.results,
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
