//! Rust buffers handed to Python without `unsafe`: a `#[pyfunction]` that
//! returns a buffer, and a `#[pyclass]` that exports a `Vec` it can grow
//! when no export is alive. The Python half uses `memoryview`, and numpy
//! when the interpreter has it.
//!
//! Run with `cargo run -p view-pyo3 --example export_to_python` (the
//! interpreter is the `python3` PyO3 was configured with); `cargo test`
//! runs it too.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use view_pyo3::Exporter;

/// `squares(n)`: the first `n` squares, as a read-only buffer of `u32`.
#[pyfunction]
fn squares(n: u32) -> PyResult<Exporter> {
    Exporter::new((0..n).map(|i| i * i).collect::<Vec<u32>>())
}

/// `Samples(n)`: `n` zeros, a writable buffer of `f64` that grows with
/// `push` while Python holds no export of it.
#[pyclass(extends = Exporter)]
struct Samples;

#[pymethods]
impl Samples {
    #[new]
    fn new(n: usize) -> PyResult<PyClassInitializer<Self>> {
        Ok(PyClassInitializer::from(Exporter::new_mut(vec![0.0f64; n])?).add_subclass(Samples))
    }

    /// Appends `x`; `BufferError` while an export is alive.
    fn push(mut slf: PyRefMut<'_, Self>, x: f64) -> PyResult<()> {
        slf.as_super().with_mut(|v: &mut Vec<f64>| v.push(x))
    }

    /// The sum, computed in Rust (`BufferError` while Python may write).
    fn total(slf: PyRef<'_, Self>) -> PyResult<f64> {
        Ok(slf.as_super().get::<Vec<f64>>()?.iter().sum())
    }
}

/// The Python side: what a user of the extension writes.
const SCRIPT: &std::ffi::CStr = cr#"
from samples import Samples, squares

m = memoryview(squares(5))
assert (m.format, m.readonly, m.tolist()) == ("I", True, [0, 1, 4, 9, 16])

s = Samples(2)
s.push(1.5)
with memoryview(s) as m:
    m[0] = 10.0                 # written in place, in the Vec
    try:
        s.push(2.0)             # the Vec cannot grow while exported
    except BufferError as e:
        refused = str(e)
s.push(2.0)                     # every export released: it can
assert s.total() == 13.5

try:
    import numpy as np
except ImportError:
    np = None
if np is not None:
    a = np.asarray(s)           # zero copy: numpy sees the Vec's memory
    a *= 2
    del a
    assert s.total() == 27.0
result = (memoryview(s).tolist(), refused)
"#;

fn main() -> PyResult<()> {
    Python::attach(|py| {
        let module = PyModule::new(py, "samples")?;
        module.add_class::<Samples>()?;
        module.add_function(wrap_pyfunction!(squares, &module)?)?;
        py.import("sys")?.getattr("modules")?.set_item("samples", &module)?;
        let locals = PyDict::new(py);
        py.run(SCRIPT, None, Some(&locals))?;
        let result = locals.get_item("result")?.expect("the script sets `result`");
        let (values, refused): (Vec<f64>, String) = result.extract()?;
        println!("samples: {values:?}");
        println!("push while exported: BufferError({refused:?})");
        assert!(values == [10.0, 0.0, 1.5, 2.0] || values == [20.0, 0.0, 3.0, 4.0]);
        Ok(())
    })
}

#[test]
fn runs() -> PyResult<()> {
    main()
}
