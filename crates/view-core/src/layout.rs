//! Shape, strides and offset: validation, contiguity, index to byte offset,
//! and the O(1) geometry of slicing, indexing a dimension away, permuting
//! and casting.
//!
//! # Invariants
//!
//! A `Layout` that [`validate`](Layout::validate) accepted for a buffer of
//! `len` bytes and an itemsize `k` guarantees:
//!
//! 1. `ndim <= N <= 64`, and `shape` and `strides` hold `ndim` entries;
//! 2. every `shape[d] <= isize::MAX`, and `product(shape) * k <= isize::MAX`;
//! 3. `k >= 1`;
//! 4. if `product(shape) == 0`: `offset <= len`; otherwise
//!    `offset + sum(min(0, (shape[d] - 1) * strides[d])) >= 0` and
//!    `offset + sum(max(0, (shape[d] - 1) * strides[d])) + k <= len`,
//!    all in exact arithmetic.
//!
//! From 4, every element `[i0, i1, ...]` with `0 <= i_d < shape[d]` lies in
//! `offset + sum(i_d * strides[d]) .. + k`, inside the buffer, and every
//! partial sum of that expression fits in `isize`. Every operation below that
//! returns a `Layout` derived from a valid one returns a valid one: its
//! elements are a subset of the original's (or, for casts, the same bytes).

use crate::error::{Error, Reason, Result};

/// The most dimensions a view may have, as CPython's `PyBUF_MAX_NDIM`.
///
/// ```
/// let shape = [1usize; view_core::MAX_NDIM + 1];
/// let strides = [1isize; view_core::MAX_NDIM + 1];
/// assert!(view_core::Layout::<64>::new(&shape, &strides, 0).is_err());
/// ```
pub const MAX_NDIM: usize = 64;

/// The capacity a [`View`](crate::View) or [`Layout`] has unless one is
/// named: enough for the arrays most programs hold (NumPy code rarely goes
/// beyond 4 dimensions), small enough that a slice or a cast copies a few
/// cache lines rather than CPython's kilobyte. Name [`MAX_NDIM`] (or any
/// `N`) for more: `View<'_, 64>`, `Layout::<64>::new`, or convert a view
/// with [`into_capacity`](crate::ViewBase::into_capacity).
///
/// ```
/// use view_core::{DEFAULT_NDIM, Layout};
///
/// let shape = [1usize; DEFAULT_NDIM + 1];
/// let strides = [1isize; DEFAULT_NDIM + 1];
/// let err = Layout::<DEFAULT_NDIM>::new(&shape, &strides, 0).unwrap_err();
/// assert_eq!(err.kind(), view_core::ErrorKind::Value);
/// assert!(err.message().contains("capacity"));
/// assert!(Layout::<64>::new(&shape, &strides, 0).is_ok());
/// ```
pub const DEFAULT_NDIM: usize = 4;

/// Python's slice `start:stop:step`, applied to one dimension.
///
/// Build one with [`Slice::new`] or from a Rust range of `isize`.
///
/// # Examples
///
/// ```
/// use view_core::{Slice, View};
///
/// let data: Vec<u8> = (0..10).collect();
/// let view = View::from_bytes(&data);
/// let odd = view.slice(0, Slice::new(Some(1), None, Some(2))).unwrap();
/// assert_eq!(odd.shape(), &[5]);
/// let reversed = view.slice(0, Slice::new(None, None, Some(-1))).unwrap();
/// assert_eq!(reversed.get(&[0]).unwrap().as_int(), Some(9));
/// let middle = view.slice(0, 2..5).unwrap();
/// assert_eq!(middle.shape(), &[3]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Slice {
    /// First index (negative counts from the end); `None` is the natural start.
    pub start: Option<isize>,
    /// One past the last index; `None` runs to the end.
    pub stop: Option<isize>,
    /// Step (not zero); `None` is 1.
    pub step: Option<isize>,
}

impl Slice {
    /// `start:stop:step`.
    ///
    /// # Examples
    ///
    /// ```
    /// let every_other = view_core::Slice::new(None, None, Some(2));
    /// assert_eq!(every_other.step, Some(2));
    /// ```
    #[must_use]
    pub const fn new(start: Option<isize>, stop: Option<isize>, step: Option<isize>) -> Self {
        Self { start, stop, step }
    }

    /// The same slice with another step.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Slice;
    ///
    /// assert_eq!(Slice::from(1..9).step_by(3), Slice::new(Some(1), Some(9), Some(3)));
    /// ```
    #[must_use]
    pub const fn step_by(self, step: isize) -> Self {
        Self { step: Some(step), ..self }
    }

    /// `PySlice_Unpack` + `PySlice_AdjustIndices` for a dimension of `length`:
    /// the first index, the number of indices and the step.
    ///
    /// # Errors
    ///
    /// A kind Value error when the step is zero.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Slice;
    ///
    /// assert_eq!(Slice::new(None, None, Some(-2)).indices(5), Ok((4, 3, -2)));
    /// assert_eq!(Slice::from(-3..).indices(5), Ok((2, 3, 1)));
    /// assert!(Slice::new(None, None, Some(0)).indices(5).is_err());
    /// ```
    #[inline]
    pub fn indices(&self, length: usize) -> Result<(usize, usize, isize)> {
        let step = match self.step {
            None => 1,
            Some(0) => return Err(Error::because(Reason::SliceStepZero)),
            // Python clamps the step to >= -PY_SSIZE_T_MAX.
            Some(s) => s.max(-isize::MAX),
        };
        let len = length.min(isize::MAX as usize) as isize;
        let adjust = |v: Option<isize>, default: isize| -> isize {
            match v {
                None => default,
                Some(v) if v < 0 => {
                    let v = v.saturating_add(len);
                    if v < 0 { if step < 0 { -1 } else { 0 } } else { v }
                }
                Some(v) if v >= len => {
                    if step < 0 {
                        len - 1
                    } else {
                        len
                    }
                }
                Some(v) => v,
            }
        };
        let (start, stop) = if step < 0 {
            (adjust(self.start, len - 1), adjust(self.stop, -1))
        } else {
            (adjust(self.start, 0), adjust(self.stop, len))
        };
        let count = if step < 0 {
            if stop < start { (start - stop - 1) / (-step) + 1 } else { 0 }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        // An empty slice may start at -1 (negative step); report 0 then.
        Ok((start.max(0) as usize, count as usize, step))
    }
}

impl Slice {
    /// [`indices`](Self::indices) for a length of at most `isize::MAX`
    /// (layout invariant 2: every extent of a valid layout), except that
    /// the first index of an empty slice is 0: what the 1-D slice fast
    /// path needs (an empty slice keeps the view's offset). In fewer steps
    /// than `indices`: no length clamp, the step clamp only where a
    /// negative step needs it, each bound clamped by one `min` or `max`,
    /// and a shift in place of the division for power-of-two steps.
    #[inline]
    pub(crate) fn indices_within(&self, len: usize) -> Result<(usize, usize, isize)> {
        let len = len as isize;
        // Negative values count from the end (`v + len` cannot overflow
        // for `v < 0 <= len`), then clamp to `lo..=hi`.
        let clamp = |v: isize, lo: isize, hi: isize| {
            if v < 0 { v.wrapping_add(len).max(lo) } else { v.min(hi) }
        };
        // Every arm gives (first, count) with first = 0 when count = 0,
        // and otherwise 0 <= first < len.
        let (first, count, step) = match self.step {
            None | Some(1) => {
                let start = self.start.map_or(0, |v| clamp(v, 0, len));
                let stop = self.stop.map_or(len, |v| clamp(v, 0, len));
                if start < stop { (start, stop - start, 1) } else { (0, 0, 1) }
            }
            Some(0) => return Err(Error::because(Reason::SliceStepZero)),
            Some(step) if step > 0 => {
                let start = self.start.map_or(0, |v| clamp(v, 0, len));
                let stop = self.stop.map_or(len, |v| clamp(v, 0, len));
                if start < stop {
                    (start, steps_in((stop - start - 1) as usize, step as usize) as isize + 1, step)
                } else {
                    (0, 0, step)
                }
            }
            Some(step) => {
                // Python clamps the step to >= -PY_SSIZE_T_MAX.
                let step = step.max(-isize::MAX);
                let start = self.start.map_or(len - 1, |v| clamp(v, -1, len - 1));
                let stop = self.stop.map_or(-1, |v| clamp(v, -1, len - 1));
                if stop < start {
                    let d = (start - stop - 1) as usize;
                    (start, steps_in(d, step.unsigned_abs()) as isize + 1, step)
                } else {
                    (0, 0, step)
                }
            }
        };
        Ok((first as usize, count as usize, step))
    }
}

/// `d / step` for `step >= 1`, a shift when `step` is a power of two.
#[inline]
fn steps_in(d: usize, step: usize) -> usize {
    if step & (step - 1) == 0 { d >> step.trailing_zeros() } else { d / step }
}

impl From<core::ops::RangeFull> for Slice {
    fn from(_: core::ops::RangeFull) -> Self {
        Self::default()
    }
}

/// Index types a [`Slice`] is made from: an index beyond `isize` clamps
/// (to an end no view reaches), as Python clamps slice bounds.
trait SliceIndex: Copy {
    fn to_isize(self) -> isize;
    /// The exclusive stop after an inclusive end: `None` (to the end) after
    /// `-1`, the last element.
    fn stop_after(self) -> Option<isize> {
        match self.to_isize() {
            -1 => None,
            end => Some(end.saturating_add(1)),
        }
    }
}

impl SliceIndex for isize {
    fn to_isize(self) -> isize {
        self
    }
}

impl SliceIndex for usize {
    fn to_isize(self) -> isize {
        isize::try_from(self).unwrap_or(isize::MAX)
    }

    fn stop_after(self) -> Option<isize> {
        Some(self.to_isize().saturating_add(1))
    }
}

// Integer literals with no other type fall back to `i32`: `slice(0, 1..3)`.
impl SliceIndex for i32 {
    fn to_isize(self) -> isize {
        isize::try_from(self).unwrap_or(if self < 0 { isize::MIN } else { isize::MAX })
    }
}

/// `a..b`, `a..`, `..b`, `a..=b` and `..=b` over `isize`, `usize` and
/// `i32` (what an integer literal becomes) are slices with step 1;
/// negative bounds count from the end, as in Python (`..=-1` runs to the
/// end).
///
/// # Examples
///
/// ```
/// use view_core::View;
///
/// let v = View::from_bytes(b"abcdef");
/// let n: usize = 2;
/// assert_eq!(v.slice(0, 0..n)?.as_contiguous_bytes(), Some(&b"ab"[..]));
/// assert_eq!(v.slice(0, 1..=n)?.as_contiguous_bytes(), Some(&b"bc"[..]));
/// assert_eq!(v.slice(0, -2..=-1)?.as_contiguous_bytes(), Some(&b"ef"[..]));
/// assert_eq!(v.slice(0, ..=usize::MAX)?.shape(), &[6]);
/// # Ok::<(), view_core::Error>(())
/// ```
macro_rules! slice_from_ranges {
    ($($t:ty),*) => {$(
        impl From<core::ops::Range<$t>> for Slice {
            fn from(r: core::ops::Range<$t>) -> Self {
                Self::new(Some(r.start.to_isize()), Some(r.end.to_isize()), None)
            }
        }

        impl From<core::ops::RangeFrom<$t>> for Slice {
            fn from(r: core::ops::RangeFrom<$t>) -> Self {
                Self::new(Some(r.start.to_isize()), None, None)
            }
        }

        impl From<core::ops::RangeTo<$t>> for Slice {
            fn from(r: core::ops::RangeTo<$t>) -> Self {
                Self::new(None, Some(r.end.to_isize()), None)
            }
        }

        impl From<core::ops::RangeInclusive<$t>> for Slice {
            fn from(r: core::ops::RangeInclusive<$t>) -> Self {
                Self::new(Some(r.start().to_isize()), r.end().stop_after(), None)
            }
        }

        impl From<core::ops::RangeToInclusive<$t>> for Slice {
            fn from(r: core::ops::RangeToInclusive<$t>) -> Self {
                Self::new(None, r.end.stop_after(), None)
            }
        }
    )*};
}

slice_from_ranges!(isize, usize, i32);

/// Memory order of a copy: C (last index fastest), Fortran (first index
/// fastest), or Any (Fortran when the view is F- but not C-contiguous).
///
/// # Examples
///
/// ```
/// use view_core::Order;
///
/// assert_eq!("F".parse::<Order>(), Ok(Order::F));
/// assert!("K".parse::<Order>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    #[default]
    C,
    /// Column-major: the first index varies fastest.
    F,
    /// F when the view is F-contiguous but not C-contiguous, otherwise C.
    A,
}

impl core::str::FromStr for Order {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s {
            "C" => Ok(Self::C),
            "F" => Ok(Self::F),
            "A" => Ok(Self::A),
            _ => Err(Error::because(Reason::BadOrder)),
        }
    }
}

/// Shape, strides (in bytes, any sign) and the byte offset of element
/// `[0, 0, ...]`, for at most `N` dimensions.
///
/// See the module docs for the invariants a validated layout keeps.
///
/// # Examples
///
/// ```
/// use view_core::Layout;
///
/// let layout: Layout = Layout::new(&[2, 3], &[12, 4], 0).unwrap();
/// assert_eq!(layout.ndim(), 2);
/// assert_eq!(layout.byte_offset(&[1, 2]), Some(20));
/// assert!(layout.validate(24, 4).is_ok());
/// assert!(layout.validate(23, 4).is_err());
/// ```
#[derive(Clone, Copy)]
pub struct Layout<const N: usize = DEFAULT_NDIM> {
    shape: [usize; N],
    strides: [isize; N],
    offset: usize,
    /// A word, not a byte: no padding after it, so that a layout is copied
    /// in whole words (seven bytes of padding were copied piece by piece).
    ndim: usize,
}

impl<const N: usize> core::fmt::Debug for Layout<N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Layout")
            .field("shape", &self.shape())
            .field("strides", &self.strides())
            .field("offset", &self.offset)
            .finish()
    }
}

impl<const N: usize> PartialEq for Layout<N> {
    fn eq(&self, other: &Self) -> bool {
        self.shape() == other.shape()
            && self.strides() == other.strides()
            && self.offset == other.offset
    }
}

impl<const N: usize> Eq for Layout<N> {}

impl<const N: usize> Layout<N> {
    const CAPACITY_OK: () = assert!(N <= MAX_NDIM, "a view holds at most 64 dimensions");
    const ONE_DIM_OK: () = assert!(N >= 1, "a view of bytes needs a capacity of at least 1");

    /// The layout of a byte slice of `len` bytes: shape `[len]`, stride 1.
    pub(crate) const fn bytes(len: usize) -> Self {
        let () = Self::CAPACITY_OK;
        let () = Self::ONE_DIM_OK;
        let mut layout = Self { shape: [0; N], strides: [0; N], offset: 0, ndim: 1 };
        layout.shape[0] = len;
        layout.strides[0] = 1;
        layout
    }

    /// A layout from shape, strides (bytes) and offset, not yet checked
    /// against a buffer.
    ///
    /// # Errors
    ///
    /// Kind Value when `shape` and `strides` differ in length, when there are
    /// more than 64 dimensions (or more than `N`), or when an extent exceeds
    /// `isize::MAX`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Layout};
    ///
    /// assert!(Layout::<4>::new(&[1, 2, 3], &[6, 3, 1], 0).is_ok());
    /// let err = Layout::<2>::new(&[1, 2, 3], &[6, 3, 1], 0).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Value);
    /// ```
    #[inline]
    pub fn new(shape: &[usize], strides: &[isize], offset: usize) -> Result<Self> {
        let () = Self::CAPACITY_OK;
        if shape.len() != strides.len() {
            return Err(Error::because(Reason::ShapeStridesMismatch));
        }
        if shape.len() > MAX_NDIM {
            return Err(Error::because(Reason::TooManyDimensions));
        }
        if shape.len() > N {
            return Err(Error::because(Reason::CapacityExceeded { capacity: N }));
        }
        if shape.iter().any(|&n| n > isize::MAX as usize) || offset > isize::MAX as usize {
            return Err(Error::because(Reason::SizeOverflow));
        }
        let mut layout = Self { shape: [0; N], strides: [0; N], offset, ndim: shape.len() };
        layout.shape[..shape.len()].copy_from_slice(shape);
        layout.strides[..strides.len()].copy_from_slice(strides);
        Ok(layout)
    }

    /// The layout of one dimension of `n` items `stride` bytes apart from
    /// `offset`, unchecked (`None` at capacity 0): for layouts a valid one
    /// proves valid, and for [`one_dim`](Self::one_dim) to check. The
    /// slots past the first are zero, each written once where the layout
    /// is returned (a copy of the old layout's slots costs more).
    #[inline]
    pub(crate) fn one_dim_unchecked(n: usize, stride: isize, offset: usize) -> Option<Self> {
        if N == 0 {
            return None;
        }
        let shape = core::array::from_fn(|d| if d == 0 { n } else { 0 });
        let strides = core::array::from_fn(|d| if d == 0 { stride } else { 0 });
        Some(Self { shape, strides, offset, ndim: 1 })
    }

    /// The extent and stride of a one-dimensional layout.
    #[inline]
    pub(crate) fn as_one_dim(&self) -> Option<(usize, isize)> {
        match (self.ndim, self.shape.first(), self.strides.first()) {
            (1, Some(n), Some(s)) => Some((*n, *s)),
            _ => None,
        }
    }

    /// [`new`](Self::new) of one dimension, then [`validate`](Self::validate)
    /// for a buffer of `len` bytes and items of `itemsize` bytes, with
    /// their errors in their order: the layout is built where it is
    /// returned, and the checks know there is one dimension.
    #[inline]
    pub(crate) fn one_dim(
        n: usize,
        stride: isize,
        offset: usize,
        len: usize,
        itemsize: usize,
    ) -> Result<Self> {
        let () = Self::CAPACITY_OK;
        let Some(layout) = Self::one_dim_unchecked(n, stride, offset) else {
            return Err(Error::because(Reason::CapacityExceeded { capacity: N }));
        };
        if n > isize::MAX as usize || offset > isize::MAX as usize {
            return Err(Error::because(Reason::SizeOverflow));
        }
        if itemsize == 0 {
            return Err(Error::because(Reason::ItemsizeZero));
        }
        if n.checked_mul(itemsize).is_none_or(|bytes| bytes > isize::MAX as usize) {
            return Err(Error::because(Reason::SizeOverflow));
        }
        let inside = if n == 0 {
            offset <= len
        } else {
            // As `extent`: the first and last elements' starts, in `isize`.
            let reach = ((n - 1) as isize).checked_mul(stride);
            let (lo, hi) = match reach {
                Some(r) if r < 0 => ((offset as isize).checked_add(r), Some(offset as isize)),
                Some(r) => (Some(offset as isize), (offset as isize).checked_add(r)),
                None => (None, None),
            };
            match (lo, hi) {
                (Some(lo), Some(hi)) => {
                    lo >= 0 && (hi as usize).checked_add(itemsize).is_some_and(|end| end <= len)
                }
                _ => false,
            }
        };
        if !inside {
            return Err(Error::because(Reason::OutsideBuffer));
        }
        Ok(layout)
    }

    /// A layout from strides counted in elements of `itemsize` bytes (as
    /// `ndarray` and NumPy's `strides // itemsize` give them): the one
    /// conversion to byte strides that the `ndarray` export and adapter share.
    ///
    /// # Errors
    ///
    /// Kind Buffer when there are more than 64 dimensions or a byte stride
    /// overflows `isize`; otherwise as [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Layout;
    ///
    /// let layout = Layout::<2>::from_element_strides(&[2, 3], &[1, -2], 8, 32)?;
    /// assert_eq!(layout.strides(), &[8, -16]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_element_strides(
        shape: &[usize],
        strides: &[isize],
        itemsize: usize,
        offset: usize,
    ) -> Result<Self> {
        if shape.len() > MAX_NDIM {
            return Err(Error::because(Reason::ExportTooManyDimensions));
        }
        let mut layout = Self::new(shape, strides, offset)?;
        let k = isize::try_from(itemsize).map_err(|_| Error::because(Reason::SizeOverflow))?;
        for s in layout.strides.iter_mut().take(shape.len()) {
            *s = s.checked_mul(k).ok_or(Error::because(Reason::ByteStrideOverflow))?;
        }
        Ok(layout)
    }

    /// A C-contiguous layout of `shape` for items of `itemsize` bytes at `offset`.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new), and kind Value when the byte size overflows `isize`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Layout;
    ///
    /// let layout: Layout = Layout::c_contiguous(&[2, 3], 8, 0).unwrap();
    /// assert_eq!(layout.strides(), &[24, 8]);
    /// ```
    pub fn c_contiguous(shape: &[usize], itemsize: usize, offset: usize) -> Result<Self> {
        let () = Self::CAPACITY_OK;
        if offset > isize::MAX as usize {
            return Err(Error::because(Reason::SizeOverflow));
        }
        let mut layout = Self { shape: [0; N], strides: [0; N], offset, ndim: 0 };
        layout.set_c_contiguous(shape, itemsize)?;
        Ok(layout)
    }

    /// Makes this the C-contiguous layout of `shape` for items of
    /// `itemsize` bytes, keeping the offset; checks as [`c_contiguous`](Self::c_contiguous)
    /// and leaves `self` unchanged on error. Only the first `shape.len()`
    /// slots are written (the others are never read).
    #[inline]
    pub(crate) fn set_c_contiguous(&mut self, shape: &[usize], itemsize: usize) -> Result<()> {
        if shape.len() > MAX_NDIM {
            return Err(Error::because(Reason::TooManyDimensions));
        }
        if shape.len() > N {
            return Err(Error::because(Reason::CapacityExceeded { capacity: N }));
        }
        if shape.iter().any(|&n| n > isize::MAX as usize) {
            return Err(Error::because(Reason::SizeOverflow));
        }
        let mut acc = itemsize;
        for &n in shape.iter().rev() {
            if isize::try_from(acc).is_err() {
                return Err(Error::because(Reason::SizeOverflow));
            }
            acc = acc.checked_mul(n).ok_or(Error::because(Reason::SizeOverflow))?;
        }
        if acc > isize::MAX as usize {
            return Err(Error::because(Reason::SizeOverflow));
        }
        let (Some(dims), Some(strides)) =
            (self.shape.get_mut(..shape.len()), self.strides.get_mut(..shape.len()))
        else {
            return Err(Error::because(Reason::CapacityExceeded { capacity: N }));
        };
        // One pass writes both (no `memcpy` call for a few extents).
        let mut acc = itemsize;
        for ((dim, stride), &n) in dims.iter_mut().zip(strides.iter_mut()).zip(shape).rev() {
            *dim = n;
            *stride = acc as isize;
            acc = acc.wrapping_mul(n);
        }
        self.ndim = shape.len();
        Ok(())
    }

    /// Checks the invariants (module docs) for a buffer of `len` bytes and
    /// items of `itemsize` bytes.
    ///
    /// # Errors
    ///
    /// Kind Value, naming the first broken condition.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Layout;
    ///
    /// // Negative strides: offset 4 is the first element, which is the last in memory.
    /// let layout: Layout = Layout::new(&[5], &[-1], 4).unwrap();
    /// assert!(layout.validate(5, 1).is_ok());
    /// assert!(layout.validate(4, 1).is_err());
    /// ```
    #[inline]
    pub fn validate(&self, len: usize, itemsize: usize) -> Result<()> {
        // Condition 3.
        if itemsize == 0 {
            return Err(Error::because(Reason::ItemsizeZero));
        }
        // Condition 2 (condition 1 holds by construction).
        // `count` saturates, but is exactly 0 when any extent is 0.
        let count = self.count();
        if count.checked_mul(itemsize).is_none_or(|bytes| bytes > isize::MAX as usize) {
            return Err(Error::because(Reason::SizeOverflow));
        }
        // Condition 4.
        if count == 0 {
            return if self.offset <= len {
                Ok(())
            } else {
                Err(Error::because(Reason::OutsideBuffer))
            };
        }
        let inside = self
            .extent()
            .and_then(|(lo, hi)| Some((usize::try_from(lo).ok()?, usize::try_from(hi).ok()?)))
            .and_then(|(_, hi)| hi.checked_add(itemsize))
            .is_some_and(|end| end <= len);
        if !inside {
            return Err(Error::because(Reason::OutsideBuffer));
        }
        Ok(())
    }

    /// Lowest and highest element start, relative to the buffer, or `None`
    /// when a step overflows `isize`. `isize` is enough: the offset starts at
    /// 0 or above and a buffer holds at most `isize::MAX` bytes, so a reach
    /// or sum beyond `isize` already lies outside any buffer (exact
    /// arithmetic would reject it too), and `isize` keeps this to a few
    /// instructions a dimension (construction latency, W8).
    #[inline]
    fn extent(&self) -> Option<(isize, isize)> {
        let mut lo = isize::try_from(self.offset).ok()?;
        let mut hi = lo;
        for (&n, &s) in self.shape().iter().zip(self.strides()) {
            let reach = isize::try_from(n.checked_sub(1)?).ok()?.checked_mul(s)?;
            if reach < 0 {
                lo = lo.checked_add(reach)?;
            } else {
                hi = hi.checked_add(reach)?;
            }
        }
        Some((lo, hi))
    }

    /// Number of dimensions.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[], &[], 0).unwrap();
    /// assert_eq!(layout.ndim(), 0);
    /// ```
    #[must_use]
    pub const fn ndim(&self) -> usize {
        self.ndim
    }

    /// The extent of each dimension.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[4, 5], &[5, 1], 0).unwrap();
    /// assert_eq!(layout.shape(), &[4, 5]);
    /// ```
    #[must_use]
    pub fn shape(&self) -> &[usize] {
        self.shape.get(..self.ndim()).unwrap_or_default()
    }

    /// The stride of each dimension, in bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[4, 5], &[-5, 1], 15).unwrap();
    /// assert_eq!(layout.strides(), &[-5, 1]);
    /// ```
    #[must_use]
    pub fn strides(&self) -> &[isize] {
        self.strides.get(..self.ndim()).unwrap_or_default()
    }

    /// Byte offset of element `[0, 0, ...]` in the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[3], &[-2], 4).unwrap();
    /// assert_eq!(layout.offset(), 4);
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// Number of elements (1 for ndim 0).
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[3, 0], &[0, 0], 0).unwrap();
    /// assert_eq!(layout.count(), 0);
    /// ```
    #[must_use]
    pub fn count(&self) -> usize {
        self.shape().iter().fold(1usize, |acc, &n| acc.saturating_mul(n))
    }

    /// Whether there are no elements.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[0], &[1], 0).unwrap();
    /// assert!(layout.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.shape().contains(&0)
    }

    /// Byte offset of element `index` (one unsigned index per dimension),
    /// or `None` when an index is out of range or the arity is wrong.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[2, 2], &[-4, 1], 4).unwrap();
    /// assert_eq!(layout.byte_offset(&[1, 1]), Some(1));
    /// assert_eq!(layout.byte_offset(&[2, 0]), None);
    /// ```
    #[must_use]
    pub fn byte_offset(&self, index: &[usize]) -> Option<usize> {
        if index.len() != self.ndim() {
            return None;
        }
        let mut pos = self.offset as isize;
        for ((&i, &n), &s) in index.iter().zip(self.shape()).zip(self.strides()) {
            if i >= n {
                return None;
            }
            // Invariant 4: every partial sum over in-range indices fits.
            pos = pos.wrapping_add((i as isize).wrapping_mul(s));
        }
        usize::try_from(pos).ok()
    }

    /// Byte offset of Python index `i` (negative counts from the end) into
    /// this one-dimensional layout of `n` items `stride` bytes apart (see
    /// [`as_one_dim`](Self::as_one_dim)); `None` when out of range.
    #[inline]
    pub(crate) fn one_dim_offset(&self, i: isize, n: usize, stride: isize) -> Option<usize> {
        let i = resolve_index_nonnegative_first(i, n)?;
        // Invariant 4: the element's offset is inside the buffer.
        Some((self.offset as isize).wrapping_add((i as isize).wrapping_mul(stride)) as usize)
    }

    /// Byte offset of a Python-style index (negative counts from the end),
    /// with memoryview's errors.
    #[inline]
    pub(crate) fn python_offset(&self, index: &[isize]) -> Result<usize> {
        // One dimension, one index: the common case, without the loop.
        if let ([i], 1, Some(n), Some(s)) =
            (index, self.ndim, self.shape.first(), self.strides.first())
        {
            let Some(i) = resolve_index(*i, *n) else {
                return Err(Error::because(Reason::IndexOutOfBounds { dimension: Some(0) }));
            };
            // Invariant 4: the element's offset is inside the buffer.
            return Ok((self.offset as isize).wrapping_add((i as isize).wrapping_mul(*s)) as usize);
        }
        let ndim = self.ndim();
        if ndim == 0 {
            return if index.is_empty() {
                Ok(self.offset)
            } else {
                Err(Error::because(Reason::ZeroDimIndex))
            };
        }
        if index.len() < ndim {
            return Err(Error::because(Reason::SubView));
        }
        if index.len() > ndim {
            return Err(Error::because(Reason::TooManyIndices));
        }
        let mut pos = self.offset as isize;
        for (d, ((&i, &n), &s)) in index.iter().zip(self.shape()).zip(self.strides()).enumerate() {
            let Some(i) = resolve_index(i, n) else {
                return Err(Error::because(Reason::IndexOutOfBounds { dimension: Some(d) }));
            };
            pos = pos.wrapping_add((i as isize).wrapping_mul(s));
        }
        usize::try_from(pos).map_err(|_| Error::because(Reason::OutsideBuffer))
    }

    /// memoryview's `c_contiguous` flag for items of `itemsize` bytes (see
    /// [`View::is_c_contiguous`](crate::View::is_c_contiguous)).
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[0], &[5], 0).unwrap();
    /// assert!(!layout.is_c_contiguous(1)); // memoryview's 1-D rule: stride must equal itemsize
    /// ```
    #[must_use]
    pub fn is_c_contiguous(&self, itemsize: usize) -> bool {
        match self.ndim() {
            0 => true,
            1 => self.shape[0] == 1 || self.strides[0] == itemsize as isize,
            _ => self.buffer_is_contiguous(itemsize, false),
        }
    }

    /// memoryview's `f_contiguous` flag for items of `itemsize` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[2, 3], &[1, 2], 0).unwrap();
    /// assert!(layout.is_f_contiguous(1));
    /// assert!(!layout.is_c_contiguous(1));
    /// ```
    #[must_use]
    pub fn is_f_contiguous(&self, itemsize: usize) -> bool {
        match self.ndim() {
            0 => true,
            1 => self.is_c_contiguous(itemsize),
            _ => self.buffer_is_contiguous(itemsize, true),
        }
    }

    /// `PyBuffer_IsContiguous` for order C (`fortran == false`) or F: extents
    /// of 1 are ignored, and a layout without elements is contiguous.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[0], &[5], 0).unwrap();
    /// assert!(layout.buffer_is_contiguous(1, false));
    /// ```
    #[must_use]
    pub fn buffer_is_contiguous(&self, itemsize: usize, fortran: bool) -> bool {
        if self.is_empty() {
            return true;
        }
        let mut expected = itemsize as isize;
        let dims = self.shape().iter().zip(self.strides());
        let mut check = |(&n, &s): (&usize, &isize)| {
            if n > 1 && s != expected {
                return false;
            }
            expected = expected.wrapping_mul(n as isize);
            true
        };
        if fortran { dims.into_iter().all(&mut check) } else { dims.rev().all(&mut check) }
    }

    /// The layout of `slice` applied to dimension `dim`.
    ///
    /// # Errors
    ///
    /// As [`View::slice`](crate::View::slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Layout, Slice};
    ///
    /// let layout: Layout = Layout::new(&[10], &[4], 0).unwrap();
    /// let odd = layout.sliced(0, Slice::new(Some(1), None, Some(2))).unwrap();
    /// assert_eq!((odd.shape(), odd.strides(), odd.offset()), (&[5usize][..], &[8isize][..], 4));
    /// ```
    #[inline]
    pub fn sliced(&self, dim: usize, slice: Slice) -> Result<Self> {
        let mut out = *self;
        out.slice_in_place(dim, slice)?;
        Ok(out)
    }

    /// [`sliced`](Self::sliced) without copying the layout: views of capacity
    /// 64 hold a kilobyte of shape and strides, and the copies were most of
    /// a slice's cost. On error `self` is unchanged.
    #[inline]
    pub(crate) fn slice_in_place(&mut self, dim: usize, slice: Slice) -> Result<()> {
        let ndim = self.ndim();
        if ndim == 0 {
            return Err(Error::because(Reason::ZeroDimIndex));
        }
        let (Some(&n), Some(&stride)) = (self.shape.get(dim), self.strides.get(dim)) else {
            return Err(Error::because(Reason::DimensionOutOfRange { dimension: dim }));
        };
        if dim >= ndim {
            return Err(Error::because(Reason::DimensionOutOfRange { dimension: dim }));
        }
        let (start, count, step) = slice.indices(n)?;
        let new_stride = stride.checked_mul(step).ok_or(Error::because(Reason::SliceOverflow))?;
        // The new first element is an element of `self` (invariant 4). An
        // empty result keeps the old offset: where an empty view starts is
        // never read, and the old offset satisfies invariant 4.
        let empty = count == 0 || self.shape().contains(&0);
        self.shape[dim] = count;
        self.strides[dim] = new_stride;
        if !empty {
            self.offset =
                (self.offset as isize).wrapping_add((start as isize).wrapping_mul(stride)) as usize;
        }
        Ok(())
    }

    /// The layout with dimension `dim` fixed at `index` (negative counts from
    /// the end) and removed.
    ///
    /// # Errors
    ///
    /// As [`View::index_axis`](crate::View::index_axis).
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[2, 3], &[3, 1], 0).unwrap();
    /// assert_eq!(layout.indexed(0, 1).unwrap().offset(), 3);
    /// ```
    pub fn indexed(&self, dim: usize, index: isize) -> Result<Self> {
        let mut out = *self;
        out.index_in_place(dim, index)?;
        Ok(out)
    }

    /// [`indexed`](Self::indexed) without copying the layout. On error
    /// `self` is unchanged.
    #[inline]
    pub(crate) fn index_in_place(&mut self, dim: usize, index: isize) -> Result<()> {
        if self.ndim() == 0 {
            return Err(Error::because(Reason::ZeroDimIndex));
        }
        let n = *self
            .shape()
            .get(dim)
            .ok_or(Error::because(Reason::DimensionOutOfRange { dimension: dim }))?;
        let i = resolve_index(index, n)
            .ok_or(Error::because(Reason::IndexOutOfBounds { dimension: Some(dim) }))?;
        let stride = self.strides.get(dim).copied().unwrap_or(0);
        let ndim = self.ndim();
        // The dimensions after `dim` move down one place (`dim < ndim`, so
        // the ranges are not empty).
        if let (Some(shape), Some(strides)) =
            (self.shape.get_mut(dim..ndim), self.strides.get_mut(dim..ndim))
        {
            shift_down(shape);
            shift_down(strides);
        }
        self.ndim -= 1;
        if !self.is_empty() {
            // The old layout had element `[.., i, ..]`, so the new first element
            // is one of its elements (invariant 4). An empty result keeps the
            // old offset.
            self.offset =
                (self.offset as isize).wrapping_add((i as isize).wrapping_mul(stride)) as usize;
        }
        Ok(())
    }

    /// The layout with its dimensions reordered: dimension `d` of the result
    /// is dimension `axes[d]` of `self`.
    ///
    /// # Errors
    ///
    /// Kind Value when `axes` is not a permutation of `0..ndim`.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[2, 3], &[3, 1], 0).unwrap();
    /// assert_eq!(layout.permuted(&[1, 0]).unwrap().shape(), &[3, 2]);
    /// ```
    pub fn permuted(&self, axes: &[usize]) -> Result<Self> {
        let ndim = self.ndim();
        if axes.len() != ndim {
            return Err(Error::because(Reason::NotAPermutation));
        }
        let mut seen = 0u64;
        let mut out = *self;
        for (d, &a) in axes.iter().enumerate() {
            if a >= ndim || seen & (1 << a) != 0 {
                return Err(Error::because(Reason::NotAPermutation));
            }
            seen |= 1 << a;
            out.shape[d] = self.shape[a];
            out.strides[d] = self.strides[a];
        }
        Ok(out)
    }

    /// The layout with its dimensions in reverse order.
    ///
    /// # Examples
    ///
    /// ```
    /// let layout: view_core::Layout = view_core::Layout::new(&[2, 3], &[3, 1], 0).unwrap();
    /// assert_eq!(layout.transposed().strides(), &[1, 3]);
    /// ```
    #[must_use]
    pub fn transposed(&self) -> Self {
        let mut out = *self;
        let ndim = self.ndim();
        out.shape[..ndim].reverse();
        out.strides[..ndim].reverse();
        out
    }

    /// The same layout at capacity `M`.
    ///
    /// # Errors
    ///
    /// Kind Value when the layout has more than `M` dimensions.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Layout;
    ///
    /// let layout = Layout::<4>::new(&[2, 3], &[3, 1], 0)?;
    /// assert_eq!(layout.into_capacity::<2>()?.shape(), &[2, 3]);
    /// assert!(layout.into_capacity::<1>().is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn into_capacity<const M: usize>(self) -> Result<Layout<M>> {
        Layout::<M>::new(self.shape(), self.strides(), self.offset)
    }

    /// The order a copy in `order` walks: [`Order::A`] becomes F when the
    /// layout is F- but not C-contiguous (as `PyBuffer_IsContiguous` sees
    /// them, for items of `itemsize` bytes), else C; C and F stay.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Layout, Order};
    ///
    /// let f = Layout::<2>::new(&[2, 3], &[1, 2], 0)?;
    /// assert_eq!(f.resolve(Order::A, 1), Order::F);
    /// assert_eq!(f.transposed().resolve(Order::A, 1), Order::C);
    /// assert_eq!(f.resolve(Order::C, 1), Order::C);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn resolve(&self, order: Order, itemsize: usize) -> Order {
        match order {
            Order::A
                if self.buffer_is_contiguous(itemsize, true)
                    && !self.buffer_is_contiguous(itemsize, false) =>
            {
                Order::F
            }
            Order::A => Order::C,
            other => other,
        }
    }
}

/// A Python index into a dimension of `n`: negative counts from the end.
#[inline]
fn resolve_index(i: isize, n: usize) -> Option<usize> {
    // Invariant 2: n <= isize::MAX, so i + n cannot overflow for i < 0, and
    // an index still negative becomes an unsigned value beyond any n.
    let i = if i < 0 { i.wrapping_add(n as isize) } else { i } as usize;
    if i < n { Some(i) } else { None }
}

/// [`resolve_index`] for the fast paths: a non-negative index in range
/// passes one test (the common case; two instructions, not five), a
/// negative one never does (as unsigned it is beyond any n) and is
/// resolved second: by invariant 2 (n <= isize::MAX), i + n wraps back
/// below n exactly when -n <= i < 0, and an index at or past n stays at
/// or past n, with no wrap.
#[inline]
fn resolve_index_nonnegative_first(i: isize, n: usize) -> Option<usize> {
    let u = i as usize;
    if u < n {
        return Some(u);
    }
    let back = u.wrapping_add(n);
    if back < n { Some(back) } else { None }
}

/// Moves every item of `xs` but the first down one place (the last keeps
/// its value): `copy_within(1.., 0)` without a range to check.
fn shift_down<T: Copy>(xs: &mut [T]) {
    let mut items = xs.iter_mut();
    let Some(mut prev) = items.next() else { return };
    for item in items {
        *prev = *item;
        prev = item;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bounds(shape: &[usize], strides: &[isize], offset: usize, len: usize, k: usize) -> bool {
        Layout::<8>::new(shape, strides, offset).and_then(|l| l.validate(len, k)).is_ok()
    }

    #[test]
    fn validation_table() {
        assert!(bounds(&[3], &[1], 0, 3, 1));
        assert!(!bounds(&[3], &[1], 1, 3, 1));
        assert!(bounds(&[3], &[-1], 2, 3, 1));
        assert!(!bounds(&[3], &[-1], 1, 3, 1));
        assert!(bounds(&[3], &[0], 2, 3, 1));
        assert!(bounds(&[0], &[isize::MAX], 3, 3, 1));
        assert!(!bounds(&[0], &[1], 4, 3, 1));
        assert!(bounds(&[], &[], 0, 8, 8));
        assert!(!bounds(&[], &[], 1, 8, 8));
        assert!(!bounds(&[2, 2], &[isize::MAX, isize::MAX], 0, 100, 1));
        assert!(!bounds(&[3], &[1], 0, 3, 0));
        assert!(bounds(&[usize::MAX / 2, 0], &[1, 1], 0, 0, 1));
        assert!(!bounds(&[usize::MAX / 2 + 1, 0], &[1, 1], 0, 0, 1));
    }

    proptest::proptest! {
        /// The fast paths' index resolution agrees with the general one on
        /// every extent a valid layout has, for any index.
        #[test]
        fn nonnegative_first_matches_resolve_index(
            n in proptest::prop_oneof![0usize..20, proptest::prelude::Just(isize::MAX as usize)],
            i in proptest::prop_oneof![
                -25isize..25,
                proptest::prelude::Just(isize::MIN),
                proptest::prelude::Just(isize::MAX),
                proptest::prelude::Just(-isize::MAX),
                proptest::prelude::Just(isize::MIN + 1),
            ],
        ) {
            proptest::prop_assert_eq!(resolve_index_nonnegative_first(i, n), resolve_index(i, n));
            let wide = n as i128;
            proptest::prop_assert_eq!(
                resolve_index(i, n),
                (-wide..wide).contains(&(i as i128)).then(|| (i as i128).rem_euclid(wide.max(1)) as usize)
            );
        }

        /// The fast normalisation agrees with the general one on every
        /// length a valid layout has (an empty slice's first index is 0).
        #[test]
        fn indices_within_matches_indices(
            len in proptest::prop_oneof![0usize..20, proptest::prelude::Just(isize::MAX as usize)],
            bounds in proptest::collection::vec(
                proptest::option::of(proptest::prop_oneof![
                    -25isize..25,
                    proptest::prelude::Just(isize::MIN),
                    proptest::prelude::Just(isize::MAX),
                    proptest::prelude::Just(isize::MIN + 1),
                ]),
                3,
            ),
        ) {
            let s = Slice::new(bounds[0], bounds[1], bounds[2]);
            let first_if_any = |r: Result<(usize, usize, isize)>| {
                r.map(|(start, count, step)| (if count == 0 { 0 } else { start }, count, step))
            };
            proptest::prop_assert_eq!(s.indices_within(len), first_if_any(s.indices(len)));
        }
    }

    #[test]
    fn slice_indices_follow_python() {
        // python3 -c "print(slice(None, None, -3).indices(10))" -> (9, -1, -3)
        assert_eq!(Slice::new(None, None, Some(-3)).indices(10), Ok((9, 4, -3)));
        assert_eq!(Slice::new(Some(-100), Some(100), None).indices(4), Ok((0, 4, 1)));
        assert_eq!(Slice::new(Some(5), Some(1), None).indices(10), Ok((5, 0, 1)));
        assert_eq!(
            Slice::new(Some(isize::MIN), None, Some(isize::MIN)).indices(3),
            Ok((0, 0, -isize::MAX))
        );
    }
}
