//! The nightly toolchain, for the optional tasks that need it (`fuzz`,
//! `asan`). The project builds with the pinned stable toolchain; these
//! tasks run nightly through `rustup run nightly`, which overrides the
//! `rust-toolchain.toml` pin (and the `RUSTUP_TOOLCHAIN` that rustup sets
//! for this process), and skip with a message when it is not installed.

use std::process::{Command, Stdio};

/// `cargo ARGS...` on the nightly toolchain.
pub(crate) fn cargo(args: &[&str]) -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["run", "nightly", "cargo"]).args(args);
    cmd
}

/// Whether `rustup run nightly PROGRAM ARGS...` runs and succeeds; its
/// first line of output when it does.
pub(crate) fn probe(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new("rustup")
        .args(["run", "nightly", program])
        .args(args)
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    output.status.success().then(|| text.lines().next().unwrap_or_default().to_owned())
}

/// The nightly `rustc --version` line, or `None` (with the reason printed)
/// when there is no nightly toolchain.
pub(crate) fn rustc_version(task: &str) -> Option<String> {
    let version = probe("rustc", &["--version"]);
    if version.is_none() {
        println!(
            "{task}: skipped: no nightly toolchain (`rustup run nightly rustc` failed); \
             install one with `rustup toolchain install nightly` to run this task"
        );
    }
    version
}

/// The host target triple as nightly rustc reports it.
pub(crate) fn host() -> Option<String> {
    let output = Command::new("rustup").args(["run", "nightly", "rustc", "-vV"]).output().ok()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
}
