//! The two raw halves of the buffer protocol: filling a `Py_buffer` from
//! an [`Answer`], and closing that export. Every `unsafe` block of the
//! export side is here.
//!
//! An exporter computes the answer to a request once per layout and keeps
//! it (see `Answers` in the parent module): an immutable, reference-counted
//! [`Answer`] that owns the shape, strides and format its exports point
//! into. Each export stores one strong reference to it in the `Py_buffer`'s
//! `internal` field; `__releasebuffer__` closes the export in the ledger
//! and drops that reference. An export then costs no allocation.

use std::ffi::{c_int, c_void};
use std::ptr::{self, NonNull};
use std::slice;
use std::sync::Arc;

use pyo3::exceptions::{PyBufferError, PyOverflowError};
use pyo3::{Bound, PyAny, PyResult, ffi};
use view_core::{DEFAULT_NDIM, FormatBuf, Layout, MAX_NDIM, Request, ViewMut};

use super::ledger::Ledger;
use super::serve_mut;

/// A request's answer in `Py_buffer` terms, owned: what an [`Answer`] is
/// built from. Built from a view while the exporter is borrowed; `buf`
/// points into the exporter's memory.
#[derive(Debug)]
pub(crate) struct Served {
    /// Element `[0, ..., 0]` (for a request without `ND`, the first byte).
    pub(crate) buf: *mut u8,
    /// `product(shape) * itemsize`.
    pub(crate) len: usize,
    /// The real item size, also when the format is left out.
    pub(crate) itemsize: usize,
    /// Whether the consumer must not write.
    pub(crate) readonly: bool,
    /// `ndim` (1 without `ND`).
    pub(crate) ndim: usize,
    /// Whether `dims` starts with the shape (`ND` requested).
    pub(crate) has_shape: bool,
    /// Whether `dims` continues with the strides (`STRIDES` requested).
    pub(crate) has_strides: bool,
    /// The shape, then the strides, when given.
    pub(crate) dims: Vec<isize>,
    /// The NUL-terminated format, or `None` when `FORMAT` was not requested.
    pub(crate) format: Option<Vec<u8>>,
}

/// The `Py_buffer` fields of one request's answer, checked and converted
/// once, shared by every export that gets this answer. Immutable: the
/// `Py_buffer`s of live exports point into `dims` and `format`.
#[derive(Debug)]
pub(crate) struct Answer {
    buf: *mut u8,
    len: ffi::Py_ssize_t,
    itemsize: ffi::Py_ssize_t,
    readonly: bool,
    ndim: c_int,
    /// `ndim` as an index: where the strides start in `dims`.
    rank: usize,
    has_shape: bool,
    has_strides: bool,
    dims: Box<[isize]>,
    format: Option<Box<[u8]>>,
    /// The ledger of the exporter: each export is counted in it, writable
    /// unless `readonly`.
    ledger: Arc<Ledger>,
}

// SAFETY: `buf` is the only field that is not `Send`; Rust never
// dereferences it (it is handed to Python consumers, who use it under the
// ledger's rules), so an `Answer` may move to another thread.
unsafe impl Send for Answer {}
// SAFETY: as for `Send`: `&Answer` gives no access to the memory at `buf`.
unsafe impl Sync for Answer {}

fn ssize(n: usize) -> PyResult<ffi::Py_ssize_t> {
    ffi::Py_ssize_t::try_from(n)
        .map_err(|_| PyOverflowError::new_err("buffer size does not fit in Py_ssize_t"))
}

impl Answer {
    /// Checks and converts `served` once, for exports counted in `ledger`.
    pub(crate) fn new(served: Served, ledger: &Arc<Ledger>) -> PyResult<Arc<Self>> {
        Ok(Arc::new(Self {
            buf: served.buf,
            len: ssize(served.len)?,
            itemsize: ssize(served.itemsize)?,
            readonly: served.readonly,
            ndim: c_int::try_from(served.ndim)
                .map_err(|_| PyBufferError::new_err("too many dimensions"))?,
            rank: served.ndim,
            has_shape: served.has_shape,
            has_strides: served.has_strides,
            dims: served.dims.into_boxed_slice(),
            format: served.format.map(Vec::into_boxed_slice),
            ledger: Arc::clone(ledger),
        }))
    }

    /// Whether a consumer gets the same `Py_buffer` from `self` and `other`
    /// (so one of them can serve both requests).
    pub(crate) fn same_as(&self, other: &Self) -> bool {
        (self.buf, self.len, self.itemsize, self.readonly, self.rank)
            == (other.buf, other.len, other.itemsize, other.readonly, other.rank)
            && (self.has_shape, self.has_strides) == (other.has_shape, other.has_strides)
            && (&self.dims, &self.format) == (&other.dims, &other.format)
            && Arc::ptr_eq(&self.ledger, &other.ledger)
    }

    #[cfg(test)]
    pub(crate) fn fields(&self) -> (isize, isize, bool, c_int, &[isize], Option<&[u8]>) {
        (self.len, self.itemsize, self.readonly, self.ndim, &self.dims, self.format.as_deref())
    }
}

/// Fills `view` with `answer` for `obj`, the exporting object (a new
/// reference to it is stored in `view.obj`), and opens the export in the
/// answer's ledger; `view.internal` holds the reference `answer` until
/// [`release`].
///
/// # Safety
///
/// `view` must be the `Py_buffer` CPython passed to `__getbuffer__`
/// (valid for writes), and `answer.buf` must stay valid for `answer.len`
/// bytes of reads (and writes, unless `answer.readonly`) until the
/// matching [`release`]: the ledger, which counts the export from here on,
/// guarantees the exporter neither moves, resizes nor drops that memory
/// meanwhile.
pub(crate) unsafe fn publish(
    view: *mut ffi::Py_buffer,
    answer: Arc<Answer>,
    obj: &Bound<'_, PyAny>,
) -> PyResult<()> {
    if view.is_null() {
        return Err(PyBufferError::new_err("NULL Py_buffer"));
    }
    let ndim = answer.ndim;
    // Consumers read shape, strides and format and never write them (as
    // they may not, by the buffer protocol): the `*mut` pointers CPython's
    // struct wants point into the shared, immutable answer.
    let dims = answer.dims.as_ptr().cast_mut();
    // Without ND: ndim 1 and no shape (`len / itemsize` items); without
    // STRIDES: no strides (C order). A 0-d export gives neither pointer:
    // no consumer reads them when ndim is 0.
    let mut filled = ffi::Py_buffer::new();
    if ndim > 0 {
        if answer.has_shape {
            filled.shape = dims;
        }
        if answer.has_strides {
            filled.strides = dims.wrapping_add(answer.rank);
        }
    }
    filled.buf = answer.buf.cast::<c_void>();
    filled.len = answer.len;
    filled.itemsize = answer.itemsize;
    filled.readonly = c_int::from(answer.readonly);
    filled.ndim = ndim;
    filled.format = answer.format.as_deref().map_or(ptr::null(), <[u8]>::as_ptr).cast_mut().cast();
    answer.ledger.open(!answer.readonly);
    filled.obj = obj.clone().into_ptr();
    filled.internal = Arc::into_raw(answer).cast_mut().cast::<c_void>();
    // SAFETY: `view` is non-null and valid for writes (the caller's
    // contract); `write` does not read or drop the old contents, which
    // CPython leaves uninitialised.
    unsafe { view.write(filled) };
    Ok(())
}

/// Closes the export `view` in its ledger and drops its reference to its
/// answer.
///
/// `view.obj` is left alone: CPython releases that reference itself after
/// `__releasebuffer__` returns.
///
/// # Safety
///
/// `view` must be a `Py_buffer` that [`publish`] filled and that has not
/// been released yet (CPython calls `__releasebuffer__` once per export).
pub(crate) unsafe fn release(view: *mut ffi::Py_buffer) {
    if view.is_null() {
        return;
    }
    // SAFETY: `view` is non-null and points at the `Py_buffer` `publish`
    // filled (the caller's contract), so it is valid for reads.
    let internal = unsafe { (*view).internal };
    if internal.is_null() {
        return;
    }
    // SAFETY: `internal` is the pointer `Arc::into_raw` returned in
    // `publish` for this export, released once: this takes back the one
    // strong reference it stands for.
    let answer = unsafe { Arc::from_raw(internal.cast_const().cast::<Answer>()) };
    answer.ledger.close(!answer.readonly);
    // SAFETY: as above, `view` is valid for writes; clearing `internal`
    // guards against a second release of the same export.
    unsafe { (*view).internal = ptr::null_mut() };
}

/// The memory of a writable exporter as Python sees it: the pointer every
/// writable export derives from.
///
/// It is taken from one `&mut` borrow of the buffer, by the first writable
/// export after the exporter was built or Rust last borrowed the buffer;
/// later exports build their answers from it instead of borrowing the
/// buffer again, so that no new Rust borrow of the memory is created while
/// Python may write through an earlier export's pointer (a new `&mut`
/// would invalidate that pointer in Rust's aliasing model, even though no
/// compiler sees the writes). Any Rust borrow of the buffer (`get`,
/// `with_mut`) retires the root; the next export takes a new one.
#[derive(Debug)]
pub(crate) struct Root {
    ptr: NonNull<u8>,
    len: usize,
    format: FormatBuf<Box<str>>,
    layout: Dims,
}

/// A root's layout, at the smallest capacity that holds it (a
/// `Layout<MAX_NDIM>` is a kilobyte, copied at every step of a request).
#[derive(Debug)]
enum Dims {
    Small(Layout<DEFAULT_NDIM>),
    Large(Box<Layout<MAX_NDIM>>),
}

// SAFETY: a `Root` is a pointer into memory owned by the exporter's buffer,
// which is `Send + Sync`; it is dereferenced only by `Root::serve`, under an
// exclusive borrow of that buffer's owner.
unsafe impl Send for Root {}
// SAFETY: as for `Send`: `&Root` gives no access to the memory.
unsafe impl Sync for Root {}

impl Root {
    /// Takes the root of the whole writable export `view`.
    pub(crate) fn new<const N: usize>(view: ViewMut<'_, N>) -> view_core::Result<Self> {
        let (bytes, format, layout) = view.into_parts();
        let layout = match layout.into_capacity() {
            Ok(small) => Dims::Small(small),
            Err(_) => Dims::Large(Box::new(layout.into_capacity()?)),
        };
        let format = FormatBuf::new(Box::<str>::from(format.as_str()))?;
        Ok(Self { ptr: NonNull::from(&mut *bytes).cast::<u8>(), len: bytes.len(), format, layout })
    }

    /// Serves `request` from the whole writable export again, derived from
    /// the root pointer.
    ///
    /// # Safety
    ///
    /// The memory the root was taken from must be alive and unmoved, with
    /// no Rust reference to it live: the buffer has not been borrowed since
    /// [`Root::new`] and the caller borrows the buffer's owner exclusively.
    pub(crate) unsafe fn serve(&mut self, request: Request) -> view_core::Result<Served> {
        // SAFETY: `ptr` and `len` describe the `&mut [u8]` of `Root::new`,
        // still allocated and unborrowed (the caller's contract); the slice
        // lives no longer than `&mut self`.
        let bytes = unsafe { slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) };
        let format = self.format.as_format();
        match &self.layout {
            Dims::Small(layout) => serve_mut(ViewMut::from_parts(bytes, format, *layout)?, request),
            Dims::Large(layout) => {
                serve_mut(ViewMut::from_parts(bytes, format, **layout)?, request)
            }
        }
    }
}
