//! `cargo xtask numpy-cases` and `cargo xtask ctypes-cases`: write JSON
//! Lines of buffers exported by numpy or ctypes themselves, for
//! `cargo xtask conform` (schema in view-conform's `exports` module docs).
//!
//! ```text
//! cargo xtask numpy-cases [--seed S] [--count N] [--python PY] OUT.jsonl
//! cargo xtask ctypes-cases [--seed S] [--count N] [--python PY] OUT.jsonl
//! ```
//!
//! The generators are `crates/view-conform/gen/{numpy,ctypes}_cases.py`,
//! run by the project's venv (`target/venv`, numpy pinned in
//! `xtask/requirements.txt`) unless `--python` names another interpreter
//! that has numpy. Relative paths are taken from the current directory.

use std::path::Path;
use std::process::Command;

use crate::{Result, project_root, run_status, venv};

/// Which exporter a generator asks.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Exporter {
    Numpy,
    Ctypes,
}

pub(crate) fn run(exporter: Exporter, args: &[String]) -> Result {
    let script = match exporter {
        Exporter::Numpy => "numpy_cases.py",
        Exporter::Ctypes => "ctypes_cases.py",
    };
    let mut passed = Vec::new();
    let mut python = None;
    let mut out = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seed" | "--count" => {
                let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
                value.parse::<u64>().map_err(|_| format!("{arg}: `{value}` is not a number"))?;
                passed.extend([arg.clone(), value.clone()]);
            }
            "--python" => python = Some(args.next().ok_or("--python needs a path")?.clone()),
            other if other.starts_with('-') => {
                return Err(format!("unknown option `{other}`").into());
            }
            other if out.is_none() => out = Some(other.to_owned()),
            other => return Err(format!("one output file only (got `{other}` too)").into()),
        }
    }
    let out =
        out.ok_or("usage: cargo xtask numpy-cases [--seed S] [--count N] [--python PY] OUT")?;
    let out = std::env::current_dir()?.join(Path::new(&out));
    let python = match python {
        Some(p) => p.into(),
        None => venv::python()?,
    };
    let scripts = project_root().join("crates/view-conform/gen");
    run_status(
        Command::new(python)
            .arg("-W")
            .arg("ignore::RuntimeWarning")
            .arg(scripts.join(script))
            .args(&passed)
            .arg(out)
            .current_dir(&scripts),
    )
}
