//! An `ndarray` matrix exported as a view without copying, sliced and
//! transposed on both sides, and read back as arrays.
//!
//! Run with `cargo run -p view-ndarray --example ndarray_roundtrip`;
//! `cargo test` runs it too.

use ndarray::{Array2, ArrayView2, Ix2, s};
use view_core::{Buffer, BufferMut, Order, Slice, View};

fn main() -> Result<(), view_core::Error> {
    let mut a = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i32);

    // The whole array: a view of its own memory, strides in bytes.
    let v: View<'_> = Buffer::export(&a)?;
    println!("{v:?}");
    assert_eq!((v.format().as_str(), v.shape(), v.strides()), ("i", &[3, 4][..], &[16, 4][..]));
    assert!(v.element_bytes(&[0, 0])?.as_ptr() == a.as_ptr().cast());

    // Slice the view (rows reversed, every other column) and take it back
    // as an ndarray view of the same memory.
    let sliced =
        v.slice(0, Slice::new(None, None, Some(-1)))?.slice(1, Slice::new(None, None, Some(2)))?;
    let back: ArrayView2<'_, i32> = view_ndarray::as_array(&sliced)?;
    println!("rows reversed, even columns:\n{back}");
    assert_eq!(back, a.slice(s![..;-1, ..;2]));

    // An ndarray slice with steps: viewed inside the array it came from.
    let t = a.slice(s![.., 1..;2]).reversed_axes();
    let tv = view_ndarray::view_within(&a, &t)?;
    println!("transposed odd columns: shape {:?}, strides {:?}", tv.shape(), tv.strides());
    let mut bytes = vec![0u8; tv.nbytes()];
    tv.copy_to_slice(&mut bytes, Order::C)?;
    let values: Vec<i32> =
        bytes.chunks_exact(4).map(|c| i32::from_ne_bytes(c.try_into().unwrap())).collect();
    assert_eq!(values, [1, 11, 21, 3, 13, 23]);

    // Writes through a view land in the array.
    let mut w = view_ndarray::as_array_mut::<i32, Ix2, 2>(a.export_mut()?.transpose())?;
    w[[3, 2]] = -1;
    assert_eq!(a[[2, 3]], -1);

    // A view that ndarray cannot borrow (misaligned) still copies.
    let raw: Vec<u8> = (0..13).collect();
    let odd = view_core::View::new(&raw[1..], "<H", &[6], &[2], 0)?;
    let err = view_ndarray::as_array::<u16, ndarray::Ix1, _>(&odd).unwrap_err();
    println!("as_array: {err}");
    if cfg!(target_endian = "little") {
        let copied = view_ndarray::to_array::<u16, ndarray::Ix1, _>(&odd)?;
        println!("to_array: {copied}");
        assert_eq!(copied[0], 0x0201);
    }
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
