//! One test per finding of the fuzz targets in `fuzz/` (run with
//! `cargo xtask fuzz`), named after the behaviour, with the input the
//! fuzzer found (minimised).

use view_core::{ErrorKind, Format, View};

/// `fuzz/fuzz_targets/format.rs`: `T{170T{1844674407T{}B0p}H}` parsed to a
/// 3-byte element holding billions of empty-record values, and reading it
/// as a `Value` ran out of memory. A record of size 0 may not repeat.
#[test]
fn an_empty_record_cannot_repeat() {
    for text in ["2T{}", "T{170T{1844674407T{}B0p}H}", "(1000000000)T{}", "B 3T{0h}", "<2T{T{}}"] {
        let err = Format::parse(text).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Value, "{text:?}");
    }
    // Once is fine, and so is a repeated non-empty record.
    let one = Format::parse("BT{}").unwrap();
    assert_eq!(one.itemsize(), 1);
    let data = [7u8];
    let value_view = View::new(&data, "BT{}", &[], &[], 0).unwrap();
    let value = value_view.get(&[]).unwrap();
    assert_eq!(value.to_string(), "(7, ())");
    assert_eq!(Format::parse("2T{B}").unwrap().itemsize(), 2);
    assert_eq!(Format::parse("0T{}").unwrap().itemsize(), 0);
}
