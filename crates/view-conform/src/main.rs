//! `view-conform FILE...`: replays conformance cases and prints each failure,
//! then one closing line `conform: N passed, N failed`. Exit status 1 when a
//! case failed, 2 when a file cannot be read or a line is not valid JSON.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: view-conform FILE.jsonl...");
        return ExitCode::from(2);
    }
    let mut totals = view_conform::Totals::default();
    for file in &files {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("conform: cannot read {file}: {e}");
                return ExitCode::from(2);
            }
        };
        match view_conform::check_lines(&text, &mut |m| println!("{m}")) {
            Ok(t) => {
                totals.passed += t.passed;
                totals.failed += t.failed;
            }
            Err(e) => {
                eprintln!("conform: {file}: {e}");
                return ExitCode::from(2);
            }
        }
    }
    println!("conform: {} passed, {} failed", totals.passed, totals.failed);
    if totals.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
