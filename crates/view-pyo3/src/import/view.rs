//! [`PyView`]: a Python object's buffer, imported as a checked view.

use std::ffi::c_int;
use std::fmt;

use pyo3::exceptions::{PyBufferError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyAny;
use view_core::{DEFAULT_NDIM, Element, Layout, Request, Typed, View, ViewMut};

use super::format::{ItemFormat, exporter_format};
use super::raw::{RawBuffer, Suboffsets};
use crate::to_pyerr;

/// The buffer of a Python object (anything `memoryview` accepts: `bytes`,
/// `bytearray`, `array.array`, `mmap`, numpy arrays, ctypes objects, ...),
/// held with `PyObject_GetBuffer` and read as a checked view-core
/// [`View`]. Dropping it releases the buffer (`PyBuffer_Release`) while
/// still attached to the interpreter.
///
/// `N` is the capacity of the view (at most `N` dimensions; an export with
/// more is a `ValueError`); name [`view_core::MAX_NDIM`] to accept every
/// export CPython allows.
///
/// # What is checked
///
/// - The request flags are the caller's ([`Request`], CPython's values);
///   the exporter answers them, a refusal is its exception.
/// - What the exporter gives is read as CPython's memoryview reads it: no
///   format is `"B"`, no shape is `len / itemsize` items, no strides are C
///   strides (ctypes gives none). The format is parsed by view-core with
///   its byte order: `"<d"` is little-endian, `">d"` big-endian, whatever
///   the machine.
/// - Before any read, the layout is checked: extents not negative, the
///   exact byte span of the elements computed without overflow, C strides
///   only when the items fit in `len`, a 0-d item only when it fits in
///   `len`, and the format's item size equal to the exporter's `itemsize`
///   (a format left out by the request is the exception: each item is then
///   its `itemsize` bytes, a last dimension of `"B"`, as
///   [`Request::apply`] serves it). `len` bounds only the contiguous cases:
///   for strided ones it is `shape × itemsize`, not the span the strides
///   reach, so the span is the exporter's word (see below).
/// - Suboffsets (PIL-style arrays of pointers) are refused with
///   `NotImplementedError`, or copied out in C order by
///   [`get_or_copy`](Self::get_or_copy).
/// - Typed access ([`typed`](Self::typed)) is checked against the format.
///
/// # Soundness contract
///
/// The views borrow memory the exporter owns. What makes that sound:
///
/// - The exporter keeps the memory and its layout until the release (the
///   buffer protocol's promise: `bytearray`, `array` and this crate's
///   exports refuse to resize while exported), and the span a layout
///   addresses is memory it may be read from (PEP 3118; a buffer without
///   suboffsets is one block addressed by pointer arithmetic).
/// - A `PyView<'py>` lives while the thread is attached (`'py`) and is
///   neither `Send` nor `Sync`, so it never crosses `Python::detach` or
///   another thread: without running Python code, no Python code writes
///   the memory while a view of it is borrowed.
/// - What no Rust type can exclude: Python code run during a borrow (a
///   callback, `__del__`, another thread of a free-threaded build) writing
///   through another view of the same memory, or a native thread the
///   exporter shares it with (a numpy array filled by a C library). That is
///   a data race on `&[u8]`, undefined behaviour; avoiding it is the
///   caller's duty. It is why PyO3 0.30 deprecated `PyBuffer::as_slice`
///   (PyO3/pyo3#6267); rust-numpy takes the same position as this crate,
///   with a borrow checker covering numpy arrays only.
///
/// # Examples
///
/// ```
/// use pyo3::prelude::*;
/// use view_core::Request;
/// use view_pyo3::PyView;
///
/// Python::attach(|py| -> PyResult<()> {
///     let data = py.eval(c"bytearray(b'abcd')", None, None)?;
///     let v = PyView::<1>::get(&data, Request::FULL_RO)?;
///     assert_eq!((v.format(), v.shape()), ("B", &[4][..]));
///     assert_eq!(v.typed::<u8>()?.iter().map(u32::from).sum::<u32>(), 394);
///     Ok(())
/// })?;
/// # Ok::<(), PyErr>(())
/// ```
pub struct PyView<'py, const N: usize = DEFAULT_NDIM> {
    /// The buffer, and the view's parts in the same allocation.
    raw: RawBuffer<'py, Parts<N>>,
}

/// What the view reads, besides the bytes.
struct Parts<const N: usize> {
    /// The format view-core reads: `"B"` when the exporter gave none, the
    /// exporter's with a record's padding restored (see `format.rs`).
    format: ItemFormat,
    /// The view's layout: the exporter's shape and strides, with a last
    /// dimension of the item's bytes when the format was left out.
    layout: Layout<N>,
}

impl<const N: usize> fmt::Debug for PyView<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PyView").field("raw", &self.raw).field("view", &self.view()).finish()
    }
}

impl<'py, const N: usize> PyView<'py, N> {
    /// `PyObject_GetBuffer(obj, request)`, checked as the [type docs](Self)
    /// say; suboffsets are refused.
    ///
    /// # Errors
    ///
    /// What the exporter raises for the request (`BufferError` for a
    /// request it cannot meet; `TypeError` for an object without a
    /// buffer), `NotImplementedError` for suboffsets, `ValueError` for a
    /// layout that does not fit its buffer or an unknown format,
    /// `BufferError` when the request has `WRITABLE` and the export is
    /// read-only.
    ///
    /// # Examples
    ///
    /// ```
    /// use pyo3::exceptions::PyBufferError;
    /// use pyo3::prelude::*;
    /// use view_core::Request;
    /// use view_pyo3::PyView;
    ///
    /// Python::attach(|py| {
    ///     let data = pyo3::types::PyBytes::new(py, b"ab").into_any();
    ///     let err = PyView::<1>::get(&data, Request::FULL).unwrap_err();
    ///     assert!(err.is_instance_of::<PyBufferError>(py));
    /// });
    /// ```
    pub fn get(obj: &Bound<'py, PyAny>, request: Request) -> PyResult<Self> {
        Self::import(obj, request, Suboffsets::Refuse)
    }

    /// As [`get`](Self::get), but an export with suboffsets is copied out
    /// in C order (`PyBuffer_ToContiguous`) instead of refused; the view
    /// then reads the copy, and [`view_mut`](Self::view_mut) refuses (writes
    /// would not reach the exporter). `PyBUF_INDIRECT` must be in `request`
    /// for an exporter to give suboffsets.
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get), without the refusal of suboffsets.
    ///
    /// # Examples
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// use view_core::Request;
    /// use view_pyo3::PyView;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let data = py.eval(c"b'xyz'", None, None)?;
    ///     let v = PyView::<1>::get_or_copy(&data, Request::FULL_RO)?;
    ///     assert!(!v.is_copy());
    ///     Ok(())
    /// })?;
    /// # Ok::<(), PyErr>(())
    /// ```
    pub fn get_or_copy(obj: &Bound<'py, PyAny>, request: Request) -> PyResult<Self> {
        Self::import(obj, request, Suboffsets::Copy)
    }

    fn import(obj: &Bound<'py, PyAny>, request: Request, sub: Suboffsets) -> PyResult<Self> {
        let flags = c_int::try_from(request.bits()).map_err(|_| {
            PyValueError::new_err(format!("request flags {request:?} out of range"))
        })?;
        let bytes_format = || exporter_format(b"B", 1).map_err(PyValueError::new_err);
        let empty =
            Parts { format: bytes_format()?, layout: Layout::new(&[], &[], 0).map_err(to_pyerr)? };
        let mut raw = RawBuffer::get(obj, flags, sub, empty)?;
        let itemsize = raw.itemsize();
        let (format, bytes_dim) = match raw.format_bytes() {
            None => (bytes_format()?, itemsize > 1),
            Some(text) => (exporter_format(text, itemsize).map_err(PyValueError::new_err)?, false),
        };
        let (bytes, offset) = raw.bytes();
        let layout =
            view_layout(raw.shape(), raw.strides(), offset, bytes_dim.then_some(itemsize))?;
        // The check every view gets: the layout lies in the span.
        View::from_parts(bytes, format.as_format(), layout).map_err(to_pyerr)?;
        *raw.extra_mut() = Parts { format, layout };
        Ok(Self { raw })
    }

    /// The checked view of the buffer (of the copy, for [`is_copy`](Self::is_copy)).
    ///
    /// # Examples
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// use view_core::{Request, Scalar};
    /// use view_pyo3::PyView;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let data = py.eval(c"__import__('array').array('h', [1, -2])", None, None)?;
    ///     let v = PyView::<1>::get(&data, Request::FULL_RO)?;
    ///     assert_eq!(v.view().get(&[1]).map_err(view_pyo3::to_pyerr)?, Scalar::Int(-2));
    ///     Ok(())
    /// })?;
    /// # Ok::<(), PyErr>(())
    /// ```
    #[must_use]
    pub fn view(&self) -> View<'_, N> {
        let (bytes, _) = self.raw.bytes();
        let Parts { format, layout } = self.raw.extra();
        // Cannot fail: `import` checked these very parts.
        View::from_parts(bytes, format.as_format(), *layout).unwrap_or_else(|_| View::from(&[][..]))
    }

    /// The checked view, writable.
    ///
    /// # Errors
    ///
    /// `BufferError` when the exporter gave a read-only buffer (ask with
    /// `Request::WRITABLE` to have the exporter refuse instead), or for a
    /// copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// use view_core::Request;
    /// use view_pyo3::PyView;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let data = py.eval(c"bytearray(b'abc')", None, None)?;
    ///     let mut v = PyView::<1>::get(&data, Request::FULL)?;
    ///     v.typed_mut::<u8>()?.set(&[0], b'z').map_err(view_pyo3::to_pyerr)?;
    ///     drop(v);
    ///     assert_eq!(data.extract::<Vec<u8>>()?, b"zbc");
    ///     Ok(())
    /// })?;
    /// # Ok::<(), PyErr>(())
    /// ```
    pub fn view_mut(&mut self) -> PyResult<ViewMut<'_, N>> {
        let copy = self.raw.is_copy();
        let Some((bytes, Parts { format, layout })) = self.raw.bytes_mut() else {
            let what = if copy { "a copy of an export with suboffsets" } else { "read-only" };
            return Err(PyBufferError::new_err(format!("the buffer is {what}: cannot write")));
        };
        ViewMut::from_parts(bytes, format.as_format(), *layout).map_err(to_pyerr)
    }

    /// The view read as elements of `T`, after checking that the format
    /// describes `T` (kind, size and byte order: `"<d"` is an `f64` on a
    /// little-endian machine, `">d"` is not).
    ///
    /// # Errors
    ///
    /// `TypeError` when the format does not describe `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// use pyo3::prelude::*;
    /// use view_core::Request;
    /// use view_pyo3::PyView;
    ///
    /// Python::attach(|py| -> PyResult<()> {
    ///     let data = py.eval(c"__import__('array').array('d', [0.5, 2.0])", None, None)?;
    ///     let v = PyView::<1>::get(&data, Request::FULL_RO)?;
    ///     assert_eq!(v.typed::<f64>()?.iter().sum::<f64>(), 2.5);
    ///     assert!(v.typed::<f32>().is_err());
    ///     Ok(())
    /// })?;
    /// # Ok::<(), PyErr>(())
    /// ```
    pub fn typed<T: Element>(&self) -> PyResult<Typed<'_, T, N>> {
        self.view().typed::<T>().map_err(to_pyerr)
    }

    /// The writable view read as elements of `T`; see [`typed`](Self::typed).
    ///
    /// # Errors
    ///
    /// As [`view_mut`](Self::view_mut) and [`typed`](Self::typed).
    pub fn typed_mut<T: Element>(&mut self) -> PyResult<view_core::TypedMut<'_, T, N>> {
        self.view_mut()?.typed::<T>().map_err(to_pyerr)
    }

    /// The format as memoryview shows it: the exporter's text, or `"B"`.
    /// (The view's own format differs when the exporter left a record's
    /// padding out: see [`view`](Self::view).)
    #[must_use]
    pub fn format(&self) -> &str {
        // Not UTF-8 is refused by `import`.
        self.raw.format().unwrap_or("B")
    }

    /// The exporter's item size (larger than the format's, `"B"`, only when
    /// the request left the format out).
    #[must_use]
    pub fn itemsize(&self) -> usize {
        self.raw.itemsize()
    }

    /// Number of dimensions as the exporter gave them.
    #[must_use]
    pub fn ndim(&self) -> usize {
        self.raw.ndim()
    }

    /// The shape as memoryview shows it.
    #[must_use]
    pub fn shape(&self) -> &[usize] {
        &self.raw.extra().layout.shape()[..self.ndim()]
    }

    /// The byte strides as memoryview shows them (C strides when the
    /// exporter gave none).
    #[must_use]
    pub fn strides(&self) -> &[isize] {
        &self.raw.extra().layout.strides()[..self.ndim()]
    }

    /// Whether the exporter refuses writes.
    #[must_use]
    pub fn readonly(&self) -> bool {
        self.raw.readonly()
    }

    /// Whether the view reads a copy (an export with suboffsets, imported
    /// with [`get_or_copy`](Self::get_or_copy)).
    #[must_use]
    pub fn is_copy(&self) -> bool {
        self.raw.is_copy()
    }

    /// The exporter's `len`, as memoryview's `nbytes`: `shape × itemsize`,
    /// except for a 0-d export that is a part of its buffer (numpy answers
    /// a request without `ND` with `ndim` 0 and `len` of the whole array).
    #[must_use]
    pub fn nbytes(&self) -> usize {
        self.raw.len()
    }

    /// Whether the elements are C-contiguous, by memoryview's rule.
    #[must_use]
    pub fn is_c_contiguous(&self) -> bool {
        self.described().is_some_and(|l| l.is_c_contiguous(self.itemsize()))
    }

    /// Whether the elements are Fortran-contiguous, by memoryview's rule.
    #[must_use]
    pub fn is_f_contiguous(&self) -> bool {
        self.described().is_some_and(|l| l.is_f_contiguous(self.itemsize()))
    }

    /// The exporting object (`view.obj`), when the exporter set it.
    #[must_use]
    pub fn obj(&self) -> Option<Bound<'py, PyAny>> {
        self.raw.obj()
    }

    /// The layout as memoryview shows it (without the bytes dimension).
    fn described(&self) -> Option<Layout<N>> {
        Layout::new(self.shape(), self.strides(), self.raw.extra().layout.offset()).ok()
    }
}

impl<'py, const N: usize> FromPyObject<'_, 'py> for PyView<'py, N> {
    type Error = PyErr;

    /// `PyView::get(obj, Request::FULL_RO)`: what `memoryview(obj)` asks.
    fn extract(obj: Borrowed<'_, 'py, PyAny>) -> PyResult<Self> {
        Self::get(&obj, Request::FULL_RO)
    }
}

/// The view's layout: `shape`/`strides` (checked non-negative extents in
/// `raw`) at `offset`, with a last dimension of `k` bytes when `bytes_dim`
/// is `Some(k)`.
fn view_layout<const N: usize>(
    shape: &[isize],
    strides: &[isize],
    offset: usize,
    bytes_dim: Option<usize>,
) -> PyResult<Layout<N>> {
    // Extents are not negative (checked in `raw`): the same bits as `usize`.
    let dims: &[usize] = bytemuck::cast_slice(shape);
    let Some(k) = bytes_dim else {
        return Layout::new(dims, strides, offset).map_err(to_pyerr);
    };
    let ndim = dims.len();
    if ndim >= N {
        return Err(PyValueError::new_err(format!(
            "the export has {} dimensions with its item's bytes, more than this view's capacity of {N}",
            ndim + 1
        )));
    }
    let mut all_dims = [0usize; N];
    let mut all_strides = [0isize; N];
    all_dims[..ndim].copy_from_slice(dims);
    all_strides[..ndim].copy_from_slice(strides);
    all_dims[ndim] = k;
    all_strides[ndim] = 1;
    Layout::new(&all_dims[..=ndim], &all_strides[..=ndim], offset).map_err(to_pyerr)
}
