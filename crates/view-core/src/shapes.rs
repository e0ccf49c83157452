//! New shapes over the same buffer: typed constructors from slices,
//! `reshape` of a contiguous view, and slicing several dimensions at once.

use crate::element::{Element, PodElement};
use crate::error::{Error, ErrorKind, Result};
use crate::format::Format;
use crate::layout::{DEFAULT_NDIM, Layout, Slice};
use crate::view::{Storage, View, ViewBase, ViewMut};

const RESHAPE_COUNT: &str = "cannot reshape: the new shape has another number of elements";
const RESHAPE_LAYOUT: &str = "cannot reshape a view that is not C-contiguous";
const TOO_MANY_SLICES: &str = "more slices than dimensions";

/// The C-contiguous layout of `shape` over `len` elements of `T`.
fn slice_layout<T: Element, const N: usize>(len: usize, shape: &[usize]) -> Result<Layout<N>> {
    let count = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    if count != Some(len) {
        return Err(Error::new(ErrorKind::Value, RESHAPE_COUNT));
    }
    Layout::c_contiguous(shape, size_of::<T>(), 0)
}

impl<'a> View<'a> {
    /// A C-contiguous view of `data` in `shape`, its format `T`'s
    /// ([`Element::FORMAT`]): no format string to retype. Parses the format
    /// (a few ns for a one-code format). Default capacity, as
    /// [`new`](ViewBase::new); [`into_capacity`](ViewBase::into_capacity)
    /// gives another.
    ///
    /// # Errors
    ///
    /// Kind Value when `shape` does not hold exactly `data.len()` elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let samples = [0.5f32, 1.5, 2.5, 3.5, 4.5, 5.5];
    /// let m = View::from_slice(&samples, &[2, 3])?;
    /// assert_eq!(m.format().as_str(), "f");
    /// assert_eq!(m.strides(), &[12, 4]);
    /// assert_eq!(m.typed::<f32>()?.get(&[1, 2])?, 5.5);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_slice<T: Element>(data: &'a [T], shape: &[usize]) -> Result<Self> {
        let layout = slice_layout::<T, DEFAULT_NDIM>(data.len(), shape)?;
        Self::from_parts(T::as_bytes(data), Format::parse(T::FORMAT)?, layout)
    }
}

impl<'a> ViewMut<'a> {
    /// A writable C-contiguous view of `data` in `shape`, its format `T`'s.
    ///
    /// # Errors
    ///
    /// Kind Value when `shape` does not hold exactly `data.len()` elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, ViewMut};
    ///
    /// let mut grid = [0u16; 6];
    /// let mut m = ViewMut::from_slice_mut(&mut grid, &[3, 2])?;
    /// m.set(&[2, 1], Scalar::Int(7))?;
    /// assert_eq!(grid[5], 7);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_slice_mut<T: PodElement>(data: &'a mut [T], shape: &[usize]) -> Result<Self> {
        let layout = slice_layout::<T, DEFAULT_NDIM>(data.len(), shape)?;
        Self::from_parts(T::as_bytes_mut(data), Format::parse(T::FORMAT)?, layout)
    }
}

/// Slices for the first dimensions of a view, one per dimension: a tuple
/// of up to four of anything that is a [`Slice`] (`(1.., ..=2)`), an array
/// of one range type, or `&[Slice]`. Used by
/// [`slice_each`](ViewBase::slice_each).
pub trait SliceEach {
    /// Applies `slice(dim, ...)` for each slice, dimension 0 first.
    ///
    /// # Errors
    ///
    /// As [`ViewBase::slice`] for each.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{SliceEach, View};
    ///
    /// let data: Vec<u8> = (0..6).collect();
    /// let v = (.., 1..).slice_each(View::with_shape(&data[..], "B", &[2, 3])?)?;
    /// assert_eq!(v.shape(), &[2, 2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    fn slice_each<'a, B: Storage, const N: usize>(
        self,
        view: ViewBase<'a, B, N>,
    ) -> Result<ViewBase<'a, B, N>>;
}

fn apply<'a, B: Storage, const N: usize>(
    mut view: ViewBase<'a, B, N>,
    slices: impl IntoIterator<Item = Slice>,
) -> Result<ViewBase<'a, B, N>> {
    for (dim, slice) in slices.into_iter().enumerate() {
        if dim >= view.ndim() {
            return Err(Error::new(ErrorKind::Index, TOO_MANY_SLICES));
        }
        view = view.slice(dim, slice)?;
    }
    Ok(view)
}

impl SliceEach for &[Slice] {
    fn slice_each<'a, B: Storage, const N: usize>(
        self,
        view: ViewBase<'a, B, N>,
    ) -> Result<ViewBase<'a, B, N>> {
        apply(view, self.iter().copied())
    }
}

impl<S: Into<Slice>, const K: usize> SliceEach for [S; K] {
    fn slice_each<'a, B: Storage, const N: usize>(
        self,
        view: ViewBase<'a, B, N>,
    ) -> Result<ViewBase<'a, B, N>> {
        apply(view, self.map(Into::into))
    }
}

macro_rules! slice_each_tuple {
    ($($s:ident),*) => {
        impl<$($s: Into<Slice>),*> SliceEach for ($($s,)*) {
            #[allow(non_snake_case)]
            fn slice_each<'a, B: Storage, const N: usize>(
                self,
                view: ViewBase<'a, B, N>,
            ) -> Result<ViewBase<'a, B, N>> {
                let ($($s,)*) = self;
                apply(view, [$($s.into()),*])
            }
        }
    };
}

slice_each_tuple!(A);
slice_each_tuple!(A, C);
slice_each_tuple!(A, C, D);
slice_each_tuple!(A, C, D, E);

impl<'a, B: Storage, const N: usize> ViewBase<'a, B, N> {
    /// Slices the first dimensions in one call, numpy's `a[1:, ::-1]`:
    /// `v.slice_each((1.., Slice::new(None, None, Some(-1))))`. O(ndim).
    ///
    /// # Errors
    ///
    /// Kind Index when there are more slices than dimensions; otherwise as
    /// [`slice`](Self::slice).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Slice, View};
    ///
    /// let data: Vec<u8> = (0..12).collect();
    /// let m = View::with_shape(&data[..], "B", &[3, 4])?;
    /// let v = m.slice_each((1.., Slice::new(None, None, Some(-2))))?;
    /// assert_eq!(v.to_string(), "[[7, 5], [11, 9]]");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn slice_each(self, slices: impl SliceEach) -> Result<Self> {
        slices.slice_each(self)
    }

    /// The same elements in another shape with the same element count (C
    /// order, numpy's `reshape` without a copy): the view must be
    /// C-contiguous. O(ndim).
    ///
    /// # Errors
    ///
    /// Kind Value when the element counts differ, and kind NotImplemented
    /// when the view is not C-contiguous (reshaping it would need a copy);
    /// as [`Layout::c_contiguous`] for a shape beyond the view's capacity.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data: Vec<u8> = (0..12).collect();
    /// let v = View::from_bytes(&data[..]).reshape(&[3, 4])?;
    /// assert_eq!(v.get(&[2, 1])?, Scalar::Int(9));
    /// let v = v.reshape(&[2, 2, 3])?;
    /// assert_eq!(v.strides(), &[6, 3, 1]);
    /// assert!(v.reshape(&[5]).is_err());
    /// assert!(v.transpose().reshape(&[12]).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn reshape(self, shape: &[usize]) -> Result<Self> {
        if !self.is_c_contiguous() {
            return Err(Error::new(ErrorKind::NotImplemented, RESHAPE_LAYOUT));
        }
        let count = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        let own = self.shape().iter().try_fold(1usize, |n, &d| n.checked_mul(d));
        if count.is_none() || count != own {
            return Err(Error::new(ErrorKind::Value, RESHAPE_COUNT));
        }
        let (bytes, format, layout) = self.into_parts();
        let layout = Layout::c_contiguous(shape, format.itemsize(), layout.offset())?;
        Self::from_parts(bytes, format, layout)
    }
}
