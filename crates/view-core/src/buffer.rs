//! The buffer protocol: [`Buffer`] (an object that exports a read-only
//! view of its memory), [`BufferMut`] (a writable one), and the
//! [`Request`] flags of `PyObject_GetBuffer`.
//!
//! # What a request gets
//!
//! A consumer that can handle only some layouts states what it can handle;
//! [`Buffer::request`] answers with a view that satisfies it, or with a kind
//! [`Buffer`](crate::ErrorKind::Buffer) error naming what could not be met.
//! The checks are CPython's (`Modules/_testbuffer.c`, whose `ndarray` is the
//! reference exporter of `Lib/test/test_buffer.py`), in its order, with its
//! messages:
//!
//! 1. `WRITABLE` from a read-only exporter: "Object is not writable."
//!    (`PyBuffer_FillInfo`'s message).
//! 2. `C_CONTIGUOUS`, `F_CONTIGUOUS`, `ANY_CONTIGUOUS`: the export must be
//!    contiguous in that order, as `PyBuffer_IsContiguous` decides
//!    (extent-1 dimensions and empty exports always are).
//! 3. No `STRIDES`: the consumer will assume C strides, so the export must
//!    be C-contiguous; the view it gets has the canonical C strides.
//! 4. No `ND`: the consumer sees one dimension. Without `FORMAT` the view is
//!    `nbytes` unsigned bytes (`"B"`, what `PyBuffer_FillInfo` serves);
//!    with `FORMAT` it is the elements flattened in C order with their own
//!    format (what `array.array` serves: `shape = NULL` means
//!    `len / itemsize` items; `_testbuffer` refuses this combination).
//! 5. `ND` without `FORMAT`: CPython drops the format and keeps the shape
//!    and the item size, so that its own memoryview then reads the first
//!    byte of each item as `B`. A view keeps its format and item size in
//!    agreement instead: the format becomes `"B"`, and when the item size
//!    `k` is larger than 1 each element's bytes become a last dimension of
//!    extent `k` and stride 1 (a `(2, 3)` export of `"i"` is a `(2, 3, 4)`
//!    view of `"B"`). The bytes, in C order, are the ones CPython's
//!    consumer sees.
//!
//! `INDIRECT` is always satisfied: views never need suboffsets.
//!
//! # Examples
//!
//! ```
//! use view_core::{Buffer, ErrorKind, Request, View};
//!
//! let data: Vec<u16> = (0..6).collect();
//! let full = data.request::<4>(Request::FULL_RO)?;
//! assert_eq!((full.format().as_str(), full.shape()), ("H", &[6][..]));
//!
//! let bytes = data.request::<4>(Request::SIMPLE)?;
//! assert_eq!((bytes.format().as_str(), bytes.shape()), ("B", &[12][..]));
//!
//! let every_other: View<'_> = full.slice(0, view_core::Slice::new(None, None, Some(2)))?;
//! let err = every_other.request::<4>(Request::CONTIG_RO).unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::Buffer);
//! assert_eq!(err.message(), "ndarray is not C-contiguous");
//! # Ok::<(), view_core::Error>(())
//! ```

use core::fmt;
use core::ops::{BitOr, BitOrAssign};

use crate::error::{Error, Reason, Result};
use crate::format::Format;
use crate::layout::{Layout, MAX_NDIM};
use crate::view::{View, ViewMut};

/// What a consumer can handle, as the `flags` of `PyObject_GetBuffer`:
/// bit flags with CPython's values, combined with `|`.
///
/// A flag is requested when all of its bits are set, as CPython tests it
/// (`STRIDES` includes `ND`; `C_CONTIGUOUS` includes `STRIDES`). See the
/// [module docs](crate::buffer) for what each request gets.
///
/// # Examples
///
/// ```
/// use view_core::Request;
///
/// assert_eq!(Request::STRIDED, Request::STRIDES | Request::WRITABLE);
/// assert_eq!(Request::FULL_RO.bits(), 0x11c);
/// assert!(Request::C_CONTIGUOUS.contains(Request::ND));
/// assert!(!Request::ND.contains(Request::STRIDES));
/// assert_eq!(format!("{:?}", Request::RECORDS_RO), "Request(FORMAT | STRIDES)");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Request(u32);

impl Request {
    /// `PyBUF_SIMPLE` (0): one dimension of unsigned bytes, C-contiguous.
    ///
    /// ```
    /// assert_eq!(view_core::Request::SIMPLE.bits(), 0x0); // CPython's value
    /// ```
    pub const SIMPLE: Self = Self(0);
    /// `PyBUF_WRITABLE`: the consumer will write.
    ///
    /// ```
    /// assert_eq!(view_core::Request::WRITABLE.bits(), 0x1); // CPython's value
    /// ```
    pub const WRITABLE: Self = Self(0x1);
    /// `PyBUF_FORMAT`: the consumer reads the format.
    ///
    /// ```
    /// assert_eq!(view_core::Request::FORMAT.bits(), 0x4); // CPython's value
    /// ```
    pub const FORMAT: Self = Self(0x4);
    /// `PyBUF_ND`: the consumer reads the shape.
    ///
    /// ```
    /// assert_eq!(view_core::Request::ND.bits(), 0x8); // CPython's value
    /// ```
    pub const ND: Self = Self(0x8);
    /// `PyBUF_STRIDES`: the consumer reads the strides (implies `ND`).
    ///
    /// ```
    /// assert_eq!(view_core::Request::STRIDES.bits(), 0x18); // CPython's value
    /// ```
    pub const STRIDES: Self = Self(0x10 | Self::ND.0);
    /// `PyBUF_C_CONTIGUOUS`: the export must be C-contiguous (implies `STRIDES`).
    ///
    /// ```
    /// assert_eq!(view_core::Request::C_CONTIGUOUS.bits(), 0x38); // CPython's value
    /// ```
    pub const C_CONTIGUOUS: Self = Self(0x20 | Self::STRIDES.0);
    /// `PyBUF_F_CONTIGUOUS`: the export must be Fortran-contiguous (implies `STRIDES`).
    ///
    /// ```
    /// assert_eq!(view_core::Request::F_CONTIGUOUS.bits(), 0x58); // CPython's value
    /// ```
    pub const F_CONTIGUOUS: Self = Self(0x40 | Self::STRIDES.0);
    /// `PyBUF_ANY_CONTIGUOUS`: the export must be C- or Fortran-contiguous
    /// (implies `STRIDES`).
    ///
    /// ```
    /// assert_eq!(view_core::Request::ANY_CONTIGUOUS.bits(), 0x98); // CPython's value
    /// ```
    pub const ANY_CONTIGUOUS: Self = Self(0x80 | Self::STRIDES.0);
    /// `PyBUF_INDIRECT`: the consumer handles suboffsets (implies `STRIDES`).
    ///
    /// ```
    /// assert_eq!(view_core::Request::INDIRECT.bits(), 0x118); // CPython's value
    /// ```
    pub const INDIRECT: Self = Self(0x100 | Self::STRIDES.0);
    /// `PyBUF_CONTIG`: `ND | WRITABLE`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::CONTIG.bits(), 0x9); // CPython's value
    /// ```
    pub const CONTIG: Self = Self(Self::ND.0 | Self::WRITABLE.0);
    /// `PyBUF_CONTIG_RO`: `ND`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::CONTIG_RO.bits(), 0x8); // CPython's value
    /// ```
    pub const CONTIG_RO: Self = Self::ND;
    /// `PyBUF_STRIDED`: `STRIDES | WRITABLE`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::STRIDED.bits(), 0x19); // CPython's value
    /// ```
    pub const STRIDED: Self = Self(Self::STRIDES.0 | Self::WRITABLE.0);
    /// `PyBUF_STRIDED_RO`: `STRIDES`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::STRIDED_RO.bits(), 0x18); // CPython's value
    /// ```
    pub const STRIDED_RO: Self = Self::STRIDES;
    /// `PyBUF_RECORDS`: `STRIDES | WRITABLE | FORMAT`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::RECORDS.bits(), 0x1d); // CPython's value
    /// ```
    pub const RECORDS: Self = Self(Self::STRIDED.0 | Self::FORMAT.0);
    /// `PyBUF_RECORDS_RO`: `STRIDES | FORMAT`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::RECORDS_RO.bits(), 0x1c); // CPython's value
    /// ```
    pub const RECORDS_RO: Self = Self(Self::STRIDES.0 | Self::FORMAT.0);
    /// `PyBUF_FULL`: `INDIRECT | WRITABLE | FORMAT`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::FULL.bits(), 0x11d); // CPython's value
    /// ```
    pub const FULL: Self = Self(Self::INDIRECT.0 | Self::WRITABLE.0 | Self::FORMAT.0);
    /// `PyBUF_FULL_RO`: `INDIRECT | FORMAT`.
    ///
    /// ```
    /// assert_eq!(view_core::Request::FULL_RO.bits(), 0x11c); // CPython's value
    /// ```
    pub const FULL_RO: Self = Self(Self::INDIRECT.0 | Self::FORMAT.0);

    const NAMES: [(Self, &'static str); 9] = [
        (Self::WRITABLE, "WRITABLE"),
        (Self::FORMAT, "FORMAT"),
        (Self::INDIRECT, "INDIRECT"),
        (Self::C_CONTIGUOUS, "C_CONTIGUOUS"),
        (Self::F_CONTIGUOUS, "F_CONTIGUOUS"),
        (Self::ANY_CONTIGUOUS, "ANY_CONTIGUOUS"),
        (Self::STRIDES, "STRIDES"),
        (Self::ND, "ND"),
        (Self(0), "SIMPLE"),
    ];

    /// The flags as CPython's `int` bits.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::Request::C_CONTIGUOUS.bits(), 0x38);
    /// ```
    #[must_use]
    pub const fn bits(self) -> u32 {
        self.0
    }

    /// Flags from CPython's bits, kept as given (bits CPython does not
    /// define are ignored when the request is served, as CPython does).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Request;
    ///
    /// assert_eq!(Request::from_bits(0x11c), Request::FULL_RO);
    /// ```
    #[must_use]
    pub const fn from_bits(bits: u32) -> Self {
        Self(bits)
    }

    /// Whether every bit of `other` is set: CPython's `(flags & X) == X`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Request;
    ///
    /// assert!(Request::FULL.contains(Request::WRITABLE | Request::STRIDES));
    /// assert!(!Request::STRIDES.contains(Request::C_CONTIGUOUS));
    /// ```
    #[must_use]
    pub const fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    /// Both sets of flags: `self | other` in a const context.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Request;
    ///
    /// const R: Request = Request::ND.union(Request::FORMAT);
    /// assert_eq!(R.bits(), 0xc);
    /// ```
    #[must_use]
    pub const fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Serves this request from `view`, the whole export of an exporter
    /// that is read-only when `readonly` is true: the view checked and
    /// reshaped as the [module docs](crate::buffer) say. This is what
    /// [`Buffer::request`] does; an exporter with its own `request` can call it.
    ///
    /// # Errors
    ///
    /// Kind Buffer, with CPython's message, for the first demand the export
    /// cannot meet.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Request, View};
    ///
    /// let data = [0u8; 24];
    /// let m = View::new(&data, "i", &[2, 3], &[12, 4], 0)?;
    /// let raw = Request::STRIDED_RO.apply(m, true)?;
    /// assert_eq!((raw.format().as_str(), raw.shape()), ("B", &[2, 3, 4][..]));
    /// assert_eq!(raw.strides(), &[12, 4, 1]);
    ///
    /// let err = Request::STRIDED.apply(m, true).unwrap_err();
    /// assert_eq!((err.kind(), err.message()), (ErrorKind::Buffer, "Object is not writable."));
    /// let err = Request::F_CONTIGUOUS.apply(m, false).unwrap_err();
    /// assert_eq!(err.message(), "ndarray is not Fortran contiguous");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn apply<'a, const N: usize>(
        self,
        view: View<'a, N>,
        readonly: bool,
    ) -> Result<View<'a, N>> {
        if readonly && self.contains(Self::WRITABLE) {
            return Err(Error::because(Reason::RequestNotMet(Self::WRITABLE)));
        }
        let (format, layout) = self.serve(view.format(), view.layout())?;
        View::from_parts(view.buffer(), format, layout)
    }

    /// Serves this request from a writable export; see [`apply`](Self::apply)
    /// (`WRITABLE` is always met).
    ///
    /// # Errors
    ///
    /// As [`apply`](Self::apply).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Request, ViewMut};
    ///
    /// let mut data = [0u8; 8];
    /// let v = ViewMut::new(&mut data, "<i", &[2], &[4], 0)?;
    /// let mut bytes = Request::SIMPLE.apply_mut(v)?;
    /// bytes.as_contiguous_bytes_mut().unwrap()[7] = 1;
    /// assert_eq!(data[7], 1);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn apply_mut<'a, const N: usize>(self, view: ViewMut<'a, N>) -> Result<ViewMut<'a, N>> {
        let (bytes, format, layout) = view.into_parts();
        let (format, layout) = self.serve(format, &layout)?;
        ViewMut::from_parts(bytes, format, layout)
    }

    /// The format and layout a request gets from an export (steps 2 to 5 of
    /// the module docs).
    fn serve<'a, const N: usize>(
        self,
        format: Format<'a>,
        layout: &Layout<N>,
    ) -> Result<(Format<'a>, Layout<N>)> {
        let k = format.itemsize();
        let c = layout.buffer_is_contiguous(k, false);
        let f = layout.buffer_is_contiguous(k, true);
        if self.contains(Self::C_CONTIGUOUS) && !c {
            return Err(Error::because(Reason::RequestNotMet(Self::C_CONTIGUOUS)));
        }
        if self.contains(Self::F_CONTIGUOUS) && !f {
            return Err(Error::because(Reason::RequestNotMet(Self::F_CONTIGUOUS)));
        }
        if self.contains(Self::ANY_CONTIGUOUS) && !c && !f {
            return Err(Error::because(Reason::RequestNotMet(Self::ANY_CONTIGUOUS)));
        }
        if !self.contains(Self::STRIDES) && !c {
            return Err(Error::because(Reason::RequestNotMet(Self::C_CONTIGUOUS)));
        }
        let offset = layout.offset();
        let keep_format = self.contains(Self::FORMAT);
        if !self.contains(Self::ND) {
            // C-contiguous (checked above): the elements are the bytes
            // `offset .. offset + nbytes`.
            return if keep_format {
                Ok((format, Layout::c_contiguous(&[layout.count()], k, offset)?))
            } else {
                let nbytes = layout.count().saturating_mul(k);
                Ok((Format::BYTES, Layout::c_contiguous(&[nbytes], 1, offset)?))
            };
        }
        let layout = if self.contains(Self::STRIDES) {
            *layout
        } else {
            Layout::c_contiguous(layout.shape(), k, offset)?
        };
        if keep_format {
            return Ok((format, layout));
        }
        if k == 1 {
            return Ok((Format::BYTES, layout));
        }
        let ndim = layout.ndim();
        if ndim >= N.min(MAX_NDIM) {
            return Err(Error::because(Reason::RequestTooManyDimensions));
        }
        let mut shape = [0usize; MAX_NDIM];
        let mut strides = [0isize; MAX_NDIM];
        shape[..ndim].copy_from_slice(layout.shape());
        strides[..ndim].copy_from_slice(layout.strides());
        shape[ndim] = k;
        strides[ndim] = 1;
        Ok((Format::BYTES, Layout::new(&shape[..=ndim], &strides[..=ndim], offset)?))
    }
}

impl BitOr for Request {
    type Output = Self;

    fn bitor(self, other: Self) -> Self {
        self.union(other)
    }
}

impl BitOrAssign for Request {
    fn bitor_assign(&mut self, other: Self) {
        *self = self.union(other);
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Request(")?;
        let mut rest = *self;
        let mut first = true;
        for (flag, name) in Self::NAMES {
            let shown = flag.0 == 0 && first && rest.0 == 0;
            if (flag.0 != 0 && rest.contains(flag)) || shown {
                if !first {
                    f.write_str(" | ")?;
                }
                f.write_str(name)?;
                first = false;
                rest.0 &= !flag.0;
            }
        }
        if rest.0 != 0 {
            if !first {
                f.write_str(" | ")?;
            }
            write!(f, "{:#x}", rest.0)?;
        }
        f.write_str(")")
    }
}

/// An object that exports a read-only view of its memory: Python's buffer
/// protocol (`bf_getbuffer`) on the exporting side.
///
/// Implemented for slices and arrays of [`Element`](crate::Element)s,
/// `str`, references, views themselves, and with the `alloc` feature
/// `Vec`, `Box`, `Rc`, `Arc`, `String` and `Cow`; the `ndarray` and `bytes`
/// features add those crates' arrays and buffers.
///
/// The consumer names the capacity `N` of the view it receives (where the
/// result's type does not already say it): `export::<4>()` for the default,
/// `export::<64>()` for every export CPython accepts. An export with more
/// dimensions than `N` is a kind Value error.
///
/// # Examples
///
/// ```
/// use view_core::{Buffer, Request};
///
/// let data = [1.5f64, 2.5];
/// let v = data.export::<4>()?;
/// assert_eq!((v.format().as_str(), v.shape(), v.strides()), ("d", &[2][..], &[8][..]));
/// assert!(data.request::<4>(Request::FULL_RO).is_ok());
/// assert!("text".request::<4>(Request::WRITABLE).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
pub trait Buffer {
    /// The whole export, format included.
    ///
    /// # Errors
    ///
    /// Whatever stops the exporter from exporting (kind Buffer, or kind
    /// Value for memory no view can describe, such as zero-sized elements).
    fn export<const N: usize>(&self) -> Result<View<'_, N>>;

    /// Whether the exporter can hand out a writable view. A shared
    /// reference never can.
    fn readonly(&self) -> bool {
        true
    }

    /// `PyObject_GetBuffer`: the export checked against `request` and
    /// reshaped as the [module docs](crate::buffer) say.
    ///
    /// # Errors
    ///
    /// As [`export`](Buffer::export), and kind Buffer for a request the export
    /// cannot meet (see [`Request::apply`]).
    fn request<const N: usize>(&self, request: Request) -> Result<View<'_, N>> {
        request.apply(self.export()?, self.readonly())
    }
}

/// An object that exports a writable view of its memory.
///
/// # Examples
///
/// ```
/// use view_core::{BufferMut, Request};
///
/// let mut data = vec![0u16; 4];
/// let mut v = data.request_mut::<4>(Request::CONTIG | Request::FORMAT)?.typed::<u16>()?;
/// v.set(&[2], 7)?;
/// assert_eq!(data, [0, 0, 7, 0]);
/// # Ok::<(), view_core::Error>(())
/// ```
pub trait BufferMut: Buffer {
    /// The whole export, writable.
    ///
    /// # Errors
    ///
    /// As [`Buffer::export`].
    fn export_mut<const N: usize>(&mut self) -> Result<ViewMut<'_, N>>;

    /// `PyObject_GetBuffer` with a writable result; see [`Buffer::request`].
    ///
    /// # Errors
    ///
    /// As [`Buffer::request`].
    fn request_mut<const N: usize>(&mut self, request: Request) -> Result<ViewMut<'_, N>> {
        request.apply_mut(self.export_mut()?)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use std::format;

    const NOT_WRITABLE: &str = Reason::RequestNotMet(Request::WRITABLE).message();
    const NOT_C: &str = Reason::RequestNotMet(Request::C_CONTIGUOUS).message();
    const NOT_F: &str = Reason::RequestNotMet(Request::F_CONTIGUOUS).message();
    const NOT_ANY: &str = Reason::RequestNotMet(Request::ANY_CONTIGUOUS).message();
    const TOO_MANY_DIMS: &str = Reason::RequestTooManyDimensions.message();

    /// Format, shape and strides (padded to 4 dimensions) and offset.
    type Served<'a> = (&'a str, [usize; 4], [isize; 4], usize);

    fn req(view: View<'_>, request: Request) -> core::result::Result<Served<'_>, &'static str> {
        match request.apply(view, false) {
            Ok(v) => {
                let mut shape = [0; 4];
                let mut strides = [0; 4];
                shape[..v.ndim()].copy_from_slice(v.shape());
                strides[..v.ndim()].copy_from_slice(v.strides());
                Ok((v.format().as_str(), shape, strides, v.offset()))
            }
            Err(e) => Err(e.message()),
        }
    }

    // Expected answers follow `_testbuffer.ndarray(ex, getbuf=flags)` on CPython 3.11.
    #[test]
    fn c_contiguous_export() {
        let data = [0u8; 24];
        let m = View::new(&data, "i", &[2, 3], &[12, 4], 0).unwrap();
        assert_eq!(req(m, Request::FULL_RO), Ok(("i", [2, 3, 0, 0], [12, 4, 0, 0], 0)));
        assert_eq!(req(m, Request::SIMPLE), Ok(("B", [24, 0, 0, 0], [1, 0, 0, 0], 0)));
        assert_eq!(req(m, Request::FORMAT), Ok(("i", [6, 0, 0, 0], [4, 0, 0, 0], 0)));
        assert_eq!(req(m, Request::ND), Ok(("B", [2, 3, 4, 0], [12, 4, 1, 0], 0)));
        assert_eq!(
            req(m, Request::ND | Request::FORMAT),
            Ok(("i", [2, 3, 0, 0], [12, 4, 0, 0], 0))
        );
        assert_eq!(req(m, Request::C_CONTIGUOUS), Ok(("B", [2, 3, 4, 0], [12, 4, 1, 0], 0)));
        assert_eq!(
            req(m, Request::ANY_CONTIGUOUS | Request::FORMAT),
            Ok(("i", [2, 3, 0, 0], [12, 4, 0, 0], 0))
        );
        assert_eq!(req(m, Request::F_CONTIGUOUS), Err(NOT_F));
    }

    #[test]
    fn fortran_export() {
        let data = [0u8; 24];
        let m = View::new(&data, "i", &[2, 3], &[4, 8], 0).unwrap();
        for r in [
            Request::SIMPLE,
            Request::WRITABLE,
            Request::FORMAT,
            Request::ND,
            Request::CONTIG_RO,
            Request::C_CONTIGUOUS,
        ] {
            assert_eq!(req(m, r), Err(NOT_C), "{r:?}");
        }
        assert_eq!(
            req(m, Request::F_CONTIGUOUS | Request::FORMAT),
            Ok(("i", [2, 3, 0, 0], [4, 8, 0, 0], 0))
        );
        assert_eq!(req(m, Request::ANY_CONTIGUOUS), Ok(("B", [2, 3, 4, 0], [4, 8, 1, 0], 0)));
        assert_eq!(req(m, Request::STRIDED), Ok(("B", [2, 3, 4, 0], [4, 8, 1, 0], 0)));
    }

    #[test]
    fn strided_read_only_export() {
        let data = [0u8; 24];
        let m = View::new(&data, "i", &[3], &[-8], 16).unwrap();
        assert_eq!(Request::WRITABLE.apply(m, true).unwrap_err().message(), NOT_WRITABLE);
        assert_eq!(Request::CONTIG.apply(m, true).unwrap_err().message(), NOT_WRITABLE);
        assert_eq!(req(m, Request::CONTIG_RO), Err(NOT_C));
        assert_eq!(req(m, Request::ANY_CONTIGUOUS), Err(NOT_ANY));
        assert_eq!(req(m, Request::RECORDS_RO), Ok(("i", [3, 0, 0, 0], [-8, 0, 0, 0], 16)));
        assert_eq!(req(m, Request::STRIDES), Ok(("B", [3, 4, 0, 0], [-8, 1, 0, 0], 16)));
    }

    #[test]
    fn strides_normalised_without_strides_flag() {
        let data = [0u8; 8];
        // Extent-1 dimension with an odd stride: C-contiguous all the same.
        let m = View::new(&data, "h", &[1, 4], &[-100, 2], 0).unwrap();
        assert_eq!(req(m, Request::ND | Request::FORMAT), Ok(("h", [1, 4, 0, 0], [8, 2, 0, 0], 0)));
        assert_eq!(
            req(m, Request::STRIDES | Request::FORMAT),
            Ok(("h", [1, 4, 0, 0], [-100, 2, 0, 0], 0))
        );
        let empty = View::new(&data, "h", &[0, 3], &[-6, 4], 8).unwrap();
        assert_eq!(req(empty, Request::SIMPLE), Ok(("B", [0, 0, 0, 0], [1, 0, 0, 0], 8)));
    }

    #[test]
    fn byte_formats_stay_flat() {
        let data = [1u8, 0, 2];
        let m = View::new(&data, "?", &[3], &[1], 0).unwrap();
        assert_eq!(req(m, Request::STRIDES), Ok(("B", [3, 0, 0, 0], [1, 0, 0, 0], 0)));
        let scalar = View::new(&data, "<q", &[], &[], 0);
        assert!(scalar.is_err());
        let data = [0u8; 8];
        let scalar = View::new(&data, "<q", &[], &[], 0).unwrap();
        assert_eq!(req(scalar, Request::ND), Ok(("B", [8, 0, 0, 0], [1, 0, 0, 0], 0)));
        assert_eq!(req(scalar, Request::SIMPLE), Ok(("B", [8, 0, 0, 0], [1, 0, 0, 0], 0)));
        assert_eq!(req(scalar, Request::FORMAT), Ok(("<q", [1, 0, 0, 0], [8, 0, 0, 0], 0)));
    }

    #[test]
    fn no_room_for_the_byte_dimension() {
        let data = [0u8; 2];
        let m = View::<1>::from_parts(
            &data,
            Format::parse("H").unwrap(),
            Layout::new(&[1], &[2], 0).unwrap(),
        )
        .unwrap();
        assert_eq!(Request::ND.apply(m, false).unwrap_err().message(), TOO_MANY_DIMS);
        assert!(Request::ND.union(Request::FORMAT).apply(m, false).is_ok());
    }

    #[test]
    fn writable_requests_on_mutable_views() {
        let mut data = [0u8; 6];
        let v = ViewMut::new(&mut data, "<h", &[3], &[2], 0).unwrap();
        let mut v = Request::CONTIG.apply_mut(v).unwrap();
        assert_eq!(v.as_view().shape(), &[3, 2]);
        v.set(&[2, 1], crate::Scalar::Int(9)).unwrap();
        assert_eq!(data, [0, 0, 0, 0, 0, 9]);
        let v = ViewMut::new(&mut data, "<h", &[3], &[-2], 4).unwrap();
        assert_eq!(Request::CONTIG.apply_mut(v).unwrap_err().message(), NOT_C);
    }

    #[test]
    fn debug_names_flags() {
        assert_eq!(format!("{:?}", Request::SIMPLE), "Request(SIMPLE)");
        assert_eq!(format!("{:?}", Request::FULL), "Request(WRITABLE | FORMAT | INDIRECT)");
        assert_eq!(format!("{:?}", Request::from_bits(0x2)), "Request(0x2)");
        assert_eq!(
            format!("{:?}", Request::C_CONTIGUOUS | Request::WRITABLE),
            "Request(WRITABLE | C_CONTIGUOUS)"
        );
    }
}
