//! The project's Python environment: `target/venv`, made from `python3`
//! with the packages pinned in `xtask/requirements.txt`.
//!
//! Every task that needs numpy or pytest calls [`python`]: the first call
//! on a machine creates the venv and installs the pins from the package
//! index; later calls reuse it while the requirements file is unchanged.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use crate::{Result, project_root, run_status};

/// The requirements file, relative to the project root.
const REQUIREMENTS: &str = "xtask/requirements.txt";

/// The venv's interpreter, created or brought up to date first.
///
/// `python3` on `PATH` (or `$PYTHON`) is the base interpreter.
pub(crate) fn python() -> Result<PathBuf> {
    let root = project_root();
    let dir = root.join("target/venv");
    let bin = dir.join("bin/python");
    let requirements = fs::read_to_string(root.join(REQUIREMENTS))
        .map_err(|e| format!("cannot read {REQUIREMENTS}: {e}"))?;
    let stamp = dir.join("requirements.installed");
    if bin.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(&requirements) {
        return Ok(bin);
    }
    let base = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    if !bin.exists() {
        println!("==> venv: creating target/venv");
        run_status(Command::new(&base).args(["-m", "venv"]).arg(&dir))?;
    }
    println!("==> venv: installing {REQUIREMENTS}");
    run_status(
        Command::new(&bin)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(root.join(REQUIREMENTS)),
    )?;
    fs::write(&stamp, &requirements)
        .map_err(|e| format!("cannot write {}: {e}", stamp.display()))?;
    Ok(bin)
}
