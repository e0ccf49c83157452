//! A file of binary records: a header, then fixed-size little-endian
//! records. Rust structs describe both (their formats derived), the file is
//! read once and viewed in place; one field of every record is a strided
//! view.
//!
//! Run with `cargo run -p view-std --example record_file`; `cargo test`
//! runs it too.

use view_core::{Element, Le, View};

/// The file header.
#[derive(Clone, Copy, Debug, Element)]
#[repr(C)]
struct Header {
    magic: [u8; 4],
    count: Le<u32>,
}

/// One record, as the logger writes it (no alignment: any offset works).
#[derive(Clone, Copy, Debug, PartialEq, Element)]
#[repr(C)]
struct Reading {
    sensor: Le<u16>,
    status: u8,
    #[element(pad)]
    _pad: [u8; 1],
    value: Le<f32>,
    time: Le<u64>,
}

fn write_file(path: &std::path::Path, readings: &[Reading]) -> std::io::Result<()> {
    let header = Header { magic: *b"RDG1", count: Le::new(readings.len().try_into().unwrap_or(0)) };
    let mut bytes = Header::as_bytes(&[header]).to_vec();
    bytes.extend_from_slice(Reading::as_bytes(readings));
    std::fs::write(path, bytes)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let readings: Vec<Reading> = (0..6u16)
        .map(|i| Reading {
            sensor: Le::new(i % 2),
            status: u8::from(i != 3),
            _pad: [0],
            value: Le::new(f32::from(i) * 1.5),
            time: Le::new(1_700_000_000 + u64::from(i)),
        })
        .collect();
    let path = std::env::temp_dir().join(format!("readings-{}.bin", std::process::id()));
    write_file(&path, &readings)?;

    // Read the file once; the header and the records are views of its bytes.
    let file = std::fs::read(&path)?;
    std::fs::remove_file(&path)?;
    let (head, body) = file.split_at(size_of::<Header>());
    let header = Header::read_from(head).ok_or("short header")?;
    assert_eq!(&header.magic, b"RDG1");
    let records = Reading::cast_slice(body).ok_or("not whole records")?;
    let view = View::from_slice(records, &[records.len()])?;
    println!("format {}", view.format());
    println!("{view}");
    assert_eq!(records.len(), usize::try_from(header.count.get())?);

    // One field of every record: a strided view of the same bytes.
    let values = view.field("value")?.typed::<Le<f32>>()?;
    let status = view.field("status")?.typed::<u8>()?;
    let ok: f32 =
        values.iter().zip(status.iter()).filter(|&(_, s)| s == 1).map(|(v, _)| v.get()).sum();
    println!("sum of good values: {ok}");
    assert_eq!(ok, 1.5 * (1.0 + 2.0 + 4.0 + 5.0));
    Ok(())
}

#[test]
fn runs() {
    main().unwrap();
}
