//! `View::new` (and `ViewMut::new`, a 4-dimension `View`, and
//! `MemoryView::with_layout`) from an arbitrary buffer length, format,
//! shape, strides and offset.
//!
//! Properties: the answer is exactly what the naive bound check says (a
//! view exists iff every element lies in the buffer and the sizes fit
//! `isize`; otherwise an error of kind Value); when a view exists, every
//! element (all of them when there are few, else the corners of the
//! index space) is inside the buffer where the naive position formula puts
//! it, and copy-out in C and F order gives the naive bytes.
#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use view_core::{ErrorKind, Format, Layout, Order, View, ViewMut};
use view_std::{ByteArray, MemoryView};

const FORMATS: &[&str] =
    &["B", "<h", ">i", "d", "3s", "<hB", "bd", "Zd", "T{<h:a:(2)B}", "x", "", "0h", "?"];

/// A number that is mostly small but sometimes at the edges of its type.
fn num(u: &mut Unstructured<'_>, small: u64) -> Result<u64> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => u.arbitrary()?,
        1 => *u.choose(&[
            isize::MAX as u64,
            isize::MAX as u64 + 1,
            u64::MAX,
            1 << 32,
            1 << 62,
            (isize::MAX as u64) / 2 + 1,
        ])?,
        _ => u.int_in_range(0..=small)?,
    })
}

#[derive(Debug)]
struct Input {
    len: usize,
    format: String,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

fn input(u: &mut Unstructured<'_>) -> Result<Input> {
    let len = u.int_in_range(0..=4096usize)?;
    let format =
        if u.ratio(1, 8)? { u.arbitrary::<String>()? } else { u.choose(FORMATS)?.to_string() };
    let ndim =
        if u.ratio(1, 16)? { u.int_in_range(0..=70usize)? } else { u.int_in_range(0..=6usize)? };
    let mut shape = Vec::new();
    let mut strides = Vec::new();
    for _ in 0..ndim {
        shape.push(num(u, 6)? as usize);
        let s = num(u, 40)? as i64;
        strides.push(if u.arbitrary()? { s.wrapping_neg() } else { s } as isize);
    }
    if u.ratio(1, 32)? {
        strides.pop();
    }
    let offset = num(u, len as u64 + 8)? as usize;
    Ok(Input { len, format, shape, strides, offset })
}

/// The naive answer: `Some(positions of the corner or every element)` when
/// the view must exist, `None` when it must not.
fn naive(i: &Input, k: usize) -> bool {
    if i.shape.len() != i.strides.len() || i.shape.len() > 64 || k == 0 {
        return false;
    }
    if i.shape.iter().any(|&n| n > isize::MAX as usize) || i.offset > isize::MAX as usize {
        return false;
    }
    let count = if i.shape.contains(&0) {
        Some(0)
    } else {
        i.shape.iter().try_fold(1u128, |acc, &n| acc.checked_mul(n as u128))
    };
    let Some(count) = count else { return false };
    if count.checked_mul(k as u128).is_none_or(|b| b > isize::MAX as u128) {
        return false;
    }
    if count == 0 {
        return i.offset <= i.len;
    }
    // Exact extremes; any overflow of i128 means far outside any buffer.
    let mut lo = i.offset as i128;
    let mut hi = lo;
    for (&n, &s) in i.shape.iter().zip(&i.strides) {
        let Some(reach) = (n as i128 - 1).checked_mul(s as i128) else { return false };
        if reach < 0 {
            let Some(l) = lo.checked_add(reach) else { return false };
            lo = l;
        } else {
            let Some(h) = hi.checked_add(reach) else { return false };
            hi = h;
        }
    }
    lo >= 0 && hi + k as i128 <= i.len as i128
}

fn position(i: &Input, idx: &[usize]) -> usize {
    let p = i.offset as i128
        + idx.iter().zip(&i.strides).map(|(&x, &s)| x as i128 * s as i128).sum::<i128>();
    usize::try_from(p).expect("a valid view has no negative position")
}

/// Every index of `shape` in C order (or F order), or only the corners
/// when there are too many.
fn indices(shape: &[usize], fortran: bool) -> Vec<Vec<usize>> {
    if shape.contains(&0) {
        return Vec::new();
    }
    let count = shape.iter().try_fold(1usize, |a, &n| a.checked_mul(n)).unwrap_or(usize::MAX);
    if count > 4096 {
        let mut out = Vec::new();
        let corners = 1usize << shape.len().min(10);
        for bits in 0..corners {
            out.push(
                shape
                    .iter()
                    .enumerate()
                    .map(|(d, &n)| if d < 10 && bits >> d & 1 == 1 { n - 1 } else { 0 })
                    .collect(),
            );
        }
        out.push(shape.iter().map(|&n| n - 1).collect());
        return out;
    }
    let mut out = Vec::new();
    // The dimensions in the order they advance: last fastest, or first.
    let dims: Vec<usize> =
        if fortran { (0..shape.len()).collect() } else { (0..shape.len()).rev().collect() };
    let mut idx = vec![0usize; shape.len()];
    loop {
        out.push(idx.clone());
        let mut done = true;
        for &d in &dims {
            idx[d] += 1;
            if idx[d] < shape[d] {
                done = false;
                break;
            }
            idx[d] = 0;
        }
        if done {
            return out;
        }
    }
}

/// `ViewMut::new` at CPython's capacity.
fn wide_mut<'a>(buf: &'a mut [u8], i: &'a Input) -> view_core::Result<ViewMut<'a, 64>> {
    let format = Format::parse(&i.format)?;
    ViewMut::from_parts(buf, format, Layout::new(&i.shape, &i.strides, i.offset)?)
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(i) = input(&mut u) else { return };
    let mut buf: Vec<u8> = (0..i.len).map(|x| (x * 7 + 3) as u8).collect();
    let format = Format::parse(&i.format);
    let k = format.map_or(0, |f| f.itemsize());
    let must = format.is_ok() && naive(&i, k);

    // CPython's capacity: every layout memoryview accepts.
    let got = Format::parse(&i.format).and_then(|f| {
        View::<64>::from_parts(&buf, f, Layout::new(&i.shape, &i.strides, i.offset)?)
    });
    match &got {
        Ok(_) => assert!(must, "{i:?}: accepted, but the naive check refuses"),
        Err(e) => {
            assert!(!must, "{i:?}: refused ({e}), but the naive check accepts");
            assert_eq!(e.kind(), ErrorKind::Value, "{i:?}: {e}");
        }
    }
    let small = Layout::<4>::new(&i.shape, &i.strides, i.offset)
        .and_then(|l| View::<4>::from_parts(&buf, Format::parse(&i.format)?, l));
    assert_eq!(small.is_ok(), must && i.shape.len() <= 4, "{i:?}: View<4>");
    let mv = MemoryView::with_layout(
        ByteArray::from(buf.clone()),
        &i.format,
        &i.shape,
        &i.strides,
        i.offset,
    );
    assert_eq!(
        mv.as_ref().map(|_| ()).map_err(|e| e.kind()),
        got.as_ref().map(|_| ()).map_err(|e| e.kind()),
        "{i:?}: MemoryView"
    );

    if let Ok(view) = got {
        let base = buf.as_ptr() as usize;
        for idx in indices(&i.shape, false) {
            let index: Vec<isize> = idx.iter().map(|&x| x as isize).collect();
            let element = view.element_bytes(&index).expect("an in-range index");
            let at = element.as_ptr() as usize - base;
            assert_eq!(at, position(&i, &idx), "{i:?}: element {idx:?}");
            assert!(at + k <= buf.len() && element.len() == k, "{i:?}: element {idx:?} outside");
        }
        if view.nbytes() <= 1 << 16 {
            for (order, fortran) in [(Order::C, false), (Order::F, true)] {
                let mut want = Vec::new();
                if view.nbytes() <= k.saturating_mul(4096) {
                    for idx in indices(&i.shape, fortran) {
                        let p = position(&i, &idx);
                        want.extend_from_slice(&buf[p..p + k]);
                    }
                    assert_eq!(
                        view.to_vec(order).expect("small"),
                        want,
                        "{i:?}: copy-out {order:?}"
                    );
                }
            }
        }
        let mut copy = buf.clone();
        assert!(wide_mut(&mut copy, &i).is_ok());
    } else {
        assert!(wide_mut(&mut buf, &i).is_err());
    }
});
