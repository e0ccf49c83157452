//! [`ViewBase`]: a buffer, a format and a layout, written once over its
//! storage; [`View`] (over `&[u8]`) and [`ViewMut`] (over `&mut [u8]`) are
//! its two forms.

use core::fmt;

use crate::compare::{Operand, equal, same_shape};
use crate::copy::{Side, copy, copy_out};
use crate::error::{CastProblem, Error, Reason, Result};
use crate::format::Format;
use crate::hex::{Encoder, grouping, hex_len};
use crate::iter::Iter;
use crate::layout::{DEFAULT_NDIM, Layout, MAX_NDIM, Order, Slice};
use crate::scalar::{Scalar, pack_element, read_other};

mod sealed {
    /// Only the crate's two storages implement [`Storage`](super::Storage).
    #[allow(unreachable_pub)]
    pub trait Sealed {}

    impl Sealed for &[u8] {}
    impl Sealed for &mut [u8] {}
}

/// Where a view's bytes live: `&'a [u8]` ([`View`]) or `&'a mut [u8]`
/// ([`ViewMut`]). Sealed: the crate relies on the bytes not changing
/// length under a view.
///
/// # Examples
///
/// ```
/// use view_core::{Storage, ViewBase};
///
/// fn ndim<B: Storage, const N: usize>(v: &ViewBase<'_, B, N>) -> usize {
///     v.ndim()
/// }
/// let mut data = [0u8; 2];
/// assert_eq!(ndim(&view_core::View::from_bytes(b"ab")), 1);
/// assert_eq!(ndim(&view_core::ViewMut::from_bytes(&mut data)), 1);
/// ```
pub trait Storage: sealed::Sealed + core::ops::Deref<Target = [u8]> {
    /// Whether views over this storage are read-only.
    const READONLY: bool;
}

impl Storage for &[u8] {
    const READONLY: bool = true;
}

impl Storage for &mut [u8] {
    const READONLY: bool = false;
}

/// A strided, n-dimensional view of the bytes in `B`, typed by a format:
/// every operation that reads or reshapes is written once here, for both
/// [`View`] (`B = &'a [u8]`) and [`ViewMut`] (`B = &'a mut [u8]`).
///
/// `N` is the most dimensions the view can hold ([`DEFAULT_NDIM`] unless
/// named; CPython's 64 is [`MAX_NDIM`]). Shape and strides are stored
/// inline, so a smaller `N` makes every slice, cast and copy of the view
/// cheaper; [`into_capacity`](Self::into_capacity) converts between
/// capacities. Slicing, indexing a dimension away, transposing and casting
/// consume the view and return one of the same bytes in O(1), without
/// allocating (a [`View`] is `Copy`; a [`ViewMut`] is
/// [`reborrow`](ViewMut::reborrow)ed first to keep it).
///
/// Layout invariants: see the [`layout`](crate::layout) module. A view
/// exists only when every element lies inside its buffer.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// // A 2x3 matrix of little-endian u16.
/// let data: Vec<u8> = (0u16..6).flat_map(|x| x.to_le_bytes()).collect();
/// let m = View::new(&data, "<H", &[2, 3], &[6, 2], 0)?;
/// assert_eq!(m.get(&[1, 2])?, Scalar::Int(5));
///
/// let column = m.index_axis(1, 1)?;
/// assert_eq!(column.shape(), &[2]);
/// assert_eq!(column.strides(), &[6]);
///
/// let t = m.transpose();
/// let mut out = [0u8; 12];
/// t.copy_to_slice(&mut out, view_core::Order::C)?;
/// assert_eq!(out, [0, 0, 3, 0, 1, 0, 4, 0, 2, 0, 5, 0]);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct ViewBase<'a, B, const N: usize = DEFAULT_NDIM> {
    bytes: B,
    format: Format<'a>,
    layout: Layout<N>,
}

/// A read-only view of `&'a [u8]`: [`ViewBase`] over shared bytes. `Copy`.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// let v = View::new(&[1u8, 0, 2, 0], "<H", &[2], &[2], 0)?;
/// assert_eq!(v.get(&[-1])?, Scalar::Int(2));
/// // Name the capacity for more than the default number of dimensions.
/// let deep = View::from_bytes(&[0u8; 1]).into_capacity::<64>()?;
/// assert_eq!(deep.ndim(), 1);
/// # Ok::<(), view_core::Error>(())
/// ```
pub type View<'a, const N: usize = DEFAULT_NDIM> = ViewBase<'a, &'a [u8], N>;

/// A writable view of `&'a mut [u8]`: [`ViewBase`] over exclusive bytes.
///
/// Reads and reshaping work as on [`View`]; writes pack values with
/// memoryview's checks.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, ViewMut};
///
/// let mut data = [0u8; 4];
/// let mut v = ViewMut::new(&mut data, "<h", &[2], &[2], 0)?;
/// v.set(&[1], Scalar::Int(-2))?;
/// assert_eq!(v.as_view().get(&[-1])?, Scalar::Int(-2));
/// assert_eq!(data, [0, 0, 0xfe, 0xff]);
/// # Ok::<(), view_core::Error>(())
/// ```
pub type ViewMut<'a, const N: usize = DEFAULT_NDIM> = ViewBase<'a, &'a mut [u8], N>;

impl<B: Storage, const N: usize> fmt::Debug for ViewBase<'_, B, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(if B::READONLY { "View" } else { "ViewMut" })
            .field("format", &self.format.as_str())
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("offset", &self.offset())
            .field("readonly", &B::READONLY)
            .field("data", &crate::display::Data(&self.as_view()))
            .finish()
    }
}

impl<'a, B: Storage> ViewBase<'a, B> {
    /// A view of `bytes` with a format string, shape, strides (in bytes) and
    /// the byte offset of element `[0, 0, ...]`, at the default capacity
    /// (for another, build a [`Layout`] of that capacity and use
    /// [`from_parts`](Self::from_parts)).
    ///
    /// # Errors
    ///
    /// Kind Value when the format does not parse or has itemsize 0, when
    /// shape and strides differ in length or exceed the capacity, or when
    /// some element would lie outside `bytes`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View, ViewMut};
    ///
    /// let data = [0u8; 8];
    /// let v = View::new(&data, "<i", &[2], &[-4], 4)?;
    /// assert_eq!(v.nbytes(), 8);
    ///
    /// let err = View::new(&data, "<i", &[3], &[4], 0).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Value);
    ///
    /// let mut data = [0u8; 8];
    /// let m = ViewMut::new(&mut data, "d", &[], &[], 0)?;
    /// assert_eq!(m.ndim(), 0);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn new(
        bytes: B,
        format: &'a str,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let format = Format::parse(format)?;
        if let ([n], [stride]) = (shape, strides) {
            // One dimension: the layout built and checked in place.
            let layout = Layout::one_dim(*n, *stride, offset, bytes.len(), format.itemsize())?;
            return Ok(Self { bytes, format, layout });
        }
        Self::from_parts(bytes, format, Layout::new(shape, strides, offset)?)
    }

    /// A one-dimensional `B` view of a byte slice: what `memoryview(b"...")` gives.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View, ViewMut};
    ///
    /// let v = View::from_bytes(b"abc");
    /// assert_eq!(v.format().as_str(), "B");
    /// assert_eq!(v.shape(), &[3]);
    ///
    /// let mut data = *b"abc";
    /// ViewMut::from_bytes(&mut data).set(&[0], Scalar::Int(65))?;
    /// assert_eq!(&data, b"Abc");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn from_bytes(bytes: B) -> Self {
        Self::from(bytes)
    }

    /// A C-contiguous view of all of `bytes` with `shape`.
    ///
    /// # Errors
    ///
    /// As [`from_parts`](Self::from_parts), and kind Value when `bytes` is
    /// not exactly `product(shape) * itemsize` long.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let data = [0u8; 24];
    /// let v = View::with_shape(&data, "d", &[3])?;
    /// assert_eq!(v.strides(), &[8]);
    /// assert!(View::with_shape(&data, "d", &[2]).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn with_shape(bytes: B, format: &'a str, shape: &[usize]) -> Result<Self> {
        let format = Format::parse(format)?;
        let layout = Layout::c_contiguous(shape, format.itemsize(), 0)?;
        if layout.count().checked_mul(format.itemsize()) != Some(bytes.len()) {
            return Err(Error::because(Reason::ShapeBufferMismatch));
        }
        Self::from_parts(bytes, format, layout)
    }
}

impl<'a, B: Storage, const N: usize> ViewBase<'a, B, N> {
    /// A view from a parsed format and a layout of capacity `N`.
    ///
    /// # Errors
    ///
    /// Kind Value when the format's itemsize is 0 or the layout does not fit
    /// in `bytes` (see [`Layout::validate`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Format, Layout, View, ViewMut};
    ///
    /// let data = [1u8, 2, 3, 4];
    /// let small = View::<2>::from_parts(&data, Format::BYTES, Layout::new(&[2, 2], &[2, 1], 0)?)?;
    /// assert_eq!(small.ndim(), 2);
    ///
    /// let mut data = [0u8; 4];
    /// let v = ViewMut::<1>::from_parts(&mut data, Format::BYTES, Layout::new(&[4], &[1], 0)?)?;
    /// assert_eq!(v.nbytes(), 4);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn from_parts(bytes: B, format: Format<'a>, layout: Layout<N>) -> Result<Self> {
        layout.validate(bytes.len(), format.itemsize())?;
        Ok(Self { bytes, format, layout })
    }

    /// A view from parts already proved to fit together (the checks of
    /// [`from_parts`](Self::from_parts) passed for this layout, format
    /// itemsize and buffer length).
    pub(crate) const fn from_checked_parts(
        bytes: B,
        format: Format<'a>,
        layout: Layout<N>,
    ) -> Self {
        Self { bytes, format, layout }
    }

    /// The buffer, the format and the layout: what
    /// [`from_parts`](Self::from_parts) takes, to rebuild a view of the same
    /// buffer with another format or layout.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Format, Layout, ViewMut};
    ///
    /// let mut data = [0u8; 4];
    /// let v = ViewMut::new(&mut data, "<H", &[2], &[2], 0)?;
    /// let (bytes, format, layout) = v.into_parts();
    /// assert_eq!((format.as_str(), layout.shape()), ("<H", &[2][..]));
    /// let bytes_view = ViewMut::<1>::from_parts(bytes, Format::BYTES, Layout::new(&[4], &[1], 0)?)?;
    /// assert_eq!(bytes_view.nbytes(), 4);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn into_parts(self) -> (B, Format<'a>, Layout<N>) {
        (self.bytes, self.format, self.layout)
    }

    /// The element format.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(&[0u8; 2], "<h", &[1], &[2], 0)?;
    /// assert_eq!(v.format().as_str(), "<h");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn format(&self) -> Format<'a> {
        self.format
    }

    /// The layout: shape, strides and offset.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"ab");
    /// assert_eq!(v.layout().offset(), 0);
    /// ```
    #[must_use]
    pub const fn layout(&self) -> &Layout<N> {
        &self.layout
    }

    /// Bytes per element.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(&[0u8; 16], "d", &[2], &[8], 0)?;
    /// assert_eq!(v.itemsize(), 8);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn itemsize(&self) -> usize {
        self.format.itemsize()
    }

    /// Number of dimensions.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::View::from_bytes(b"ab").ndim(), 1);
    /// ```
    #[must_use]
    pub const fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// Extent of each dimension.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::View::from_bytes(b"ab").shape(), &[2]);
    /// ```
    #[must_use]
    pub fn shape(&self) -> &[usize] {
        self.layout.shape()
    }

    /// Stride of each dimension in bytes (may be negative or zero).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abc").slice(0, view_core::Slice::new(None, None, Some(-1)))?;
    /// assert_eq!(v.strides(), &[-1]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn strides(&self) -> &[isize] {
        self.layout.strides()
    }

    /// Byte offset of element `[0, 0, ...]` in the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abc").slice(0, view_core::Slice::new(None, None, Some(-1)))?;
    /// assert_eq!(v.offset(), 2);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.layout.offset()
    }

    /// Always empty: views never use PIL-style suboffsets.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_core::View::from_bytes(b"a").suboffsets().is_empty());
    /// ```
    #[must_use]
    pub const fn suboffsets(&self) -> &'static [isize] {
        &[]
    }

    /// Bytes the elements would take contiguously: `product(shape) * itemsize`.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 10];
    /// let v = view_core::View::new(&data, "B", &[5], &[2], 0)?;
    /// assert_eq!(v.nbytes(), 5);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn nbytes(&self) -> usize {
        // Invariant 2: cannot overflow.
        self.layout.count().saturating_mul(self.itemsize())
    }

    /// Extent of the first dimension, as Python's `len()`.
    ///
    /// # Errors
    ///
    /// Kind Type for a 0-dimensional view.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// assert_eq!(View::from_bytes(b"abc").len(), Ok(3));
    /// let scalar = View::new(b"a", "B", &[], &[], 0)?;
    /// assert_eq!(scalar.len().unwrap_err().kind(), ErrorKind::Type);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn len(&self) -> Result<usize> {
        self.shape().first().copied().ok_or(Error::because(Reason::ZeroDimLength))
    }

    /// Whether the view has no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_core::View::from_bytes(b"").is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.layout.is_empty()
    }

    /// Whether the view cannot write: true for a [`View`], false for a [`ViewMut`].
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [0u8; 1];
    /// assert!(view_core::View::from_bytes(b"a").readonly());
    /// assert!(!view_core::ViewMut::from_bytes(&mut data).readonly());
    /// ```
    #[must_use]
    pub const fn readonly(&self) -> bool {
        B::READONLY
    }

    /// memoryview's `c_contiguous`: ndim 0 is; ndim 1 is when the extent is 1
    /// or the stride is the itemsize; otherwise `PyBuffer_IsContiguous(C)`
    /// (a view with no elements is).
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 6];
    /// let v = view_core::View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
    /// assert!(v.is_c_contiguous());
    /// assert!(!v.transpose().is_c_contiguous());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_c_contiguous(&self) -> bool {
        self.layout.is_c_contiguous(self.itemsize())
    }

    /// memoryview's `f_contiguous` (first index fastest).
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 6];
    /// let v = view_core::View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
    /// assert!(v.transpose().is_f_contiguous());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_f_contiguous(&self) -> bool {
        self.layout.is_f_contiguous(self.itemsize())
    }

    /// memoryview's `contiguous`: C- or F-contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 6];
    /// let v = view_core::View::new(&data, "B", &[3], &[2], 0)?;
    /// assert!(!v.is_contiguous());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_contiguous(&self) -> bool {
        self.is_c_contiguous() || self.is_f_contiguous()
    }

    /// A read-only view of the same elements, borrowing this one (a copy of a [`View`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [1u8, 2];
    /// let v = view_core::ViewMut::from_bytes(&mut data);
    /// assert_eq!(v.as_view().shape(), &[2]);
    /// assert!(v.as_view().readonly());
    /// ```
    #[must_use]
    pub fn as_view(&self) -> View<'_, N> {
        ViewBase { bytes: &*self.bytes, format: self.format, layout: self.layout }
    }

    /// The whole buffer, borrowed from the view.
    #[cfg(feature = "alloc")]
    pub(crate) fn bytes_ref(&self) -> &[u8] {
        &self.bytes
    }

    /// Where the elements lie in the buffer when they are one C-contiguous run.
    fn contiguous_range(&self) -> Option<core::ops::Range<usize>> {
        if !self.layout.buffer_is_contiguous(self.itemsize(), false) {
            return None;
        }
        let start = self.offset();
        Some(start..start.checked_add(self.nbytes())?)
    }

    /// Where the element at `index` lies in the buffer (one index per
    /// dimension, negative counts from the end), with [`get`](Self::get)'s errors.
    #[inline]
    fn element_range(&self, index: &[isize]) -> Result<core::ops::Range<usize>> {
        let at = self.layout.python_offset(index)?;
        Ok(at..at.saturating_add(self.itemsize()))
    }

    /// The bytes of the element at `index`, borrowed from the view (see
    /// [`View::element_bytes`]), when the caller knows the itemsize is
    /// `itemsize` (a typed view's `size_of::<T>()`, which
    /// [`typed`](Self::typed) proved equal): a constant there, so the
    /// element's length needs no load and its reader no length test.
    #[inline]
    pub(crate) fn element_sized(&self, index: &[isize], itemsize: usize) -> Result<&[u8]> {
        // Every step of the general path with no error built here. Any
        // failure goes to the general path, which finds it again and
        // reports it (the same error, by construction).
        if let Some(at) = self.one_dim_offset(index)
            && let Some(end) = at.checked_add(itemsize)
            && let Some(element) = self.bytes.get(at..end)
        {
            return Ok(element);
        }
        self.element_any(index, itemsize)
    }

    /// The byte offset of `index` when it is one index into a
    /// one-dimensional view and in range: the fast paths' offset, without
    /// the general path's arity tests or errors (`None` sends the caller to
    /// the general path, which reports the failure). Always `None` in
    /// `small` builds, which keep one path for size.
    #[inline]
    fn one_dim_offset(&self, index: &[isize]) -> Option<usize> {
        match (index, self.layout.as_one_dim()) {
            ([i], Some((n, stride))) if !cfg!(feature = "small") => {
                self.layout.one_dim_offset(*i, n, stride)
            }
            _ => None,
        }
    }

    /// [`element_sized`](Self::element_sized) in general.
    #[inline]
    fn element_any(&self, index: &[isize], itemsize: usize) -> Result<&[u8]> {
        let at = self.layout.python_offset(index)?;
        let tail = element_in(&self.bytes, at..self.bytes.len())?;
        element_in(tail, 0..itemsize)
    }

    /// Python's `start:stop:step` on dimension `dim`: a view of the same bytes.
    ///
    /// # Errors
    ///
    /// Kind Type on a 0-d view, kind Index when `dim` is not a dimension,
    /// kind Value for a zero step, kind Overflow when the new stride
    /// overflows `isize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Slice, View, ViewMut};
    ///
    /// let data: Vec<u8> = (0..12).collect();
    /// let m = View::new(&data, "B", &[3, 4], &[4, 1], 0)?;
    /// let odd_columns = m.slice(1, Slice::new(Some(1), None, Some(2)))?;
    /// assert_eq!(odd_columns.shape(), &[3, 2]);
    /// assert_eq!(odd_columns.strides(), &[4, 2]);
    ///
    /// let mut data = [0u8; 4];
    /// let v = ViewMut::from_bytes(&mut data).slice(0, ..2)?;
    /// assert_eq!(v.shape(), &[2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn slice(self, dim: usize, slice: impl Into<Slice>) -> Result<Self> {
        let slice = slice.into();
        // Not in `small` builds, which keep one path for size.
        if !cfg!(feature = "small")
            && let (0, Some((n, stride))) = (dim, self.layout.as_one_dim())
        {
            // One dimension: the new layout from three numbers, built where
            // it is returned; a slice of a valid view needs no bounds walk.
            let (first, count, step) = slice.indices_within(n)?;
            let new_stride =
                stride.checked_mul(step).ok_or(Error::because(Reason::SliceOverflow))?;
            // The new first element is an element of the view (invariant
            // 4); an empty result has `first == 0` and keeps the old
            // offset, as `Layout::sliced`.
            let offset = (self.offset() as isize)
                .wrapping_add((first as isize).wrapping_mul(stride))
                as usize;
            let layout = Layout::one_dim_unchecked(count, new_stride, offset)
                .ok_or(Error::because(Reason::CapacityExceeded { capacity: N }))?;
            return Ok(Self { bytes: self.bytes, format: self.format, layout });
        }
        self.slice_any(dim, slice)
    }

    /// [`slice`](Self::slice) in general. Inline, so that the caller's
    /// result is built in one place whichever path runs (out of line, the
    /// fast path's result went through a temporary and a 128-byte copy:
    /// W8-slice 97 -> 84 callgrind instructions); out of line in `small`
    /// builds, for size.
    #[cfg_attr(not(feature = "small"), inline)]
    #[cfg_attr(feature = "small", inline(never))]
    fn slice_any(mut self, dim: usize, slice: Slice) -> Result<Self> {
        self.layout.slice_in_place(dim, slice)?;
        Ok(self)
    }

    /// The sub-view at `index` of dimension `dim`, with that dimension removed
    /// (NumPy's `a[:, i]`). O(ndim), the format untouched: the cost is a
    /// bounds check and a copy of the view (the `W8-index-axis` bench row).
    ///
    /// # Errors
    ///
    /// Kind Type on a 0-d view, kind Index when `dim` or `index` is out of range.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data: Vec<u8> = (0..6).collect();
    /// let m = View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
    /// let row = m.index_axis(0, -1)?;
    /// assert_eq!(row.get(&[0])?, Scalar::Int(3));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn index_axis(mut self, dim: usize, index: isize) -> Result<Self> {
        self.layout.index_in_place(dim, index)?;
        Ok(self)
    }

    /// The view with its dimensions reversed.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 6];
    /// let v = view_core::View::new(&data, "B", &[2, 3], &[3, 1], 0)?.transpose();
    /// assert_eq!(v.shape(), &[3, 2]);
    /// assert_eq!(v.strides(), &[1, 3]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn transpose(mut self) -> Self {
        self.layout = self.layout.transposed();
        self
    }

    /// The view with dimension `d` of the result taken from `axes[d]`.
    ///
    /// # Errors
    ///
    /// Kind Value when `axes` is not a permutation of `0..ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 24];
    /// let v = view_core::View::new(&data, "B", &[2, 3, 4], &[12, 4, 1], 0)?;
    /// assert_eq!(v.permute(&[2, 0, 1])?.shape(), &[4, 2, 3]);
    /// assert!(v.permute(&[0, 0, 1]).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn permute(mut self, axes: &[usize]) -> Result<Self> {
        self.layout = self.layout.permuted(axes)?;
        Ok(self)
    }

    /// memoryview's `cast(format, shape)`: the same bytes as another format
    /// and shape, C-contiguous.
    ///
    /// The rules are CPython's, checked in its order: the view must be
    /// C-contiguous; with a shape, or from ndim other than 1, no extent may
    /// be 0; a shape has at most 64 entries (and at most `N`) and one side
    /// must be 1-D; one of the two formats must be `b`, `B` or `c`; the
    /// byte size must divide. Unlike CPython, the destination may be any
    /// format (`"<i"`, `"2h"`, `"e"`), and two formats of identical layout
    /// are interchangeable even when neither is a byte format: the same
    /// scalars (kind, size and offset) in the same byte order in effect,
    /// as `<H` and `H` on a little-endian target. A byte order that
    /// differs is not the same layout (`>H` to `<H` is refused). For
    /// CPython's rule exactly, use [`cast_cpython`](Self::cast_cpython)
    /// (`view-std`'s `MemoryView::cast` does).
    ///
    /// # Errors
    ///
    /// Kind Type or Value as memoryview raises them (see above); kind
    /// Overflow for an extent beyond `isize::MAX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Scalar, View, ViewMut};
    ///
    /// let data = [1u8, 0, 2, 0, 3, 0, 4, 0];
    /// let v = View::from_bytes(&data);
    /// let m = v.cast("<H", Some(&[2, 2]))?;
    /// assert_eq!(m.get(&[1, 0])?, Scalar::Int(3));
    ///
    /// let err = m.cast("<i", None).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Type); // neither side is a byte format
    ///
    /// let mut data = [0u8; 4];
    /// ViewMut::from_bytes(&mut data).cast("<i", None)?.set(&[0], Scalar::Int(-1))?;
    /// assert_eq!(data, [0xff; 4]);
    ///
    /// // Identical layouts: little-endian `u16` as native `u16` on a
    /// // little-endian target; another byte order is another layout.
    /// let le = v.cast("<H", None)?;
    /// assert_eq!(le.cast("H", None).is_ok(), cfg!(target_endian = "little"));
    /// assert_eq!(le.cast(">H", None).unwrap_err().kind(), ErrorKind::Type);
    /// assert_eq!(le.cast_cpython("H", None).unwrap_err().kind(), ErrorKind::Type);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn cast<'f>(self, format: &'f str, shape: Option<&[usize]>) -> Result<ViewBase<'f, B, N>>
    where
        'a: 'f,
    {
        self.cast_with(format, shape, Rule::SameLayout)
    }

    /// [`cast`](Self::cast) with CPython's rule exactly: one of the two
    /// formats must be `b`, `B` or `c`, even when both have the same layout.
    ///
    /// # Errors
    ///
    /// As [`cast`](Self::cast), and kind Type when neither format is a
    /// byte format.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// let v = View::from_bytes(&[1u8, 0, 2, 0]).cast_cpython("<H", None)?;
    /// assert_eq!(v.cast_cpython("<H", None).unwrap_err().kind(), ErrorKind::Type);
    /// assert!(v.cast("<H", None).is_ok());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn cast_cpython<'f>(
        self,
        format: &'f str,
        shape: Option<&[usize]>,
    ) -> Result<ViewBase<'f, B, N>>
    where
        'a: 'f,
    {
        self.cast_with(format, shape, Rule::ByteFormat)
    }

    #[inline]
    fn cast_with<'f>(
        self,
        format: &'f str,
        shape: Option<&[usize]>,
        rule: Rule,
    ) -> Result<ViewBase<'f, B, N>>
    where
        'a: 'f,
    {
        if let (None, Some((n, stride))) = (shape, self.layout.as_one_dim()) {
            // memoryview's commonest cast, 1-D to 1-D: the new layout from
            // the old one's two numbers, built where it is returned.
            let (format, count) = cast_one_dim(&self.format, n, stride, format, rule)?;
            let layout =
                Layout::one_dim_unchecked(count, format.itemsize() as isize, self.offset())
                    .ok_or(Error::because(Reason::CapacityExceeded { capacity: N }))?;
            return Ok(ViewBase { bytes: self.bytes, format, layout });
        }
        self.cast_any(format, shape, rule)
    }

    /// [`cast`](Self::cast) in general (its checks in `cast_layout`).
    /// Inline, so that the caller's result is built in one place whichever
    /// path runs (W8-cast 124 -> 102 callgrind instructions); out of line
    /// in `small` builds, for size.
    #[cfg_attr(not(feature = "small"), inline)]
    #[cfg_attr(feature = "small", inline(never))]
    fn cast_any<'f>(
        mut self,
        format: &'f str,
        shape: Option<&[usize]>,
        rule: Rule,
    ) -> Result<ViewBase<'f, B, N>>
    where
        'a: 'f,
    {
        let format = cast_layout(&self.format, &mut self.layout, format, shape, rule)?;
        Ok(ViewBase { bytes: self.bytes, format, layout: self.layout })
    }

    /// The same view at capacity `M` (more or fewer dimension slots).
    ///
    /// # Errors
    ///
    /// Kind Value when the view has more than `M` dimensions.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abc");
    /// let small = v.into_capacity::<1>()?;
    /// assert_eq!(small.shape(), &[3]);
    /// let cpython = v.into_capacity::<{ view_core::MAX_NDIM }>()?;
    /// assert_eq!(cpython.shape(), &[3]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn into_capacity<const M: usize>(self) -> Result<ViewBase<'a, B, M>> {
        let layout = self.layout.into_capacity()?;
        Ok(ViewBase { bytes: self.bytes, format: self.format, layout })
    }

    /// Copies the elements into `out` (exactly [`nbytes`](Self::nbytes)
    /// long) in `order`: memoryview's `tobytes`, without allocating.
    ///
    /// # Errors
    ///
    /// Kind Value when `out` is not `nbytes` long.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Order, View};
    ///
    /// let data = [1u8, 2, 3, 4, 5, 6];
    /// let m = View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
    /// let mut out = [0u8; 6];
    /// m.copy_to_slice(&mut out, Order::F)?;
    /// assert_eq!(out, [1, 4, 2, 5, 3, 6]);
    /// assert!(m.copy_to_slice(&mut [0u8; 5], Order::C).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn copy_to_slice(&self, out: &mut [u8], order: Order) -> Result<()> {
        if out.len() != self.nbytes() {
            return Err(Error::because(Reason::OutputLength));
        }
        let fortran = self.layout.resolve(order, self.itemsize()) == Order::F;
        copy_out(&self.layout, self.itemsize(), &self.bytes, out, fortran);
        Ok(())
    }

    /// Calls `f` with the element bytes in C order, in as few pieces as the
    /// layout allows.
    fn for_each_chunk(&self, mut f: impl FnMut(&[u8])) {
        if let Some(all) = self.contiguous_range().and_then(|range| self.bytes.get(range)) {
            f(all);
            return;
        }
        let k = self.itemsize();
        for at in crate::iter::Offsets::new(&self.layout) {
            f(self.bytes.get(at..at.saturating_add(k)).unwrap_or_default());
        }
    }

    /// Length of [`write_hex`](Self::write_hex)'s output.
    ///
    /// # Errors
    ///
    /// As [`write_hex`](Self::write_hex).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abcd");
    /// assert_eq!(v.hex_len(Some(':'), 1), Ok(11));
    /// ```
    pub fn hex_len(&self, sep: Option<char>, bytes_per_sep: i32) -> Result<usize> {
        Ok(hex_len(self.nbytes(), grouping(sep, bytes_per_sep, self.nbytes())?))
    }

    /// Writes the C-order bytes as lowercase hex, as `memoryview.hex(sep,
    /// bytes_per_sep)`: `sep` between groups of `|bytes_per_sep|` bytes,
    /// counted from the right when positive, from the left when negative.
    ///
    /// # Errors
    ///
    /// Kind Value when `sep` is not ASCII or when `out` fails.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abc");
    /// let mut s = String::new();
    /// v.write_hex(&mut s, Some(':'), 2)?;
    /// assert_eq!(s, "61:6263");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn write_hex(
        &self,
        out: &mut impl fmt::Write,
        sep: Option<char>,
        bytes_per_sep: i32,
    ) -> Result<()> {
        let mut encoder = Encoder::new(grouping(sep, bytes_per_sep, self.nbytes())?);
        const PIECE: usize = 256;
        let mut buf = [0u8; Encoder::max_output(PIECE)];
        let mut status = Ok(());
        self.for_each_chunk(|chunk| {
            for piece in chunk.chunks(PIECE) {
                let n = encoder.encode(piece, &mut buf);
                let text =
                    core::str::from_utf8(buf.get(..n).unwrap_or_default()).unwrap_or_default();
                if status.is_ok() && out.write_str(text).is_err() {
                    status = Err(Error::because(Reason::Formatter));
                }
            }
        });
        status
    }

    /// The hex text (as [`write_hex`](Self::write_hex)) in a
    /// `heapless::String` of `M` bytes: `hex` for firmware without an
    /// allocator.
    ///
    /// # Errors
    ///
    /// As [`write_hex`](Self::write_hex), and kind Value when the text is
    /// longer than `M`.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"\x01\xff");
    /// let text = v.hex_heapless::<8>(Some(' '), 1)?;
    /// assert_eq!(text.as_str(), "01 ff");
    /// assert!(v.hex_heapless::<4>(Some(' '), 1).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[cfg(feature = "heapless")]
    pub fn hex_heapless<const M: usize>(
        &self,
        sep: Option<char>,
        bytes_per_sep: i32,
    ) -> Result<heapless::String<M>> {
        if self.hex_len(sep, bytes_per_sep)? > M {
            return Err(Error::because(Reason::HexTooLong));
        }
        let mut out = heapless::String::new();
        self.write_hex(&mut out, sep, bytes_per_sep)?;
        Ok(out)
    }

    /// Writes the hex text into `out`, which must be exactly
    /// [`hex_len`](Self::hex_len) bytes: the allocation-free, fastest form.
    ///
    /// # Errors
    ///
    /// As [`write_hex`](Self::write_hex), and kind Value when `out` has the wrong length.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"\x01\xff");
    /// let mut out = [0u8; 4];
    /// v.hex_to_slice(&mut out, None, 0)?;
    /// assert_eq!(&out, b"01ff");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn hex_to_slice(
        &self,
        out: &mut [u8],
        sep: Option<char>,
        bytes_per_sep: i32,
    ) -> Result<()> {
        let g = grouping(sep, bytes_per_sep, self.nbytes())?;
        if out.len() != hex_len(self.nbytes(), g) {
            return Err(Error::because(Reason::OutputLength));
        }
        let mut encoder = Encoder::new(g);
        let mut at = 0usize;
        self.for_each_chunk(|chunk| {
            for piece in chunk.chunks(4096) {
                let room = out.get_mut(at..).unwrap_or_default();
                at += encoder.encode(piece, room);
            }
        });
        Ok(())
    }

    /// Equality as memoryview's `==`: the same shape (extents compared up to
    /// the first zero), then every pair of elements equal as values, each
    /// unpacked with its own format (`NaN != NaN`, `-0.0 == 0.0`, `1 == 1.0`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let a = View::new(&[1u8, 0, 2, 0], "<h", &[2], &[2], 0)?;
    /// let b = View::new(&[1u8, 2], "B", &[2], &[1], 0)?;
    /// assert!(a.equals(&b));
    /// let nan = f64::NAN.to_ne_bytes();
    /// let c = View::new(&nan, "d", &[], &[], 0)?;
    /// assert!(!c.equals(&c));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn equals<C: Storage, const M: usize>(&self, other: &ViewBase<'_, C, M>) -> bool {
        equal(&self.operand(), &other.operand())
    }

    fn operand(&self) -> Operand<'_, '_, N> {
        Operand { bytes: &self.bytes, format: self.format, layout: &self.layout }
    }
}

impl<B: Storage, C: Storage, const N: usize, const M: usize> PartialEq<ViewBase<'_, C, M>>
    for ViewBase<'_, B, N>
{
    fn eq(&self, other: &ViewBase<'_, C, M>) -> bool {
        self.equals(other)
    }
}

impl<'a, const N: usize> IntoIterator for &View<'a, N> {
    type Item = Scalar<'a>;
    type IntoIter = Iter<'a, N>;

    fn into_iter(self) -> Iter<'a, N> {
        self.iter()
    }
}

/// [`from_bytes`](ViewBase::from_bytes) at any capacity.
///
/// # Examples
///
/// ```
/// use view_core::View;
///
/// let v: View<'_, 64> = View::from(&b"abc"[..]);
/// assert_eq!(v.shape(), &[3]);
/// ```
impl<'a, B: Storage, const N: usize> From<B> for ViewBase<'a, B, N> {
    fn from(bytes: B) -> Self {
        let layout = Layout::bytes(bytes.len());
        Self { bytes, format: Format::BYTES, layout }
    }
}

impl<'a, const N: usize> View<'a, N> {
    /// The whole underlying buffer (not only the viewed elements).
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [1u8, 2, 3];
    /// let v = view_core::View::from_bytes(&data).slice(0, 1..)?;
    /// assert_eq!(v.buffer(), &[1, 2, 3]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn buffer(&self) -> &'a [u8] {
        self.bytes
    }

    /// The bytes of the elements when they are one C-contiguous run.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"abcd").slice(0, 1..3)?;
    /// assert_eq!(v.as_contiguous_bytes(), Some(&b"bc"[..]));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_contiguous_bytes(&self) -> Option<&'a [u8]> {
        let range = self.contiguous_range()?;
        self.bytes.get(range)
    }

    /// The bytes of the element at `index` (one index per dimension, negative
    /// counts from the end).
    ///
    /// # Errors
    ///
    /// As [`get`](Self::get).
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::new(b"abcd", "2s", &[2], &[2], 0)?;
    /// assert_eq!(v.element_bytes(&[-1])?, b"cd");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn element_bytes(&self, index: &[isize]) -> Result<&'a [u8]> {
        element_in(self.bytes, self.element_range(index)?)
    }

    /// The element at `index`, unpacked (one index per dimension; negative
    /// indices count from the end; a 0-d view takes `&[]`).
    ///
    /// # Errors
    ///
    /// Kind Index when an index is out of range; kind NotImplemented for
    /// fewer indices than dimensions (use [`index_axis`](Self::index_axis)
    /// for sub-views); kind Type for more indices, or any index on a 0-d view.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Scalar, View};
    ///
    /// let data = [1u8, 2, 3, 4];
    /// let v = View::new(&data, "B", &[2, 2], &[2, 1], 0)?;
    /// assert_eq!(v.get(&[1, -1])?, Scalar::Int(4));
    /// assert_eq!(v.get(&[2, 0]).unwrap_err().kind(), ErrorKind::Index);
    /// assert_eq!(v.get(&[0]).unwrap_err().kind(), ErrorKind::NotImplemented);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, index: &[isize]) -> Result<Scalar<'a>> {
        let at = match self.one_dim_offset(index) {
            Some(at) => at,
            None => self.layout.python_offset(index)?,
        };
        // The element's bytes run from `at` on: a reader takes its first
        // `itemsize` (one length test between them, not two).
        let tail = element_in(self.bytes, at..self.bytes.len())?;
        match self.format.native_reader() {
            Some(reader) => reader.read(tail),
            None => Ok(read_other(&self.format, element_in(tail, 0..self.itemsize())?)),
        }
    }

    /// The elements in C order.
    ///
    /// For a view of records this reads the format again for each record
    /// (each [`Record::values`](crate::Record::values) walks its fields):
    /// the fast paths are [`records`](View::records), whose field table is
    /// read once per view, and [`field`](ViewBase::field), one field as a
    /// view of its own (which [`typed`](ViewBase::typed) reads with no
    /// format at all).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let v = View::from_bytes(&[1, 2, 3]);
    /// assert_eq!(v.iter().filter_map(|x| x.as_int()).sum::<i128>(), 6);
    ///
    /// // Records: by name through the table, or one field as a typed view.
    /// let recs = View::new(&[1u8, 10, 2, 20], "B:id:B:v:", &[2], &[2], 0)?;
    /// let records = recs.records();
    /// let ids: Vec<Scalar> = records.iter().filter_map(|r| r.get("id")).collect();
    /// assert_eq!(ids, [Scalar::Int(1), Scalar::Int(2)]);
    /// assert_eq!(recs.field("v")?.typed::<u8>()?.iter().map(u32::from).sum::<u32>(), 30);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn iter(&self) -> Iter<'a, N> {
        Iter::new(self.bytes, self.format, &self.layout)
    }
}

impl<'a, const N: usize> IntoIterator for View<'a, N> {
    type Item = Scalar<'a>;
    type IntoIter = Iter<'a, N>;

    /// The elements in C order, for the whole lifetime `'a` (a `View` is `Copy`).
    fn into_iter(self) -> Iter<'a, N> {
        Iter::new(self.bytes, self.format, &self.layout)
    }
}

/// The element at `range` of `bytes`: the one bounds check every element
/// lookup ends in (layout invariant 4 makes it pass).
#[inline]
fn element_in(bytes: &[u8], range: core::ops::Range<usize>) -> Result<&[u8]> {
    bytes.get(range).ok_or(Error::because(Reason::IndexOutOfBounds { dimension: None }))
}

/// Parses a cast destination: any format with itemsize > 0.
#[inline(always)]
fn cast_format(text: &str) -> Result<Format<'_>> {
    match Format::parse(text) {
        Ok(f) if f.itemsize() > 0 => Ok(f),
        _ => Err(Error::because(Reason::Cast(CastProblem::DestinationFormat))),
    }
}

/// `n / k` when `k` divides `n`; a shift for the power-of-two itemsizes of
/// single codes (a division is most of a one-dimensional cast's latency).
#[inline]
fn exact_quotient(n: usize, k: usize) -> Option<usize> {
    if k.is_power_of_two() {
        (n & (k - 1) == 0).then_some(n >> k.trailing_zeros())
    } else {
        n.checked_rem(k).filter(|&r| r == 0).and_then(|_| n.checked_div(k))
    }
}

/// Which pairs of formats a cast accepts besides the sizes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// CPython's: one side is `b`, `B` or `c`.
    ByteFormat,
    /// CPython's, or both sides of identical layout.
    SameLayout,
}

impl Rule {
    /// Whether a cast from `from` to `to` passes the rule.
    #[inline]
    fn allows(self, from: &Format<'_>, to: &Format<'_>) -> bool {
        from.is_byte_format()
            || to.is_byte_format()
            || (self == Self::SameLayout && crate::element::same_layout(from, to) == Some(false))
    }
}

/// [`cast_layout`] of a one-dimensional layout of `n` items `stride`
/// bytes apart to one dimension: the format and the new extent, with the
/// same checks in the same order (those that cannot fail here left out).
#[inline]
fn cast_one_dim<'f>(
    from: &Format<'_>,
    n: usize,
    stride: isize,
    to: &'f str,
    rule: Rule,
) -> Result<(Format<'f>, usize)> {
    let k = from.itemsize();
    if n != 1 && stride != k as isize {
        return Err(Error::because(Reason::Cast(CastProblem::NotCContiguous)));
    }
    let to = cast_format(to)?;
    if !rule.allows(from, &to) {
        return Err(Error::because(Reason::Cast(CastProblem::NonByteFormats)));
    }
    // Invariant 2: `n * k` fits, and so does the new extent times its itemsize.
    let Some(count) = exact_quotient(n.wrapping_mul(k), to.itemsize()) else {
        return Err(Error::because(Reason::Cast(CastProblem::NotMultipleOfItemsize)));
    };
    Ok((to, count))
}

/// The format and layout of a cast, with memoryview's checks in memoryview's order.
/// On success `layout` becomes the cast's layout (in place: a capacity-64
/// layout is a kilobyte, and copying it was most of a cast's cost).
#[inline]
fn cast_layout<'f, const N: usize>(
    from: &Format<'_>,
    layout: &mut Layout<N>,
    to: &'f str,
    shape: Option<&[usize]>,
    rule: Rule,
) -> Result<Format<'f>> {
    let k = from.itemsize();
    if !layout.is_c_contiguous(k) {
        return Err(Error::because(Reason::Cast(CastProblem::NotCContiguous)));
    }
    if (shape.is_some() || layout.ndim() != 1) && layout.is_empty() {
        return Err(Error::because(Reason::Cast(CastProblem::ZerosInShape)));
    }
    if let Some(shape) = shape {
        if shape.len() > MAX_NDIM {
            return Err(Error::because(Reason::TooManyDimensions));
        }
        if layout.ndim() != 1 && shape.len() != 1 {
            return Err(Error::because(Reason::Cast(CastProblem::NdToNd)));
        }
    }
    let to = cast_format(to)?;
    if !rule.allows(from, &to) {
        return Err(Error::because(Reason::Cast(CastProblem::NonByteFormats)));
    }
    let nbytes = layout.count().saturating_mul(k);
    let new_k = to.itemsize();
    let Some(count) = exact_quotient(nbytes, new_k) else {
        return Err(Error::because(Reason::Cast(CastProblem::NotMultipleOfItemsize)));
    };
    let shape = match shape {
        None => {
            layout.set_c_contiguous(&[count], new_k)?;
            return Ok(to);
        }
        Some(shape) => shape,
    };
    let mut length = new_k;
    for &n in shape {
        if n > isize::MAX as usize {
            return Err(Error::because(Reason::TooLargeForSsize));
        }
        if n == 0 {
            return Err(Error::because(Reason::Cast(CastProblem::ShapeNotPositive)));
        }
        // `length * n > isize::MAX`, without dividing by `length`.
        length = match length.checked_mul(n) {
            Some(l) if l <= isize::MAX as usize => l,
            _ => return Err(Error::because(Reason::Cast(CastProblem::ShapeTooLarge))),
        };
    }
    if length != nbytes {
        return Err(Error::because(Reason::Cast(CastProblem::WrongSize)));
    }
    layout.set_c_contiguous(shape, new_k)?;
    Ok(to)
}

impl<'a, const N: usize> ViewMut<'a, N> {
    /// The read-only view of the same elements, for the whole lifetime `'a`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [1u8, 2];
    /// let v = view_core::ViewMut::from_bytes(&mut data).into_view();
    /// assert_eq!(v.len(), Ok(2));
    /// ```
    #[must_use]
    pub fn into_view(self) -> View<'a, N> {
        ViewBase { bytes: self.bytes, format: self.format, layout: self.layout }
    }

    /// The whole underlying buffer (not only the viewed elements), for the
    /// whole lifetime `'a`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [1u8, 2, 3];
    /// let v = view_core::ViewMut::from_bytes(&mut data).slice(0, 1..)?;
    /// assert_eq!(v.into_buffer(), &mut [1, 2, 3]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn into_buffer(self) -> &'a mut [u8] {
        self.bytes
    }

    /// A shorter-lived `ViewMut` of the same elements, so that a consuming
    /// method leaves this one usable afterwards.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, ViewMut};
    ///
    /// let mut data = [0u8; 4];
    /// let mut v = ViewMut::from_bytes(&mut data);
    /// v.reborrow().slice(0, 2..)?.set(&[0], Scalar::Int(9))?;
    /// v.set(&[0], Scalar::Int(1))?;
    /// assert_eq!(data, [1, 0, 9, 0]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn reborrow(&mut self) -> ViewMut<'_, N> {
        ViewBase { bytes: self.bytes, format: self.format, layout: self.layout }
    }

    /// The bytes of the element at `index`, writable; see [`View::element_bytes`].
    ///
    /// # Errors
    ///
    /// As [`View::get`].
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = *b"abcd";
    /// let mut v = view_core::ViewMut::new(&mut data, "2s", &[2], &[2], 0)?;
    /// v.element_bytes_mut(&[-1])?.copy_from_slice(b"XY");
    /// assert_eq!(&data, b"abXY");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn element_bytes_mut(&mut self, index: &[isize]) -> Result<&mut [u8]> {
        let range = self.element_range(index)?;
        self.bytes
            .get_mut(range)
            .ok_or(Error::because(Reason::IndexOutOfBounds { dimension: None }))
    }

    /// The bytes of the elements when they are one C-contiguous run, writable;
    /// see [`View::as_contiguous_bytes`].
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = *b"abcd";
    /// let mut v = view_core::ViewMut::from_bytes(&mut data).slice(0, 1..3)?;
    /// v.as_contiguous_bytes_mut().unwrap_or_default().copy_from_slice(b"XY");
    /// assert_eq!(&data, b"aXYd");
    ///
    /// let mut data = *b"abcd";
    /// let mut odd = view_core::ViewMut::from_bytes(&mut data).slice(0, view_core::Slice::new(None, None, Some(2)))?;
    /// assert!(odd.as_contiguous_bytes_mut().is_none());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_contiguous_bytes_mut(&mut self) -> Option<&mut [u8]> {
        let range = self.contiguous_range()?;
        self.bytes.get_mut(range)
    }

    /// Packs `value` into the element at `index`, as `mv[index] = value`.
    ///
    /// A format of one value takes a plain value; any other takes a
    /// [`Scalar::Tuple`] with one value per field. Pad bytes become zero.
    /// On error nothing is written.
    ///
    /// # Errors
    ///
    /// Index errors as [`View::get`]; kind Type for a value of the
    /// wrong type (a float for `h`, an int for `c`, a non-tuple for a
    /// record); kind Value for a value out of range (`256` for `B`, a 2-byte
    /// `c`, a tuple of the wrong length, a finite float too large for `e`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Scalar, ViewMut};
    ///
    /// let mut data = [0u8; 4];
    /// let mut v = ViewMut::new(&mut data, "<BxH", &[], &[], 0)?;
    /// v.set(&[], Scalar::Tuple(&[Scalar::Int(1), Scalar::Int(0x203)]))?;
    /// assert_eq!(data, [1, 0, 3, 2]);
    ///
    /// let mut bytes = [0u8; 1];
    /// let mut b = ViewMut::from_bytes(&mut bytes);
    /// assert_eq!(b.set(&[0], Scalar::Int(256)).unwrap_err().kind(), ErrorKind::Value);
    /// assert_eq!(b.set(&[0], Scalar::Float(1.0)).unwrap_err().kind(), ErrorKind::Type);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set(&mut self, index: &[isize], value: Scalar<'_>) -> Result<()> {
        self.set_from(index, &value)
    }

    pub(crate) fn set_from(
        &mut self,
        index: &[isize],
        value: &dyn crate::scalar::Source,
    ) -> Result<()> {
        let format = self.format;
        pack_element(&format, value, self.element_bytes_mut(index)?)
    }

    /// Copies the elements of `src` into this view's elements, in C order:
    /// memoryview's slice assignment. Where destination elements overlap
    /// (zero or small strides), the last write wins.
    ///
    /// # Errors
    ///
    /// Kind Value when the structures differ: the format (ignoring one
    /// leading `@`), the itemsize, or the shape (compared as
    /// [`equals`](ViewBase::equals) does). Formats that describe the same
    /// scalars at the same offsets are accepted (`<H` and `H` on a
    /// little-endian target), and scalars whose byte order differs are
    /// swapped (`>H` into `<H`): memoryview refuses both, and
    /// `view-std`'s `MemoryView` keeps its rule.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Slice, View, ViewMut};
    ///
    /// let mut data = [0u8; 6];
    /// let src = View::from_bytes(b"abc");
    /// let mut even = ViewMut::from_bytes(&mut data).slice(0, Slice::new(None, None, Some(2)))?;
    /// even.copy_from(&src)?;
    /// assert_eq!(&data, b"a\0b\0c\0");
    ///
    /// let big = [0x01, 0x02, 0x03, 0x04];
    /// let mut little = [0u8; 4];
    /// ViewMut::new(&mut little, "<H", &[2], &[2], 0)?.copy_from(&View::new(&big, ">H", &[2], &[2], 0)?)?;
    /// assert_eq!(little, [0x02, 0x01, 0x04, 0x03]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn copy_from<B: Storage, const M: usize>(
        &mut self,
        src: &ViewBase<'_, B, M>,
    ) -> Result<()> {
        let k = self.format.itemsize();
        let swap = if self.format.canonical() == src.format().canonical() {
            false
        } else {
            crate::element::same_layout(&self.format, &src.format())
                .ok_or(Error::because(Reason::StructureMismatch))?
        };
        if k != src.itemsize() || !same_shape(self.layout.shape(), src.shape()) {
            return Err(Error::because(Reason::StructureMismatch));
        }
        let dst_side = Side { strides: self.layout.strides(), offset: self.layout.offset() };
        let src_side = Side { strides: src.strides(), offset: src.offset() };
        copy::<N>(self.layout.shape(), k, self.bytes, dst_side, &src.bytes, src_side, false);
        if swap {
            crate::byteswap::swap_all(self, &src.format());
        }
        Ok(())
    }
}
