//! Replays the vendored CPython 3.11 vectors (`tests/data/cpython.jsonl`, a
//! copy of the project's public conformance file) on every `cargo test`.

#[test]
fn every_cpython_vector_passes() {
    let text = include_str!("data/cpython.jsonl");
    let mut failures = Vec::new();
    let totals = view_conform::check_lines(text, &mut |m| failures.push(m.to_string()))
        .expect("valid JSON Lines");
    for f in failures.iter().take(40) {
        println!("{f}");
    }
    println!("conform: {} passed, {} failed", totals.passed, totals.failed);
    assert_eq!(
        totals.failed,
        0,
        "{} of {} vectors failed",
        totals.failed,
        totals.passed + totals.failed
    );
    assert_eq!(totals.passed, 3000);
}
