//! Python buffers read and written from Rust without `unsafe`: a
//! `#[pyfunction]` that takes any buffer (`PyView` as its argument), and one
//! that asks for a writable, C-contiguous buffer with request flags of its
//! own. The Python half calls them with `bytes`, `array`, `memoryview`
//! slices, ctypes arrays, and numpy arrays when the interpreter has numpy.
//!
//! Run with `cargo run -p view-pyo3 --example import_from_python` (the
//! interpreter is the `python3` PyO3 was configured with); `cargo test`
//! runs it too.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use view_core::{MAX_NDIM, Request};
use view_pyo3::PyView;

/// `total(buf)`: the sum of any numeric buffer: any format code, byte
/// order and layout (strided, reversed, n-dimensional, 0-d).
#[pyfunction]
fn total(buf: PyView<'_, MAX_NDIM>) -> PyResult<f64> {
    buf.view()
        .iter()
        .map(|x| x.as_f64().ok_or_else(|| PyTypeError::new_err("total() needs numbers")))
        .sum()
}

/// `scale(buf, k)`: multiplies a writable, C-contiguous buffer of native
/// `f64` by `k` in place. The request asks the exporter for exactly that:
/// a read-only or strided buffer is refused by the exporter itself.
#[pyfunction]
fn scale(buf: &Bound<'_, PyAny>, k: f64) -> PyResult<()> {
    let mut view = PyView::<MAX_NDIM>::get(buf, Request::CONTIG | Request::FORMAT)?;
    let mut items = view.typed_mut::<f64>()?;
    let slice = items.as_mut_slice().ok_or_else(|| PyValueError::new_err("misaligned buffer"))?;
    slice.iter_mut().for_each(|x| *x *= k);
    Ok(())
}

/// The Python side: what a user of the extension writes.
const SCRIPT: &std::ffi::CStr = cr#"
import array, ctypes
from buffers import scale, total

assert total(b"\x01\x02\x03") == 6.0
a = array.array("d", [0.5, 1.5, 2.0, 4.0])
assert total(memoryview(a)[::-2]) == 4.0 + 1.5     # strided, reversed
assert total((ctypes.c_double * 2)(1.0, 2.5)) == 3.5  # "<d", no strides
scale(a, 2.0)
assert a.tolist() == [1.0, 3.0, 4.0, 8.0]
try:
    scale(b"12345678", 2.0)                         # read-only: refused
except BufferError as e:
    refused = str(e)

try:
    import numpy as np
except ImportError:
    np = None
if np is not None:
    assert total(np.array([1.0, 2.0, 3.0], dtype=">f8")) == 6.0  # big-endian
    m = np.arange(12, dtype="i2").reshape(3, 4)
    assert total(m.T[::2]) == float(m.T[::2].sum())
    x = np.ones(3)
    scale(x, 5.0)
    assert x.tolist() == [5.0, 5.0, 5.0]
result = (a.tolist(), refused)
"#;

fn main() -> PyResult<()> {
    Python::attach(|py| {
        let module = PyModule::new(py, "buffers")?;
        module.add_function(wrap_pyfunction!(total, &module)?)?;
        module.add_function(wrap_pyfunction!(scale, &module)?)?;
        py.import("sys")?.getattr("modules")?.set_item("buffers", &module)?;
        let locals = PyDict::new(py);
        py.run(SCRIPT, None, Some(&locals))?;
        let result =
            locals.get_item("result")?.ok_or_else(|| PyValueError::new_err("no result"))?;
        let (values, refused): (Vec<f64>, String) = result.extract()?;
        println!("scaled in place: {values:?}");
        println!("scale(bytes): BufferError({refused:?})");
        assert_eq!(values, [1.0, 3.0, 4.0, 8.0]);
        Ok(())
    })
}

#[test]
fn runs() -> PyResult<()> {
    main()
}
