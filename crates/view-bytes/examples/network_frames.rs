//! Network frames in `bytes::Bytes`: a big-endian header described by a
//! Rust struct, then a matrix of big-endian `u16` samples. Headers and
//! samples are read in place on any target; a column goes out as a new
//! frame body, a row as a `Bytes` sharing the frame's memory.
//!
//! Run with `cargo run -p view-bytes --example network_frames`; `cargo test`
//! runs it too.

use view_bytes::{Bytes, BytesMut};
use view_core::{Be, Element, Order, View};

/// The wire header: network byte order, no alignment.
#[derive(Clone, Copy, Debug, Element)]
#[repr(C)]
struct Header {
    magic: [u8; 2],
    rows: u8,
    cols: u8,
    seq: Be<u32>,
}

/// A frame as a sender would build it.
fn frame(seq: u32, samples: &[[u16; 3]]) -> Bytes {
    let rows = u8::try_from(samples.len()).unwrap_or(0);
    let header = Header { magic: *b"VF", rows, cols: 3, seq: Be::new(seq) };
    let body: Vec<Be<u16>> = samples.as_flattened().iter().map(|&x| Be::new(x)).collect();
    let mut out = BytesMut::from(Header::as_bytes(&[header]));
    out.extend_from_slice(Be::<u16>::as_bytes(&body));
    out.freeze()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let frames = [frame(7, &[[1, 2, 3], [4, 5, 6]]), frame(8, &[[10, 20, 30]])];
    let mut last_column: Vec<u16> = Vec::new();
    for wire in &frames {
        let body = wire.slice(size_of::<Header>()..);
        let header = Header::read_from(&wire[..size_of::<Header>()]).ok_or("short frame")?;
        let samples = Be::<u16>::cast_slice(&body).ok_or("odd body")?;
        let m = View::from_slice(samples, &[header.rows.into(), header.cols.into()])?;
        println!("frame {}: {m}", header.seq.get());

        // The last column, converted to this target's u16 on the way out.
        let last = m.index_axis(1, -1)?.typed::<Be<u16>>()?;
        last_column.extend(last.iter().map(Be::get));
        // A row is contiguous: a Bytes of the same memory, no copy.
        let row = view_bytes::slice_ref(&body, &m.index_axis(0, 0)?)?;
        assert_eq!(row.as_ptr(), body.as_ptr());
        // The transpose, serialised in C order for a column-major peer.
        let t = view_bytes::to_bytes(&m.transpose(), Order::C)?;
        assert_eq!(t.len(), body.len());
    }
    let column = View::from_slice(&last_column, &[last_column.len()])?;
    println!("last columns: {column}");
    assert_eq!(column.to_string(), "[3, 6, 30]");
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
