//! Buffer exports of std containers: zero copy by pointer identity, the
//! errors of impossible requests, and writes that read back.

use std::borrow::Cow;
use std::rc::Rc;
use std::sync::Arc;

use view_core::{ErrorKind, Request, Scalar};
use view_std::{Buffer, BufferMut, memoryview};

/// The address of element 0 of a 1-D view.
fn first<B: Buffer + ?Sized>(b: &B) -> *const u8 {
    b.export::<64>().unwrap().element_bytes(&[0]).unwrap().as_ptr()
}

#[test]
fn every_container_views_its_own_memory() {
    let v: Vec<u32> = vec![1, 2, 3];
    assert_eq!(first(&v), v.as_ptr().cast());
    let b: Box<[u32]> = v.clone().into_boxed_slice();
    assert_eq!(first(&b), b.as_ptr().cast());
    let a = [1.0f32, 2.0];
    assert_eq!(first(&a), a.as_ptr().cast());
    let s: &[i8] = &[1, 2];
    assert_eq!(first(&s), s.as_ptr().cast());
    let arc: Arc<[u16]> = Arc::from(vec![1u16, 2]);
    assert_eq!(first(&arc), arc.as_ptr().cast());
    let rc: Rc<[u16]> = Rc::from(vec![1u16, 2]);
    assert_eq!(first(&rc), rc.as_ptr().cast());
    let text = String::from("abc");
    assert_eq!(first(&text), text.as_ptr());
    assert_eq!(first("xyz"), "xyz".as_ptr());
    let cow: Cow<'_, [u32]> = Cow::Borrowed(&v);
    assert_eq!(first(&cow), v.as_ptr().cast());
    let mut m = vec![0u64; 2];
    let ptr = m.as_ptr();
    let r: &mut [u64] = &mut m;
    assert_eq!(
        <&mut [u64] as BufferMut>::export_mut::<1>(&mut { r })
            .unwrap()
            .as_contiguous_bytes_mut()
            .unwrap()
            .as_ptr(),
        ptr.cast()
    );
}

#[test]
fn formats_shapes_and_strides() {
    let expect =
        |format: &str, n: usize, stride: isize| (format.to_string(), vec![n], vec![stride]);
    assert_eq!(parts(&vec![0u8; 3]), expect("B", 3, 1));
    assert_eq!(parts(&[0i16; 4]), expect("h", 4, 2));
    assert_eq!(parts(&vec![[0u32; 3]; 2]), expect("3I", 2, 12));
    assert_eq!(parts(&vec![true, false]), expect("?", 2, 1));
    assert_eq!(parts(&vec![half::f16::ZERO; 5]), expect("e", 5, 2));
    assert_eq!(parts("hé"), expect("B", 3, 1));
}

fn parts<B: Buffer + ?Sized>(b: &B) -> (String, Vec<usize>, Vec<isize>) {
    let v = memoryview(b).unwrap();
    (v.format().as_str().to_string(), v.shape().to_vec(), v.strides().to_vec())
}

#[test]
fn read_only_exporters_refuse_writable_requests() {
    let not_writable = |r: view_core::Result<view_core::View<'_, 64>>| {
        let err = r.unwrap_err();
        assert_eq!((err.kind(), err.message()), (ErrorKind::Buffer, "Object is not writable."));
    };
    let arc: Arc<[u8]> = Arc::from(vec![1u8]);
    not_writable(arc.request::<64>(Request::WRITABLE));
    not_writable("abc".request::<64>(Request::CONTIG));
    not_writable(String::from("abc").request::<64>(Request::FULL));
    let v = vec![1u8, 2];
    // A shared reference exports read-only (called as `&Vec`'s impl: method
    // syntax on `&v` would pick `Vec`'s own).
    not_writable(<&Vec<u8> as Buffer>::request::<64>(&&v, Request::WRITABLE));
    not_writable(vec![true].request::<64>(Request::WRITABLE));
    assert!(v.request::<64>(Request::WRITABLE).is_ok());
    let mut w = v.clone();
    assert!(<&mut Vec<u8> as Buffer>::request::<64>(&&mut w, Request::WRITABLE).is_ok());
}

#[test]
fn writes_land_in_the_container() {
    let mut v = vec![0i32; 3];
    v.export_mut::<64>().unwrap().typed::<i32>().unwrap().set(&[1], -7).unwrap();
    assert_eq!(v, [0, -7, 0]);

    let mut b: Box<[u8]> = vec![0u8; 2].into_boxed_slice();
    b.export_mut::<64>().unwrap().set(&[1], Scalar::Int(65)).unwrap();
    assert_eq!(&*b, b"\0A");

    let mut a = [[0u16; 2]; 2];
    a.export_mut::<64>().unwrap().typed::<[u16; 2]>().unwrap().set(&[-1], [1, 2]).unwrap();
    assert_eq!(a, [[0, 0], [1, 2]]);

    // Cow clones a borrowed slice before the first write.
    let original = vec![1u8, 2];
    let mut cow: Cow<'_, [u8]> = Cow::Borrowed(&original);
    assert!(!cow.readonly());
    cow.export_mut::<64>().unwrap().set(&[0], Scalar::Int(9)).unwrap();
    assert!(matches!(cow, Cow::Owned(_)));
    assert_eq!((&*original, &*cow), (&[1u8, 2][..], &[9u8, 2][..]));
}

#[test]
fn requests_reshape_the_export() {
    let v: Vec<u32> = (0..6).collect();
    let bytes = v.request::<64>(Request::SIMPLE).unwrap();
    assert_eq!((bytes.format().as_str(), bytes.shape()), ("B", &[24][..]));
    let records = v.request::<64>(Request::RECORDS_RO).unwrap();
    assert_eq!((records.format().as_str(), records.shape()), ("I", &[6][..]));
    let nd = v.request::<64>(Request::ND).unwrap();
    assert_eq!((nd.shape(), nd.strides()), (&[6, 4][..], &[4, 1][..]));
    // A reversed view of the export is strided, not contiguous.
    let reversed =
        v.export::<64>().unwrap().slice(0, view_core::Slice::new(None, None, Some(-1))).unwrap();
    assert_eq!(
        reversed.request::<64>(Request::ANY_CONTIGUOUS).unwrap_err().message(),
        "ndarray is not contiguous"
    );
    assert!(reversed.request::<64>(Request::STRIDED_RO).is_ok());
}

#[test]
fn zero_sized_elements_are_a_value_error() {
    let v: Vec<[u8; 0]> = vec![[]; 3];
    assert_eq!(memoryview(&v).unwrap_err().kind(), ErrorKind::Value);
}
