//! Replays buffers exported by numpy and ctypes themselves, vendored as
//! `tests/data/numpy.jsonl` (`gen/numpy_cases.py --seed 3118 --count 400`,
//! numpy 2.4.6) and `tests/data/ctypes.jsonl` (`gen/ctypes_cases.py --seed
//! 3118 --count 150`, CPython 3.11), on x86-64 Linux. No numpy is needed
//! to run them.

fn replay(text: &str) -> view_conform::Totals {
    let mut failures = Vec::new();
    let totals = view_conform::check_lines(text, &mut |m| failures.push(m.to_string()))
        .expect("valid JSON Lines");
    for f in failures.iter().take(20) {
        println!("{f}");
    }
    assert_eq!(totals.failed, 0, "{} of {} cases failed", totals.failed, totals.passed);
    totals
}

#[test]
#[cfg(all(target_arch = "x86_64", target_endian = "little"))]
fn every_vendored_numpy_export_decodes_as_numpy_reads_it() {
    assert_eq!(replay(include_str!("data/numpy.jsonl")).passed, 400);
}

#[test]
#[cfg(all(target_arch = "x86_64", target_endian = "little"))]
fn every_vendored_ctypes_export_decodes_as_its_format_says() {
    assert_eq!(replay(include_str!("data/ctypes.jsonl")).passed, 150);
}
