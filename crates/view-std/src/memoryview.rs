//! [`MemoryView`]: Python's memoryview as an owned Rust object.

use std::any::Any;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use view_core::{
    Buffer, BufferMut, Error, Format, FormatBuf, Layout, MAX_NDIM, Order, Reason, Result, Slice,
    Value, View, ViewMut,
};

use crate::exporter::{Exporter, Frozen, Locked};

/// The export shared by a memoryview and every view derived from it (CPython's
/// managed buffer): the exporter is told the export ended when the last of
/// them is released or dropped.
struct Managed {
    exporter: Arc<dyn Exporter>,
    live: AtomicUsize,
}

impl Managed {
    fn register(&self) {
        self.live.fetch_add(1, Ordering::AcqRel);
    }

    fn unregister(&self) {
        if self.live.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.exporter.release();
        }
    }
}

/// Python's `memoryview`: an owned view that keeps its exporter alive, can be
/// released, and answers as CPython does.
///
/// A `MemoryView` holds a shared reference to its exporter (see
/// [`Exporter`]; [`ByteArray`](crate::ByteArray) and [`Bytes`](crate::Bytes) are ready-made
/// ones) plus a format and layout over the exporter's bytes. Slices, casts
/// and [`toreadonly`](Self::toreadonly) share the export. After
/// [`release`](Self::release) every operation is a kind Value error.
///
/// Values go in and out as [`Value`]: integers, floats, bools, bytes, and
/// tuples for records; `tolist` gives nested lists.
///
/// # Examples
///
/// ```
/// use view_std::{ByteArray, MemoryView, Value};
///
/// let ba = ByteArray::from(b"abcdef".to_vec());
/// let mv = MemoryView::new(ba.clone())?;
/// assert_eq!(mv.get(&[0])?, Value::Int(97));
/// mv.set(&[0], &Value::Int(65))?;
/// assert_eq!(ba.to_vec(), b"Abcdef");
///
/// let tail = mv.slice(0, 2..)?;
/// assert_eq!(tail.tobytes(view_core::Order::C)?, b"cdef");
/// let words = mv.cast("<H")?;
/// assert_eq!(words.tolist()?.to_string(), "[25153, 25699, 26213]");
/// assert_eq!(mv.hex(Some(":"), 2)?, "4162:6364:6566");
/// # Ok::<(), view_core::Error>(())
/// ```
pub struct MemoryView {
    managed: Arc<Managed>,
    /// Parsed once, when the memoryview is made.
    format: FormatBuf<Arc<str>>,
    itemsize: usize,
    /// Boxed: 64 dimensions of shape and strides are 1 KiB, and a
    /// memoryview is moved around by value.
    layout: Box<Layout<MAX_NDIM>>,
    /// The exporter's format text when the parser refused it (an unknown
    /// format whose itemsize the exporter gave): `format` is then
    /// `{itemsize}s`, which serves the byte-level operations, and element
    /// access is refused.
    unknown: Option<Arc<str>>,
    readonly: bool,
    /// [`RELEASED`](RELEASED_STATE), or how many exports of this memoryview
    /// (as an [`Exporter`] itself) are alive.
    state: AtomicUsize,
    /// `hash()`, once computed: CPython keeps it, and answers it after release.
    hash: OnceLock<u64>,
    /// Address of element `[0, ...]` when the view was made, for `Display`.
    address: usize,
}

/// [`MemoryView::state`] after release.
const RELEASED_STATE: usize = usize::MAX;

impl MemoryView {
    /// A memoryview of an exporter's whole export (`memoryview(obj)`).
    ///
    /// # Errors
    ///
    /// What the exporter's `acquire` or `read` returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2, 3]))?;
    /// assert_eq!(mv.shape()?, &[3]);
    /// assert_eq!(mv.format()?, "B");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn new(exporter: impl Exporter) -> Result<Self> {
        Self::from_arc(Arc::new(exporter))
    }

    /// A read-only memoryview of any [`Buffer`] moved into it (`Vec<T>`,
    /// `String`, `Arc<[T]>`, an `ndarray` array, ...), with the buffer's own
    /// format and shape.
    ///
    /// # Errors
    ///
    /// What the buffer's export returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{MemoryView, Value};
    ///
    /// let mv = MemoryView::from_buffer(vec![1.5f64, -2.0])?;
    /// assert_eq!(mv.format()?, "d");
    /// assert_eq!(mv.get(&[1])?, Value::Float(-2.0));
    /// assert!(mv.readonly()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_buffer<B: Buffer + Send + Sync + 'static>(buffer: B) -> Result<Self> {
        Self::new(Frozen::new(buffer))
    }

    /// A writable memoryview of any [`BufferMut`] moved into it, kept behind
    /// a lock ([`Locked`]) so that every view of it can read and write.
    ///
    /// # Errors
    ///
    /// What the buffer's export returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{MemoryView, Value};
    ///
    /// let mv = MemoryView::from_buffer_mut(vec![0i32; 3])?;
    /// mv.set(&[-1], &Value::Int(-7))?;
    /// assert_eq!(mv.tolist()?.to_string(), "[0, 0, -7]");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_buffer_mut<B: BufferMut + Send + Sync + 'static>(buffer: B) -> Result<Self> {
        Self::new(Locked::new(buffer))
    }

    /// A read-only memoryview of an exporter (writes are kind Type errors).
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new_readonly(view_std::ByteArray::new())?;
    /// assert!(mv.readonly()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn new_readonly(exporter: impl Exporter) -> Result<Self> {
        let mut mv = Self::new(exporter)?;
        mv.readonly = true;
        Ok(mv)
    }

    /// A memoryview of a shared exporter.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_std::{Bytes, MemoryView};
    ///
    /// let shared = Arc::new(Bytes::from(b"xy".to_vec()));
    /// let mv = MemoryView::from_arc(shared.clone())?;
    /// assert_eq!(mv.nbytes()?, 2);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_arc(exporter: Arc<dyn Exporter>) -> Result<Self> {
        let mut spec = None;
        exporter.read(&mut |view| {
            let format = FormatBuf::new(Arc::<str>::from(view.format().as_str()))
                .and_then(|f| f.with_itemsize(view.itemsize()));
            spec = Some((format, *view.layout(), address_of(&view)));
        })?;
        let (format, layout, address) = spec.ok_or(Error::from(Reason::ExportChanged))?;
        Self::register_new(exporter, format?, None, layout, address)
    }

    /// A memoryview of an exporter's bytes with an explicit format, shape,
    /// strides and offset, validated like [`View::new`] (the Rust form of
    /// `PyMemoryView_FromBuffer`).
    ///
    /// # Errors
    ///
    /// Kind Value when the format does not parse, has itemsize 0, or some
    /// element lies outside the exporter's bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let ba = ByteArray::from(vec![0; 8]);
    /// let mv = MemoryView::with_layout(ba, "<h", &[2, 2], &[-4, 2], 4)?;
    /// assert_eq!(mv.strides()?, &[-4, 2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn with_layout(
        exporter: impl Exporter,
        format: &str,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        Self::from_arc_with_layout(Arc::new(exporter), format, shape, strides, offset)
    }

    /// [`with_layout`](Self::with_layout) over a shared exporter the caller
    /// keeps, so that [`obj`](Self::obj) can be compared with it.
    ///
    /// # Errors
    ///
    /// As [`with_layout`](Self::with_layout).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_std::{ByteArray, Exporter, MemoryView};
    ///
    /// let shared: Arc<dyn Exporter> = Arc::new(ByteArray::from(vec![0; 8]));
    /// let mv = MemoryView::from_arc_with_layout(shared.clone(), "<h", &[2], &[4], 2)?;
    /// assert!(Arc::ptr_eq(mv.obj()?, &shared));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_arc_with_layout(
        exporter: Arc<dyn Exporter>,
        format: &str,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let parsed = FormatBuf::new(Arc::<str>::from(format))?;
        Self::over_layout(exporter, parsed, None, shape, strides, offset)
    }

    /// A memoryview as a `Py_buffer` describes one: the exporter's
    /// `itemsize` is authoritative (bytes after the format's fields are
    /// padding), and a format the parser refuses is kept as an unknown
    /// format. A view of an unknown format supports what CPython allows on
    /// one: [`tobytes`](Self::tobytes), [`hex`](Self::hex),
    /// [`nbytes`](Self::nbytes), [`cast`](Self::cast) to a byte format,
    /// slicing; element access is kind NotImplemented.
    ///
    /// # Errors
    ///
    /// Kind Value when `itemsize` is 0 or smaller than a known format's
    /// fields, or some element lies outside the exporter's bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_core::{ErrorKind, Order};
    /// use view_std::{Bytes, MemoryView};
    ///
    /// let bytes = Arc::new(Bytes::from(vec![1, 2, 3, 4, 5, 6]));
    /// let mv = MemoryView::from_arc_with_itemsize(bytes, "<q3", 3, &[2], &[3], 0)?;
    /// assert_eq!(mv.format()?, "<q3");
    /// assert_eq!(mv.tobytes(Order::C)?, [1, 2, 3, 4, 5, 6]);
    /// assert_eq!(mv.get(&[0]).unwrap_err().kind(), ErrorKind::NotImplemented);
    /// assert_eq!(mv.cast("B")?.len()?, 6);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn from_arc_with_itemsize(
        exporter: Arc<dyn Exporter>,
        format: &str,
        itemsize: usize,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        if itemsize == 0 {
            return Err(Error::from(Reason::ItemsizeZero));
        }
        let text = Arc::<str>::from(format);
        let (parsed, unknown) = match FormatBuf::new(Arc::clone(&text)) {
            Ok(parsed) => (parsed.with_itemsize(itemsize)?, None),
            Err(_) => (FormatBuf::new(Arc::from(format!("{itemsize}s")))?, Some(text)),
        };
        Self::over_layout(exporter, parsed, unknown, shape, strides, offset)
    }

    fn over_layout(
        exporter: Arc<dyn Exporter>,
        format: FormatBuf<Arc<str>>,
        unknown: Option<Arc<str>>,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
    ) -> Result<Self> {
        let layout = Layout::new(shape, strides, offset)?;
        let mut checked = Err(Error::from(Reason::ExportChanged));
        exporter.read(&mut |view| {
            checked =
                View::from_parts(view.buffer(), format.as_format(), layout).map(|v| address_of(&v));
        })?;
        Self::register_new(exporter, format, unknown, layout, checked?)
    }

    fn register_new(
        exporter: Arc<dyn Exporter>,
        format: FormatBuf<Arc<str>>,
        unknown: Option<Arc<str>>,
        layout: Layout<MAX_NDIM>,
        address: usize,
    ) -> Result<Self> {
        exporter.acquire()?;
        let readonly = exporter.readonly();
        let managed = Arc::new(Managed { exporter, live: AtomicUsize::new(1) });
        Ok(Self::assemble(managed, format, unknown, layout, readonly, address))
    }

    /// A new memoryview on the same export (a slice, cast, or read-only copy).
    fn derive(
        &self,
        format: FormatBuf<Arc<str>>,
        unknown: Option<Arc<str>>,
        layout: Layout<MAX_NDIM>,
        readonly: bool,
    ) -> Self {
        self.managed.register();
        let address = self.address.wrapping_sub(self.layout.offset()).wrapping_add(layout.offset());
        Self::assemble(Arc::clone(&self.managed), format, unknown, layout, readonly, address)
    }

    /// A live memoryview from its parts (the export already counted).
    fn assemble(
        managed: Arc<Managed>,
        format: FormatBuf<Arc<str>>,
        unknown: Option<Arc<str>>,
        layout: Layout<MAX_NDIM>,
        readonly: bool,
        address: usize,
    ) -> Self {
        Self {
            managed,
            itemsize: format.as_format().itemsize(),
            format,
            unknown,
            layout: Box::new(layout),
            readonly,
            state: AtomicUsize::new(0),
            hash: OnceLock::new(),
            address,
        }
    }

    fn check(&self) -> Result<()> {
        if self.is_released() { Err(Error::from(Reason::Released)) } else { Ok(()) }
    }

    /// Refuses element access on an unknown format (after the released check).
    fn check_elements(&self) -> Result<()> {
        self.check()?;
        match self.unknown {
            Some(_) => Err(Error::from(Reason::UnsupportedFormat)),
            None => Ok(()),
        }
    }

    /// `memoryview(m)`: a new memoryview of the same export with the same
    /// format and layout (0-d views included), as CPython registers it with
    /// `m`'s managed buffer: its [`obj`](Self::obj) is `m`'s exporter, and
    /// `m` can still be released. To export `m` itself (as a re-exporter
    /// does, `obj` being `m`), pass it to [`MemoryView::new`]: `MemoryView`
    /// is an [`Exporter`].
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_std::{Bytes, MemoryView};
    ///
    /// let m = MemoryView::new(Bytes::from(vec![1, 0, 0, 0]))?.cast_shape("<i", &[])?;
    /// let again = m.memoryview()?;
    /// m.release()?;
    /// assert_eq!(again.shape()?, &[] as &[usize]);
    /// assert_eq!(again.tolist()?, view_std::Value::Int(1));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn memoryview(&self) -> Result<Self> {
        self.check()?;
        Ok(self.derive(self.format.clone(), self.unknown.clone(), *self.layout, self.readonly))
    }

    /// Runs `f` on this memoryview as a core [`View`] of the exporter's bytes.
    fn with_view<R>(&self, f: impl FnOnce(View<'_, MAX_NDIM>) -> Result<R>) -> Result<R> {
        self.check()?;
        let format = self.format.as_format();
        let mut f = Some(f);
        let mut out = Err(Error::from(Reason::ExportChanged));
        self.managed.exporter.read(&mut |export| {
            if let Some(f) = f.take() {
                out = View::from_parts(export.buffer(), format, *self.layout).and_then(f);
            }
        })?;
        out
    }

    /// Runs `f` on this memoryview as a core [`ViewMut`] (after the released
    /// and read-only checks).
    fn with_view_mut<R>(&self, f: impl FnOnce(ViewMut<'_, MAX_NDIM>) -> Result<R>) -> Result<R> {
        self.check()?;
        if self.readonly {
            return Err(Error::from(Reason::ReadOnly));
        }
        let format = self.format.as_format();
        let mut f = Some(f);
        let mut out = Err(Error::from(Reason::ExportChanged));
        self.managed.exporter.write(&mut |export| {
            let whole = export.into_buffer();
            if let Some(f) = f.take() {
                out = ViewMut::from_parts(whole, format, *self.layout).and_then(f);
            }
        })?;
        out
    }

    /// The format string (`memoryview.format`).
    ///
    /// # Errors
    ///
    /// Kind Value after [`release`](Self::release), as every accessor.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 4]))?;
    /// assert_eq!(mv.cast("<i")?.format()?, "<i");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn format(&self) -> Result<&str> {
        self.check().map(|()| self.unknown.as_deref().unwrap_or(self.format.as_str()))
    }

    /// Bytes per element.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 8]))?;
    /// assert_eq!(mv.cast("d")?.itemsize()?, 8);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn itemsize(&self) -> Result<usize> {
        self.check().map(|()| self.itemsize)
    }

    /// Number of dimensions.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 8]))?;
    /// assert_eq!(mv.cast_shape("B", &[2, 4])?.ndim()?, 2);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn ndim(&self) -> Result<usize> {
        self.check().map(|()| self.layout.ndim())
    }

    /// Extent of each dimension.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 6]))?;
    /// assert_eq!(mv.cast_shape("B", &[2, 3])?.shape()?, &[2, 3]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn shape(&self) -> Result<&[usize]> {
        self.check().map(|()| self.layout.shape())
    }

    /// Stride of each dimension in bytes.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 6]))?;
    /// assert_eq!(mv.cast_shape("B", &[2, 3])?.strides()?, &[3, 1]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn strides(&self) -> Result<&[isize]> {
        self.check().map(|()| self.layout.strides())
    }

    /// Always empty (no PIL-style suboffsets).
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::new())?;
    /// assert!(mv.suboffsets()?.is_empty());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn suboffsets(&self) -> Result<&[isize]> {
        self.check().map(|()| &[][..])
    }

    /// `product(shape) * itemsize`.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 6]))?;
    /// assert_eq!(mv.slice(0, view_core::Slice::new(None, None, Some(2)))?.nbytes()?, 3);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn nbytes(&self) -> Result<usize> {
        self.check().map(|()| self.layout.count().saturating_mul(self.itemsize))
    }

    /// Whether writes are refused.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::new())?;
    /// assert!(!mv.readonly()?);
    /// assert!(mv.toreadonly()?.readonly()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn readonly(&self) -> Result<bool> {
        self.check().map(|()| self.readonly)
    }

    /// memoryview's `c_contiguous`.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 4]))?;
    /// assert!(mv.c_contiguous()?);
    /// assert!(!mv.slice(0, view_core::Slice::new(None, None, Some(2)))?.c_contiguous()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn c_contiguous(&self) -> Result<bool> {
        self.check().map(|()| self.layout.is_c_contiguous(self.itemsize))
    }

    /// memoryview's `f_contiguous`.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 4]))?;
    /// assert!(mv.f_contiguous()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn f_contiguous(&self) -> Result<bool> {
        self.check().map(|()| self.layout.is_f_contiguous(self.itemsize))
    }

    /// memoryview's `contiguous`: C- or F-contiguous.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 4]))?;
    /// assert!(mv.contiguous()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn contiguous(&self) -> Result<bool> {
        Ok(self.c_contiguous()? || self.f_contiguous()?)
    }

    /// `len(mv)`: the extent of the first dimension, and 1 for a 0-d view
    /// (CPython's `memory_length`).
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0; 4]))?;
    /// assert_eq!(mv.len()?, 4);
    /// assert_eq!(mv.cast_shape("<i", &[])?.len()?, 1);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn len(&self) -> Result<usize> {
        self.check()?;
        Ok(self.layout.shape().first().copied().unwrap_or(1))
    }

    /// Whether the view has no elements.
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::new())?;
    /// assert!(mv.is_empty()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn is_empty(&self) -> Result<bool> {
        self.check().map(|()| self.layout.is_empty())
    }

    /// The exporter (`memoryview.obj`).
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1]))?;
    /// let obj = mv.obj()?;
    /// assert_eq!(obj.as_any().downcast_ref::<ByteArray>().map(ByteArray::to_vec), Some(vec![1]));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn obj(&self) -> Result<&Arc<dyn Exporter>> {
        self.check().map(|()| &self.managed.exporter)
    }

    /// The elements' bytes, borrowed, when the view is C-contiguous and its
    /// exporter is immutable ([`Exporter::frozen_bytes`]): no lock, no copy.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, Bytes, MemoryView};
    ///
    /// let frozen = MemoryView::new(Bytes::from(b"abcd".to_vec()))?;
    /// assert_eq!(frozen.slice(0, 1..3)?.as_frozen_bytes(), Some(&b"bc"[..]));
    /// let mutable = MemoryView::new(ByteArray::from(b"abcd".to_vec()))?;
    /// assert_eq!(mutable.as_frozen_bytes(), None);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_frozen_bytes(&self) -> Option<&[u8]> {
        if self.is_released() || !self.layout.buffer_is_contiguous(self.itemsize, false) {
            return None;
        }
        let all = self.managed.exporter.frozen_bytes()?;
        let start = self.layout.offset();
        all.get(start..start.checked_add(self.layout.count().checked_mul(self.itemsize)?)?)
    }

    /// The element at `index` (`mv[i, j]`).
    ///
    /// # Errors
    ///
    /// Kind Value after release; otherwise as [`View::get`]: kind Index out
    /// of range, kind NotImplemented for fewer indices than dimensions
    /// (CPython has no sub-views), kind Type for more.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2, 3, 4]))?;
    /// let m = mv.cast_shape("B", &[2, 2])?;
    /// assert_eq!(m.get(&[1, 0])?, Value::Int(3));
    /// assert!(m.get(&[1]).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn get(&self, index: &[isize]) -> Result<Value> {
        self.check_elements()?;
        self.with_view(|v| v.get(index).map(Value::from))
    }

    /// `iter(mv)`: the elements of a 1-D view, front to back.
    ///
    /// Each item is a `Result`: an element read after the view was
    /// released is a kind Value error, as CPython's iterator checks on each
    /// step; the iterator ends after its first error.
    ///
    /// # Errors
    ///
    /// Kind Value after release; kind Type for a 0-d view (`invalid
    /// indexing of 0-dim memory`); kind NotImplemented for more than one
    /// dimension (no sub-views) or an unknown format, as CPython 3.11.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2, 3]))?;
    /// let items: Vec<Value> = mv.iter()?.collect::<Result<_, _>>()?;
    /// assert_eq!(items, [Value::Int(1), Value::Int(2), Value::Int(3)]);
    /// assert!(mv.cast_shape("B", &[3, 1])?.iter().is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn iter(&self) -> Result<Iter<'_>> {
        let iter = self.elements()?;
        match iter.pending {
            Some(err) => Err(err),
            None => Ok(iter),
        }
    }

    /// `reversed(mv)`: the elements back to front, through `len` and
    /// indexing as Python's `reversed` does. As there, making it fails only
    /// for a released view; a 0-d or multi-dimensional view fails at its
    /// first item (kind Type or NotImplemented, as indexing it).
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ErrorKind;
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2]))?;
    /// let back: Vec<Value> = mv.reversed()?.collect::<Result<_, _>>()?;
    /// assert_eq!(back, [Value::Int(2), Value::Int(1)]);
    /// let grid = mv.cast_shape("B", &[2, 1])?;
    /// let first = grid.reversed()?.next().and_then(Result::err);
    /// assert_eq!(first.map(|e| e.kind()), Some(ErrorKind::NotImplemented));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn reversed(&self) -> Result<std::iter::Rev<Iter<'_>>> {
        self.elements().map(Iterator::rev)
    }

    /// `value in mv`: whether some element equals `value` (Python `==`, so
    /// `1 == 1.0 == True`, and NaN is in no view).
    ///
    /// # Errors
    ///
    /// As [`iter`](Self::iter).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let mv = MemoryView::new(ByteArray::from(b"ab".to_vec()))?;
    /// assert!(mv.contains(&Value::Int(97))?);
    /// assert!(mv.contains(&Value::Float(98.0))?);
    /// assert!(!mv.contains(&Value::Bytes(b"a"[..].into()))?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn contains(&self, value: &Value) -> Result<bool> {
        for item in self.iter()? {
            if item? == *value {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The iterator over the first dimension, with the error its first item
    /// gives when the view cannot be iterated.
    fn elements(&self) -> Result<Iter<'_>> {
        let len = self.len()?;
        let pending = if self.layout.ndim() == 0 {
            Some(Error::from(Reason::ZeroDimIndex))
        } else if self.layout.ndim() > 1 {
            Some(Error::from(Reason::SubView))
        } else {
            self.check_elements().err()
        };
        Ok(Iter { mv: self, front: 0, back: len, pending })
    }

    /// Writes `value` into the element at `index` (`mv[i, j] = value`).
    ///
    /// # Errors
    ///
    /// Kind Value after release; kind Type for a read-only view; then as
    /// [`ViewMut::set`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ErrorKind;
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let ba = ByteArray::from(vec![0; 2]);
    /// let mv = MemoryView::new(ba.clone())?;
    /// mv.set(&[1], &Value::Int(255))?;
    /// assert_eq!(ba.to_vec(), [0, 255]);
    /// assert_eq!(mv.set(&[0], &Value::Int(256)).unwrap_err().kind(), ErrorKind::Value);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set(&self, index: &[isize], value: &Value) -> Result<()> {
        self.check_elements()?;
        self.with_view_mut(|mut v| v.set_value(index, value))
    }

    /// `mv[start:stop:step]` on dimension `dim`: a memoryview of the same export.
    ///
    /// # Errors
    ///
    /// Kind Value after release; otherwise as [`View::slice`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Slice;
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(b"abcdef".to_vec()))?;
    /// let m = mv.cast_shape("B", &[2, 3])?;
    /// let last_column = m.slice(1, Slice::from(2..))?;
    /// assert_eq!(last_column.tobytes(view_core::Order::C)?, b"cf");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn slice(&self, dim: usize, slice: impl Into<Slice>) -> Result<Self> {
        self.check()?;
        let layout = self.layout.sliced(dim, slice.into())?;
        Ok(self.derive(self.format.clone(), self.unknown.clone(), layout, self.readonly))
    }

    /// Slice assignment `mv[start:stop:step] = src` on dimension `dim`.
    ///
    /// All of `src` is read before anything is written, so a source that
    /// overlaps the destination (the same exporter) gives the right result.
    ///
    /// # Errors
    ///
    /// Kind Value when either view is released; kind Type for a read-only or
    /// 0-d destination; as [`View::slice`] for the slice; kind Value when the
    /// structures differ (format, itemsize or shape).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Slice;
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let ba = ByteArray::from(b"abcdef".to_vec());
    /// let mv = MemoryView::new(ba.clone())?;
    /// // Overlapping: shift right by one.
    /// mv.set_slice(0, Slice::from(1..), &mv.slice(0, ..5)?)?;
    /// assert_eq!(ba.to_vec(), b"aabcde");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set_slice(&self, dim: usize, slice: impl Into<Slice>, src: &MemoryView) -> Result<()> {
        src.check_elements()?;
        let format = src.format.clone();
        let shape: Vec<usize> = src.shape()?.to_vec();
        let data = src.tobytes(Order::C)?;
        self.assign(dim, slice.into(), &data, format.as_str(), &shape)
    }

    /// Slice assignment from any [`Buffer`] (`mv[a:b] = b"..."`, or an
    /// array): its export must have the same structure as the slice.
    ///
    /// # Errors
    ///
    /// As [`set_slice`](Self::set_slice), and what the buffer's export returns.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let ba = ByteArray::from(b"abcdef".to_vec());
    /// let mv = MemoryView::new(ba.clone())?;
    /// mv.set_slice_from(0, 0..2, b"XY")?;
    /// assert_eq!(ba.to_vec(), b"XYcdef");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set_slice_from<B: Buffer + ?Sized>(
        &self,
        dim: usize,
        slice: impl Into<Slice>,
        src: &B,
    ) -> Result<()> {
        let src = src.export::<MAX_NDIM>()?;
        let data = src.to_vec(Order::C)?;
        self.assign(dim, slice.into(), &data, src.format().as_str(), src.shape())
    }

    /// Writes C-contiguous `data` of `format` and `shape` into a slice.
    fn assign(
        &self,
        dim: usize,
        slice: Slice,
        data: &[u8],
        format: &str,
        shape: &[usize],
    ) -> Result<()> {
        self.check_elements()?;
        if self.readonly {
            return Err(Error::from(Reason::ReadOnly));
        }
        if self.layout.ndim() == 0 {
            return Err(Error::from(Reason::ZeroDimIndex));
        }
        let parsed = Format::parse(format)?;
        let layout = Layout::<MAX_NDIM>::c_contiguous(shape, parsed.itemsize(), 0)?;
        let src = View::from_parts(data, parsed, layout)?;
        self.with_view_mut(|dst| {
            let mut dst = dst.slice(dim, slice)?;
            // memoryview compares format strings: `<H` is not `H` here, even
            // where `ViewMut::copy_from` would convert.
            if dst.format().canonical() != src.format().canonical() {
                return Err(Error::from(view_core::Reason::StructureMismatch));
            }
            dst.copy_from(&src)
        })
    }

    /// memoryview's `cast(format)`: the same bytes as a 1-D view of another
    /// format, with CPython's rule that one side is a byte format (see
    /// [`View::cast_cpython`]; any format is allowed).
    ///
    /// # Errors
    ///
    /// Kind Value after release; otherwise as [`View::cast_cpython`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView, Value};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 0, 0, 0]))?;
    /// assert_eq!(mv.cast("<i")?.get(&[0])?, Value::Int(1));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn cast(&self, format: &str) -> Result<Self> {
        self.cast_impl(format, None)
    }

    /// memoryview's `cast(format, shape)`. Extents are Python integers:
    /// one beyond `isize` is kind Overflow, one `<= 0` kind Value. An empty
    /// shape (`&[]`) makes a 0-d view.
    ///
    /// # Errors
    ///
    /// Kind Value after release; otherwise as [`View::cast_cpython`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ErrorKind;
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![0; 6]))?;
    /// assert_eq!(mv.cast_shape("B", &[3, 2])?.shape()?, &[3, 2]);
    /// assert_eq!(mv.cast_shape("B", &[-6]).unwrap_err().kind(), ErrorKind::Value);
    /// assert_eq!(mv.cast_shape("B", &[1 << 70]).unwrap_err().kind(), ErrorKind::Overflow);
    /// let two = MemoryView::new(ByteArray::from(vec![7, 0]))?;
    /// assert_eq!(two.cast_shape("<h", &[])?.tolist()?.to_string(), "7");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn cast_shape(&self, format: &str, shape: &[i128]) -> Result<Self> {
        // Out of `isize` maps to an extent the core reports as Overflow, and
        // `<= 0` to 0, which it reports as Value: the same classes, in order.
        let shape: Vec<usize> = shape
            .iter()
            .map(|&n| match isize::try_from(n) {
                Ok(n) if n > 0 => n.unsigned_abs(),
                Ok(_) => 0,
                Err(_) => usize::MAX,
            })
            .collect();
        self.cast_impl(format, Some(&shape))
    }

    fn cast_impl(&self, format: &str, shape: Option<&[usize]>) -> Result<Self> {
        self.check()?;
        let mut parts = None;
        self.with_view(|v| {
            parts = Some(*v.cast_cpython(format, shape)?.layout());
            Ok(())
        })?;
        let layout = parts.ok_or(Error::from(Reason::ExportChanged))?;
        Ok(self.derive(FormatBuf::new(Arc::from(format))?, None, layout, self.readonly))
    }

    /// The elements' bytes in `order` (`tobytes(order)`).
    ///
    /// # Errors
    ///
    /// Kind Value after release; kind Memory when the bytes cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Order;
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2, 3, 4]))?;
    /// let m = mv.cast_shape("B", &[2, 2])?;
    /// assert_eq!(m.tobytes(Order::F)?, [1, 3, 2, 4]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn tobytes(&self, order: Order) -> Result<Vec<u8>> {
        self.with_view(|v| v.to_vec(order))
    }

    /// The elements as nested lists (`tolist()`).
    ///
    /// # Errors
    ///
    /// Kind Value after release; kind Memory when the lists cannot be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2, 3, 4]))?;
    /// assert_eq!(mv.cast_shape("B", &[2, 2])?.tolist()?.to_string(), "[[1, 2], [3, 4]]");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn tolist(&self) -> Result<Value> {
        self.check_elements()?;
        self.with_view(|v| v.to_value())
    }

    /// `hex(sep, bytes_per_sep)`: lowercase hex of the C-order bytes, `sep`
    /// (one ASCII character) between groups of `|bytes_per_sep|` bytes
    /// counted from the right when positive, from the left when negative.
    ///
    /// # Errors
    ///
    /// Kind Overflow when `bytes_per_sep` is outside `i32` (checked first);
    /// kind Value after release, or when `sep` is not one ASCII character.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(b"abcdef".to_vec()))?;
    /// assert_eq!(mv.hex(None, 0)?, "616263646566");
    /// assert_eq!(mv.hex(Some(" "), -4)?, "61626364 6566");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn hex(&self, sep: Option<&str>, bytes_per_sep: i64) -> Result<String> {
        let bytes_per_sep =
            i32::try_from(bytes_per_sep).map_err(|_| Error::from(Reason::TooLargeForInt))?;
        self.check()?;
        let sep = match sep {
            None => None,
            Some(s) => {
                let mut chars = s.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(c),
                    _ => return Err(Error::from(Reason::SepLength)),
                }
            }
        };
        self.with_view(|v| v.hex(sep, bytes_per_sep))
    }

    /// A read-only memoryview of the same elements (`toreadonly()`).
    ///
    /// # Errors
    ///
    /// Kind Value after release.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::from(vec![0]))?;
    /// assert!(mv.toreadonly()?.readonly()?);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn toreadonly(&self) -> Result<Self> {
        self.check()?;
        Ok(self.derive(self.format.clone(), self.unknown.clone(), *self.layout, true))
    }

    /// Releases the view: every later operation is a kind Value error. The
    /// exporter's export ends when its last view is released or dropped
    /// (views derived from this one keep working). Releasing twice does nothing.
    ///
    /// # Errors
    ///
    /// Kind Buffer while this memoryview is itself exported (passed to
    /// [`MemoryView::new`] as an [`Exporter`]) and that export is alive, as
    /// CPython's `memoryview has 1 exported buffer`; the view stays usable.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::sync::Arc;
    /// use view_core::ErrorKind;
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(vec![1, 2]))?;
    /// let tail = mv.slice(0, 1..)?;
    /// mv.release()?;
    /// mv.release()?;
    /// assert!(mv.len().is_err());
    /// assert_eq!(tail.len()?, 1);
    /// assert_eq!(mv.to_string().split(' ').next(), Some("<released"));
    ///
    /// let shared = Arc::new(MemoryView::new(ByteArray::from(vec![1, 2]))?);
    /// let reexport = MemoryView::from_arc(shared.clone())?;
    /// assert_eq!(shared.release().unwrap_err().kind(), ErrorKind::Buffer);
    /// drop(reexport);
    /// shared.release()?;
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn release(&self) -> Result<()> {
        match self.state.compare_exchange(0, RELEASED_STATE, Ordering::AcqRel, Ordering::Acquire) {
            Ok(_) => {
                self.managed.unregister();
                Ok(())
            }
            Err(RELEASED_STATE) => Ok(()),
            Err(_) => Err(Error::from(Reason::ExportsAlive)),
        }
    }

    /// Whether [`release`](Self::release) was called.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::ByteArray::new())?;
    /// mv.release()?;
    /// assert!(mv.is_released());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_released(&self) -> bool {
        self.state.load(Ordering::Acquire) == RELEASED_STATE
    }

    /// `mv == other`: shapes equal and elements equal as values (see
    /// [`View::equals`]). A released view equals only itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let a = MemoryView::new(ByteArray::from(vec![1, 0, 2, 0]))?.cast("<h")?;
    /// let b = MemoryView::new(ByteArray::from(vec![1, 2]))?;
    /// assert!(a.equals(&b));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn equals(&self, other: &MemoryView) -> bool {
        let (mine, theirs) = (self.is_released(), other.is_released());
        if std::ptr::eq(self, other) && mine {
            return true;
        }
        // An unknown format compares unequal, as CPython's struct fallback
        // that cannot unpack it.
        if mine || theirs || self.unknown.is_some() || other.unknown.is_some() {
            return false;
        }
        // Lock the two exporters in address order, so that two threads
        // comparing the same pair in opposite orders cannot deadlock.
        let (first, second, swapped) = if exporter_address(self) <= exporter_address(other) {
            (self, other, false)
        } else {
            (other, self, true)
        };
        first
            .with_view(|a| {
                if Arc::ptr_eq(&first.managed.exporter, &second.managed.exporter) {
                    let format = second.format.as_format();
                    let b = View::from_parts(a.buffer(), format, *second.layout)?;
                    return Ok(if swapped { b.equals(&a) } else { a.equals(&b) });
                }
                second.with_view(|b| Ok(if swapped { b.equals(&a) } else { a.equals(&b) }))
            })
            .unwrap_or(false)
    }

    /// `mv == obj` for any [`Buffer`] (`memoryview(b"abc") == b"abc"`): the
    /// same comparison as [`equals`](Self::equals), with the buffer's export.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_std::{ByteArray, MemoryView};
    ///
    /// let mv = MemoryView::new(ByteArray::from(b"abc".to_vec()))?;
    /// assert!(mv.equals_buffer(b"abc"));
    /// assert!(!mv.cast("c")?.equals_buffer(b"abc")); // b'a' != 97
    /// assert!(MemoryView::from_buffer(vec![1u16, 2])?.equals_buffer(&[1u8, 2][..]));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn equals_buffer<B: Buffer + ?Sized>(&self, other: &B) -> bool {
        if self.unknown.is_some() {
            return false;
        }
        match other.export::<MAX_NDIM>() {
            Ok(theirs) => self.with_view(|v| Ok(v.equals(&theirs))).unwrap_or(false),
            Err(_) => false,
        }
    }

    /// `hash(mv)`: only read-only views of formats `B`, `b` or `c` whose
    /// exporter is [hashable](Exporter::hashable) hash, to the same value as
    /// their bytes (`hash(mv) == hash(mv.tobytes())`). The hash is computed
    /// once and kept: after [`release`](Self::release) it is still answered.
    ///
    /// # Errors
    ///
    /// Kind Value after release (unless hashed before), for a writable view,
    /// or for another format; kind Type when the exporter is unhashable (a
    /// read-only view of a [`ByteArray`](crate::ByteArray)).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::hash::{DefaultHasher, Hash, Hasher};
    /// use view_std::{ByteArray, Bytes, MemoryView};
    ///
    /// let mv = MemoryView::new(Bytes::from(b"ab".to_vec()))?;
    /// let mut h = DefaultHasher::new();
    /// b"ab"[..].hash(&mut h);
    /// assert_eq!(mv.try_hash()?, h.finish());
    ///
    /// let writable = MemoryView::new(ByteArray::from(b"ab".to_vec()))?;
    /// assert!(writable.try_hash().is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn try_hash(&self) -> Result<u64> {
        if let Some(&hash) = self.hash.get() {
            return Ok(hash);
        }
        let mut hasher = DefaultHasher::new();
        self.try_hash_into(&mut hasher)?;
        Ok(*self.hash.get_or_init(|| hasher.finish()))
    }

    /// Feeds the bytes to `state` as `[u8]::hash` does, with
    /// [`try_hash`](Self::try_hash)'s checks (it reads the bytes, so it
    /// fails after release even when `try_hash` answers).
    ///
    /// # Errors
    ///
    /// As [`try_hash`](Self::try_hash).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::hash::DefaultHasher;
    ///
    /// let mv = view_std::MemoryView::new(view_std::Bytes::from(b"ab".to_vec()))?;
    /// assert!(mv.try_hash_into(&mut DefaultHasher::new()).is_ok());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn try_hash_into<H: Hasher>(&self, state: &mut H) -> Result<()> {
        self.check()?;
        if !self.readonly {
            return Err(Error::from(Reason::HashWritable));
        }
        let byte_format = self.format.as_format().is_byte_format();
        if !byte_format {
            return Err(Error::from(Reason::HashFormat));
        }
        if !self.managed.exporter.hashable() {
            return Err(Error::from(Reason::Unhashable));
        }
        self.tobytes(Order::C)?.as_slice().hash(state);
        Ok(())
    }

    /// A hashable snapshot of the elements, for use as a map key: it
    /// implements `Hash` and `Eq`, which a general memoryview cannot. It holds
    /// a copy of the bytes, so writes through another view of the same
    /// exporter cannot change a key inside a map.
    ///
    /// # Errors
    ///
    /// As [`try_hash`](Self::try_hash).
    ///
    /// # Examples
    ///
    /// ```
    /// use std::collections::HashSet;
    /// use view_std::{Bytes, MemoryView};
    ///
    /// let a = MemoryView::new(Bytes::from(b"k".to_vec()))?;
    /// let b = MemoryView::new(Bytes::from(b"k".to_vec()))?;
    /// let set: HashSet<_> = [a.hash_key()?, b.hash_key()?].into_iter().collect();
    /// assert_eq!(set.len(), 1);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn hash_key(&self) -> Result<MemoryViewKey> {
        self.try_hash_into(&mut DefaultHasher::new())?;
        let bytes = self.tobytes(Order::C)?.into_boxed_slice();
        let code = self.format.as_format().canonical().as_bytes().first().copied().unwrap_or(b'B');
        Ok(MemoryViewKey { code, bytes })
    }
}

/// The elements of a 1-D [`MemoryView`], read one at a time as [`Value`]s:
/// made by [`MemoryView::iter`] and [`MemoryView::reversed`].
///
/// # Examples
///
/// ```
/// use view_std::{ByteArray, MemoryView, Value};
///
/// let mv = MemoryView::new(ByteArray::from(vec![5, 6]))?;
/// let mut it = mv.iter()?;
/// assert_eq!(it.len(), 2);
/// assert_eq!(it.next_back().transpose()?, Some(Value::Int(6)));
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug)]
pub struct Iter<'a> {
    mv: &'a MemoryView,
    front: usize,
    back: usize,
    /// The error the first item gives (a view that cannot be iterated).
    pending: Option<Error>,
}

impl Iter<'_> {
    fn item(&mut self, index: usize) -> Result<Value> {
        let got = isize::try_from(index)
            .map_err(|_| Error::from(Reason::IndexOutOfBounds { dimension: Some(0) }))
            .and_then(|i| self.mv.get(&[i]));
        if got.is_err() {
            self.front = self.back;
        }
        got
    }
}

impl Iterator for Iter<'_> {
    type Item = Result<Value>;

    fn next(&mut self) -> Option<Result<Value>> {
        if let Some(err) = self.pending.take() {
            self.front = self.back;
            return Some(Err(err));
        }
        if self.front >= self.back {
            return None;
        }
        self.front += 1;
        Some(self.item(self.front - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = if self.pending.is_some() { 1 } else { self.back - self.front };
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Result<Value>> {
        if let Some(err) = self.pending.take() {
            self.front = self.back;
            return Some(Err(err));
        }
        if self.front >= self.back {
            return None;
        }
        self.back -= 1;
        Some(self.item(self.back))
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl std::iter::FusedIterator for Iter<'_> {}

fn exporter_address(mv: &MemoryView) -> usize {
    Arc::as_ptr(&mv.managed.exporter).cast::<()>() as usize
}

fn address_of(view: &View<'_, MAX_NDIM>) -> usize {
    (view.buffer().as_ptr() as usize).wrapping_add(view.offset())
}

impl Drop for MemoryView {
    fn drop(&mut self) {
        // Nothing can export this view any more (an export holds it), so
        // the only states are live with no exports, or released.
        let state = self.state.get_mut();
        if *state != RELEASED_STATE {
            *state = RELEASED_STATE;
            self.managed.unregister();
        }
    }
}

/// A memoryview exports its own format and layout (re-exporting, as a
/// Python object that takes a buffer of a memoryview): a
/// `MemoryView::new(m)` has `m` as its [`obj`](MemoryView::obj), and `m`
/// refuses [`release`](MemoryView::release) while such exports live.
///
/// # Examples
///
/// ```
/// use std::sync::Arc;
/// use view_std::{Bytes, Exporter, MemoryView, Value};
///
/// let m = Arc::new(MemoryView::new(Bytes::from(b"abcd".to_vec()))?.slice(0, 1..3)?);
/// let again = MemoryView::from_arc(m.clone())?;
/// assert_eq!(again.tolist()?, Value::List(vec![Value::Int(98), Value::Int(99)]));
/// let obj: &Arc<dyn Exporter> = again.obj()?;
/// assert!(obj.as_any().downcast_ref::<MemoryView>().is_some());
/// # Ok::<(), view_core::Error>(())
/// ```
impl Exporter for MemoryView {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        self.with_view(|view| {
            f(view);
            Ok(())
        })
    }

    fn write(&self, f: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        self.with_view_mut(|view| {
            f(view);
            Ok(())
        })
    }

    fn readonly(&self) -> bool {
        self.readonly
    }

    fn hashable(&self) -> bool {
        self.try_hash().is_ok()
    }

    fn acquire(&self) -> Result<()> {
        self.state
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| match n {
                RELEASED_STATE => None,
                n => n.checked_add(1).filter(|&n| n != RELEASED_STATE),
            })
            .map(|_| ())
            .map_err(|_| Error::from(Reason::Released))
    }

    fn release(&self) {
        let _ = self.state.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| match n {
            RELEASED_STATE | 0 => None,
            n => Some(n - 1),
        });
    }

    fn frozen_bytes(&self) -> Option<&[u8]> {
        self.managed.exporter.frozen_bytes()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl PartialEq for MemoryView {
    fn eq(&self, other: &Self) -> bool {
        self.equals(other)
    }
}

/// CPython's repr: `<memory at 0x...>` with the address of element
/// `[0, ...]`, `<released memory at 0x...>` after release.
impl fmt::Display for MemoryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = if self.is_released() { "released memory" } else { "memory" };
        write!(f, "<{state} at {:#x}>", self.address)
    }
}

impl fmt::Debug for MemoryView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryView")
            .field("format", &self.unknown.as_deref().unwrap_or(self.format.as_str()))
            .field("shape", &self.layout.shape())
            .field("strides", &self.layout.strides())
            .field("readonly", &self.readonly)
            .field("released", &self.is_released())
            .finish()
    }
}

/// A snapshot of a read-only memoryview of format `B`, `b` or `c`: hashes
/// like its bytes and compares as the memoryview did, so it can be a
/// `HashMap` key. Made by [`MemoryView::hash_key`].
///
/// # Examples
///
/// ```
/// use std::collections::HashMap;
/// use view_std::{Bytes, MemoryView};
///
/// let key = MemoryView::new(Bytes::from(b"id".to_vec()))?.hash_key()?;
/// assert_eq!(key.as_bytes(), b"id");
/// let mut map = HashMap::new();
/// map.insert(key, 1);
/// assert_eq!(map.len(), 1);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct MemoryViewKey {
    /// `b'B'`, `b'b'` or `b'c'`.
    code: u8,
    bytes: Box<[u8]>,
}

impl MemoryViewKey {
    /// The bytes of the elements in C order.
    ///
    /// # Examples
    ///
    /// ```
    /// let mv = view_std::MemoryView::new(view_std::Bytes::from(b"a".to_vec()))?;
    /// assert_eq!(mv.hash_key()?.as_bytes(), b"a");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    fn view(&self) -> View<'_, MAX_NDIM> {
        let format = match self.code {
            b'b' => "b",
            b'c' => "c",
            _ => "B",
        };
        let bytes = View::from(&self.bytes[..]);
        bytes.cast(format, None).unwrap_or(bytes)
    }
}

impl Hash for MemoryViewKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

/// memoryview's `==` on the two snapshots (so a `c` key never equals a `B`
/// key: `b'a' != 97`). Byte formats have no NaN, so this is an equivalence.
impl PartialEq for MemoryViewKey {
    fn eq(&self, other: &Self) -> bool {
        self.view().equals(&other.view())
    }
}

impl Eq for MemoryViewKey {}
