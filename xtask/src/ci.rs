//! `cargo xtask ci`: the project's test command, run by `.ci/run`.
//!
//! Runs every check in order and stops at the first failure:
//! formatting, clippy, the workspace tests, the Python bridge (`cargo
//! xtask python`), view-core's tests without
//! default features, with `alloc` and with the firmware features `small`
//! and `heapless`, the `nostd` task, compiling (not
//! running) the benches, then what publishing needs: the docs with broken
//! intra-doc links denied, each feature of each library crate built on its
//! own, and `cargo package` of the library crates.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{Result, cargo_cmd, nightly, nostd, python, run_status};

/// One check: a header to print and what to run.
struct Step {
    title: &'static str,
    run: fn() -> Result,
}

const STEPS: &[Step] = &[
    Step { title: "cargo fmt --all -- --check (and in nostd/, fuzz/)", run: fmt },
    Step {
        title: "cargo clippy --workspace --all-targets -- -D warnings (and in nostd/)",
        run: clippy,
    },
    Step { title: "cargo test --workspace", run: || cargo(&["test", "--workspace"]) },
    // The Python bridge with real clients: builds `viewpy`, makes or reuses
    // the venv (numpy, pytest), runs the pytest suite, then the in-process
    // tests on the libpython the build was configured with.
    Step {
        title: "cargo xtask python (viewpy with CPython, numpy and ctypes as clients; \
                cargo test -p view-pyo3)",
        run: python::run,
    },
    Step {
        title: "cargo test -p view-core --no-default-features",
        run: || cargo(&["test", "-p", "view-core", "--no-default-features"]),
    },
    Step {
        title: "cargo test -p view-core --no-default-features --features alloc",
        run: || cargo(&["test", "-p", "view-core", "--no-default-features", "--features", "alloc"]),
    },
    // The firmware features: the `small` copy kernel and the `heapless` forms.
    Step {
        title: "cargo test -p view-core --features small,heapless",
        run: || cargo(&["test", "-p", "view-core", "--features", "small,heapless"]),
    },
    Step { title: "cargo xtask nostd", run: nostd::run },
    // Compiles the criterion benches (release profile) without running them.
    Step {
        title: "cargo bench --workspace --no-run",
        run: || cargo(&["bench", "--workspace", "--no-run"]),
    },
    Step {
        title: "cargo doc --workspace --no-deps, then with --all-features, then as docs.rs \
                does on nightly (warnings and broken intra-doc links denied)",
        run: docs,
    },
    Step {
        title: "cargo build -p CRATE --no-default-features [--features F], \
                for each feature of each library crate",
        run: each_feature,
    },
    Step { title: "cargo package -p CRATE... for the library crates (verified)", run: package },
];

/// Runs every step; the first failure ends the run with an error naming it.
pub(crate) fn run() -> Result {
    let total = STEPS.len();
    let start = Instant::now();
    for (i, step) in STEPS.iter().enumerate() {
        let n = i + 1;
        println!("\n==> ci [{n}/{total}] {}", step.title);
        let began = Instant::now();
        (step.run)().map_err(|e| format!("ci step {n}/{total} failed: {}\n  {e}", step.title))?;
        println!("==> ci [{n}/{total}] ok in {}", seconds(began.elapsed()));
    }
    println!("\nci: all {total} steps passed in {}", seconds(start.elapsed()));
    Ok(())
}

fn cargo(args: &[&str]) -> Result {
    run_status(&mut cargo_cmd(args))
}

// fmt and clippy check the workspace, then the `nostd` crate: it is its
// own workspace, so `--all` and `--workspace` do not reach it. The `fuzz`
// crate (also its own workspace) is only formatted: building it needs
// nightly and cargo-fuzz (`cargo xtask fuzz`).

fn fmt() -> Result {
    cargo(&["fmt", "--all", "--", "--check"])?;
    run_status(&mut nostd::cargo_in_nostd(&["fmt", "--", "--check"])?)?;
    cargo(&["fmt", "--manifest-path", "fuzz/Cargo.toml", "--", "--check"])
}

fn clippy() -> Result {
    cargo(&["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"])?;
    run_status(&mut nostd::cargo_in_nostd(&["clippy", "--", "-D", "warnings"])?)
}

/// What rustdoc must not warn about; `-D warnings` covers the rest.
const RUSTDOCFLAGS: &str = "-D warnings -D rustdoc::broken_intra_doc_links \
                            -D rustdoc::private_intra_doc_links";

fn docs() -> Result {
    for features in [&[][..], &["--all-features"][..]] {
        let mut cmd = cargo_cmd(&["doc", "--workspace", "--no-deps"]);
        cmd.args(features).env("RUSTDOCFLAGS", RUSTDOCFLAGS);
        run_status(&mut cmd)?;
    }
    docs_rs()
}

/// The library crates as docs.rs builds them (`[package.metadata.docs.rs]`:
/// nightly, all features, `--cfg docsrs`, which turns on the `doc_cfg`
/// feature badges), so a renamed nightly feature fails here rather than on
/// docs.rs. Skipped, with a message, without a nightly toolchain.
fn docs_rs() -> Result {
    if nightly::rustc_version("ci: docs.rs build").is_none() {
        return Ok(());
    }
    let mut cmd = nightly::cargo(&["doc", "--no-deps", "--all-features"]);
    for krate in library_crates()? {
        cmd.args(["-p", &krate.name]);
    }
    // Not `-D warnings`: a lint new in nightly should not fail the build
    // (docs.rs does not deny warnings either).
    cmd.current_dir(crate::project_root())
        .env("RUSTDOCFLAGS", "--cfg docsrs -D rustdoc::broken_intra_doc_links");
    run_status(&mut cmd)
}

/// Builds each library crate with no features, then with each of its
/// features alone (what `cargo hack --each-feature` does), so a feature
/// that forgets to enable another one it needs fails here.
fn each_feature() -> Result {
    for krate in library_crates()? {
        let name = krate.name.as_str();
        cargo(&["build", "-p", name, "--no-default-features"])?;
        for feature in &krate.features {
            cargo(&["build", "-p", name, "--no-default-features", "--features", feature])?;
        }
    }
    Ok(())
}

/// `cargo package` of every library crate in one command, so that crates
/// depending on each other by path and version are verified against each
/// other's packaged sources (cargo puts them in a temporary local
/// registry). The packages land in `target/package-check/package/`.
/// `--allow-dirty`: CI checks the tree as it is, committed or not.
///
/// Both places where cargo keeps the temporary registry's crates are
/// cleared first, because cargo treats them as immutable registry crates:
/// their builds (the step's own target directory is removed) and their
/// unpacked sources (see [`remove_unpacked_copies`]). Without that, a second
/// run from the same checkout path verifies against the first run's sources.
fn package() -> Result {
    let crates = library_crates()?;
    let target_dir = crate::project_root().join("target").join("package-check");
    remove_if_present(&target_dir)?;
    remove_unpacked_copies(&crates)?;
    let mut cmd = cargo_cmd(&["package", "--allow-dirty", "--target-dir"]);
    cmd.arg(&target_dir);
    for krate in &crates {
        cmd.args(["-p", &krate.name]);
    }
    run_status(&mut cmd)
}

/// Removes the unpacked copies of this workspace's crates that earlier
/// `cargo package` runs left in cargo's registry source cache.
///
/// Cargo unpacks a local registry's crate once, into
/// `$CARGO_HOME/registry/src/-HASH/NAME-VERSION` (a local registry has no
/// name; `HASH` comes from the registry's path), and reuses that directory
/// whenever it exists. The temporary registry of `cargo package` sits at the
/// same path on every run from the same checkout, so without this a changed
/// crate at an unchanged version is verified against its old sources. Only
/// directories named after a workspace crate and its version, in name-less
/// registries, are removed; crates.io's copies are left alone.
fn remove_unpacked_copies(crates: &[LibraryCrate]) -> Result {
    let cargo_home = match env::var_os("CARGO_HOME") {
        Some(home) => PathBuf::from(home),
        None => match env::var_os("HOME") {
            Some(home) => PathBuf::from(home).join(".cargo"),
            None => return Ok(()),
        },
    };
    let Ok(registries) = fs::read_dir(cargo_home.join("registry").join("src")) else {
        return Ok(());
    };
    for registry in registries {
        let registry = registry?;
        if !registry.file_name().to_string_lossy().starts_with('-') {
            continue;
        }
        for krate in crates {
            remove_if_present(&registry.path().join(format!("{}-{}", krate.name, krate.version)))?;
        }
    }
    Ok(())
}

/// Removes directory `dir` and everything in it, if it exists.
fn remove_if_present(dir: &Path) -> Result {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// A workspace member that is published: it has a library (or proc-macro)
/// target and no `publish = false`.
struct LibraryCrate {
    name: String,
    version: String,
    /// Its features, `default` excepted, in `cargo metadata`'s order.
    features: Vec<String>,
}

/// The publishable library crates, from `cargo metadata`.
fn library_crates() -> Result<Vec<LibraryCrate>> {
    let output = Command::new(crate::cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(crate::project_root())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    let metadata: Value = serde_json::from_slice(&output.stdout)?;
    let packages = metadata["packages"].as_array().ok_or("cargo metadata: no `packages`")?;
    let mut crates = Vec::new();
    for package in packages {
        // `publish` is null when the crate may go to any registry.
        let publishable = package["publish"].is_null();
        let is_lib = package["targets"].as_array().is_some_and(|targets| {
            targets.iter().any(|target| {
                target["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|k| k == "lib" || k == "proc-macro"))
            })
        });
        if !(publishable && is_lib) {
            continue;
        }
        let name = package["name"].as_str().ok_or("cargo metadata: a package without a name")?;
        let version =
            package["version"].as_str().ok_or("cargo metadata: a package without a version")?;
        let features = package["features"]
            .as_object()
            .map(|features| features.keys().filter(|f| *f != "default").cloned().collect())
            .unwrap_or_default();
        crates.push(LibraryCrate { name: name.to_owned(), version: version.to_owned(), features });
    }
    if crates.is_empty() {
        return Err("cargo metadata lists no publishable library crate".into());
    }
    Ok(crates)
}

fn seconds(d: Duration) -> String {
    format!("{:.1}s", d.as_secs_f64())
}
