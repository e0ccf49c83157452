//! Format strings: Python's `struct` grammar in full, plus the PEP 3118
//! additions that numpy and ctypes write (`^`, `T{...}`, sub-arrays
//! `(2,3)h`, `:name:`, complex `Zf` / `Zd` / `Ze` / `Zg`, `g`, `w`).
//!
//! Parsing never allocates and never panics. A [`Format`] keeps the string
//! and a summary (itemsize, alignment, the one-code fast path); its
//! [`fields`](Format::fields) are read again from the string on demand.
//! An exporter's itemsize, which may hold padding the format does not
//! describe, is taken with [`Format::with_itemsize`].
//!
//! # Formats as exporters write them
//!
//! `struct` (CPython's reference), numpy's writer (`buffer.c`), numpy's
//! reader (`_dtype_from_pep3118`) and ctypes do not agree everywhere. What
//! this module does, and why:
//!
//! - **Byte order prefixes** may stand before any code and after a
//!   sub-array shape (`T{B:a:=i:b:}`, `(2)>i`), in force until the next
//!   one, also after the `}` of the record that set it: numpy's reader and
//!   writer both work so. `struct` takes one prefix at the start only; its
//!   formats read the same. Two in a row (`<@h`) or one with no code after
//!   it (`h<`) are refused, as numpy's reader refuses them.
//! - **Alignment** (`@` mode) is reckoned from the start of the whole
//!   element, as numpy's writer decides where to write `@`; numpy's reader
//!   reckons it from the start of each record and so misplaces fields of
//!   records that start at unaligned offsets. Both equal C's layout when
//!   records start aligned.
//! - **Padding of records.** numpy's writer writes every pad byte it means
//!   as `x` and never a record's end padding; numpy's reader pads a record
//!   whose `}` is in `@` mode, so it reads `c` of
//!   `T{T{i:a:B:b:}:r:xxxB:c:}` at 11 where numpy put it at 8. This module
//!   follows the writer: a single `T{...}` adds no padding at its end, and
//!   starts where the text before it ends, unless its `@` codes would then
//!   need padding the text does not write: then it starts aligned, as a C
//!   struct (`bT{bd}` is 24 bytes). A record with a repeat count
//!   (`2T{hb}`) is an array of C structs, each item padded. Items of a
//!   sub-array of records (`(2)T{...}`) are not padded: numpy's writer
//!   counts them by their described bytes (for records with end padding
//!   its format then contradicts the data, and no reader reads both).
//! - **Itemsize.** Computed from the format, it is `struct.calcsize` for
//!   `struct` formats (`db` is 9; numpy's reader says 16), and a format
//!   that ends with a record includes the record's end padding, as a C
//!   struct. numpy leaves that padding out of its formats and ctypes
//!   describes less than its structures hold: the exporter's itemsize is
//!   authoritative ([`Format::with_itemsize`]).
//! - **Names** hold any character but `:`, braces included (`T{Zf:}:}`).
//! - **Named pads** (`3x:v:`) are numpy's void fields and hold their bytes,
//!   as numpy's reader and writer treat them; unnamed pads hold no value, as
//!   in `struct`. A top-level `3x` (numpy's `V3` array) therefore holds no
//!   value, where numpy gives bytes.
//! - **Strings.** `s` keeps trailing NUL bytes, as `struct` does (numpy's
//!   `S` drops them). `w` (UCS-4, numpy's `U`) has no `struct` counterpart
//!   and follows numpy: trailing NUL code points are dropped.
//! - **`g`, `Zg`** (C `long double`) exist only with native sizes, as in
//!   numpy's writer and reader. Values read as the nearest `f64` (numpy
//!   keeps the extra precision); packing an `f64` into them is exact.
//! - **`O`** (object pointers) is refused with kind NotImplemented: numpy's
//!   reader maps it to its object dtype, but the pointers mean nothing
//!   outside the exporting Python process.
//! - **ctypes** (CPython 3.11) writes `T{<B:a:<i:b:}` with itemsize 8 for a
//!   padded `Structure` whose `b` is at 4: views build (`cast`, `tobytes`
//!   work, as in CPython, whose `tolist` refuses the format) and values
//!   follow the format (`b` read at 1); numpy ignores such a format and
//!   guesses the layout from the ctypes type. Packed structures and unions
//!   export `B` with their full itemsize: their first byte is the value, as
//!   CPython's memoryview reads it.
//!
//! Packing follows the same rules for every code: `g`, `Zg` take what `d`
//! and `Zd` take; `w` takes text, truncated or NUL-padded to its length as
//! `s` does with bytes; a named pad takes bytes as `s` does.

use core::ffi::{c_int, c_long, c_longlong, c_short};
use core::fmt;
use core::mem::{align_of, size_of};

use crate::decode::Reader;
use crate::error::{Error, FormatProblem, Reason, Result};
use crate::long_double::LAYOUT as LONG_DOUBLE;

/// How deeply `T{...}` records may nest.
///
/// ```
/// let deep = "T{".repeat(view_core::MAX_NESTING + 1) + "b" + &"}".repeat(view_core::MAX_NESTING + 1);
/// assert!(view_core::Format::parse(&deep).is_err());
/// ```
pub const MAX_NESTING: usize = 32;

const BAD_CHAR: FormatProblem = FormatProblem::BadChar;
const COUNT_WITHOUT_CODE: FormatProblem = FormatProblem::CountWithoutCode;
const TOO_LONG: FormatProblem = FormatProblem::TooLong;
const UNMATCHED_BRACE: FormatProblem = FormatProblem::UnmatchedBrace;
const TOO_DEEP: FormatProblem = FormatProblem::TooDeep;
const BAD_SHAPE: FormatProblem = FormatProblem::BadSubArrayShape;
const BAD_NAME: FormatProblem = FormatProblem::UnterminatedName;
const EMPTY_RECORD_REPEATED: FormatProblem = FormatProblem::EmptyRecordRepeated;
const EMPTY_STRING_REPEATED: FormatProblem = FormatProblem::EmptyStringRepeated;
const OBJECT_CODE: FormatProblem = FormatProblem::ObjectPointers;

/// The byte order of one field, resolved for this target.
///
/// # Examples
///
/// ```
/// use view_core::{ByteOrder, Format};
///
/// let f = Format::parse("!I")?;
/// assert_eq!(f.fields().next().map(|field| field.order()), Some(ByteOrder::Big));
/// assert_eq!(Format::parse("=I")?.byte_order(), ByteOrder::NATIVE);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ByteOrder {
    /// Least significant byte first.
    Little,
    /// Most significant byte first (`>` and network order `!`).
    Big,
}

impl ByteOrder {
    /// The byte order of the target this crate is compiled for.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ByteOrder;
    ///
    /// assert_eq!(ByteOrder::NATIVE == ByteOrder::Little, cfg!(target_endian = "little"));
    /// ```
    pub const NATIVE: Self = if cfg!(target_endian = "little") { Self::Little } else { Self::Big };
}

/// The prefix of a format string: byte order, sizes and alignment.
///
/// | prefix | mode | order | sizes | alignment |
/// |---|---|---|---|---|
/// | none, `@` | `Native` | native | native C sizes | native |
/// | `^` | `Unaligned` | native | native C sizes | none |
/// | `=` | `Standard` | native | standard | none |
/// | `<` | `Little` | little | standard | none |
/// | `>`, `!` | `Big` | big | standard | none |
///
/// # Examples
///
/// ```
/// use view_core::{Format, Mode};
///
/// assert_eq!(Format::parse("hi")?.mode(), Mode::Native);
/// assert_eq!(Format::parse("!hi")?.mode(), Mode::Big);
/// assert_eq!(Format::parse("@hi")?.itemsize(), 8);
/// assert_eq!(Format::parse("=hi")?.itemsize(), 6);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// `@` or no prefix: native order, sizes and alignment.
    Native,
    /// `^` (PEP 3118): native order and sizes, no alignment padding.
    Unaligned,
    /// `=`: native order, standard sizes, no padding.
    Standard,
    /// `<`: little-endian, standard sizes, no padding.
    Little,
    /// `>` or `!`: big-endian, standard sizes, no padding.
    Big,
}

impl Mode {
    const fn from_prefix(c: u8) -> Option<Self> {
        match c {
            b'@' => Some(Self::Native),
            b'^' => Some(Self::Unaligned),
            b'=' => Some(Self::Standard),
            b'<' => Some(Self::Little),
            b'>' | b'!' => Some(Self::Big),
            _ => None,
        }
    }

    /// The byte order of fields in this mode.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ByteOrder, Mode};
    ///
    /// assert_eq!(Mode::Little.byte_order(), ByteOrder::Little);
    /// assert_eq!(Mode::Native.byte_order(), ByteOrder::NATIVE);
    /// ```
    #[must_use]
    pub const fn byte_order(self) -> ByteOrder {
        match self {
            Self::Native | Self::Unaligned | Self::Standard => ByteOrder::NATIVE,
            Self::Little => ByteOrder::Little,
            Self::Big => ByteOrder::Big,
        }
    }

    /// Whether fields use the C compiler's sizes (`@` and `^`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_core::Mode::Native.native_sizes());
    /// assert!(!view_core::Mode::Little.native_sizes());
    /// ```
    #[must_use]
    pub const fn native_sizes(self) -> bool {
        matches!(self, Self::Native | Self::Unaligned)
    }

    /// Whether fields are padded to their native alignment (`@` only).
    ///
    /// # Examples
    ///
    /// ```
    /// assert!(view_core::Mode::Native.aligned());
    /// assert!(!view_core::Mode::Unaligned.aligned());
    /// ```
    #[must_use]
    pub const fn aligned(self) -> bool {
        matches!(self, Self::Native)
    }
}

/// One format code.
///
/// # Examples
///
/// ```
/// use view_core::{Code, Mode};
///
/// assert_eq!(Code::from_char('q'), Some(Code::LongLong));
/// assert_eq!(Code::LongLong.as_str(), "q");
/// assert_eq!(Code::Long.size(Mode::Little), 4);
/// assert_eq!(Code::ComplexDouble.as_str(), "Zd");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `x`: a pad byte, no value.
    Pad,
    /// `c`: one byte, read as a bytes object of length 1.
    Char,
    /// `b`: `signed char`.
    SignedChar,
    /// `B`: `unsigned char`.
    UnsignedChar,
    /// `?`: `_Bool`; any nonzero byte reads as true.
    Bool,
    /// `h`: `short`.
    Short,
    /// `H`: `unsigned short`.
    UnsignedShort,
    /// `i`: `int`.
    Int,
    /// `I`: `unsigned int`.
    UnsignedInt,
    /// `l`: `long` (8 bytes native on LP64, 4 standard).
    Long,
    /// `L`: `unsigned long`.
    UnsignedLong,
    /// `q`: `long long`.
    LongLong,
    /// `Q`: `unsigned long long`.
    UnsignedLongLong,
    /// `n`: `ssize_t` (native mode only).
    SSize,
    /// `N`: `size_t` (native mode only).
    Size,
    /// `e`: IEEE 754 binary16.
    Half,
    /// `f`: IEEE 754 binary32.
    Float,
    /// `d`: IEEE 754 binary64.
    Double,
    /// `s`: a byte string; the count is its length.
    Bytes,
    /// `p`: a Pascal string: a length byte, then the bytes.
    PascalBytes,
    /// `P`: `void *`, read as an unsigned integer (native mode only).
    Pointer,
    /// `g` (PEP 3118, native mode only): C `long double`; on x86 and x86-64 the
    /// x87 80-bit extended format in 12 or 16 bytes, read as the nearest `f64`.
    LongDouble,
    /// `w` (PEP 3118): UCS-4 text, numpy's `U` dtype; the count is its length
    /// in code points and the field holds one string.
    Ucs4,
    /// `Ze` (PEP 3118): a complex number of two binary16 halves.
    ComplexHalf,
    /// `Zf` (PEP 3118): a complex number of two binary32 halves.
    ComplexFloat,
    /// `Zd` (PEP 3118): a complex number of two binary64 halves.
    ComplexDouble,
    /// `Zg` (PEP 3118, native mode only): a complex number of two `long double` halves.
    ComplexLongDouble,
    /// `T{...}` (PEP 3118): a nested record.
    Record,
}

/// What kind of value a code holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Pad,
    Signed,
    Unsigned,
    Float,
    Bool,
    Char,
    Bytes,
    Pascal,
    Complex,
    Text,
    Record,
}

impl Code {
    /// Every code, in declaration order (`ALL[c as usize] == c`).
    const ALL: [Self; 28] = [
        Self::Pad,
        Self::Char,
        Self::SignedChar,
        Self::UnsignedChar,
        Self::Bool,
        Self::Short,
        Self::UnsignedShort,
        Self::Int,
        Self::UnsignedInt,
        Self::Long,
        Self::UnsignedLong,
        Self::LongLong,
        Self::UnsignedLongLong,
        Self::SSize,
        Self::Size,
        Self::Half,
        Self::Float,
        Self::Double,
        Self::Bytes,
        Self::PascalBytes,
        Self::Pointer,
        Self::LongDouble,
        Self::Ucs4,
        Self::ComplexHalf,
        Self::ComplexFloat,
        Self::ComplexDouble,
        Self::ComplexLongDouble,
        Self::Record,
    ];

    /// `ALL` is in declaration order, as [`Meta`]'s packing needs.
    const ALL_IN_ORDER: () = {
        let mut i = 0;
        while i < Self::ALL.len() {
            assert!(Self::ALL[i] as usize == i);
            i += 1;
        }
    };

    /// The code for a single format character (`Z` and `T` need more than one).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Code;
    ///
    /// assert_eq!(Code::from_char('e'), Some(Code::Half));
    /// assert_eq!(Code::from_char('y'), None);
    /// ```
    #[must_use]
    pub const fn from_char(c: char) -> Option<Self> {
        if c.is_ascii() { Self::from_byte(c as u8) } else { None }
    }

    #[inline]
    const fn from_byte(c: u8) -> Option<Self> {
        Some(match c {
            b'x' => Self::Pad,
            b'c' => Self::Char,
            b'b' => Self::SignedChar,
            b'B' => Self::UnsignedChar,
            b'?' => Self::Bool,
            b'h' => Self::Short,
            b'H' => Self::UnsignedShort,
            b'i' => Self::Int,
            b'I' => Self::UnsignedInt,
            b'l' => Self::Long,
            b'L' => Self::UnsignedLong,
            b'q' => Self::LongLong,
            b'Q' => Self::UnsignedLongLong,
            b'n' => Self::SSize,
            b'N' => Self::Size,
            b'e' => Self::Half,
            b'f' => Self::Float,
            b'd' => Self::Double,
            b's' => Self::Bytes,
            b'p' => Self::PascalBytes,
            b'P' => Self::Pointer,
            b'g' => Self::LongDouble,
            b'w' => Self::Ucs4,
            _ => return None,
        })
    }

    /// The code as written in a format string.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::Code::Record.as_str(), "T");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Pad => "x",
            Self::Char => "c",
            Self::SignedChar => "b",
            Self::UnsignedChar => "B",
            Self::Bool => "?",
            Self::Short => "h",
            Self::UnsignedShort => "H",
            Self::Int => "i",
            Self::UnsignedInt => "I",
            Self::Long => "l",
            Self::UnsignedLong => "L",
            Self::LongLong => "q",
            Self::UnsignedLongLong => "Q",
            Self::SSize => "n",
            Self::Size => "N",
            Self::Half => "e",
            Self::Float => "f",
            Self::Double => "d",
            Self::Bytes => "s",
            Self::PascalBytes => "p",
            Self::Pointer => "P",
            Self::LongDouble => "g",
            Self::Ucs4 => "w",
            Self::ComplexHalf => "Ze",
            Self::ComplexFloat => "Zf",
            Self::ComplexDouble => "Zd",
            Self::ComplexLongDouble => "Zg",
            Self::Record => "T",
        }
    }

    /// Whether the code exists only with native sizes (`n`, `N`, `P`, `g`, `Zg`).
    const fn native_only(self) -> bool {
        matches!(
            self,
            Self::SSize | Self::Size | Self::Pointer | Self::LongDouble | Self::ComplexLongDouble
        )
    }

    /// Whether one value of the code is a run of items (`s`, `p`, `w`).
    const fn is_string(self) -> bool {
        matches!(self, Self::Bytes | Self::PascalBytes | Self::Ucs4)
    }

    pub(crate) const fn class(self) -> Class {
        match self {
            Self::Pad => Class::Pad,
            Self::Char => Class::Char,
            Self::SignedChar
            | Self::Short
            | Self::Int
            | Self::Long
            | Self::LongLong
            | Self::SSize => Class::Signed,
            Self::UnsignedChar
            | Self::UnsignedShort
            | Self::UnsignedInt
            | Self::UnsignedLong
            | Self::UnsignedLongLong
            | Self::Size
            | Self::Pointer => Class::Unsigned,
            Self::Bool => Class::Bool,
            Self::Half | Self::Float | Self::Double | Self::LongDouble => Class::Float,
            Self::Bytes => Class::Bytes,
            Self::PascalBytes => Class::Pascal,
            Self::Ucs4 => Class::Text,
            Self::ComplexHalf
            | Self::ComplexFloat
            | Self::ComplexDouble
            | Self::ComplexLongDouble => Class::Complex,
            Self::Record => Class::Record,
        }
    }

    /// Size in bytes of one item of this code in `mode` (0 for [`Code::Record`],
    /// whose size comes from its fields).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Code, Mode};
    ///
    /// assert_eq!(Code::Long.size(Mode::Native), core::mem::size_of::<core::ffi::c_long>());
    /// assert_eq!(Code::Long.size(Mode::Big), 4);
    /// assert_eq!(Code::ComplexFloat.size(Mode::Little), 8);
    /// ```
    #[must_use]
    pub const fn size(self, mode: Mode) -> usize {
        let native = mode.native_sizes();
        match self {
            Self::Pad
            | Self::Char
            | Self::SignedChar
            | Self::UnsignedChar
            | Self::Bool
            | Self::Bytes
            | Self::PascalBytes => 1,
            Self::Short | Self::UnsignedShort => {
                if native {
                    size_of::<c_short>()
                } else {
                    2
                }
            }
            Self::Int | Self::UnsignedInt => {
                if native {
                    size_of::<c_int>()
                } else {
                    4
                }
            }
            Self::Long | Self::UnsignedLong => {
                if native {
                    size_of::<c_long>()
                } else {
                    4
                }
            }
            Self::LongLong | Self::UnsignedLongLong => {
                if native {
                    size_of::<c_longlong>()
                } else {
                    8
                }
            }
            Self::SSize | Self::Size | Self::Pointer => size_of::<usize>(),
            Self::Half => 2,
            Self::Float => 4,
            Self::Double => 8,
            Self::ComplexHalf => 4,
            Self::ComplexFloat => 8,
            Self::ComplexDouble => 16,
            Self::LongDouble => LONG_DOUBLE.0,
            Self::ComplexLongDouble => 2 * LONG_DOUBLE.0,
            Self::Ucs4 => 4,
            Self::Record => 0,
        }
    }

    /// Native alignment of this code (what `@` pads to).
    const fn native_alignment(self) -> usize {
        match self {
            Self::Pad
            | Self::Char
            | Self::SignedChar
            | Self::UnsignedChar
            | Self::Bool
            | Self::Bytes
            | Self::PascalBytes
            | Self::Record => 1,
            Self::Short | Self::UnsignedShort | Self::Half | Self::ComplexHalf => {
                align_of::<c_short>()
            }
            Self::Int | Self::UnsignedInt => align_of::<c_int>(),
            Self::Long | Self::UnsignedLong => align_of::<c_long>(),
            Self::LongLong | Self::UnsignedLongLong => align_of::<c_longlong>(),
            Self::SSize | Self::Size | Self::Pointer => align_of::<usize>(),
            Self::Float | Self::ComplexFloat | Self::Ucs4 => align_of::<f32>(),
            Self::LongDouble | Self::ComplexLongDouble => LONG_DOUBLE.1,
            Self::Double | Self::ComplexDouble => align_of::<f64>(),
        }
    }
}

/// The code of `c` when it is one plain value on its own (`d`, `B`, `?`,
/// `c`...): what the one-code fast path of [`Format::parse`] takes.
#[inline]
const fn plain_code(c: u8) -> Option<Code> {
    match Code::from_byte(c) {
        Some(code)
            if matches!(
                code.class(),
                Class::Signed | Class::Unsigned | Class::Float | Class::Bool | Class::Char
            ) =>
        {
            Some(code)
        }
        _ => None,
    }
}

/// The first byte [`ONE_CODE_NATIVE`] covers (`?`).
const ONE_CODE_FIRST: u8 = b'?';

/// What parsing the native one-code text `"c"` (or `"@c"`) finds, for each
/// byte `c` from [`ONE_CODE_FIRST`] on (itemsize 0: not a plain code, whose
/// items all take bytes), made at compile time: parsing `"d"` is a table
/// look-up.
const ONE_CODE_NATIVE: [Meta; (b'q' - ONE_CODE_FIRST) as usize + 1] = {
    let mut table = [Meta { itemsize: 0, packed: 0 }; (b'q' - ONE_CODE_FIRST) as usize + 1];
    let mut i = 0;
    while i < table.len() {
        let c = ONE_CODE_FIRST + i as u8;
        if let Some(code) = plain_code(c) {
            let align_log2 = code.native_alignment().trailing_zeros() as u8;
            table[i] = Meta::single_code(code, Mode::Native, align_log2, 0, &[c]);
        }
        i += 1;
    }
    table
};

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A parsed format string.
///
/// `Format` borrows its text, is `Copy`, and knows its itemsize, alignment,
/// byte order and whether it holds exactly one value. Its fields are
/// iterated with [`fields`](Format::fields).
///
/// # Examples
///
/// ```
/// use view_core::{Code, Format};
///
/// let f = Format::parse("<hI")?;
/// assert_eq!(f.itemsize(), 6);
/// assert_eq!(f.as_str(), "<hI");
/// let codes: Vec<Code> = f.fields().map(|field| field.code()).collect();
/// assert_eq!(codes, [Code::Short, Code::UnsignedInt]);
///
/// // Native mode pads like a C struct.
/// assert_eq!(Format::parse("bd")?.itemsize(), 16);
/// // PEP 3118 records, names and sub-arrays; a native record is padded at
/// // its end to its alignment, as a C struct is (8 + 12 bytes, then 4).
/// let rec = Format::parse("T{d:x:(2,3)h:grid:}")?;
/// assert_eq!(rec.itemsize(), 24);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Format<'a> {
    text: &'a str,
    meta: Meta,
}

/// What parsing a format string finds besides its text: one `Copy` value
/// that [`Format`] keeps beside its borrowed text and [`FormatBuf`] beside
/// its owned text, so that neither parses again.
///
/// The facts other than the itemsize are packed into one word as bit
/// fields (see [`Facts`] for what they are): a `Meta` moves as two
/// registers, where seven one-byte fields were moved byte by byte (and
/// their padding with them), most of the instructions of building a view.
/// The price: no unused values for an enum's variant, so a `Scalar`
/// (whose records hold a `Format`) takes 64 bytes, not 48.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Meta {
    itemsize: usize,
    packed: u64,
}

/// The facts a [`Meta`] packs, unpacked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Facts {
    mode: Mode,
    /// log2 of the alignment (always a power of two, at most 64).
    align_log2: u8,
    /// The code when the format is one scalar code at offset 0, count 1.
    scalar: Option<Code>,
    /// Whether the element holds exactly one value (a plain value, not a tuple).
    single: bool,
    /// For a record's format: where it starts in the whole element, modulo
    /// [`PHASES`] (`@` codes align to positions in the whole element).
    phase: u8,
    /// Whether the text is `b`, `B` or `c`, optionally `@`-prefixed (cast's test).
    byte_format: bool,
    /// How element access reads the element, when it is one numeric or bool
    /// code in this target's byte order: chosen here, once.
    reader: Option<Reader>,
}

/// The bit fields of [`Meta::packed`]: (lowest bit, width).
const READER: (u32, u32) = (0, 4);
const SCALAR: (u32, u32) = (4, 5);
const ALIGN: (u32, u32) = (9, 3);
const PHASE: (u32, u32) = (12, 6);
const SINGLE: (u32, u32) = (18, 1);
const BYTE_FORMAT: (u32, u32) = (19, 1);
const MODE: (u32, u32) = (20, 3);

/// `value` in the bit field `(at, width)`.
const fn bits(value: u64, (at, width): (u32, u32)) -> u64 {
    (value & ((1 << width) - 1)) << at
}

impl Meta {
    const fn new(itemsize: usize, facts: Facts) -> Self {
        let scalar = match facts.scalar {
            Some(code) => code as u64 + 1,
            None => 0,
        };
        let reader = match facts.reader {
            Some(reader) => reader as u64,
            None => Reader::NONE as u64,
        };
        let packed = bits(reader, READER)
            | bits(scalar, SCALAR)
            | bits(facts.align_log2 as u64, ALIGN)
            | bits(facts.phase as u64, PHASE)
            | bits(facts.single as u64, SINGLE)
            | bits(facts.byte_format as u64, BYTE_FORMAT)
            | bits(facts.mode as u64, MODE);
        Self { itemsize, packed }
    }

    /// The metadata of one scalar `code` in `mode`, with the alignment and
    /// phase given, for `text` (which is that code).
    const fn single_code(code: Code, mode: Mode, align_log2: u8, phase: u8, text: &[u8]) -> Self {
        let itemsize = code.size(mode);
        Self::new(
            itemsize,
            Facts {
                mode,
                align_log2,
                scalar: Some(code),
                single: true,
                phase,
                byte_format: is_byte_text(text),
                reader: native_reader(code, itemsize, mode),
            },
        )
    }

    #[inline]
    const fn field(self, (at, width): (u32, u32)) -> u64 {
        (self.packed >> at) & ((1 << width) - 1)
    }

    const fn mode(self) -> Mode {
        match self.field(MODE) {
            0 => Mode::Native,
            1 => Mode::Unaligned,
            2 => Mode::Standard,
            3 => Mode::Little,
            _ => Mode::Big,
        }
    }

    const fn align_log2(self) -> u8 {
        self.field(ALIGN) as u8
    }

    const fn scalar(self) -> Option<Code> {
        let () = Code::ALL_IN_ORDER;
        match self.field(SCALAR) as usize {
            0 => None,
            n if n <= Code::ALL.len() => Some(Code::ALL[n - 1]),
            _ => None,
        }
    }

    const fn single(self) -> bool {
        self.field(SINGLE) != 0
    }

    const fn phase(self) -> u8 {
        self.field(PHASE) as u8
    }

    const fn byte_format(self) -> bool {
        self.field(BYTE_FORMAT) != 0
    }

    #[inline]
    const fn reader(self) -> Option<Reader> {
        Reader::from_index(self.field(READER) as u8)
    }

    const fn facts(self) -> Facts {
        Facts {
            mode: self.mode(),
            align_log2: self.align_log2(),
            scalar: self.scalar(),
            single: self.single(),
            phase: self.phase(),
            byte_format: self.byte_format(),
            reader: self.reader(),
        }
    }
}

impl fmt::Debug for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Meta")
            .field("itemsize", &self.itemsize)
            .field("facts", &self.facts())
            .finish()
    }
}

/// The reader of one `code` of `size` bytes in `mode`, when its values are
/// in this target's byte order.
const fn native_reader(code: Code, size: usize, mode: Mode) -> Option<Reader> {
    if matches!(mode.byte_order(), ByteOrder::Little)
        != matches!(ByteOrder::NATIVE, ByteOrder::Little)
    {
        return None;
    }
    Reader::of(code.class(), size)
}

/// Whether `text` is a byte format as memoryview's cast counts them: `b`,
/// `B` or `c`, optionally `@`-prefixed.
const fn is_byte_text(text: &[u8]) -> bool {
    matches!(text, [b'b' | b'B' | b'c'] | [b'@', b'b' | b'B' | b'c'])
}

impl fmt::Debug for Format<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Format")
            .field("text", &self.text)
            .field("itemsize", &self.meta.itemsize)
            .field("mode", &self.meta.mode())
            .finish()
    }
}

impl PartialEq for Format<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.meta.itemsize == other.meta.itemsize
    }
}

impl Eq for Format<'_> {}

impl fmt::Display for Format<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

impl Format<'static> {
    /// `B`: unsigned bytes, the format of a plain byte buffer.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::Format::BYTES.itemsize(), 1);
    /// ```
    pub const BYTES: Self =
        Self { text: "B", meta: Meta::single_code(Code::UnsignedChar, Mode::Native, 0, 0, b"B") };
}

/// A [`Format`] that owns (or shares) its text `S` (`Box<str>`,
/// `Arc<str>`, `String`...): parsed once, then read back as a `Format` with
/// [`as_format`](Self::as_format) without parsing again.
///
/// # Examples
///
/// ```
/// use view_core::FormatBuf;
///
/// let owned = FormatBuf::new(String::from("<hx"))?;
/// assert_eq!(owned.as_format().itemsize(), 3);
/// assert_eq!(owned.as_str(), "<hx");
/// assert!(FormatBuf::new(String::from("y")).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone)]
pub struct FormatBuf<S> {
    text: S,
    meta: Meta,
}

impl<S: core::ops::Deref<Target = str>> FormatBuf<S> {
    /// Parses `text` once and keeps it with what the parse found.
    ///
    /// # Errors
    ///
    /// As [`Format::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::FormatBuf::new(std::sync::Arc::<str>::from("d"))?;
    /// assert_eq!(f.as_format().itemsize(), 8);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn new(text: S) -> Result<Self> {
        let meta = Format::parse(&text)?.meta;
        Ok(Self { text, meta })
    }

    /// The parsed format, borrowing the text.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::FormatBuf::new(String::from("2h"))?;
    /// assert_eq!(f.as_format().as_str(), "2h");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_format(&self) -> Format<'_> {
        Format { text: &self.text, meta: self.meta }
    }

    /// The same format for items of `itemsize` bytes, as
    /// [`Format::with_itemsize`] (the exporter's itemsize is authoritative).
    ///
    /// # Errors
    ///
    /// As [`Format::with_itemsize`].
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::FormatBuf::new(String::from("T{l:a:B:b:}"))?.with_itemsize(9)?;
    /// assert_eq!(f.as_format().itemsize(), 9);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn with_itemsize(self, itemsize: usize) -> Result<Self> {
        let meta = self.as_format().with_itemsize(itemsize)?.meta;
        Ok(Self { meta, ..self })
    }

    /// The format text.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::FormatBuf::new(String::from("B"))?.as_str(), "B");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl<S: core::ops::Deref<Target = str>> fmt::Debug for FormatBuf<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.as_format(), f)
    }
}

impl<'a> Format<'a> {
    /// Parses a `struct` / PEP 3118 format string.
    ///
    /// # Errors
    ///
    /// A kind [`Value`](crate::ErrorKind::Value) error at the byte where the string
    /// stops making sense: an unknown code, a count without a code, `n N P`
    /// outside native mode, an unmatched `{`, a size beyond `isize::MAX`, or
    /// a record of size 0 with a repeat count (`2T{}`), which would hold
    /// values in no bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// let f = Format::parse("3s x ?")?;
    /// assert_eq!(f.itemsize(), 5);
    ///
    /// let err = Format::parse("<P").unwrap_err();
    /// assert_eq!(err.to_string(), "bad char in struct format (at byte 1)");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[inline(always)]
    pub fn parse(text: &'a str) -> Result<Self> {
        match Self::parse_single_code(text) {
            Some(format) => Ok(format),
            None => Self::parse_any(text),
        }
    }

    /// The common case without the lexer: one code letter of a value, with
    /// an optional byte-order prefix (`"d"`, `"<i"`). `None` sends anything
    /// else to the full parser (which gives the same answer for these).
    #[inline(always)]
    fn parse_single_code(text: &'a str) -> Option<Self> {
        let meta = match *text.as_bytes() {
            // Native mode: the answer is in a table made at compile time.
            [c] | [b'@', c] => {
                let i = usize::from(c).wrapping_sub(usize::from(ONE_CODE_FIRST));
                *ONE_CODE_NATIVE.get(i).filter(|meta| meta.itemsize > 0)?
            }
            [p, c] => {
                let mode = Mode::from_prefix(p)?;
                let code = plain_code(c)?;
                if code.native_only() && !mode.native_sizes() {
                    return None;
                }
                let align = if mode.aligned() { code.native_alignment() } else { 1 };
                Meta::single_code(code, mode, align.trailing_zeros() as u8, 0, text.as_bytes())
            }
            _ => return None,
        };
        Some(Self { text, meta })
    }

    fn parse_any(text: &'a str) -> Result<Self> {
        let summary = summarize(text.as_bytes(), 0, None, 0, 0)?;
        Ok(Self::from_summary(text, &summary, summary.mode, 0))
    }

    /// The format of `text`, from what [`summarize`] found in it.
    fn from_summary(text: &'a str, summary: &Summary, mode: Mode, phase: u8) -> Self {
        let reader = match summary.scalar {
            Some(code) if summary.values == Values::One => native_reader(code, summary.size, mode),
            _ => None,
        };
        let meta = Meta::new(
            summary.size,
            Facts {
                mode,
                align_log2: summary.alignment.trailing_zeros() as u8,
                scalar: summary.scalar,
                single: summary.values == Values::One,
                phase,
                byte_format: is_byte_text(text.as_bytes()),
                reader,
            },
        );
        Self { text, meta }
    }

    /// The text this format was parsed from.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::Format::parse(">d")?.as_str(), ">d");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn as_str(&self) -> &'a str {
        self.text
    }

    /// Bytes per element (`struct.calcsize`).
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(view_core::Format::parse("5s")?.itemsize(), 5);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn itemsize(&self) -> usize {
        self.meta.itemsize
    }

    /// This format with the itemsize an exporter gives (`Py_buffer.itemsize`),
    /// which is authoritative: numpy leaves a record's trailing padding out
    /// of its format (`T{B:a:xxxi:b:B:c:}` has itemsize 12), and ctypes'
    /// formats may describe less than the structure holds. Bytes past the
    /// fields are padding. Views built from the result (with
    /// [`View::from_parts`](crate::View::from_parts)) step and copy by this
    /// itemsize; values are decoded where the format puts them.
    ///
    /// # Errors
    ///
    /// Kind [`Value`](crate::ErrorKind::Value) when the fields the format describes
    /// do not fit in `itemsize` bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// let f = Format::parse("T{B:a:xxxi:b:B:c:}")?.with_itemsize(12)?;
    /// assert_eq!(f.itemsize(), 12);
    /// assert!(Format::parse("<hh")?.with_itemsize(3).is_err());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn with_itemsize(self, itemsize: usize) -> Result<Self> {
        if itemsize == self.meta.itemsize {
            return Ok(self);
        }
        let summary = summarize(self.text.as_bytes(), 0, None, 0, self.meta.phase())?;
        if itemsize < summary.end || itemsize > isize::MAX as usize {
            return Err(Error::because(Reason::ItemsizeTooSmall));
        }
        // The one-code fast paths read a whole element as its value.
        let meta = Meta::new(itemsize, Facts { scalar: None, reader: None, ..self.meta.facts() });
        Ok(Self { meta, ..self })
    }

    /// The alignment the element needs in native mode (1 in the other modes).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// assert_eq!(Format::parse("bd")?.alignment(), 8);
    /// assert_eq!(Format::parse("<bd")?.alignment(), 1);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn alignment(&self) -> usize {
        1 << self.meta.align_log2()
    }

    /// The prefix mode.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Format, Mode};
    ///
    /// assert_eq!(Format::parse("^hd")?.mode(), Mode::Unaligned);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn mode(&self) -> Mode {
        self.meta.mode()
    }

    /// The byte order of the top-level fields.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ByteOrder, Format};
    ///
    /// assert_eq!(Format::parse(">h")?.byte_order(), ByteOrder::Big);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn byte_order(&self) -> ByteOrder {
        self.meta.mode().byte_order()
    }

    /// The code, when the format is a single scalar code (`"h"`, `"<d"`,
    /// `"@B"`, `"Zf"`): the fast path of element access.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Code, Format};
    ///
    /// assert_eq!(Format::parse("<d")?.scalar_code(), Some(Code::Double));
    /// assert_eq!(Format::parse("2d")?.scalar_code(), None);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn scalar_code(&self) -> Option<Code> {
        self.meta.scalar()
    }

    /// Whether an element holds exactly one value (read as that value, not as a
    /// tuple). `"xxh"` and `"5s"` do; `"hh"`, `"2h"` and `"x"` do not.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// assert!(Format::parse("xxh")?.is_single_value());
    /// assert!(!Format::parse("2h")?.is_single_value());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn is_single_value(&self) -> bool {
        self.meta.single()
    }

    /// The text without one leading `@`: two formats with the same such text
    /// describe the same element (memoryview's slice-assignment test).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// assert_eq!(Format::parse("@h")?.canonical(), "h");
    /// assert_eq!(Format::parse("<h")?.canonical(), "<h");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn canonical(&self) -> &'a str {
        self.text.strip_prefix('@').unwrap_or(self.text)
    }

    /// The single-character code of a native format (`"h"` or `"@h"`), as
    /// CPython's memoryview requires for cast destinations.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Code, Format};
    ///
    /// assert_eq!(Format::parse("@h")?.native_char(), Some(Code::Short));
    /// assert_eq!(Format::parse("<h")?.native_char(), None);
    /// assert_eq!(Format::parse("e")?.native_char(), Some(Code::Half));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn native_char(&self) -> Option<Code> {
        match self.canonical().as_bytes() {
            [c] => Code::from_byte(*c).filter(|code| *code != Code::Pad),
            _ => None,
        }
    }

    /// Whether this is a byte format as memoryview's cast counts them:
    /// `b`, `B` or `c`, optionally `@`-prefixed.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Format;
    ///
    /// assert!(Format::parse("@c")?.is_byte_format());
    /// assert!(!Format::parse("<B")?.is_byte_format());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn is_byte_format(&self) -> bool {
        self.meta.byte_format()
    }

    /// How element access reads one element, when the format is one
    /// numeric or bool code in this target's byte order (chosen when parsed).
    #[inline]
    pub(crate) const fn native_reader(&self) -> Option<Reader> {
        self.meta.reader()
    }

    /// The fields of one element, in order, pad bytes (`x`) excluded.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Code, Format};
    ///
    /// let f = Format::parse("b3xh2s")?;
    /// let fields: Vec<(Code, usize, usize)> =
    ///     f.fields().map(|x| (x.code(), x.offset(), x.count())).collect();
    /// assert_eq!(fields, [(Code::SignedChar, 0, 1), (Code::Short, 4, 1), (Code::Bytes, 6, 2)]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            text: self.text,
            lexer: Lexer::new(self.text.as_bytes(), Some(self.meta.mode())),
            offset: 0,
            phase: self.meta.phase(),
        }
    }
}

/// One field of a format: a code with its repeat count, byte offset and order.
///
/// `"3h"` is one field of count 3; `"5s"` is one field of count 5 that holds
/// one value. `"(2,3)h"` is a sub-array field of count 6.
///
/// # Examples
///
/// ```
/// use view_core::{ByteOrder, Code, Format};
///
/// let f = Format::parse(">Bq:total:")?;
/// let total = f.fields().nth(1).ok_or("no second field")?;
/// assert_eq!(total.code(), Code::LongLong);
/// assert_eq!(total.offset(), 1);
/// assert_eq!(total.order(), ByteOrder::Big);
/// assert_eq!(total.name(), Some("total"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field<'a> {
    code: Code,
    offset: usize,
    count: usize,
    length: usize,
    item_size: usize,
    mode: Mode,
    /// Where the field starts in the whole element, modulo [`PHASES`].
    phase: u8,
    name: Option<&'a str>,
    /// The sub-array shape text `2,3`, empty when there is none.
    dims: &'a str,
    /// The inside of `T{...}`, empty for other codes.
    record: &'a str,
    /// The text of one item (`h`, `5s`); empty for `T{...}`.
    item: &'a str,
    /// The text of the whole field but its name (`(2,3)h`).
    span: &'a str,
}

impl<'a> Field<'a> {
    /// The code.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Code, Format};
    ///
    /// assert_eq!(Format::parse("?")?.fields().next().map(|f| f.code()), Some(Code::Bool));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn code(&self) -> Code {
        self.code
    }

    /// Byte offset of the field in the element.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("bi")?;
    /// assert_eq!(f.fields().nth(1).map(|field| field.offset()), Some(4));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn offset(&self) -> usize {
        self.offset
    }

    /// The items of the field: its sub-array extents times its repeat count
    /// (for `s` and `p`, bytes in all; for `w`, code points in all).
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("(2,3)h")?;
    /// assert_eq!(f.fields().next().map(|field| field.count()), Some(6));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn count(&self) -> usize {
        self.count
    }

    /// Bytes of one repeated item (the whole field takes `count * item_size`,
    /// or `count` for `s` and `p`).
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("3q")?;
    /// assert_eq!(f.fields().next().map(|field| field.item_size()), Some(8));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn item_size(&self) -> usize {
        self.item_size
    }

    /// Bytes the field occupies.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("3q7s")?;
    /// let sizes: Vec<usize> = f.fields().map(|x| x.size()).collect();
    /// assert_eq!(sizes, [24, 7]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn size(&self) -> usize {
        match self.code {
            Code::Bytes | Code::PascalBytes => self.count,
            // Cannot overflow: the whole format's size was checked when parsed.
            _ => self.count.wrapping_mul(self.item_size),
        }
    }

    /// The byte order of the field.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ByteOrder, Format};
    ///
    /// let f = Format::parse("<h")?;
    /// assert_eq!(f.fields().next().map(|field| field.order()), Some(ByteOrder::Little));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn order(&self) -> ByteOrder {
        self.mode.byte_order()
    }

    /// The mode the field was parsed in.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Format, Mode};
    ///
    /// let f = Format::parse("=h")?;
    /// assert_eq!(f.fields().next().map(|field| field.mode()), Some(Mode::Standard));
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn mode(&self) -> Mode {
        self.mode
    }

    /// The PEP 3118 name (`h:name:`), if any.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("d:x:d:y:")?;
    /// let names: Vec<_> = f.fields().map(|x| x.name()).collect();
    /// assert_eq!(names, [Some("x"), Some("y")]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn name(&self) -> Option<&'a str> {
        self.name
    }

    /// How many values the field holds: one for `s`, `p` and a plain code,
    /// `count` for a repeated code, none for `x`.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("3h4s")?;
    /// let values: Vec<usize> = f.fields().map(|x| x.values()).collect();
    /// assert_eq!(values, [3, 1]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn values(&self) -> usize {
        value_count(self.code, self.count, self.length, self.name.is_some(), self.dims.as_bytes())
    }

    /// Items in one value of a string field: the length of each `s` or `p`
    /// string in bytes, of each `w` string in code points, of each named
    /// pad (a numpy void field) in bytes; 1 for the other codes. A field
    /// `(2)3s` holds two strings of length 3.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("(2)3s").unwrap();
    /// let field = f.fields().next().unwrap();
    /// assert_eq!((field.count(), field.length(), field.values()), (6, 3, 2));
    /// ```
    #[must_use]
    pub const fn length(&self) -> usize {
        self.length
    }

    /// The shape of a sub-array field (`(2,3)h` gives 2 then 3), empty otherwise.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("(2,3)h")?;
    /// let dims: Vec<usize> = f.fields().next().ok_or("no field")?.sub_shape().collect();
    /// assert_eq!(dims, [2, 3]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sub_shape(&self) -> impl Iterator<Item = usize> + 'a {
        let dims = self.dims;
        dims.split(',')
            .filter(move |_| !dims.is_empty())
            .map(|d| parse_count(d.trim().as_bytes()).unwrap_or(0))
    }

    /// The format of one item of the field, in the field's byte order (`None`
    /// only for a field that did not come from a parsed format):
    /// `<h` of `(2,3)<h:x:`, `5s` of `2(5)s`... the record of a `T{...}`
    /// field. Its name, repeat count and sub-array shape are not part of it
    /// ([`count`](Field::count), [`sub_shape`](Field::sub_shape)).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::ByteOrder;
    ///
    /// let f = view_core::Format::parse(">I:id:(2,3)h:grid:")?;
    /// let grid = f.fields().nth(1).and_then(|field| field.format()).ok_or("two fields")?;
    /// assert_eq!(grid.as_str(), ">h");
    /// assert_eq!(grid.itemsize(), 2);
    /// assert_eq!(grid.byte_order(), ByteOrder::Big);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn format(&self) -> Option<Format<'a>> {
        if self.code == Code::Record {
            return self.record();
        }
        // One code carries its mode in its text (`>h`), so that the format
        // reads the same wherever it goes; strings keep theirs (`5s`).
        let text = prefixed(self.mode, self.code).unwrap_or(self.item);
        let summary = summarize(text.as_bytes(), 1, Some(self.mode), 0, self.phase).ok()?;
        Some(Format::from_summary(text, &summary, self.mode, self.phase))
    }

    /// The format of the whole field, repeat count and sub-array shape
    /// included, its text in the mode the field was read in (`2h` of
    /// `>2h:xy:` reads big-endian).
    pub(crate) fn whole_format(&self) -> Option<Format<'a>> {
        let summary = summarize(self.span.as_bytes(), 1, Some(self.mode), 0, self.phase).ok()?;
        Some(Format::from_summary(self.span, &summary, self.mode, self.phase))
    }

    /// For a `T{...}` field, the format of one record.
    ///
    /// # Examples
    ///
    /// ```
    /// let f = view_core::Format::parse("<T{hh}")?;
    /// let inner = f.fields().next().and_then(|field| field.record()).ok_or("not a record")?;
    /// assert_eq!(inner.itemsize(), 4);
    /// assert_eq!(inner.fields().count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn record(&self) -> Option<Format<'a>> {
        if self.code != Code::Record {
            return None;
        }
        let summary = summarize(self.record.as_bytes(), 1, Some(self.mode), 0, self.phase).ok()?;
        Some(Format::from_summary(self.record, &summary, summary.mode, self.phase))
    }
}

/// Iterator over the fields of a [`Format`].
///
/// # Examples
///
/// ```
/// let f = view_core::Format::parse("hh")?;
/// let mut fields = f.fields();
/// assert_eq!(fields.next().map(|field| field.offset()), Some(0));
/// assert_eq!(fields.next().map(|field| field.offset()), Some(2));
/// assert!(fields.next().is_none());
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Fields<'a> {
    /// The text `lexer` reads, as text.
    text: &'a str,
    lexer: Lexer<'a>,
    offset: usize,
    phase: u8,
}

/// `part`, bytes the lexer took from `text`, as text: found by its place in
/// `text` rather than re-checked as UTF-8 (the lexer cuts only at ASCII
/// bytes, so every part starts and ends on a character boundary; `get`
/// confirms it). An empty part is `""` wherever it points.
fn part_of<'a>(text: &'a str, part: &[u8]) -> Option<&'a str> {
    if part.is_empty() {
        return Some("");
    }
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    text.get(start..start.checked_add(part.len())?)
}

impl<'a> Iterator for Fields<'a> {
    type Item = Field<'a>;

    fn next(&mut self) -> Option<Field<'a>> {
        loop {
            let token = self.lexer.next_token().ok()??;
            let mode = token.mode;
            let place = token.place(self.offset, self.phase, 1, 0).ok()?;
            // A byte order set inside `T{...}` stays in force after its `}`.
            self.lexer.mode = place.after;
            let offset = place.start;
            self.offset = offset.checked_add(token.total_size(place.item_size)?)?;
            if token.values() == 0 && token.code == Code::Pad {
                continue;
            }
            let text = part_of(self.text, token.record)?;
            let dims = part_of(self.text, token.dims)?;
            let item = part_of(self.text, token.item)?;
            let span = part_of(self.text, token.span)?;
            let name = match token.name {
                Some(n) => Some(part_of(self.text, n)?),
                None => None,
            };
            return Some(Field {
                code: token.code,
                offset,
                count: token.count,
                length: token.length,
                item_size: place.item_size,
                mode,
                phase: phase_at(self.phase, offset),
                name,
                dims,
                record: text,
                item,
                span,
            });
        }
    }
}

/// The text of one `code` in `mode`, prefix included unless native (`>h`,
/// `h`); `None` for strings, pads and records, whose text has a length or
/// fields.
fn prefixed(mode: Mode, code: Code) -> Option<&'static str> {
    macro_rules! table {
        ($($variant:ident => $c:literal),* $(,)?) => {
            match (mode, code) {
                $(
                    (Mode::Native, Code::$variant) => Some($c),
                    (Mode::Unaligned, Code::$variant) => Some(concat!("^", $c)),
                    (Mode::Standard, Code::$variant) => Some(concat!("=", $c)),
                    (Mode::Little, Code::$variant) => Some(concat!("<", $c)),
                    (Mode::Big, Code::$variant) => Some(concat!(">", $c)),
                )*
                _ => None,
            }
        };
    }
    table! {
        Char => "c", SignedChar => "b", UnsignedChar => "B", Bool => "?", Short => "h",
        UnsignedShort => "H", Int => "i", UnsignedInt => "I", Long => "l", UnsignedLong => "L",
        LongLong => "q", UnsignedLongLong => "Q", SSize => "n", Size => "N", Half => "e",
        Float => "f", Double => "d", Pointer => "P", LongDouble => "g", ComplexHalf => "Ze",
        ComplexFloat => "Zf", ComplexDouble => "Zd", ComplexLongDouble => "Zg",
    }
}

/// Alignment is reckoned from the start of the whole element, modulo this
/// (a multiple of every alignment a code has).
const PHASES: usize = 64;

/// The phase of `offset` bytes past a point of phase `phase`.
fn phase_at(phase: u8, offset: usize) -> u8 {
    ((usize::from(phase) + offset % PHASES) % PHASES) as u8
}

/// `offset` moved up so that it is aligned to `align` in the whole element,
/// where this text starts at phase `phase`.
fn align_up_at(offset: usize, align: usize, phase: u8) -> Option<usize> {
    let at = usize::from(phase).checked_add(offset)?;
    align_up(at, align)?.checked_sub(usize::from(phase))
}

fn align_up(offset: usize, align: usize) -> Option<usize> {
    let rem = offset % align.max(1);
    if rem == 0 { Some(offset) } else { offset.checked_add(align - rem) }
}

/// How many values an element holds: decides plain value vs tuple.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    None,
    One,
    Many,
}

impl Values {
    fn add(self, n: usize) -> Self {
        match (self, n) {
            (v, 0) => v,
            (Self::None, 1) => Self::One,
            _ => Self::Many,
        }
    }
}

struct Summary {
    /// The size with `@`-mode alignment padding at the end of records.
    size: usize,
    /// Where the last byte a code describes ends: an exporter's itemsize
    /// may be anything from here up.
    end: usize,
    alignment: usize,
    /// The mode at the first code (after a leading prefix).
    mode: Mode,
    /// The mode in force after the last code.
    end_mode: Mode,
    values: Values,
    scalar: Option<Code>,
    /// Whether `@` alignment put padding bytes the text does not write.
    implicit: bool,
}

/// Validates `text` and computes its size, alignment and value count.
/// `base` is the byte position of `text` in the whole string (for errors);
/// `phase` is where `text` starts in the element, modulo [`PHASES`].
fn summarize(
    text: &[u8],
    depth: usize,
    inherit: Option<Mode>,
    base: usize,
    phase: u8,
) -> Result<Summary> {
    if depth > MAX_NESTING {
        return Err(Error::bad_format(TOO_DEEP, base));
    }
    let mut lexer = Lexer::new(text, inherit);
    let start_mode = lexer.mode;
    let mut size = 0usize;
    let mut end = 0usize;
    let mut alignment = 1usize;
    let mut values = Values::None;
    let mut codes = 0usize;
    let mut last: Option<Token<'_>> = None;
    let mut first_mode = None;
    let mut tail_alignment = 1usize;
    let mut implicit = false;
    let err = |pos: usize, problem| Error::bad_format(problem, base.saturating_add(pos));
    while let Some(token) = lexer.next_token().map_err(|(pos, msg)| err(pos, msg))? {
        // As for empty records: no values out of nothing (`(1000000000)0s`).
        if token.length == 0 && token.values() > 1 {
            return Err(err(token.pos, EMPTY_STRING_REPEATED));
        }
        let place = token.place(size, phase, depth, base)?;
        lexer.mode = place.after;
        implicit |= place.implicit;
        let total = token.total_size(place.item_size).ok_or(err(token.pos, TOO_LONG))?;
        if token.count > 0 {
            // The last item ends at its own end, not at its padded size.
            let last =
                place.start.saturating_add(total - place.item_size).saturating_add(place.end);
            end = end.max(last);
        }
        size = place
            .start
            .checked_add(total)
            .filter(|s| *s <= isize::MAX as usize)
            .ok_or(err(token.pos, TOO_LONG))?;
        alignment = alignment.max(place.align);
        tail_alignment = if token.code == Code::Record { place.align } else { 1 };
        values = values.add(token.values());
        codes += 1;
        first_mode = first_mode.or(Some(token.mode));
        last = Some(token);
    }
    if depth == 0 {
        // A format that ends with a record describes a C struct: its size
        // includes the record's end padding (numpy's reader agrees).
        size = align_up(size, tail_alignment)
            .filter(|s| *s <= isize::MAX as usize)
            .ok_or(err(text.len(), TOO_LONG))?;
    }
    // The mode of the first code (`" !L"` is big-endian), or of the start.
    let start_mode = first_mode.unwrap_or(start_mode);
    let scalar = match last {
        Some(t) if codes == 1 && t.count == 1 && t.dims.is_empty() => match t.code.class() {
            Class::Pad | Class::Bytes | Class::Pascal | Class::Text | Class::Record => None,
            _ => Some(t.code),
        },
        _ => None,
    };
    Ok(Summary {
        size,
        end,
        alignment,
        mode: start_mode,
        end_mode: lexer.mode,
        values,
        scalar,
        implicit,
    })
}

/// Where one token goes: its first byte, the size and alignment of one of
/// its items, where its last item's described bytes end, and the mode after it.
struct Place {
    start: usize,
    item_size: usize,
    align: usize,
    end: usize,
    after: Mode,
    /// Whether `@` alignment put padding bytes the text does not write.
    implicit: bool,
}

/// One code as written: `3h`, `(2,3)d:name:`, `(2)3s`, `>T{...}`, `Zf`.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    code: Code,
    /// Items of the code: the sub-array extents times the repeat count.
    count: usize,
    /// For strings (`s`, `p`, `w`) and named pads: the items of one value.
    length: usize,
    /// The mode in force at this code.
    mode: Mode,
    pos: usize,
    dims: &'a [u8],
    record: &'a [u8],
    record_pos: usize,
    name: Option<&'a [u8]>,
    /// The text of one item: the code (`h`, `Zf`), with its length for
    /// strings and pads (`5s`).
    item: &'a [u8],
    /// The text of the whole field but its name (`(2,3)h`, `>2i`).
    span: &'a [u8],
}

impl Token<'_> {
    /// Places the token at `offset` of a text that starts at `phase`.
    ///
    /// In `@` mode a code is aligned at its position in the whole element.
    /// A single `T{...}` starts right where the text before it ends when
    /// every `@` code in it then falls on an aligned position (numpy writes
    /// every pad byte it means as `x`, and `@` only at aligned positions),
    /// and otherwise at its alignment, as a C struct; it adds no padding at
    /// its end. A record with a repeat count (`2T{...}`) is an array of C
    /// structs: it starts aligned and each item is padded to its alignment;
    /// the items of a sub-array of records (`(2)T{...}`) are not padded.
    fn place(&self, offset: usize, phase: u8, depth: usize, base: usize) -> Result<Place> {
        let err = |problem| Error::bad_format(problem, base.saturating_add(self.pos));
        if self.code != Code::Record {
            let align = if self.mode.aligned() { self.code.native_alignment() } else { 1 };
            let start = align_up_at(offset, align, phase).ok_or(err(TOO_LONG))?;
            let size = self.code.size(self.mode);
            let implicit = start != offset;
            return Ok(Place {
                start,
                item_size: size,
                align,
                end: size,
                after: self.mode,
                implicit,
            });
        }
        let record_base = base.saturating_add(self.record_pos);
        // `2T{...}` is an array of C structs; numpy writes `(2)T{...}` with
        // the records' described size (see the module docs).
        let repeated = self.count != 1 && self.dims.is_empty();
        let at = |start| {
            summarize(self.record, depth + 1, Some(self.mode), record_base, phase_at(phase, start))
        };
        let mut start = offset;
        let mut inner = at(start)?;
        if repeated || inner.implicit {
            // The alignment does not depend on the phase; the size does.
            start = align_up_at(offset, inner.alignment, phase).ok_or(err(TOO_LONG))?;
            if start != offset {
                inner = at(start)?;
            }
        }
        // Every value but those of empty records takes at least a byte;
        // repeating an empty record would make values out of nothing
        // (`1000000000T{}`: a billion values in zero bytes).
        if inner.size == 0 && self.count > 1 {
            return Err(err(EMPTY_RECORD_REPEATED));
        }
        let item_size = if repeated {
            align_up(inner.size, inner.alignment)
                .filter(|s| *s <= isize::MAX as usize)
                .ok_or(err(TOO_LONG))?
        } else {
            inner.size
        };
        Ok(Place {
            start,
            item_size,
            align: inner.alignment,
            end: inner.end,
            after: inner.end_mode,
            implicit: start != offset || inner.implicit,
        })
    }

    fn total_size(&self, item_size: usize) -> Option<usize> {
        self.count.checked_mul(item_size)
    }

    fn values(&self) -> usize {
        value_count(self.code, self.count, self.length, self.name.is_some(), self.dims)
    }
}

/// Values a field holds: one per item of a plain code, one per string of
/// `length` items (`s`, `p`, `w`, and named pads, which numpy writes for
/// its void fields), none for an unnamed pad.
fn value_count(code: Code, count: usize, length: usize, named: bool, dims: &[u8]) -> usize {
    match code {
        Code::Pad if !named => 0,
        Code::Pad | Code::Bytes | Code::PascalBytes | Code::Ucs4 => {
            // `0s` is one empty string (`(2)0s` is refused when parsed).
            count.checked_div(length).unwrap_or_else(|| sub_array_count(dims).unwrap_or(1))
        }
        _ => count,
    }
}

/// Splits a format string into tokens; tracks the mode.
#[derive(Debug, Clone)]
struct Lexer<'a> {
    text: &'a [u8],
    pos: usize,
    mode: Mode,
    /// Where the codes start: after a leading prefix, if any.
    lead: usize,
}

type LexResult<T> = core::result::Result<T, (usize, FormatProblem)>;

impl<'a> Lexer<'a> {
    fn new(text: &'a [u8], inherit: Option<Mode>) -> Self {
        let mut lexer = Self { text, pos: 0, mode: inherit.unwrap_or(Mode::Native), lead: 0 };
        if let Some(mode) = text.first().and_then(|c| Mode::from_prefix(*c)) {
            lexer.mode = mode;
            lexer.pos = 1;
            lexer.lead = 1;
        }
        lexer
    }

    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// A byte-order prefix in front of a code (numpy writes one wherever
    /// the order changes); in force until the next one.
    fn take_prefix(&mut self) -> LexResult<bool> {
        let Some(mode) = self.peek().and_then(Mode::from_prefix) else { return Ok(false) };
        let at = self.pos;
        self.pos += 1;
        self.mode = mode;
        match self.peek() {
            None => Err((at, BAD_CHAR)),
            Some(c) if Mode::from_prefix(c).is_some() => Err((self.pos, BAD_CHAR)),
            Some(_) => Ok(true),
        }
    }

    fn next_token(&mut self) -> LexResult<Option<Token<'a>>> {
        while self.peek().is_some_and(is_space) {
            self.pos += 1;
        }
        let start = self.pos;
        let Some(first) = self.peek() else { return Ok(None) };
        // A second prefix right after the leading one (`<@h`) is refused,
        // as numpy's reader and `struct` both do.
        if start == self.lead && self.lead > 0 && Mode::from_prefix(first).is_some() {
            return Err((start, BAD_CHAR));
        }
        let prefixed = self.take_prefix()?;
        let mut repeat = 1usize;
        let mut extents = 1usize;
        let mut dims: &[u8] = &[];
        if self.peek() == Some(b'(') {
            self.pos += 1;
            let inner_start = self.pos;
            let inner = self.take_while(|c| c != b')');
            if self.bump() != Some(b')') {
                return Err((start, BAD_SHAPE));
            }
            extents = sub_array_count(inner).ok_or((inner_start, BAD_SHAPE))?;
            dims = inner;
            // numpy writes the order after the shape: `(2)>i`.
            if !prefixed {
                self.take_prefix()?;
            }
        }
        let mut count_start = self.pos;
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            count_start = self.pos;
            let digits = self.take_while(|c| c.is_ascii_digit());
            repeat = parse_count(digits).ok_or((count_start, TOO_LONG))?;
            if self.peek().is_none() {
                return Err((self.pos, COUNT_WITHOUT_CODE));
            }
        }
        let count = extents
            .checked_mul(repeat)
            .filter(|n| *n <= isize::MAX as usize)
            .ok_or((start, TOO_LONG))?;
        let code_pos = self.pos;
        let c = self.bump().ok_or((code_pos, COUNT_WITHOUT_CODE))?;
        let mut record: &[u8] = &[];
        let mut record_pos = 0;
        let code = match c {
            b'Z' => match self.bump() {
                Some(b'e') => Code::ComplexHalf,
                Some(b'f') => Code::ComplexFloat,
                Some(b'd') => Code::ComplexDouble,
                Some(b'g') if self.mode.native_sizes() => Code::ComplexLongDouble,
                _ => return Err((code_pos, BAD_CHAR)),
            },
            b'T' => {
                if self.bump() != Some(b'{') {
                    return Err((code_pos, BAD_CHAR));
                }
                record_pos = self.pos;
                record = self.take_record().ok_or((code_pos, UNMATCHED_BRACE))?;
                Code::Record
            }
            b'O' => return Err((code_pos, OBJECT_CODE)),
            _ => match Code::from_byte(c) {
                Some(code) if code.native_only() && !self.mode.native_sizes() => {
                    return Err((code_pos, BAD_CHAR));
                }
                Some(code) => code,
                None => return Err((code_pos, BAD_CHAR)),
            },
        };
        let item_start = if code.is_string() || code == Code::Pad { count_start } else { code_pos };
        let item = self.text.get(item_start..self.pos).unwrap_or_default();
        let span = self.text.get(start..self.pos).unwrap_or_default();
        let mut name = None;
        if self.peek() == Some(b':') {
            self.pos += 1;
            let name_start = self.pos;
            let n = self.take_while(|c| c != b':');
            if self.bump() != Some(b':') {
                return Err((name_start, BAD_NAME));
            }
            name = Some(n);
        }
        let length = if code.is_string() || code == Code::Pad { repeat } else { 1 };
        Ok(Some(Token {
            code,
            count,
            length,
            mode: self.mode,
            pos: code_pos,
            dims,
            record,
            record_pos,
            name,
            item,
            span,
        }))
    }

    fn take_while(&mut self, keep: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(&keep) {
            self.pos += 1;
        }
        self.text.get(start..self.pos).unwrap_or_default()
    }

    /// After `T{`: the text up to the matching `}`, which is consumed.
    /// Braces inside `:name:` do not count (numpy writes any name).
    fn take_record(&mut self) -> Option<&'a [u8]> {
        let start = self.pos;
        let mut depth = 1usize;
        let mut in_name = false;
        while let Some(c) = self.bump() {
            match c {
                b':' => in_name = !in_name,
                b'{' if !in_name => depth += 1,
                b'}' if !in_name => {
                    depth -= 1;
                    if depth == 0 {
                        return self.text.get(start..self.pos - 1);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

/// `Py_ISSPACE`: the whitespace `struct` skips between codes.
const fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Decimal digits to a count that fits in `isize`.
fn parse_count(digits: &[u8]) -> Option<usize> {
    if digits.is_empty() {
        return None;
    }
    let mut n = 0usize;
    for d in digits {
        if !d.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(usize::from(d - b'0'))?;
    }
    (n <= isize::MAX as usize).then_some(n)
}

/// `2,3` to 6; each extent is a count, the product fits in `isize`.
fn sub_array_count(inner: &[u8]) -> Option<usize> {
    let mut product = 1usize;
    for part in inner.split(|c| *c == b',') {
        let part = part.trim_ascii();
        product = product.checked_mul(parse_count(part)?)?;
    }
    (product <= isize::MAX as usize).then_some(product)
}

#[cfg(test)]
mod tests {

    #[test]
    fn meta_packs_every_fact() {
        let readers = (0..=11).filter_map(crate::decode::Reader::from_index);
        for (i, reader) in readers.map(Some).chain([None]).enumerate() {
            for code in Code::ALL.into_iter().map(Some).chain([None]) {
                for mode in [Mode::Native, Mode::Unaligned, Mode::Standard, Mode::Little, Mode::Big]
                {
                    let facts = Facts {
                        mode,
                        align_log2: (i % 7) as u8,
                        scalar: code,
                        single: i % 2 == 0,
                        phase: (i * 5 % 64) as u8,
                        byte_format: i % 3 == 0,
                        reader,
                    };
                    let meta = Meta::new(usize::MAX >> 1, facts);
                    assert_eq!((meta.itemsize, meta.facts()), (usize::MAX >> 1, facts));
                }
            }
        }
        for index in 0..=11 {
            let reader = crate::decode::Reader::from_index(index);
            assert_eq!(reader.map(|r| r as u8), Some(index));
        }
        assert_eq!(crate::decode::Reader::from_index(crate::decode::Reader::NONE), None);
    }

    #[test]
    fn single_code_fast_path_matches_the_parser() {
        let mut text = [0u8; 2];
        for len in 1..=2 {
            for n in 0..(1usize << (8 * len)) {
                for (i, byte) in text.iter_mut().enumerate().take(len) {
                    *byte = (n >> (8 * i)) as u8;
                }
                let Ok(text) = core::str::from_utf8(&text[..len]) else { continue };
                let Some(fast) = Format::parse_single_code(text) else { continue };
                let full = Format::parse_any(text).unwrap();
                assert_eq!(fast.meta, full.meta, "{text:?}");
            }
        }
    }
    use super::*;

    #[test]
    fn struct_sizes_match_calcsize() {
        // Checked with python3 -c "import struct; print(struct.calcsize(f))".
        let table: &[(&str, usize)] = &[
            ("b0h", 2),
            ("0h", 0),
            ("hb", 3),
            ("bh", 4),
            ("3B ", 3),
            ("  B", 1),
            ("e", 2),
            ("be", 4),
            ("bP", 16),
            ("bq", 16),
            ("bf", 8),
            ("b5s", 6),
            ("b0s", 1),
            ("", 0),
            ("3x", 3),
            ("i0q", 8),
            ("\tB", 1),
            ("B B", 2),
            ("!h", 2),
            ("<lL", 8),
            ("lL", 16),
        ];
        for (text, size) in table {
            assert_eq!(Format::parse(text).map(|f| f.itemsize()), Ok(*size), "{text:?}");
        }
    }

    #[test]
    fn struct_rejections() {
        for text in [
            "3 B", "<P", "=n", "h<", "h<>h", "(2)<>i", "2\n3B", "Z", "y", "é", "2", "h#", "<@h",
            "@@h", "T{h", "<g", "=Zg", "(2,h",
        ] {
            let err = Format::parse(text).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Value, "{text:?}");
        }
    }
}
