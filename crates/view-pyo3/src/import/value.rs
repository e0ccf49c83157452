//! view-core's decoded values as Python objects: what `tolist()` gives.

use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyBytes, PyComplex, PyInt, PyList, PyString, PyTuple};
use view_core::Value;

/// `value` as the Python object memoryview's `tolist()` would give: `int`,
/// `float`, `bool`, `bytes`, `str` (for `w`), `complex`, `tuple` for a
/// record and nested `list`s for the dimensions.
///
/// # Errors
///
/// What creating the objects raises (`MemoryError`).
pub(crate) fn to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Int(i) => i.into_pyobject(py)?.into_any(),
        Value::BigInt(big) => {
            // Two's complement, little-endian: `int.from_bytes(b, "little", signed=True)`.
            let kwargs = [("signed", true)].into_py_dict(py)?;
            let bytes = PyBytes::new(py, big.as_le_bytes());
            py.get_type::<PyInt>().call_method("from_bytes", (bytes, "little"), Some(&kwargs))?
        }
        Value::Float(f) => f.into_pyobject(py)?.into_any(),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Bytes(b) => PyBytes::new(py, b).into_any(),
        Value::Text(t) => PyString::new(py, t).into_any(),
        Value::Complex(re, im) => PyComplex::from_doubles(py, *re, *im).into_any(),
        Value::Tuple(items) => {
            let items = items.iter().map(|v| to_python(py, v)).collect::<PyResult<Vec<_>>>()?;
            PyTuple::new(py, items)?.into_any()
        }
        Value::List(items) => {
            let items = items.iter().map(|v| to_python(py, v)).collect::<PyResult<Vec<_>>>()?;
            PyList::new(py, items)?.into_any()
        }
        // `Value` is non-exhaustive: a new kind is shown by its `Display`.
        other => PyString::new(py, &other.to_string()).into_any(),
    })
}
