//! ndarray interop with records: sensor readings kept as a `Vec` of Rust
//! structs, one field (a 3-vector per reading) borrowed as an ndarray
//! matrix without copying, and a computed ndarray column exported back as a
//! view.
//!
//! Run with `cargo run -p view-ndarray --example ndarray_records`;
//! `cargo test` runs it too.

use view_core::{Buffer, Element, View};
use view_ndarray::ndarray::{Array1, ArrayView2, Axis};

/// One reading: its format is derived, `T{^I:id:^3f:xyz:^f:temp:}`.
#[derive(Clone, Copy, Element)]
#[repr(C)]
struct Reading {
    id: u32,
    xyz: [f32; 3],
    temp: f32,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let readings: Vec<Reading> = (0..5u16)
        .map(|i| {
            let x = f32::from(i);
            Reading { id: u32::from(i), xyz: [x, 2.0 * x, -x], temp: 20.0 + x }
        })
        .collect();
    let view: View<'_> = readings.export()?;
    println!("{} records of {}", view.shape()[0], view.format());

    // The `xyz` field of every record: a 5x3 strided view, then an ndarray.
    let xyz = view.field("xyz")?;
    let m: ArrayView2<'_, f32> = view_ndarray::as_array(&xyz)?;
    println!("xyz:\n{m}");
    let mean = m.mean_axis(Axis(0)).ok_or("no readings")?;
    println!("mean position: {mean}");
    assert_eq!(mean.to_vec(), [2.0, 4.0, -2.0]);

    // A result computed in ndarray, exported back as a view.
    let norms: Array1<f32> = m.map_axis(Axis(1), |row| row.dot(&row).sqrt());
    let back: View<'_> = norms.export()?;
    println!("norms: {back}");
    assert_eq!(back.shape(), &[5]);
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
