//! Proof that view-core's core operations allocate nothing: a counting
//! global allocator that counts only on the thread that asked for it (the
//! test harness allocates on its own threads, and tests run in parallel).
//!
//! Covered: format parsing, view creation, slicing, `index_axis`,
//! `transpose`, `permute`, casting, indexing (`get`), iteration,
//! `copy_to_slice` (every copy kernel), `hex_to_slice`, `write_hex` into a
//! fixed-capacity writer, `equals`, `set` and `copy_from`, and error display.
#![allow(clippy::indexing_slicing, clippy::cast_possible_truncation)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::hint::black_box;

use view_core::{Format, Order, Scalar, Slice, View, ViewMut};

/// Forwards to the system allocator and counts calls made while the
/// current thread is measuring.
struct Counting;

thread_local! {
    static MEASURING: Cell<bool> = const { Cell::new(false) };
    static CALLS: Cell<usize> = const { Cell::new(0) };
}

fn note() {
    // `try_with`: the allocator also runs while thread locals are torn down.
    if MEASURING.try_with(Cell::get).unwrap_or(false) {
        let _ = CALLS.try_with(|c| c.set(c.get() + 1));
    }
}

// SAFETY: every method forwards to `System` with the arguments it was given,
// so `System`'s guarantees are ours; `note` only touches const-initialised
// thread locals, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract for `layout`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        note();
        // SAFETY: as for `alloc`.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        note();
        // SAFETY: `ptr` came from this allocator, i.e. from `System`, with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        note();
        // SAFETY: `ptr` came from `System` with `layout`; the caller upholds the rest.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocator calls made by this thread while `f` runs.
fn allocations_in(f: impl FnOnce()) -> usize {
    CALLS.with(|c| c.set(0));
    MEASURING.with(|m| m.set(true));
    f();
    MEASURING.with(|m| m.set(false));
    CALLS.with(Cell::get)
}

/// A `fmt::Write` into a fixed array: what firmware would use.
struct Fixed<const N: usize> {
    buf: [u8; N],
    len: usize,
}

impl<const N: usize> Fixed<N> {
    const fn new() -> Self {
        Self { buf: [0; N], len: 0 }
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

impl<const N: usize> fmt::Write for Fixed<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).filter(|&e| e <= N).ok_or(fmt::Error)?;
        self.buf[self.len..end].copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

#[test]
fn the_counter_sees_allocations() {
    assert!(allocations_in(|| drop(black_box(vec![1u8; 64]))) >= 1);
    assert_eq!(
        allocations_in(|| {
            black_box([1u8; 64]);
        }),
        0
    );
}

#[test]
fn parsing_creating_slicing_indexing_and_casting_allocate_nothing() {
    let data: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let n = allocations_in(|| {
        for text in ["<h", "bd", "3s x ?", "T{d:x:(2,3)h:grid:}", "!q", "Zd", "hhh", "bogus"] {
            let f = black_box(Format::parse(black_box(text)));
            if let Ok(f) = f {
                black_box(f.fields().map(|x| x.offset()).sum::<usize>());
            }
        }
        let bytes = View::from_bytes(&data);
        let m = View::new(&data, "<H", &[16, 8, 4], &[64, 8, 2], 0).unwrap();
        let m = black_box(m);
        let s = m.slice(1, Slice::new(Some(-1), None, Some(-3))).unwrap();
        let s = s.slice(2, 1..3).unwrap();
        let s = s.slice(0, Slice::new(None, None, Some(2))).unwrap();
        black_box(s.get(&[1, -1, 0]).unwrap());
        let row = m.index_axis(0, -2).unwrap().index_axis(1, 3).unwrap();
        black_box(row.get(&[1]).unwrap());
        let t = m.transpose().permute(&[1, 2, 0]).unwrap();
        black_box(t.get(&[7, 15, 3]).unwrap());
        black_box(t.is_c_contiguous() || t.is_f_contiguous());
        let c = bytes.cast("<i", Some(&[32, 32])).unwrap();
        black_box(c.get(&[31, 31]).unwrap());
        let back = c.cast("B", None).unwrap().cast("d", None).unwrap();
        black_box(back.get(&[-1]).unwrap());
        let small = m.into_capacity::<3>().unwrap();
        black_box(small.get(&[0, 0, 0]).unwrap());
        let shaped = View::with_shape(&data[..48], "<hhh", &[2, 4]).unwrap();
        let Scalar::Record(r) = shaped.get(&[1, 3]).unwrap() else { unreachable!() };
        black_box(r.values().filter_map(|v| v.as_int()).sum::<i128>());
        black_box(s.element_bytes(&[0, 0, 0]).unwrap());
        black_box(View::new(&data, "<H", &[2], &[4096], 0).unwrap_err());
        black_box(m.get(&[16, 0, 0]).unwrap_err());
        view_core::Layout::<8>::new(&[3, 4], &[4, 1], 0).unwrap().validate(12, 1).unwrap();
    });
    assert_eq!(n, 0, "allocator calls while creating, slicing, indexing and casting");
}

#[test]
fn iteration_copy_out_and_equality_allocate_nothing() {
    let data: Vec<u8> = (0..=255u8).cycle().take(70 * 130 * 16 * 2).collect();
    let mut out = vec![0u8; 70 * 130 * 16];
    let n = allocations_in(|| {
        let mut total = 0i128;
        for v in &View::new(&data, "<i", &[7, 9], &[-40, 4], 240).unwrap() {
            total += v.as_int().unwrap_or(0);
        }
        black_box(total);
        let recs = View::new(&data, "<hq", &[5], &[10], 0).unwrap();
        black_box(recs.iter().filter(|v| v.is_truthy()).count());
        // Every copy kernel and itemsize: memcpy, reversed, broadcast,
        // gathers, per item, the tiled transpose, and the odd itemsize 3.
        for (fmt, k) in [("B", 1isize), ("<h", 2), ("3s", 3), ("f", 4), ("d", 8), ("Zd", 16)] {
            let (m, n) = (70usize, 130usize);
            let f_order = View::new(&data, fmt, &[m, n], &[k, m as isize * k], 0).unwrap();
            let len = m * n * k as usize;
            for order in [Order::C, Order::F, Order::A] {
                f_order.copy_to_slice(&mut out[..len], order).unwrap();
            }
            for step in [-1isize, 0, 2, 3, 4, 5] {
                let off = if step < 0 { 99 * k as usize } else { 0 };
                let run = View::new(&data, fmt, &[3, 100], &[0, step * k], off).unwrap();
                run.copy_to_slice(&mut out[..300 * k as usize], Order::C).unwrap();
                run.copy_to_slice(&mut out[..300 * k as usize], Order::F).unwrap();
            }
            black_box(f_order.equals(&f_order.transpose().transpose()));
        }
        black_box(&out);
        let a = View::new(&data, "<h", &[10, 10], &[20, 2], 0).unwrap();
        let b = View::new(&data, "<q", &[10, 10], &[80, 8], 0).unwrap();
        let d = View::new(&data, "d", &[10, 10], &[80, 8], 0).unwrap();
        black_box(a.equals(&a));
        black_box(a.equals(&b));
        black_box(a.equals(&a.transpose()));
        black_box(d.equals(&d));
        black_box(a == b);
    });
    assert_eq!(n, 0, "allocator calls while iterating, copying out and comparing");
}

#[test]
fn hex_allocates_nothing() {
    let data: Vec<u8> = (0..=255u8).collect();
    let mut text = [0u8; 256 * 3];
    let mut fixed = Fixed::<{ 256 * 3 }>::new();
    let n = allocations_in(|| {
        let v = View::from_bytes(&data);
        let strided = View::new(&data, "<h", &[8, 4], &[-32, 4], 224).unwrap();
        for (view, sep, bps) in
            [(v, None, 0), (v, Some(':'), 3), (v, Some('-'), -5), (strided, Some(' '), 1)]
        {
            let len = view.hex_len(sep, bps).unwrap();
            view.hex_to_slice(&mut text[..len], sep, bps).unwrap();
            fixed.len = 0;
            view.write_hex(&mut fixed, sep, bps).unwrap();
            assert!(fixed.as_str().as_bytes() == &text[..len]);
        }
        // A writer that runs out of room is an error, not an allocation.
        let mut tiny = Fixed::<4>::new();
        black_box(v.write_hex(&mut tiny, None, 0).unwrap_err());
        black_box(v.hex_len(Some('\u{e9}'), 1).unwrap_err());
    });
    assert_eq!(n, 0, "allocator calls while writing hex");
}

#[test]
fn writing_allocates_nothing() {
    let mut data = vec![0u8; 4096];
    let src: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let n = allocations_in(|| {
        let mut v = ViewMut::new(&mut data, "<h", &[16, 24], &[48, 2], 0).unwrap();
        v.set(&[1, -1], Scalar::Int(-5)).unwrap();
        black_box(v.set(&[1, 1], Scalar::Int(1 << 20)).unwrap_err());
        black_box(v.set(&[1, 1], Scalar::Float(1.0)).unwrap_err());
        let from = View::new(&src, "<h", &[16, 24], &[2, 32], 0).unwrap();
        v.copy_from(&from).unwrap();
        v.reborrow().slice(0, Slice::new(None, None, Some(-1))).unwrap().copy_from(&from).unwrap();
        v.reborrow().transpose().copy_from(&from.transpose()).unwrap();
        black_box(v.copy_from(&from.slice(0, ..3).unwrap()).unwrap_err());
        let mut recs = v.cast("B", None).unwrap().cast("<BxHd", Some(&[64])).unwrap();
        let fields = [Scalar::Bool(true), Scalar::Int(7), Scalar::Float(0.5)];
        recs.set(&[3], Scalar::Tuple(&fields)).unwrap();
        let mut halves = recs.cast("B", None).unwrap().cast("<e", None).unwrap();
        halves.set(&[0], Scalar::Float(1.0 + 2f64.powi(-11) + 2f64.powi(-40))).unwrap();
        black_box(halves.set(&[0], Scalar::Float(1e6)).unwrap_err());
    });
    assert_eq!(n, 0, "allocator calls while writing");
}

#[test]
fn errors_and_values_display_without_allocating() {
    let data = [1u8, 2, 3];
    let mut fixed = Fixed::<512>::new();
    let n = allocations_in(|| {
        let err = Format::parse("<hz").unwrap_err();
        write!(fixed, "{err} / {} / {:?}", err.kind().python_name(), err.kind()).unwrap();
        let err = View::from_bytes(&data).get(&[7]).unwrap_err();
        write!(fixed, "{err}").unwrap();
        let v = View::new(&data, "<Bh", &[], &[], 0).unwrap();
        write!(fixed, "{} {}", v.get(&[]).unwrap(), Scalar::Bytes(b"a'\n")).unwrap();
    });
    assert_eq!(n, 0, "allocator calls while formatting errors and values");
    assert_eq!(
        fixed.as_str(),
        "bad char in struct format (at byte 2) / ValueError / Value\
         index out of bounds on dimension 1(1, 770) b\"a'\\n\""
    );
}
