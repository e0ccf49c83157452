//! CPython's documented memoryview examples, in Rust.
//!
//! Each step quotes the Python session from the `memoryview` documentation
//! and does the same with borrowed views (`View`, `ViewMut`) over Rust
//! containers. Run it with `cargo run -p view-std --example tour`;
//! `cargo test` runs it too.

use view_core::{Error, ErrorKind, Order, Scalar, Slice, Value, View, ViewMut};
use view_std::{Buffer, BufferMut, memoryview};

fn main() -> Result<(), Error> {
    // >>> v = memoryview(b'abcefg')
    // >>> v[1], v[-1]
    // (98, 103)
    let v = memoryview(b"abcefg")?;
    println!("v = {v:?}");
    assert_eq!(v.get(&[1])?, Scalar::Int(98));
    assert_eq!(v.get(&[-1])?, Scalar::Int(103));

    // >>> v[1:4]                  # a slice is a view of the same bytes
    // <memory at 0x7f3ddc9f4350>
    // >>> bytes(v[1:4])
    // b'bce'
    let s = v.slice(0, 1..4)?;
    println!("v[1:4] = {s:?}");
    assert!(s.buffer().as_ptr() == v.buffer().as_ptr());
    assert_eq!(s.to_vec(Order::C)?, b"bce");

    // >>> a = array.array('l', [-11111111, 22222222, -33333333, 44444444])
    // >>> m = memoryview(a)
    // >>> m[0], m[-1], m[::2].tolist()
    // (-11111111, 44444444, [-11111111, -33333333])
    let a: Vec<i64> = vec![-11111111, 22222222, -33333333, 44444444];
    let m = memoryview(&a)?;
    assert_eq!(m.get(&[0])?, Scalar::Int(-11111111));
    assert_eq!(m.get(&[-1])?, Scalar::Int(44444444));
    let every_other = m.slice(0, Slice::new(None, None, Some(2)))?;
    println!("m[::2].tolist() = {}", every_other.to_value()?);
    assert_eq!(every_other.to_value()?.to_string(), "[-11111111, -33333333]");
    // The same, typed: the format `q` is checked once against i64.
    assert_eq!(every_other.typed::<i64>()?.iter().collect::<Vec<_>>(), [-11111111, -33333333]);

    // >>> data = bytearray(b'abcefg')
    // >>> v = memoryview(data)
    // >>> v.readonly
    // False
    // >>> v[0] = ord(b'z')
    // >>> data
    // bytearray(b'zbcefg')
    let mut data = b"abcefg".to_vec();
    assert!(!data.readonly()); // the exporter can hand out writable views
    {
        let mut v = data.export_mut()?;
        v.set(&[0], Scalar::Int(i128::from(b'z')))?;
    }
    assert_eq!(data, b"zbcefg");

    // >>> v[1:4] = b'123'
    // >>> data
    // bytearray(b'z123fg')
    data.export_mut()?.slice(0, 1..4)?.copy_from(&View::from_bytes(b"123"))?;
    assert_eq!(data, b"z123fg");

    // >>> v[2:3] = b'spam'
    // ValueError: memoryview assignment: lvalue and rvalue have different structures
    let err = data.export_mut()?.slice(0, 2..3)?.copy_from(&View::from_bytes(b"spam")).unwrap_err();
    println!("v[2:3] = b'spam' -> {}: {err}", err.kind().python_name());
    assert_eq!(err.kind(), ErrorKind::Value);

    // >>> v[2:6] = b'spam'
    // >>> data
    // bytearray(b'z1spam')
    data.export_mut()?.slice(0, 2..6)?.copy_from(&View::from_bytes(b"spam"))?;
    assert_eq!(data, b"z1spam");

    // Assignment reads back: mv[0] = 65, then mv[0] is 65.
    let mut buf = [0u8; 4];
    let mut mv = ViewMut::from_bytes(&mut buf);
    mv.set(&[0], Scalar::Int(65))?;
    assert_eq!(mv.as_view().get(&[0])?, Scalar::Int(65));
    // A value out of range for 'B' is refused, as in Python.
    assert_eq!(mv.set(&[0], Scalar::Int(256)).unwrap_err().kind(), ErrorKind::Value);

    // >>> m = memoryview(b"abc")
    // >>> m.tobytes(), m.hex(), m.tolist()
    // (b'abc', '616263', [97, 98, 99])
    let m = memoryview("abc")?;
    assert_eq!(m.to_vec(Order::C)?, b"abc");
    assert_eq!(m.hex(None, 0)?, "616263");
    assert_eq!(m.to_value()?.to_string(), "[97, 98, 99]");
    // tobytes without allocating: into the caller's buffer.
    let mut out = [0u8; 3];
    m.copy_to_slice(&mut out, Order::C)?;
    assert_eq!(&out, b"abc");

    // >>> memoryview(array.array('d', [1.1, 2.2, 3.3])).tolist()
    // [1.1, 2.2, 3.3]
    let floats = [1.1f64, 2.2, 3.3];
    assert_eq!(memoryview(&floats)?.to_value()?.to_string(), "[1.1, 2.2, 3.3]");

    // >>> x = memoryview(array.array('l', [1, 2, 3]))
    // >>> x.format, x.itemsize, len(x), x.nbytes
    // ('l', 8, 3, 24)
    // >>> y = x.cast('B')
    // >>> y.format, y.itemsize, len(y), y.nbytes
    // ('B', 1, 24, 24)
    let longs: [i64; 3] = [1, 2, 3];
    let x = memoryview(&longs)?;
    assert_eq!((x.format().as_str(), x.itemsize(), x.len()?, x.nbytes()), ("q", 8, 3, 24));
    let y = x.cast("B", None)?;
    assert_eq!((y.format().as_str(), y.itemsize(), y.len()?, y.nbytes()), ("B", 1, 24, 24));

    // >>> buf = struct.pack("i"*12, *list(range(12)))
    // >>> y = memoryview(buf).cast('i', shape=[2,2,3])
    // >>> y.tolist()
    // [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]
    // >>> z = y.cast('b')
    // >>> z.format, z.itemsize, len(z), z.nbytes
    // ('b', 1, 48, 48)
    let ints: Vec<i32> = (0..12).collect();
    let raw = memoryview(&ints)?.cast("B", None)?;
    let y = raw.cast("i", Some(&[2, 2, 3]))?;
    assert_eq!(y.to_value()?.to_string(), "[[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]");
    assert_eq!((y.format().as_str(), y.itemsize(), y.len()?, y.nbytes()), ("i", 4, 2, 48));
    let z = y.cast("b", None)?;
    assert_eq!((z.format().as_str(), z.itemsize(), z.len()?, z.nbytes()), ("b", 1, 48, 48));

    // >>> y = memoryview(struct.pack("L"*6, *range(6))).cast('L', shape=[2,3])
    // >>> len(y), y.nbytes, y.tolist()
    // (2, 48, [[0, 1, 2], [3, 4, 5]])
    let words: Vec<u64> = (0..6).collect();
    let y = memoryview(&words)?.cast("B", None)?.cast("L", Some(&[2, 3]))?;
    assert_eq!((y.len()?, y.nbytes()), (2, 48));
    assert_eq!(
        y.to_value()?,
        Value::List(vec![
            Value::List(vec![Value::Int(0), Value::Int(1), Value::Int(2)]),
            Value::List(vec![Value::Int(3), Value::Int(4), Value::Int(5)]),
        ])
    );
    // Beyond CPython: slicing any dimension and transposing are views too.
    let t = y.transpose();
    println!("y.T = {} (strides {:?})", t.to_value()?, t.strides());
    assert_eq!(t.to_value()?.to_string(), "[[0, 3], [1, 4], [2, 5]]");

    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
