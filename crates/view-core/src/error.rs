//! The one error type of the crate, classified like the Python exception a
//! memoryview would raise.

use core::fmt;

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

/// Extra numbers that locate an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Detail {
    None,
    /// Byte position in a format string.
    Position(usize),
    /// Zero-based dimension.
    Dimension(usize),
}

/// An error from any operation of this crate.
///
/// [`kind`](Error::kind) gives the Python exception class; `Display` reads
/// like CPython's message, plus the position in the format string or the
/// dimension where that helps.
///
/// # Examples
///
/// ```
/// use view_core::{ErrorKind, Format};
///
/// let err = Format::parse("<hz").unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Value);
/// assert_eq!(err.position(), Some(2));
/// assert_eq!(err.to_string(), "bad char in struct format (at byte 2)");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    message: &'static str,
    detail: Detail,
}

/// The result type of this crate.
///
/// ```
/// fn first(data: &[u8]) -> view_core::Result<view_core::Scalar<'_>> {
///     view_core::View::from_bytes(data).get(&[0])
/// }
/// assert!(first(b"").is_err());
/// ```
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// A new error of `kind` with a fixed message.
    ///
    /// Adapter crates use this for the failures they detect themselves.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Error, ErrorKind};
    ///
    /// let err = Error::new(ErrorKind::Buffer, "Existing exports of data: object cannot be re-sized");
    /// assert_eq!(err.kind(), ErrorKind::Buffer);
    /// assert_eq!(err.message(), "Existing exports of data: object cannot be re-sized");
    /// ```
    #[must_use]
    pub const fn new(kind: ErrorKind, message: &'static str) -> Self {
        Self { kind, message, detail: Detail::None }
    }

    /// An error located at byte `position` of a format string.
    pub(crate) const fn at(kind: ErrorKind, message: &'static str, position: usize) -> Self {
        Self { kind, message, detail: Detail::Position(position) }
    }

    /// An error about dimension `dim` (zero-based).
    pub(crate) const fn in_dimension(kind: ErrorKind, message: &'static str, dim: usize) -> Self {
        Self { kind, message, detail: Detail::Dimension(dim) }
    }

    pub(crate) const fn value(message: &'static str) -> Self {
        Self::new(ErrorKind::Value, message)
    }

    pub(crate) const fn type_error(message: &'static str) -> Self {
        Self::new(ErrorKind::Type, message)
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
        self.kind
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
        self.message
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
        match self.detail {
            Detail::Position(p) => Some(p),
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
        match self.detail {
            Detail::Dimension(d) => Some(d),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)?;
        match self.detail {
            Detail::None => Ok(()),
            Detail::Position(p) => write!(f, " (at byte {p})"),
            // CPython counts dimensions from one.
            Detail::Dimension(d) => write!(f, " on dimension {}", d.saturating_add(1)),
        }
    }
}

impl core::error::Error for Error {}
