//! `cargo xtask python`: the `viewpy` extension module and its clients.
//!
//! 1. [`build_extension`]: builds the `cdylib` of `crates/view-pyo3` in
//!    release for the venv's interpreter (`target/venv`, [`venv::python`]),
//!    with `PYO3_BUILD_EXTENSION_MODULE=1` (no libpython link), in its own
//!    target directory, `target/python-ext`: that environment differs from a
//!    plain `cargo build`'s, and sharing `target/` would make the two rebuild
//!    PyO3 in turn. The library is copied to `target/python/viewpy<EXT_SUFFIX>`,
//!    the suffix asked of the same interpreter.
//! 2. [`pytest`]: runs `crates/view-pyo3/tests/python` with the venv's
//!    interpreter and `PYTHONPATH=target/python`. Exit code 5 (nothing
//!    collected) fails.
//! 3. [`in_process_tests`]: `cargo test -p view-pyo3` with `LIBDIR` of the
//!    interpreter PyO3 configures itself from (`$PYO3_PYTHON`, else
//!    `python3`) first on `LD_LIBRARY_PATH`, so the tests' embedded
//!    interpreter is the libpython the build was configured with.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::{Result, cargo_cmd, display, project_root, run_status, venv};

/// Where the extension is built, relative to the project root.
const EXT_TARGET_DIR: &str = "target/python-ext";
/// Where the importable module is copied, relative to the project root.
const MODULE_DIR: &str = "target/python";
/// The pytest suite, relative to the project root.
const SUITE: &str = "crates/view-pyo3/tests/python";
/// The Python module name (the `#[pymodule]` function's name).
const MODULE: &str = "viewpy";
/// The file cargo writes for the `view-pyo3` `cdylib` on Linux.
const CDYLIB: &str = "libview_pyo3.so";

/// Builds and copies the module, runs the pytest suite, then the in-process tests.
pub(crate) fn run() -> Result {
    build_extension()?;
    pytest()?;
    in_process_tests()
}

/// Builds `viewpy` and copies it to `target/python/`; returns its path.
pub(crate) fn build_extension() -> Result<PathBuf> {
    let root = project_root();
    let python = venv::python()?.into_os_string();
    let suffix = config_var(&python, "EXT_SUFFIX")?;
    println!("==> python: building {MODULE} (release, {EXT_TARGET_DIR})");
    run_status(
        cargo_cmd(&["build", "--release", "--lib", "-p", "view-pyo3"])
            .env("CARGO_TARGET_DIR", root.join(EXT_TARGET_DIR))
            .env("PYO3_BUILD_EXTENSION_MODULE", "1")
            .env("PYO3_PYTHON", &python),
    )?;
    let built = root.join(EXT_TARGET_DIR).join("release").join(CDYLIB);
    let dir = root.join(MODULE_DIR);
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {MODULE_DIR}: {e}"))?;
    let module = dir.join(format!("{MODULE}{suffix}"));
    fs::copy(&built, &module)
        .map_err(|e| format!("cannot copy {} to {}: {e}", built.display(), module.display()))?;
    println!("==> python: {}", module.display());
    Ok(module)
}

/// Runs the pytest suite against `target/python/` with the venv's interpreter.
pub(crate) fn pytest() -> Result {
    let root = project_root();
    let python = venv::python()?;
    println!("==> python: pytest {SUITE}");
    let mut cmd = Command::new(&python);
    cmd.args(["-m", "pytest", "-q", "-p", "no:cacheprovider", SUITE])
        .current_dir(&root)
        .env("PYTHONPATH", root.join(MODULE_DIR))
        .env_remove("VIEWPY_REFERENCE");
    let status = cmd.status().map_err(|e| format!("cannot start {}: {e}", display(&cmd)))?;
    match status.code() {
        Some(0) => Ok(()),
        Some(5) => Err(format!("`{}` collected no tests", display(&cmd)).into()),
        _ => Err(format!("`{}` failed ({status})", display(&cmd)).into()),
    }
}

/// `cargo test -p view-pyo3` with the interpreter's `LIBDIR` on the loader path.
///
/// `PYO3_PYTHON` is passed through as it is: setting it where a plain
/// `cargo test` leaves it unset would make the two rebuild PyO3 in turn.
/// When unset, PyO3 and this task both use `python3` from `PATH`.
pub(crate) fn in_process_tests() -> Result {
    let python = env::var_os("PYO3_PYTHON").unwrap_or_else(|| "python3".into());
    let lib_dir = config_var(&python, "LIBDIR")?;
    let mut paths = vec![PathBuf::from(&lib_dir)];
    paths.extend(env::var_os("LD_LIBRARY_PATH").iter().flat_map(env::split_paths));
    let joined = env::join_paths(paths).map_err(|e| format!("bad LD_LIBRARY_PATH: {e}"))?;
    println!("==> python: cargo test -p view-pyo3 (LD_LIBRARY_PATH starts with {lib_dir})");
    run_status(cargo_cmd(&["test", "-p", "view-pyo3"]).env("LD_LIBRARY_PATH", joined))
}

/// `sysconfig.get_config_var(name)` of `python`; an error when it is unset.
fn config_var(python: &OsString, name: &str) -> Result<String> {
    let value = query(
        python,
        &format!("import sysconfig; print(sysconfig.get_config_var({name:?}) or '')"),
    )?;
    if value.is_empty() {
        return Err(format!("{} has no sysconfig variable {name}", python.to_string_lossy()).into());
    }
    Ok(value)
}

/// The trimmed standard output of `python -c code`.
fn query(python: &OsString, code: &str) -> Result<String> {
    let mut cmd = Command::new(python);
    cmd.args(["-c", code]);
    let out = cmd.output().map_err(|e| format!("cannot start {}: {e}", display(&cmd)))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(
            format!("`{}` failed ({}): {}", display(&cmd), out.status, stderr.trim()).into()
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
