//! The export half of the `viewpy` test module: `export` (bytes with any
//! layout) and `ByteVec` (a growable `Vec<u8>`, like `bytearray`).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyMemoryView};
use view_core::{Buffer, BufferMut, FormatBuf, Layout, MAX_NDIM, View, ViewMut};

use super::Exporter;
use crate::to_pyerr;

/// Adds `export`, `ByteVec` and `Exporter` to the `viewpy` module.
pub(crate) fn add_to(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Exporter>()?;
    m.add_class::<ByteVec>()?;
    m.add_function(wrap_pyfunction!(export, m)?)
}

/// Bytes with a format and a layout of their own.
struct Shaped {
    bytes: Vec<u8>,
    format: FormatBuf<String>,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

impl Shaped {
    fn layout<const N: usize>(&self) -> view_core::Result<Layout<N>> {
        Layout::new(&self.shape, &self.strides, self.offset)
    }
}

impl Buffer for Shaped {
    fn export<const N: usize>(&self) -> view_core::Result<View<'_, N>> {
        View::from_parts(&self.bytes, self.format.as_format(), self.layout()?)
    }

    fn readonly(&self) -> bool {
        false
    }
}

impl BufferMut for Shaped {
    fn export_mut<const N: usize>(&mut self) -> view_core::Result<ViewMut<'_, N>> {
        let layout = self.layout()?;
        ViewMut::from_parts(&mut self.bytes, self.format.as_format(), layout)
    }
}

fn non_negative(what: &str, n: isize) -> PyResult<usize> {
    usize::try_from(n).map_err(|_| PyValueError::new_err(format!("{what} must not be negative")))
}

/// `export(data, format, shape, strides, offset, readonly=True)`: an
/// object owning a copy of `data` that exports exactly that layout
/// (byte strides of any sign; `offset` is the byte offset of element
/// `[0, ..., 0]`).
#[pyfunction]
#[pyo3(signature = (data, format, shape, strides, offset, readonly = true))]
fn export(
    data: &Bound<'_, PyBytes>,
    format: String,
    shape: Vec<isize>,
    strides: Vec<isize>,
    offset: isize,
    readonly: bool,
) -> PyResult<Exporter> {
    if shape.len() > MAX_NDIM {
        return Err(PyValueError::new_err(format!(
            "ndim {} exceeds the maximum of {MAX_NDIM}",
            shape.len()
        )));
    }
    if shape.len() != strides.len() {
        return Err(PyValueError::new_err("shape and strides must have the same length"));
    }
    let shape = shape
        .into_iter()
        .map(|n| non_negative("shape entries", n))
        .collect::<PyResult<Vec<_>>>()?;
    let offset = non_negative("offset", offset)?;
    let shaped = Shaped {
        bytes: data.as_bytes().to_vec(),
        format: FormatBuf::new(format).map_err(to_pyerr)?,
        shape,
        strides,
        offset,
    };
    // Proves the layout lies inside the bytes before anything is exported.
    shaped.export::<MAX_NDIM>().map_err(to_pyerr)?;
    if readonly { Exporter::new(shaped) } else { Exporter::new_mut(shaped) }
}

/// `ByteVec(data=b"")`: a growable Rust `Vec<u8>` that exports itself like
/// `bytearray`, and refuses to change size while an export is alive.
#[pyclass(extends = Exporter, module = "viewpy", name = "ByteVec")]
struct ByteVec;

#[pymethods]
impl ByteVec {
    #[new]
    #[pyo3(signature = (data = None))]
    fn new(data: Option<&Bound<'_, PyAny>>) -> PyResult<PyClassInitializer<Self>> {
        let bytes = match data {
            Some(data) => copy_bytes(data)?,
            None => Vec::new(),
        };
        Ok(PyClassInitializer::from(Exporter::new_mut(bytes)?).add_subclass(Self))
    }

    /// Resizes to `n` bytes, zero-filling.
    fn resize(mut slf: PyRefMut<'_, Self>, n: usize) -> PyResult<()> {
        slf.as_super().with_mut(|v: &mut Vec<u8>| v.resize(n, 0))
    }

    /// Appends the bytes of any buffer.
    fn extend(mut slf: PyRefMut<'_, Self>, data: &Bound<'_, PyAny>) -> PyResult<()> {
        let more = copy_bytes(data)?;
        slf.as_super().with_mut(|v: &mut Vec<u8>| v.extend_from_slice(&more))
    }

    fn __len__(slf: PyRef<'_, Self>) -> usize {
        slf.as_super().nbytes()
    }

    /// A copy of the bytes, read through an export as any consumer would
    /// (also while other exports are alive).
    fn __bytes__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        PyMemoryView::from(slf.as_any())?.call_method0("tobytes")
    }
}

/// The bytes of any object that supports the buffer protocol, copied.
fn copy_bytes(data: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    if let Ok(bytes) = data.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    let view = PyMemoryView::from(data)?;
    Ok(view.call_method0("tobytes")?.cast_into::<PyBytes>()?.as_bytes().to_vec())
}
