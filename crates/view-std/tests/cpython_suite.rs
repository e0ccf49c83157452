//! Checks ported from CPython's own `test_memoryview.py`, `test_buffer.py`
//! and `test_struct.py`: the behaviours those tests pin down, each in a test
//! named after it, written against the Rust API.

use std::any::Any;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use view_core::{ErrorKind, Format, Layout, MAX_NDIM, Order, Slice, View, ViewMut};
use view_std::{ByteArray, Bytes, Exporter, Frozen, Locked, MemoryView, Value};

fn std_hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn ints(values: &[i64]) -> Vec<Value> {
    values.iter().map(|&i| Value::Int(i)).collect()
}

fn kind<T: std::fmt::Debug>(r: view_core::Result<T>) -> ErrorKind {
    r.unwrap_err().kind()
}

// --- len ------------------------------------------------------------------

#[test]
fn len_of_a_0d_view_is_1() {
    // memory_length: `return view->ndim == 0 ? 1 : view->shape[0]`.
    let mv = MemoryView::new(Bytes::from(vec![7, 0, 0, 0])).unwrap();
    let scalar = mv.cast_shape("<i", &[]).unwrap();
    assert_eq!(scalar.ndim().unwrap(), 0);
    assert_eq!(scalar.len().unwrap(), 1);
    assert!(!scalar.is_empty().unwrap());
    assert_eq!(mv.len().unwrap(), 4);
    assert_eq!(mv.cast_shape("B", &[2, 2]).unwrap().len().unwrap(), 2);
}

// --- hash -----------------------------------------------------------------

#[test]
fn hash_after_release_returns_the_hash_computed_before() {
    // test_memoryview.test_hash
    let b = Bytes::from(b"abcdef".to_vec());
    let m = MemoryView::new(b.clone()).unwrap();
    assert_eq!(m.try_hash().unwrap(), std_hash(b"abcdef"));
    m.release().unwrap();
    assert_eq!(m.try_hash().unwrap(), std_hash(b"abcdef"));
    // Anything that needs the bytes still fails.
    assert_eq!(kind(m.tobytes(Order::C)), ErrorKind::Value);
}

#[test]
fn a_never_hashed_released_view_raises_value_error() {
    let m = MemoryView::new(Bytes::from(b"abcdef".to_vec())).unwrap();
    m.release().unwrap();
    assert_eq!(kind(m.try_hash()), ErrorKind::Value);
}

#[test]
fn hashing_a_readonly_view_of_an_unhashable_exporter_is_a_type_error() {
    // hash(memoryview(bytearray(b'ab')).toreadonly()) -> TypeError: unhashable type: 'bytearray'
    let ba = ByteArray::from(b"ab".to_vec());
    let writable = MemoryView::new(ba.clone()).unwrap();
    // The writable check comes first: ValueError.
    assert_eq!(kind(writable.try_hash()), ErrorKind::Value);
    let ro = writable.toreadonly().unwrap();
    assert_eq!(kind(ro.try_hash()), ErrorKind::Type);
    assert_eq!(kind(ro.hash_key()), ErrorKind::Type);
    assert_eq!(kind(MemoryView::new_readonly(ba).unwrap().try_hash()), ErrorKind::Type);
    // The format check comes before the exporter's hash: ValueError.
    assert_eq!(kind(ro.cast("<h").unwrap().try_hash()), ErrorKind::Value);
    // A `Locked` buffer is mutable, so unhashable by default; `Frozen` hashes.
    let locked = MemoryView::from_buffer_mut(vec![1u8, 2]).unwrap().toreadonly().unwrap();
    assert_eq!(kind(locked.try_hash()), ErrorKind::Type);
    assert!(!Locked::new(vec![0u8]).hashable());
    assert!(Frozen::new(vec![0u8]).hashable());
    let frozen = MemoryView::from_buffer(vec![1u8, 2]).unwrap();
    assert_eq!(frozen.try_hash().unwrap(), std_hash(&[1, 2]));
}

#[test]
fn views_that_compare_equal_hash_equal_across_b_and_signed_b() {
    // test_buffer.test_memoryview_hash: the equality-hash invariant.
    let a = MemoryView::new(Bytes::from((0..12).collect::<Vec<u8>>())).unwrap();
    let b = a.cast("b").unwrap();
    assert!(a.equals(&b));
    assert_eq!(a.try_hash().unwrap(), b.try_hash().unwrap());
    let mc = a.cast_shape("c", &[3, 4]).unwrap();
    assert_eq!(mc.try_hash().unwrap(), a.try_hash().unwrap());
    let mx = a.slice(0, Slice::new(None, None, Some(-2))).unwrap();
    let want: Vec<u8> = (0..12).rev().step_by(2).collect();
    assert_eq!(mx.try_hash().unwrap(), std_hash(&want));
}

// --- struct 'p' -----------------------------------------------------------

/// Packs `input` with `code` through a memoryview, as `struct.pack`.
fn pack_pascal(code: &str, input: &[u8]) -> (Vec<u8>, Value) {
    let size = Format::parse(code).unwrap().itemsize();
    let ba = ByteArray::from(vec![0xaa; size]);
    let mv = MemoryView::with_layout(ba.clone(), code, &[1], &[size as isize], 0).unwrap();
    mv.set(&[0], &Value::Bytes(input.into())).unwrap();
    (ba.to_vec(), mv.get(&[0]).unwrap())
}

#[test]
fn pascal_strings_copy_every_byte_that_fits_with_a_saturated_length_byte() {
    // test_struct.test_p_code
    let x1000 = vec![b'x'; 1000];
    let mut packed_1000 = vec![0xff];
    packed_1000.extend_from_slice(&x1000[..999]);
    // (code, input, packed, unpacked)
    type Case<'a> = (&'a str, &'a [u8], &'a [u8], &'a [u8]);
    let cases: [Case<'_>; 8] = [
        ("p", b"abc", b"\x00", b""),
        ("1p", b"abc", b"\x00", b""),
        ("2p", b"abc", b"\x01a", b"a"),
        ("3p", b"abc", b"\x02ab", b"ab"),
        ("4p", b"abc", b"\x03abc", b"abc"),
        ("5p", b"abc", b"\x03abc\x00", b"abc"),
        ("6p", b"abc", b"\x03abc\x00\x00", b"abc"),
        ("1000p", &x1000, &packed_1000, &x1000[..255]),
    ];
    for (code, input, expected, back) in cases {
        let (packed, got) = pack_pascal(code, input);
        assert_eq!(packed, expected, "{code}");
        assert_eq!(got, Value::Bytes(back.into()), "{code}");
    }
    // 300 bytes into 300p: 299 copied, length byte 255, 255 read back.
    let (packed, got) = pack_pascal("300p", &[b'y'; 400]);
    assert_eq!(packed[0], 255);
    assert!(packed[1..].iter().all(|&b| b == b'y'));
    assert_eq!(got, Value::Bytes(vec![b'y'; 255].into()));
}

// --- bytearray exports ----------------------------------------------------

#[test]
fn a_bytearray_with_exports_refuses_only_changes_of_its_size() {
    let ba = ByteArray::from(b"abc".to_vec());
    let mv = MemoryView::new(ba.clone()).unwrap();
    ba.extend_from_slice(b"").unwrap();
    ba.resize(3, 0).unwrap();
    assert_eq!(ba.to_vec(), b"abc");
    assert_eq!(kind(ba.extend_from_slice(b"d")), ErrorKind::Buffer);
    assert_eq!(kind(ba.resize(2, 0)), ErrorKind::Buffer);
    assert_eq!(kind(ba.resize(4, 0)), ErrorKind::Buffer);
    mv.release().unwrap();
    ba.resize(1, 0).unwrap();
    assert_eq!(ba.to_vec(), b"a");
}

// --- memoryview of a memoryview -------------------------------------------

#[test]
fn a_memoryview_of_a_memoryview_has_the_same_export_and_layout() {
    let b: Arc<dyn Exporter> = Arc::new(Bytes::from(b"abcdef".to_vec()));
    let m = MemoryView::from_arc(b.clone()).unwrap();
    let grid =
        m.cast_shape("B", &[2, 3]).unwrap().slice(1, Slice::new(None, None, Some(-1))).unwrap();
    // memoryview(m): CPython registers it with m's managed buffer.
    let again = grid.memoryview().unwrap();
    assert!(Arc::ptr_eq(again.obj().unwrap(), &b));
    assert_eq!(again.shape().unwrap(), grid.shape().unwrap());
    assert_eq!(again.strides().unwrap(), grid.strides().unwrap());
    assert!(again.equals(&grid));
    grid.release().unwrap(); // not an export of `grid`: release succeeds
    assert_eq!(again.tobytes(Order::C).unwrap(), b"cbafed");

    // As an exporter: same format and layout, `obj` is the memoryview.
    let shared = Arc::new(m.cast_shape("B", &[2, 3]).unwrap());
    let re = MemoryView::from_arc(shared.clone()).unwrap();
    assert_eq!((re.format().unwrap(), re.shape().unwrap()), ("B", &[2, 3][..]));
    assert_eq!(re.tolist().unwrap().to_string(), "[[97, 98, 99], [100, 101, 102]]");
    let obj = re.obj().unwrap().as_any().downcast_ref::<MemoryView>().unwrap();
    assert!(std::ptr::eq(obj, Arc::as_ptr(&shared)));
    assert!(re.readonly().unwrap());
    assert_eq!(re.try_hash().unwrap(), std_hash(b"abcdef"));
}

#[test]
fn a_memoryview_of_a_0d_memoryview_is_0d() {
    let m = MemoryView::new(ByteArray::from(vec![5, 0])).unwrap().cast_shape("<h", &[]).unwrap();
    let again = m.memoryview().unwrap();
    assert_eq!(again.ndim().unwrap(), 0);
    assert_eq!(again.tolist().unwrap(), Value::Int(5));
    let re = MemoryView::new(m).unwrap();
    assert_eq!(re.ndim().unwrap(), 0);
    assert_eq!(re.format().unwrap(), "<h");
    re.set(&[], &Value::Int(-1)).unwrap();
    assert_eq!(re.tobytes(Order::C).unwrap(), [0xff, 0xff]);
}

#[test]
fn releasing_a_view_with_live_exports_is_a_buffer_error() {
    // test_buffer.test_memoryview_release, with MemoryView::new as ndarray(m).
    let a = ByteArray::from(vec![1, 2, 3]);
    let m = Arc::new(MemoryView::new(a.clone()).unwrap());
    let nd = MemoryView::from_arc(m.clone()).unwrap();
    let nd_slice = nd.slice(0, 1..).unwrap();
    assert_eq!(kind(m.release()), ErrorKind::Buffer);
    assert_eq!(m.len().unwrap(), 3); // still usable
    drop(nd);
    assert_eq!(kind(m.release()), ErrorKind::Buffer); // the slice shares the export
    drop(nd_slice);
    m.release().unwrap();
    assert!(m.is_released());
    a.resize(0, 0).unwrap();

    // Chained views: m2 = memoryview(m1); nd = ndarray(m2).
    let a = ByteArray::from(vec![1, 2, 3]);
    let m1 = MemoryView::new(a.clone()).unwrap();
    let m2 = Arc::new(m1.memoryview().unwrap());
    let nd = MemoryView::from_arc(m2.clone()).unwrap();
    m1.release().unwrap();
    assert_eq!(kind(m2.release()), ErrorKind::Buffer);
    assert_eq!(kind(a.resize(9, 0)), ErrorKind::Buffer);
    drop(nd);
    m2.release().unwrap();
    a.resize(9, 0).unwrap();

    // A released memoryview cannot be exported.
    let gone = Arc::new(MemoryView::new(ByteArray::new()).unwrap());
    gone.release().unwrap();
    assert_eq!(kind(MemoryView::from_arc(gone)), ErrorKind::Value);
}

// --- iteration ------------------------------------------------------------

#[test]
fn iteration_yields_the_elements_as_values() {
    // test_memoryview.test_iter / test_reversed
    let m = MemoryView::new(Bytes::from(b"abcdef".to_vec())).unwrap();
    let forward: Vec<Value> = m.iter().unwrap().collect::<Result<_, _>>().unwrap();
    assert_eq!(forward, ints(&[97, 98, 99, 100, 101, 102]));
    let back: Vec<Value> = m.reversed().unwrap().collect::<Result<_, _>>().unwrap();
    let Value::List(mut list) = m.tolist().unwrap() else { panic!("not a list") };
    list.reverse();
    assert_eq!(back, list);
    let step: Vec<Value> = m
        .slice(0, Slice::new(None, None, Some(-1)))
        .unwrap()
        .iter()
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(back, step);
    let both = m.cast("<h").unwrap();
    let mut it = both.iter().unwrap();
    assert_eq!(it.len(), 3);
    assert_eq!(it.next().unwrap().unwrap(), Value::Int(0x6261));
    assert_eq!(it.next_back().unwrap().unwrap(), Value::Int(0x6665));
    assert_eq!(it.len(), 1);
    assert_eq!(both.slice(0, 3..).unwrap().iter().unwrap().count(), 0);
}

#[test]
fn iterating_a_0d_view_is_a_type_error() {
    let z = MemoryView::new(Bytes::from(vec![1, 0, 0, 0])).unwrap().cast_shape("<i", &[]).unwrap();
    assert_eq!(kind(z.iter()), ErrorKind::Type);
    assert_eq!(kind(z.contains(&Value::Int(1))), ErrorKind::Type);
    // reversed(z) is made (len(z) is 1); its first item fails as z[0].
    let mut rev = z.reversed().unwrap();
    assert_eq!(rev.next().unwrap().unwrap_err().kind(), ErrorKind::Type);
    assert!(rev.next().is_none());
}

#[test]
fn iterating_a_multidimensional_view_is_not_implemented() {
    let m =
        MemoryView::new(Bytes::from(b"abcd".to_vec())).unwrap().cast_shape("B", &[2, 2]).unwrap();
    assert_eq!(kind(m.iter()), ErrorKind::NotImplemented);
    assert_eq!(kind(m.contains(&Value::Int(97))), ErrorKind::NotImplemented);
    let mut rev = m.reversed().unwrap();
    assert_eq!(rev.next().unwrap().unwrap_err().kind(), ErrorKind::NotImplemented);
    assert!(rev.next().is_none());
}

#[test]
fn iterating_a_released_view_is_a_value_error_at_the_next_item() {
    let m = MemoryView::new(Bytes::from(b"abc".to_vec())).unwrap();
    assert_eq!(kind(released_copy(&m).iter()), ErrorKind::Value);
    let mut it = m.iter().unwrap();
    assert_eq!(it.next().unwrap().unwrap(), Value::Int(97));
    m.release().unwrap();
    assert_eq!(it.next().unwrap().unwrap_err().kind(), ErrorKind::Value);
    assert!(it.next().is_none());
    assert_eq!(kind(m.reversed()), ErrorKind::Value);
}

/// A released memoryview of the same export.
fn released_copy(m: &MemoryView) -> MemoryView {
    let copy = m.memoryview().unwrap();
    copy.release().unwrap();
    copy
}

#[test]
fn contains_compares_with_python_equality() {
    let m = MemoryView::new(Bytes::from(b"ab\x01".to_vec())).unwrap();
    assert!(m.contains(&Value::Int(97)).unwrap());
    assert!(m.contains(&Value::Float(98.0)).unwrap());
    assert!(m.contains(&Value::Bool(true)).unwrap());
    assert!(!m.contains(&Value::Bytes(b"a"[..].into())).unwrap());
    assert!(!m.contains(&Value::Int(2)).unwrap());
    let floats = MemoryView::from_buffer(vec![1.0f64, f64::NAN]).unwrap();
    assert!(floats.contains(&Value::Int(1)).unwrap());
    assert!(!floats.contains(&Value::Float(f64::NAN)).unwrap());
    let chars = m.cast("c").unwrap();
    assert!(chars.contains(&Value::Bytes(b"a"[..].into())).unwrap());
    assert!(!chars.contains(&Value::Int(97)).unwrap());
}

// --- custom layouts over shared exporters ---------------------------------

#[test]
fn a_view_with_a_custom_layout_over_a_shared_exporter_keeps_it_as_obj() {
    let ba = ByteArray::from((0..8).collect::<Vec<u8>>());
    let shared: Arc<dyn Exporter> = Arc::new(ba.clone());
    let m = MemoryView::from_arc_with_layout(shared.clone(), "B", &[2, 2], &[-4, 2], 4).unwrap();
    assert!(Arc::ptr_eq(m.obj().unwrap(), &shared));
    assert_eq!(m.tolist().unwrap().to_string(), "[[4, 6], [0, 2]]");
    assert_eq!(ba.exports(), 1);
    assert_eq!(
        kind(MemoryView::from_arc_with_layout(shared, "B", &[2], &[8], 0)),
        ErrorKind::Value
    );
}

// --- empty shapes ---------------------------------------------------------

#[test]
fn an_empty_shape_is_written_without_a_turbofish() {
    let m = MemoryView::new(Bytes::from(vec![1, 0])).unwrap();
    assert_eq!(m.cast_shape("<h", &[]).unwrap().shape().unwrap(), &[] as &[usize]);
    let data = [1u8, 0];
    let v = View::from_bytes(&data);
    assert_eq!(v.cast("<h", Some(&[])).unwrap().ndim(), 0);
    let l: Layout = Layout::c_contiguous(&[], 2, 0).unwrap();
    assert_eq!(l.count(), 1);
}

// --- exporter itemsize and unknown formats --------------------------------

/// An exporter of a numpy-style padded record: format without its
/// trailing padding, itemsize 12.
struct Padded(Vec<u8>);

impl Exporter for Padded {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> view_core::Result<()> {
        let format = Format::parse("T{B:a:xxxi:b:B:c:}")?.with_itemsize(12)?;
        let layout = Layout::c_contiguous(&[2], 12, 0)?;
        f(View::from_parts(&self.0[..], format, layout)?);
        Ok(())
    }
    fn write(&self, _: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> view_core::Result<()> {
        Err(view_core::Error::because(view_core::Reason::ReadOnly))
    }
    fn readonly(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[test]
fn the_exporters_itemsize_is_kept() {
    let mut bytes = vec![0u8; 24];
    bytes[0] = 1;
    bytes[4..8].copy_from_slice(&7i32.to_ne_bytes());
    bytes[8] = 2;
    let m = MemoryView::new(Padded(bytes)).unwrap();
    assert_eq!(m.itemsize().unwrap(), 12);
    assert_eq!(m.nbytes().unwrap(), 24);
    assert_eq!(m.get(&[0]).unwrap().to_string(), "(1, 7, 2)");
    assert_eq!(m.cast("B").unwrap().len().unwrap(), 24);
}

#[test]
fn a_view_of_an_unknown_format_supports_what_cpython_allows() {
    // memoryview((ctypes.c_longdouble * 2)()) in CPython 3.11: format '<g'.
    let bytes: Vec<u8> = (0..32).collect();
    let shared: Arc<dyn Exporter> = Arc::new(ByteArray::from(bytes.clone()));
    let m = MemoryView::from_arc_with_itemsize(shared, "<g", 16, &[2], &[16], 0).unwrap();
    assert_eq!(m.format().unwrap(), "<g");
    assert_eq!((m.itemsize().unwrap(), m.nbytes().unwrap(), m.len().unwrap()), (16, 32, 2));
    assert_eq!(m.tobytes(Order::C).unwrap(), bytes);
    assert!(m.hex(None, 0).unwrap().starts_with("000102"));
    assert_eq!(m.cast("B").unwrap().nbytes().unwrap(), 32);
    assert_eq!(m.cast("c").unwrap().len().unwrap(), 32);
    assert_eq!(m.slice(0, 1..).unwrap().nbytes().unwrap(), 16);
    assert_eq!(m.slice(0, 1..).unwrap().format().unwrap(), "<g");
    assert_eq!(m.toreadonly().unwrap().format().unwrap(), "<g");
    // Casting to a non-byte format: neither side is a byte format.
    assert_eq!(kind(m.cast("<i")), ErrorKind::Type);
    // Element access: NotImplementedError "memoryview: unsupported format <g".
    assert_eq!(kind(m.get(&[0])), ErrorKind::NotImplemented);
    assert_eq!(kind(m.tolist()), ErrorKind::NotImplemented);
    assert_eq!(kind(m.iter()), ErrorKind::NotImplemented);
    assert_eq!(kind(m.contains(&Value::Int(0))), ErrorKind::NotImplemented);
    assert_eq!(kind(m.set(&[0], &Value::Int(1))), ErrorKind::NotImplemented);
    assert_eq!(kind(m.set_slice(0, 0..1, &m.slice(0, 1..).unwrap())), ErrorKind::NotImplemented);
    // Hashing: the format check, ValueError.
    assert_eq!(kind(m.toreadonly().unwrap().try_hash()), ErrorKind::Value);
    // `m == m` is False in CPython: struct cannot unpack the format.
    assert!(!m.equals(&m));
    assert!(!m.equals_buffer(&bytes[..]));
    // Itemsize 0 and a layout outside the buffer are refused.
    let shared: Arc<dyn Exporter> = Arc::new(ByteArray::from(bytes));
    assert_eq!(
        kind(MemoryView::from_arc_with_itemsize(shared.clone(), "<g", 0, &[2], &[16], 0)),
        ErrorKind::Value
    );
    assert_eq!(
        kind(MemoryView::from_arc_with_itemsize(shared, "<g", 16, &[3], &[16], 0)),
        ErrorKind::Value
    );
}

#[test]
fn a_known_format_takes_the_given_itemsize_as_padding() {
    let shared: Arc<dyn Exporter> = Arc::new(Bytes::from(vec![1, 0, 0, 0, 9, 2, 0, 0, 0, 9]));
    let m = MemoryView::from_arc_with_itemsize(shared.clone(), "<i", 5, &[2], &[5], 0).unwrap();
    assert_eq!(m.tolist().unwrap().to_string(), "[1, 2]");
    assert_eq!(m.itemsize().unwrap(), 5);
    assert_eq!(
        kind(MemoryView::from_arc_with_itemsize(shared, "<q", 5, &[2], &[5], 0)),
        ErrorKind::Value
    );
}
