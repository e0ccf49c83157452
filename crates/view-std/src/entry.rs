//! [`memoryview`]: Python's entry point, for any [`Buffer`].

use view_core::{Buffer, MAX_NDIM, Result, View};

/// A view of any buffer, as Python's `memoryview(x)`: the whole export with
/// its format, shape and strides, borrowing `x`'s memory (no copy).
///
/// Anything that is a [`Buffer`] works: `Vec<T>`, slices and arrays of
/// [`Element`](view_core::Element)s, `String` and `str` (their UTF-8
/// bytes), `Box`, `Rc`, `Arc`, `Cow`, and with the adapter crates `ndarray`
/// arrays and `bytes::Bytes`.
///
/// # Errors
///
/// Whatever the exporter reports ([`Buffer::export`]).
///
/// # Examples
///
/// ```
/// use view_std::memoryview;
///
/// let samples: Vec<i16> = vec![-1, 0, 1];
/// let m = memoryview(&samples)?;
/// assert_eq!((m.format().as_str(), m.shape(), m.itemsize()), ("h", &[3][..], 2));
/// assert_eq!(m.typed::<i16>()?.get(&[0])?, -1);
///
/// let text = memoryview("hé")?;
/// assert_eq!(text.nbytes(), 3);
/// # Ok::<(), view_core::Error>(())
/// ```
///
/// A type that is not a buffer does not compile, the Rust form of CPython's
/// `TypeError: memoryview: a bytes-like object is required, not 'list'`:
///
/// ```compile_fail,E0277
/// let names: Vec<String> = vec!["a".into()];
/// let m = view_std::memoryview(&names); // String is not an Element
/// ```
pub fn memoryview<B: Buffer + ?Sized>(x: &B) -> Result<View<'_, MAX_NDIM>> {
    x.export()
}
