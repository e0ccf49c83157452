//! What a [`MemoryView`](crate::MemoryView) holds on to: an exporter whose
//! bytes it reads and writes under the exporter's own lock, and which counts
//! its live exports.

use std::any::Any;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

use view_core::{Buffer, BufferMut, Error, MAX_NDIM, Reason, Result, View, ViewMut};

/// An object that exports its memory to [`MemoryView`](crate::MemoryView)s,
/// like a Python object with a buffer slot.
///
/// The exporter decides how its bytes are shared (`read` and `write` run a
/// closure under its own lock) and learns when exports start and end
/// (`acquire` / `release`, like `getbuffer` / `releasebuffer`), which is how
/// [`ByteArray`] refuses to resize while exported.
///
/// # Examples
///
/// ```
/// use view_std::{ByteArray, Exporter};
///
/// let ba = ByteArray::from(vec![1u8, 2, 3]);
/// let mut total = 0;
/// ba.read(&mut |view| total = view.iter().filter_map(|x| x.as_int()).sum())?;
/// assert_eq!(total, 6);
/// # Ok::<(), view_core::Error>(())
/// ```
pub trait Exporter: Any + Send + Sync {
    /// Runs `f` on a read-only view of the whole export.
    ///
    /// # Errors
    ///
    /// Whatever the exporter cannot provide (kind Buffer).
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()>;

    /// Runs `f` on a writable view of the whole export.
    ///
    /// # Errors
    ///
    /// Kind Type when the exporter is read-only.
    fn write(&self, f: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()>;

    /// Whether [`write`](Exporter::write) always fails.
    fn readonly(&self) -> bool;

    /// Whether the exporter itself can be hashed, as `hash(obj)` succeeds
    /// in Python: hashing a read-only memoryview hashes its exporter too, so
    /// a read-only view of an unhashable exporter (a `bytearray`) is
    /// unhashable. The default is [`readonly`](Exporter::readonly): an
    /// immutable exporter hashes (`bytes`), a mutable one does not.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, Bytes, Exporter};
    ///
    /// assert!(Bytes::from(b"ab".to_vec()).hashable());
    /// assert!(!ByteArray::from(b"ab".to_vec()).hashable());
    /// ```
    fn hashable(&self) -> bool {
        self.readonly()
    }

    /// A new export begins (a memoryview is created over this exporter).
    ///
    /// # Errors
    ///
    /// Kind Buffer when the exporter cannot be exported now.
    fn acquire(&self) -> Result<()> {
        Ok(())
    }

    /// An export ended (its last memoryview was released or dropped).
    fn release(&self) {}

    /// The whole buffer, when it can never change while the exporter lives
    /// (an immutable exporter): what lets a view of it become a
    /// `bytes::Bytes` without copying. `None` (the default) otherwise.
    fn frozen_bytes(&self) -> Option<&[u8]> {
        None
    }

    /// The exporter as `Any`, to downcast it back to its type.
    fn as_any(&self) -> &dyn Any;
}

/// Python's `bytearray`: a growable byte buffer shared by handle, which
/// refuses to resize while a [`MemoryView`](crate::MemoryView) of it is
/// alive and unreleased.
///
/// Cloning a `ByteArray` clones the handle, not the bytes (like binding a
/// second Python name to the same object).
///
/// # Examples
///
/// ```
/// use view_core::ErrorKind;
/// use view_std::{ByteArray, MemoryView};
///
/// let ba = ByteArray::from(b"abc".to_vec());
/// let mut mv = MemoryView::new(ba.clone())?;
/// assert_eq!(ba.resize(10, 0).unwrap_err().kind(), ErrorKind::Buffer);
/// mv.release();
/// ba.resize(5, b'!')?;
/// assert_eq!(ba.to_vec(), b"abc!!");
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct ByteArray {
    inner: Arc<Inner>,
}

#[derive(Default)]
struct Inner {
    bytes: RwLock<Vec<u8>>,
    exports: AtomicUsize,
}

impl fmt::Debug for ByteArray {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteArray")
            .field("len", &self.len())
            .field("exports", &self.exports())
            .finish()
    }
}

impl From<Vec<u8>> for ByteArray {
    fn from(bytes: Vec<u8>) -> Self {
        Self { inner: Arc::new(Inner { bytes: RwLock::new(bytes), exports: AtomicUsize::new(0) }) }
    }
}

impl From<&[u8]> for ByteArray {
    fn from(bytes: &[u8]) -> Self {
        Self::from(bytes.to_vec())
    }
}

impl ByteArray {
    /// An empty byte array.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_std::ByteArray::new().is_empty());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    fn bytes(&self) -> RwLockReadGuard<'_, Vec<u8>> {
        self.inner.bytes.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn bytes_mut(&self) -> RwLockWriteGuard<'_, Vec<u8>> {
        self.inner.bytes.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Number of bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_std::ByteArray::from(vec![0; 3]).len(), 3);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.bytes().len()
    }

    /// Whether there are no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(!view_std::ByteArray::from(vec![0]).is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy of the bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_std::ByteArray::from(vec![7]).to_vec(), [7]);
    /// ```
    #[must_use]
    pub fn to_vec(&self) -> Vec<u8> {
        self.bytes().clone()
    }

    /// How many exports (memoryviews with their derived views) are alive.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let ba = ByteArray::from(vec![0; 4]);
    /// let mv = MemoryView::new(ba.clone())?;
    /// let half = mv.slice(0, ..2)?;
    /// assert_eq!(ba.exports(), 1); // slices share their parent's export
    /// drop(mv);
    /// assert_eq!(ba.exports(), 1);
    /// drop(half);
    /// assert_eq!(ba.exports(), 0);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn exports(&self) -> usize {
        self.inner.exports.load(Ordering::Acquire)
    }

    /// Resizes to `len` bytes, filling new bytes with `value`.
    ///
    /// # Errors
    ///
    /// Kind Buffer when the size changes while exports exist, as
    /// `bytearray` raises (resizing to the same length always succeeds).
    ///
    /// # Examples
    ///
    /// ```
    /// let ba = view_std::ByteArray::from(vec![1]);
    /// ba.resize(3, 9)?;
    /// assert_eq!(ba.to_vec(), [1, 9, 9]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn resize(&self, len: usize, value: u8) -> Result<()> {
        self.mutate(|_| Some(len), |v| v.resize(len, value))
    }

    /// Appends bytes.
    ///
    /// # Errors
    ///
    /// Kind Buffer while exports exist, unless `more` is empty (the size
    /// does not change, as `bytearray.extend(b"")`).
    ///
    /// # Examples
    ///
    /// ```
    /// let ba = view_std::ByteArray::from(b"ab".to_vec());
    /// ba.extend_from_slice(b"c")?;
    /// assert_eq!(ba.to_vec(), b"abc");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn extend_from_slice(&self, more: &[u8]) -> Result<()> {
        self.mutate(|old| old.checked_add(more.len()), |v| v.extend_from_slice(more))
    }

    /// Runs a change that makes the array `new_len(old_len)` bytes long:
    /// refused while exported only when the length changes, as CPython's
    /// `bytearray` checks in its resize.
    fn mutate(
        &self,
        new_len: impl FnOnce(usize) -> Option<usize>,
        f: impl FnOnce(&mut Vec<u8>),
    ) -> Result<()> {
        let mut bytes = self.bytes_mut();
        // Exports are counted under the write lock's protection: `acquire`
        // takes the read lock, so no export can start while we resize.
        if new_len(bytes.len()) != Some(bytes.len()) && self.exports() > 0 {
            return Err(Error::from(Reason::ResizeExported));
        }
        f(&mut bytes);
        Ok(())
    }
}

impl Exporter for ByteArray {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        f(View::from(&self.bytes()[..]));
        Ok(())
    }

    fn write(&self, f: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        f(ViewMut::from(&mut self.bytes_mut()[..]));
        Ok(())
    }

    fn readonly(&self) -> bool {
        false
    }

    fn hashable(&self) -> bool {
        false
    }

    fn acquire(&self) -> Result<()> {
        let _guard = self.bytes();
        self.inner.exports.fetch_add(1, Ordering::AcqRel);
        Ok(())
    }

    fn release(&self) {
        // Never below zero, whatever the caller does.
        let _ = self
            .inner
            .exports
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| n.checked_sub(1));
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Python's `bytes`: an immutable byte string, exported read-only.
///
/// # Examples
///
/// ```
/// use view_core::ErrorKind;
/// use view_std::{Bytes, MemoryView, Value};
///
/// let mv = MemoryView::new_readonly(Bytes::from(b"ab".to_vec()))?;
/// assert!(mv.readonly()?);
/// assert_eq!(mv.set(&[0], &Value::Int(1)).unwrap_err().kind(), ErrorKind::Type);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Bytes(Arc<[u8]>);

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes.into())
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.into())
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Exporter for Bytes {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        f(View::from(&self.0[..]));
        Ok(())
    }

    fn write(&self, _: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        Err(Error::from(Reason::ReadOnly))
    }

    fn readonly(&self) -> bool {
        true
    }

    fn frozen_bytes(&self) -> Option<&[u8]> {
        Some(&self.0)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Any read-only [`Buffer`] as an [`Exporter`]: what
/// [`MemoryView::from_buffer`](crate::MemoryView::from_buffer) wraps.
///
/// A `Buffer` lends its bytes through `&self`, so while it is shared they
/// cannot change: the exporter is frozen (its views can become
/// `bytes::Bytes` without a copy).
///
/// # Examples
///
/// ```
/// use view_std::{Exporter, Frozen};
///
/// let f = Frozen::new(String::from("hi"));
/// assert!(f.readonly());
/// assert_eq!(f.frozen_bytes(), Some(&b"hi"[..]));
/// assert_eq!(f.get(), "hi");
/// ```
#[derive(Debug, Clone, Default)]
pub struct Frozen<B>(B);

impl<B> Frozen<B> {
    /// Wraps a buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_std::Frozen::new(vec![1u8]);
    /// assert_eq!(f.get(), &[1]);
    /// ```
    pub const fn new(buffer: B) -> Self {
        Self(buffer)
    }

    /// The wrapped buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_std::Frozen::new(7u32.to_le_bytes()).get(), &[7, 0, 0, 0]);
    /// ```
    pub const fn get(&self) -> &B {
        &self.0
    }
}

impl<B: Buffer + Send + Sync + 'static> Exporter for Frozen<B> {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        f(self.0.export()?);
        Ok(())
    }

    fn write(&self, _: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        Err(Error::from(Reason::ReadOnly))
    }

    fn readonly(&self) -> bool {
        true
    }

    fn frozen_bytes(&self) -> Option<&[u8]> {
        self.0.export::<MAX_NDIM>().ok().map(|v| v.buffer())
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Any writable [`BufferMut`] as an [`Exporter`], behind a read-write lock:
/// what [`MemoryView::from_buffer_mut`](crate::MemoryView::from_buffer_mut)
/// wraps. Several memoryviews of it may read and write; each operation
/// takes the lock.
///
/// # Examples
///
/// ```
/// use view_std::{Locked, MemoryView, Value};
///
/// let mv = MemoryView::from_buffer_mut(vec![0u16; 2])?;
/// mv.set(&[1], &Value::Int(500))?;
/// let obj = mv.obj()?.as_any().downcast_ref::<Locked<Vec<u16>>>().ok_or("not a Locked<Vec<u16>>")?;
/// assert_eq!(*obj.read(), [0, 500]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Locked<B>(RwLock<B>);

impl<B> Locked<B> {
    /// Wraps a buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// let l = view_std::Locked::new(vec![1u8]);
    /// assert_eq!(*l.read(), [1]);
    /// ```
    pub const fn new(buffer: B) -> Self {
        Self(RwLock::new(buffer))
    }

    /// Shared access to the buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// let l = view_std::Locked::new([5u8; 2]);
    /// assert_eq!(l.read()[1], 5);
    /// ```
    pub fn read(&self) -> RwLockReadGuard<'_, B> {
        self.0.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Exclusive access to the buffer. Note that a writer must not change
    /// the buffer's size while memoryviews of it exist: their operations
    /// then fail with a kind Buffer error instead of touching other bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// let l = view_std::Locked::new(vec![1u8]);
    /// l.write()[0] = 2;
    /// assert_eq!(*l.read(), [2]);
    /// ```
    pub fn write(&self) -> RwLockWriteGuard<'_, B> {
        self.0.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl<B: BufferMut + Send + Sync + 'static> Exporter for Locked<B> {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        f(self.read().export()?);
        Ok(())
    }

    fn write(&self, f: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        f(self.write().export_mut()?);
        Ok(())
    }

    fn readonly(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
