//! An application object behind a `MemoryView`: a canvas of RGBA pixels
//! (a Rust struct, its record format derived) exports itself as a 2-D
//! buffer; Python-style code then slices, reads and compares it.
//!
//! Run with `cargo run -p view-std --example app_object`; `cargo test`
//! runs it too.

use view_core::{Buffer, Element, Order, Result, View};
use view_std::MemoryView;

#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C)]
struct Pixel {
    r: u8,
    g: u8,
    b: u8,
    a: u8,
}

/// The application object: rows of pixels.
struct Canvas {
    width: usize,
    pixels: Vec<Pixel>,
}

/// The canvas is a buffer: height x width pixels, C order.
impl Buffer for Canvas {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        let height = self.pixels.len() / self.width.max(1);
        View::from_slice(&self.pixels, &[height, self.width])?.into_capacity()
    }
}

fn main() -> Result<()> {
    let pixels = (0..6u8).map(|i| Pixel { r: i, g: 10 * i, b: 255 - i, a: 255 }).collect();
    let canvas = Canvas { width: 3, pixels };

    let mv = MemoryView::from_buffer(canvas)?;
    println!("format {}, shape {:?}", mv.format()?, mv.shape()?);
    assert_eq!(mv.format()?, Pixel::FORMAT);

    // m[1, 2] is a record: (r, g, b, a) as Python's memoryview reads it.
    println!("m[1, 2] = {}", mv.get(&[1, 2])?);
    // The second column, as bytes in C order.
    let column = mv.slice(1, 1..2)?;
    assert_eq!(column.shape()?, &[2, 1]);
    assert_eq!(column.tobytes(Order::C)?, [1, 10, 254, 255, 4, 40, 251, 255]);
    // tolist of the first row.
    println!("row 0 = {}", mv.slice(0, ..1)?.tolist()?);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
