"""The export outlives its Python name; nothing leaks over many exports."""

import gc
import struct
import sys

import numpy as np
import viewpy
from _testbuffer import PyBUF_FULL_RO, ndarray

DATA = bytes(range(256)) * 64  # 16 KiB


def make(readonly=True, fmt="B"):
    size = struct.calcsize(fmt)
    return viewpy.export(DATA, fmt, [len(DATA) // size], [size], 0, readonly=readonly)


def test_memoryview_outlives_the_exporter_name():
    m = memoryview(make())
    gc.collect()
    assert m.tobytes() == DATA
    assert m.obj is not None
    m.release()


def test_numpy_outlives_the_exporter_name():
    obj = make(readonly=False)
    a = np.asarray(obj)
    del obj
    gc.collect()
    a[:4] = 7
    assert bytes(a[:5]) == b"\x07\x07\x07\x07\x04"


def test_getbuf_consumer_outlives_the_exporter_name():
    nd = ndarray(make(), getbuf=PyBUF_FULL_RO)
    gc.collect()
    assert nd.tobytes() == DATA


def test_slices_of_slices_keep_the_export():
    m = memoryview(make())[10:20][::2]
    gc.collect()
    assert m.tobytes() == DATA[10:20:2]


def test_export_release_balances_references():
    obj = make()
    before = sys.getrefcount(obj)
    views = [memoryview(obj) for _ in range(100)]
    assert sys.getrefcount(obj) > before
    for v in views:
        v.release()
    del views
    assert sys.getrefcount(obj) == before


def _rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_no_leak_over_10000_export_release_cycles():
    def cycle(n):
        for _ in range(n):
            obj = make(fmt="Q")
            with memoryview(obj) as m:
                m[0]
            a = np.asarray(obj)
            del a, obj
        gc.collect()

    cycle(1000)  # warm up allocator pools
    before = _rss_bytes()
    cycle(10_000)
    grown = _rss_bytes() - before
    # A leaked 16 KiB copy per cycle would be 160 MiB.
    assert grown < 16 * 1024 * 1024, f"RSS grew by {grown} bytes"


def test_kept_answers_follow_a_resize():
    v = viewpy.ByteVec(b"abc")
    with memoryview(v) as m:
        assert m.shape == (3,)
        a = np.asarray(v)
        assert a.shape == (3,)
    del a
    v.extend(b"defg")
    nd = ndarray(v, getbuf=PyBUF_FULL_RO)
    with memoryview(v) as m:
        assert (m.shape, nd.shape, m.tobytes()) == ((7,), (7,), b"abcdefg")
    del nd
    assert bytes(np.asarray(v)) == b"abcdefg"


def test_exports_with_different_flags_release_in_either_order():
    from _testbuffer import PyBUF_ND, PyBUF_SIMPLE

    obj = make(readonly=False, fmt="H")
    for i in range(2):
        m = memoryview(obj)
        nds = [ndarray(obj, getbuf=PyBUF_ND), ndarray(obj, getbuf=PyBUF_SIMPLE)]
        m[i] = 0xBEEF
        assert all(nd.tobytes()[2 * i:2 * i + 2] == struct.pack("H", 0xBEEF) for nd in nds)
        assert obj.exports == 3
        if i == 0:
            m.release()
            del nds
        else:
            del nds
            assert obj.exports == 1
            m.release()
        assert obj.exports == 0
