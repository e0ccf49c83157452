//! Every error kind view-core produces, each from bad input, and a property
//! that random format strings, layouts and operations never panic.
//!
//! `ErrorKind::Buffer` belongs to the buffer protocol (exporters), which
//! view-core does not raise itself.
#![allow(clippy::indexing_slicing, clippy::cast_possible_wrap, clippy::cast_sign_loss)]

mod common;

use proptest::prelude::*;
use proptest::test_runner::Config;
use view_core::{ErrorKind, Format, Layout, Order, Scalar, Slice, View, ViewMut};

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

const DATA: [u8; 24] =
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24];

fn matrix() -> View<'static> {
    View::new(&DATA, "B", &[4, 6], &[6, 1], 0).unwrap()
}

// ---------------------------------------------------------------- TypeError

#[test]
fn casting_a_non_contiguous_view_is_a_type_error() {
    let err = matrix().transpose().cast("B", None).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    assert_eq!(err.to_string(), "memoryview: casts are restricted to C-contiguous views");
    let strided = View::new(&DATA, "B", &[3], &[2], 0).unwrap();
    assert_eq!(strided.cast("B", None).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn casting_between_two_non_byte_formats_is_a_type_error() {
    let shorts = View::from_bytes(&DATA).cast("<h", None).unwrap();
    assert_eq!(shorts.cast("<i", None).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(shorts.cast(">h", None).unwrap_err().kind(), ErrorKind::Type);
    // memoryview's rule refuses identical layouts too; `View::cast` takes them.
    assert_eq!(shorts.cast_cpython("@h", None).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(shorts.cast("@h", None).is_ok(), cfg!(target_endian = "little"));
}

#[test]
fn casting_to_a_size_that_does_not_divide_or_match_is_a_type_error() {
    let bytes = View::new(&DATA, "B", &[23], &[1], 0).unwrap();
    assert_eq!(bytes.cast("<i", None).unwrap_err().kind(), ErrorKind::Type);
    let err = View::from_bytes(&DATA).cast("<h", Some(&[5, 2])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    assert_eq!(err.to_string(), "memoryview: product(shape) * itemsize != buffer size");
}

#[test]
fn casting_a_view_with_zeros_in_its_shape_is_a_type_error() {
    let empty = View::new(&DATA, "B", &[0, 3], &[3, 1], 0).unwrap();
    assert_eq!(empty.cast("B", None).unwrap_err().kind(), ErrorKind::Type);
    let empty_1d = View::new(&DATA, "B", &[0], &[1], 0).unwrap();
    assert_eq!(empty_1d.cast("B", Some(&[1])).unwrap_err().kind(), ErrorKind::Type);
    // Without a shape, an empty 1-D view casts.
    assert_eq!(empty_1d.cast("<h", None).unwrap().shape(), &[0]);
}

#[test]
fn casting_n_d_to_n_d_is_a_type_error() {
    let err = matrix().cast("B", Some(&[2, 12])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    assert_eq!(err.to_string(), "memoryview: cast must be 1D -> ND or ND -> 1D");
}

#[test]
fn indexing_a_zero_dim_view_is_a_type_error() {
    let scalar = View::new(&DATA, "<i", &[], &[], 4).unwrap();
    assert_eq!(scalar.get(&[]).unwrap(), Scalar::Int(0x0807_0605));
    assert_eq!(scalar.get(&[0]).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(scalar.len().unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(scalar.slice(0, ..).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(scalar.index_axis(0, 0).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn more_indices_than_dimensions_is_a_type_error() {
    assert_eq!(matrix().get(&[0, 0, 0]).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn writing_a_value_of_the_wrong_type_is_a_type_error() {
    let mut data = [0u8; 8];
    let mut v = ViewMut::new(&mut data, "<q", &[], &[], 0).unwrap();
    let err = v.set(&[], Scalar::Float(1.0)).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    assert_eq!(err.to_string(), "memoryview: invalid type for format");
    assert_eq!(data, [0; 8]);
}

// --------------------------------------------------------------- ValueError

#[test]
fn a_bad_format_string_is_a_value_error_with_its_position() {
    for (text, position) in [("<hz", 2), ("3", 1), ("<P", 1), ("h h#", 3), ("T{h", 0), ("é", 0)] {
        let err = Format::parse(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value, "{text:?}");
        assert_eq!(err.position(), Some(position), "{text:?}");
    }
    assert_eq!(View::new(&DATA, "y", &[1], &[1], 0).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn an_element_outside_the_buffer_is_a_value_error() {
    for (shape, strides, offset) in [
        (&[25usize][..], &[1isize][..], 0usize),
        (&[3], &[-1], 1),
        (&[2, 2], &[12, 12], 1),
        (&[0], &[1], 25),
        (&[], &[], 24),
        (&[2], &[isize::MAX], 0),
        (&[3], &[isize::MIN], 23),
    ] {
        let err = View::new(&DATA, "B", shape, strides, offset).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value, "{shape:?} {strides:?} {offset}");
    }
    // An empty view may start at the very end, with any strides.
    assert!(View::new(&DATA, "B", &[0, 7], &[isize::MAX, isize::MIN], 24).is_ok());
}

#[test]
fn shapes_strides_and_dimensions_that_do_not_fit_are_value_errors() {
    assert_eq!(View::new(&DATA, "B", &[1, 1], &[1], 0).unwrap_err().kind(), ErrorKind::Value);
    let ones = [1usize; 65];
    let zeros = [0isize; 65];
    let err = View::new(&DATA, "B", &ones, &zeros, 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert_eq!(err.to_string(), "memoryview: number of dimensions must not exceed 64");
    let deep = Layout::<64>::new(&ones[..64], &zeros[..64], 0).unwrap();
    assert!(View::from_parts(&DATA[..], view_core::Format::BYTES, deep).is_ok());
    // The default capacity names itself and how to raise it.
    let err = View::new(&DATA, "B", &ones[..5], &zeros[..5], 0).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert!(err.to_string().contains("capacity of 4"), "{err}");
    assert!(err.to_string().contains("View<'_, 64>"), "{err}");
    // A small capacity refuses more dimensions than it holds.
    assert_eq!(Layout::<2>::new(&[1, 1, 1], &[0, 0, 0], 0).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(matrix().into_capacity::<1>().unwrap_err().kind(), ErrorKind::Value);
    // product(shape) * itemsize beyond isize::MAX, even with zero strides.
    let huge = [1usize << 62, 4];
    assert_eq!(View::new(&DATA, "B", &huge, &[0, 0], 0).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(View::new(&DATA, "B", &[usize::MAX], &[0], 0).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn a_format_of_itemsize_zero_is_a_value_error() {
    for text in ["", "<", "0s", "0h", "@"] {
        let err = View::new(&DATA, text, &[1], &[1], 0).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value, "{text:?}");
        assert_eq!(View::from_bytes(&DATA).cast(text, None).unwrap_err().kind(), ErrorKind::Value);
    }
}

#[test]
fn a_zero_slice_step_is_a_value_error() {
    let err = matrix().slice(1, Slice::new(None, None, Some(0))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert_eq!(err.to_string(), "slice step cannot be zero");
}

#[test]
fn writing_a_value_out_of_range_is_a_value_error() {
    let mut data = [0u8; 2];
    let mut v = ViewMut::new(&mut data, ">H", &[1], &[2], 0).unwrap();
    assert_eq!(v.set(&[0], Scalar::Int(65536)).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(v.set(&[0], Scalar::Int(-1)).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(data, [0, 0]);
}

#[test]
fn casting_to_a_bad_format_or_shape_is_a_value_error() {
    let bytes = View::from_bytes(&DATA);
    assert_eq!(bytes.cast("y", None).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(bytes.cast("B", Some(&[0, 24])).unwrap_err().kind(), ErrorKind::Value);
    let many = [1usize; 65];
    assert_eq!(bytes.cast("B", Some(&many)).unwrap_err().kind(), ErrorKind::Value);
    let err = bytes.cast("B", Some(&[1 << 40, 1 << 40])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert_eq!(err.to_string(), "memoryview.cast(): product(shape) > SSIZE_MAX");
}

#[test]
fn an_order_other_than_c_f_or_a_is_a_value_error() {
    for text in ["K", "c", "", "CF"] {
        assert_eq!(text.parse::<Order>().unwrap_err().kind(), ErrorKind::Value, "{text:?}");
    }
}

#[test]
fn axes_that_are_not_a_permutation_are_a_value_error() {
    for axes in [&[0usize, 0][..], &[0], &[0, 1, 2], &[2, 0]] {
        assert_eq!(matrix().permute(axes).unwrap_err().kind(), ErrorKind::Value, "{axes:?}");
    }
}

#[test]
fn assigning_a_different_structure_is_a_value_error() {
    let mut data = [0u8; 24];
    let mut dst = ViewMut::new(&mut data, "B", &[4, 6], &[6, 1], 0).unwrap();
    assert_eq!(dst.copy_from(&matrix().transpose()).unwrap_err().kind(), ErrorKind::Value);
    let signed = View::new(&DATA, "b", &[4, 6], &[6, 1], 0).unwrap();
    let err = dst.copy_from(&signed).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert_eq!(
        err.to_string(),
        "memoryview assignment: lvalue and rvalue have different structures"
    );
    assert_eq!(data, [0; 24]);
}

#[test]
fn an_output_buffer_of_the_wrong_length_is_a_value_error() {
    let mut out = [0u8; 23];
    assert_eq!(matrix().copy_to_slice(&mut out, Order::C).unwrap_err().kind(), ErrorKind::Value);
    let mut hex = [0u8; 47];
    assert_eq!(matrix().hex_to_slice(&mut hex, None, 0).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn a_non_ascii_hex_separator_is_a_value_error() {
    let mut s = String::new();
    let err = matrix().write_hex(&mut s, Some('\u{20ac}'), 1).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert!(s.is_empty());
}

// --------------------------------------------------------------- IndexError

#[test]
fn an_index_outside_its_dimension_is_an_index_error() {
    let err = matrix().get(&[1, 6]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Index);
    assert_eq!(err.dimension(), Some(1));
    assert_eq!(err.to_string(), "index out of bounds on dimension 2");
    assert_eq!(matrix().get(&[-5, 0]).unwrap_err().kind(), ErrorKind::Index);
    assert_eq!(matrix().get(&[isize::MIN, 0]).unwrap_err().kind(), ErrorKind::Index);
    assert_eq!(matrix().element_bytes(&[4, 0]).unwrap_err().kind(), ErrorKind::Index);
}

#[test]
fn index_axis_outside_its_dimension_is_an_index_error() {
    assert_eq!(matrix().index_axis(0, 4).unwrap_err().kind(), ErrorKind::Index);
    assert_eq!(matrix().index_axis(1, -7).unwrap_err().kind(), ErrorKind::Index);
}

#[test]
fn a_dimension_that_does_not_exist_is_an_index_error() {
    assert_eq!(matrix().slice(2, ..).unwrap_err().kind(), ErrorKind::Index);
    assert_eq!(matrix().index_axis(2, 0).unwrap_err().kind(), ErrorKind::Index);
}

// ------------------------------------------------------- NotImplementedError

#[test]
fn fewer_indices_than_dimensions_is_not_implemented() {
    let err = matrix().get(&[1]).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotImplemented);
    assert_eq!(err.kind().python_name(), "NotImplementedError");
    let mut data = [0u8; 24];
    let mut v = ViewMut::new(&mut data, "B", &[4, 6], &[6, 1], 0).unwrap();
    assert_eq!(v.set(&[1], Scalar::Int(1)).unwrap_err().kind(), ErrorKind::NotImplemented);
}

// ------------------------------------------------------------ OverflowError

#[test]
fn a_slice_stride_that_overflows_is_an_overflow_error() {
    let wide = View::new(&DATA, "B", &[2], &[isize::MAX / 2], 0);
    // Such a view cannot exist over 24 bytes; a zero-length one can.
    assert!(wide.is_err());
    let empty = View::new(&DATA, "B", &[0], &[isize::MAX / 2], 0).unwrap();
    let err = empty.slice(0, Slice::new(None, None, Some(3))).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Overflow);
    assert_eq!(err.kind().python_name(), "OverflowError");
}

#[test]
fn a_cast_extent_beyond_isize_is_an_overflow_error() {
    let err = View::from_bytes(&DATA).cast("B", Some(&[usize::MAX, 1])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Overflow);
}

// ------------------------------------------------------------ no panics

/// Characters that make interesting format strings.
const ALPHABET: &[char] = &[
    'x', 'c', 'b', 'B', '?', 'h', 'H', 'i', 'I', 'l', 'L', 'q', 'Q', 'n', 'N', 'e', 'f', 'd', 's',
    'p', 'P', 'Z', 'T', '{', '}', '(', ')', ',', ':', '@', '=', '<', '>', '!', '^', ' ', '\t', '0',
    '1', '2', '3', '9', 'a', 'é', '\0',
];

fn format_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::collection::vec(prop::sample::select(ALPHABET), 0..12).prop_map(|v| v.into_iter().collect()),
        1 => any::<String>(),
        1 => prop::collection::vec(any::<u8>(), 0..12).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        2 => prop::sample::select(&["B", "<h", ">d", "e", "3s", "<hq", "Zf", "T{bd}", "?", "c", "4p", "2x"][..])
            .prop_map(str::to_owned),
    ]
}

fn extent() -> impl Strategy<Value = usize> {
    prop_oneof![8 => 0usize..=5, 1 => any::<usize>(), 1 => Just(isize::MAX as usize), 1 => Just(1usize << 40)]
}

fn stride() -> impl Strategy<Value = isize> {
    prop_oneof![8 => -20isize..=20, 1 => any::<isize>(), 1 => prop::sample::select(&[isize::MIN, isize::MAX, 1 << 40][..])]
}

fn index() -> impl Strategy<Value = isize> {
    prop_oneof![8 => -6isize..=6, 1 => any::<isize>()]
}

fn opt_index() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![1 => Just(None), 4 => index().prop_map(Some)]
}

#[derive(Debug, Clone)]
enum Op {
    Get(Vec<isize>),
    Slice(usize, Option<isize>, Option<isize>, Option<isize>),
    IndexAxis(usize, isize),
    Transpose,
    Permute(Vec<usize>),
    Cast(String, Option<Vec<usize>>),
    CopyOut(Order),
    Hex(Option<char>, i32),
    Iterate,
    Equals,
    Set(Vec<isize>, u8, i128, f64),
    CopyFrom,
    Capacity,
}

fn op() -> impl Strategy<Value = Op> {
    let indices = || prop::collection::vec(index(), 0..5);
    prop_oneof![
        3 => indices().prop_map(Op::Get),
        3 => (0usize..5, opt_index(), opt_index(), opt_index()).prop_map(|(d, a, b, c)| Op::Slice(d, a, b, c)),
        2 => (0usize..5, index()).prop_map(|(d, i)| Op::IndexAxis(d, i)),
        1 => Just(Op::Transpose),
        1 => prop::collection::vec(0usize..6, 0..5).prop_map(Op::Permute),
        3 => (format_text(), prop::option::of(prop::collection::vec(extent(), 0..4)))
            .prop_map(|(f, s)| Op::Cast(f, s)),
        2 => prop::sample::select(&[Order::C, Order::F, Order::A][..]).prop_map(Op::CopyOut),
        1 => (prop::option::of(any::<char>()), any::<i32>()).prop_map(|(s, b)| Op::Hex(s, b)),
        1 => Just(Op::Iterate),
        1 => Just(Op::Equals),
        2 => (indices(), any::<u8>(), any::<i128>(), any::<f64>()).prop_map(|(i, k, n, f)| Op::Set(i, k, n, f)),
        1 => Just(Op::CopyFrom),
        1 => Just(Op::Capacity),
    ]
}

/// SCHEMA.md's rule 5 in exact arithmetic (no enumeration: counts may be huge).
fn in_bounds(view: &View<'_>) -> bool {
    let len = view.buffer().len() as i128;
    if view.is_empty() {
        return view.offset() as i128 <= len;
    }
    let (mut lo, mut hi) = (view.offset() as i128, view.offset() as i128);
    for (&n, &s) in view.shape().iter().zip(view.strides()) {
        let reach = (n as i128 - 1) * s as i128;
        if reach < 0 {
            lo += reach;
        } else {
            hi += reach;
        }
    }
    lo >= 0 && hi + view.itemsize() as i128 <= len
}

/// How many lists `to_value` builds for `shape`: one per index prefix.
#[cfg(feature = "alloc")]
fn list_nodes(shape: &[usize]) -> usize {
    let mut prefixes = 1usize;
    let mut total = 0usize;
    for &n in shape {
        total = total.saturating_add(prefixes);
        prefixes = prefixes.saturating_mul(n);
    }
    total
}

/// Cheap enough to copy out, compare or iterate entirely.
fn small(view: &View<'_>) -> bool {
    view.nbytes() <= 1 << 16 && view.layout().count() <= 1 << 12
}

fn apply<'a>(view: View<'a>, op: &'a Op, original: View<'a>) -> View<'a> {
    match op {
        Op::Get(index) => {
            let _ = view.get(index);
            let _ = view.element_bytes(index);
        }
        Op::Slice(dim, start, stop, step) => {
            if let Ok(v) = view.slice(*dim, Slice::new(*start, *stop, *step)) {
                return v;
            }
        }
        Op::IndexAxis(dim, i) => {
            if let Ok(v) = view.index_axis(*dim, *i) {
                return v;
            }
        }
        Op::Transpose => return view.transpose(),
        Op::Permute(axes) => {
            if let Ok(v) = view.permute(axes) {
                return v;
            }
        }
        Op::Cast(format, shape) => {
            if let Ok(v) = view.cast(format, shape.as_deref()) {
                return v;
            }
        }
        Op::CopyOut(order) => {
            if small(&view) {
                let mut out = vec![0u8; view.nbytes()];
                view.copy_to_slice(&mut out, *order).unwrap();
                #[cfg(feature = "alloc")]
                assert_eq!(view.to_vec(*order).unwrap(), out);
            }
        }
        Op::Hex(sep, bps) => {
            if small(&view) {
                if let Ok(len) = view.hex_len(*sep, *bps) {
                    let mut out = vec![0u8; len];
                    view.hex_to_slice(&mut out, *sep, *bps).unwrap();
                    let mut s = String::new();
                    view.write_hex(&mut s, *sep, *bps).unwrap();
                    assert_eq!(s.as_bytes(), out.as_slice());
                } else {
                    assert!(view.write_hex(&mut String::new(), *sep, *bps).is_err());
                }
            }
        }
        Op::Iterate => {
            for value in view.iter().take(64) {
                assert!(!value.to_string().is_empty());
            }
            // `to_value` builds one list per index prefix, even of an empty
            // view (`[huge, 0]` is a huge list of empty lists): bound those
            // here; `huge_results_are_memory_errors` covers the rest.
            #[cfg(feature = "alloc")]
            if small(&view) && list_nodes(view.shape()) <= 1 << 14 {
                let _ = view.to_value().map(|v| v.to_string());
            }
        }
        Op::Equals => {
            if small(&view) && small(&original) {
                let _ = view.equals(&original);
                let _ = view.equals(&view);
            }
        }
        Op::Set(index, which, int, float) => {
            let mut buf = view.buffer().to_vec();
            let mut target = ViewMut::from_parts(&mut buf, view.format(), *view.layout()).unwrap();
            let items = [Scalar::Int(*int), Scalar::Float(*float), Scalar::Bytes(b"ab")];
            let value = match which % 7 {
                0 => Scalar::Int(*int),
                1 => Scalar::Float(*float),
                2 => Scalar::Bool(*int & 1 == 1),
                3 => Scalar::Bytes(&b"abc"[..(*which as usize) % 4]),
                4 => Scalar::Complex(*float, 1.0),
                5 => Scalar::Tuple(&items[..(*which as usize / 7) % 4]),
                _ => view.get(&[]).unwrap_or(Scalar::Int(0)),
            };
            let before = view.buffer();
            if target.set(index, value).is_err() {
                assert_eq!(buf, before, "a failed set wrote");
            }
        }
        Op::CopyFrom => {
            if small(&view) && small(&original) {
                let mut buf = view.buffer().to_vec();
                let mut target =
                    ViewMut::from_parts(&mut buf, view.format(), *view.layout()).unwrap();
                let _ = target.copy_from(&original);
                let _ = target.copy_from(&view);
            }
        }
        Op::Capacity => {
            if let Ok(v) = view.into_capacity::<3>() {
                assert_eq!(v.shape(), view.shape());
                let _ = v.get(&[0, 0, 0]);
            }
        }
    }
    view
}

/// Formats that parse, for specs built to fit their buffer.
const GOOD_FORMATS: &[&str] = &[
    "B", "b", "c", "?", "<h", ">H", "e", "<i", "f", ">d", "Q", "3s", "4p", "<hq", "bd", "xxh",
    "2x", "Zf", ">Zd", "T{bd}", "(2,2)h", "<3B", "?c5s", "d:x:d:y:",
];

#[derive(Debug, Clone)]
struct Spec {
    format: String,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
    buf: Vec<u8>,
}

/// Anything at all: most of these are refused by `View::new`.
fn random_spec() -> impl Strategy<Value = Spec> {
    (
        format_text(),
        prop::collection::vec(extent(), 0..5),
        prop::collection::vec(stride(), 0..5),
        any::<bool>(),
        prop_oneof![4 => 0usize..=64, 1 => any::<usize>()],
        prop::collection::vec(any::<u8>(), 0..96),
    )
        .prop_map(|(format, shape, strides, same_len, offset, buf)| {
            let strides = if same_len {
                shape
                    .iter()
                    .zip(strides.iter().chain(std::iter::repeat(&1)))
                    .map(|(_, &s)| s)
                    .collect()
            } else {
                strides
            };
            Spec { format, shape, strides, offset, buf }
        })
}

/// A valid spec: small extents, strides of any sign, offset and buffer
/// length just large enough (plus slack).
fn fitted_spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(GOOD_FORMATS),
        prop::collection::vec((0usize..=4, -40isize..=40), 0..5),
        0usize..4,
        0usize..4,
        any::<u64>(),
    )
        .prop_map(|(format, dims, lo, hi, seed)| {
            let k = Format::parse(format).unwrap().itemsize();
            let (shape, strides): (Vec<usize>, Vec<isize>) = dims.into_iter().unzip();
            let (offset, len) = match common::reach(&shape, &strides) {
                None => (lo, lo + hi),
                Some((min, max)) => {
                    let offset = (-min) as usize + lo;
                    (offset, (offset as i128 + max) as usize + k + hi)
                }
            };
            Spec {
                format: format.to_owned(),
                shape,
                strides,
                offset,
                buf: common::Rng(seed).bytes(len),
            }
        })
}

proptest! {
    #![proptest_config(config(4096))]

    /// Random byte strings as formats, random shapes, strides, offsets and
    /// buffers, then random operations: every call returns a `Result`,
    /// nothing panics, and every view that exists keeps its elements (or,
    /// when empty, its offset) inside its buffer.
    #[test]
    fn random_input_never_panics(
        spec in prop_oneof![1 => random_spec(), 1 => fitted_spec()],
        ops in prop::collection::vec(op(), 0..10),
    ) {
        if let Ok(f) = Format::parse(&spec.format) {
            for x in f.fields() {
                let _ = (x.offset(), x.values(), x.sub_shape().count(), x.record(), x.name());
            }
            let _ = (f.is_single_value(), f.scalar_code(), f.native_char(), f.canonical(), f.alignment());
        }
        let built = View::new(&spec.buf, &spec.format, &spec.shape, &spec.strides, spec.offset);
        // The model enumerates elements, so compare only when there are few.
        if spec.shape.iter().try_fold(1usize, |a, &n| a.checked_mul(n)).is_some_and(|c| c <= 1 << 12) {
            let expected = Format::parse(&spec.format).is_ok_and(|f| {
                common::valid(&spec.shape, &spec.strides, spec.offset, f.itemsize(), spec.buf.len())
            });
            prop_assert_eq!(built.is_ok(), expected, "{:?}", spec);
        }
        let Ok(view) = built else { return Ok(()) };
        prop_assert!(in_bounds(&view));
        let original = view;
        let mut view = view;
        for op in &ops {
            view = apply(view, op, original);
            prop_assert!(in_bounds(&view), "{:?} after {:?}", view, op);
        }
    }

    /// `Slice::indices` for any bounds and length: never panics, and the
    /// selected range stays inside the dimension.
    #[test]
    fn slice_indices_never_panic(
        start in prop::option::of(any::<isize>()),
        stop in prop::option::of(any::<isize>()),
        step in prop::option::of(any::<isize>()),
        length in prop_oneof![0usize..10, any::<usize>()],
    ) {
        match Slice::new(start, stop, step).indices(length) {
            Ok((first, count, step)) => {
                if count > 0 {
                    prop_assert!(first < length);
                    let last = first as i128 + (count as i128 - 1) * step as i128;
                    prop_assert!((0..length as i128).contains(&last));
                }
            }
            Err(e) => {
                prop_assert_eq!(step, Some(0));
                prop_assert_eq!(e.kind(), ErrorKind::Value);
            }
        }
    }
}

#[cfg(feature = "alloc")]
#[test]
fn huge_results_are_memory_errors() {
    use view_core::{ErrorKind, Order};
    // A list of 2^62 empty lists, and 2^62 bytes copied out of one byte.
    let empty = View::new(&[], "B", &[1 << 62, 0], &[0, 0], 0).unwrap();
    assert_eq!(empty.to_value().unwrap_err().kind(), ErrorKind::Memory);
    let broadcast = View::new(&[7], "B", &[1 << 62], &[0], 0).unwrap();
    assert_eq!(broadcast.to_vec(Order::C).unwrap_err().kind(), ErrorKind::Memory);
    assert_eq!(broadcast.hex(None, 0).unwrap_err().kind(), ErrorKind::Memory);
    assert_eq!(broadcast.to_value().unwrap_err().kind(), ErrorKind::Memory);
}
