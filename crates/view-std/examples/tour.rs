//! CPython's documented memoryview examples, in Rust.
//!
//! Each step quotes the Python session from the `memoryview` documentation
//! and does the same with `MemoryView`, the owned, Python-shaped object;
//! the last steps show the borrowed, allocation-free `View` underneath.
//! Run it with `cargo run -p view-std --example tour`; `cargo test` runs it too.

use view_core::{Error, ErrorKind, Order, Scalar, Slice, View};
use view_std::{ByteArray, Bytes, MemoryView, Value, memoryview};

fn main() -> Result<(), Error> {
    // >>> v = memoryview(b'abcefg')
    // >>> v
    // <memory at 0x7f3ddc9f4350>
    // >>> v[1], v[-1]
    // (98, 103)
    let v = MemoryView::new(Bytes::from(b"abcefg".to_vec()))?;
    println!("v = {v}");
    assert!(v.to_string().starts_with("<memory at 0x"));
    assert_eq!(v.get(&[1])?, Value::Int(98));
    assert_eq!(v.get(&[-1])?, Value::Int(103));

    // >>> v[1:4]                  # a slice is a view of the same bytes
    // <memory at 0x7f3ddc9f4410>
    // >>> bytes(v[1:4])
    // b'bce'
    let s = v.slice(0, 1..4)?;
    println!("v[1:4] = {s}");
    assert_eq!(s.tobytes(Order::C)?, b"bce");
    assert_eq!(
        s.as_frozen_bytes().map(<[u8]>::as_ptr),
        v.as_frozen_bytes().map(|b| b[1..].as_ptr())
    );

    // >>> import array
    // >>> a = array.array('l', [-11111111, 22222222, -33333333, 44444444])
    // >>> m = memoryview(a)
    // >>> m[0], m[-1], m[::2].tolist()
    // (-11111111, 44444444, [-11111111, -33333333])
    let m = MemoryView::from_buffer(vec![-11111111i64, 22222222, -33333333, 44444444])?;
    assert_eq!(m.get(&[0])?, Value::Int(-11111111));
    assert_eq!(m.get(&[-1])?, Value::Int(44444444));
    let every_other = m.slice(0, Slice::new(None, None, Some(2)))?;
    println!("m[::2].tolist() = {}", every_other.tolist()?);
    assert_eq!(every_other.tolist()?.to_string(), "[-11111111, -33333333]");

    // >>> data = bytearray(b'abcefg')
    // >>> v = memoryview(data)
    // >>> v.readonly
    // False
    // >>> v[0] = ord(b'z')
    // >>> data
    // bytearray(b'zbcefg')
    let data = ByteArray::from(b"abcefg".to_vec());
    let v = MemoryView::new(data.clone())?;
    assert!(!v.readonly()?);
    v.set(&[0], &Value::Int(i64::from(b'z')))?;
    assert_eq!(data.to_vec(), b"zbcefg");

    // >>> v[1:4] = b'123'
    // >>> data
    // bytearray(b'z123fg')
    v.set_slice_from(0, 1..4, b"123")?;
    assert_eq!(data.to_vec(), b"z123fg");

    // >>> v[2:3] = b'spam'
    // ValueError: memoryview assignment: lvalue and rvalue have different structures
    let err = v.set_slice_from(0, 2..3, b"spam").unwrap_err();
    println!("v[2:3] = b'spam' -> {}: {err}", err.kind().python_name());
    assert_eq!(err.kind(), ErrorKind::Value);

    // >>> v[2:6] = b'spam'
    // >>> data
    // bytearray(b'z1spam')
    v.set_slice_from(0, 2..6, b"spam")?;
    assert_eq!(data.to_vec(), b"z1spam");

    // Assignment reads back: mv[0] = 65, then mv[0] is 65; 256 does not fit 'B'.
    v.set(&[0], &Value::Int(65))?;
    assert_eq!(v.get(&[0])?, Value::Int(65));
    assert_eq!(v.set(&[0], &Value::Int(256)).unwrap_err().kind(), ErrorKind::Value);

    // >>> data.append(0)   # while a view exists
    // BufferError: Existing exports of data: object cannot be re-sized
    let err = data.extend_from_slice(b"!").unwrap_err();
    println!("data.append -> {}: {err}", err.kind().python_name());
    assert_eq!(err.kind(), ErrorKind::Buffer);

    // >>> m = memoryview(b"abc")
    // >>> m.tobytes(), m.hex(), m.tolist()
    // (b'abc', '616263', [97, 98, 99])
    // >>> m.hex(':', 2)
    // '61:6263'
    let m = MemoryView::new(Bytes::from(b"abc".to_vec()))?;
    assert_eq!(m.tobytes(Order::C)?, b"abc");
    assert_eq!(m.hex(None, 0)?, "616263");
    assert_eq!(m.hex(Some(":"), 2)?, "61:6263");
    assert_eq!(m.tolist()?.to_string(), "[97, 98, 99]");

    // >>> memoryview(array.array('d', [1.1, 2.2, 3.3])).tolist()
    // [1.1, 2.2, 3.3]
    assert_eq!(
        MemoryView::from_buffer(vec![1.1f64, 2.2, 3.3])?.tolist()?.to_string(),
        "[1.1, 2.2, 3.3]"
    );

    // >>> x = memoryview(array.array('l', [1, 2, 3]))
    // >>> x.format, x.itemsize, len(x), x.nbytes
    // ('l', 8, 3, 24)
    // >>> y = x.cast('B')
    // >>> y.format, y.itemsize, len(y), y.nbytes
    // ('B', 1, 24, 24)
    let x = MemoryView::from_buffer(vec![1i64, 2, 3])?.cast("B")?.cast("l")?;
    assert_eq!((x.format()?, x.itemsize()?, x.len()?, x.nbytes()?), ("l", 8, 3, 24));
    let y = x.cast("B")?;
    assert_eq!((y.format()?, y.itemsize()?, y.len()?, y.nbytes()?), ("B", 1, 24, 24));

    // >>> buf = struct.pack("i"*12, *list(range(12)))
    // >>> y = memoryview(buf).cast('i', shape=[2,2,3])
    // >>> y.tolist()
    // [[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]
    // >>> z = y.cast('b')
    // >>> z.format, z.itemsize, len(z), z.nbytes
    // ('b', 1, 48, 48)
    let buf: Vec<u8> = (0i32..12).flat_map(i32::to_ne_bytes).collect();
    let y = MemoryView::new(Bytes::from(buf))?.cast_shape("i", &[2, 2, 3])?;
    assert_eq!(y.tolist()?.to_string(), "[[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]]");
    let z = y.cast("b")?;
    assert_eq!((z.format()?, z.itemsize()?, z.len()?, z.nbytes()?), ("b", 1, 48, 48));

    // >>> v = memoryview(b'abcefg'); v.release(); v[0]
    // ValueError: operation forbidden on released memoryview object
    let released = MemoryView::new(Bytes::from(b"abcefg".to_vec()))?;
    released.release()?;
    println!("after release: {released}");
    assert_eq!(released.get(&[0]).unwrap_err().kind(), ErrorKind::Value);

    // >>> hash(memoryview(b'abc')) == hash(b'abc')
    // True
    assert!(m.try_hash().is_ok());

    // Beyond CPython: any dimension slices, any struct format reads.
    let grid =
        MemoryView::new(Bytes::from((0u8..12).collect::<Vec<_>>()))?.cast_shape("B", &[3, 4])?;
    let column = grid.slice(1, 1..2)?;
    assert_eq!(column.tolist()?.to_string(), "[[1], [5], [9]]");
    let pairs = MemoryView::new(Bytes::from(vec![1, 0, 2, 3, 0, 4]))?.cast("<BxB")?;
    assert_eq!(pairs.tolist()?.to_string(), "[(1, 2), (3, 4)]");

    // Underneath: the borrowed, allocation-free view of any Rust container.
    let longs = [1i64, 2, 3];
    let view: View<'_, 64> = memoryview(&longs)?;
    assert_eq!(view.get(&[2])?, Scalar::Int(3));
    assert_eq!(view.typed::<i64>()?.iter().sum::<i64>(), 6);
    let mut out = [0u8; 24];
    view.copy_to_slice(&mut out, Order::C)?;
    assert_eq!(out[16], 3);
    let t = View::new(&[0, 1, 2, 3, 4, 5], "B", &[2, 3], &[3, 1], 0)?.transpose();
    println!("transposed = {}", t.to_value()?);
    assert_eq!(t.to_value()?.to_string(), "[[0, 3], [1, 4], [2, 5]]");

    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
