//! `bytes::Bytes` and `BytesMut` as views, and views as `Bytes`.
//!
//! - `Bytes` is a read-only [`Buffer`] and `BytesMut` a writable
//!   [`BufferMut`]: both export a one-dimensional `B` view of their own
//!   memory, without copying.
//! - A view copies out into a new [`Bytes`] or [`BytesMut`] in C, Fortran
//!   or "any" order ([`to_bytes`], [`to_bytes_mut`]), or onto the end of a
//!   `BytesMut` ([`put_view`]): one pass, at `copy_to_slice` speed.
//! - A C-contiguous view of a `Bytes` becomes a `Bytes` sharing its memory
//!   ([`slice_ref`]): zero copy.
//! - An owned, C-contiguous [`MemoryView`] of an immutable exporter becomes
//!   a `Bytes` that keeps the memoryview alive ([`from_memoryview`]): zero
//!   copy, through `Bytes::from_owner`.
//!
//! # Example
//!
//! ```
//! use bytes::Bytes;
//! use view_core::{Buffer, Order};
//!
//! let frame = Bytes::from_static(b"\x01\x02\x03\x04\x05\x06");
//! let m = frame.export::<4>()?.cast("B", Some(&[2, 3]))?;
//! assert_eq!(view_bytes::to_bytes(&m, Order::F)?, &b"\x01\x04\x02\x05\x03\x06"[..]);
//!
//! let row = m.index_axis(0, 1)?;
//! let shared = view_bytes::slice_ref(&frame, &row)?;
//! assert_eq!(shared, &b"\x04\x05\x06"[..]);
//! assert_eq!(shared.as_ptr(), frame[3..].as_ptr()); // no copy
//! # Ok::<(), view_core::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

pub use bytes::{Bytes, BytesMut};
pub use view_core;
#[doc(no_inline)]
pub use view_core::{Buffer, BufferMut};
use view_core::{Error, ErrorKind, Order, Result, View};
use view_std::MemoryView;

const NOT_CONTIGUOUS: &str = "memoryview: underlying buffer is not C-contiguous";
const OUTSIDE: &str = "bytes: the view does not lie inside the given Bytes";

/// The view's elements copied into a new `Bytes`, in `order`: memoryview's
/// `tobytes(order)`.
///
/// # Errors
///
/// None in practice (the output has exactly the view's `nbytes`); the
/// `Result` carries [`View::copy_to_slice`]'s.
///
/// # Examples
///
/// ```
/// use view_core::{Order, Slice, View};
///
/// let v = View::from_bytes(b"abcdef").slice(0, Slice::new(None, None, Some(-2)))?;
/// assert_eq!(view_bytes::to_bytes(&v, Order::C)?, &b"fdb"[..]);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn to_bytes<const N: usize>(view: &View<'_, N>, order: Order) -> Result<Bytes> {
    to_bytes_mut(view, order).map(BytesMut::freeze)
}

/// The view's elements copied into a new `BytesMut`, in `order`.
///
/// # Errors
///
/// As [`to_bytes`].
///
/// # Examples
///
/// ```
/// use view_core::{Order, View};
///
/// let data = [1u8, 2, 3, 4];
/// let m = View::new(&data, "B", &[2, 2], &[2, 1], 0)?;
/// let mut out = view_bytes::to_bytes_mut(&m, Order::F)?;
/// out.extend_from_slice(b"!");
/// assert_eq!(&out[..], &[1, 3, 2, 4, b'!']);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn to_bytes_mut<const N: usize>(view: &View<'_, N>, order: Order) -> Result<BytesMut> {
    // Zeroed memory comes fresh from the allocator: the copy is the only pass.
    let mut out = BytesMut::zeroed(view.nbytes());
    view.copy_to_slice(&mut out, order)?;
    Ok(out)
}

/// Appends the view's elements, in `order`, to `buf`.
///
/// # Errors
///
/// As [`to_bytes`]; on error `buf` is unchanged.
///
/// # Examples
///
/// ```
/// use bytes::BytesMut;
/// use view_core::{Order, View};
///
/// let mut buf = BytesMut::from(&b"head:"[..]);
/// view_bytes::put_view(&mut buf, &View::from_bytes(b"body"), Order::C)?;
/// assert_eq!(&buf[..], b"head:body");
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn put_view<const N: usize>(
    buf: &mut BytesMut,
    view: &View<'_, N>,
    order: Order,
) -> Result<()> {
    let start = buf.len();
    buf.resize(start + view.nbytes(), 0);
    let result = view.copy_to_slice(&mut buf[start..], order);
    if result.is_err() {
        buf.truncate(start);
    }
    result
}

/// A `Bytes` of a C-contiguous view's elements that shares `base`'s memory
/// (`Bytes::slice_ref`): zero copy, when the view was taken from `base`.
///
/// # Errors
///
/// Kind Buffer when the view is not C-contiguous (use [`to_bytes`] to
/// copy), or when its elements do not lie inside `base`.
///
/// # Examples
///
/// ```
/// use bytes::Bytes;
/// use view_core::{Buffer, ErrorKind, Slice};
///
/// let base = Bytes::from(vec![0u8, 1, 2, 3, 4, 5]);
/// let v = base.export::<4>()?;
/// let tail = view_bytes::slice_ref(&base, &v.slice(0, 4..)?)?;
/// assert_eq!(tail.as_ptr(), base[4..].as_ptr());
///
/// let every_other = v.slice(0, Slice::new(None, None, Some(2)))?;
/// assert_eq!(view_bytes::slice_ref(&base, &every_other).unwrap_err().kind(), ErrorKind::Buffer);
/// let elsewhere = Bytes::from_static(b"abc");
/// assert_eq!(view_bytes::slice_ref(&elsewhere, &v).unwrap_err().kind(), ErrorKind::Buffer);
/// # Ok::<(), view_core::Error>(())
/// ```
pub fn slice_ref<const N: usize>(base: &Bytes, view: &View<'_, N>) -> Result<Bytes> {
    let elements =
        view.as_contiguous_bytes().ok_or(Error::new(ErrorKind::Buffer, NOT_CONTIGUOUS))?;
    if elements.is_empty() {
        return Ok(Bytes::new());
    }
    let start = elements.as_ptr().addr().checked_sub(base.as_ptr().addr());
    match start {
        Some(start) if start.checked_add(elements.len()).is_some_and(|end| end <= base.len()) => {
            Ok(base.slice(start..start + elements.len()))
        }
        _ => Err(Error::new(ErrorKind::Buffer, OUTSIDE)),
    }
}

/// The owner behind a `Bytes` made from a memoryview: its bytes are the
/// view's frozen, C-contiguous elements.
struct FrozenView(MemoryView);

impl AsRef<[u8]> for FrozenView {
    fn as_ref(&self) -> &[u8] {
        // Checked before the owner was made; a frozen exporter cannot change,
        // and nothing can release the memoryview inside the owner.
        self.0.as_frozen_bytes().unwrap_or_default()
    }
}

/// An owned memoryview as [`Bytes`] without copying: the `Bytes` keeps the
/// memoryview (and so its exporter) alive, like `Bytes::from_owner`.
///
/// This works when the view is C-contiguous and its exporter is immutable
/// ([`view_std::Exporter::frozen_bytes`]: `view_std::Bytes`, or any
/// read-only buffer moved in with [`MemoryView::from_buffer`]). Otherwise
/// the memoryview comes back unchanged, to be copied with
/// `to_bytes(&view, order)` or `MemoryView::tobytes` if that is what you want.
///
/// # Errors
///
/// The memoryview itself, when its bytes are not frozen and contiguous.
///
/// # Examples
///
/// ```
/// use view_std::{ByteArray, MemoryView};
///
/// let mv = MemoryView::from_buffer(b"header:payload".to_vec())?;
/// let payload = mv.slice(0, 7..)?;
/// let start = payload.as_frozen_bytes().map(<[u8]>::as_ptr);
/// let bytes = view_bytes::from_memoryview(payload).map_err(|_| "not frozen")?;
/// assert_eq!(bytes, &b"payload"[..]);
/// assert_eq!(Some(bytes.as_ptr()), start); // the memoryview's memory, not a copy
///
/// // A mutable exporter could change under the Bytes: refused, handed back.
/// let writable = MemoryView::new(ByteArray::from(b"abc".to_vec()))?;
/// let back = view_bytes::from_memoryview(writable).unwrap_err();
/// assert_eq!(back.tobytes(view_core::Order::C)?, b"abc");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_memoryview(view: MemoryView) -> core::result::Result<Bytes, MemoryView> {
    if view.as_frozen_bytes().is_none() {
        return Err(view);
    }
    Ok(Bytes::from_owner(FrozenView(view)))
}
