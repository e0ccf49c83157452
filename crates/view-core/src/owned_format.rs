//! [`OwnedFormatView`]: a view that owns its format text, for formats built
//! at run time (from a file header, a schema, user input) and returned from
//! the function that built them.

use core::fmt;
use core::ops::Deref;

use crate::error::{Error, Reason, Result};
use crate::format::{Format, FormatBuf};
use crate::layout::{DEFAULT_NDIM, Layout};
use crate::view::{Storage, View, ViewBase, ViewMut};

/// A view whose format text it owns (`S`: `Box<str>`, `Arc<str>`, `String`,
/// `heapless::String<M>`, any `Deref<Target = str>`), over borrowed bytes
/// `B` (`&'a [u8]`, or `&'a mut [u8]` for [`OwnedFormatViewMut`]).
///
/// A [`View`] borrows its format text for the data's lifetime, so a view of
/// a format built at run time cannot leave the function that built the
/// text. This type keeps the text parsed ([`FormatBuf`]) beside the layout;
/// [`view`](Self::view) lends a [`View`] for every operation (O(1): no
/// parse, no validation). Without feature `alloc` it works with
/// `&'static str` or `heapless::String<M>` (feature `heapless`).
///
/// # Examples
///
/// A reader that builds the format from a header line and returns the view;
/// the header is gone when the view is used.
///
/// ```
/// use view_core::{Error, ErrorKind, OwnedFormatView, Scalar};
///
/// /// `header` names the fields: `id:u16 temp:i16`.
/// fn open<'d>(header: &str, data: &'d [u8]) -> view_core::Result<OwnedFormatView<'d, Box<str>>> {
///     let mut format = String::from("<");
///     for field in header.split_whitespace() {
///         let (name, ty) = field.split_once(':').ok_or(Error::new(ErrorKind::Value, "no type"))?;
///         let code = match ty {
///             "u16" => "H",
///             "i16" => "h",
///             _ => return Err(Error::new(ErrorKind::Value, "unknown type")),
///         };
///         format += &format!("{code}:{name}:");
///     }
///     OwnedFormatView::from_bytes(data, format.into_boxed_str())
/// }
///
/// let data = [1, 0, 0xff, 0xff, 2, 0, 5, 0];
/// let recs = {
///     let header = String::from("id:u16 temp:i16");
///     open(&header, &data)?
/// };
/// assert_eq!(recs.view().shape(), &[2]);
/// assert_eq!(recs.view().field("temp")?.get(&[0])?, Scalar::Int(-1));
/// assert_eq!(recs.to_string(), "[(1, -1), (2, 5)]");
/// # Ok::<(), view_core::Error>(())
/// ```
pub struct OwnedFormatView<'a, S, B = &'a [u8], const N: usize = DEFAULT_NDIM> {
    bytes: B,
    format: FormatBuf<S>,
    layout: Layout<N>,
    marker: core::marker::PhantomData<&'a [u8]>,
}

/// An [`OwnedFormatView`] over writable bytes; [`view_mut`](OwnedFormatView::view_mut)
/// lends a [`ViewMut`].
///
/// # Examples
///
/// ```
/// use view_core::{OwnedFormatViewMut, Scalar};
///
/// let mut data = [0u8; 4];
/// let mut v = OwnedFormatViewMut::from_bytes(&mut data[..], String::from("<h"))?;
/// v.view_mut().set(&[1], Scalar::Int(-2))?;
/// assert_eq!(data, [0, 0, 0xfe, 0xff]);
/// # Ok::<(), view_core::Error>(())
/// ```
pub type OwnedFormatViewMut<'a, S, const N: usize = DEFAULT_NDIM> =
    OwnedFormatView<'a, S, &'a mut [u8], N>;

impl<'a, S: Deref<Target = str>, B: Storage + 'a> OwnedFormatView<'a, S, B> {
    /// A view of `bytes` with format `format` (parsed here), shape,
    /// strides (in bytes) and the byte offset of element `[0, 0, ...]`.
    ///
    /// # Errors
    ///
    /// As [`ViewBase::new`]. For a capacity other than the default,
    /// build a [`Layout`] and use [`from_parts`](Self::from_parts).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_core::{OwnedFormatView, Scalar};
    ///
    /// let text: Arc<str> = Arc::from(format!("<{}", "H"));
    /// let data = [1u8, 0, 2, 0];
    /// let v = OwnedFormatView::new(&data[..], text, &[2], &[-2], 2)?;
    /// assert_eq!(v.view().get(&[0])?, Scalar::Int(2));
    /// assert!(OwnedFormatView::new(&data[..], Arc::from("y"), &[2], &[2], 0).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn new(
        bytes: B,
        format: S,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        Self::from_parts(bytes, FormatBuf::new(format)?, Layout::new(shape, strides, offset)?)
    }

    /// A one-dimensional, C-contiguous view of all of `bytes` as items of
    /// `format` (parsed here).
    ///
    /// # Errors
    ///
    /// As [`ViewBase::new`], and kind Value when the length of `bytes` is
    /// not a multiple of the itemsize.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::OwnedFormatView;
    ///
    /// let data = [0u8; 12];
    /// let v = OwnedFormatView::from_bytes(&data[..], String::from("<hI"))?;
    /// assert_eq!(v.view().shape(), &[2]);
    /// assert!(OwnedFormatView::from_bytes(&data[..5], String::from("<hI")).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_bytes(bytes: B, format: S) -> Result<Self> {
        let format = FormatBuf::new(format)?;
        let itemsize = format.as_format().itemsize();
        let count = bytes.len().checked_div(itemsize).unwrap_or(0);
        if count.checked_mul(itemsize) != Some(bytes.len()) {
            return Err(Error::because(Reason::ShapeBufferMismatch));
        }
        let layout = Layout::c_contiguous(&[count], itemsize, 0)?;
        Self::from_parts(bytes, format, layout)
    }
}

impl<'a, S: Deref<Target = str>, B: Storage + 'a, const N: usize> OwnedFormatView<'a, S, B, N> {
    /// A view of `bytes` with an already parsed format and a layout of
    /// capacity `N`.
    ///
    /// # Errors
    ///
    /// As [`ViewBase::from_parts`]: kind Value when the itemsize is 0 or
    /// the layout does not fit in `bytes`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{FormatBuf, Layout, OwnedFormatView};
    ///
    /// let data = [0u8; 12];
    /// let format = FormatBuf::new(String::from("<hhh"))?;
    /// let v = OwnedFormatView::from_parts(&data[..], format, Layout::<2>::new(&[2], &[6], 0)?)?;
    /// assert_eq!(v.view().len(), Ok(2));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_parts(bytes: B, format: FormatBuf<S>, layout: Layout<N>) -> Result<Self> {
        layout.validate(bytes.len(), format.as_format().itemsize())?;
        Ok(Self { bytes, format, layout, marker: core::marker::PhantomData })
    }

    /// The read-only [`View`] of these bytes, borrowing the format from
    /// `self`: every operation of a view (get, slice, field, typed, cast,
    /// copy...) starts here. O(1): the format and layout were checked when
    /// `self` was built.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::OwnedFormatView;
    ///
    /// let data = 7u32.to_ne_bytes();
    /// let v = OwnedFormatView::from_bytes(&data[..], String::from("I"))?;
    /// assert_eq!(v.view().typed::<u32>()?.get(&[0])?, 7);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn view(&self) -> View<'_, N> {
        ViewBase::from_checked_parts(&*self.bytes, self.format.as_format(), self.layout)
    }

    /// The parsed format, borrowing the text.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::OwnedFormatView::from_bytes(&[0u8; 4][..], String::from("<hh"))?;
    /// assert_eq!(v.format().itemsize(), 4);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn format(&self) -> Format<'_> {
        self.format.as_format()
    }

    /// The layout: shape, strides and offset.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::OwnedFormatView::from_bytes(&[0u8; 4][..], String::from("<h"))?;
    /// assert_eq!(v.layout().shape(), &[2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn layout(&self) -> &Layout<N> {
        &self.layout
    }

    /// The same bytes and format with another layout (for example the
    /// layout of a slice of [`view`](Self::view), taken from
    /// [`ViewBase::layout`]), checked against the buffer as
    /// [`from_parts`](Self::from_parts) does.
    ///
    /// # Errors
    ///
    /// Kind Value when the layout does not fit in the bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{OwnedFormatView, Slice};
    ///
    /// let data: Vec<u8> = (0..6).collect();
    /// let v = OwnedFormatView::from_bytes(&data[..], String::from("B"))?;
    /// let odd = *v.view().slice(0, Slice::new(Some(1), None, Some(2)))?.layout();
    /// let v = v.with_layout(odd)?;
    /// assert_eq!(v.to_string(), "[1, 3, 5]");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn with_layout(self, layout: Layout<N>) -> Result<Self> {
        Self::from_parts(self.bytes, self.format, layout)
    }

    /// The bytes, the owned format and the layout.
    ///
    /// # Examples
    ///
    /// ```
    /// let data = [0u8; 2];
    /// let v = view_core::OwnedFormatView::from_bytes(&data[..], String::from("h"))?;
    /// let (bytes, format, layout) = v.into_parts();
    /// assert_eq!((bytes.len(), format.as_str(), layout.ndim()), (2, "h", 1));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn into_parts(self) -> (B, FormatBuf<S>, Layout<N>) {
        (self.bytes, self.format, self.layout)
    }
}

impl<'a, S: Deref<Target = str>, const N: usize> OwnedFormatViewMut<'a, S, N> {
    /// The writable [`ViewMut`] of these bytes, borrowing `self`
    /// exclusively. O(1), as [`view`](Self::view).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{OwnedFormatViewMut, Scalar};
    ///
    /// let mut data = [0u8; 3];
    /// let mut v = OwnedFormatViewMut::from_bytes(&mut data[..], String::from("B"))?;
    /// v.view_mut().set(&[-1], Scalar::Int(9))?;
    /// assert_eq!(data, [0, 0, 9]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn view_mut(&mut self) -> ViewMut<'_, N> {
        ViewBase::from_checked_parts(&mut *self.bytes, self.format.as_format(), self.layout)
    }
}

impl<S: Deref<Target = str> + Clone, const N: usize> Clone for OwnedFormatView<'_, S, &[u8], N> {
    fn clone(&self) -> Self {
        Self {
            bytes: self.bytes,
            format: self.format.clone(),
            layout: self.layout,
            marker: core::marker::PhantomData,
        }
    }
}

impl<'a, S: Deref<Target = str>, B: Storage + 'a, const N: usize> fmt::Debug
    for OwnedFormatView<'a, S, B, N>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let view = ViewBase::from_checked_parts(&*self.bytes, self.format.as_format(), self.layout);
        fmt::Debug::fmt(&view, f)
    }
}

/// The elements as [`View`]'s `Display` prints them (Python's
/// `repr(m.tolist())`).
///
/// # Examples
///
/// ```
/// let v = view_core::OwnedFormatView::from_bytes(&[1u8, 2][..], String::from("B"))?;
/// assert_eq!(v.to_string(), "[1, 2]");
/// # Ok::<(), view_core::Error>(())
/// ```
impl<'a, S: Deref<Target = str>, B: Storage + 'a, const N: usize> fmt::Display
    for OwnedFormatView<'a, S, B, N>
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let view = ViewBase::from_checked_parts(&*self.bytes, self.format.as_format(), self.layout);
        fmt::Display::fmt(&view, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_text_needs_no_allocator() {
        let data = [1u8, 0, 2, 0];
        let v: OwnedFormatView<'_, &'static str> =
            OwnedFormatView::from_bytes(&data[..], "<H").unwrap();
        assert_eq!(v.view().get(&[1]).unwrap(), crate::Scalar::Int(2));
        let bad = OwnedFormatView::new(&data[..], "<H", &[2], &[4], 0);
        assert!(bad.is_err());
    }
}
