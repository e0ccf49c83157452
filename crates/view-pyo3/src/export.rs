//! Rust buffers exported to Python: [`Exporter`], a Python object that owns
//! any [`Buffer`] and answers the buffer protocol for it.
//!
//! # Exporting without `unsafe`
//!
//! [`Exporter::new`] moves a read-only [`Buffer`] (`Vec<T>`, `Box<[T]>`,
//! `Arc<[T]>`, `String`, an `ndarray` array, `bytes::Bytes`...) into the
//! object, [`Exporter::new_mut`] a writable [`BufferMut`] (`Vec<T>`,
//! `BytesMut`, an owned `ndarray` array...). The buffer must be
//! `Send + Sync + 'static`: the object may be used from any Python thread.
//! Return it from a `#[pyfunction]` to hand any buffer to Python, or extend
//! it with `#[pyclass(extends = Exporter)]` to write a class of your own
//! that exports (see [`Exporter`] for both).
//!
//! # What a consumer gets
//!
//! `__getbuffer__` asks view-core ([`Request::apply`]) whether the request
//! can be met and with which layout, then writes the answer as CPython's
//! reference exporter (`_testbuffer.ndarray`) does:
//!
//! - `format` is NULL unless `PyBUF_FORMAT` was requested, and `itemsize`
//!   stays the real item size (shape and strides stay those of the
//!   elements: the consumer sees the same items, typed as bytes);
//! - without `PyBUF_ND`: `ndim` 1 and `shape` NULL (`len / itemsize`
//!   items), for C-contiguous data only; with `PyBUF_FORMAT` but without
//!   `PyBUF_ND` the request is refused, as `_testbuffer` refuses it;
//! - without `PyBUF_STRIDES`: `strides` NULL, C-contiguous data only;
//! - `PyBUF_C_CONTIGUOUS`, `F_CONTIGUOUS`, `ANY_CONTIGUOUS`: refused unless
//!   the export is that contiguous; `PyBUF_WRITABLE` on a read-only export
//!   is refused (each refusal a `BufferError`);
//! - `len`, `itemsize`, `ndim`, `readonly`, `buf` and `obj` are right
//!   whatever the flags; `suboffsets` is always NULL.
//!
//! The answer to a request (shape, strides, format and the rest) is
//! computed once per layout and request flags, kept by the exporter and
//! shared by the exports that get it (each holds a reference to it until
//! `__releasebuffer__`); changing the buffer with [`Exporter::with_mut`]
//! forgets the kept answers. The object is published only through its own
//! buffer slot (`memoryview(obj)`), never through
//! `PyMemoryView_FromBuffer`, which would not keep the owner alive.
//!
//! # The export ledger
//!
//! While Python holds an export, the memory it points into must stay put.
//! The exporter counts live exports and refuses, with `BufferError`:
//!
//! - [`Exporter::with_mut`] (a `&mut` borrow, so any resize) while any
//!   export is alive, like `bytearray`'s "Existing exports of data: object
//!   cannot be re-sized";
//! - [`Exporter::get`] (a `&` borrow) while an export Python may write
//!   through is alive (every export of a writable exporter: CPython's own
//!   exporters give `readonly = 0` whatever the request, and consumers such
//!   as `memoryview` and numpy write through it);
//! - a new export while Rust holds a conflicting borrow of the object
//!   (PyO3's own borrow flag: a writable export needs the object unborrowed,
//!   a read-only one not mutably borrowed).
//!
//! Writes made through an export (memoryview assignment, numpy in-place
//! operations, `ctypes.from_buffer`) are seen by Rust once every export
//! Python may write through has been released.
//!
//! # The soundness contract
//!
//! The ledger is checked by code attached to the interpreter, as every
//! borrow of a `#[pyclass]` is. What it guarantees: no Rust reference to
//! the exported memory is live while any export Python may write through
//! is alive, so a write made through such an export (from any thread, GIL
//! or not) never races with a Rust borrow; and the memory is neither moved,
//! resized nor freed while any export lives (each export holds a strong
//! reference to the object, and `&mut` access is refused). The writable
//! exports alive at one time all derive their pointer from one exclusive
//! borrow, taken by the first of them, so no later borrow invalidates a
//! pointer Python still holds; that borrow's pointer serves later exports
//! too, until Rust borrows the buffer again.
//! An exporter dropped while exports of it are alive (Rust code holding a
//! `PyRefMut` can replace or swap the `Exporter` value; the Python object
//! itself is never freed while exported) leaks its buffer instead of
//! freeing memory Python still uses.
//!
//! What it cannot see: native code that writes through an export it
//! received read-only, or that keeps using its pointer after releasing the
//! export (for example a thread that runs without the GIL and outlives the
//! `Py_buffer` it was given) while Rust holds a borrow. Such code breaks the
//! buffer protocol's own contract; the bridge takes the position
//! rust-numpy takes for its borrow checking, and the one behind PyO3's
//! deprecation of `PyBuffer::as_slice` (PyO3/pyo3#6267).
//!
//! # Examples
//!
//! ```
//! use pyo3::prelude::*;
//! use view_pyo3::Exporter;
//!
//! Python::attach(|py| -> PyResult<()> {
//!     let samples = Bound::new(py, Exporter::new_mut(vec![0.5f64, 1.5, 2.5])?)?;
//!     let view = py.eval(c"memoryview", None, None)?.call1((&samples,))?;
//!     assert_eq!(view.getattr("format")?.extract::<String>()?, "d");
//!     view.set_item(0, 4.0)?;
//!     // While the memoryview lives, Rust cannot borrow the vector.
//!     assert!(samples.borrow().get::<Vec<f64>>().is_err());
//!     view.call_method0("release")?;
//!     assert_eq!(samples.borrow().get::<Vec<f64>>()?, &[4.0, 1.5, 2.5]);
//!     Ok(())
//! })?;
//! # Ok::<(), PyErr>(())
//! ```

use std::any::{Any, type_name};
use std::ffi::c_int;
use std::fmt;
use std::sync::Arc;

use pyo3::exceptions::{PyBufferError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use view_core::{
    Buffer, BufferMut, DEFAULT_NDIM, Error, ErrorKind, Format, Layout, MAX_NDIM, Reason, Request,
    ViewMut,
};

use crate::to_pyerr;

mod answers;
mod ledger;
mod raw;
mod viewpy;

pub(crate) use viewpy::add_to as add_to_viewpy;

use answers::Answers;
use ledger::Ledger;
use raw::{Root, Served};

/// `_testbuffer`'s refusal of `PyBUF_FORMAT` without `PyBUF_ND`.
const FORMAT_WITHOUT_ND: &str =
    "ndarray: cannot cast to unsigned bytes if the format flag is present";
/// A new export refused because Rust holds a conflicting borrow.
const BORROWED: &str = "the exporter is borrowed from Rust";

/// A Rust [`Buffer`] owned by a Python object that exports it through the
/// buffer protocol (see the [module docs](self) for what consumers get and
/// for the ledger that keeps the memory in place while exported).
///
/// In Python the class is `view_pyo3.Exporter`; it has no constructor of
/// its own: Rust code builds it.
///
/// # Examples
///
/// A `#[pyfunction]` that returns any buffer to Python:
///
/// ```
/// use pyo3::prelude::*;
/// use view_pyo3::Exporter;
///
/// #[pyfunction]
/// fn squares(n: u32) -> PyResult<Exporter> {
///     Exporter::new((0..n).map(|i| i * i).collect::<Vec<u32>>())
/// }
///
/// Python::attach(|py| -> PyResult<()> {
///     let squares = wrap_pyfunction!(squares, py)?;
///     let view = py.eval(c"memoryview", None, None)?.call1((squares.call1((4,))?,))?;
///     assert_eq!(view.call_method0("tolist")?.extract::<Vec<u32>>()?, [0, 1, 4, 9]);
///     assert!(view.getattr("readonly")?.extract::<bool>()?);
///     Ok(())
/// })?;
/// # Ok::<(), PyErr>(())
/// ```
///
/// A class of your own that exports a `Vec` and can grow it when no export
/// is alive, without `unsafe`:
///
/// ```
/// use pyo3::prelude::*;
/// use view_pyo3::Exporter;
///
/// #[pyclass(extends = Exporter)]
/// struct Samples;
///
/// #[pymethods]
/// impl Samples {
///     #[new]
///     fn new(n: usize) -> PyResult<PyClassInitializer<Self>> {
///         Ok(PyClassInitializer::from(Exporter::new_mut(vec![0.0f64; n])?).add_subclass(Samples))
///     }
///
///     /// Appends `x`; a `BufferError` while Python holds an export.
///     fn push(mut slf: PyRefMut<'_, Self>, x: f64) -> PyResult<()> {
///         slf.as_super().with_mut(|v: &mut Vec<f64>| v.push(x))
///     }
/// }
///
/// Python::attach(|py| -> PyResult<()> {
///     let samples = Bound::new(py, Samples::new(2)?)?;
///     samples.call_method1("push", (1.5,))?;
///     let view = py.eval(c"memoryview", None, None)?.call1((&samples,))?;
///     assert!(samples.call_method1("push", (2.5,)).is_err()); // exported
///     view.call_method0("release")?;
///     samples.call_method1("push", (2.5,))?;
///     let exporter = samples.as_super().borrow();
///     assert_eq!(exporter.get::<Vec<f64>>()?, &[0.0, 0.0, 1.5, 2.5]);
///     Ok(())
/// })?;
/// # Ok::<(), PyErr>(())
/// ```
#[pyclass(subclass, module = "view_pyo3", name = "Exporter")]
pub struct Exporter {
    buffer: Box<dyn Erased>,
    ledger: Arc<Ledger>,
    /// Kept here so that a request never asks the buffer while exported.
    writable: bool,
    nbytes: usize,
    /// The buffer's type name, kept so that naming it borrows nothing.
    type_name: &'static str,
    answers: Answers,
}

impl fmt::Debug for Exporter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Exporter")
            .field("buffer", &self.type_name)
            .field("writable", &self.writable)
            .field("exports", &self.ledger.exports())
            .field("nbytes", &self.nbytes)
            .finish()
    }
}

impl Drop for Exporter {
    fn drop(&mut self) {
        if self.ledger.exports() > 0 {
            // Exports outlive this value (it was replaced through `&mut`):
            // their memory must stay, so the buffer is leaked.
            let placeholder: Box<dyn Erased> = Box::new(ReadOnly(Vec::<u8>::new()));
            std::mem::forget(std::mem::replace(&mut self.buffer, placeholder));
        }
    }
}

impl Exporter {
    /// Moves `buffer` into an exporter whose exports are read-only.
    ///
    /// # Errors
    ///
    /// The error of [`Buffer::export`] as its Python exception (for example
    /// `ValueError` for memory no view can describe).
    ///
    /// # Examples
    ///
    /// ```
    /// let exporter = view_pyo3::Exporter::new(std::sync::Arc::<[u16]>::from([1, 2, 3]))?;
    /// assert_eq!((exporter.nbytes(), exporter.readonly()), (6, true));
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    pub fn new<B: Buffer + Send + Sync + 'static>(buffer: B) -> PyResult<Self> {
        Self::from_erased(Box::new(ReadOnly(buffer)))
    }

    /// Moves `buffer` into an exporter whose exports are writable (unless
    /// the buffer itself says it is [read-only](Buffer::readonly)).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// let exporter = view_pyo3::Exporter::new_mut(vec![0u8; 4])?;
    /// assert_eq!((exporter.nbytes(), exporter.readonly()), (4, false));
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    pub fn new_mut<B: BufferMut + Send + Sync + 'static>(buffer: B) -> PyResult<Self> {
        Self::from_erased(Box::new(ReadWrite(buffer)))
    }

    fn from_erased(buffer: Box<dyn Erased>) -> PyResult<Self> {
        let nbytes = buffer.nbytes().map_err(to_pyerr)?;
        let writable = buffer.writable();
        let type_name = buffer.type_name();
        let ledger = Ledger::new();
        Ok(Self { buffer, ledger, writable, nbytes, type_name, answers: Answers::default() })
    }

    /// A shared borrow of the buffer, as the type it was built from.
    ///
    /// # Errors
    ///
    /// `BufferError` while an export Python may write through is alive;
    /// `TypeError` when the buffer is not a `B`.
    ///
    /// # Examples
    ///
    /// ```
    /// let exporter = view_pyo3::Exporter::new(vec![1u8, 2])?;
    /// assert_eq!(exporter.get::<Vec<u8>>()?, &[1, 2]);
    /// assert!(exporter.get::<Vec<i8>>().is_err());
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    pub fn get<B: 'static>(&self) -> PyResult<&B> {
        self.ledger.check_shared()?;
        self.answers.note_borrow();
        self.buffer.as_any().downcast_ref::<B>().ok_or_else(|| self.wrong_type::<B>())
    }

    /// Runs `f` on an exclusive borrow of the buffer, as the type it was
    /// built from: the one way to change it from Rust (resize, write).
    ///
    /// # Errors
    ///
    /// `BufferError` while any export is alive (like `bytearray`, the
    /// object cannot be re-sized); `TypeError` when the buffer is not a `B`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut exporter = view_pyo3::Exporter::new_mut(vec![1u8, 2])?;
    /// exporter.with_mut(|v: &mut Vec<u8>| v.push(3))?;
    /// assert_eq!(exporter.nbytes(), 3);
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    pub fn with_mut<B: 'static, R>(&mut self, f: impl FnOnce(&mut B) -> R) -> PyResult<R> {
        self.ledger.check_exclusive()?;
        let err = self.wrong_type::<B>();
        let buffer = self.buffer.as_any_mut().downcast_mut::<B>().ok_or(err)?;
        // Forgotten before `f` runs, so that no answer outlives a change
        // even when `f` panics.
        self.answers.clear();
        let out = f(buffer);
        // An export that now fails reports itself at the next request.
        self.nbytes = self.buffer.nbytes().unwrap_or(0);
        self.writable = self.buffer.writable();
        Ok(out)
    }

    /// The number of exports Python holds now.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_pyo3::Exporter::new(vec![0u8])?.exports(), 0);
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    #[must_use]
    pub fn exports(&self) -> usize {
        self.ledger.exports()
    }

    /// The size in bytes of the whole export (`memoryview(obj).nbytes`),
    /// known without borrowing the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_pyo3::Exporter::new(vec![0u32; 3])?.nbytes(), 12);
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    #[must_use]
    pub fn nbytes(&self) -> usize {
        self.nbytes
    }

    /// Whether every export is read-only.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_pyo3::Exporter::new(vec![0u8])?.readonly());
    /// # Ok::<(), pyo3::PyErr>(())
    /// ```
    #[must_use]
    pub fn readonly(&self) -> bool {
        !self.writable
    }

    fn wrong_type<B>(&self) -> PyErr {
        PyTypeError::new_err(format!(
            "the exporter holds a {}, not a {}",
            self.type_name,
            type_name::<B>()
        ))
    }
}

#[pymethods]
impl Exporter {
    /// The number of live exports (Python's view of [`Exporter::exports`]).
    #[getter(exports)]
    fn py_exports(&self) -> usize {
        self.exports()
    }

    /// `bf_getbuffer`: serves `flags` (see the module docs).
    ///
    /// # Safety
    ///
    /// Called by CPython with the `Py_buffer` to fill.
    unsafe fn __getbuffer__(
        slf: &Bound<'_, Self>,
        view: *mut ffi::Py_buffer,
        flags: c_int,
    ) -> PyResult<()> {
        let request = Request::from_bits(flags.cast_unsigned());
        let busy = || PyBufferError::new_err(BORROWED);
        // One borrow in the common case (the object unborrowed); a
        // read-only exporter also serves while Rust borrows it shared.
        let answer = match slf.try_borrow_mut() {
            Ok(mut this) => {
                let this = &mut *this;
                this.answers.answer(request, &mut this.buffer, this.writable, &this.ledger)?
            }
            Err(_) => {
                let this = slf.try_borrow().map_err(|_| busy())?;
                if this.writable {
                    return Err(busy());
                }
                match this.answers.find(request) {
                    Some(answer) => Arc::clone(answer),
                    None => raw::Answer::new(
                        this.buffer.serve(request).map_err(to_pyerr)?,
                        &this.ledger,
                    )?,
                }
            }
        };
        // SAFETY: `view` is the buffer CPython asked us to fill. `answer`
        // points into the buffer owned by `slf`; `publish` counts the
        // export in the ledger until `__releasebuffer__`, so the memory is
        // neither borrowed mutably, resized nor dropped (the export holds
        // a reference to `slf`) before then.
        unsafe { raw::publish(view, answer, slf.as_any()) }
    }

    /// `bf_releasebuffer`: ends the export in the ledger and drops its
    /// reference to its answer. Borrows nothing: it cannot fail.
    ///
    /// # Safety
    ///
    /// Called by CPython once per export, with its `Py_buffer`.
    unsafe fn __releasebuffer__(_slf: &Bound<'_, Self>, view: *mut ffi::Py_buffer) {
        // SAFETY: CPython passes the `Py_buffer` that `__getbuffer__`
        // filled through `raw::publish`, once.
        unsafe { raw::release(view) }
    }
}

/// A buffer with its type erased: what an [`Exporter`] holds.
trait Erased: Send + Sync + 'static {
    /// Whether exports are writable.
    fn writable(&self) -> bool;
    /// A read-only answer to `request`.
    fn serve(&self, request: Request) -> view_core::Result<Served>;
    /// The root of writable exports: the whole writable export, from one
    /// exclusive borrow of the buffer.
    fn root(&mut self) -> view_core::Result<Root>;
    /// `nbytes` of the whole export.
    fn nbytes(&self) -> view_core::Result<usize>;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn type_name(&self) -> &'static str;
}

/// The [`Erased`] methods that only look at the held buffer `self.0` of
/// type `B`: the same in [`ReadOnly`] and [`ReadWrite`].
macro_rules! held_buffer_methods {
    () => {
        fn nbytes(&self) -> view_core::Result<usize> {
            nbytes(&self.0)
        }

        fn as_any(&self) -> &dyn Any {
            &self.0
        }

        fn as_any_mut(&mut self) -> &mut dyn Any {
            &mut self.0
        }

        fn type_name(&self) -> &'static str {
            type_name::<B>()
        }
    };
}

/// A [`Buffer`] exported read-only.
struct ReadOnly<B>(B);
/// A [`BufferMut`] exported writable.
struct ReadWrite<B>(B);

impl<B: Buffer + Send + Sync + 'static> Erased for ReadOnly<B> {
    fn writable(&self) -> bool {
        false
    }

    fn serve(&self, request: Request) -> view_core::Result<Served> {
        serve_shared(&self.0, request)
    }

    fn root(&mut self) -> view_core::Result<Root> {
        Err(Error::because(Reason::RequestNotMet(Request::WRITABLE)))
    }

    held_buffer_methods!();
}

impl<B: BufferMut + Send + Sync + 'static> Erased for ReadWrite<B> {
    fn writable(&self) -> bool {
        !self.0.readonly()
    }

    fn serve(&self, request: Request) -> view_core::Result<Served> {
        serve_shared(&self.0, request)
    }

    fn root(&mut self) -> view_core::Result<Root> {
        match self.0.export_mut::<DEFAULT_NDIM>() {
            Ok(view) => Root::new(view),
            Err(_) => Root::new(self.0.export_mut::<MAX_NDIM>()?),
        }
    }

    held_buffer_methods!();
}

/// A read-only answer from `buffer`, at the default capacity when the
/// export fits in it (a `Layout` of `MAX_NDIM` is a kilobyte to copy).
fn serve_shared<B: Buffer>(buffer: &B, request: Request) -> view_core::Result<Served> {
    serve_at::<B, DEFAULT_NDIM>(buffer, request)
        .or_else(|_| serve_at::<B, MAX_NDIM>(buffer, request))
}

fn serve_at<B: Buffer, const N: usize>(buffer: &B, request: Request) -> view_core::Result<Served> {
    let view = core_request(request).apply(buffer.export::<N>()?, true)?;
    let (bytes, format, layout) = view.into_parts();
    // Read-only (`readonly = 1`): no consumer writes through this pointer.
    served(bytes.as_ptr().cast_mut(), format, &layout, request, true)
}

/// A writable answer from the whole export `view`.
fn serve_mut<const N: usize>(view: ViewMut<'_, N>, request: Request) -> view_core::Result<Served> {
    let view = core_request(request).apply_mut(view)?;
    let (bytes, format, layout) = view.into_parts();
    served(bytes.as_mut_ptr(), format, &layout, request, false)
}

/// `nbytes` of the whole export of `buffer`.
fn nbytes<B: Buffer>(buffer: &B) -> view_core::Result<usize> {
    match buffer.export::<DEFAULT_NDIM>() {
        Ok(view) => Ok(view.nbytes()),
        Err(_) => Ok(buffer.export::<MAX_NDIM>()?.nbytes()),
    }
}

/// The request view-core serves for the consumer's `request`. view-core
/// decides every refusal and the layout; the bridge asks it with `FORMAT`
/// added, so that a request without `FORMAT` keeps the elements' shape and
/// item size (CPython then leaves the format NULL and keeps both, where a
/// view would retype the elements as bytes).
fn core_request(request: Request) -> Request {
    request | Request::FORMAT
}

/// The `Py_buffer` answer for a served view whose bytes start at `base`.
fn served<const N: usize>(
    base: *mut u8,
    format: Format<'_>,
    layout: &Layout<N>,
    request: Request,
    readonly: bool,
) -> view_core::Result<Served> {
    let has_nd = request.contains(Request::ND);
    if !has_nd && request.contains(Request::FORMAT) {
        return Err(Error::new(ErrorKind::Buffer, FORMAT_WITHOUT_ND));
    }
    let itemsize = format.itemsize();
    let overflow = || Error::new(ErrorKind::Overflow, "buffer size does not fit in Py_ssize_t");
    let len = layout.count().checked_mul(itemsize).ok_or_else(overflow)?;
    let format = if request.contains(Request::FORMAT) {
        let text = format.as_str().as_bytes();
        if text.contains(&0) {
            return Err(Error::new(
                ErrorKind::Value,
                "a format with a NUL byte cannot be exported",
            ));
        }
        Some([text, &[0]].concat())
    } else {
        None
    };
    let has_strides = request.contains(Request::STRIDES);
    let mut dims = Vec::with_capacity(2 * layout.ndim());
    if has_nd {
        for &n in layout.shape() {
            dims.push(isize::try_from(n).map_err(|_| overflow())?);
        }
        if has_strides {
            layout.strides().iter().for_each(|&s| dims.push(s));
        }
    }
    Ok(Served {
        // Pointer arithmetic only: an empty export never reads it.
        buf: base.wrapping_add(layout.offset()),
        len,
        itemsize,
        readonly,
        ndim: if has_nd { layout.ndim() } else { 1 },
        has_shape: has_nd,
        has_strides,
        dims,
        format,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_without_nd_is_refused() {
        let data = vec![1u16, 2];
        let err = serve_shared(&data, Request::FORMAT).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Buffer);
        let ok = serve_shared(&data, Request::SIMPLE).unwrap();
        assert_eq!(
            (ok.len, ok.itemsize, ok.ndim, ok.has_shape, ok.has_strides),
            (4, 2, 1, false, false)
        );
        assert!(ok.format.is_none());
        let full = serve_shared(&data, Request::FULL_RO).unwrap();
        assert_eq!(full.dims.as_slice(), &[2, 2]);
        assert_eq!(full.format.unwrap().as_slice(), b"H\0");
        let nd = serve_shared(&data, Request::ND).unwrap();
        assert_eq!((nd.dims.as_slice(), nd.has_strides, nd.itemsize), (&[2][..], false, 2));
    }
}
