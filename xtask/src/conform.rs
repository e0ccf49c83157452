//! `cargo xtask conform FILE...`: replays conformance vectors (JSON Lines,
//! `conformance/SCHEMA.md`) through view-std's `MemoryView`, and lines of
//! numpy's or ctypes' exports (`cargo xtask numpy-cases`) through view-core.
//!
//! The work is done by the `view-conform` binary (built in release); this
//! task makes the file names absolute and passes its exit status on: 0 when
//! every case passed, 1 when one failed, 2 when a file cannot be read or a
//! line is not valid JSON.

use std::path::Path;
use std::process::ExitCode;

use crate::cargo_cmd;

pub(crate) fn run(files: &[String]) -> ExitCode {
    if files.is_empty() {
        eprintln!("usage: cargo xtask conform FILE.jsonl...");
        return ExitCode::from(2);
    }
    let here = std::env::current_dir().unwrap_or_default();
    let mut cmd = cargo_cmd(&["run", "--quiet", "--release", "-p", "view-conform", "--"]);
    cmd.args(files.iter().map(|f| here.join(Path::new(f))));
    match cmd.status() {
        Ok(status) => match status.code() {
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => ExitCode::FAILURE,
        },
        Err(e) => {
            eprintln!("xtask: cannot start cargo: {e}");
            ExitCode::from(2)
        }
    }
}
