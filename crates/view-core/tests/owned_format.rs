//! Views whose format was built at run time: returned from the function
//! that built the text, and equal in every answer to a borrowing `View`.
#![cfg(feature = "alloc")]

use std::sync::Arc;

use proptest::prelude::*;
use view_core::{Error, ErrorKind, Layout, OwnedFormatView, Result, Scalar, View};

/// A header of `name:type` words, as a file format might carry.
fn open<'d>(header: &str, data: &'d [u8]) -> Result<OwnedFormatView<'d, Box<str>>> {
    let mut format = String::from("<");
    for word in header.split_whitespace() {
        let (name, ty) = word.split_once(':').ok_or(Error::new(ErrorKind::Value, "no type"))?;
        let code = match ty {
            "u8" => "B",
            "i32" => "i",
            "f64" => "d",
            _ => return Err(Error::new(ErrorKind::Value, "unknown type")),
        };
        format.push_str(code);
        format.push(':');
        format.push_str(name);
        format.push(':');
    }
    OwnedFormatView::from_bytes(data, format.into_boxed_str())
}

#[test]
fn a_view_of_a_run_time_format_outlives_its_header() {
    let mut data = Vec::new();
    for i in 0..4u8 {
        data.push(i);
        data.extend_from_slice(&(-i32::from(i)).to_le_bytes());
        data.extend_from_slice(&(f64::from(i) / 2.0).to_le_bytes());
    }
    let recs = {
        let header = String::from("flag:u8 delta:i32 x:f64");
        open(&header, &data).unwrap()
    };
    assert_eq!(recs.format().as_str(), "<B:flag:i:delta:d:x:");
    assert_eq!(recs.view().shape(), &[4]);
    assert_eq!(recs.view().field("delta").unwrap().get(&[3]).unwrap(), Scalar::Int(-3));
    let xs: Vec<f64> = recs
        .view()
        .field("x")
        .unwrap()
        .iter()
        .filter_map(|s| if let Scalar::Float(x) = s { Some(x) } else { None })
        .collect();
    assert_eq!(xs, [0.0, 0.5, 1.0, 1.5]);
    let Scalar::Record(r) = recs.view().get(&[2]).unwrap() else { panic!("a record") };
    assert_eq!(r.get("flag"), Some(Scalar::Int(2)));

    assert_eq!(open("flag:u7", &data).unwrap_err().kind(), ErrorKind::Value);
    // 13-byte records do not divide 51 bytes.
    assert!(open("flag:u8 delta:i32 x:f64", &data[1..]).is_err());
}

#[test]
fn shared_text_and_writes() {
    let text: Arc<str> = Arc::from("<h");
    let mut data = [0u8; 6];
    let mut v = view_core::OwnedFormatViewMut::new(&mut data[..], Arc::clone(&text), &[3], &[2], 0)
        .unwrap();
    v.view_mut().set(&[2], Scalar::Int(-1)).unwrap();
    assert_eq!(v.view_mut().as_view().get(&[2]).unwrap(), Scalar::Int(-1));
    drop(v);
    assert_eq!(data, [0, 0, 0, 0, 0xff, 0xff]);
    assert_eq!(Arc::strong_count(&text), 1);
}

#[cfg(feature = "heapless")]
#[test]
fn heapless_text() {
    let mut text = heapless::String::<16>::new();
    text.push_str("<2H").unwrap();
    let data = [1u8, 0, 2, 0];
    let v = OwnedFormatView::from_bytes(&data[..], text).unwrap();
    assert_eq!(v.to_string(), "[(1, 2)]");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every layout gives the same answer (accepted or refused; then the
    /// same elements) through an owned format as through a borrowed one.
    #[test]
    fn owned_and_borrowed_formats_agree(
        len in 0usize..64,
        shape in prop::collection::vec(0usize..5, 0..4),
        strides in prop::collection::vec(-12isize..12, 0..4),
        offset in 0usize..64,
        format in prop::sample::select(vec!["B", "<h", ">i", "<hB", "2B:p:", "x"]),
    ) {
        let data: Vec<u8> = (0..len).map(|i| i as u8).collect();
        let borrowed = View::new(&data, format, &shape, &strides, offset);
        let owned = OwnedFormatView::new(&data[..], String::from(format), &shape, &strides, offset);
        prop_assert_eq!(borrowed.is_ok(), owned.is_ok());
        if let (Ok(b), Ok(o)) = (borrowed, owned) {
            prop_assert_eq!(b, o.view());
            prop_assert_eq!(b.to_string(), o.to_string());
            // A slice's layout carried back to the owned view.
            if b.ndim() > 0 {
                let s = b.slice(0, view_core::Slice::new(None, None, Some(-1))).unwrap();
                let layout: Layout = *s.layout();
                let o = o.with_layout(layout).unwrap();
                prop_assert_eq!(s, o.view());
            }
        }
    }
}
