//! Views against the naive model of `common`: random layouts (ndim 0..=5,
//! extents 0..=4, strides of any sign including 0 and non-multiples of the
//! itemsize, random offsets) and itemsizes 1, 2, 3, 4, 8 and 16 so that every
//! copy kernel runs. Every operation is checked element by element.
//!
//! `data/model_tables.rs` holds CPython's answers for slices and
//! `bytes.hex` separators, to check the model itself; regenerate it with
//! `cd crates/view-core && python3 tests/data/gen_tables.py`.
#![allow(
    clippy::indexing_slicing,
    clippy::cast_possible_wrap,
    clippy::cast_sign_loss,
    clippy::cast_possible_truncation,
    clippy::too_many_lines
)]

mod common;

use common::{
    Rng, Val, c_indices, decode, encode_exact, gather, kind, mv_c_contiguous, mv_f_contiguous,
    position, py_eq, py_hex, py_slice, pybuf_contiguous, reach, same, valid,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use view_core::{ErrorKind, Format, Layout, Order, Slice};

/// The model goes to 5 dimensions, beyond the default capacity: its views
/// name a capacity of 8.
type View<'a> = view_core::View<'a, 8>;
type ViewMut<'a> = view_core::ViewMut<'a, 8>;

/// `View::new` at capacity 8.
fn at8<'a>(
    bytes: &'a [u8],
    format: &'a str,
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> view_core::Result<View<'a>> {
    View::from_parts(bytes, Format::parse(format)?, Layout::new(shape, strides, offset)?)
}

/// `ViewMut::new` at capacity 8.
fn at8_mut<'a>(
    bytes: &'a mut [u8],
    format: &'a str,
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> view_core::Result<ViewMut<'a>> {
    ViewMut::from_parts(bytes, Format::parse(format)?, Layout::new(shape, strides, offset)?)
}

mod tables {
    include!("data/model_tables.rs");
}

/// Single-code formats by itemsize; the model decodes each of them.
const FORMATS: &[&str] = &[
    "B", "b", "c", "?", "<B", // 1
    "<h", ">H", "e", ">e", "h", // 2
    "3s", "3p", // 3
    "<i", ">I", "f", ">f", "i", // 4
    "<q", ">Q", "d", ">d", "l", "Zf", "!q", // 8
    "Zd", ">Zd", "16s", // 16
];

fn itemsize(fmt: &str) -> usize {
    common::single_code(fmt).size
}

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// A view spec over its own buffer.
#[derive(Debug, Clone)]
struct Case {
    fmt: &'static str,
    k: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
    buf: Vec<u8>,
}

impl Case {
    fn view(&self) -> View<'_> {
        at8(&self.buf, self.fmt, &self.shape, &self.strides, self.offset)
            .unwrap_or_else(|e| panic!("valid spec refused: {e} {self:?}"))
    }

    fn pos(&self, idx: &[usize]) -> usize {
        position(&self.strides, self.offset, idx) as usize
    }

    fn element(&self, idx: &[usize]) -> &[u8] {
        let p = self.pos(idx);
        &self.buf[p..p + self.k]
    }

    fn value(&self, idx: &[usize]) -> Val {
        decode(self.fmt, self.element(idx))
    }
}

fn stride(k: usize) -> impl Strategy<Value = isize> {
    let k = k as isize;
    prop_oneof![
        3 => -3 * k - 2..=3 * k + 2,
        1 => Just(0isize),
        2 => (-4isize..=4).prop_map(move |m| m * k),
    ]
}

/// Offset and buffer length just large enough for the layout, plus slack.
fn fit(
    shape: &[usize],
    strides: &[isize],
    k: usize,
    slack_lo: usize,
    slack_hi: usize,
) -> (usize, usize) {
    match reach(shape, strides) {
        None => (slack_lo, slack_lo + slack_hi),
        Some((lo, hi)) => {
            let offset = (-lo) as usize + slack_lo;
            let len = (offset as i128 + hi) as usize + k + slack_hi;
            (offset, len)
        }
    }
}

fn case_of(formats: &'static [&'static str]) -> impl Strategy<Value = Case> {
    (0..formats.len())
        .prop_flat_map(move |fi| {
            let fmt = formats[fi];
            let k = itemsize(fmt);
            (
                Just(fmt),
                prop::collection::vec((0usize..=4, stride(k)), 0..=5),
                0usize..=3,
                0usize..=3,
                any::<u64>(),
            )
        })
        .prop_map(|(fmt, dims, lo, hi, seed)| {
            let k = itemsize(fmt);
            let (shape, strides): (Vec<usize>, Vec<isize>) = dims.into_iter().unzip();
            let (offset, len) = fit(&shape, &strides, k, lo, hi);
            Case { fmt, k, shape, strides, offset, buf: Rng(seed).bytes(len) }
        })
}

fn case() -> impl Strategy<Value = Case> {
    case_of(FORMATS)
}

/// A Python slice bound: mostly small, sometimes absent or extreme.
fn bound() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![
        2 => Just(None),
        8 => (-7isize..=7).prop_map(Some),
        1 => prop_oneof![Just(isize::MIN), Just(isize::MAX), Just(isize::MIN + 1)].prop_map(Some),
    ]
}

fn step() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![
        2 => Just(None),
        8 => (-5isize..=5).prop_map(Some),
        1 => prop_oneof![Just(isize::MIN), Just(isize::MAX), Just(isize::MIN + 1)].prop_map(Some),
    ]
}

/// Checks every element of `view` against the model layout (shape, strides,
/// offset) over `case`'s buffer, plus the attributes memoryview reports.
fn check_view(view: &View<'_>, case: &Case, shape: &[usize], strides: &[isize], offset: usize) {
    assert_eq!(view.shape(), shape);
    assert_eq!(view.strides(), strides);
    assert_eq!(view.ndim(), shape.len());
    assert_eq!(view.itemsize(), case.k);
    assert_eq!(view.nbytes(), shape.iter().product::<usize>() * case.k);
    assert_eq!(view.format().as_str(), case.fmt);
    assert_eq!(
        view.is_c_contiguous(),
        mv_c_contiguous(shape, strides, case.k),
        "{shape:?} {strides:?}"
    );
    assert_eq!(
        view.is_f_contiguous(),
        mv_f_contiguous(shape, strides, case.k),
        "{shape:?} {strides:?}"
    );
    assert_eq!(view.is_contiguous(), view.is_c_contiguous() || view.is_f_contiguous());
    if !shape.contains(&0) {
        assert_eq!(view.offset(), offset);
    }
    for idx in c_indices(shape) {
        let p = position(strides, offset, &idx) as usize;
        let expected = decode(case.fmt, &case.buf[p..p + case.k]);
        let index: Vec<isize> = idx.iter().map(|&i| i as isize).collect();
        let got = view.get(&index).unwrap();
        assert!(same(&got, &expected), "at {idx:?}: {got:?} != {expected:?}");
        assert_eq!(view.element_bytes(&index).unwrap(), &case.buf[p..p + case.k]);
    }
}

#[test]
fn slice_model_matches_python_table() {
    for &(n, start, stop, step, expected) in tables::SLICES {
        assert_eq!(py_slice(n, start, stop, step), expected, "{n} {start:?}:{stop:?}:{step:?}");
        // The library's own indices agree too.
        let (first, count, _) = Slice::new(start, stop, step).indices(n).unwrap();
        assert_eq!(count, expected.len(), "{n} {start:?}:{stop:?}:{step:?}");
        if let Some(&e) = expected.first() {
            assert_eq!(first, e, "{n} {start:?}:{stop:?}:{step:?}");
        }
    }
}

#[test]
fn hex_model_matches_python_table() {
    for &(n, bps, expected) in tables::HEX {
        let data: Vec<u8> = (1..=n).map(|b| b as u8).collect();
        assert_eq!(py_hex(&data, Some(':'), bps), expected, "n={n} bps={bps}");
        let view = View::from(&data[..]);
        let mut out = vec![0u8; view.hex_len(Some(':'), bps).unwrap()];
        view.hex_to_slice(&mut out, Some(':'), bps).unwrap();
        assert_eq!(std::str::from_utf8(&out).unwrap(), expected, "n={n} bps={bps}");
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// Specs built to fit are accepted and read exactly as the model reads them.
    #[test]
    fn get_matches_model(case in case()) {
        let view = case.view();
        check_view(&view, &case, &case.shape, &case.strides, case.offset);
        let ndim = case.shape.len();
        for idx in c_indices(&case.shape) {
            // Negative indices count from the end.
            let neg: Vec<isize> = idx.iter().zip(&case.shape).map(|(&i, &n)| i as isize - n as isize).collect();
            prop_assert!(same(&view.get(&neg).unwrap(), &case.value(&idx)));
        }
        // Out-of-range, too few and too many indices.
        for d in 0..ndim {
            let n = case.shape[d] as isize;
            for bad in [n, -n - 1, isize::MAX, isize::MIN] {
                let mut index = vec![0isize; ndim];
                index[d] = bad;
                let err = view.get(&index).unwrap_err();
                prop_assert_eq!(err.kind(), ErrorKind::Index);
            }
        }
        if ndim > 0 {
            prop_assert_eq!(kind(&view.get(&vec![0; ndim - 1])), Some(ErrorKind::NotImplemented));
        }
        prop_assert_eq!(kind(&view.get(&vec![0; ndim + 1])), Some(ErrorKind::Type));
        match view.len() {
            Ok(n) => prop_assert_eq!(n, case.shape[0]),
            Err(e) => {
                prop_assert_eq!(ndim, 0);
                prop_assert_eq!(e.kind(), ErrorKind::Type);
            }
        }
    }

    /// Random offsets and buffer lengths: a kind Value error exactly when
    /// some element falls outside the buffer.
    #[test]
    fn construction_matches_validity_rules(
        case in case(),
        offset in prop_oneof![0usize..=40, Just(usize::MAX), Just(isize::MAX as usize)],
        len in 0usize..=60,
    ) {
        let buf = &case.buf[..len.min(case.buf.len())];
        let buf = if len > case.buf.len() { vec![0u8; len] } else { buf.to_vec() };
        let expected = valid(&case.shape, &case.strides, offset, case.k, buf.len());
        let got = at8(&buf, case.fmt, &case.shape, &case.strides, offset);
        prop_assert_eq!(got.is_ok(), expected, "{:?} offset {} len {}", case, offset, buf.len());
        if let Err(e) = got {
            prop_assert_eq!(e.kind(), ErrorKind::Value);
        }
        let mut copy = buf.clone();
        let got_mut = at8_mut(&mut copy, case.fmt, &case.shape, &case.strides, offset);
        prop_assert_eq!(got_mut.is_ok(), expected);
    }

    /// `slice` on any dimension is Python's slice, then `get` reads the model.
    #[test]
    fn slice_matches_python(case in case(), dim in 0usize..5, start in bound(), stop in bound(), step in step()) {
        let view = case.view();
        let ndim = case.shape.len();
        let result = view.slice(dim % ndim.max(1), Slice::new(start, stop, step));
        if ndim == 0 {
            prop_assert_eq!(kind(&result), Some(ErrorKind::Type));
            return Ok(());
        }
        let dim = dim % ndim;
        if step == Some(0) {
            prop_assert_eq!(kind(&result), Some(ErrorKind::Value));
            return Ok(());
        }
        let clamped = step.unwrap_or(1).max(-isize::MAX);
        let Some(new_stride) = case.strides[dim].checked_mul(clamped) else {
            prop_assert_eq!(kind(&result), Some(ErrorKind::Overflow));
            return Ok(());
        };
        let sliced = result.unwrap();
        let picked = py_slice(case.shape[dim], start, stop, step);
        let mut shape = case.shape.clone();
        shape[dim] = picked.len();
        let mut strides = case.strides.clone();
        strides[dim] = new_stride;
        let offset = match picked.first() {
            Some(&first) => (case.offset as i128 + first as i128 * case.strides[dim] as i128) as usize,
            None => case.offset,
        };
        check_view(&sliced, &case, &shape, &strides, offset);
        // And element by element through the original indices.
        for idx in c_indices(&shape) {
            let mut orig = idx.clone();
            orig[dim] = picked[idx[dim]];
            let index: Vec<isize> = idx.iter().map(|&i| i as isize).collect();
            prop_assert!(same(&sliced.get(&index).unwrap(), &case.value(&orig)));
        }
        // Slicing a ViewMut gives the same layout.
        let mut buf = case.buf.clone();
        let vm = at8_mut(&mut buf, case.fmt, &case.shape, &case.strides, case.offset).unwrap();
        let vm = vm.slice(dim, Slice::new(start, stop, step)).unwrap();
        let vm = vm.as_view();
        prop_assert_eq!(vm.shape(), sliced.shape());
        prop_assert_eq!(vm.strides(), sliced.strides());
    }

    /// Two slices in a row, on random dimensions.
    #[test]
    fn repeated_slices_match_python(
        case in case(),
        a in (0usize..5, bound(), bound(), step()),
        b in (0usize..5, bound(), bound(), step()),
    ) {
        let ndim = case.shape.len();
        prop_assume!(ndim > 0);
        let mut shape = case.shape.clone();
        let mut strides = case.strides.clone();
        let mut offset = case.offset;
        let mut view = case.view();
        // Which original index each result index maps to, per dimension.
        let mut maps: Vec<Vec<usize>> = case.shape.iter().map(|&n| (0..n).collect()).collect();
        for (dim, start, stop, step) in [a, b] {
            let dim = dim % ndim;
            let step = step.filter(|s| *s != 0 && s.unsigned_abs() < 1 << 20);
            let picked = py_slice(shape[dim], start, stop, step);
            view = view.slice(dim, Slice::new(start, stop, step)).unwrap();
            if let Some(&first) = picked.first() {
                offset = (offset as i128 + first as i128 * strides[dim] as i128) as usize;
            }
            strides[dim] *= step.unwrap_or(1);
            shape[dim] = picked.len();
            maps[dim] = picked.iter().map(|&i| maps[dim][i]).collect();
        }
        check_view(&view, &case, &shape, &strides, offset);
        for idx in c_indices(&shape) {
            let orig: Vec<usize> = idx.iter().enumerate().map(|(d, &i)| maps[d][i]).collect();
            let index: Vec<isize> = idx.iter().map(|&i| i as isize).collect();
            prop_assert!(same(&view.get(&index).unwrap(), &case.value(&orig)));
        }
    }

    /// `index_axis` fixes one dimension (negative indices too) and removes it.
    #[test]
    fn index_axis_matches_model(case in case()) {
        let view = case.view();
        let ndim = case.shape.len();
        if ndim == 0 {
            prop_assert_eq!(kind(&view.index_axis(0, 0)), Some(ErrorKind::Type));
            return Ok(());
        }
        prop_assert_eq!(kind(&view.index_axis(ndim, 0)), Some(ErrorKind::Index));
        for dim in 0..ndim {
            let n = case.shape[dim] as isize;
            for i in -n - 1..=n {
                let got = view.index_axis(dim, i);
                if i < -n || i >= n {
                    prop_assert_eq!(kind(&got), Some(ErrorKind::Index));
                    continue;
                }
                let fixed = if i < 0 { i + n } else { i } as usize;
                let mut shape = case.shape.clone();
                shape.remove(dim);
                let mut strides = case.strides.clone();
                strides.remove(dim);
                let offset = (case.offset as i128 + fixed as i128 * case.strides[dim] as i128) as usize;
                check_view(&got.unwrap(), &case, &shape, &strides, offset);
            }
        }
    }

    /// `transpose` reverses the dimensions; `permute` reorders them.
    #[test]
    fn transpose_and_permute_match_model(case in case(), seed in any::<u64>()) {
        let view = case.view();
        let ndim = case.shape.len();
        let rev_shape: Vec<usize> = case.shape.iter().rev().copied().collect();
        let rev_strides: Vec<isize> = case.strides.iter().rev().copied().collect();
        check_view(&view.transpose(), &case, &rev_shape, &rev_strides, case.offset);
        let mut rng = Rng(seed);
        let axes = rng.permutation(ndim);
        let shape: Vec<usize> = axes.iter().map(|&a| case.shape[a]).collect();
        let strides: Vec<isize> = axes.iter().map(|&a| case.strides[a]).collect();
        check_view(&view.permute(&axes).unwrap(), &case, &shape, &strides, case.offset);
        // Not permutations: a repeated axis, an axis out of range, a wrong count.
        if ndim >= 2 {
            let mut dup = axes.clone();
            dup[0] = dup[1];
            prop_assert_eq!(kind(&view.permute(&dup)), Some(ErrorKind::Value));
        }
        let mut out_of_range = axes.clone();
        if let Some(first) = out_of_range.first_mut() {
            *first = ndim + rng.below(100);
            prop_assert_eq!(kind(&view.permute(&out_of_range)), Some(ErrorKind::Value));
        }
        let mut longer = axes.clone();
        longer.push(ndim);
        prop_assert_eq!(kind(&view.permute(&longer)), Some(ErrorKind::Value));
        // Transposing twice is the identity.
        check_view(&view.transpose().transpose(), &case, &case.shape, &case.strides, case.offset);
    }

    /// `copy_to_slice` in C, F and A order is the model's concatenation;
    /// `iter` yields the elements in C order.
    #[test]
    fn copy_out_and_iter_match_model(case in case()) {
        let view = case.view();
        let c = gather(&case.buf, &case.shape, &case.strides, case.offset, case.k, false);
        let f = gather(&case.buf, &case.shape, &case.strides, case.offset, case.k, true);
        let a_is_f = pybuf_contiguous(&case.shape, &case.strides, case.k, true)
            && !pybuf_contiguous(&case.shape, &case.strides, case.k, false);
        for (order, expected) in [(Order::C, &c), (Order::F, &f), (Order::A, if a_is_f { &f } else { &c })] {
            let mut out = vec![0xa5u8; view.nbytes()];
            view.copy_to_slice(&mut out, order).unwrap();
            prop_assert_eq!(&out, expected, "order {:?}", order);
            // A wrong length is refused before anything is written.
            let mut short = vec![0xa5u8; view.nbytes() + 1];
            prop_assert_eq!(kind(&view.copy_to_slice(&mut short, order)), Some(ErrorKind::Value));
            prop_assert!(short.iter().all(|&b| b == 0xa5));
            #[cfg(feature = "alloc")]
            prop_assert_eq!(&view.to_vec(order).unwrap(), expected);
        }
        let iter = view.iter();
        prop_assert_eq!(iter.len(), c.len() / case.k);
        let values: Vec<_> = iter.collect();
        let idx = c_indices(&case.shape);
        prop_assert_eq!(values.len(), idx.len());
        for (got, idx) in values.iter().zip(&idx) {
            prop_assert!(same(got, &case.value(idx)), "{:?} at {:?}", got, idx);
        }
        prop_assert_eq!((&view).into_iter().count(), idx.len());
    }

    /// `hex`, `write_hex` and `hex_to_slice` follow CPython's separator rules.
    #[test]
    fn hex_matches_model(
        case in case(),
        sep in prop_oneof![Just(None), Just(Some(':')), Just(Some(' ')), Just(Some('\u{7f}')), Just(Some('-'))],
        bps in prop_oneof![4 => -6i32..=6, 1 => Just(i32::MIN), 1 => Just(i32::MAX), 1 => -40i32..=40],
    ) {
        let view = case.view();
        let data = gather(&case.buf, &case.shape, &case.strides, case.offset, case.k, false);
        let expected = py_hex(&data, sep, bps);
        prop_assert_eq!(view.hex_len(sep, bps).unwrap(), expected.len());
        let mut out = vec![0u8; expected.len()];
        view.hex_to_slice(&mut out, sep, bps).unwrap();
        prop_assert_eq!(std::str::from_utf8(&out).unwrap(), expected.as_str());
        let mut s = String::new();
        view.write_hex(&mut s, sep, bps).unwrap();
        prop_assert_eq!(&s, &expected);
        #[cfg(feature = "alloc")]
        prop_assert_eq!(view.hex(sep, bps).unwrap(), expected.clone());
        // Wrong output lengths and non-ASCII separators are kind Value.
        let mut long = vec![0u8; expected.len() + 1];
        prop_assert_eq!(kind(&view.hex_to_slice(&mut long, sep, bps)), Some(ErrorKind::Value));
        prop_assert_eq!(kind(&view.write_hex(&mut s, Some('\u{e9}'), bps)), Some(ErrorKind::Value));
        prop_assert_eq!(kind(&view.hex_len(Some('\u{80}'), bps)), Some(ErrorKind::Value));
    }
}

// ------------------------------------------------------------------ equality

/// Formats whose values the model can plant in each other.
const EQ_FORMATS: &[&str] = &[
    "b", "B", "<h", ">h", "h", "<H", "q", "<q", ">Q", "<i", ">I", "l", "d", "<d", ">d", "f", ">f",
    "e", "<e", "c",
];

/// The same code in the other byte order (or size, for native `l`).
fn flip_order(fmt: &str) -> &'static str {
    match fmt {
        "b" => ">b",
        "B" => "<B",
        "<h" | "h" => ">h",
        ">h" => "<h",
        "<H" => ">H",
        "q" | "<q" => ">q",
        ">Q" => "<Q",
        "<i" => ">i",
        ">I" => "<I",
        "l" => ">l",
        "d" | "<d" => ">d",
        ">d" => "<d",
        "f" => ">f",
        ">f" => "<f",
        "e" | "<e" => ">e",
        _ => ">c",
    }
}

fn eq_value(rng: &mut Rng) -> Val {
    let specials =
        [0.0, -0.0, 1.5, -2.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 3.0, 65504.0, 0.1];
    match rng.below(4) {
        0 | 1 => Val::Int(rng.below(9) as i128 - 4),
        2 => Val::Float(specials[rng.below(specials.len())]),
        _ => Val::Bytes(vec![b"ab\0"[rng.below(3)]]),
    }
}

proptest! {
    #![proptest_config(config(2048))]

    /// `equals` is element-by-element Python `==` after unpacking each side
    /// with its own format (NaN != NaN, -0.0 == 0.0, 1 == 1.0, `h` vs `q`).
    #[test]
    fn equals_matches_model(
        a in case_of(EQ_FORMATS),
        b_fmt in 0..EQ_FORMATS.len() * 2,
        b_dims in prop::collection::vec(stride(8), 0..=5),
        shape_change in 0usize..8,
        seed in any::<u64>(),
    ) {
        let mut rng = Rng(seed);
        // Half of the time: the same code in the other byte order.
        let b_fmt = EQ_FORMATS.get(b_fmt).copied().unwrap_or_else(|| flip_order(a.fmt));
        let kb = itemsize(b_fmt);
        // Plant values in `a`, then the same values (where representable) in `b`.
        let mut a = a;
        let mut values = Vec::new();
        for idx in c_indices(&a.shape) {
            let v = eq_value(&mut rng);
            if let Some(bytes) = encode_exact(a.fmt, &v) {
                let p = a.pos(&idx);
                a.buf[p..p + a.k].copy_from_slice(&bytes);
            }
            values.push(a.value(&idx));
        }
        let mut shape = a.shape.clone();
        // Sometimes another shape: equal only up to the first zero extent.
        if shape_change == 0 && !shape.is_empty() {
            let d = rng.below(shape.len());
            shape[d] = rng.below(5);
        }
        let strides: Vec<isize> = shape.iter().zip(b_dims.iter().chain(std::iter::repeat(&0))).map(|(_, &s)| s).collect();
        let (offset, len) = fit(&shape, &strides, kb, rng.below(3), rng.below(3));
        let mut b = Case { fmt: b_fmt, k: kb, shape, strides, offset, buf: Rng(seed ^ 1).bytes(len) };
        let b_idx = c_indices(&b.shape);
        if b.shape == a.shape {
            for (idx, v) in b_idx.iter().zip(&values) {
                if let Some(bytes) = encode_exact(b.fmt, v) {
                    let p = b.pos(idx);
                    b.buf[p..p + kb].copy_from_slice(&bytes);
                }
            }
            // Sometimes spoil one element.
            if shape_change == 1 && !b_idx.is_empty() {
                let idx = &b_idx[rng.below(b_idx.len())];
                let p = b.pos(idx);
                b.buf[p] ^= 1 << rng.below(8);
            }
        }
        let (va, vb) = (a.view(), b.view());
        let same_shape = {
            let (x, y) = (&a.shape, &b.shape);
            x.len() == y.len() && {
                let mut ok = true;
                for (&p, &q) in x.iter().zip(y) {
                    if p != q { ok = false; break; }
                    if p == 0 { break; }
                }
                ok
            }
        };
        let expected = same_shape
            && (a.shape.contains(&0)
                || c_indices(&a.shape).iter().all(|idx| py_eq(&a.value(idx), &b.value(idx))));
        prop_assert_eq!(va.equals(&vb), expected, "{:?} vs {:?}", a, b);
        prop_assert_eq!(vb.equals(&va), expected);
        prop_assert_eq!(va == vb, expected);
        // A view equals itself unless it holds a NaN.
        let has_nan = c_indices(&a.shape).iter().any(|idx| !py_eq(&a.value(idx), &a.value(idx)));
        prop_assert_eq!(va.equals(&va), !has_nan);
    }
}

#[test]
fn equals_special_floats_and_mixed_formats() {
    let d = |xs: &[f64]| xs.iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<u8>>();
    let zeros = d(&[0.0, -0.0, 1.0]);
    let negzeros = d(&[-0.0, 0.0, 1.0]);
    let nan = d(&[f64::NAN, 0.0, 1.0]);
    let v = |b| at8(b, "d", &[3], &[8], 0).unwrap();
    assert!(v(&zeros).equals(&v(&negzeros)));
    assert!(!v(&nan).equals(&v(&nan)));
    assert!(!v(&nan).equals(&v(&zeros)));
    // `h` vs `q`, `<i` vs `i`, `B` vs `d`, `e` vs `f`.
    let h: Vec<u8> = [-1i16, 2, 300].iter().flat_map(|x| x.to_ne_bytes()).collect();
    let q: Vec<u8> = [-1i64, 2, 300].iter().flat_map(|x| x.to_ne_bytes()).collect();
    let vh = at8(&h, "h", &[3], &[2], 0).unwrap();
    let vq = at8(&q, "q", &[3], &[8], 0).unwrap();
    assert!(vh.equals(&vq));
    let qr = at8(&q, "q", &[3], &[-8], 16).unwrap();
    assert!(!vh.equals(&qr));
    // The same bytes in two byte orders are different values.
    let le = at8(&h, "<h", &[3], &[2], 0).unwrap();
    let be = at8(&h, ">h", &[3], &[2], 0).unwrap();
    assert!(!le.equals(&be));
    let swapped: Vec<u8> = [-1i16, 2, 300].iter().flat_map(|x| x.to_be_bytes()).collect();
    assert!(le.equals(&at8(&swapped, ">h", &[3], &[2], 0).unwrap()));
    let floats = d(&[-1.0, 2.0, 300.0]);
    assert!(vh.equals(&at8(&floats, "d", &[3], &[8], 0).unwrap()));
    let halves: Vec<u8> =
        [0xbc00u16, 0x4000, 0x5cb0].iter().flat_map(|x| x.to_le_bytes()).collect();
    assert!(vh.equals(&at8(&halves, "<e", &[3], &[2], 0).unwrap()));
    // Records compare field by field, whatever their formats.
    let pairs: Vec<u8> = [1i16, 2, -3, 4].iter().flat_map(|x| x.to_le_bytes()).collect();
    let wide: Vec<u8> = [1i32, 2, -3, 4].iter().flat_map(|x| x.to_le_bytes()).collect();
    let triples: Vec<u8> = [1i16, 2, 0, -3, 4, 0].iter().flat_map(|x| x.to_le_bytes()).collect();
    let hh = at8(&pairs, "<hh", &[2], &[4], 0).unwrap();
    assert!(hh.equals(&at8(&wide, "<ii", &[2], &[8], 0).unwrap()));
    assert!(hh.equals(&at8(&pairs, "<2h", &[2], &[4], 0).unwrap()));
    assert!(!hh.equals(&at8(&triples, "<hhh", &[2], &[6], 0).unwrap()));
    assert!(!hh.equals(&at8(&wide, "<ii", &[2], &[-8], 8).unwrap()));
    // Bytes equal only bytes; bools equal 0 and 1.
    let c = at8(b"\x01\x02", "c", &[2], &[1], 0).unwrap();
    let bytes = at8(b"\x01\x02", "B", &[2], &[1], 0).unwrap();
    assert!(!c.equals(&bytes));
    assert!(c.equals(&c));
    let bools = at8(b"\x01\x00", "?", &[2], &[1], 0).unwrap();
    assert!(bools.equals(&at8(b"\x01\x00", "B", &[2], &[1], 0).unwrap()));
    // Shapes: extents compared up to the first zero.
    let empty = [0u8; 0];
    let e03 = at8(&empty, "B", &[0, 3], &[3, 1], 0).unwrap();
    let e05 = at8(&empty, "h", &[0, 5], &[10, 2], 0).unwrap();
    let e30 = at8(&empty, "B", &[3, 0], &[0, 1], 0).unwrap();
    let e50 = at8(&empty, "B", &[5, 0], &[0, 1], 0).unwrap();
    assert!(e03.equals(&e05));
    assert!(!e30.equals(&e50));
    assert!(!e03.equals(&at8(&empty, "B", &[0], &[1], 0).unwrap()));
}

// ------------------------------------------------------------------ copy_from

fn copy_model(dst: &Case, src: &Case) -> Vec<u8> {
    let mut out = dst.buf.clone();
    for idx in c_indices(&dst.shape) {
        let p = dst.pos(&idx);
        out[p..p + dst.k].copy_from_slice(src.element(&idx));
    }
    out
}

/// A second layout of `shape` for the same format, over its own buffer.
fn other_layout(fmt: &'static str, shape: &[usize], strides: &[isize], seed: u64) -> Case {
    let k = itemsize(fmt);
    let mut rng = Rng(seed);
    let (offset, len) = fit(shape, strides, k, rng.below(3), rng.below(3));
    Case { fmt, k, shape: shape.to_vec(), strides: strides.to_vec(), offset, buf: rng.bytes(len) }
}

proptest! {
    #![proptest_config(config(2048))]

    /// `ViewMut::copy_from` between two random layouts of one shape: bytes
    /// outside the destination elements are unchanged; where destination
    /// elements overlap, the last write in C order wins.
    #[test]
    fn copy_from_matches_model(
        dst in case(),
        src_strides in prop::collection::vec(stride(16), 5),
        seed in any::<u64>(),
    ) {
        let k = dst.k as isize;
        let strides: Vec<isize> = src_strides.iter().take(dst.shape.len()).map(|s| s % (3 * k + 3)).collect();
        let src = other_layout(dst.fmt, &dst.shape, &strides, seed);
        let expected = copy_model(&dst, &src);
        let mut buf = dst.buf.clone();
        let mut vm = at8_mut(&mut buf, dst.fmt, &dst.shape, &dst.strides, dst.offset).unwrap();
        vm.copy_from(&src.view()).unwrap();
        prop_assert_eq!(&buf, &expected, "dst {:?} src {:?}", dst, src);
    }

    /// Structures that differ are kind Value and write nothing.
    #[test]
    fn copy_from_refuses_other_structures(dst in case(), which in 0usize..3, seed in any::<u64>()) {
        let mut rng = Rng(seed);
        let (fmt, shape) = match which {
            // Another format of the same itemsize.
            0 => {
                let others: Vec<&'static str> = FORMATS
                    .iter()
                    .copied()
                    .filter(|f| itemsize(f) == dst.k && !same_scalars(f, dst.fmt))
                    .collect();
                prop_assume!(!others.is_empty());
                (others[rng.below(others.len())], dst.shape.clone())
            }
            // Another ndim.
            1 => {
                let mut s = dst.shape.clone();
                s.push(1);
                (dst.fmt, s)
            }
            // Another first extent (compared even when it is zero).
            _ => {
                prop_assume!(!dst.shape.is_empty());
                let mut s = dst.shape.clone();
                s[0] += 1;
                (dst.fmt, s)
            }
        };
        let strides = vec![0isize; shape.len()];
        let src = other_layout(fmt, &shape, &strides, seed);
        let mut buf = dst.buf.clone();
        let mut vm = at8_mut(&mut buf, dst.fmt, &dst.shape, &dst.strides, dst.offset).unwrap();
        prop_assert_eq!(kind(&vm.copy_from(&src.view())), Some(ErrorKind::Value));
        prop_assert_eq!(&buf, &dst.buf);
    }
}

/// Whether two single-code formats of [`FORMATS`] hold the same scalar,
/// byte order aside (`h` and `<h`, `l` and `q` where C's long has 8 bytes):
/// `copy_from` converts between those.
fn same_scalars(a: &str, b: &str) -> bool {
    fn code(f: &str) -> &str {
        let c = f.trim_start_matches(['@', '=', '<', '>', '!', '^']);
        match c {
            "l" if itemsize("l") == 8 => "q",
            "l" => "i",
            other => other,
        }
    }
    code(a) == code(b)
}

#[test]
fn copy_from_ignores_one_leading_at_and_zero_extents() {
    let mut data = [0u8; 4];
    let src_bytes = [1u8, 2, 3, 4];
    let src = at8(&src_bytes, "@h", &[2], &[2], 0).unwrap();
    let mut dst = at8_mut(&mut data, "h", &[2], &[-2], 2).unwrap();
    dst.copy_from(&src).unwrap();
    assert_eq!(data, [3, 4, 1, 2]);
    // ">h" is the same scalar in the other byte order: converted.
    let be = at8(&src_bytes, ">h", &[2], &[2], 0).unwrap();
    let mut dst = at8_mut(&mut data, "<h", &[2], &[2], 0).unwrap();
    dst.copy_from(&be).unwrap();
    assert_eq!(data, [2, 1, 4, 3]);
    // "H" is another kind of scalar: refused.
    let mut dst = at8_mut(&mut data, "H", &[2], &[2], 0).unwrap();
    assert_eq!(dst.copy_from(&be).unwrap_err().kind(), ErrorKind::Value);
    // [0, 3] accepts [0, 5]: nothing to copy.
    let mut none = [0u8; 0];
    let mut dst = at8_mut(&mut none, "B", &[0, 3], &[3, 1], 0).unwrap();
    dst.copy_from(&at8(&[], "B", &[0, 5], &[5, 1], 0).unwrap()).unwrap();
}

// --------------------------------------------------- long runs and tiled copies

/// Copy-out and copy_from over every itemsize with layouts that reach the
/// specialised kernels: long runs (gathers by 2, 3 and 4, reversed,
/// broadcast) and the cache-blocked transposing path.
fn big_case(fmt: &'static str, shape: &[usize], strides: &[isize], seed: u64) -> Case {
    other_layout(fmt, shape, strides, seed)
}

const BIG_FORMATS: &[&str] = &["B", "<h", "3s", "f", "d", "Zd"];

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn long_runs_match_model(
        fi in 0..BIG_FORMATS.len(),
        outer in 1usize..=3,
        n in 0usize..=100,
        inner_mult in prop_oneof![Just(1isize), Just(-1), Just(0), Just(2), Just(3), Just(4), Just(-2), Just(5)],
        outer_kind in 0usize..3,
        seed in any::<u64>(),
    ) {
        let fmt = BIG_FORMATS[fi];
        let k = itemsize(fmt) as isize;
        let inner = inner_mult * k;
        let span = (inner.abs() * n as isize).max(k);
        let outer_stride = match outer_kind { 0 => span, 1 => -span, _ => 0 };
        let shape = [outer, n];
        let strides = [outer_stride, inner];
        let case = big_case(fmt, &shape, &strides, seed);
        let view = case.view();
        for (order, fortran) in [(Order::C, false), (Order::F, true)] {
            let mut out = vec![0u8; view.nbytes()];
            view.copy_to_slice(&mut out, order).unwrap();
            prop_assert_eq!(out, gather(&case.buf, &shape, &strides, case.offset, case.k, fortran));
        }
        // The same layout as a destination, from a contiguous source.
        let src = big_case(fmt, &shape, &[n as isize * k, k], seed ^ 7);
        let expected = copy_model(&case, &src);
        let mut buf = case.buf.clone();
        at8_mut(&mut buf, fmt, &shape, &strides, case.offset).unwrap().copy_from(&src.view()).unwrap();
        prop_assert_eq!(&buf, &expected);
        // And as a source into a contiguous destination.
        let dst = big_case(fmt, &shape, &[n as isize * k, k], seed ^ 9);
        let expected = copy_model(&dst, &case);
        let mut buf = dst.buf.clone();
        at8_mut(&mut buf, fmt, &shape, &dst.strides, dst.offset).unwrap().copy_from(&view).unwrap();
        prop_assert_eq!(&buf, &expected);
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// 2-D transposing copies (the tiled path): F-ordered sources copied out
    /// in C order and into C-ordered destinations, shapes around 70x130.
    #[test]
    fn transposing_copies_match_model(
        fi in 0..BIG_FORMATS.len(),
        m in 60usize..=140,
        n in 60usize..=140,
        variant in 0usize..3,
        seed in any::<u64>(),
    ) {
        let fmt = BIG_FORMATS[fi];
        let k = itemsize(fmt) as isize;
        let (mi, ni) = (m as isize, n as isize);
        let strides = match variant {
            0 => [k, mi * k],
            1 => [k, -mi * k],
            _ => [k, 2 * mi * k],
        };
        let shape = [m, n];
        let case = big_case(fmt, &shape, &strides, seed);
        let view = case.view();
        for (order, fortran) in [(Order::C, false), (Order::F, true), (Order::A, variant == 0)] {
            let mut out = vec![0u8; view.nbytes()];
            view.copy_to_slice(&mut out, order).unwrap();
            prop_assert!(out == gather(&case.buf, &shape, &strides, case.offset, case.k, fortran), "order {:?}", order);
        }
        let dst = big_case(fmt, &shape, &[ni * k, k], seed ^ 3);
        let expected = copy_model(&dst, &case);
        let mut buf = dst.buf.clone();
        at8_mut(&mut buf, fmt, &shape, &dst.strides, dst.offset).unwrap().copy_from(&view).unwrap();
        prop_assert!(buf == expected);
    }
}

#[test]
fn transposing_copy_into_overlapping_rows_keeps_the_last_write() {
    // Destination rows overlap (outer stride 2 items, inner 1 item): where
    // they do, the element written last in C order must win, also when the
    // source is F-ordered and the copy takes the tiled path.
    for fmt in BIG_FORMATS {
        let k = itemsize(fmt) as isize;
        let (m, n) = (70usize, 130usize);
        let shape = [m, n];
        let src = big_case(fmt, &shape, &[k, m as isize * k], 11);
        let dst = big_case(fmt, &shape, &[2 * k, k], 12);
        let expected = copy_model(&dst, &src);
        let mut buf = dst.buf.clone();
        at8_mut(&mut buf, fmt, &shape, &dst.strides, dst.offset)
            .unwrap()
            .copy_from(&src.view())
            .unwrap();
        assert!(buf == expected, "format {fmt}");
    }
}

#[test]
fn seventy_by_one_thirty_fortran_order_every_itemsize() {
    for fmt in BIG_FORMATS {
        let k = itemsize(fmt) as isize;
        let shape = [70usize, 130];
        // C-contiguous: F order transposes; the F-contiguous transpose: C order does.
        for strides in [[130 * k, k], [k, 70 * k]] {
            let case = big_case(fmt, &shape, &strides, 5);
            let view = case.view();
            for (order, fortran) in [(Order::C, false), (Order::F, true)] {
                let mut out = vec![0u8; view.nbytes()];
                view.copy_to_slice(&mut out, order).unwrap();
                assert!(
                    out == gather(&case.buf, &shape, &strides, case.offset, case.k, fortran),
                    "{fmt} {strides:?}"
                );
            }
        }
    }
}
