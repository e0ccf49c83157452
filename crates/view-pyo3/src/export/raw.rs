//! The two raw halves of the buffer protocol: filling a `Py_buffer` for a
//! served request, and freeing what that fill allocated. Every `unsafe`
//! block of the export side is here.
//!
//! Each export owns its shape, strides and format: one [`Owned`] box,
//! stored in the `Py_buffer`'s `internal` field, which `Py_buffer`'s
//! pointers borrow from; `__releasebuffer__` turns it back into a box and
//! drops it, which also closes the export in the ledger.

use std::ffi::{CString, c_int, c_void};
use std::ptr::{self, NonNull};
use std::slice;

use pyo3::exceptions::{PyBufferError, PyOverflowError};
use pyo3::{Bound, PyAny, PyResult, ffi};
use view_core::{FormatBuf, Layout, MAX_NDIM, ViewMut};

use super::ledger::Ticket;

/// A request's answer in `Py_buffer` terms, owned: what
/// [`publish`] writes out. Built from a view while the exporter is
/// borrowed; `buf` points into the exporter's memory.
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
    /// The format, or `None` when `FORMAT` was not requested.
    pub(crate) format: Option<CString>,
    /// `None` without `ND`: one dimension of `len / itemsize` items.
    pub(crate) shape: Option<Vec<usize>>,
    /// `None` without `STRIDES`: C strides.
    pub(crate) strides: Option<Vec<isize>>,
}

/// What one export owns until `__releasebuffer__`.
#[derive(Debug)]
struct Owned {
    shape: Vec<ffi::Py_ssize_t>,
    strides: Vec<isize>,
    format: Option<CString>,
    /// Closes the export in the ledger when this box is dropped.
    _ticket: Ticket,
}

fn ssize(n: usize) -> PyResult<ffi::Py_ssize_t> {
    ffi::Py_ssize_t::try_from(n)
        .map_err(|_| PyOverflowError::new_err("buffer size does not fit in Py_ssize_t"))
}

/// Fills `view` with `served` for `obj`, the exporting object (a new
/// reference to it is stored in `view.obj`), and records `ticket` in it.
///
/// # Safety
///
/// `view` must be the `Py_buffer` CPython passed to `__getbuffer__`
/// (valid for writes), and `served.buf` must stay valid for `served.len`
/// bytes of reads (and writes, unless `served.readonly`) until the
/// matching [`release`]: the caller's ledger ticket guarantees the
/// exporter neither moves, resizes nor drops that memory meanwhile.
pub(crate) unsafe fn publish(
    view: *mut ffi::Py_buffer,
    served: Served,
    obj: &Bound<'_, PyAny>,
    ticket: Ticket,
) -> PyResult<()> {
    if view.is_null() {
        return Err(PyBufferError::new_err("NULL Py_buffer"));
    }
    let ndim = served.shape.as_ref().map_or(1, Vec::len);
    let (has_shape, has_strides) = (served.shape.is_some(), served.strides.is_some());
    let mut owned = Box::new(Owned {
        shape: served.shape.unwrap_or_default().into_iter().map(ssize).collect::<PyResult<_>>()?,
        strides: served.strides.unwrap_or_default(),
        format: served.format,
        _ticket: ticket,
    });
    let mut filled = ffi::Py_buffer::new();
    filled.buf = served.buf.cast::<c_void>();
    filled.len = ssize(served.len)?;
    filled.itemsize = ssize(served.itemsize)?;
    filled.readonly = c_int::from(served.readonly);
    filled.ndim =
        c_int::try_from(ndim).map_err(|_| PyBufferError::new_err("too many dimensions"))?;
    filled.format = owned.format.as_ref().map_or(ptr::null_mut(), |f| f.as_ptr().cast_mut());
    // Without ND: ndim 1 and no shape (`len / itemsize` items); without
    // STRIDES: no strides (C order). A 0-d export gives neither pointer:
    // no consumer reads them when ndim is 0.
    filled.shape = if has_shape && ndim > 0 { owned.shape.as_mut_ptr() } else { ptr::null_mut() };
    filled.strides =
        if has_strides && ndim > 0 { owned.strides.as_mut_ptr() } else { ptr::null_mut() };
    filled.suboffsets = ptr::null_mut();
    filled.obj = obj.clone().into_ptr();
    filled.internal = Box::into_raw(owned).cast::<c_void>();
    // SAFETY: `view` is non-null and valid for writes (the caller's
    // contract); `write` does not read or drop the old contents, which
    // CPython leaves uninitialised.
    unsafe { view.write(filled) };
    Ok(())
}

/// Frees what [`publish`] allocated for `view` and closes its export.
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
    // SAFETY: `internal` is the pointer `Box::into_raw` returned in
    // `publish`, released once: no other owner of the box exists.
    drop(unsafe { Box::from_raw(internal.cast::<Owned>()) });
    // SAFETY: as above, `view` is valid for writes; clearing `internal`
    // guards against a second release of the same export.
    unsafe { (*view).internal = ptr::null_mut() };
}

/// The memory of a writable exporter while Python holds writable exports
/// of it: the pointer every one of those exports derives from.
///
/// The first writable export takes it from one `&mut` borrow of the
/// buffer; later exports, while any is still alive, build their view from
/// it instead of borrowing the buffer again, so that no new Rust borrow of
/// the memory is created while Python may write through an earlier
/// export's pointer (a new `&mut` would invalidate that pointer in Rust's
/// aliasing model, even though no compiler sees the writes).
#[derive(Debug)]
pub(crate) struct Root {
    ptr: NonNull<u8>,
    len: usize,
    format: FormatBuf<Box<str>>,
    layout: Layout<MAX_NDIM>,
}

// SAFETY: a `Root` is a pointer into memory owned by the exporter's buffer,
// which is `Send + Sync`; it is dereferenced only by `Root::view`, under an
// exclusive borrow of that buffer's owner.
unsafe impl Send for Root {}
// SAFETY: as for `Send`: `&Root` gives no access to the memory.
unsafe impl Sync for Root {}

impl Root {
    /// Takes the root of the whole writable export `view`.
    pub(crate) fn new(view: ViewMut<'_, MAX_NDIM>) -> view_core::Result<Self> {
        let (bytes, format, layout) = view.into_parts();
        let format = FormatBuf::new(Box::<str>::from(format.as_str()))?;
        Ok(Self { ptr: NonNull::from(&mut *bytes).cast::<u8>(), len: bytes.len(), format, layout })
    }

    /// The whole writable export again, derived from the root pointer.
    ///
    /// # Safety
    ///
    /// The memory the root was taken from must be alive and unmoved, with
    /// no Rust reference to it live: the buffer has not been borrowed since
    /// [`Root::new`] (the ledger has counted a writable export ever since)
    /// and the caller borrows the buffer's owner exclusively.
    pub(crate) unsafe fn view(&mut self) -> view_core::Result<ViewMut<'_, MAX_NDIM>> {
        // SAFETY: `ptr` and `len` describe the `&mut [u8]` of `Root::new`,
        // still allocated and unborrowed (the caller's contract); the slice
        // lives no longer than `&mut self`.
        let bytes = unsafe { slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) };
        ViewMut::from_parts(bytes, self.format.as_format(), self.layout)
    }
}
