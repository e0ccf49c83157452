//! Firmware channel statistics: a DMA engine fills a byte buffer with
//! frames of four little-endian `i16` samples (one per channel); the same
//! code reads them on a little- or big-endian core, without copying and
//! without a format string.
//!
//! Run with `cargo run -p view-core --example dma_channels`; `cargo test`
//! runs it too.

use view_core::{Element, Le, View};

const CHANNELS: usize = 4;

/// Minimum, maximum and mean of one channel.
fn stats(samples: impl Iterator<Item = i16>) -> (i16, i16, f32) {
    let (mut min, mut max, mut sum, mut n) = (i16::MAX, i16::MIN, 0i32, 0u16);
    for x in samples {
        (min, max, sum, n) = (min.min(x), max.max(x), sum + i32::from(x), n + 1);
    }
    (min, max, sum as f32 / f32::from(n.max(1)))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // What the DMA engine wrote: 8 frames, channel c of frame f is 100 * c - f.
    let dma: Vec<u8> = (0..8i16)
        .flat_map(|f| (0..4i16).map(move |c| 100 * c - f))
        .flat_map(i16::to_le_bytes)
        .collect();

    // Frames x channels over the DMA bytes (alignment 1: any address works).
    let samples = Le::<i16>::cast_slice(&dma).ok_or("not whole samples")?;
    let frames = View::from_slice(samples, &[samples.len() / CHANNELS, CHANNELS])?;
    println!("{frames:?}");

    // One strided view per channel: a column of the frames.
    for (channel, name) in (0..).zip(["x", "y", "z", "temp"]) {
        let column = frames.index_axis(1, channel)?.typed::<Le<i16>>()?;
        let (min, max, mean) = stats(column.iter().map(Le::get));
        println!("{name:>4}: min {min:4} max {max:4} mean {mean:6.1}");
        let top = i16::try_from(100 * channel)?;
        assert_eq!((min, max), (top - 7, top));
    }
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
