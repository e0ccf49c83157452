//! `Format::parse` on arbitrary strings.
//!
//! Properties: parsing never panics and fails only with kind Value at a
//! position inside the string; the fields of a parsed format lie in order,
//! without overlap, inside the itemsize, native fields aligned; record
//! fields re-parse to their item size; for plain `struct` strings the
//! itemsize and fields equal a hand-written `calcsize`; and one element of
//! any parsed format survives get -> set -> get.
#![no_main]

use libfuzzer_sys::fuzz_target;
use view_core::{Code, ErrorKind, Format, Mode, Value, View, ViewMut};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(&text);
});

fn check(text: &str) {
    let parsed = Format::parse(text);
    if let Some(model) = calcsize(text) {
        match (&parsed, &model) {
            (Ok(f), Some((size, fields))) => {
                assert_eq!(f.itemsize(), *size, "{text:?}: itemsize");
                let got: Vec<(Code, usize, usize)> =
                    f.fields().map(|x| (x.code(), x.offset(), x.count())).collect();
                assert_eq!(&got, fields, "{text:?}: fields");
            }
            (Err(_), None) => {}
            _ => panic!("{text:?}: library {parsed:?}, model {model:?}"),
        }
    }
    match parsed {
        Err(e) => {
            // `O` (object pointers) is refused as not implemented.
            let expected = if e.message().contains("'O'") {
                ErrorKind::NotImplemented
            } else {
                ErrorKind::Value
            };
            assert_eq!(e.kind(), expected, "{text:?}");
            if let Some(at) = e.position() {
                assert!(at <= text.len(), "{text:?}: error at {at}");
            }
        }
        Ok(f) => {
            assert_eq!(f.as_str(), text);
            check_fields(&f, 0, 0);
            round_trip(&f);
        }
    }
}

/// Fields in order, disjoint, inside the itemsize; native ones aligned at
/// their position `base + offset` in the whole element; records
/// recursively the same.
fn check_fields(f: &Format<'_>, depth: usize, base: usize) {
    assert!(depth <= view_core::MAX_NESTING + 1, "{f:?}: nesting");
    let mut end = 0usize;
    let mut values = 0usize;
    for field in f.fields() {
        assert!(field.offset() >= end, "{f:?}: field {field:?} overlaps the previous one");
        end = field.offset().checked_add(field.size()).expect("field end overflows");
        assert!(end <= f.itemsize(), "{f:?}: field {field:?} ends past the itemsize");
        if field.mode() == Mode::Native {
            let align = match field.code() {
                Code::Record | Code::Bytes | Code::PascalBytes => 1,
                Code::ComplexHalf
                | Code::ComplexFloat
                | Code::ComplexDouble
                | Code::ComplexLongDouble => field.item_size() / 2,
                _ => field.item_size(),
            };
            assert_eq!((base + field.offset()) % align, 0, "{f:?}: {field:?} unaligned");
        }
        values += field.values();
        if field.code() == Code::Record {
            let inner = field.record().expect("a record field re-parses");
            // A record with a repeat count (`2T{...}`) is an array of C
            // structs, each padded to its alignment; a single record and
            // the items of a sub-array (`(2)T{...}`) are not padded.
            let padded = if field.count() != 1 && field.sub_shape().next().is_none() {
                inner.itemsize().next_multiple_of(inner.alignment())
            } else {
                inner.itemsize()
            };
            assert_eq!(padded, field.item_size(), "{f:?}: record size");
            check_fields(&inner, depth + 1, base + field.offset());
        } else {
            assert!(field.record().is_none());
        }
        if field.sub_shape().next().is_some() {
            let dims = field.sub_shape().try_fold(1usize, usize::checked_mul);
            // `(2)3h` holds 6 items: the shape times the repeat count.
            let dims = dims.expect("the shape's product fits");
            assert_eq!(field.count() % dims.max(1), 0, "{f:?}: {field:?} sub-array shape");
        }
    }
    assert_eq!(f.is_single_value(), values == 1, "{f:?}: single value");
    if f.scalar_code().is_some() {
        assert!(f.is_single_value(), "{f:?}: a scalar code is one value");
    }
}

/// One element: get -> set -> get gives the same value, and the set succeeds.
fn round_trip(f: &Format<'_>) {
    let k = f.itemsize();
    if k == 0 || k > 512 {
        return;
    }
    let fill: Vec<u8> = f.as_str().bytes().chain([0x81, 0x7f, 0, 0xff]).collect();
    let bytes: Vec<u8> = (0..k).map(|i| fill[i % fill.len()].wrapping_mul(i as u8 | 1)).collect();
    let view = View::new(&bytes, f.as_str(), &[], &[], 0).expect("one element fits");
    let first = Value::from(view.get(&[]).expect("0-d get"));
    let mut copy = bytes.clone();
    let mut out = ViewMut::new(&mut copy, f.as_str(), &[], &[], 0).expect("one element fits");
    out.set_value(&[], &first)
        .unwrap_or_else(|e| panic!("{f:?}: a read value does not write back: {e} {first:?}"));
    let second = Value::from(out.as_view().get(&[]).expect("0-d get"));
    assert!(same(&first, &second), "{f:?}: {first:?} then {second:?}");
    out.set_value(&[], &second).expect("writes back");
    let again = ViewMut::new(&mut copy, f.as_str(), &[], &[], 0).expect("fits");
    let third = Value::from(again.as_view().get(&[]).expect("0-d get"));
    assert!(
        same(&second, &third),
        "{f:?}: packing is not a fixed point: {second:?} then {third:?}"
    );
}

/// Equal values, NaN equal to NaN.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Complex(a, b), Value::Complex(c, d)) => {
            (a == c || (a.is_nan() && c.is_nan())) && (b == d || (b.is_nan() && d.is_nan()))
        }
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        _ => a == b,
    }
}

type Model = Option<(usize, Vec<(Code, usize, usize)>)>;

/// `struct.calcsize` and the field list, written out for strings of plain
/// `struct` syntax (x86-64 Linux sizes). `None` when the string uses
/// anything else (PEP 3118 additions, other characters): then only the
/// general properties are checked. `Some(None)` is an error.
fn calcsize(text: &str) -> Option<Model> {
    let bytes = text.as_bytes();
    let (mode, rest) = match bytes.first() {
        Some(&c @ (b'@' | b'^' | b'=' | b'<' | b'>' | b'!')) => (c, &bytes[1..]),
        _ => (b'@', bytes),
    };
    // `@` and `^` use native sizes; only `@` aligns.
    let native = matches!(mode, b'@' | b'^');
    let aligned = mode == b'@';
    if rest
        .iter()
        .any(|c| !(c.is_ascii_digit() || b" \t\n\r\x0b\x0cxcbB?hHiIlLqQnNefdspP".contains(c)))
    {
        return None;
    }
    let mut size = 0usize;
    let mut fields = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if b" \t\n\r\x0b\x0c".contains(&c) {
            i += 1;
            continue;
        }
        let mut count = 1usize;
        if c.is_ascii_digit() {
            let start = i;
            while i < rest.len() && rest[i].is_ascii_digit() {
                i += 1;
            }
            let digits = std::str::from_utf8(&rest[start..i]).ok()?;
            count = match digits.parse::<u64>() {
                Ok(n) if n <= isize::MAX as u64 => n as usize,
                _ => return Some(None),
            };
            if i >= rest.len() {
                return Some(None);
            }
        }
        let code = rest[i];
        i += 1;
        let (item, align) = match (code, native) {
            (b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p', _) => (1, 1),
            (b'h' | b'H' | b'e', _) => (2, 2),
            (b'i' | b'I' | b'f', _) => (4, 4),
            (b'l' | b'L', true) => (8, 8),
            (b'l' | b'L', false) => (4, 4),
            (b'q' | b'Q' | b'd', _) => (8, 8),
            (b'n' | b'N' | b'P', true) => (8, 8),
            _ => return Some(None),
        };
        if aligned {
            size = size.checked_add(align - 1).map(|s| s / align * align).unwrap_or(usize::MAX);
        }
        let total = if matches!(code, b's' | b'p') { Some(count) } else { count.checked_mul(item) };
        if code != b'x' {
            fields.push((Code::from_char(char::from(code)).expect("a struct code"), size, count));
        }
        match total.and_then(|t| size.checked_add(t)).filter(|s| *s <= isize::MAX as usize) {
            Some(s) => size = s,
            None => return Some(None),
        }
    }
    Some(Some((size, fields)))
}
