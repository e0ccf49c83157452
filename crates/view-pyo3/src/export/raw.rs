//! The two raw halves of the buffer protocol: filling a `Py_buffer` for a
//! served request, and freeing what that fill allocated. Every `unsafe`
//! block of the export side is here.
//!
//! Each export owns its shape, strides and format: one [`Owned`] box,
//! stored in the `Py_buffer`'s `internal` field, which `Py_buffer`'s
//! pointers borrow from; `__releasebuffer__` turns it back into a box and
//! drops it, which also closes the export in the ledger.

use std::ffi::{c_int, c_void};
use std::ptr::{self, NonNull};
use std::slice;

use pyo3::exceptions::{PyBufferError, PyOverflowError};
use pyo3::{Bound, PyAny, PyResult, ffi};
use view_core::{DEFAULT_NDIM, FormatBuf, Layout, MAX_NDIM, Request, ViewMut};

use super::ledger::Ticket;
use super::serve_mut;

/// A request's answer in `Py_buffer` terms, owned: what [`publish`]
/// writes out. Built from a view while the exporter is borrowed; `buf`
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
    pub(crate) dims: Cells<isize, { 2 * DEFAULT_NDIM }>,
    /// The NUL-terminated format, or `None` when `FORMAT` was not requested.
    pub(crate) format: Option<Cells<u8, 16>>,
}

/// A short array kept inline, on the heap beyond `K` items: an export
/// then costs one allocation (its box) in the common case.
#[derive(Debug)]
pub(crate) struct Cells<T, const K: usize> {
    inline: [T; K],
    heap: Vec<T>,
    len: usize,
}

impl<T: Copy + Default, const K: usize> Cells<T, K> {
    pub(crate) fn new() -> Self {
        Self { inline: [T::default(); K], heap: Vec::new(), len: 0 }
    }

    /// `head` then `tail`.
    pub(crate) fn from_parts(head: &[T], tail: &[T]) -> Self {
        let mut cells = Self::new();
        let len = head.len() + tail.len();
        if len <= K {
            cells.inline[..head.len()].copy_from_slice(head);
            cells.inline[head.len()..len].copy_from_slice(tail);
        } else {
            cells.heap = [head, tail].concat();
        }
        cells.len = len;
        cells
    }

    pub(crate) fn push(&mut self, item: T) {
        if self.len < K && self.heap.is_empty() {
            self.inline[self.len] = item;
        } else {
            if self.heap.is_empty() {
                self.heap.extend_from_slice(&self.inline[..self.len]);
            }
            self.heap.push(item);
        }
        self.len += 1;
    }

    #[cfg(test)]
    pub(crate) fn as_slice(&self) -> &[T] {
        if self.heap.is_empty() { &self.inline[..self.len] } else { &self.heap }
    }

    fn as_mut_ptr(&mut self) -> *mut T {
        if self.heap.is_empty() { self.inline.as_mut_ptr() } else { self.heap.as_mut_ptr() }
    }
}

/// What one export owns until `__releasebuffer__`: the `Py_buffer`'s
/// shape, strides and format point into it.
#[derive(Debug)]
struct Owned {
    dims: Cells<isize, { 2 * DEFAULT_NDIM }>,
    format: Option<Cells<u8, 16>>,
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
    let ndim = served.ndim;
    let mut filled = ffi::Py_buffer::new();
    filled.buf = served.buf.cast::<c_void>();
    filled.len = ssize(served.len)?;
    filled.itemsize = ssize(served.itemsize)?;
    filled.readonly = c_int::from(served.readonly);
    filled.ndim =
        c_int::try_from(ndim).map_err(|_| PyBufferError::new_err("too many dimensions"))?;
    // Boxed first: the pointers below point into the box, which stays put.
    let mut owned = Box::new(Owned { dims: served.dims, format: served.format, _ticket: ticket });
    let dims = owned.dims.as_mut_ptr();
    filled.format = owned.format.as_mut().map_or(ptr::null_mut(), |f| f.as_mut_ptr().cast());
    // Without ND: ndim 1 and no shape (`len / itemsize` items); without
    // STRIDES: no strides (C order). A 0-d export gives neither pointer:
    // no consumer reads them when ndim is 0.
    filled.shape = if served.has_shape && ndim > 0 { dims } else { ptr::null_mut() };
    filled.strides =
        if served.has_strides && ndim > 0 { dims.wrapping_add(ndim) } else { ptr::null_mut() };
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
    /// [`Root::new`] (the ledger has counted a writable export ever since)
    /// and the caller borrows the buffer's owner exclusively.
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

#[cfg(test)]
mod tests {
    use super::Cells;

    #[test]
    fn cells_spill_to_the_heap_past_their_inline_room() {
        let mut cells = Cells::<isize, 2>::new();
        for i in 0..5 {
            cells.push(i);
            assert_eq!(cells.as_slice(), (0..=i).collect::<Vec<_>>());
        }
        assert_eq!(Cells::<u8, 4>::from_parts(b"<d", &[0]).as_slice(), b"<d\0");
        assert_eq!(Cells::<u8, 4>::from_parts(b"T{<d}", &[0]).as_slice(), b"T{<d}\0");
    }
}
