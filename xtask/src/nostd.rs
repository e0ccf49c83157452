//! `cargo xtask nostd`: proves that view-core links without std and
//! without an allocator.
//!
//! Builds the `#![no_std]`, `#![no_main]` program in `nostd/` (its own
//! workspace, `panic = "abort"`, no global allocator) in release for the
//! host, runs it (it checks its own answers and exits non-zero on a wrong
//! one), and prints its output and the size of its `.text` section.

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::{Result, cargo, display, elf, project_root};

/// The binary target name in `nostd/Cargo.toml`.
const BIN: &str = "view-nostd";

/// Builds, runs and measures the no_std program.
pub(crate) fn run() -> Result {
    let root = project_root();
    // Under the main target directory, so one `target/` holds every build.
    let target_dir = env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("nostd");
    let mut build = Command::new(cargo());
    build
        .current_dir(root.join("nostd"))
        .args(["build", "--release", "--target-dir"])
        .arg(&target_dir);
    crate::run_status(&mut build)?;

    let exe = target_dir.join("release").join(BIN);
    let output =
        Command::new(&exe).output().map_err(|e| format!("cannot run {}: {e}", exe.display()))?;
    print!("{}", String::from_utf8_lossy(&output.stdout));
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        return Err(format!("`{}` failed ({})", display(&Command::new(&exe)), output.status).into());
    }

    let bytes = fs::read(&exe).map_err(|e| format!("cannot read {}: {e}", exe.display()))?;
    let text = elf::section_size(&bytes, ".text")?
        .ok_or_else(|| format!("{} has no .text section", exe.display()))?;
    println!(
        "nostd: {BIN} (release, panic=abort, opt-level=s, no allocator): .text = {text} bytes, file = {} bytes",
        bytes.len()
    );
    Ok(())
}
