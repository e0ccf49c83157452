//! bytes <-> view: zero copy by pointer identity, the error for each
//! impossible conversion, and round trips against a naive model.

use proptest::prelude::*;
use view_bytes::{Bytes, BytesMut, put_view, slice_ref, to_bytes, to_bytes_mut};
use view_core::{Buffer, BufferMut, ErrorKind, Order, Request, Slice, View};

#[test]
fn bytes_export_their_own_memory() {
    let b = Bytes::from(vec![7u8; 16]);
    let v = b.export::<1>().unwrap();
    assert_eq!((v.format().as_str(), v.shape(), v.strides()), ("B", &[16][..], &[1][..]));
    assert_eq!(v.buffer().as_ptr(), b.as_ptr());
    assert!(b.readonly());
    let err = b.request::<1>(Request::CONTIG).unwrap_err();
    assert_eq!((err.kind(), err.message()), (ErrorKind::Buffer, "Object is not writable."));

    let mut m = BytesMut::zeroed(8);
    let ptr = m.as_ptr();
    assert!(!m.readonly());
    let mut w = m.request_mut::<1>(Request::CONTIG).unwrap();
    assert_eq!(w.as_contiguous_bytes_mut().unwrap().as_ptr(), ptr);
    w.as_contiguous_bytes_mut().unwrap()[7] = 1;
    assert_eq!(m[7], 1);
}

#[test]
fn shared_slices_are_zero_copy_and_checked() {
    let base = Bytes::from((0u8..32).collect::<Vec<_>>());
    let v = base.export::<2>().unwrap().cast("<I", Some(&[2, 4])).unwrap();
    let row = slice_ref(&base, &v.index_axis(0, 1).unwrap()).unwrap();
    assert_eq!(row.as_ptr(), base[16..].as_ptr());
    assert_eq!(row.len(), 16);
    assert!(
        slice_ref(&base, &v.slice(1, 1..3).unwrap())
            .unwrap_err()
            .message()
            .contains("C-contiguous")
    );
    let copy = Bytes::copy_from_slice(&base);
    assert_eq!(slice_ref(&copy, &v).unwrap_err().kind(), ErrorKind::Buffer);
    assert_eq!(slice_ref(&base, &v.slice(0, 1..1).unwrap()).unwrap(), Bytes::new());
}

#[test]
fn appending_keeps_what_was_there() {
    let mut buf = BytesMut::from(&b"x"[..]);
    let data = [1u8, 2, 3, 4];
    let m = View::new(&data, "B", &[2, 2], &[2, 1], 0).unwrap();
    put_view(&mut buf, &m, Order::F).unwrap();
    put_view(&mut buf, &m, Order::A).unwrap();
    assert_eq!(&buf[..], &[b'x', 1, 3, 2, 4, 1, 2, 3, 4]);
}

/// Naive model: every element's bytes, in C order (last index fastest) or F order.
fn model<const N: usize>(v: &View<'_, N>, fortran: bool) -> Vec<u8> {
    let shape = v.shape().to_vec();
    let count: usize = shape.iter().product();
    let mut out = Vec::new();
    for mut flat in 0..count {
        let mut index = vec![0isize; shape.len()];
        let dims: Vec<usize> =
            if fortran { (0..shape.len()).collect() } else { (0..shape.len()).rev().collect() };
        for d in dims {
            index[d] = (flat % shape[d]) as isize;
            flat /= shape[d];
        }
        out.extend_from_slice(v.element_bytes(&index).unwrap());
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn copies_match_the_model(
        rows in 1usize..6, cols in 1usize..6, k in prop::sample::select(vec![1usize, 2, 4, 8]),
        step0 in prop::sample::select(vec![-2isize, -1, 1, 2]),
        step1 in prop::sample::select(vec![-3isize, -1, 1, 3]),
        transpose in any::<bool>(),
    ) {
        let data: Vec<u8> = (0..rows * cols * k).map(|i| i as u8).collect();
        let base = Bytes::from(data);
        let format = match k { 1 => "B", 2 => "H", 4 => "I", _ => "Q" };
        let mut v = base.export::<2>().unwrap().cast(format, Some(&[rows, cols])).unwrap();
        v = v.slice(0, Slice::new(None, None, Some(step0))).unwrap();
        v = v.slice(1, Slice::new(None, None, Some(step1))).unwrap();
        if transpose {
            v = v.transpose();
        }
        prop_assert_eq!(&to_bytes(&v, Order::C).unwrap()[..], &model(&v, false)[..]);
        prop_assert_eq!(&to_bytes_mut(&v, Order::F).unwrap()[..], &model(&v, true)[..]);
        let any = if v.is_c_contiguous() || !v.is_f_contiguous() { model(&v, false) } else { model(&v, true) };
        prop_assert_eq!(&to_bytes(&v, Order::A).unwrap()[..], &any[..]);
        match slice_ref(&base, &v) {
            Ok(shared) => {
                prop_assert!(v.is_c_contiguous());
                prop_assert_eq!(&shared[..], &model(&v, false)[..]);
            }
            Err(e) => prop_assert!(!v.is_c_contiguous() && e.kind() == ErrorKind::Buffer),
        }
    }
}

#[test]
fn an_owned_memoryview_becomes_bytes_without_a_copy() {
    use view_std::{MemoryView, Value};
    let mv = MemoryView::new(view_std::Bytes::from((0u8..16).collect::<Vec<_>>())).unwrap();
    let words = mv.cast("<I").unwrap().slice(0, 1..3).unwrap();
    let start = words.as_frozen_bytes().unwrap().as_ptr();
    drop(mv);
    let bytes = view_bytes::from_memoryview(words).unwrap();
    // The Bytes owns the memoryview, which keeps the exporter alive.
    assert_eq!(bytes.as_ptr(), start);
    assert_eq!(&bytes[..], &[4, 5, 6, 7, 8, 9, 10, 11]);
    let clone = bytes.clone();
    drop(bytes);
    assert_eq!(clone.len(), 8);

    // Not C-contiguous, or released: handed back unchanged.
    let mv = MemoryView::new(view_std::Bytes::from(vec![1, 2, 3, 4])).unwrap();
    let strided = mv.slice(0, view_core::Slice::new(None, None, Some(2))).unwrap();
    let back = view_bytes::from_memoryview(strided).unwrap_err();
    assert_eq!(back.get(&[1]).unwrap(), Value::Int(3));
    let released = mv.slice(0, ..).unwrap();
    released.release().unwrap();
    assert!(view_bytes::from_memoryview(released).is_err());
}
