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
    let target_dir = target_dir()?;
    crate::run_status(&mut cargo_in_nostd(&["build", "--release"])?)?;

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

/// `cargo ARGS...` run in `nostd/`, so that the crate's own workspace and
/// profiles apply (the root `rust-toolchain.toml` and `.cargo/config.toml`
/// still do: rustup and cargo look for them in parent directories), with
/// its builds under [`target_dir`].
pub(crate) fn cargo_in_nostd(args: &[&str]) -> Result<Command> {
    let mut cmd = Command::new(cargo());
    cmd.current_dir(project_root().join("nostd")).args(args).env("CARGO_TARGET_DIR", target_dir()?);
    Ok(cmd)
}

/// `target/nostd` under the main target directory (`CARGO_TARGET_DIR` when
/// set, else `target/` at the root), so that one directory holds every build.
fn target_dir() -> Result<PathBuf> {
    let main = match env::var_os("CARGO_TARGET_DIR") {
        // cargo reads a relative CARGO_TARGET_DIR from the directory it runs in.
        Some(dir) => env::current_dir()?.join(dir),
        None => project_root().join("target"),
    };
    Ok(main.join("nostd"))
}
