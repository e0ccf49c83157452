//! A network frame held in `bytes::Bytes`, read as a typed matrix without
//! copying, transposed, written out in Fortran order into a `BytesMut`, and
//! a row handed back as a `Bytes` that shares the frame's memory.
//!
//! Run with `cargo run -p view-bytes --example bytes_roundtrip`;
//! `cargo test` runs it too.

use view_bytes::{Bytes, BytesMut};
use view_core::{Buffer, BufferMut, Order, Scalar};

fn main() -> Result<(), view_core::Error> {
    // A 2x3 matrix of little-endian u16 after a 2-byte header.
    let mut wire = vec![0xca, 0xfe];
    for x in [1u16, 2, 3, 4, 5, 6] {
        wire.extend_from_slice(&x.to_le_bytes());
    }
    let frame = Bytes::from(wire);

    let body = frame.export::<2>()?.slice(0, 2..)?;
    let m = body.cast("<H", Some(&[2, 3]))?;
    println!("{m:?}");
    assert_eq!(m.get(&[1, 2])?, Scalar::Int(6));
    assert!(m.element_bytes(&[0, 0])?.as_ptr() == frame[2..].as_ptr());

    // Fortran order: columns first.
    let f = view_bytes::to_bytes(&m, Order::F)?;
    assert_eq!(&f[..4], &[1, 0, 4, 0]);

    // The transpose, appended to an outgoing buffer in C order.
    let mut out = BytesMut::from(&b"T:"[..]);
    view_bytes::put_view(&mut out, &m.transpose(), Order::C)?;
    assert_eq!(out.len(), 2 + 12);
    println!("outgoing: {:02x?}", &out[..]);

    // A row is C-contiguous: it becomes a Bytes of the same memory.
    let row = view_bytes::slice_ref(&frame, &m.index_axis(0, 1)?)?;
    assert_eq!(row.as_ptr(), frame[8..].as_ptr());
    println!("row 1 shares the frame: {:02x?}", &row[..]);

    // BytesMut is writable in place.
    let mut scratch = BytesMut::zeroed(4);
    scratch.export_mut::<1>()?.cast("<i", None)?.set(&[0], Scalar::Int(-2))?;
    assert_eq!(&scratch[..], &[0xfe, 0xff, 0xff, 0xff]);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
