//! The conversions a newcomer reaches for: byte-order element types,
//! slices from every range type, scalars to and from Rust numbers.

use view_core::{Be, Element, ErrorKind, Format, Le, Scalar, Slice, View};

#[test]
fn byte_order_types_read_foreign_data_on_any_target() {
    // Little-endian samples, as a DMA engine writes them on any target.
    let raw = [0x34, 0x12, 0xff, 0xff, 0x00, 0x80];
    let view = View::new(&raw, "<h", &[3], &[2], 0).unwrap();
    let samples = view.typed::<Le<i16>>().unwrap();
    let values: Vec<i16> = samples.iter().map(Le::get).collect();
    assert_eq!(values, [0x1234, -1, i16::MIN]);
    // The same bytes as big-endian.
    let view = View::new(&raw, ">H", &[3], &[2], 0).unwrap();
    let values: Vec<u16> = view.typed::<Be<u16>>().unwrap().iter().map(u16::from).collect();
    assert_eq!(values, [0x3412, 0xffff, 0x0080]);
    // A foreign order is not the native type, and the native type is not Be/Le.
    let foreign = if cfg!(target_endian = "little") { ">h" } else { "<h" };
    let view = View::new(&raw, foreign, &[3], &[2], 0).unwrap();
    assert_eq!(view.typed::<i16>().map(|_| ()).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn native_and_explicit_orders_with_the_same_layout_are_interchangeable() {
    let (native, foreign) = if cfg!(target_endian = "little") { ("<", ">") } else { (">", "<") };
    let text = format!("{native}I");
    let same = Format::parse(&text).unwrap();
    assert!(u32::matches(&same));
    assert!(<Le<u32>>::matches(&same) == cfg!(target_endian = "little"));
    assert!(!u32::matches(&Format::parse(&format!("{foreign}I")).unwrap()));
    // Unaligned data: Be/Le have alignment 1.
    let raw = [0u8, 0, 0, 0, 7];
    let view = View::new(&raw[1..], ">I", &[], &[], 0).unwrap();
    assert_eq!(view.typed::<Be<u32>>().unwrap().get(&[]).unwrap().get(), 7);
}

#[test]
fn slices_come_from_every_range_type() {
    let data: Vec<u8> = (0..10).collect();
    let v = View::from_bytes(&data);
    let bytes = |s: Slice| v.slice(0, s).unwrap().as_contiguous_bytes().map(<[u8]>::to_vec);
    let n: usize = 3;
    let k: isize = -2;
    assert_eq!(bytes((0..n).into()), Some(vec![0, 1, 2]));
    assert_eq!(bytes((n..).into()).map(|b| b.len()), Some(7));
    assert_eq!(bytes((..n).into()), Some(vec![0, 1, 2]));
    assert_eq!(bytes((1..=n).into()), Some(vec![1, 2, 3]));
    assert_eq!(bytes((..=n).into()), Some(vec![0, 1, 2, 3]));
    assert_eq!(bytes((k..).into()), Some(vec![8, 9]));
    assert_eq!(bytes((k..=-1).into()), Some(vec![8, 9]));
    assert_eq!(bytes((..=k).into()).map(|b| b.len()), Some(9));
    let (hi, lo) = (2usize, 1usize);
    assert_eq!(bytes((hi..=lo).into()), Some(vec![]));
    assert_eq!(bytes((usize::MAX..).into()), Some(vec![]));
    assert_eq!(bytes((0..usize::MAX).into()).map(|b| b.len()), Some(10));
    assert_eq!(bytes((isize::MIN..=isize::MAX).into()).map(|b| b.len()), Some(10));
    // Literals need no suffix.
    assert_eq!(v.slice(0, 2..4).unwrap().shape(), &[2]);
    assert_eq!(v.slice(0, -3..).unwrap().shape(), &[3]);
    assert_eq!(v.slice(0, ..=-1).unwrap().shape(), &[10]);
}

#[test]
fn scalars_convert_to_and_from_rust_numbers() {
    let data = [1u8, 0, 0xff, 0xff];
    let view = View::new(&data, "<h", &[2], &[2], 0).unwrap();
    let values: Vec<i16> = view.iter().map(|s| i16::try_from(s).unwrap()).collect();
    assert_eq!(values, [1, -1]);
    assert_eq!(u16::try_from(view.get(&[1]).unwrap()).unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(Scalar::from(7u64), Scalar::Int(7));
    assert_eq!(f64::try_from(Scalar::from(0.5f32)).ok(), Some(0.5));
}

#[test]
fn copies_between_byte_orders_swap_and_keep_values() {
    use view_core::ViewMut;
    // Values written in one order read the same after a copy into another.
    let cases: &[(&str, &str, usize)] = &[
        (">i", "<i", 4),
        ("<q", ">q", 8),
        (">d", "=d", 8),
        (">Zf", "<Zf", 8),
        (">H:a:3s:t:<I:b:", "<H:a:3s:t:>I:b:", 9),
        ("T{>h:x:}(2)>f", "T{<h:x:}(2)<f", 10),
        (">B", "<B", 1),
    ];
    for &(from, to, size) in cases {
        let src_bytes: Vec<u8> = (1..=(3 * size) as u8).collect();
        let src = View::new(&src_bytes, from, &[3], &[isize::try_from(size).unwrap()], 0).unwrap();
        let mut dst_bytes = vec![0u8; 3 * size];
        let mut dst =
            ViewMut::new(&mut dst_bytes, to, &[3], &[isize::try_from(size).unwrap()], 0).unwrap();
        dst.copy_from(&src).unwrap();
        let dst = View::new(&dst_bytes, to, &[3], &[isize::try_from(size).unwrap()], 0).unwrap();
        for i in 0..3 {
            assert_eq!(dst.get(&[i]).unwrap(), src.get(&[i]).unwrap(), "{from} -> {to}");
        }
    }
    // Different layouts are still refused.
    let src = View::new(&[0u8; 4], ">I", &[], &[], 0).unwrap();
    let mut out = [0u8; 4];
    let mut dst = ViewMut::new(&mut out, "<i", &[], &[], 0).unwrap();
    assert_eq!(dst.copy_from(&src).unwrap_err().kind(), ErrorKind::Value);
    let mut dst = ViewMut::new(&mut out, "<HH", &[], &[], 0).unwrap();
    assert_eq!(dst.copy_from(&src).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn typed_refusals_name_both_formats_and_the_rust_type() {
    let data = [0u8; 24];
    let view = View::new(&data, "<2h:xy:B:name:", &[2], &[6], 0).unwrap();
    let err = view.typed::<[i16; 2]>().map(|_| ()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    let text = err.to_string();
    for part in ["\"<2h:xy:B:name:\"", "[i16; 2]", "\"2h\""] {
        assert!(text.contains(part), "{part} in {text}");
    }
    // A long format is cut, with an ellipsis; the type's format is whole.
    let long = View::new(&data, "<I:ident:f:value:Q:when:", &[1], &[16], 0).unwrap();
    let text = long.typed::<Le<u64>>().map(|_| ()).unwrap_err().to_string();
    assert!(text.contains("\"<I:ident:f:...\""), "{text}");
    assert!(text.contains("Le<u64>"), "{text}");
    assert!(text.contains("\"<Q\""), "{text}");
}

/// `typed` decides one-code formats without walking their fields: the
/// answer must be the one the field walk gives (`0x` adds nothing but
/// makes the text more than one code).
#[test]
fn one_code_formats_match_as_the_field_walk_does() {
    fn check<T: Element>(text: &str) {
        let padded = format!("{text}0x");
        let (Ok(one), Ok(walked)) = (Format::parse(text), Format::parse(&padded)) else {
            return;
        };
        if one.scalar_code().is_none() {
            return; // `s`, `w`: not one code; always walked.
        }
        assert!(walked.scalar_code().is_none(), "{text}");
        assert_eq!(one.itemsize(), walked.itemsize(), "{text}");
        assert_eq!(T::matches(&one), T::matches(&walked), "{text} {}", std::any::type_name::<T>());
    }
    let mut accepted = 0;
    for prefix in ["", "@", "=", "<", ">", "!", "^"] {
        for code in [
            "c", "b", "B", "?", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "e", "f", "d",
            "Zf", "Zd", "s", "w",
        ] {
            let text = format!("{prefix}{code}");
            check::<u8>(&text);
            check::<i8>(&text);
            check::<bool>(&text);
            check::<u16>(&text);
            check::<i16>(&text);
            check::<u32>(&text);
            check::<i32>(&text);
            check::<u64>(&text);
            check::<i64>(&text);
            check::<usize>(&text);
            check::<isize>(&text);
            check::<f32>(&text);
            check::<f64>(&text);
            check::<Be<u32>>(&text);
            check::<Le<i64>>(&text);
            check::<Be<f64>>(&text);
            check::<[u8; 1]>(&text);
            accepted += usize::from(f64::matches(&Format::parse(&text).unwrap_or(Format::BYTES)));
        }
    }
    // `d`, `@d`, `=d`, `^d` and the explicit native order.
    assert_eq!(accepted, 5);
}
