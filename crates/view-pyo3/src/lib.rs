//! Python buffers in and out of view-core views, through PyO3.
//!
//! For now this crate is the plumbing of the `viewpy` extension module:
//! `cargo xtask python` builds it as a `cdylib`, copies it to
//! `target/python/` under CPython's extension suffix and runs the pytest
//! suite in `tests/python/` against it. The module exposes CPython's
//! buffer request flags ([`REQUEST_FLAGS`]) under their C names.
//!
//! [`Exporter`] hands any Rust buffer to Python through the buffer protocol
//! (module [`export`]: what consumers get, the export ledger, the soundness
//! contract).
//!
//! [`PyView`] reads the buffer of any Python object as a checked view, with
//! the request flags the caller chooses (its docs: what is checked, and the
//! soundness contract).
//!
//! # Example
//!
//! ```
//! use view_pyo3::REQUEST_FLAGS;
//!
//! let full_ro = REQUEST_FLAGS.iter().find(|(name, _)| *name == "PyBUF_FULL_RO");
//! assert_eq!(full_ro, Some(&("PyBUF_FULL_RO", 0x011c)));
//! ```

use pyo3::ffi;
use pyo3::prelude::*;

mod error;
pub mod export;
mod import;

pub use error::to_pyerr;
pub use export::Exporter;
pub use import::PyView;

/// CPython's buffer request flags (`PyBUF_*`), by their C names, with the
/// values of the `Python.h` this crate was built against.
///
/// # Example
///
/// ```
/// use view_pyo3::REQUEST_FLAGS;
///
/// assert!(REQUEST_FLAGS.contains(&("PyBUF_SIMPLE", 0)));
/// ```
pub const REQUEST_FLAGS: &[(&str, i32)] = &[
    ("PyBUF_SIMPLE", ffi::PyBUF_SIMPLE),
    ("PyBUF_WRITABLE", ffi::PyBUF_WRITABLE),
    ("PyBUF_FORMAT", ffi::PyBUF_FORMAT),
    ("PyBUF_ND", ffi::PyBUF_ND),
    ("PyBUF_STRIDES", ffi::PyBUF_STRIDES),
    ("PyBUF_C_CONTIGUOUS", ffi::PyBUF_C_CONTIGUOUS),
    ("PyBUF_F_CONTIGUOUS", ffi::PyBUF_F_CONTIGUOUS),
    ("PyBUF_ANY_CONTIGUOUS", ffi::PyBUF_ANY_CONTIGUOUS),
    ("PyBUF_INDIRECT", ffi::PyBUF_INDIRECT),
    ("PyBUF_CONTIG", ffi::PyBUF_CONTIG),
    ("PyBUF_CONTIG_RO", ffi::PyBUF_CONTIG_RO),
    ("PyBUF_STRIDED", ffi::PyBUF_STRIDED),
    ("PyBUF_STRIDED_RO", ffi::PyBUF_STRIDED_RO),
    ("PyBUF_RECORDS", ffi::PyBUF_RECORDS),
    ("PyBUF_RECORDS_RO", ffi::PyBUF_RECORDS_RO),
    ("PyBUF_FULL", ffi::PyBUF_FULL),
    ("PyBUF_FULL_RO", ffi::PyBUF_FULL_RO),
    ("PyBUF_READ", ffi::PyBUF_READ),
    ("PyBUF_WRITE", ffi::PyBUF_WRITE),
];

/// The `viewpy` extension module: the test surface of this crate, driven
/// by the pytest suite in `tests/python/`.
#[pymodule]
pub fn viewpy(m: &Bound<'_, PyModule>) -> PyResult<()> {
    for &(name, value) in REQUEST_FLAGS {
        m.add(name, value)?;
    }
    export::add_to_viewpy(m)?;
    m.add_function(wrap_pyfunction!(import::python::inspect, m)?)?;
    m.add_function(wrap_pyfunction!(import::python::sum_buffer, m)?)?;
    m.add_submodule(&import::bench::module(m.py())?)?;
    Ok(())
}
