//! `viewpy.bench`: the import row of `cargo xtask bench`, next to what a
//! PyO3 user writes today (`PyBuffer<f64>`), in the same module.

use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;

use super::view::PyView;

/// The sum of a buffer of native `f64`, through view-pyo3's typed access:
/// a slice when the elements are contiguous and aligned, else the
/// iterator (any layout).
#[pyfunction]
fn sum_view(a: PyView<'_>) -> PyResult<f64> {
    let typed = a.typed::<f64>()?;
    Ok(match typed.as_slice() {
        Some(slice) => slice.iter().sum(),
        None => typed.iter().sum(),
    })
}

/// The same through PyO3's `PyBuffer<f64>`: its slice of cells, the
/// fastest read it offers (deprecated in PyO3 0.30 as unsound, the reason
/// this crate exists), element by element otherwise.
#[pyfunction]
fn sum_pybuffer(py: Python<'_>, a: PyBuffer<f64>) -> PyResult<f64> {
    #[allow(deprecated)]
    let cells = a.as_slice(py);
    match cells {
        Some(cells) => Ok(cells.iter().map(|c| c.get()).sum()),
        None => Ok(a.to_vec(py)?.iter().sum()),
    }
}

/// Only the import and release of a buffer (its byte count back).
#[pyfunction]
fn import_view(a: PyView<'_>) -> usize {
    a.nbytes()
}

/// Only `PyBuffer::<f64>::get` and its release.
#[pyfunction]
fn import_pybuffer(a: PyBuffer<f64>) -> usize {
    a.len_bytes()
}

/// The `viewpy.bench` submodule.
pub(crate) fn module(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    let m = PyModule::new(py, "bench")?;
    m.add_function(wrap_pyfunction!(sum_view, &m)?)?;
    m.add_function(wrap_pyfunction!(sum_pybuffer, &m)?)?;
    m.add_function(wrap_pyfunction!(import_view, &m)?)?;
    m.add_function(wrap_pyfunction!(import_pybuffer, &m)?)?;
    Ok(m)
}
