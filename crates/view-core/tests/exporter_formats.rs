//! Formats as numpy and ctypes write them, with the exporter's itemsize.
//!
//! Every format here was printed by `memoryview(obj).format` for a numpy
//! 2.4 array or a CPython 3.11 ctypes object on x86-64 Linux.
#![cfg(feature = "alloc")]
#![allow(clippy::unreadable_literal)]

use view_core::{ByteOrder, Code, ErrorKind, Format, Layout, Scalar, Value, View, ViewMut};

fn offsets(text: &str) -> Vec<(Code, usize, ByteOrder)> {
    Format::parse(text).unwrap().fields().map(|f| (f.code(), f.offset(), f.order())).collect()
}

fn view<'a>(data: &'a [u8], text: &'a str, itemsize: usize, shape: &[usize]) -> View<'a> {
    let format = Format::parse(text).unwrap().with_itemsize(itemsize).unwrap();
    let layout = Layout::c_contiguous(shape, itemsize, 0).unwrap();
    View::from_parts(data, format, layout).unwrap()
}

#[test]
fn byte_order_prefix_anywhere_stays_in_force_until_the_next() {
    use ByteOrder::{Big, Little};
    use Code::{Double, Int, LongLong, UnsignedChar};
    // numpy, packed [('a','u1'),('b','<i4')]: `=` mid-record, itemsize 5.
    let f = Format::parse("T{B:a:=i:b:}").unwrap();
    assert_eq!(f.itemsize(), 5);
    let inner = f.fields().next().unwrap().record().unwrap();
    assert_eq!(
        inner.fields().map(|x| (x.code(), x.offset())).collect::<Vec<_>>(),
        [(UnsignedChar, 0), (Int, 1)]
    );
    // ctypes BigEndianStructure.
    let inner = Format::parse("T{>q:x:>d:y:}").unwrap().fields().next().unwrap().record().unwrap();
    assert_eq!(
        inner.fields().map(|x| (x.code(), x.offset(), x.order())).collect::<Vec<_>>(),
        [(LongLong, 0, Big), (Double, 8, Big)]
    );
    // After a sub-array shape, and still in force for the next code.
    assert_eq!(offsets("(2)>ii"), [(Int, 0, Big), (Int, 8, Big)]);
    assert_eq!(offsets("<i>i"), [(Int, 0, Little), (Int, 4, Big)]);
    // The format's own order is that of its first code (`struct` would
    // refuse the space before the prefix; PEP 3118 readers take it).
    assert_eq!(Format::parse(" !L").unwrap().byte_order(), Big);
    // Two prefixes in a row, or one with no code after it, are refused.
    for bad in ["<@h", "h<", "(2)<>i", "T{h>}"] {
        assert_eq!(Format::parse(bad).unwrap_err().kind(), ErrorKind::Value, "{bad:?}");
    }
}

#[test]
fn repeat_count_after_sub_array_shape() {
    let f = Format::parse("(2)3s").unwrap();
    assert_eq!(f.itemsize(), 6);
    let field = f.fields().next().unwrap();
    assert_eq!((field.count(), field.length(), field.values()), (6, 3, 2));
    assert_eq!(Format::parse("(2)2xB").unwrap().fields().next().unwrap().offset(), 4);
    assert_eq!(Format::parse("(3,3)1s").unwrap().itemsize(), 9);
    assert_eq!(Format::parse("(2)3h").unwrap().itemsize(), 12);
    // Values out of no bytes are refused, as for empty records.
    assert_eq!(Format::parse("(1000000000)0s").unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(Format::parse("(1)0s").unwrap().fields().next().unwrap().values(), 1);
    let data = *b"abcdef";
    let v = View::new(&data, "(2)3s", &[], &[], 0).unwrap();
    assert_eq!(v.get(&[]).unwrap(), Scalar::Tuple(&[Scalar::Bytes(b"abc"), Scalar::Bytes(b"def")]));
}

#[test]
fn byte_order_set_inside_a_record_stays_after_its_brace() {
    // numpy writes `i` (no prefix) for a big-endian field after `T{>i:x:}`.
    let data = [0, 0, 0, 1, 0, 0, 0, 2];
    let v = View::new(&data, "T{T{>i:x:}:a:i:b:}", &[], &[], 0).unwrap();
    let value = Value::from(v.get(&[]).unwrap());
    assert_eq!(value.to_string(), "((1,), 2)");
    let top = Format::parse("T{>i}i").unwrap();
    assert_eq!(top.fields().nth(1).unwrap().order(), ByteOrder::Big);
}

#[test]
fn field_names_hold_any_character_but_colon() {
    let f = Format::parse("T{Zf:}:}").unwrap();
    let inner = f.fields().next().unwrap().record().unwrap();
    assert_eq!(inner.fields().next().unwrap().name(), Some("}"));
    let f = Format::parse("T{B:a{:B:b:}").unwrap();
    let names: Vec<_> =
        f.fields().next().unwrap().record().unwrap().fields().map(|x| x.name()).collect();
    assert_eq!(names, [Some("a{"), Some("b")]);
    assert_eq!(Format::parse("T{B:f o é(2):}").unwrap().itemsize(), 1);
    // Non-ASCII names, and the texts behind each field, come out whole.
    let f = Format::parse("B:ñ:>(2,3)h:ü x:T{b:ß:}:r:").unwrap();
    let names: Vec<_> = f.fields().map(|x| x.name()).collect();
    assert_eq!(names, [Some("ñ"), Some("ü x"), Some("r")]);
    let shapes: Vec<Vec<usize>> = f.fields().map(|x| x.sub_shape().collect()).collect();
    assert_eq!(shapes, [vec![], vec![2, 3], vec![]]);
    let inner = f.fields().nth(2).unwrap().record().unwrap();
    assert_eq!(inner.fields().next().unwrap().name(), Some("ß"));
    assert_eq!(Format::parse("T{B:a").unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn exporter_itemsize_is_authoritative() {
    // numpy leaves a record's trailing padding out of its format.
    let mut data = [0u8; 24];
    data[0] = 1;
    data[4] = 2;
    data[8] = 3;
    data[12] = 4;
    let v = view(&data, "T{B:a:xxxi:b:B:c:}", 12, &[2]);
    assert_eq!((v.itemsize(), v.nbytes()), (12, 24));
    assert_eq!(v.to_value().unwrap().to_string(), "[(1, 2, 3), (4, 0, 0)]");
    // `@` mode for a packed record that starts aligned: 9, not 16.
    let data = [7u8, 0, 0, 0, 0, 0, 0, 0, 9];
    let v = view(&data, "T{l:a:B:b:}", 9, &[1]);
    assert_eq!(v.to_value().unwrap().to_string(), "[(7, 9)]");
    // A single code with padding after it (ctypes' packed Structure: `B`, 5).
    let data = [5u8, 1, 2, 3, 4, 6, 1, 2, 3, 4];
    let v = view(&data, "B", 5, &[2]);
    assert_eq!(v.to_value().unwrap(), Value::List(vec![Value::Int(5), Value::Int(6)]));
    // The fields must fit; the format-only constructors are unchanged.
    let err = Format::parse("<hh").unwrap().with_itemsize(3).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Value);
    assert_eq!(Format::parse("T{B:a:xxxi:b:B:c:}").unwrap().itemsize(), 12);
    assert_eq!(Format::parse("T{l:a:B:b:}").unwrap().itemsize(), 16);
}

#[test]
fn long_double_decodes_to_the_nearest_f64() {
    // numpy: np.array([1/3, -2.5], dtype='g').tobytes() (x87, 16 bytes).
    let mut data = [0u8; 32];
    data[..10].copy_from_slice(&[0xab, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xfd, 0x3f]);
    data[16..26].copy_from_slice(&[0, 0, 0, 0, 0, 0, 0, 0xa0, 0x00, 0xc0]);
    if cfg!(target_arch = "x86_64") {
        let v = View::new(&data, "g", &[2], &[16], 0).unwrap();
        assert_eq!(v.get(&[0]).unwrap(), Scalar::Float(1.0 / 3.0));
        assert_eq!(v.get(&[1]).unwrap(), Scalar::Float(-2.5));
        let z = View::new(&data, "Zg", &[], &[], 0).unwrap();
        assert_eq!(z.get(&[]).unwrap(), Scalar::Complex(1.0 / 3.0, -2.5));
        // Packing an f64 is exact.
        let mut out = [0u8; 16];
        ViewMut::new(&mut out, "g", &[], &[], 0).unwrap().set(&[], Scalar::Float(-2.5)).unwrap();
        assert_eq!(out, data[16..]);
    }
    // `g` exists only with native sizes, as numpy's writer says.
    assert_eq!(Format::parse("<g").unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn ucs4_decodes_to_text() {
    // numpy: np.array(['hé', 'x'], dtype='<U3').
    let mut data = [0u8; 24];
    data[0] = b'h';
    data[4] = 0xe9;
    data[12] = b'x';
    let v = View::new(&data, "<3w", &[2], &[12], 0).unwrap();
    let list = v.to_value().unwrap();
    assert_eq!(list, Value::List(vec![Value::Text("hé".into()), Value::Text("x".into())]));
    // Packing truncates or NUL-pads to the field, as `s` does with bytes.
    let mut out = [0xffu8; 8];
    let mut m = ViewMut::new(&mut out, ">2w", &[], &[], 0).unwrap();
    m.set_value(&[], &Value::Text("abc".into())).unwrap();
    assert_eq!(out, [0, 0, 0, b'a', 0, 0, 0, b'b']);
    let mut m = ViewMut::new(&mut out, ">2w", &[], &[], 0).unwrap();
    assert_eq!(m.set(&[], Scalar::Int(1)).unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn object_pointers_are_not_implemented() {
    let err = Format::parse("O").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotImplemented);
    assert!(err.message().contains("objects"), "{}", err.message());
    assert_eq!(Format::parse("T{i:a:O:b:}").unwrap_err().kind(), ErrorKind::NotImplemented);
}

#[test]
fn named_pads_hold_bytes_as_numpy_void_fields() {
    // numpy [('a','V3'),('b','>i2')] exports `T{3x:a:>h:b:}`.
    let data = [1u8, 2, 3, 0, 5];
    let v = View::new(&data, "T{3x:a:>h:b:}", &[], &[], 0).unwrap();
    assert_eq!(Value::from(v.get(&[]).unwrap()).to_string(), "(b'\\x01\\x02\\x03', 5)");
    // Unnamed pads stay padding, as in `struct`.
    assert_eq!(Format::parse("3xh").unwrap().fields().count(), 1);
}

#[test]
fn ctypes_padded_structure_format_builds_a_view() {
    // CPython 3.11: class S(Structure): _fields_ = [('a', c_ubyte), ('b', c_int)]
    // exports `T{<B:a:<i:b:}` with itemsize 8 (the real `b` is at 4).
    let data = [7u8, 0xfe, 0xff, 0xff, 0xff, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0, 0];
    let v = view(&data, "T{<B:a:<i:b:}", 8, &[2]);
    assert_eq!(v.to_vec(view_core::Order::C).unwrap(), data);
    let bytes = v.cast("B", None).unwrap();
    assert_eq!(bytes.shape(), [16]);
    // Decoding follows the format: `b` is read at offset 1.
    assert_eq!(v.to_value().unwrap().to_string(), "[(7, -2), (1, 2)]");
}

#[test]
fn numpy_writer_layouts_of_nested_records() {
    // numpy writes every pad byte of a nested aligned record but not the
    // record's end padding: `c` is at 8 (numpy's own reader says 11).
    let f = Format::parse("T{T{i:a:B:b:}:r:xxxB:c:}").unwrap();
    let inner = f.fields().next().unwrap().record().unwrap();
    let c = inner.fields().nth(1).unwrap();
    assert_eq!((c.name(), c.offset()), (Some("c"), 8));
    // A packed outer record: `@` codes align in the whole element.
    let f = Format::parse("T{B:p:T{B:a:B:b:B:c:i:d:}:r:}").unwrap();
    let r = f.fields().next().unwrap().record().unwrap().fields().nth(1).unwrap();
    assert_eq!(r.offset(), 1);
    let d = r.record().unwrap().fields().nth(3).unwrap();
    assert_eq!(r.offset() + d.offset(), 4);
    // C structs as before: `bT{bd}` places the record at 8, `2T{hb}` pads items.
    assert_eq!(Format::parse("bT{bd}").unwrap().itemsize(), 24);
    assert_eq!(Format::parse("2T{hb}").unwrap().itemsize(), 8);
}
