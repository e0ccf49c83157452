//! Typed access: a view whose format is checked once against an
//! [`Element`] type, then read (and written) as that type.

use core::fmt;
use core::iter::FusedIterator;
use core::marker::PhantomData;

use crate::element::{Element, scalar_match, walk_matches};
use crate::error::{ElementType, Error, FormatExcerpt, Reason, Result};
use crate::iter::Offsets;
use crate::layout::DEFAULT_NDIM;
use crate::view::{Storage, ViewBase};

/// Decodes the element bytes `view` returned (their length is the itemsize,
/// which `typed` proved equal to `size_of::<T>()`).
fn decode<T: Element>(bytes: &[u8]) -> Result<T> {
    T::read_from(bytes).ok_or(Error::because(Reason::ElementTypeMismatch))
}

/// The refusal of `typed::<T>()` on a view of format `text`: kept out of
/// line, so the accepting path stays small.
#[cold]
#[inline(never)]
fn not_element_format<T: Element>(text: &str) -> Error {
    Error::because(Reason::NotElementFormat {
        format: FormatExcerpt::new(text),
        element: ElementType::of::<T>(),
    })
}

/// A view read (and, over `&mut [u8]`, written) as elements of type `T`,
/// its format checked once: see [`ViewBase::typed`]. Every read is written
/// once here for [`Typed`] and [`TypedMut`].
///
/// # Examples
///
/// ```
/// use view_core::View;
///
/// let data: Vec<u8> = [1u32, 2, 3, 4].iter().flat_map(|x| x.to_ne_bytes()).collect();
/// let m = View::with_shape(&data, "I", &[2, 2])?.typed::<u32>()?;
/// assert_eq!(m.get(&[1, 0])?, 3);
/// assert_eq!(m.iter().sum::<u32>(), 10);
/// # Ok::<(), view_core::Error>(())
/// ```
pub struct TypedBase<'a, B, T, const N: usize = DEFAULT_NDIM> {
    view: ViewBase<'a, B, N>,
    marker: PhantomData<fn() -> T>,
}

/// A [`View`](crate::View) read as elements of type `T`. `Copy`.
///
/// # Examples
///
/// ```
/// let v = view_core::View::from_bytes(&[1, 2, 3]).typed::<u8>()?;
/// assert_eq!(v.get(&[-1])?, 3);
/// # Ok::<(), view_core::Error>(())
/// ```
pub type Typed<'a, T, const N: usize = DEFAULT_NDIM> = TypedBase<'a, &'a [u8], T, N>;

/// A [`ViewMut`](crate::ViewMut) read and written as elements of type `T`.
///
/// # Examples
///
/// ```
/// use view_core::ViewMut;
///
/// let mut data = [0u8; 8];
/// let mut m = ViewMut::new(&mut data, "H", &[2, 2], &[4, 2], 0)?.typed::<u16>()?;
/// m.set(&[1, 1], 0xbeef)?;
/// assert_eq!(m.get(&[1, 1])?, 0xbeef);
/// assert_eq!(&data[6..], &0xbeefu16.to_ne_bytes());
/// # Ok::<(), view_core::Error>(())
/// ```
pub type TypedMut<'a, T, const N: usize = DEFAULT_NDIM> = TypedBase<'a, &'a mut [u8], T, N>;

impl<B: Clone, T, const N: usize> Clone for TypedBase<'_, B, T, N> {
    fn clone(&self) -> Self {
        Self { view: self.view.clone(), marker: PhantomData }
    }
}

impl<B: Copy, T, const N: usize> Copy for TypedBase<'_, B, T, N> {}

impl<B: Storage, T, const N: usize> fmt::Debug for TypedBase<'_, B, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(if B::READONLY { "Typed" } else { "TypedMut" })
            .field("type", &core::any::type_name::<T>())
            .field("view", &self.view)
            .finish()
    }
}

impl<'a, B: Storage, const N: usize> ViewBase<'a, B, N> {
    /// This view read (and, for a [`ViewMut`](crate::ViewMut), written) as elements of type
    /// `T`, after checking that the format describes `T` (see
    /// [`Element::matches`]: kinds, sizes, offsets and byte order; `"<H"`
    /// is a `u16` on a little-endian target, `">H"` is not). Consumes the
    /// view (a `View` is `Copy`; [`reborrow`](crate::ViewMut::reborrow) a
    /// `ViewMut` to keep it).
    ///
    /// # Errors
    ///
    /// Kind Type when the format does not describe `T`; the reason,
    /// [`Reason::NotElementFormat`], names the view's format (its first
    /// bytes, when long), `T`'s format and `T`'s Rust type.
    ///
    /// # Cost
    ///
    /// A view whose format text is `T::FORMAT` (as views built from
    /// `T`'s own format, `export()` of `Vec<T>` and `derive(Element)`
    /// records have) is accepted by one string comparison. Any other
    /// text that describes `T` (`"<d"` for `f64` on a little-endian
    /// target) is compared field by field, reading both formats: longer
    /// for records (measured in the `W8-typed-call*` rows of the
    /// workspace's criterion benches).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View, ViewMut};
    ///
    /// let data = 513u16.to_le_bytes();
    /// let v = View::new(&data, "<H", &[], &[], 0)?;
    /// assert_eq!(v.typed::<u16>()?.get(&[])?, if cfg!(target_endian = "little") { 513 } else { 258 });
    /// # if cfg!(target_endian = "little") {
    /// let big = View::new(&data, ">H", &[], &[], 0)?;
    /// assert_eq!(big.typed::<u16>().unwrap_err().kind(), ErrorKind::Type);
    /// # }
    /// let err = v.typed::<i16>().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Type);
    /// assert_eq!(
    ///     err.to_string(),
    ///     "memoryview: format does not match the element type: \
    ///      the view's format is \"<H\", i16 has format \"h\""
    /// );
    ///
    /// let mut data = [0u8; 4];
    /// let mut m = ViewMut::from_bytes(&mut data);
    /// assert_eq!(m.reborrow().typed::<u16>().unwrap_err().kind(), ErrorKind::Type);
    /// m.typed::<u8>()?.set(&[0], 7)?;
    /// assert_eq!(data, [7, 0, 0, 0]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn typed<T: Element>(self) -> Result<TypedBase<'a, B, T, N>> {
        let format = self.format();
        // Without reading either text: one value code each (`<d` against
        // `f64`), decided by the parsed metadata and a constant of `T`.
        // Else the type's own text (which describes it, at its size), else
        // a walk of both formats.
        let accepted = match scalar_match::<T>(&format) {
            Some(answer) => answer,
            None => {
                (format.as_str() == T::FORMAT && format.itemsize() == size_of::<T>())
                    || walk_matches::<T>(&format)
            }
        };
        if accepted {
            Ok(TypedBase { view: self, marker: PhantomData })
        } else {
            Err(not_element_format::<T>(format.as_str()))
        }
    }
}

impl<'a, B: Storage, T: Element, const N: usize> TypedBase<'a, B, T, N> {
    /// The untyped view.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"ab").typed::<u8>()?;
    /// assert_eq!(v.as_view().shape(), &[2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn as_view(&self) -> &ViewBase<'a, B, N> {
        &self.view
    }

    /// The untyped view, giving up the type.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [1u8, 2];
    /// let v = view_core::ViewMut::from_bytes(&mut data).typed::<u8>()?;
    /// assert_eq!(v.into_view().len(), Ok(2));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn into_view(self) -> ViewBase<'a, B, N> {
        self.view
    }

    /// The element at `index` (one index per dimension, negative counts
    /// from the end; `&[]` for a 0-d view).
    ///
    /// # Errors
    ///
    /// As [`ViewBase::get`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// let v = View::from_bytes(&[1, 2, 3]).typed::<u8>()?;
    /// assert_eq!(v.get(&[-1])?, 3);
    /// assert_eq!(v.get(&[3]).unwrap_err().kind(), ErrorKind::Index);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline]
    pub fn get(&self, index: &[isize]) -> Result<T> {
        decode(self.view.element_sized(index, size_of::<T>())?)
    }
}

impl<'a, T: Element, const N: usize> Typed<'a, T, N> {
    /// The elements in C order (last index fastest).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let data = [1u8, 2, 3, 4, 5, 6];
    /// let t = View::new(&data, "B", &[2, 3], &[3, 1], 0)?.transpose().typed::<u8>()?;
    /// assert_eq!(t.iter().collect::<Vec<_>>(), [1, 4, 2, 5, 3, 6]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn iter(&self) -> TypedIter<'a, T, N> {
        TypedIter {
            bytes: self.view.buffer(),
            offsets: Offsets::new(self.view.layout()),
            marker: PhantomData,
        }
    }

    /// The elements as a slice, in C order, when they are C-contiguous and
    /// their address is aligned for `T` (for `bool`, when every byte is also
    /// 0 or 1); otherwise `None` (use [`iter`](Self::iter) or [`get`](Self::get)).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Slice, View};
    ///
    /// let data = [1u16, 2, 3, 4];
    /// let bytes: &[u8] = bytemuck::cast_slice(&data);
    /// let v = View::with_shape(bytes, "H", &[4])?;
    /// assert_eq!(v.typed::<u16>()?.as_slice(), Some(&data[..]));
    /// let odd = v.slice(0, Slice::new(None, None, Some(2)))?;
    /// assert_eq!(odd.typed::<u16>()?.as_slice(), None);
    /// let misaligned = View::with_shape(&bytes[1..7], "H", &[3])?;
    /// assert_eq!(misaligned.typed::<u16>()?.as_slice(), None);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_slice(&self) -> Option<&'a [T]> {
        T::cast_slice(self.view.as_contiguous_bytes()?)
    }
}

impl<'a, T: Element, const N: usize> IntoIterator for Typed<'a, T, N> {
    type Item = T;
    type IntoIter = TypedIter<'a, T, N>;

    /// The elements in C order, for the whole lifetime `'a` (a `Typed` is `Copy`).
    fn into_iter(self) -> TypedIter<'a, T, N> {
        TypedIter {
            bytes: self.view.buffer(),
            offsets: Offsets::new(self.view.layout()),
            marker: PhantomData,
        }
    }
}

impl<'a, T: Element, const N: usize> IntoIterator for &Typed<'a, T, N> {
    type Item = T;
    type IntoIter = TypedIter<'a, T, N>;

    fn into_iter(self) -> TypedIter<'a, T, N> {
        self.iter()
    }
}

/// The elements of a [`TypedBase`] view in C order.
///
/// # Examples
///
/// ```
/// let v = view_core::View::from_bytes(&[1, 2]).typed::<u8>().unwrap();
/// let mut it = v.iter();
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next(), Some(1));
/// ```
pub struct TypedIter<'a, T, const N: usize = DEFAULT_NDIM> {
    bytes: &'a [u8],
    offsets: Offsets<N>,
    marker: PhantomData<fn() -> T>,
}

impl<T, const N: usize> Clone for TypedIter<'_, T, N> {
    fn clone(&self) -> Self {
        Self { bytes: self.bytes, offsets: self.offsets.clone(), marker: PhantomData }
    }
}

impl<T, const N: usize> fmt::Debug for TypedIter<'_, T, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TypedIter")
            .field("type", &core::any::type_name::<T>())
            .field("remaining", &self.offsets.len())
            .finish()
    }
}

impl<T: Element, const N: usize> Iterator for TypedIter<'_, T, N> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let at = self.offsets.next()?;
        // Layout invariant 4: every element lies in the buffer.
        self.bytes.get(at..at.saturating_add(size_of::<T>())).and_then(T::read_from)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }

    /// Run by run instead of element by element (`sum`, `for_each`, ...):
    /// a contiguous run is read as fixed-size chunks with no odometer step
    /// per element. Stops where `next` would (an element that does not
    /// decode, such as a `bool` byte other than 0 or 1).
    fn fold<B, F: FnMut(B, T) -> B>(mut self, init: B, mut f: F) -> B {
        let k = size_of::<T>();
        let mut acc = init;
        if k == 0 {
            for x in self.by_ref() {
                acc = f(acc, x);
            }
            return acc;
        }
        while let Some((start, step, count)) = self.offsets.next_run() {
            let contiguous = (step == k as isize || count == 1)
                .then(|| self.bytes.get(start..start.checked_add(count.checked_mul(k)?)?))
                .flatten();
            if let Some(run) = contiguous {
                for chunk in run.chunks_exact(k) {
                    match T::read_from(chunk) {
                        Some(x) => acc = f(acc, x),
                        None => return acc,
                    }
                }
                continue;
            }
            let mut at = start as isize;
            for _ in 0..count {
                // Layout invariant 4: every element lies in the buffer.
                let item = usize::try_from(at)
                    .ok()
                    .and_then(|p| self.bytes.get(p..p.saturating_add(k)))
                    .and_then(T::read_from);
                match item {
                    Some(x) => acc = f(acc, x),
                    None => return acc,
                }
                at = at.wrapping_add(step);
            }
        }
        acc
    }
}

impl<T: Element, const N: usize> ExactSizeIterator for TypedIter<'_, T, N> {}

impl<T: Element, const N: usize> FusedIterator for TypedIter<'_, T, N> {}

impl<T: Element, const N: usize> TypedMut<'_, T, N> {
    /// A read-only typed view of the same elements, borrowing this one.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut data = [1u8, 2];
    /// let v = view_core::ViewMut::from_bytes(&mut data).typed::<u8>()?;
    /// assert_eq!(v.as_typed().iter().max(), Some(2));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_typed(&self) -> Typed<'_, T, N> {
        TypedBase { view: self.view.as_view(), marker: PhantomData }
    }

    /// Stores `value` at `index` (native byte order).
    ///
    /// # Errors
    ///
    /// As [`ViewBase::get`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, ViewMut};
    ///
    /// let mut data = [0u8; 2];
    /// let mut v = ViewMut::from_bytes(&mut data).typed::<u8>()?;
    /// v.set(&[-1], 9)?;
    /// assert_eq!(v.set(&[2], 9).unwrap_err().kind(), ErrorKind::Index);
    /// assert_eq!(data, [0, 9]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set(&mut self, index: &[isize], value: T) -> Result<()> {
        let element = self.view.element_bytes_mut(index)?;
        if value.write_to(element) {
            Ok(())
        } else {
            Err(Error::because(Reason::ElementTypeMismatch))
        }
    }

    /// The elements as a writable slice, in C order, when they are
    /// C-contiguous and aligned for `T` (for `bool`, when every byte is
    /// also 0 or 1).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ViewMut;
    ///
    /// let mut data = [0u32; 3];
    /// let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut data);
    /// let v = ViewMut::new(bytes, "I", &[3], &[4], 0)?;
    /// let mut t = v.typed::<u32>()?;
    /// t.as_mut_slice().unwrap_or_default().copy_from_slice(&[7, 8, 9]);
    /// assert_eq!(data, [7, 8, 9]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_mut_slice(&mut self) -> Option<&mut [T]> {
        T::cast_slice_mut(self.view.as_contiguous_bytes_mut()?)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use crate::layout::Slice;
    use crate::{View, ViewMut};
    #[cfg(feature = "half")]
    use half::f16;
    use std::vec::Vec;

    #[test]
    fn strided_reads_and_writes() {
        let mut data = [0u16; 12];
        let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut data);
        let v = ViewMut::new(bytes, "H", &[3, 4], &[8, 2], 0).unwrap();
        let v = v.slice(1, Slice::new(None, None, Some(-2))).unwrap();
        let mut t = v.typed::<u16>().unwrap();
        for i in 0..3 {
            for j in 0..2 {
                t.set(&[i, j], (10 * i + j) as u16).unwrap();
            }
        }
        assert!(t.as_typed().as_slice().is_none());
        assert_eq!(t.as_typed().iter().collect::<Vec<_>>(), [0, 1, 10, 11, 20, 21]);
        assert_eq!(data, [0, 1, 0, 0, 0, 11, 0, 10, 0, 21, 0, 20]);
    }

    #[test]
    fn bools_are_decoded() {
        let data = [0u8, 1, 2, 255];
        let v = View::new(&data, "?", &[4], &[1], 0).unwrap().typed::<bool>().unwrap();
        assert_eq!(v.iter().collect::<Vec<_>>(), [false, true, true, true]);
        assert_eq!(v.as_slice(), None);
        let clean = [0u8, 1];
        let w = View::new(&clean, "?", &[2], &[1], 0).unwrap().typed::<bool>().unwrap();
        assert_eq!(w.as_slice(), Some(&[false, true][..]));
    }

    #[test]
    fn arrays_and_halves() {
        let data: Vec<u8> =
            [1.5f32, -2.0, 3.25, 4.0].iter().flat_map(|x| x.to_ne_bytes()).collect();
        let v = View::new(&data, "2f", &[2], &[8], 0).unwrap();
        let t = v.typed::<[f32; 2]>().unwrap();
        assert_eq!(t.get(&[1]).unwrap(), [3.25, 4.0]);
        assert!(v.typed::<f32>().is_err());
        #[cfg(feature = "half")]
        {
            let halves = f16::from_f32(0.5).to_ne_bytes();
            let h = View::new(&halves, "e", &[], &[], 0).unwrap().typed::<f16>().unwrap();
            assert_eq!(h.get(&[]).unwrap().to_f32(), 0.5);
        }
    }

    #[test]
    fn zero_dim_and_empty() {
        let data = 5u64.to_ne_bytes();
        let v = View::new(&data, "Q", &[], &[], 0).unwrap().typed::<u64>().unwrap();
        assert_eq!(v.iter().collect::<Vec<_>>(), [5]);
        assert_eq!(v.as_slice(), Some(&[5u64][..]));
        let e = View::new(&data, "Q", &[0, 3], &[8, 8], 0).unwrap().typed::<u64>().unwrap();
        assert_eq!(e.iter().count(), 0);
        assert_eq!(e.as_slice().map(<[_]>::len), Some(0));
    }
}
