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
//! LeakSanitizer runs too (`detect_leaks=1`), and the sanitizer's allocator
//! returns null for an impossible request (`allocator_may_return_null=1`)
//! as the system allocator does, since the tests check that the allocating
//! forms (`to_vec` of a broadcast view describing exabytes) turn that into
//! an error of kind Memory. Skips, with a message, when there is no
//! nightly toolchain.

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
        .env("ASAN_OPTIONS", asan_options())
        .env("LSAN_OPTIONS", lsan_options());
    println!("asan: {rustc}, target {host}");
    println!("asan: RUSTFLAGS={flags} RUSTDOCFLAGS={flags} {}", display(&cmd));
    run_status(&mut cmd)?;
    println!("asan: clean: every test and doctest passed under AddressSanitizer");
    Ok(())
}

/// Our options, added to what the caller already set.
fn asan_options() -> String {
    const OURS: &str = "detect_leaks=1:allocator_may_return_null=1";
    match env::var("ASAN_OPTIONS") {
        Ok(existing) if !existing.is_empty() => format!("{existing}:{OURS}"),
        _ => OURS.to_owned(),
    }
}

/// LeakSanitizer suppressions (`xtask/lsan-suppressions.txt`): allocations
/// of the embedded CPython of the in-process tests, never finalized.
fn lsan_options() -> String {
    let ours =
        format!("suppressions={}", project_root().join("xtask/lsan-suppressions.txt").display());
    match env::var("LSAN_OPTIONS") {
        Ok(existing) if !existing.is_empty() => format!("{existing}:{ours}"),
        _ => ours,
    }
}
