//! [`Buffer`] and [`BufferMut`] for the types that hold elements: slices
//! and arrays of [`Element`]s, `str`, references, views, and with `alloc`
//! the standard containers. Every export is zero copy: the view borrows the
//! container's own memory.
//!
//! These impls live beside the traits because Rust's orphan rule lets no
//! other crate implement a `view-core` trait for a `std`, `ndarray` or
//! `bytes` type; the adapter crates hold everything else.
//!
//! | container | view | writable (`BufferMut`) |
//! |---|---|---|
//! | `[T]`, `[T; N]`, `Vec<T>`, `Box<[T]>` | 1-D, format `T::FORMAT` | when `T: PodElement` |
//! | `&[T]`, `Rc<[T]>`, `Arc<[T]>` | same | never (shared) |
//! | `&mut [T]` | same | when `T: PodElement` |
//! | `Cow<[T]>` | same | when `T: PodElement` (clones a borrowed slice first, `Cow::to_mut`) |
//! | `str`, `String` | 1-D `B` of the UTF-8 bytes | never (writes could break UTF-8) |
//! | `View`, `ViewMut` | itself | `ViewMut` |

use core::mem::size_of;

use crate::buffer::{Buffer, BufferMut};
use crate::element::{Element, PodElement};
use crate::error::Result;
use crate::format::Format;
use crate::layout::Layout;
use crate::view::{View, ViewMut};

#[cfg(feature = "bytes")]
mod bytes;
#[cfg(feature = "ndarray")]
mod ndarray;

/// The 1-D view of a slice of elements.
fn slice_view<T: Element, const N: usize>(slice: &[T]) -> Result<View<'_, N>> {
    let layout = Layout::c_contiguous(&[slice.len()], size_of::<T>(), 0)?;
    View::from_parts(T::as_bytes(slice), Format::parse(T::FORMAT)?, layout)
}

/// The writable 1-D view of a slice of elements.
fn slice_view_mut<T: PodElement, const N: usize>(slice: &mut [T]) -> Result<ViewMut<'_, N>> {
    let layout = Layout::c_contiguous(&[slice.len()], size_of::<T>(), 0)?;
    ViewMut::from_parts(T::as_bytes_mut(slice), Format::parse(T::FORMAT)?, layout)
}

/// # Examples
///
/// ```
/// use view_core::Buffer;
///
/// let data: &[i16] = &[-1, 2];
/// let v = data.export::<4>()?;
/// assert_eq!(v.typed::<i16>()?.as_slice(), Some(data));
/// assert!(v.element_bytes(&[0])?.as_ptr() == data.as_ptr().cast());
/// # Ok::<(), view_core::Error>(())
/// ```
impl<T: Element> Buffer for [T] {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        slice_view(self)
    }

    fn readonly(&self) -> bool {
        !T::ANY_BIT_PATTERN
    }
}

impl<T: PodElement> BufferMut for [T] {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        slice_view_mut(self)
    }
}

/// # Examples
///
/// ```
/// use view_core::{BufferMut, Scalar};
///
/// let mut data = [0u8; 3];
/// data.export_mut::<4>()?.set(&[1], Scalar::Int(65))?;
/// assert_eq!(data, [0, 65, 0]);
/// # Ok::<(), view_core::Error>(())
/// ```
impl<T: Element, const L: usize> Buffer for [T; L] {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        slice_view(self)
    }

    fn readonly(&self) -> bool {
        !T::ANY_BIT_PATTERN
    }
}

impl<T: PodElement, const L: usize> BufferMut for [T; L] {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        slice_view_mut(self)
    }
}

/// `str` exports its UTF-8 bytes as `B`, read-only.
///
/// # Examples
///
/// ```
/// use view_core::{Buffer, Request};
///
/// let v = "héllo".export::<4>()?;
/// assert_eq!((v.format().as_str(), v.shape()), ("B", &[6][..]));
/// assert_eq!(String::from("ab").request::<4>(Request::WRITABLE).unwrap_err().message(), "Object is not writable.");
/// # Ok::<(), view_core::Error>(())
/// ```
impl Buffer for str {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        Ok(View::from(self.as_bytes()))
    }
}

/// A shared reference exports read-only, whatever it points to.
impl<B: Buffer + ?Sized> Buffer for &B {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        B::export(&**self)
    }
}

impl<B: Buffer + ?Sized> Buffer for &mut B {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        B::export(&**self)
    }

    fn readonly(&self) -> bool {
        B::readonly(&**self)
    }
}

impl<B: BufferMut + ?Sized> BufferMut for &mut B {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        B::export_mut(&mut **self)
    }
}

/// A view is a buffer of itself (`memoryview(memoryview(x))`).
///
/// # Examples
///
/// ```
/// use view_core::{Buffer, Request, View};
///
/// let v = View::from_bytes(b"abc");
/// assert_eq!(v.request::<4>(Request::FULL_RO)?, v);
/// # Ok::<(), view_core::Error>(())
/// ```
impl<const M: usize> Buffer for View<'_, M> {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        self.into_capacity()
    }
}

impl<const M: usize> Buffer for ViewMut<'_, M> {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        self.as_view().into_capacity()
    }

    fn readonly(&self) -> bool {
        false
    }
}

impl<const M: usize> BufferMut for ViewMut<'_, M> {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        self.reborrow().into_capacity()
    }
}

#[cfg(feature = "alloc")]
mod containers {
    use alloc::borrow::{Cow, ToOwned};
    use alloc::boxed::Box;
    use alloc::rc::Rc;
    use alloc::string::String;
    use alloc::sync::Arc;
    use alloc::vec::Vec;

    use super::{Buffer, BufferMut, Element, PodElement, Result, View, ViewMut};

    /// # Examples
    ///
    /// ```
    /// use view_core::{Buffer, BufferMut};
    ///
    /// let mut data = vec![[1u16, 2], [3, 4]];
    /// let v = data.export::<4>()?;
    /// assert_eq!((v.format().as_str(), v.shape()), ("2H", &[2][..]));
    /// data.export_mut::<4>()?.typed::<[u16; 2]>()?.set(&[1], [5, 6])?;
    /// assert_eq!(data, [[1, 2], [5, 6]]);
    /// assert!(vec![true].readonly());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    impl<T: Element> Buffer for Vec<T> {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            <[T]>::export(self)
        }

        fn readonly(&self) -> bool {
            !T::ANY_BIT_PATTERN
        }
    }

    impl<T: PodElement> BufferMut for Vec<T> {
        fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
            <[T]>::export_mut(self)
        }
    }

    impl<B: Buffer + ?Sized> Buffer for Box<B> {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            B::export(&**self)
        }

        fn readonly(&self) -> bool {
            B::readonly(&**self)
        }
    }

    impl<B: BufferMut + ?Sized> BufferMut for Box<B> {
        fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
            B::export_mut(&mut **self)
        }
    }

    /// Shared ownership exports read-only.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_core::{Buffer, ErrorKind, Request};
    ///
    /// let shared: Arc<[f32]> = Arc::from(vec![1.0, 2.0]);
    /// assert_eq!(shared.export::<4>()?.typed::<f32>()?.get(&[1])?, 2.0);
    /// assert_eq!(shared.request::<4>(Request::CONTIG).unwrap_err().kind(), ErrorKind::Buffer);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    impl<B: Buffer + ?Sized> Buffer for Arc<B> {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            B::export(&**self)
        }
    }

    impl<B: Buffer + ?Sized> Buffer for Rc<B> {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            B::export(&**self)
        }
    }

    impl Buffer for String {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            str::export(self)
        }
    }

    /// # Examples
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use view_core::{BufferMut, Scalar};
    ///
    /// let original = [1u8, 2, 3];
    /// let mut cow = Cow::Borrowed(&original[..]);
    /// cow.export_mut::<4>()?.set(&[0], Scalar::Int(9))?;
    /// assert_eq!((original[0], cow[0]), (1, 9));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    impl<B> Buffer for Cow<'_, B>
    where
        B: ToOwned + Buffer + ?Sized,
        B::Owned: Buffer,
    {
        fn export<const N: usize>(&self) -> Result<View<'_, N>> {
            match self {
                Cow::Borrowed(b) => B::export(b),
                Cow::Owned(o) => B::Owned::export(o),
            }
        }

        fn readonly(&self) -> bool {
            match self {
                Cow::Borrowed(b) => B::readonly(b),
                Cow::Owned(o) => B::Owned::readonly(o),
            }
        }
    }

    impl<B> BufferMut for Cow<'_, B>
    where
        B: ToOwned + Buffer + ?Sized,
        B::Owned: BufferMut,
    {
        fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
            B::Owned::export_mut(self.to_mut())
        }
    }
}
