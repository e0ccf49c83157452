//! `cargo xtask asan`: the workspace's tests, doctests included, under
//! AddressSanitizer.
//!
//! Runs `cargo test --workspace --target HOST` on the nightly toolchain
//! with `-Zsanitizer=address` in `RUSTFLAGS` and `RUSTDOCFLAGS`, in its own
//! target directory (`target/asan`). Naming the host target explicitly is
//! what makes this work without `-Zbuild-std` (no `rust-src` needed): cargo
//! then applies `RUSTFLAGS` only to what runs as the test, not to build
//! scripts and proc-macros, which the uninstrumented compiler loads. The
//! standard library itself stays uninstrumented, so the sanitizer watches
//! every access the workspace's own code (and its dependencies) makes.
//! LeakSanitizer runs too (`detect_leaks=1`). Skips, with a message, when
//! there is no nightly toolchain.

use std::env;

use crate::{Result, display, nightly, project_root, run_status};

/// Builds and runs the tests under AddressSanitizer; any report fails the task.
pub(crate) fn run() -> Result {
    let Some(rustc) = nightly::rustc_version("asan") else { return Ok(()) };
    let host = nightly::host().ok_or("asan: cannot read the host target from `rustc -vV`")?;
    let target_dir = match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => env::current_dir()?.join(dir).join("asan"),
        None => project_root().join("target").join("asan"),
    };
    let flags = "-Zsanitizer=address";
    let mut cmd = nightly::cargo(&["test", "--workspace", "--target", &host]);
    cmd.current_dir(project_root())
        .env("RUSTFLAGS", flags)
        .env("RUSTDOCFLAGS", flags)
        .env("CARGO_TARGET_DIR", &target_dir)
        .env("ASAN_OPTIONS", asan_options());
    println!("asan: {rustc}, target {host}");
    println!("asan: RUSTFLAGS={flags} RUSTDOCFLAGS={flags} {}", display(&cmd));
    run_status(&mut cmd)?;
    println!("asan: clean: every test and doctest passed under AddressSanitizer");
    Ok(())
}

/// `detect_leaks=1`, added to what the caller already set.
fn asan_options() -> String {
    match env::var("ASAN_OPTIONS") {
        Ok(existing) if !existing.is_empty() => format!("{existing}:detect_leaks=1"),
        _ => "detect_leaks=1".to_owned(),
    }
}
