//! The one error type of the crate: a machine-readable [`Reason`], which
//! knows its Python exception class ([`ErrorKind`]) and its CPython-like
//! message.

use core::fmt;

use crate::buffer::Request;
use crate::element::Element;
use crate::format::Code;

/// The Python exception class a memoryview raises for the same failure.
///
/// # Examples
///
/// ```
/// use view_core::{ErrorKind, View};
///
/// let data = [1u8, 2, 3];
/// let view = View::from_bytes(&data);
/// let err = view.get(&[3]).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Index);
/// assert_eq!(err.kind().python_name(), "IndexError");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// `TypeError`: an operation that does not apply to this view or value
    /// (a non-contiguous cast, a read-only write, a value of the wrong type).
    Type,
    /// `ValueError` (and `struct.error`): a bad format, shape, order or value.
    Value,
    /// `IndexError`: an index outside its dimension.
    Index,
    /// `NotImplementedError`: a request this operation does not serve
    /// (for example a partial index where an element is expected).
    NotImplemented,
    /// `BufferError`: an exporter cannot satisfy a buffer request.
    Buffer,
    /// `OverflowError`: an argument does not fit the C type CPython converts it to.
    Overflow,
    /// `MemoryError`: an allocating form (feature `alloc`) could not get the
    /// memory for its result (a list of 2^62 empty lists, say).
    Memory,
}

impl ErrorKind {
    /// The name of the Python exception class.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::ErrorKind::NotImplemented.python_name(), "NotImplementedError");
    /// ```
    #[must_use]
    pub const fn python_name(self) -> &'static str {
        match self {
            Self::Type => "TypeError",
            Self::Value => "ValueError",
            Self::Index => "IndexError",
            Self::NotImplemented => "NotImplementedError",
            Self::Buffer => "BufferError",
            Self::Overflow => "OverflowError",
            Self::Memory => "MemoryError",
        }
    }
}

/// What is wrong with a format string (see [`Reason::BadFormat`]).
///
/// # Examples
///
/// ```
/// use view_core::{Format, FormatProblem, Reason};
///
/// let err = Format::parse("<h{").unwrap_err();
/// assert_eq!(err.reason(), Reason::BadFormat { position: 2, problem: FormatProblem::BadChar });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FormatProblem {
    /// A character that is not a format code here.
    BadChar,
    /// A repeat count (or sub-array shape) with no code after it.
    CountWithoutCode,
    /// The total size does not fit `isize`.
    TooLong,
    /// A `T{` without its `}`.
    UnmatchedBrace,
    /// Records nested deeper than [`MAX_NESTING`](crate::MAX_NESTING).
    TooDeep,
    /// A sub-array shape `(2,3)` that does not parse or overflows.
    BadSubArrayShape,
    /// A `:name` without its closing `:`.
    UnterminatedName,
    /// An empty record with a repeat count.
    EmptyRecordRepeated,
    /// A string of length 0 repeated by a sub-array shape (`(2)0s`).
    EmptyStringRepeated,
    /// The code `O` (Python object pointers). Kind NotImplemented.
    ObjectPointers,
}

impl FormatProblem {
    const fn message(self) -> &'static str {
        match self {
            Self::BadChar => "bad char in struct format",
            Self::CountWithoutCode => "repeat count given without format specifier",
            Self::TooLong => "total struct size too long",
            Self::UnmatchedBrace => "unmatched '{' in struct format",
            Self::TooDeep => "struct format nests records too deeply",
            Self::BadSubArrayShape => "bad sub-array shape in struct format",
            Self::UnterminatedName => "unterminated field name in struct format",
            Self::EmptyRecordRepeated => "a record of size 0 cannot be repeated",
            Self::EmptyStringRepeated => "a string of length 0 cannot be repeated",
            Self::ObjectPointers => {
                "format 'O' holds pointers to objects of the exporting Python process; \
                 they cannot be read or written outside it"
            }
        }
    }
}

/// Why a cast is refused (see [`Reason::Cast`]); memoryview's checks, in its order.
///
/// # Examples
///
/// ```
/// use view_core::{CastProblem, ErrorKind, Reason};
///
/// let reason = Reason::Cast(CastProblem::NotMultipleOfItemsize);
/// assert_eq!(reason.kind(), ErrorKind::Type);
/// assert_eq!(reason.message(), "memoryview: length is not a multiple of itemsize");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CastProblem {
    /// The source view is not C-contiguous.
    NotCContiguous,
    /// A zero in the shape (with a shape given, or from more than one dimension).
    ZerosInShape,
    /// Neither side is one-dimensional.
    NdToNd,
    /// The destination format does not parse or has itemsize 0.
    DestinationFormat,
    /// Neither format is a byte format (`B`, `b`, `c`).
    NonByteFormats,
    /// The byte length is not a multiple of the new itemsize.
    NotMultipleOfItemsize,
    /// A zero in the requested shape.
    ShapeNotPositive,
    /// The requested shape's product overflows `isize`.
    ShapeTooLarge,
    /// The requested shape does not cover the bytes exactly.
    WrongSize,
}

impl CastProblem {
    const fn message(self) -> &'static str {
        match self {
            Self::NotCContiguous => "memoryview: casts are restricted to C-contiguous views",
            Self::ZerosInShape => "memoryview: cannot cast view with zeros in shape or strides",
            Self::NdToNd => "memoryview: cast must be 1D -> ND or ND -> 1D",
            Self::DestinationFormat => {
                "memoryview: destination format must be a valid format with itemsize > 0"
            }
            Self::NonByteFormats => "memoryview: cannot cast between two non-byte formats",
            Self::NotMultipleOfItemsize => "memoryview: length is not a multiple of itemsize",
            Self::ShapeNotPositive => "memoryview.cast(): elements of shape must be integers > 0",
            Self::ShapeTooLarge => "memoryview.cast(): product(shape) > SSIZE_MAX",
            Self::WrongSize => "memoryview: product(shape) * itemsize != buffer size",
        }
    }

    const fn kind(self) -> ErrorKind {
        match self {
            Self::DestinationFormat | Self::ShapeNotPositive | Self::ShapeTooLarge => {
                ErrorKind::Value
            }
            _ => ErrorKind::Type,
        }
    }
}

/// Why an operation failed, for a Rust caller to `match` on.
///
/// Each reason knows its [`ErrorKind`] (the Python class) and its message;
/// [`Error`]'s `Display` is that message plus the position or dimension.
/// [`Reason::Other`] holds errors made with [`Error::new`] (by adapter
/// crates, for failures of their own).
///
/// # Examples
///
/// ```
/// use view_core::{Format, FormatProblem, Reason};
///
/// let err = Format::parse("2T{h").unwrap_err();
/// match err.reason() {
///     Reason::BadFormat { position, problem: FormatProblem::UnmatchedBrace } => {
///         assert_eq!(position, 1)
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Reason {
    /// A format string that does not parse; `position` is the byte where
    /// parsing stopped. Kind Value (`struct.error`), NotImplemented for
    /// [`FormatProblem::ObjectPointers`].
    BadFormat {
        /// Byte position in the format string.
        position: usize,
        /// What is wrong there.
        problem: FormatProblem,
    },
    /// Buffer, shape, strides and offset put an element outside the buffer. Kind Value.
    OutsideBuffer,
    /// An index outside its dimension (zero-based, when known). Kind Index.
    IndexOutOfBounds {
        /// The dimension the index was for.
        dimension: Option<usize>,
    },
    /// A dimension number the view does not have. Kind Index.
    DimensionOutOfRange {
        /// The dimension asked for (zero-based).
        dimension: usize,
    },
    /// `shape` and `strides` differ in length. Kind Value.
    ShapeStridesMismatch,
    /// A C-contiguous shape that does not cover the buffer exactly. Kind Value.
    ShapeBufferMismatch,
    /// More than 64 dimensions, memoryview's limit. Kind Value.
    TooManyDimensions,
    /// More dimensions than the view type's capacity `N`. Kind Value.
    CapacityExceeded {
        /// The capacity that was exceeded.
        capacity: usize,
    },
    /// `product(shape) * itemsize` overflows `isize`. Kind Value.
    SizeOverflow,
    /// A layout for items of zero bytes. Kind Value.
    ItemsizeZero,
    /// A format whose fields do not fit the itemsize asked for. Kind Value.
    ItemsizeTooSmall,
    /// A slice with step 0. Kind Value.
    SliceStepZero,
    /// A slice's stride or offset overflows `isize`. Kind Overflow.
    SliceOverflow,
    /// An index into a 0-dimensional view. Kind Type.
    ZeroDimIndex,
    /// `len()` of a 0-dimensional view. Kind Type.
    ZeroDimLength,
    /// Fewer indices than dimensions where an element is expected. Kind NotImplemented.
    SubView,
    /// More indices than dimensions. Kind Type.
    TooManyIndices,
    /// Axes that are not a permutation of the dimensions. Kind Value.
    NotAPermutation,
    /// An order other than `C`, `F` or `A`. Kind Value.
    BadOrder,
    /// A cast memoryview refuses.
    Cast(CastProblem),
    /// The format does not match the Rust element type. Kind Type.
    ElementTypeMismatch,
    /// [`typed::<T>()`](crate::ViewBase::typed) on a view whose format does
    /// not describe `T`: the view's format (its start, when long) and `T`.
    /// Kind Type.
    NotElementFormat {
        /// The view's format text.
        format: FormatExcerpt,
        /// The Rust type asked for, and its format.
        element: ElementType,
    },
    /// A value of the wrong type for the format (its code, when one). Kind Type.
    InvalidType {
        /// The code the value was for.
        code: Option<Code>,
    },
    /// A value out of range, or of the wrong length or arity, for the format. Kind Value.
    InvalidValue {
        /// The code the value was for.
        code: Option<Code>,
    },
    /// Assigning between views of different structure. Kind Value.
    StructureMismatch,
    /// An output slice whose length is not the view's `nbytes`. Kind Value.
    OutputLength,
    /// A write to read-only memory. Kind Type.
    ReadOnly,
    /// An operation on a released memoryview. Kind Value.
    Released,
    /// A buffer request the export cannot meet: the flag not met. Kind Buffer.
    RequestNotMet(Request),
    /// Too many dimensions to serve a request as unsigned bytes. Kind Buffer.
    RequestTooManyDimensions,
    /// An exported array with more than 64 dimensions. Kind Buffer.
    ExportTooManyDimensions,
    /// An exported array's element strides overflow `isize` in bytes. Kind Buffer.
    ByteStrideOverflow,
    /// The exporter's buffer no longer holds the view. Kind Buffer.
    ExportChanged,
    /// Resizing an object that has exports. Kind Buffer.
    ResizeExported,
    /// A hex separator that is not ASCII. Kind Value.
    SepNotAscii,
    /// A hex separator that is not one character. Kind Value.
    SepLength,
    /// Hex text longer than the fixed-capacity string it is written to. Kind Value.
    HexTooLong,
    /// More elements than the fixed-capacity list they are collected in.
    /// Kind Value.
    ListTooLong {
        /// The list's capacity.
        capacity: usize,
        /// The number of elements.
        items: usize,
    },
    /// Hashing a writable memoryview. Kind Value.
    HashWritable,
    /// Hashing a format other than `B`, `b`, `c`. Kind Value.
    HashFormat,
    /// An argument too large for a C `Py_ssize_t`. Kind Overflow.
    TooLargeForSsize,
    /// An argument too large for a C `int`. Kind Overflow.
    TooLargeForInt,
    /// A `fmt::Write` sink reported an error. Kind Value.
    Formatter,
    /// The result could not be allocated. Kind Memory.
    NoMemory,
    /// Hashing a read-only memoryview whose exporter is not hashable
    /// (a `bytearray`). Kind Type.
    Unhashable,
    /// Releasing a memoryview that has live exports of its own. Kind Buffer.
    ExportsAlive,
    /// Element access on a view whose format is not understood (only its
    /// itemsize is known). Kind NotImplemented.
    UnsupportedFormat,
    /// An error made by [`Error::new`], with its own kind and message.
    Other {
        /// The Python class.
        kind: ErrorKind,
        /// The message.
        message: &'static str,
    },
}

impl Reason {
    /// The Python exception class of this reason.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Reason};
    ///
    /// assert_eq!(Reason::ReadOnly.kind(), ErrorKind::Type);
    /// ```
    #[must_use]
    pub const fn kind(self) -> ErrorKind {
        use ErrorKind as K;
        match self {
            Self::IndexOutOfBounds { .. } | Self::DimensionOutOfRange { .. } => K::Index,
            Self::SliceOverflow | Self::TooLargeForSsize | Self::TooLargeForInt => K::Overflow,
            Self::ZeroDimIndex
            | Self::ZeroDimLength
            | Self::TooManyIndices
            | Self::ElementTypeMismatch
            | Self::NotElementFormat { .. }
            | Self::InvalidType { .. }
            | Self::ReadOnly
            | Self::Unhashable => K::Type,
            Self::SubView
            | Self::UnsupportedFormat
            | Self::BadFormat { problem: FormatProblem::ObjectPointers, .. } => K::NotImplemented,
            Self::Cast(problem) => problem.kind(),
            Self::RequestNotMet(_)
            | Self::RequestTooManyDimensions
            | Self::ExportTooManyDimensions
            | Self::ByteStrideOverflow
            | Self::ExportChanged
            | Self::ResizeExported
            | Self::ExportsAlive => K::Buffer,
            Self::NoMemory => K::Memory,
            Self::Other { kind, .. } => kind,
            _ => K::Value,
        }
    }

    /// The message, as CPython words it where CPython has the error.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Reason, Request};
    ///
    /// assert_eq!(Reason::RequestNotMet(Request::WRITABLE).message(), "Object is not writable.");
    /// ```
    #[must_use]
    pub const fn message(self) -> &'static str {
        match self {
            Self::BadFormat { problem, .. } => problem.message(),
            Self::OutsideBuffer => "invalid combination of buffer, shape, strides and offset",
            Self::IndexOutOfBounds { .. } => "index out of bounds",
            Self::DimensionOutOfRange { .. } => "dimension out of range",
            Self::ShapeStridesMismatch => "len(shape) != len(strides)",
            Self::ShapeBufferMismatch => CastProblem::WrongSize.message(),
            Self::TooManyDimensions | Self::ExportTooManyDimensions => {
                "memoryview: number of dimensions must not exceed 64"
            }
            Self::CapacityExceeded { .. } => "number of dimensions exceeds the view's capacity",
            Self::SizeOverflow => "product(shape) * itemsize overflows isize",
            Self::ItemsizeZero => "itemsize must not be zero",
            Self::ItemsizeTooSmall => "itemsize is smaller than the fields of the format",
            Self::SliceStepZero => "slice step cannot be zero",
            Self::SliceOverflow => "slice stride or offset overflows isize",
            Self::ZeroDimIndex => "invalid indexing of 0-dim memory",
            Self::ZeroDimLength => "0-dim memory has no length",
            Self::SubView => "sub-views are not implemented",
            Self::TooManyIndices => "cannot index a view with more indices than dimensions",
            Self::NotAPermutation => "axes are not a permutation of the dimensions",
            Self::BadOrder => "order must be 'C', 'F' or 'A'",
            Self::Cast(problem) => problem.message(),
            Self::ElementTypeMismatch | Self::NotElementFormat { .. } => {
                "memoryview: format does not match the element type"
            }
            Self::InvalidType { .. } => "memoryview: invalid type for format",
            Self::InvalidValue { .. } => "memoryview: invalid value for format",
            Self::StructureMismatch => {
                "memoryview assignment: lvalue and rvalue have different structures"
            }
            Self::OutputLength => "output buffer length differs from the view's nbytes",
            Self::ReadOnly => "cannot modify read-only memory",
            Self::Released => "operation forbidden on released memoryview object",
            Self::RequestNotMet(flag) => request_message(flag),
            Self::RequestTooManyDimensions => {
                "ndarray: cannot cast to unsigned bytes: too many dimensions"
            }
            Self::ByteStrideOverflow => "stride in bytes overflows isize",
            Self::ExportChanged => "memoryview: the exporter's buffer no longer holds the view",
            Self::ResizeExported => "Existing exports of data: object cannot be re-sized",
            Self::SepNotAscii => "sep must be ASCII.",
            Self::SepLength => "sep must be length 1.",
            Self::HexTooLong => "hex text longer than the string's capacity",
            Self::ListTooLong { .. } => "more elements than the list's capacity",
            Self::HashWritable => "cannot hash writable memoryview object",
            Self::HashFormat => "memoryview: hashing is restricted to formats 'B', 'b' or 'c'",
            Self::TooLargeForSsize => "Python int too large to convert to C ssize_t",
            Self::TooLargeForInt => "Python int too large to convert to C int",
            Self::Formatter => "the formatter returned an error",
            Self::NoMemory => "cannot allocate memory for the result",
            Self::Unhashable => "unhashable type: the memoryview's exporter cannot be hashed",
            Self::ExportsAlive => "memoryview has exported buffers",
            Self::UnsupportedFormat => "memoryview: unsupported format",
            Self::Other { message, .. } => message,
        }
    }
}

/// CPython's `PyBuffer_FillInfo` / numpy wording for the flag not met.
const fn request_message(flag: Request) -> &'static str {
    let bits = flag.bits();
    if bits == Request::WRITABLE.bits() {
        "Object is not writable."
    } else if bits == Request::F_CONTIGUOUS.bits() {
        "ndarray is not Fortran contiguous"
    } else if bits == Request::ANY_CONTIGUOUS.bits() {
        "ndarray is not contiguous"
    } else {
        // C_CONTIGUOUS, and the C order a request without STRIDES implies.
        "ndarray is not C-contiguous"
    }
}

/// An error from any operation of this crate.
///
/// [`reason`](Error::reason) says why, [`kind`](Error::kind) gives the
/// Python exception class; `Display` reads like CPython's message, plus the
/// position in the format string or the dimension where that helps.
///
/// # Examples
///
/// ```
/// use view_core::{ErrorKind, Format, FormatProblem, Reason};
///
/// let err = Format::parse("<hz").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Value);
/// assert_eq!(err.reason(), Reason::BadFormat { position: 2, problem: FormatProblem::BadChar });
/// assert_eq!(err.position(), Some(2));
/// assert_eq!(err.to_string(), "bad char in struct format (at byte 2)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Error {
    reason: Reason,
}

// An error is its reason: three words, cheap to return by value.
const _: () = assert!(core::mem::size_of::<Error>() <= 3 * core::mem::size_of::<usize>());

/// The result type of this crate.
///
/// ```
/// fn first(data: &[u8]) -> view_core::Result<view_core::Scalar<'_>> {
///     view_core::View::from_bytes(data).get(&[0])
/// }
/// assert!(first(b"").is_err());
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl From<Reason> for Error {
    /// ```
    /// use view_core::{Error, ErrorKind, Reason};
    ///
    /// let err = Error::from(Reason::Released);
    /// assert_eq!(err.kind(), ErrorKind::Value);
    /// assert_eq!(err.to_string(), "operation forbidden on released memoryview object");
    /// ```
    fn from(reason: Reason) -> Self {
        Self::because(reason)
    }
}

impl Error {
    /// An error for `reason` (the `const` form of `From<Reason>`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Error, ErrorKind, Reason};
    ///
    /// const READ_ONLY: Error = Error::because(Reason::ReadOnly);
    /// assert_eq!(READ_ONLY.kind(), ErrorKind::Type);
    /// ```
    #[must_use]
    pub const fn because(reason: Reason) -> Self {
        Self { reason }
    }

    /// A new error of `kind` with a fixed message, for failures the caller
    /// detects itself; its reason is [`Reason::Other`].
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Error, ErrorKind, Reason};
    ///
    /// let err = Error::new(ErrorKind::Buffer, "bytes: the view does not lie inside the given Bytes");
    /// assert_eq!(err.kind(), ErrorKind::Buffer);
    /// assert!(matches!(err.reason(), Reason::Other { kind: ErrorKind::Buffer, .. }));
    /// ```
    #[must_use]
    pub const fn new(kind: ErrorKind, message: &'static str) -> Self {
        Self::because(Reason::Other { kind, message })
    }

    /// A format error at byte `position`.
    pub(crate) const fn bad_format(problem: FormatProblem, position: usize) -> Self {
        Self::because(Reason::BadFormat { position, problem })
    }

    /// Why this error happened.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Reason, Scalar, ViewMut};
    ///
    /// let mut data = [0u8; 2];
    /// let mut v = ViewMut::from_bytes(&mut data);
    /// let err = v.set(&[0], Scalar::Int(256)).unwrap_err();
    /// assert!(matches!(err.reason(), Reason::InvalidValue { .. }));
    /// ```
    #[must_use]
    pub const fn reason(&self) -> Reason {
        self.reason
    }

    /// The Python exception class of this error.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// let err = View::from_bytes(b"abc").cast("<h", None).unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Type);
    /// ```
    #[must_use]
    pub const fn kind(&self) -> ErrorKind {
        self.reason.kind()
    }

    /// The message, without position or dimension.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let err = View::from_bytes(b"ab").get(&[5]).unwrap_err();
    /// assert_eq!(err.message(), "index out of bounds");
    /// ```
    #[must_use]
    pub const fn message(&self) -> &'static str {
        self.reason.message()
    }

    /// For a format-string error, the byte position where parsing stopped.
    ///
    /// # Examples
    ///
    /// ```
    /// let err = view_core::Format::parse("3").unwrap_err();
    /// assert_eq!(err.position(), Some(1));
    /// ```
    #[must_use]
    pub const fn position(&self) -> Option<usize> {
        match self.reason {
            Reason::BadFormat { position, .. } => Some(position),
            _ => None,
        }
    }

    /// For an error about one dimension, that dimension (zero-based).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let err = View::from_bytes(b"ab").get(&[2]).unwrap_err();
    /// assert_eq!(err.dimension(), Some(0));
    /// ```
    #[must_use]
    pub const fn dimension(&self) -> Option<usize> {
        match self.reason {
            Reason::IndexOutOfBounds { dimension: Some(d) }
            | Reason::DimensionOutOfRange { dimension: d } => Some(d),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())?;
        if let Reason::CapacityExceeded { capacity } = self.reason {
            return write!(
                f,
                " of {capacity}; name a larger capacity, e.g. View<'_, 64> or Layout::<64>, \
                 or convert with into_capacity::<64>()"
            );
        }
        if let Reason::ListTooLong { capacity, items } = self.reason {
            return write!(f, ": {items} elements, capacity {capacity}");
        }
        if let Reason::NotElementFormat { format, element } = self.reason {
            // The type name through `write_str`: a `str` through `{}`
            // links `Formatter::pad` (1 KB in a no_std program).
            write!(f, ": the view's format is {}, ", Quoted(format.as_str()))?;
            f.write_str(element.name())?;
            return write!(f, " has format {}", Quoted(element.format()));
        }
        if let Some(p) = self.position() {
            return write!(f, " (at byte {p})");
        }
        match self.dimension() {
            // CPython counts dimensions from one.
            Some(d) => write!(f, " on dimension {}", d.saturating_add(1)),
            None => Ok(()),
        }
    }
}

impl core::error::Error for Error {}

#[cfg(feature = "std")]
impl From<Error> for std::io::Error {
    /// The view error as the source of an I/O error: kind `OutOfMemory`
    /// for Memory, `Unsupported` for NotImplemented and unmet buffer
    /// requests, `PermissionDenied` for writes to read-only memory,
    /// `ResourceBusy` for a resize of an exported object, and
    /// `InvalidInput` for the rest (bad arguments).
    ///
    /// ```
    /// use view_core::View;
    ///
    /// let err: std::io::Error = View::from_bytes(b"ab").get(&[5]).unwrap_err().into();
    /// assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    /// assert_eq!(err.to_string(), "index out of bounds on dimension 1");
    /// ```
    fn from(err: Error) -> Self {
        use std::io::ErrorKind as Io;
        let kind = match (err.reason(), err.kind()) {
            (Reason::ReadOnly | Reason::RequestNotMet(Request::WRITABLE), _) => {
                Io::PermissionDenied
            }
            (Reason::ResizeExported, _) => Io::ResourceBusy,
            (_, ErrorKind::Memory) => Io::OutOfMemory,
            (_, ErrorKind::NotImplemented | ErrorKind::Buffer) => Io::Unsupported,
            _ => Io::InvalidInput,
        };
        Self::new(kind, err)
    }
}

/// A Rust element type named in an error: its type name
/// ([`core::any::type_name`]) and its format ([`Element::FORMAT`]). One
/// pointer; no allocation.
///
/// # Examples
///
/// ```
/// use view_core::{ElementType, Reason, View};
///
/// let err = View::from_bytes(b"ab").typed::<u16>().unwrap_err();
/// let Reason::NotElementFormat { element, .. } = err.reason() else { unreachable!() };
/// assert_eq!(element, ElementType::of::<u16>());
/// assert_eq!((element.name(), element.format()), ("u16", "H"));
/// ```
#[derive(Clone, Copy)]
pub struct ElementType {
    /// The type's name and format, from one monomorphised function.
    describe: fn() -> (&'static str, &'static str),
}

impl ElementType {
    /// The element type `T`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::ElementType::of::<f64>().format(), "d");
    /// ```
    #[must_use]
    pub fn of<T: Element>() -> Self {
        fn describe<T: Element>() -> (&'static str, &'static str) {
            (core::any::type_name::<T>(), T::FORMAT)
        }
        Self { describe: describe::<T> }
    }

    /// The Rust type name, as [`core::any::type_name`] gives it.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::ElementType::of::<[u8; 2]>().name(), "[u8; 2]");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        (self.describe)().0
    }

    /// The type's format ([`Element::FORMAT`]).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::ElementType::of::<view_core::Be<u32>>().format(), ">I");
    /// ```
    #[must_use]
    pub fn format(&self) -> &'static str {
        (self.describe)().1
    }
}

impl PartialEq for ElementType {
    fn eq(&self, other: &Self) -> bool {
        (self.describe)() == (other.describe)()
    }
}

impl Eq for ElementType {}

impl core::hash::Hash for ElementType {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        (self.describe)().hash(state);
    }
}

impl fmt::Debug for ElementType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ElementType")
            .field("name", &Quoted(self.name()))
            .field("format", &Quoted(self.format()))
            .finish()
    }
}

/// The start of a format text, copied into an error: the whole text when
/// it has at most [`FormatExcerpt::CAPACITY`] bytes, else its first bytes
/// and `...`.
///
/// # Examples
///
/// ```
/// use view_core::FormatExcerpt;
///
/// assert_eq!(FormatExcerpt::new("<hI").as_str(), "<hI");
/// assert_eq!(FormatExcerpt::new("T{I:id:f:value:Q:time:}").as_str(), "T{I:id:f:va...");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FormatExcerpt {
    bytes: [u8; FormatExcerpt::CAPACITY],
    len: u8,
}

impl FormatExcerpt {
    /// The most bytes kept (an error stays three words long).
    pub const CAPACITY: usize = 14;

    /// A copy of `text`, cut at a character boundary and ended with `...`
    /// when longer than [`CAPACITY`](Self::CAPACITY).
    ///
    /// # Examples
    ///
    /// ```
    /// let e = view_core::FormatExcerpt::new("<2h:xy:B:name:");
    /// assert_eq!(e.as_str(), "<2h:xy:B:name:");
    /// ```
    #[must_use]
    pub fn new(text: &str) -> Self {
        let mut bytes = [0u8; Self::CAPACITY];
        let (kept, ellipsis) = if text.len() <= Self::CAPACITY {
            (text, "")
        } else {
            let mut cut = Self::CAPACITY - 3;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            (text.get(..cut).unwrap_or_default(), "...")
        };
        let mut len = 0u8;
        for (slot, &b) in bytes.iter_mut().zip(kept.as_bytes().iter().chain(ellipsis.as_bytes())) {
            *slot = b;
            len += 1;
        }
        Self { bytes, len }
    }

    /// The text kept.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::FormatExcerpt::new("é").as_str(), "é");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        core::str::from_utf8(bytes).unwrap_or_default()
    }
}

impl fmt::Debug for FormatExcerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&Quoted(self.as_str()), f)
    }
}

/// Text between double quotes, as it is (format texts and type names need
/// no escapes; `str`'s `Debug` would link its escaping into firmware).
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        f.write_str(self.0)?;
        f.write_str("\"")
    }
}

impl fmt::Debug for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
