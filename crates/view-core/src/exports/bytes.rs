//! `bytes::Bytes` exports a read-only `B` view of its bytes, `BytesMut` a
//! writable one; both without copying. Copies back into `Bytes` are the
//! `view-bytes` crate.

use bytes::{Bytes, BytesMut};

use super::{Buffer, BufferMut, Result, View, ViewMut};

/// # Examples
///
/// ```
/// use bytes::Bytes;
/// use view_core::{Buffer, ErrorKind, Request};
///
/// let b = Bytes::from_static(b"abc");
/// let v = b.export::<4>()?;
/// assert!(v.buffer().as_ptr() == b.as_ptr());
/// assert_eq!(b.request::<4>(Request::WRITABLE).unwrap_err().kind(), ErrorKind::Buffer);
/// # Ok::<(), view_core::Error>(())
/// ```
impl Buffer for Bytes {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        Ok(View::from(&self[..]))
    }
}

/// # Examples
///
/// ```
/// use bytes::BytesMut;
/// use view_core::{BufferMut, Scalar};
///
/// let mut b = BytesMut::from(&b"abc"[..]);
/// b.export_mut::<4>()?.set(&[0], Scalar::Int(65))?;
/// assert_eq!(&b[..], b"Abc");
/// # Ok::<(), view_core::Error>(())
/// ```
impl Buffer for BytesMut {
    fn export<const N: usize>(&self) -> Result<View<'_, N>> {
        Ok(View::from(&self[..]))
    }

    fn readonly(&self) -> bool {
        false
    }
}

impl BufferMut for BytesMut {
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>> {
        Ok(ViewMut::from(&mut self[..]))
    }
}
