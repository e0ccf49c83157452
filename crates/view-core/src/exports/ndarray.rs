//! `ndarray` arrays export their elements with their real shape and
//! strides (converted from elements to bytes), negative strides included,
//! without copying. The rest of the adapter (views to arrays, round trips)
//! is the `view-ndarray` crate.
//!
//! An array exports when its elements are contiguous in memory, in any
//! order (standard, Fortran, permuted axes, reversed axes): then the view
//! borrows exactly the array's memory. An array sliced with steps leaves
//! gaps; `ndarray` gives no slice that spans them, so such an array is a
//! kind Buffer error here, and `view_ndarray::view_within` exports it from
//! the array it was sliced from.

use core::mem::size_of;

use ndarray::{ArrayBase, ArrayRef, CowRepr, Dimension, OwnedArcRepr, OwnedRepr, ViewRepr};

use super::{Buffer, BufferMut, Element, PodElement, Result, View, ViewMut};
use crate::error::{Error, ErrorKind};
use crate::format::Format;
use crate::layout::Layout;

const GAPS: &str = "ndarray: the array's elements are not contiguous in memory; export the array it was sliced from";

/// The layout of an array of `shape` and `strides` (in elements of `A`)
/// whose logical first element is `offset` bytes into its memory.
fn byte_layout<A, const N: usize>(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
) -> Result<Layout<N>> {
    Layout::from_element_strides(shape, strides, size_of::<A>(), offset)
}

fn first_offset<A, D: Dimension>(array: &ArrayRef<A, D>, low: usize) -> usize {
    if array.is_empty() { 0 } else { array.as_ptr().addr().wrapping_sub(low) }
}

/// # Examples
///
/// ```
/// use ndarray::{array, s};
/// use view_core::Buffer;
///
/// let a = array![[1u16, 2, 3], [4, 5, 6]];
/// let t = a.t();
/// let v = t.export::<4>()?;
/// assert_eq!((v.shape(), v.strides()), (&[3, 2][..], &[2, 6][..]));
/// assert!(v.element_bytes(&[0, 0])?.as_ptr() == a.as_ptr().cast());
///
/// let reversed = a.slice(s![.., ..;-1]);
/// assert_eq!(Buffer::export::<4>(&reversed)?.strides(), &[6, -2]);
/// assert!(Buffer::export::<4>(&a.slice(s![.., ..;2])).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
impl<A: Element, D: Dimension> Buffer for ArrayRef<A, D> {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        let slice = self.as_slice_memory_order().ok_or(Error::new(ErrorKind::Buffer, GAPS))?;
        let offset = first_offset(self, slice.as_ptr().addr());
        let layout = byte_layout::<A, N>(self.shape(), self.strides(), offset)?;
        View::from_parts(A::as_bytes(slice), Format::parse(A::FORMAT)?, layout)
    }

    fn readonly(&self) -> bool {
        !A::ANY_BIT_PATTERN
    }
}

impl<A: PodElement, D: Dimension> BufferMut for ArrayRef<A, D> {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        let shape = byte_layout::<A, N>(self.shape(), self.strides(), 0)?;
        let first = self.as_ptr().addr();
        let empty = self.is_empty();
        let slice = self.as_slice_memory_order_mut().ok_or(Error::new(ErrorKind::Buffer, GAPS))?;
        let offset = if empty { 0 } else { first.wrapping_sub(slice.as_ptr().addr()) };
        let layout = Layout::new(shape.shape(), shape.strides(), offset)?;
        ViewMut::from_parts(A::as_bytes_mut(slice), Format::parse(A::FORMAT)?, layout)
    }
}

/// `Buffer` for an array with storage `$storage`, read-only when `$readonly`.
macro_rules! readable {
    ($($storage:ty => $readonly:expr),* $(,)?) => {$(
        impl<'s, A: Element, D: Dimension> Buffer for ArrayBase<$storage, D> {
            fn export<const N: usize>(&self) -> Result<View<'_, N>> {
                Buffer::export(&**self)
            }

            fn readonly(&self) -> bool {
                $readonly || !A::ANY_BIT_PATTERN
            }
        }
    )*};
}

/// `BufferMut` for an array with storage `$storage`; shared and
/// copy-on-write storage is unshared first, as `ndarray`'s own mutable
/// access does.
macro_rules! writable {
    ($($storage:ty),* $(,)?) => {$(
        impl<'s, A: PodElement, D: Dimension> BufferMut for ArrayBase<$storage, D> {
            fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
                BufferMut::export_mut(&mut **self)
            }
        }
    )*};
}

readable! {
    OwnedRepr<A> => false,
    OwnedArcRepr<A> => false,
    ViewRepr<&'s mut A> => false,
    CowRepr<'s, A> => false,
    ViewRepr<&'s A> => true,
}

writable! {
    OwnedRepr<A>,
    OwnedArcRepr<A>,
    ViewRepr<&'s mut A>,
    CowRepr<'s, A>,
}
