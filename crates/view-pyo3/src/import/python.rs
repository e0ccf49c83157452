//! `viewpy.inspect` and `viewpy.sum`: the import half of the test module.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use view_core::{MAX_NDIM, Request};

use super::view::PyView;
use super::{sum::sum as sum_view, value};
use crate::to_pyerr;

/// `inspect(obj, flags=PyBUF_FULL_RO)`: imports `obj` with `flags` and
/// returns what the import sees, as memoryview shows it (`format`,
/// `itemsize`, `ndim`, `shape`, `strides`, `readonly`, `nbytes`,
/// `c_contiguous`, `f_contiguous`) and `tolist`, the elements as view-core
/// decodes them.
#[pyfunction]
#[pyo3(signature = (obj, flags = i64::from(pyo3::ffi::PyBUF_FULL_RO)))]
pub(crate) fn inspect<'py>(obj: &Bound<'py, PyAny>, flags: i64) -> PyResult<Bound<'py, PyDict>> {
    let bits = u32::try_from(flags)
        .map_err(|_| PyValueError::new_err(format!("invalid request flags {flags}")))?;
    let v = PyView::<MAX_NDIM>::get(obj, Request::from_bits(bits))?;
    let py = obj.py();
    let d = PyDict::new(py);
    d.set_item("format", v.format())?;
    d.set_item("itemsize", v.itemsize())?;
    d.set_item("ndim", v.ndim())?;
    d.set_item("shape", PyTuple::new(py, v.shape())?)?;
    d.set_item("strides", PyTuple::new(py, v.strides())?)?;
    d.set_item("readonly", v.readonly())?;
    d.set_item("nbytes", v.nbytes())?;
    d.set_item("c_contiguous", v.is_c_contiguous())?;
    d.set_item("f_contiguous", v.is_f_contiguous())?;
    let list = v.view().to_value().map_err(to_pyerr)?;
    d.set_item("tolist", value::to_python(py, &list)?)?;
    Ok(d)
}

/// `sum(obj)`: the sum as a `float` of every element of a buffer whose
/// format is one numeric code, any byte order, any layout.
#[pyfunction]
#[pyo3(name = "sum")]
pub(crate) fn sum_buffer(obj: PyView<'_, MAX_NDIM>) -> PyResult<f64> {
    sum_view(obj.view()).map_err(to_pyerr)
}
