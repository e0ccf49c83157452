//! Runs `viewpy` inside an interpreter started by this test process
//! (PyO3's `auto-initialize`), next to CPython's own `_testbuffer`.

use pyo3::prelude::*;
use pyo3::wrap_pymodule;

/// Every request flag `viewpy` exposes has the value `_testbuffer` (the
/// reference consumer of CPython's test suite) gives it.
#[test]
fn request_flags_match_testbuffer() -> PyResult<()> {
    Python::attach(|py| {
        let viewpy = wrap_pymodule!(view_pyo3::viewpy)(py).into_bound(py);
        let testbuffer = py.import("_testbuffer")?;
        for &(name, value) in view_pyo3::REQUEST_FLAGS {
            let got: i32 = viewpy.getattr(name)?.extract()?;
            assert_eq!(got, value, "{name}");
            let reference: i32 = testbuffer.getattr(name)?.extract()?;
            assert_eq!(got, reference, "{name}");
        }
        Ok(())
    })
}

/// The interpreter running here is the one PyO3 was configured with: its
/// `LIBDIR` is where the build found libpython (the rpath that build.rs
/// gives the tests, or `LD_LIBRARY_PATH` from `cargo xtask python`).
#[test]
fn runs_the_configured_libpython() -> PyResult<()> {
    let Some(configured) = option_env!("VIEW_PYO3_LIBDIR") else {
        return Ok(());
    };
    Python::attach(|py| {
        let sysconfig = py.import("sysconfig")?;
        let lib_dir: String = sysconfig.call_method1("get_config_var", ("LIBDIR",))?.extract()?;
        assert_eq!(lib_dir, configured);
        Ok(())
    })
}
