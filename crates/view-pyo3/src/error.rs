//! view-core errors as the Python exceptions a memoryview would raise.

use pyo3::PyErr;
use pyo3::exceptions::{
    PyBufferError, PyIndexError, PyMemoryError, PyNotImplementedError, PyOverflowError,
    PyTypeError, PyValueError,
};
use view_core::{Error, ErrorKind};

/// The Python exception for a view-core error: the class follows
/// [`Error::kind`], the message is the error's own text, unchanged.
///
/// (`From<view_core::Error> for PyErr` cannot be written here: both types
/// belong to other crates.)
///
/// # Examples
///
/// ```
/// use pyo3::exceptions::PyValueError;
/// use pyo3::Python;
///
/// let err = view_core::Format::parse("<hz").unwrap_err();
/// Python::attach(|py| {
///     let py_err = view_pyo3::to_pyerr(err);
///     assert!(py_err.is_instance_of::<PyValueError>(py));
///     assert_eq!(py_err.value(py).to_string(), err.to_string());
/// });
/// ```
#[must_use]
pub fn to_pyerr(err: Error) -> PyErr {
    let message = err.to_string();
    match err.kind() {
        ErrorKind::Type => PyTypeError::new_err(message),
        ErrorKind::Index => PyIndexError::new_err(message),
        ErrorKind::NotImplemented => PyNotImplementedError::new_err(message),
        ErrorKind::Buffer => PyBufferError::new_err(message),
        ErrorKind::Overflow => PyOverflowError::new_err(message),
        ErrorKind::Memory => PyMemoryError::new_err(message),
        // `ErrorKind` is non-exhaustive: anything new reads as a bad value.
        _ => PyValueError::new_err(message),
    }
}
