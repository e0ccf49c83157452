//! `ndarray` arrays as views and views as arrays, without copying where the
//! memory allows it.
//!
//! - **Array to view.** Every `ndarray` array or view whose element is an
//!   [`Element`] is a [`Buffer`] (and, when writable, a [`BufferMut`]):
//!   `Buffer::export(&array)` is a view of the array's own memory with its
//!   real shape and strides (counted in bytes, negative ones included),
//!   when its elements are contiguous in memory in any order (transposed,
//!   permuted, reversed axes). An array sliced with steps has gaps that no
//!   single slice from `ndarray` spans: [`view_within`] views it inside the
//!   array it was sliced from, still without copying.
//! - **View to array.** [`as_array`] / [`as_array_mut`] borrow a view as an
//!   `ArrayView` / `ArrayViewMut` (dynamic or fixed dimension), zero copy,
//!   when the format is the element type, the byte strides are multiples of
//!   its size and the data are aligned; otherwise they fail with the reason.
//!   [`to_array`] always works (given the element type): it copies.
//!
//! (The trait method is named `export` so that it never shadows `ndarray`'s
//! own `view()`.)
//!
//! # Which `ndarray`
//!
//! This crate is built against `ndarray` 0.17 and re-exports it as
//! [`view_ndarray::ndarray`](crate::ndarray): arrays from another major
//! version are other types, and rustc's error then says "perhaps two
//! different versions of crate `ndarray` are being used?". Use the
//! re-export (or the same version) to build the arrays you pass in.
//!
//! # Example: a round trip
//!
//! ```
//! use ndarray::{Array2, ArrayView2, s};
//! use view_core::Buffer;
//!
//! let a = Array2::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as f64);
//! let t = a.t();
//! let v = Buffer::export::<4>(&t)?;
//! assert_eq!((v.format().as_str(), v.shape(), v.strides()), ("d", &[4, 3][..], &[8, 32][..]));
//!
//! let back: ArrayView2<'_, f64> = view_ndarray::as_array(&v)?;
//! assert_eq!(back, t);
//! assert_eq!(back.as_ptr(), a.as_ptr()); // the same memory
//!
//! // Stepped slices: view them inside the array they come from.
//! let odd = a.slice(s![..;-1, 1..;2]);
//! let v = view_ndarray::view_within(&a, &odd)?;
//! assert_eq!((v.shape(), v.strides()), (&[3, 2][..], &[-32, 16][..]));
//! assert_eq!(view_ndarray::as_array::<f64, _, _>(&v)?, odd);
//! # Ok::<(), view_core::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

use core::mem::size_of;

pub use ndarray;
use ndarray::{
    Array, ArrayRef, ArrayView, ArrayViewMut, Axis, Dimension, IxDyn, ShapeBuilder, ShapeError,
};
pub use view_core;
use view_core::layout::MAX_NDIM;
#[doc(no_inline)]
pub use view_core::{Buffer, BufferMut};
use view_core::{Element, Error, ErrorKind, Format, Layout, Result, View, ViewMut};

const NDIM_MISMATCH: &str = "ndarray: the view's number of dimensions differs from the array's";
const STRIDE_NOT_MULTIPLE: &str =
    "ndarray: a byte stride is not a multiple of the element size; use to_array to copy";
const NOT_ALIGNED: &str =
    "ndarray: the view's data are not aligned for the element type; use to_array to copy";
const NOT_BOOL: &str = "ndarray: a bool element holds a byte other than 0 or 1";
const ALIASED: &str =
    "ndarray: a mutable array cannot have elements that overlap (zero or small strides)";
const REJECTED: &str = "ndarray: the array's shape and strides are out of range";
const OUTSIDE: &str = "ndarray: the array does not lie inside the base buffer";
const BASE_FORMAT: &str = "ndarray: the base buffer's format is not the array's element type";

/// A view of `array` inside `base`, the buffer it was sliced from: zero
/// copy for any strides, stepped and negative ones included.
///
/// `base` may be any [`Buffer`] (an array, a `Vec`, a slice); the view
/// borrows `base`'s memory and has `array`'s shape and strides (in bytes).
/// The location is found by address and then proven by the view's bounds
/// check, so a wrong `base` is an error, never a wrong read.
///
/// # Errors
///
/// Kind Buffer when `array` does not lie inside `base`'s memory, or when
/// `base` does not export; kind Type when `base`'s format is not `A`.
///
/// # Examples
///
/// ```
/// use ndarray::{Array, s};
///
/// let a = Array::from_iter(0u32..10);
/// let evens = a.slice(s![..;2]);
/// let v = view_ndarray::view_within(&a, &evens)?;
/// assert_eq!((v.shape(), v.strides()), (&[5][..], &[8][..]));
/// assert_eq!(v.typed::<u32>()?.iter().collect::<Vec<_>>(), [0, 2, 4, 6, 8]);
///
/// let other = Array::from_iter(0u32..10);
/// let err = view_ndarray::view_within(&other, &evens).unwrap_err();
/// assert_eq!(err.kind(), view_core::ErrorKind::Buffer);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn view_within<'b, A, D, B>(base: &'b B, array: &ArrayRef<A, D>) -> Result<View<'b, MAX_NDIM>>
where
    A: Element,
    D: Dimension,
    B: Buffer + ?Sized,
{
    let whole = base.export::<MAX_NDIM>()?;
    whole.typed::<A>().map_err(|_| Error::new(ErrorKind::Type, BASE_FORMAT))?;
    let bytes = whole.buffer();
    let offset = if array.is_empty() {
        0
    } else {
        array
            .as_ptr()
            .addr()
            .checked_sub(bytes.as_ptr().addr())
            .ok_or(Error::new(ErrorKind::Buffer, OUTSIDE))?
    };
    let layout =
        Layout::from_element_strides(array.shape(), array.strides(), size_of::<A>(), offset)?;
    View::from_parts(bytes, whole.format(), layout)
        .map_err(|_| Error::new(ErrorKind::Buffer, OUTSIDE))
}

/// Where a view's elements lie: the byte range they span, and per
/// dimension the stride in elements (absolute) and whether it is negative.
struct Span {
    start: usize,
    end: usize,
    ndim: usize,
    shape: [usize; MAX_NDIM],
    strides: [usize; MAX_NDIM],
    negative: [bool; MAX_NDIM],
}

/// Checks that a view of format `format` can be an array of `A` with `D`
/// dimensions and finds its span.
fn span<A: Element, D: Dimension, const N: usize>(
    format: &Format<'_>,
    layout: &Layout<N>,
) -> Result<Span> {
    if !A::matches(format) {
        return Err(Error::new(
            ErrorKind::Type,
            "memoryview: format does not match the element type",
        ));
    }
    let ndim = layout.ndim();
    if D::NDIM.is_some_and(|n| n != ndim) {
        return Err(Error::new(ErrorKind::Value, NDIM_MISMATCH));
    }
    let k = size_of::<A>();
    let empty = layout.is_empty();
    let mut span = Span {
        start: layout.offset(),
        end: layout.offset(),
        ndim,
        shape: [0; MAX_NDIM],
        strides: [0; MAX_NDIM],
        negative: [false; MAX_NDIM],
    };
    if !empty {
        span.end = span.start.saturating_add(k);
    }
    for (d, (&n, &s)) in layout.shape().iter().zip(layout.strides()).enumerate() {
        span.shape[d] = n;
        if empty {
            // No element is ever reached: ndarray wants zero strides here.
            continue;
        }
        let magnitude = s.unsigned_abs();
        if magnitude % k != 0 {
            if n > 1 {
                return Err(Error::new(ErrorKind::Value, STRIDE_NOT_MULTIPLE));
            }
            // One element or none: the stride is never taken.
            continue;
        }
        span.strides[d] = magnitude / k;
        span.negative[d] = s < 0;
        if n > 1 {
            // Layout invariant 4: these stay inside the buffer.
            let reach = (n - 1).saturating_mul(magnitude);
            if s < 0 {
                span.start = span.start.saturating_sub(reach);
            } else {
                span.end = span.end.saturating_add(reach);
            }
        }
    }
    Ok(span)
}

impl Span {
    fn shape(&self) -> IxDyn {
        IxDyn(&self.shape[..self.ndim])
    }

    fn strides(&self) -> IxDyn {
        IxDyn(&self.strides[..self.ndim])
    }

    /// The axes whose strides are negative in the view: ndarray is given
    /// their magnitudes, then inverts them.
    fn negative_axes(&self) -> impl Iterator<Item = Axis> + '_ {
        (0..self.ndim).filter(|&d| self.negative[d]).map(Axis)
    }
}

fn shape_error(err: &ShapeError, mutable: bool) -> Error {
    match err.kind() {
        ndarray::ErrorKind::Unsupported if mutable => Error::new(ErrorKind::Value, ALIASED),
        _ => Error::new(ErrorKind::Value, REJECTED),
    }
}

/// Why `bytes` (a whole number of elements) are not a slice of `A`.
fn cast_error<A: Element>(bytes: &[u8]) -> Error {
    if bytes.as_ptr().addr().is_multiple_of(align_of::<A>()) && !A::ANY_BIT_PATTERN {
        Error::new(ErrorKind::Value, NOT_BOOL)
    } else {
        Error::new(ErrorKind::Value, NOT_ALIGNED)
    }
}

/// Borrows a view as an `ndarray` array view of `A` with dimension `D`
/// (`IxDyn`, or `Ix0`..`Ix6` to fix the number of dimensions): same
/// memory, same shape, same strides (counted in elements).
///
/// # Errors
///
/// - Kind Type when the view's format is not `A` ([`Element::matches`]).
/// - Kind Value when `D` has another number of dimensions, when a byte
///   stride is not a multiple of `size_of::<A>()`, when the data are not
///   aligned for `A`, or (for `bool`) a byte is neither 0 nor 1.
///
/// [`to_array`] copies instead, and works for all of these but the first two.
///
/// # Examples
///
/// ```
/// use ndarray::{ArrayView1, ArrayViewD, Ix2};
/// use view_core::{Element, ErrorKind, View};
///
/// let data: Vec<u16> = (0..6).collect();
/// let bytes = u16::as_bytes(&data);
/// let v = View::new(bytes, "H", &[2, 3], &[2, 4], 0)?;
/// let a = view_ndarray::as_array::<u16, Ix2, _>(&v)?;
/// assert_eq!(a, ndarray::array![[0, 2, 4], [1, 3, 5]]);
/// assert_eq!(a.strides(), &[1, 2]);
///
/// let dynamic: ArrayViewD<'_, u16> = view_ndarray::as_array(&v)?;
/// assert_eq!(dynamic.shape(), &[2, 3]);
///
/// let odd = View::new(&bytes[1..], "H", &[5], &[2], 0)?;
/// let err = view_ndarray::as_array::<u16, _, _>(&odd).map(|a: ArrayView1<'_, u16>| a.len()).unwrap_err();
/// assert_eq!((err.kind(), err.message()), (ErrorKind::Value, "ndarray: the view's data are not aligned for the element type; use to_array to copy"));
/// assert_eq!(view_ndarray::to_array::<u16, ndarray::Ix1, _>(&odd)?.len(), 5);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn as_array<'a, A, D, const N: usize>(view: &View<'a, N>) -> Result<ArrayView<'a, A, D>>
where
    A: Element,
    D: Dimension,
{
    let span = span::<A, D, N>(&view.format(), view.layout())?;
    let bytes = view.buffer().get(span.start..span.end).unwrap_or_default();
    let empty: &[A] = &[];
    let elements = if span.start == span.end {
        empty
    } else {
        A::cast_slice(bytes).ok_or_else(|| cast_error::<A>(bytes))?
    };
    let mut array = ArrayView::from_shape(span.shape().strides(span.strides()), elements)
        .map_err(|e| shape_error(&e, false))?;
    span.negative_axes().for_each(|axis| array.invert_axis(axis));
    array.into_dimensionality::<D>().map_err(|_| Error::new(ErrorKind::Value, NDIM_MISMATCH))
}

/// Borrows a writable view as an `ndarray` mutable array view; see
/// [`as_array`].
///
/// # Errors
///
/// As [`as_array`], and kind Value when elements overlap (zero strides),
/// which a mutable `ndarray` view cannot have.
///
/// # Examples
///
/// ```
/// use ndarray::Ix2;
/// use view_core::ViewMut;
///
/// let mut data = [0u8; 6];
/// let v = ViewMut::new(&mut data, "B", &[2, 3], &[3, 1], 0)?.transpose();
/// let mut a = view_ndarray::as_array_mut::<u8, Ix2, _>(v)?;
/// a[[2, 1]] = 7;
/// assert_eq!(data, [0, 0, 0, 0, 0, 7]);
///
/// let mut data = [0u8; 2];
/// let broadcast = ViewMut::new(&mut data, "B", &[4], &[0], 0)?;
/// assert!(view_ndarray::as_array_mut::<u8, ndarray::IxDyn, _>(broadcast).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn as_array_mut<'a, A, D, const N: usize>(
    view: ViewMut<'a, N>,
) -> Result<ArrayViewMut<'a, A, D>>
where
    A: Element,
    D: Dimension,
{
    let (buffer, format, layout) = view.into_parts();
    let span = span::<A, D, N>(&format, &layout)?;
    let elements: &mut [A] = if span.start == span.end {
        &mut []
    } else {
        let bytes = buffer.get_mut(span.start..span.end).unwrap_or_default();
        let error = cast_error::<A>(bytes);
        A::cast_slice_mut(bytes).ok_or(error)?
    };
    let mut array = ArrayViewMut::from_shape(span.shape().strides(span.strides()), elements)
        .map_err(|e| shape_error(&e, true))?;
    span.negative_axes().for_each(|axis| array.invert_axis(axis));
    array.into_dimensionality::<D>().map_err(|_| Error::new(ErrorKind::Value, NDIM_MISMATCH))
}

/// Copies a view into a new standard-layout (C order) array of `A`: works
/// for any strides and any alignment.
///
/// # Errors
///
/// Kind Type when the format is not `A`; kind Value when `D` has another
/// number of dimensions.
///
/// # Examples
///
/// ```
/// use ndarray::Ix1;
/// use view_core::View;
///
/// // Three u16, 3 bytes apart: no ndarray stride can say that.
/// let mut data = [0u8; 8];
/// for (i, x) in [1u16, 2, 3].iter().enumerate() {
///     data[3 * i..3 * i + 2].copy_from_slice(&x.to_ne_bytes());
/// }
/// let v = View::new(&data, "H", &[3], &[3], 0)?;
/// assert!(view_ndarray::as_array::<u16, Ix1, _>(&v).is_err());
/// assert_eq!(view_ndarray::to_array::<u16, Ix1, _>(&v)?, ndarray::array![1, 2, 3]);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn to_array<A, D, const N: usize>(view: &View<'_, N>) -> Result<Array<A, D>>
where
    A: Element,
    D: Dimension,
{
    let typed = view.typed::<A>()?;
    if D::NDIM.is_some_and(|n| n != view.ndim()) {
        return Err(Error::new(ErrorKind::Value, NDIM_MISMATCH));
    }
    let elements = match typed.as_slice() {
        Some(slice) => slice.to_vec(),
        None => typed.iter().collect(),
    };
    Array::from_shape_vec(IxDyn(view.shape()), elements)
        .map_err(|e| shape_error(&e, false))?
        .into_dimensionality::<D>()
        .map_err(|_| Error::new(ErrorKind::Value, NDIM_MISMATCH))
}
