//! The workloads of `cargo xtask bench` (W1–W11; targets and method in `benches/README.md`).
//!
//! Each criterion group is one row of the comparison table and holds the
//! benchmarks measured in the same run: `this` (this workspace), `ndarray`
//! (the `ndarray` crate doing the same job), the specialised crates where a
//! Rust user would pick one (`transpose` in W4, `const-hex` and `faster-hex`
//! in W7) and `limit` (a plain `copy_from_slice` or slice `==`, i.e. memcpy /
//! memcmp, of the same byte count). Throughput is the bytes written (copies, hex, `tolist`'s element
//! bytes) or the bytes read (equality, sums); latency rows (W8) report
//! time per operation. The groups `W1-sizes`, `W2-sizes` and `W9-sizes`
//! repeat those workloads at 64 KiB, 1 MiB and 64 MiB for the
//! throughput-versus-size plot.
//!
//! `cargo xtask bench` runs this file, reads criterion's estimates and
//! prints the table; the python side is `benches/python/bench.py`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Bencher, BenchmarkId, Criterion, SamplingMode, Throughput};
use ndarray::{ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Zip, s};
use view_core::{Buffer, Element, Format, Layout, Order, Scalar, Slice, View};

const KIB: usize = 1024;
const MIB: usize = 1024 * KIB;

/// Sizes of the throughput-versus-size series.
const SIZES: [usize; 3] = [64 * KIB, MIB, 64 * MIB];

/// Registers `group/name` (or `group/name/param`). `bytes` sets the
/// throughput; `None` makes a latency row. Benchmarks of a millisecond or
/// more are sampled flat, so a slow one does not stretch the run.
fn define(
    c: &mut Criterion,
    group: &str,
    name: &str,
    param: Option<usize>,
    bytes: Option<usize>,
    bench: impl FnMut(&mut Bencher<'_>),
) {
    let mut g = c.benchmark_group(group);
    if let Some(n) = bytes {
        g.throughput(Throughput::Bytes(n as u64));
        if n >= MIB {
            g.sampling_mode(SamplingMode::Flat);
        }
    }
    match param {
        Some(p) => g.bench_function(BenchmarkId::new(name, p), bench),
        None => g.bench_function(name, bench),
    };
    g.finish();
}

/// Deterministic bytes that are not all alike (xorshift64).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(len);
    out
}

fn f64s(bytes: &[u8]) -> Vec<f64> {
    bytes.chunks_exact(8).map(|c| f64::from(u32::from_le_bytes([c[0], c[1], c[2], c[3]]))).collect()
}

fn as_bytes_f64(values: &[f64]) -> Vec<u8> {
    values.iter().flat_map(|x| x.to_ne_bytes()).collect()
}

/// W1: a contiguous `B` view copied out, into the caller's buffer and into a new `Vec`.
fn w1(c: &mut Criterion, group: &str, param: Option<usize>, len: usize) {
    let src = noise(len, 1);
    let mut dst = vec![0u8; len];
    let view = View::from_bytes(&src);
    let arr = ArrayView1::from(&src[..]);
    define(c, group, "this", param, Some(len), |b| {
        b.iter(|| black_box(&view).copy_to_slice(&mut dst, Order::C).unwrap());
    });
    define(c, group, "ndarray", param, Some(len), |b| {
        b.iter(|| ArrayViewMut1::from(&mut dst[..]).assign(black_box(&arr)));
    });
    define(c, group, "limit", param, Some(len), |b| {
        b.iter(|| dst.copy_from_slice(black_box(&src)));
    });
    if param.is_none() {
        let group = "W1-vec";
        define(c, group, "this", None, Some(len), |b| {
            b.iter(|| black_box(&view).to_vec(Order::C).unwrap())
        });
        define(c, group, "ndarray", None, Some(len), |b| b.iter(|| black_box(&arr).to_owned()));
        define(c, group, "limit", None, Some(len), |b| b.iter(|| black_box(&src[..]).to_vec()));
    }
}

/// W2: every 2nd byte of a `B` view (`[::2]`), copied out in C order.
fn w2(c: &mut Criterion, group: &str, param: Option<usize>, len: usize) {
    let src = noise(len, 2);
    let out_len = len.div_ceil(2);
    let mut dst = vec![0u8; out_len];
    let view = View::from_bytes(&src).slice(0, Slice::new(None, None, Some(2))).unwrap();
    let arr = ArrayView1::from(&src[..]);
    define(c, group, "this", param, Some(out_len), |b| {
        b.iter(|| black_box(&view).copy_to_slice(&mut dst, Order::C).unwrap());
    });
    define(c, group, "ndarray", param, Some(out_len), |b| {
        b.iter(|| ArrayViewMut1::from(&mut dst[..]).assign(&black_box(&arr).slice(s![..;2])));
    });
    // As in W3: the gather reads every cache line of the source, so the
    // limit is a plain read of the whole source.
    define(c, group, "limit", param, Some(out_len), |b| b.iter(|| read_all(black_box(&src))));
}

/// W3: every 3rd element of 8M `d` (`[::3]`), copied out.
fn w3(c: &mut Criterion) {
    let n = 8 * MIB;
    let values = f64s(&noise(n * 8, 3));
    let src = as_bytes_f64(&values);
    let out_n = n.div_ceil(3);
    let mut dst = vec![0u8; out_n * 8];
    let mut dst_f = vec![0f64; out_n];
    let view = View::with_shape(&src, "d", &[n])
        .unwrap()
        .slice(0, Slice::new(None, None, Some(3)))
        .unwrap();
    let arr = ArrayView1::from(&values[..]);
    let bytes = out_n * 8;
    define(c, "W3", "this", None, Some(bytes), |b| {
        b.iter(|| black_box(&view).copy_to_slice(&mut dst, Order::C).unwrap());
    });
    define(c, "W3", "ndarray", None, Some(bytes), |b| {
        b.iter(|| ArrayViewMut1::from(&mut dst_f[..]).assign(&black_box(&arr).slice(s![..;3])));
    });
    // The gather reads every cache line of the source (three items span 24
    // bytes, less than a 64-byte line): the limit here is a plain read of
    // the whole 64 MiB source, the traffic it cannot avoid (the output's
    // writes come on top).
    define(c, "W3", "limit", None, Some(bytes), |b| b.iter(|| read_all(black_box(&src))));
}

/// Reads every byte of `bytes` (an XOR of its 8-byte words, which the
/// compiler vectorises): the memory-bandwidth cost of reading them.
fn read_all(bytes: &[u8]) -> u64 {
    bytes.as_chunks::<8>().0.iter().fold(0, |acc, w| acc ^ u64::from_ne_bytes(*w))
}

/// W4: a 4096×4096 `f` C-contiguous view copied out in F order.
fn w4(c: &mut Criterion) {
    let n = 4096;
    let values: Vec<f32> = (0..n * n).map(|i| i as f32).collect();
    let src: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let mut dst = vec![0u8; src.len()];
    let mut dst_f = vec![0f32; n * n];
    let view = View::with_shape(&src, "f", &[n, n]).unwrap();
    let arr = ArrayView2::from_shape((n, n), &values[..]).unwrap();
    let bytes = src.len();
    define(c, "W4", "this", None, Some(bytes), |b| {
        b.iter(|| black_box(&view).copy_to_slice(&mut dst, Order::F).unwrap());
    });
    define(c, "W4", "ndarray", None, Some(bytes), |b| {
        // The F-order copy: write the transpose into a C-order buffer.
        b.iter(|| {
            let mut out = ArrayViewMut2::from_shape((n, n), &mut dst_f[..]).unwrap();
            out.assign(&black_box(&arr).t());
        });
    });
    define(c, "W4", "transpose", None, Some(bytes), |b| {
        // Row-major n×n in, its transpose (the F-order copy) out.
        b.iter(|| transpose::transpose(black_box(&values[..]), &mut dst_f[..], n, n));
    });
    define(c, "W4", "limit", None, Some(bytes), |b| {
        b.iter(|| dst.copy_from_slice(black_box(&src)));
    });
}

/// W5: `tolist` of 1M `d`, and summing the same elements by iteration.
fn w5(c: &mut Criterion) {
    let n = MIB;
    let values = f64s(&noise(n * 8, 5));
    let src = as_bytes_f64(&values);
    let view = View::with_shape(&src, "d", &[n]).unwrap();
    let arr = ArrayView1::from(&values[..]);
    let bytes = n * 8;
    let mut dst = vec![0u8; bytes];
    define(c, "W5-tolist", "this", None, Some(bytes), |b| {
        b.iter(|| black_box(&view).to_value().unwrap())
    });
    define(c, "W5-tolist", "ndarray", None, Some(bytes), |b| b.iter(|| black_box(&arr).to_vec()));
    define(c, "W5-tolist", "limit", None, Some(bytes), |b| {
        b.iter(|| dst.copy_from_slice(black_box(&src)));
    });
    let typed = view.typed::<f64>().unwrap();
    define(c, "W5-sum", "this", None, Some(bytes), |b| {
        b.iter(|| black_box(&typed).iter().sum::<f64>());
    });
    define(c, "W5-sum", "ndarray", None, Some(bytes), |b| {
        b.iter(|| black_box(&arr).iter().sum::<f64>());
    });
    define(c, "W5-sum", "limit", None, Some(bytes), |b| {
        b.iter(|| black_box(&values[..]).iter().sum::<f64>());
    });
}

/// W6: equality of equal views: `B` (64 MiB), `i` against `q` (2M), `d` (2M).
/// The two `B` operands together are 4x a 32 MiB last-level cache, so both
/// sides read memory; at 16 MiB each they filled it, and the ratio to
/// `limit` moved with what the cache held (0.87x-1.01x across runs).
fn w6(c: &mut Criterion) {
    // Two separate, equal 64 MiB byte buffers.
    let a = noise(64 * MIB, 6);
    let b2 = a.clone();
    let (va, vb) = (View::from_bytes(&a), View::from_bytes(&b2));
    let (na, nb) = (ArrayView1::from(&a[..]), ArrayView1::from(&b2[..]));
    let bytes = 2 * a.len();
    define(c, "W6-B", "this", None, Some(bytes), |b| b.iter(|| black_box(&va).equals(&vb)));
    define(c, "W6-B", "ndarray", None, Some(bytes), |b| b.iter(|| black_box(&na) == nb));
    define(c, "W6-B", "limit", None, Some(bytes), |b| b.iter(|| black_box(&a[..]) == &b2[..]));

    // The same 2M integers as `i` (i32) and as `q` (i64).
    let n = 2 * MIB;
    let ints: Vec<i32> = noise(n * 4, 7)
        .chunks_exact(4)
        .map(|c| i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    let longs: Vec<i64> = ints.iter().map(|&x| i64::from(x)).collect();
    let ib: Vec<u8> = ints.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let qb: Vec<u8> = longs.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let vi = View::with_shape(&ib, "i", &[n]).unwrap();
    let vq = View::with_shape(&qb, "q", &[n]).unwrap();
    let (ni, nq) = (ArrayView1::from(&ints[..]), ArrayView1::from(&longs[..]));
    let bytes = ib.len() + qb.len();
    // The limit compares as many bytes: two buffers of half of them each.
    let half = noise(bytes / 2, 8);
    let half2 = half.clone();
    define(c, "W6-i-q", "this", None, Some(bytes), |b| b.iter(|| black_box(&vi).equals(&vq)));
    define(c, "W6-i-q", "ndarray", None, Some(bytes), |b| {
        b.iter(|| Zip::from(black_box(&ni)).and(&nq).all(|&x, &y| i64::from(x) == y));
    });
    define(c, "W6-i-q", "limit", None, Some(bytes), |b| {
        b.iter(|| black_box(&half[..]) == &half2[..]);
    });

    // 2M doubles; the right side has -0.0 where the left has 0.0, so only
    // a comparison by value (not by bytes) finds them equal.
    let mut left = f64s(&noise(n * 8, 9));
    for x in left.iter_mut().step_by(1000) {
        *x = 0.0;
    }
    let right: Vec<f64> = left.iter().map(|&x| if x == 0.0 { -0.0 } else { x }).collect();
    let (lb, rb) = (as_bytes_f64(&left), as_bytes_f64(&right));
    let vl = View::with_shape(&lb, "d", &[n]).unwrap();
    let vr = View::with_shape(&rb, "d", &[n]).unwrap();
    assert!(vl.equals(&vr));
    let (nl, nr) = (ArrayView1::from(&left[..]), ArrayView1::from(&right[..]));
    let bytes = lb.len() + rb.len();
    let lb2 = lb.clone();
    define(c, "W6-d", "this", None, Some(bytes), |b| b.iter(|| black_box(&vl).equals(&vr)));
    define(c, "W6-d", "ndarray", None, Some(bytes), |b| b.iter(|| black_box(&nl) == nr));
    define(c, "W6-d", "limit", None, Some(bytes), |b| b.iter(|| black_box(&lb[..]) == &lb2[..]));
}

/// W7: `hex` of 1 MiB into the caller's buffer, without a separator, with
/// `":"`, and with `":"` every 4 bytes; `const-hex` and `faster-hex` encode
/// the same bytes into a buffer of their own.
fn w7(c: &mut Criterion) {
    let src = noise(MIB, 10);
    let view = View::from_bytes(&src);
    let cases: [(&str, Option<char>, i32); 3] =
        [("W7-hex", None, 0), ("W7-hex-sep", Some(':'), 1), ("W7-hex-sep4", Some(':'), 4)];
    for (group, sep, per) in cases {
        let len = view.hex_len(sep, per).unwrap();
        let text = noise(len, 11);
        let mut dst = vec![0u8; len];
        define(c, group, "this", None, Some(len), |b| {
            b.iter(|| black_box(&view).hex_to_slice(&mut dst, sep, per).unwrap());
        });
        // The specialised crates have no separators: their plain hex of the
        // same bytes in every W7 row, the yardstick for the separated forms.
        let mut plain = vec![0u8; 2 * src.len()];
        define(c, group, "const-hex", None, Some(plain.len()), |b| {
            b.iter(|| const_hex::encode_to_slice(black_box(&src), &mut plain).unwrap());
        });
        define(c, group, "faster-hex", None, Some(plain.len()), |b| {
            b.iter(|| {
                faster_hex::hex_encode(black_box(&src), &mut plain).map(|s| s.len()).unwrap()
            });
        });
        define(c, group, "limit", None, Some(len), |b| {
            b.iter(|| dst.copy_from_slice(black_box(&text)));
        });
    }
}

/// W8: latency of one index, one slice with a step, one cast, one view construction.
fn w8(c: &mut Criterion) {
    let n = 128 * KIB;
    let values = f64s(&noise(n * 8, 12));
    let src = as_bytes_f64(&values);
    let view = View::with_shape(&src, "d", &[n]).unwrap();
    let bytes_view = View::from_bytes(&src);
    let arr = ArrayView1::from(&values[..]);
    let at = n / 3;
    define(c, "W8-index", "this", None, None, |b| {
        b.iter(|| black_box(&view).get(&[black_box(at as isize)]).unwrap());
    });
    define(c, "W8-index", "ndarray", None, None, |b| b.iter(|| black_box(&arr)[black_box(at)]));
    let typed = view.typed::<f64>().unwrap();
    define(c, "W8-index-typed", "this", None, None, |b| {
        b.iter(|| black_box(&typed).get(&[black_box(at as isize)]).unwrap());
    });
    define(c, "W8-index-typed", "ndarray", None, None, |b| {
        b.iter(|| black_box(&arr)[black_box(at)]);
    });
    define(c, "W8-slice", "this", None, None, |b| {
        b.iter(|| black_box(view).slice(0, Slice::new(Some(1), None, Some(black_box(2)))).unwrap());
    });
    define(c, "W8-slice", "ndarray", None, None, |b| {
        b.iter(|| black_box(&arr).slice(s![1..;black_box(2)]));
    });
    define(c, "W8-cast", "this", None, None, |b| {
        b.iter(|| black_box(bytes_view).cast(black_box("d"), None).unwrap());
    });
    define(c, "W8-cast", "ndarray", None, None, |b| {
        // ndarray has no cast: reinterpreting the bytes as `f64` and viewing them is the job.
        b.iter(|| ArrayView1::from(bytemuck::try_cast_slice::<u8, f64>(black_box(&src)).unwrap()));
    });
    define(c, "W8-construct", "this", None, None, |b| {
        b.iter(|| View::new(black_box(&src), black_box("d"), &[n], &[8], 0).unwrap());
    });
    define(c, "W8-construct", "ndarray", None, None, |b| {
        b.iter(|| ArrayView1::from_shape(black_box(n), black_box(&values[..])).unwrap());
    });
    // The same three with the capacity 4 named (`View<'_, 4>`: the default,
    // `DEFAULT_NDIM`, so these rows track the ones above); the ndarray
    // column repeats ndarray's slice for the ratio.
    let view4 = view.into_capacity::<4>().unwrap();
    let bytes4 = bytes_view.into_capacity::<4>().unwrap();
    define(c, "W8-slice-cap4", "this", None, None, |b| {
        b.iter(|| {
            black_box(view4).slice(0, Slice::new(Some(1), None, Some(black_box(2)))).unwrap()
        });
    });
    define(c, "W8-cast-cap4", "this", None, None, |b| {
        b.iter(|| black_box(bytes4).cast(black_box("d"), None).unwrap());
    });
    define(c, "W8-construct-cap4", "this", None, None, |b| {
        b.iter(|| {
            let format = Format::parse(black_box("d")).unwrap();
            View::<4>::from_parts(black_box(&src), format, Layout::new(&[n], &[8], 0).unwrap())
                .unwrap()
        });
    });
    // Call costs of typed access and of indexing a dimension away: the
    // format check of `typed` (the type's own text, and an explicit byte
    // order that needs the field-by-field comparison) and one
    // `index_axis` on a 2-d view; the ndarray column repeats its index.
    let explicit =
        View::with_shape(&src, if cfg!(target_endian = "little") { "<d" } else { ">d" }, &[n])
            .unwrap();
    let matrix = View::with_shape(&src, "d", &[n / 64, 64]).unwrap();
    let row = (n / 128) as isize;
    define(c, "W8-typed-call", "this", None, None, |b| {
        b.iter(|| black_box(view).typed::<f64>().unwrap());
    });
    define(c, "W8-typed-call-order", "this", None, None, |b| {
        b.iter(|| black_box(explicit).typed::<f64>().unwrap());
    });
    define(c, "W8-index-axis", "this", None, None, |b| {
        b.iter(|| black_box(matrix).index_axis(0, black_box(row)).unwrap());
    });
    for group in [
        "W8-slice-cap4",
        "W8-cast-cap4",
        "W8-construct-cap4",
        "W8-typed-call",
        "W8-typed-call-order",
        "W8-index-axis",
    ] {
        define(c, group, "ndarray", None, None, |b| {
            b.iter(|| black_box(&arr).slice(s![1..;black_box(2)]));
        });
    }
}

/// W9: a 2048×2048 `H` view reversed in both dimensions, copied out.
fn w9(c: &mut Criterion, group: &str, param: Option<usize>, len: usize) {
    // Rows of 1024 items at most; 64 KiB: 32×1024, 8 MiB: 2048×2048, 64 MiB: 8192×4096.
    let items = len / 2;
    let cols = if len == 8 * MIB { 2048 } else { 1024.min(items) };
    let rows = items / cols;
    let values: Vec<u16> = (0..items).map(|i| i as u16).collect();
    let src: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let mut dst = vec![0u8; src.len()];
    let mut dst_h = vec![0u16; items];
    let rev = Slice::new(None, None, Some(-1));
    let view = View::with_shape(&src, "H", &[rows, cols])
        .unwrap()
        .slice(0, rev)
        .unwrap()
        .slice(1, rev)
        .unwrap();
    let arr = ArrayView2::from_shape((rows, cols), &values[..]).unwrap();
    define(c, group, "this", param, Some(len), |b| {
        b.iter(|| black_box(&view).copy_to_slice(&mut dst, Order::C).unwrap());
    });
    define(c, group, "ndarray", param, Some(len), |b| {
        b.iter(|| {
            let mut out = ArrayViewMut2::from_shape((rows, cols), &mut dst_h[..]).unwrap();
            out.assign(&black_box(&arr).slice(s![..;-1, ..;-1]));
        });
    });
    define(c, group, "limit", param, Some(len), |b| {
        b.iter(|| dst.copy_from_slice(black_box(&src)));
    });
}

/// One record of W11: a `#[repr(C)]` struct, its format derived.
#[derive(Clone, Copy, Element)]
#[repr(C)]
struct Reading {
    id: u32,
    value: f32,
    time: u64,
}

/// W11: summing one `f` field of 64K records: through the field's view
/// (`field("value")`, typed iteration), through each record's values (the
/// format read per element), and the hand-written loop over `&[Reading]`.
fn w11(c: &mut Criterion) {
    let n = 64 * KIB;
    let values = f64s(&noise(n * 8, 14));
    let records: Vec<Reading> =
        (0..n).map(|i| Reading { id: i as u32, value: values[i] as f32, time: i as u64 }).collect();
    let view: View<'_> = records.export().unwrap();
    let bytes = n * 4;
    define(c, "W11-record-field", "this", None, Some(bytes), |b| {
        b.iter(|| {
            let field = black_box(view).field("value").unwrap();
            field.typed::<f32>().unwrap().iter().sum::<f32>()
        });
    });
    define(c, "W11-record-field", "limit", None, Some(bytes), |b| {
        b.iter(|| black_box(&records[..]).iter().map(|r| r.value).sum::<f32>());
    });
    define(c, "W11-record-values", "this", None, Some(bytes), |b| {
        b.iter(|| {
            let mut sum = 0.0;
            for record in black_box(&view).iter() {
                if let Scalar::Record(r) = record
                    && let Some(Scalar::Float(v)) = r.values().nth(1)
                {
                    sum += v;
                }
            }
            sum
        });
    });
    define(c, "W11-record-values", "limit", None, Some(bytes), |b| {
        b.iter(|| black_box(&records[..]).iter().map(|r| r.value).sum::<f32>());
    });
    // The same by name, each record reading the format (`iter()`), and
    // through `records()`, whose field table is read once per view.
    let float = |s: Option<Scalar<'_>>| if let Some(Scalar::Float(v)) = s { v } else { 0.0 };
    define(c, "W11-record-get", "this", None, Some(bytes), |b| {
        b.iter(|| {
            black_box(&view)
                .iter()
                .map(|s| if let Scalar::Record(r) = s { float(r.get("value")) } else { 0.0 })
                .sum::<f64>()
        });
    });
    define(c, "W11-records-values", "this", None, Some(bytes), |b| {
        b.iter(|| {
            let recs = black_box(view).records();
            recs.iter().map(|r| float(r.values().nth(1))).sum::<f64>()
        });
    });
    define(c, "W11-records-get", "this", None, Some(bytes), |b| {
        b.iter(|| {
            let recs = black_box(view).records();
            recs.iter().map(|r| float(r.get("value"))).sum::<f64>()
        });
    });
    for group in ["W11-record-get", "W11-records-values", "W11-records-get"] {
        define(c, group, "limit", None, Some(bytes), |b| {
            b.iter(|| black_box(&records[..]).iter().map(|r| r.value).sum::<f32>());
        });
    }
}

fn sizes(c: &mut Criterion) {
    for len in SIZES {
        w1(c, "W1-sizes", Some(len), len);
        w2(c, "W2-sizes", Some(len), len);
        w9(c, "W9-sizes", Some(len), len);
    }
}

/// Whether the workload `name` (`W3`, `sizes`) is set up: criterion filters
/// benchmarks only after every group's data is built (hundreds of MiB),
/// and `cargo xtask bench` starts this program once per workload. With no
/// argument naming a workload, all run; otherwise those named, read as
/// criterion reads a filter, a substring: `W1` also names `W11` and the
/// size series (`W1-sizes`), `W1-vec` only W1, `sizes` the series.
fn wanted(args: &[String], name: &str) -> bool {
    let named: Vec<(&str, bool)> = args.iter().flat_map(|a| names_in(a)).collect();
    if named.is_empty() {
        return true;
    }
    named.iter().any(|&(n, bare)| {
        name.starts_with(n) || (name == "sizes" && bare && ["W1", "W2", "W9"].contains(&n))
    })
}

/// The workloads an argument names: `W` and its digits, bare (not followed
/// by `-` and a group) or not; and `sizes`.
fn names_in(arg: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    if arg.contains("sizes") {
        out.push(("sizes", true));
    }
    for (at, _) in arg.match_indices('W') {
        let digits = arg[at + 1..].bytes().take_while(u8::is_ascii_digit).count();
        if digits > 0 {
            let end = at + 1 + digits;
            out.push((&arg[at..end], !arg[end..].starts_with('-')));
        }
    }
    out
}

fn workloads(c: &mut Criterion, args: &[String]) {
    type Workload = fn(&mut Criterion);
    let all: [(&str, Workload); 11] = [
        ("W1", |c| w1(c, "W1-buffer", None, 64 * MIB)),
        ("W2", |c| w2(c, "W2", None, 64 * MIB)),
        ("W3", w3),
        ("W4", w4),
        ("W5", w5),
        ("W6", w6),
        ("W7", w7),
        ("W8", w8),
        ("W9", |c| w9(c, "W9", None, 8 * MIB)),
        ("W11", w11),
        ("sizes", sizes),
    ];
    for (name, workload) in all {
        if wanted(args, name) {
            workload(c);
        }
    }
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(30)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut c = config().configure_from_args();
    workloads(&mut c, &args);
    c.final_summary();
}
