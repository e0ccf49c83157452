//! The one place where this crate touches a `Py_buffer`: acquiring it,
//! reading its fields, turning the memory its layout describes into a
//! byte slice, and releasing it. Every `unsafe` block of the import half
//! is here, each with the invariant it relies on.
//!
//! What the exporter promises (PEP 3118, `PyObject_GetBuffer`): until
//! `PyBuffer_Release`, `buf`, `format`, `shape`, `strides` and `suboffsets`
//! stay valid and unchanged, and (without suboffsets) every element
//! `buf + Σ iₖ·stridesₖ`, `0 ≤ iₖ < shapeₖ`, is `itemsize` readable bytes of
//! one memory block (writable too when `readonly` is 0). What this module
//! checks before forming a slice: the fields are in range (`ndim ≤ 64`,
//! `len`, `itemsize` and the shape not negative), the fix-ups CPython's
//! memoryview makes (no shape: `len / itemsize` items; no strides: C
//! strides, which need the items to fill `len`; a 0-d item must fit `len`),
//! and the exact span of the elements (in `i128`, so nothing overflows).
//! The slice is that span and nothing more.

use std::borrow::Cow;
use std::ffi::{CStr, c_int};
use std::fmt;

use pyo3::exceptions::{PyBufferError, PyNotImplementedError, PyValueError};
use pyo3::prelude::*;
use pyo3::{PyErr, ffi};

/// CPython's `PyBUF_MAX_NDIM`.
const MAX_NDIM: usize = 64;

/// What to do with an export that has suboffsets (PIL-style arrays of
/// pointers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Suboffsets {
    /// Refuse it (kind `NotImplementedError`).
    Refuse,
    /// Copy the elements out in C order (`PyBuffer_ToContiguous`).
    Copy,
}

/// A `Py_buffer` held from `PyObject_GetBuffer` until this value drops,
/// which releases it while attached to the interpreter (`'py`).
///
/// Not `Send` nor `Sync` (it holds raw pointers), so it never leaves the
/// attached thread and cannot be used inside `Python::detach`.
pub(crate) struct RawBuffer<'py, T> {
    /// Boxed: exporters may keep the address of the `Py_buffer` they
    /// filled (`internal`), so it must not move until released. The owner's
    /// own state `T` shares the allocation, and moving the handle is cheap.
    held: Box<Held<T>>,
    /// Attached for `'py`: the release in `Drop` needs it.
    py: Python<'py>,
}

struct Held<T> {
    raw: ffi::Py_buffer,
    /// Shape and strides computed by the fix-ups, when the exporter gave
    /// none (`[shape..., strides...]`).
    fixed: Option<Box<[isize]>>,
    /// The elements copied out in C order (suboffsets, on request).
    copy: Option<Vec<u8>>,
    /// Offset of the span's first byte from `buf` (≤ 0) and its length.
    span: (isize, usize),
    /// What the owner keeps about the buffer.
    extra: T,
}

impl<T> fmt::Debug for RawBuffer<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawBuffer")
            .field("format", &self.format())
            .field("itemsize", &self.itemsize())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("readonly", &self.readonly())
            .finish_non_exhaustive()
    }
}

fn value_error(msg: impl Into<String>) -> PyErr {
    PyValueError::new_err(msg.into())
}

impl<'py, T> RawBuffer<'py, T> {
    /// `PyObject_GetBuffer(obj, flags)`, then the checks and fix-ups of the
    /// module docs, with `extra` kept beside the buffer. Any error after the
    /// buffer was acquired releases it.
    pub(crate) fn get(
        obj: &Bound<'py, PyAny>,
        flags: c_int,
        sub: Suboffsets,
        extra: T,
    ) -> PyResult<Self> {
        let raw = ffi::Py_buffer::new();
        let mut held = Box::new(Held { raw, fixed: None, copy: None, span: (0, 0), extra });
        // SAFETY: `obj` is a live object (a `Bound` holds a reference while
        // attached); `held.raw` is a writable `Py_buffer` at the address it
        // keeps until the release. On success CPython filled it and holds a
        // reference in `raw.obj`; on failure it set an exception and left
        // nothing to release.
        let status = unsafe { ffi::PyObject_GetBuffer(obj.as_ptr(), &mut held.raw, flags) };
        if status != 0 {
            return Err(PyErr::fetch(obj.py()));
        }
        let mut buffer = Self { held, py: obj.py() };
        buffer.check(flags, sub)?;
        Ok(buffer)
    }

    /// The owner's state.
    pub(crate) fn extra(&self) -> &T {
        &self.held.extra
    }

    /// The owner's state, to set.
    pub(crate) fn extra_mut(&mut self) -> &mut T {
        &mut self.held.extra
    }

    /// The checks and fix-ups; `self` is released by `Drop` on error.
    fn check(&mut self, flags: c_int, sub: Suboffsets) -> PyResult<()> {
        let raw = &self.held.raw;
        let ndim = usize::try_from(raw.ndim).ok().filter(|&n| n <= MAX_NDIM).ok_or_else(|| {
            value_error(format!("the exporter gave ndim {}, outside 0..=64", raw.ndim))
        })?;
        let len = usize::try_from(raw.len)
            .map_err(|_| value_error(format!("the exporter gave a negative len ({})", raw.len)))?;
        let itemsize = usize::try_from(raw.itemsize)
            .ok()
            .filter(|&k| k > 0)
            .ok_or_else(|| value_error(format!("the exporter gave itemsize {}", raw.itemsize)))?;
        if flags & ffi::PyBUF_WRITABLE != 0 && raw.readonly != 0 {
            return Err(PyBufferError::new_err("Object is not writable."));
        }
        let indirect =
            entries(raw, raw.suboffsets, ndim).is_some_and(|s| s.iter().any(|&x| x >= 0));
        if indirect && sub == Suboffsets::Refuse {
            return Err(PyNotImplementedError::new_err(
                "buffers with suboffsets (PIL-style arrays of pointers) are not supported; \
                 copy them out instead",
            ));
        }
        // Shape: the exporter's, or memoryview's `len / itemsize` items.
        let shape: Cow<'_, [isize]> = match entries(raw, raw.shape, ndim) {
            Some(shape) => Cow::Borrowed(shape),
            None if ndim == 1 => {
                if len % itemsize != 0 {
                    return Err(value_error(format!(
                        "the exporter gave no shape and len {len} is not a multiple of itemsize {itemsize}"
                    )));
                }
                Cow::Owned(vec![(len / itemsize) as isize])
            }
            None if ndim == 0 => Cow::Borrowed(&[][..]),
            None => return Err(value_error(format!("the exporter gave ndim {ndim} but no shape"))),
        };
        if shape.iter().any(|&n| n < 0) {
            return Err(value_error("the exporter gave a negative extent"));
        }
        let count = shape.iter().try_fold(1usize, |acc, &n| acc.checked_mul(n as usize));
        let nbytes = count.and_then(|c| c.checked_mul(itemsize));
        // Strides: the exporter's, or C strides (then the items fill `len`).
        let given_strides = if indirect { None } else { entries(raw, raw.strides, ndim) };
        let strides: Cow<'_, [isize]> = match given_strides {
            Some(strides) => Cow::Borrowed(strides),
            None => {
                if ndim > 0 && !indirect && nbytes.is_none_or(|n| n > len) {
                    return Err(value_error(format!(
                        "the exporter gave no strides and its shape needs more than len {len} bytes"
                    )));
                }
                Cow::Owned(c_strides(&shape, itemsize)?)
            }
        };
        if ndim == 0 && !indirect && itemsize > len {
            return Err(value_error(format!(
                "the exporter's 0-d item of {itemsize} bytes does not fit in its len of {len} bytes"
            )));
        }
        self.held.span = span(&shape, &strides, itemsize)?;
        self.held.fixed = match (&shape, &strides) {
            (Cow::Borrowed(_), Cow::Borrowed(_)) => None,
            _ => Some(shape.iter().chain(strides.iter()).copied().collect()),
        };
        if indirect {
            self.held.copy = Some(self.copy_out(nbytes)?);
        }
        Ok(())
    }

    /// `n` entries at `ptr` (shape, strides or suboffsets), or `None`.
    fn given(&self, ptr: *const isize, n: usize) -> Option<&[isize]> {
        entries(&self.held.raw, ptr, n)
    }

    /// The elements in C order, following the suboffsets (CPython's own
    /// `PyBuffer_ToContiguous`).
    fn copy_out(&self, nbytes: Option<usize>) -> PyResult<Vec<u8>> {
        let n = nbytes
            .filter(|&n| isize::try_from(n).is_ok())
            .ok_or_else(|| value_error("the export is too large to copy"))?;
        let mut out = vec![0u8; n];
        // SAFETY: `out` has `n` writable bytes, `n` is the export's
        // shape × itemsize, which is what `PyBuffer_ToContiguous` writes for
        // the held buffer; it reads only through the exporter's own fields.
        let status = unsafe {
            ffi::PyBuffer_ToContiguous(
                out.as_mut_ptr().cast(),
                &self.held.raw,
                n as isize,
                b'C' as _,
            )
        };
        if status != 0 {
            return Err(PyErr::fetch(self.py()));
        }
        Ok(out)
    }

    fn py(&self) -> Python<'py> {
        self.py
    }

    /// The bytes of the format the exporter gave (NUL excluded), or `None`
    /// when it gave none (the request left `FORMAT` out: read as `"B"`).
    pub(crate) fn format_bytes(&self) -> Option<&[u8]> {
        if self.held.raw.format.is_null() {
            return None;
        }
        // SAFETY: a non-NULL `format` is a NUL-terminated string owned by
        // the exporter, valid until the release in `Drop`.
        let text = unsafe { CStr::from_ptr(self.held.raw.format) };
        Some(text.to_bytes())
    }

    /// The format the exporter gave, when it gave one in UTF-8.
    pub(crate) fn format(&self) -> Option<&str> {
        self.format_bytes().and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The exporter's item size (the format's, when it gave one).
    pub(crate) fn itemsize(&self) -> usize {
        self.held.raw.itemsize as usize
    }

    /// The exporter's `len` (not negative: checked in `get`).
    pub(crate) fn len(&self) -> usize {
        self.held.raw.len as usize
    }

    /// Number of dimensions.
    pub(crate) fn ndim(&self) -> usize {
        self.held.raw.ndim as usize
    }

    /// The shape after the fix-ups (never negative: checked in `get`).
    pub(crate) fn shape(&self) -> &[isize] {
        match &self.held.fixed {
            Some(fixed) => &fixed[..self.ndim()],
            None => self.given(self.held.raw.shape, self.ndim()).unwrap_or_default(),
        }
    }

    /// The byte strides after the fix-ups (C strides when the exporter
    /// gave none, or for a copy).
    pub(crate) fn strides(&self) -> &[isize] {
        match &self.held.fixed {
            Some(fixed) => &fixed[self.ndim()..],
            None => self.given(self.held.raw.strides, self.ndim()).unwrap_or_default(),
        }
    }

    /// Whether the exporter refuses writes.
    pub(crate) fn readonly(&self) -> bool {
        self.held.raw.readonly != 0
    }

    /// Whether the elements were copied out (the export had suboffsets).
    pub(crate) fn is_copy(&self) -> bool {
        self.held.copy.is_some()
    }

    /// The exporting object (`view.obj`), if the exporter set it.
    pub(crate) fn obj(&self) -> Option<Bound<'py, PyAny>> {
        // SAFETY: `raw.obj` is NULL or a reference the `Py_buffer` holds
        // until the release; `from_borrowed_ptr_or_opt` takes a new one.
        unsafe { Bound::from_borrowed_ptr_or_opt(self.py(), self.held.raw.obj) }
    }

    /// The bytes the layout spans and the offset of element `[0, ...]` in
    /// them (the layout's `offset`).
    pub(crate) fn bytes(&self) -> (&[u8], usize) {
        let (lo, n) = self.held.span;
        if let Some(copy) = &self.held.copy {
            return (copy, 0);
        }
        if n == 0 || self.held.raw.buf.is_null() {
            return (&[], 0);
        }
        let start = self.held.raw.buf.cast::<u8>().wrapping_offset(lo);
        // SAFETY: the module docs: `[buf + lo, buf + lo + n)` is exactly the
        // span of the elements the exporter's layout addresses (computed in
        // `span` without overflow, `n ≤ isize::MAX`), so it lies in the one
        // memory block the exporter keeps readable until the release in
        // `Drop`, which `&self` outlives. Writes by others during the borrow
        // are excluded by the contract stated on `PyView`.
        let bytes = unsafe { std::slice::from_raw_parts(start, n) };
        (bytes, lo.unsigned_abs())
    }

    /// The bytes, writable, when the exporter allows writes (`None` for a
    /// read-only export, or a copy: writes would not reach the exporter),
    /// with the owner's state.
    pub(crate) fn bytes_mut(&mut self) -> Option<(&mut [u8], &T)> {
        let (lo, n) = self.held.span;
        if self.readonly() || self.held.copy.is_some() {
            return None;
        }
        if n == 0 || self.held.raw.buf.is_null() {
            return Some((&mut [], &self.held.extra));
        }
        let start = self.held.raw.buf.cast::<u8>().wrapping_offset(lo);
        // SAFETY: as in `bytes`, and `readonly` is 0 so the exporter allows
        // writes to the span; `&mut self` makes this the only slice of it
        // this value hands out (other Python views: the `PyView` contract).
        let bytes = unsafe { std::slice::from_raw_parts_mut(start, n) };
        Some((bytes, &self.held.extra))
    }
}

impl<T> Drop for RawBuffer<'_, T> {
    fn drop(&mut self) {
        // SAFETY: the buffer was filled by a successful `PyObject_GetBuffer`
        // and is released once, here, on the attached thread (`'py`: this
        // value is neither `Send` nor usable in `Python::detach`).
        unsafe { ffi::PyBuffer_Release(&mut self.held.raw) };
    }
}

/// `n` entries at `ptr`, one of the arrays of the held buffer `raw`
/// (shape, strides or suboffsets), or `None` when it is NULL.
fn entries(raw: &ffi::Py_buffer, ptr: *const isize, n: usize) -> Option<&[isize]> {
    if ptr.is_null() {
        return None;
    }
    debug_assert!([raw.shape, raw.strides, raw.suboffsets].contains(&ptr.cast_mut()));
    // SAFETY: a non-NULL `shape`, `strides` or `suboffsets` of a held
    // `Py_buffer` points to `ndim` entries (PEP 3118), valid until its
    // release in `Drop`, which the borrow of `raw` outlives; `n` is `ndim`.
    Some(unsafe { std::slice::from_raw_parts(ptr, n) })
}

/// C strides of `shape` for items of `itemsize` bytes.
fn c_strides(shape: &[isize], itemsize: usize) -> PyResult<Vec<isize>> {
    let mut strides = vec![0isize; shape.len()];
    let mut step = isize::try_from(itemsize).map_err(|_| value_error("itemsize too large"))?;
    for (s, &n) in strides.iter_mut().zip(shape).rev() {
        *s = step;
        step = step.saturating_mul(n.max(1));
    }
    Ok(strides)
}

/// `(lo, n)`: the elements span the bytes `[buf + lo, buf + lo + n)`;
/// `(0, 0)` when there are none.
fn span(shape: &[isize], strides: &[isize], itemsize: usize) -> PyResult<(isize, usize)> {
    if shape.contains(&0) {
        return Ok((0, 0));
    }
    let too_large = || value_error("the exporter's layout spans more than isize::MAX bytes");
    let (mut lo, mut hi) = (0i128, 0i128);
    for (&n, &s) in shape.iter().zip(strides) {
        // |(n - 1)·s| < 2^126: exact; the sums are checked.
        let reach = (n as i128 - 1) * s as i128;
        let end = if reach < 0 { &mut lo } else { &mut hi };
        *end = end.checked_add(reach).ok_or_else(too_large)?;
    }
    let n =
        hi.checked_sub(lo).and_then(|d| d.checked_add(itemsize as i128)).ok_or_else(too_large)?;
    let lo = isize::try_from(lo).map_err(|_| too_large())?;
    let n = usize::try_from(n).ok().filter(|&n| n <= isize::MAX as usize).ok_or_else(too_large)?;
    Ok((lo, n))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The span by brute force: every element's first and last byte.
    fn model(shape: &[isize], strides: &[isize], itemsize: usize) -> (isize, usize) {
        let count: isize = shape.iter().product();
        if count == 0 {
            return (0, 0);
        }
        let (mut lo, mut hi) = (isize::MAX, isize::MIN);
        for flat in 0..count {
            let (mut rest, mut at) = (flat, 0);
            for (&n, &s) in shape.iter().zip(strides).rev() {
                at += (rest % n) * s;
                rest /= n;
            }
            lo = lo.min(at);
            hi = hi.max(at + itemsize as isize);
        }
        (lo, (hi - lo) as usize)
    }

    proptest! {
        #[test]
        fn span_is_the_elements_hull(
            dims in proptest::collection::vec((0isize..4, -20isize..20), 0..4),
            itemsize in 1usize..9,
        ) {
            let shape: Vec<isize> = dims.iter().map(|d| d.0).collect();
            let strides: Vec<isize> = dims.iter().map(|d| d.1).collect();
            prop_assert_eq!(span(&shape, &strides, itemsize).unwrap(), model(&shape, &strides, itemsize));
        }

        #[test]
        fn c_strides_step_by_the_inner_extents(shape in proptest::collection::vec(0isize..5, 0..4)) {
            let strides = c_strides(&shape, 2).unwrap();
            let (lo, n) = span(&shape, &strides, 2).unwrap();
            let nbytes = shape.iter().product::<isize>() as usize * 2;
            prop_assert_eq!((lo, n), (0, nbytes));
        }
    }

    #[test]
    fn huge_layouts_are_refused() {
        let big = isize::MAX;
        assert!(span(&[big, big], &[big, big], 1).is_err());
        assert!(span(&[2], &[big], 8).is_err());
        assert_eq!(span(&[2], &[-(big - 8)], 1).unwrap(), (-(big - 8), (big - 7) as usize));
    }
}
