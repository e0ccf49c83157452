//! One element unpacked ([`Scalar`]), and packing a value into an element
//! with memoryview's conversion rules.

use core::fmt;

use crate::error::{Error, Reason, Result};
use crate::format::{ByteOrder, Class, Code, Field, Format, Mode};
use crate::record_view::{FieldSource, RecordFormat};
use crate::ucs4::{TextRef, Ucs4, write_text};

/// A value of the wrong type for `code` (or for a record, `None`).
const fn invalid_type(code: Option<Code>) -> Error {
    Error::because(Reason::InvalidType { code })
}

/// A value out of range for `code` (or of the wrong arity for a record, `None`).
const fn invalid_value(code: Option<Code>) -> Error {
    Error::because(Reason::InvalidValue { code })
}

/// One unpacked element or field value.
///
/// Reading gives `Int` for every integer code (signed or not, `P` too),
/// `Float` for `e`, `f` and `d` (widened to `f64`), `Bool` for `?`, `Bytes`
/// for `c`, `s` and `p`, `Text` for `w`, `Complex` for `Z*`, and `Record` for an element of
/// several values or a `T{...}` field. `Tuple` is how a caller writes
/// several values at once.
///
/// Equality is Python's `==`: integers and floats compare by value (`1 ==
/// 1.0`), `NaN != NaN`, `-0.0 == 0.0`, `True == 1`, bytes only equal bytes,
/// and records equal tuples field by field.
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// let data = [0x01, 0x00, 0xff, 0xff];
/// let view = View::new(&data, "<h", &[2], &[2], 0)?;
/// assert_eq!(view.get(&[1])?, Scalar::Int(-1));
/// assert_eq!(Scalar::Int(1), Scalar::Float(1.0));
/// assert_ne!(Scalar::Float(f64::NAN), Scalar::Float(f64::NAN));
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
#[non_exhaustive]
// A word-wide tag puts every payload at offset 8 or beyond: a
// `Result<Scalar>` (still 64 bytes, the error in the tag's niche) then
// moves in fewer, whole-word pieces (W8-index: 73 -> 65 instructions).
#[repr(u64)]
pub enum Scalar<'a> {
    /// An integer (any integer code, signed or unsigned, and `P`).
    Int(i128),
    /// A float (`e`, `f`, `d`), exactly widened to `f64`.
    Float(f64),
    /// A `?` value.
    Bool(bool),
    /// A `c`, `s` or `p` value.
    Bytes(&'a [u8]),
    /// A `w` value: UCS-4 text.
    Text(Ucs4<'a>),
    /// A `Ze`, `Zf` or `Zd` value: real and imaginary parts.
    Complex(f64, f64),
    /// An element of several values, or a `T{...}` field, borrowed from the buffer.
    Record(Record<'a>),
    /// Values to write into a multi-value element, one per value.
    Tuple(&'a [Scalar<'a>]),
}

impl fmt::Debug for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(v) => f.debug_tuple("Int").field(v).finish(),
            Self::Float(v) => f.debug_tuple("Float").field(v).finish(),
            Self::Bool(v) => f.debug_tuple("Bool").field(v).finish(),
            Self::Bytes(v) => f.debug_tuple("Bytes").field(v).finish(),
            Self::Text(t) => f.debug_tuple("Text").field(t).finish(),
            Self::Complex(re, im) => f.debug_tuple("Complex").field(re).field(im).finish(),
            Self::Record(r) => f.debug_list().entries(r.values()).finish(),
            Self::Tuple(t) => f.debug_list().entries(t.iter()).finish(),
        }
    }
}

/// Python-style repr: `5`, `1.5`, `True`, `b'ab'`, `(1+2j)`, `(1, 2)`.
impl fmt::Display for Scalar<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Int(v) => write!(f, "{v}"),
            Self::Float(v) => write_float(f, *v),
            Self::Bool(true) => f.write_str("True"),
            Self::Bool(false) => f.write_str("False"),
            Self::Bytes(b) => write_bytes_repr(f, b),
            Self::Text(t) => write!(f, "{t:?}"),
            Self::Complex(re, im) => {
                f.write_str("(")?;
                write_float(f, *re)?;
                if *im >= 0.0 || im.is_nan() {
                    f.write_str("+")?;
                }
                write_float(f, *im)?;
                f.write_str("j)")
            }
            Self::Record(r) => write_tuple(f, r.values()),
            Self::Tuple(t) => write_tuple(f, t.iter().copied()),
        }
    }
}

fn write_float(f: &mut fmt::Formatter<'_>, v: f64) -> fmt::Result {
    if v.is_nan() {
        f.write_str("nan")
    } else if v.is_infinite() {
        f.write_str(if v > 0.0 { "inf" } else { "-inf" })
    } else {
        write!(f, "{v:?}")
    }
}

fn write_tuple<'a>(
    f: &mut fmt::Formatter<'_>,
    items: impl Iterator<Item = Scalar<'a>>,
) -> fmt::Result {
    f.write_str("(")?;
    let mut n = 0usize;
    for item in items {
        if n > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{item}")?;
        n += 1;
    }
    if n == 1 {
        f.write_str(",")?;
    }
    f.write_str(")")
}

/// `b'...'` with Python's escapes.
pub(crate) fn write_bytes_repr(f: &mut impl fmt::Write, bytes: &[u8]) -> fmt::Result {
    let quote = if bytes.contains(&b'\'') && !bytes.contains(&b'"') { '"' } else { '\'' };
    write!(f, "b{quote}")?;
    for &b in bytes {
        match b {
            b'\\' => f.write_str("\\\\")?,
            b'\t' => f.write_str("\\t")?,
            b'\n' => f.write_str("\\n")?,
            b'\r' => f.write_str("\\r")?,
            b'\'' if quote == '\'' => f.write_str("\\'")?,
            0x20..=0x7e => f.write_char(char::from(b))?,
            _ => write!(f, "\\x{b:02x}")?,
        }
    }
    f.write_char(quote)
}

impl PartialEq for Scalar<'_> {
    fn eq(&self, other: &Self) -> bool {
        python_eq(self, other)
    }
}

/// Python's `==` between two values.
fn python_eq(a: &Scalar<'_>, b: &Scalar<'_>) -> bool {
    use Scalar::{Bool, Bytes, Complex, Float, Int, Record, Tuple};
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Bool(x), Bool(y)) => x == y,
        (Bytes(x), Bytes(y)) => x == y,
        (Scalar::Text(x), Scalar::Text(y)) => x == y,
        (Complex(a, b), Complex(c, d)) => a == c && b == d,
        (Int(_) | Bool(_), Int(_) | Bool(_)) => a.as_int() == b.as_int(),
        (Int(_) | Bool(_), Float(f)) | (Float(f), Int(_) | Bool(_)) => {
            let i = if let Some(i) = a.as_int() { i } else { b.as_int().unwrap_or_default() };
            int_eq_float(i, *f)
        }
        (Int(_) | Bool(_) | Float(_), Complex(re, im))
        | (Complex(re, im), Int(_) | Bool(_) | Float(_)) => {
            let real = if matches!(a, Complex(..)) { b } else { a };
            *im == 0.0 && python_eq(real, &Float(*re))
        }
        (Record(_) | Tuple(_), Record(_) | Tuple(_)) => {
            let mut left = a.items();
            let mut right = b.items();
            loop {
                match (left.next(), right.next()) {
                    (None, None) => return true,
                    (Some(x), Some(y)) if python_eq(&x, &y) => {}
                    _ => return false,
                }
            }
        }
        _ => false,
    }
}

/// Exact comparison of an integer with a float, as Python does it.
pub(crate) fn int_eq_float(i: i128, f: f64) -> bool {
    // Beyond 2^127 no float equals an i128; inside, truncation is exact
    // exactly when `f` holds an integer.
    if !f.is_finite() || f.abs() >= 1.7e38 {
        return false;
    }
    let t = f as i128;
    t as f64 == f && t == i
}

impl<'a> Scalar<'a> {
    /// The value as an integer: `Int`, and `Bool` as 0 or 1.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Scalar;
    ///
    /// assert_eq!(Scalar::Bool(true).as_int(), Some(1));
    /// assert_eq!(Scalar::Float(1.0).as_int(), None);
    /// ```
    #[must_use]
    pub const fn as_int(&self) -> Option<i128> {
        match *self {
            Self::Int(i) => Some(i),
            Self::Bool(b) => Some(b as i128),
            _ => None,
        }
    }

    /// The value as a float: `Float`, and `Int` / `Bool` converted to the nearest `f64`.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Scalar;
    ///
    /// assert_eq!(Scalar::Int(3).as_f64(), Some(3.0));
    /// assert_eq!(Scalar::Bytes(b"x").as_f64(), None);
    /// ```
    #[must_use]
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            Self::Float(f) => Some(f),
            Self::Int(i) => Some(i as f64),
            Self::Bool(b) => Some(f64::from(u8::from(b))),
            _ => None,
        }
    }

    /// The value as bytes (`c`, `s`, `p`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Scalar;
    ///
    /// assert_eq!(Scalar::Bytes(b"ab").as_bytes(), Some(&b"ab"[..]));
    /// ```
    #[must_use]
    pub const fn as_bytes(&self) -> Option<&'a [u8]> {
        match *self {
            Self::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// Python truthiness: nonzero numbers (NaN too), non-empty bytes and tuples.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::Scalar;
    ///
    /// assert!(Scalar::Float(f64::NAN).is_truthy());
    /// assert!(!Scalar::Bytes(b"").is_truthy());
    /// assert!(!Scalar::Tuple(&[]).is_truthy());
    /// ```
    #[must_use]
    pub fn is_truthy(&self) -> bool {
        match *self {
            Self::Int(i) => i != 0,
            Self::Float(f) => f != 0.0,
            Self::Bool(b) => b,
            Self::Bytes(b) => !b.is_empty(),
            Self::Text(t) => !t.is_empty(),
            Self::Complex(re, im) => re != 0.0 || im != 0.0,
            Self::Record(r) => r.values().next().is_some(),
            Self::Tuple(t) => !t.is_empty(),
        }
    }

    /// The items of a `Record` or `Tuple` (nothing for other values).
    fn items(&self) -> Items<'a> {
        match *self {
            Self::Record(r) => Items::Record(r.values()),
            Self::Tuple(t) => Items::Tuple(t.iter()),
            _ => Items::Tuple([].iter()),
        }
    }
}

enum Items<'a> {
    Record(Values<'a>),
    Tuple(core::slice::Iter<'a, Scalar<'a>>),
}

impl<'a> Iterator for Items<'a> {
    type Item = Scalar<'a>;

    fn next(&mut self) -> Option<Scalar<'a>> {
        match self {
            Self::Record(v) => v.next(),
            Self::Tuple(t) => t.next().copied(),
        }
    }
}

/// An element of several values (or a `T{...}` field), borrowed from the
/// buffer and read value by value.
///
/// A `Record` from [`View::get`](crate::View::get) or
/// [`View::iter`](crate::View::iter) reads its format's fields each time
/// it is read; over many records of one view, use
/// [`View::records`](crate::View::records) (fields read once per view)
/// or [`field`](crate::View::field) (one field as a view).
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// let data = [7u8, 0, 1, 0];
/// let view = View::new(&data, "<BxH", &[], &[], 0)?;
/// let Scalar::Record(record) = view.get(&[])? else { unreachable!() };
/// let values: Vec<Scalar> = record.values().collect();
/// assert_eq!(values, [Scalar::Int(7), Scalar::Int(1)]);
///
/// let pair = View::new(&data, "<BB", &[], &[], 0)?.get(&[])?;
/// assert_eq!(pair, Scalar::Tuple(&[Scalar::Int(7), Scalar::Int(0)]));
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct Record<'a> {
    /// The format, or a table of its fields read once for many records
    /// ([`Records`](crate::Records)).
    pub(crate) format: RecordFormat<'a>,
    pub(crate) bytes: &'a [u8],
}

impl fmt::Debug for Record<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Record")
            .field("format", &self.format().as_str())
            .field("bytes", &self.bytes)
            .finish()
    }
}

impl<'a> Record<'a> {
    /// The format of the record.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [1u8, 2];
    /// let view = View::new(&data, "2B", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(r.format().as_str(), "2B");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn format(&self) -> Format<'a> {
        self.format.format()
    }

    /// The bytes of the record.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [1u8, 2];
    /// let view = View::new(&data, "2B", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(r.bytes(), &[1, 2]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub const fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The values in order; repeated codes and sub-arrays give one value per item.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [1u8, 2, 3];
    /// let view = View::new(&data, "B2s", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(r.values().count(), 2);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn values(&self) -> Values<'a> {
        Values { fields: self.fields(), current: None, index: 0, bytes: self.bytes }
    }

    /// How many values [`values`](Record::values) gives: one per item of a
    /// repeated code or sub-array, one per string. Reads the format.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [0u8; 7];
    /// let view = View::new(&data, "<2h:xy:B:n:2s:tag:", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(r.len(), 4);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.fields().map(|f| f.values()).fold(0, usize::saturating_add)
    }

    /// Whether the record holds no value (`T{}`, `3x`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [0u8; 3];
    /// let view = View::new(&data, "T{}B2x", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert!(!r.is_empty());
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.fields().all(|f| f.values() == 0)
    }

    /// A value by position or a field by name: `get(1)` is the second
    /// value [`values`](Record::values) gives (as Python indexes the tuple),
    /// `get("xy")` the field named `xy`, a [`Scalar::Record`] when it holds
    /// several values (`2h:xy:`, `(2,3)f:m:`). `None` when there is no
    /// such value or field.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Scalar, View};
    ///
    /// let data = [1, 0, 2, 0, 9];
    /// let view = View::new(&data, "<2h:xy:B:n:", &[], &[], 0)?;
    /// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
    /// assert_eq!(r.get(1), Some(Scalar::Int(2)));
    /// assert_eq!(r.get(2), Some(Scalar::Int(9)));
    /// assert_eq!(r.get("n"), Some(Scalar::Int(9)));
    /// let Some(Scalar::Record(xy)) = r.get("xy") else { unreachable!() };
    /// assert_eq!(xy.get(0), Some(Scalar::Int(1)));
    /// assert_eq!(r.get(3), None);
    /// assert_eq!(r.get("z"), None);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    #[must_use]
    pub fn get<'k>(&self, key: impl Into<FieldKey<'k>>) -> Option<Scalar<'a>> {
        match key.into() {
            FieldKey::Index(i) => self.values().nth(i),
            FieldKey::Name(name) => crate::record_view::named(self.fields(), name, self.bytes),
        }
    }
}

/// How [`Record::get`] finds a value: by position (`usize`) or field name
/// (`&str`).
///
/// # Examples
///
/// ```
/// use view_core::FieldKey;
///
/// assert_eq!(FieldKey::from(2), FieldKey::Index(2));
/// assert_eq!(FieldKey::from("id"), FieldKey::Name("id"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKey<'k> {
    /// A position. For [`Record::get`] and [`Values::get`], among the
    /// values (as Python indexes the record's tuple): in `2h:xy:B:n:`, 0
    /// and 1 are the two items of `xy` and 2 is `n`. For
    /// [`ViewBase::field`](crate::ViewBase::field), among the fields: there
    /// 1 is `n`.
    Index(usize),
    /// The name of a field.
    Name(&'k str),
}

impl From<usize> for FieldKey<'_> {
    fn from(i: usize) -> Self {
        Self::Index(i)
    }
}

impl<'k> From<&'k str> for FieldKey<'k> {
    fn from(name: &'k str) -> Self {
        Self::Name(name)
    }
}

/// Iterator over the values of a [`Record`].
///
/// It reads the record's format field by field as it goes, unless the
/// record came from [`Records`](crate::Records), whose table holds the
/// fields read once: the fast path for many records of one view
/// (`view.records().iter()`, see [`View::iter`](crate::View::iter)).
///
/// # Examples
///
/// ```
/// use view_core::{Scalar, View};
///
/// let data = [1u8, 2, 3];
/// let view = View::new(&data, "3B", &[], &[], 0)?;
/// let Scalar::Record(r) = view.get(&[])? else { unreachable!() };
/// let sum: i128 = r.values().filter_map(|v| v.as_int()).sum();
/// assert_eq!(sum, 6);
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Values<'a> {
    pub(crate) fields: FieldSource<'a>,
    pub(crate) current: Option<Field<'a>>,
    pub(crate) index: usize,
    pub(crate) bytes: &'a [u8],
}

impl<'a> Iterator for Values<'a> {
    type Item = Scalar<'a>;

    fn next(&mut self) -> Option<Scalar<'a>> {
        loop {
            if let Some(field) = self.current
                && self.index < field.values()
            {
                let i = self.index;
                self.index += 1;
                return Some(read_item(&field, i, self.bytes));
            }
            self.current = Some(self.fields.next()?);
            self.index = 0;
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.remaining();
        (n, Some(n))
    }

    /// Skips whole fields without reading their values (`Record::get(i)`).
    fn nth(&mut self, mut n: usize) -> Option<Scalar<'a>> {
        loop {
            if let Some(field) = self.current {
                let left = field.values().saturating_sub(self.index);
                if n < left {
                    self.index += n;
                    return self.next();
                }
                n -= left;
                self.index = field.values();
            }
            self.current = Some(self.fields.next()?);
            self.index = 0;
        }
    }
}

/// Reads item `i` of `field` from the element bytes.
pub(crate) fn read_item<'a>(field: &Field<'a>, i: usize, element: &'a [u8]) -> Scalar<'a> {
    let start = field.offset().saturating_add(i.saturating_mul(field.item_size()));
    // Strings (and numpy's void fields, named pads) hold `length` items each.
    let string = field.length().saturating_mul(field.item_size());
    let at = field.offset().saturating_add(i.saturating_mul(string));
    match field.code() {
        Code::Bytes | Code::Pad => Scalar::Bytes(slice(element, at, string)),
        Code::PascalBytes => Scalar::Bytes(read_pascal(slice(element, at, string))),
        Code::Ucs4 => Scalar::Text(Ucs4::new(slice(element, at, string), field.order())),
        Code::Record => {
            let format = field.record().unwrap_or(Format::BYTES);
            let bytes = slice(element, start, field.item_size());
            Scalar::Record(Record { format: RecordFormat::Text(format), bytes })
        }
        code => read_code(code, field.order(), slice(element, start, field.item_size())),
    }
}

fn slice(bytes: &[u8], start: usize, len: usize) -> &[u8] {
    bytes.get(start..start.saturating_add(len)).unwrap_or_default()
}

/// A `p` field: the first byte is the length, capped at the field's room.
fn read_pascal(field: &[u8]) -> &[u8] {
    match field.split_first() {
        Some((&n, rest)) => rest.get(..usize::from(n).min(rest.len())).unwrap_or_default(),
        None => &[],
    }
}

/// Reads the whole element of `format`: its single value, or a record.
#[inline]
pub(crate) fn read_element<'a>(format: &Format<'a>, element: &'a [u8]) -> Scalar<'a> {
    // The reader chosen when the format was parsed: one dispatch, no call.
    match format.native_reader() {
        Some(reader) => reader.read(element).unwrap_or(Scalar::Bytes(element)),
        None => read_other(format, element),
    }
}

/// [`read_element`] for the formats without a native reader.
#[inline(never)]
pub(crate) fn read_other<'a>(format: &Format<'a>, element: &'a [u8]) -> Scalar<'a> {
    if let Some(code) = format.scalar_code() {
        return read_code(code, format.byte_order(), element);
    }
    if format.is_single_value() {
        let mut values = Record { format: RecordFormat::Text(*format), bytes: element }.values();
        if let Some(v) = values.next() {
            return v;
        }
    }
    Scalar::Record(Record { format: RecordFormat::Text(*format), bytes: element })
}

#[inline]
fn fixed<const N: usize>(bytes: &[u8], order: ByteOrder) -> [u8; N] {
    let mut out = bytes.first_chunk::<N>().copied().unwrap_or([0; N]);
    if order != ByteOrder::NATIVE {
        out.reverse();
    }
    out
}

/// Reads one item of a non-record code; `bytes` holds at least its size.
#[inline]
pub(crate) fn read_code<'a>(code: Code, order: ByteOrder, bytes: &'a [u8]) -> Scalar<'a> {
    // The codes of one size in every mode decode directly (one dispatch on
    // the code, no size test, no call): the element-access fast path.
    match code {
        Code::Double => {
            let bits = u64::from_ne_bytes(bytes.first_chunk().copied().unwrap_or_default());
            let native = order == ByteOrder::NATIVE;
            return Scalar::Float(f64::from_bits(if native { bits } else { bits.swap_bytes() }));
        }
        Code::Float => {
            let bits = u32::from_ne_bytes(bytes.first_chunk().copied().unwrap_or_default());
            let native = order == ByteOrder::NATIVE;
            let value = f32::from_bits(if native { bits } else { bits.swap_bytes() });
            return Scalar::Float(f64::from(value));
        }
        Code::UnsignedChar => return Scalar::Int(i128::from(bytes.first().copied().unwrap_or(0))),
        Code::SignedChar => {
            return Scalar::Int(i128::from(bytes.first().copied().unwrap_or(0) as i8));
        }
        _ => {}
    }
    let size = bytes.len();
    match code.class() {
        Class::Signed => Scalar::Int(read_signed(bytes, size, order)),
        Class::Unsigned => Scalar::Int(read_unsigned(bytes, size, order) as i128),
        Class::Float => Scalar::Float(read_float(bytes, order)),
        Class::Bool => Scalar::Bool(bytes.iter().any(|b| *b != 0)),
        Class::Char => Scalar::Bytes(bytes.get(..1).unwrap_or_default()),
        Class::Text => Scalar::Text(Ucs4::new(bytes, order)),
        Class::Complex => {
            let half = size / 2;
            let (re, im) = bytes.split_at(half.min(size));
            Scalar::Complex(read_float(re, order), read_float(im, order))
        }
        Class::Bytes | Class::Pascal | Class::Record | Class::Pad => Scalar::Bytes(bytes),
    }
}

#[inline]
fn read_unsigned(bytes: &[u8], size: usize, order: ByteOrder) -> u64 {
    match size {
        1 => u64::from(bytes.first().copied().unwrap_or(0)),
        2 => u64::from(u16::from_ne_bytes(fixed(bytes, order))),
        4 => u64::from(u32::from_ne_bytes(fixed(bytes, order))),
        _ => u64::from_ne_bytes(fixed(bytes, order)),
    }
}

#[inline]
fn read_signed(bytes: &[u8], size: usize, order: ByteOrder) -> i128 {
    i128::from(match size {
        1 => i64::from(bytes.first().copied().unwrap_or(0) as i8),
        2 => i64::from(i16::from_ne_bytes(fixed(bytes, order))),
        4 => i64::from(i32::from_ne_bytes(fixed(bytes, order))),
        _ => i64::from_ne_bytes(fixed(bytes, order)),
    })
}

#[inline]
fn read_float(bytes: &[u8], order: ByteOrder) -> f64 {
    match bytes.len() {
        2 => f16_to_f64(u16::from_ne_bytes(fixed(bytes, order))),
        4 => f64::from(f32::from_ne_bytes(fixed(bytes, order))),
        // `g`: native only, so always in native order.
        12 | 16 => crate::long_double::to_f64(bytes),
        _ => f64::from_ne_bytes(fixed(bytes, order)),
    }
}

// ------------------------------------------------------------------ packing

/// The shape of a value a caller wants to write.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Leaf<'v> {
    Int(i128),
    Float(f64),
    Bool(bool),
    Bytes(&'v [u8]),
    Text(TextRef<'v>),
    Complex(f64, f64),
    /// An integer beyond `i128`, as a double (`None`: beyond a double too).
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    HugeInt(Option<f64>),
    /// A tuple of this many values.
    Tuple(usize),
    /// Anything else (a list): the wrong type for every field.
    #[cfg_attr(not(feature = "alloc"), allow(dead_code))]
    Other,
}

/// A value that can be packed: a [`Scalar`], or a `Value` tree under `alloc`.
pub(crate) trait Source {
    /// What this value is.
    fn leaf(&self) -> Leaf<'_>;
    /// Python truthiness.
    fn truthy(&self) -> bool;
    /// Calls `f` on each item of a tuple, in order, stopping at the first error.
    fn each_item(&self, f: &mut dyn FnMut(&dyn Source) -> Result<()>) -> Result<()>;
}

impl Source for Scalar<'_> {
    fn leaf(&self) -> Leaf<'_> {
        match *self {
            Self::Int(i) => Leaf::Int(i),
            Self::Float(f) => Leaf::Float(f),
            Self::Bool(b) => Leaf::Bool(b),
            Self::Bytes(b) => Leaf::Bytes(b),
            Self::Text(t) => Leaf::Text(TextRef::Ucs4(t)),
            Self::Complex(re, im) => Leaf::Complex(re, im),
            Self::Record(r) => Leaf::Tuple(r.values().count()),
            Self::Tuple(t) => Leaf::Tuple(t.len()),
        }
    }

    fn truthy(&self) -> bool {
        self.is_truthy()
    }

    fn each_item(&self, f: &mut dyn FnMut(&dyn Source) -> Result<()>) -> Result<()> {
        for item in self.items() {
            f(&item)?;
        }
        Ok(())
    }
}

/// Packs `value` into `out` (exactly one element of `format`) as
/// `struct.pack` would, pad bytes zeroed, with memoryview's checks.
/// On error `out` is unchanged.
pub(crate) fn pack_element(format: &Format<'_>, value: &dyn Source, out: &mut [u8]) -> Result<()> {
    if let Some(code) = format.scalar_code() {
        let encoded = encode_leaf(code, format.mode(), value)?;
        return encoded.write(out, format.byte_order());
    }
    // Check every value first, then write: a failure leaves `out` untouched.
    pack_values(format, value, format.is_single_value(), &mut Sink::Check)?;
    out.fill(0);
    pack_values(format, value, format.is_single_value(), &mut Sink::Write(out))
}

/// Where packed fields go: nowhere (validation pass) or into the element.
enum Sink<'o> {
    Check,
    Write(&'o mut [u8]),
}

impl Sink<'_> {
    fn put(&mut self, at: usize, encoded: Encoded<'_>, order: ByteOrder) -> Result<()> {
        match self {
            Self::Check => Ok(()),
            Self::Write(out) => {
                let size = encoded.size();
                let dst = out.get_mut(at..at.saturating_add(size)).ok_or(invalid_value(None))?;
                encoded.write(dst, order)
            }
        }
    }

    fn at(&mut self, offset: usize) -> Sink<'_> {
        match self {
            Self::Check => Sink::Check,
            Self::Write(out) => Sink::Write(out.get_mut(offset..).unwrap_or_default()),
        }
    }
}

/// Packs the values of a (record) format. `single` is whether a lone value
/// is taken plain (top level) or must still come as a tuple (`T{...}` fields).
fn pack_values(
    format: &Format<'_>,
    value: &dyn Source,
    single: bool,
    sink: &mut Sink<'_>,
) -> Result<()> {
    if single {
        let field = format.fields().find(|f| f.values() > 0).ok_or(invalid_type(None))?;
        return pack_field_item(&field, 0, value, sink);
    }
    let Leaf::Tuple(len) = value.leaf() else { return Err(invalid_type(None)) };
    let expected: usize = format.fields().map(|f| f.values()).sum();
    if len != expected {
        return Err(invalid_value(None));
    }
    let mut fields = format.fields();
    let mut current: Option<Field<'_>> = None;
    let mut index = 0usize;
    value.each_item(&mut |item| {
        loop {
            if let Some(field) = current
                && index < field.values()
            {
                let i = index;
                index += 1;
                return pack_field_item(&field, i, item, sink);
            }
            current = Some(fields.next().ok_or(invalid_value(None))?);
            index = 0;
        }
    })
}

fn pack_field_item(
    field: &Field<'_>,
    i: usize,
    value: &dyn Source,
    sink: &mut Sink<'_>,
) -> Result<()> {
    let start = field.offset().saturating_add(i.saturating_mul(field.item_size()));
    match field.code() {
        Code::Record => {
            let inner = field.record().ok_or(invalid_type(None))?;
            pack_values(&inner, value, false, &mut sink.at(start))
        }
        Code::Bytes | Code::PascalBytes | Code::Pad => {
            let Leaf::Bytes(b) = value.leaf() else {
                return Err(invalid_type(Some(field.code())));
            };
            let len = field.length();
            let encoded = if field.code() == Code::PascalBytes {
                Encoded::Pascal { data: b, len }
            } else {
                Encoded::Bytes { data: b, len }
            };
            sink.put(field.offset().saturating_add(i.saturating_mul(len)), encoded, field.order())
        }
        Code::Ucs4 => {
            let Leaf::Text(text) = value.leaf() else {
                return Err(invalid_type(Some(field.code())));
            };
            let len = field.length().saturating_mul(4);
            let at = field.offset().saturating_add(i.saturating_mul(len));
            sink.put(at, Encoded::Text { text, len }, field.order())
        }
        code => {
            let encoded = encode_leaf(code, field.mode(), value)?;
            sink.put(start, encoded, field.order())
        }
    }
}

/// One field item converted, ready to write.
#[derive(Debug, Clone, Copy)]
enum Encoded<'v> {
    /// An integer in two's complement, `size` bytes.
    Int {
        bits: u64,
        size: usize,
    },
    F16(u16),
    F32(u32),
    F64(u64),
    Complex16(u16, u16),
    Complex32(u32, u32),
    Complex64(u64, u64),
    /// `s`: data truncated or zero-padded to `len`.
    Bytes {
        data: &'v [u8],
        len: usize,
    },
    /// `p`: a length byte, then data, zero-padded to `len`.
    Pascal {
        data: &'v [u8],
        len: usize,
    },
    /// `w`: UCS-4 code units, truncated or zero-padded to `len` bytes.
    Text {
        text: TextRef<'v>,
        len: usize,
    },
    /// `g`, `Zg`: native `long double` bytes (one or two of them).
    LongDouble([u8; 16], Option<[u8; 16]>),
}

impl Encoded<'_> {
    fn size(&self) -> usize {
        match *self {
            Self::Int { size, .. } => size,
            Self::F16(_) => 2,
            Self::F32(_) | Self::Complex16(..) => 4,
            Self::F64(_) | Self::Complex32(..) => 8,
            Self::Complex64(..) => 16,
            Self::Bytes { len, .. } | Self::Pascal { len, .. } | Self::Text { len, .. } => len,
            Self::LongDouble(_, im) => {
                let k = crate::long_double::LAYOUT.0;
                if im.is_some() { 2 * k } else { k }
            }
        }
    }

    /// Writes into `out`, which is exactly `size()` bytes, in byte order `order`.
    fn write(&self, out: &mut [u8], order: ByteOrder) -> Result<()> {
        // Numbers are given little-endian, then reversed for big-endian.
        let mut put = |le: &[u8], at: usize| -> Result<()> {
            let dst = out.get_mut(at..at.saturating_add(le.len())).ok_or(invalid_value(None))?;
            dst.copy_from_slice(le);
            if order == ByteOrder::Big {
                dst.reverse();
            }
            Ok(())
        };
        match *self {
            Self::Int { bits, size } => put(bits.to_le_bytes().get(..size).unwrap_or_default(), 0),
            Self::F16(b) => put(&b.to_le_bytes(), 0),
            Self::F32(b) => put(&b.to_le_bytes(), 0),
            Self::F64(b) => put(&b.to_le_bytes(), 0),
            Self::Complex16(re, im) => {
                put(&re.to_le_bytes(), 0)?;
                put(&im.to_le_bytes(), 2)
            }
            Self::Complex32(re, im) => {
                put(&re.to_le_bytes(), 0)?;
                put(&im.to_le_bytes(), 4)
            }
            Self::Complex64(re, im) => {
                put(&re.to_le_bytes(), 0)?;
                put(&im.to_le_bytes(), 8)
            }
            Self::Bytes { data, len } => {
                let n = data.len().min(len).min(out.len());
                let (head, tail) = out.split_at_mut(n);
                head.copy_from_slice(data.get(..n).unwrap_or_default());
                tail.fill(0);
                Ok(())
            }
            Self::Text { text, .. } => {
                write_text(text, out, order);
                Ok(())
            }
            Self::LongDouble(re, im) => {
                // Native order already: `g` exists only in native mode.
                let k = crate::long_double::LAYOUT.0;
                let (a, b) = out.split_at_mut(k.min(out.len()));
                a.copy_from_slice(re.get(..a.len()).unwrap_or_default());
                if let Some(im) = im {
                    let n = b.len().min(k);
                    b[..n].copy_from_slice(im.get(..n).unwrap_or_default());
                }
                Ok(())
            }
            Self::Pascal { data, len } => {
                out.fill(0);
                if len == 0 {
                    return Ok(());
                }
                // struct's rule: every data byte that fits is copied, and
                // the length byte saturates at 255.
                let n = data.len().min(len - 1);
                if let Some((first, rest)) = out.split_first_mut() {
                    *first = u8::try_from(n).unwrap_or(u8::MAX);
                    if let (Some(dst), Some(src)) = (rest.get_mut(..n), data.get(..n)) {
                        dst.copy_from_slice(src);
                    }
                }
                Ok(())
            }
        }
    }
}

/// Converts one value for one non-record, non-bytes code, with memoryview's rules.
fn encode_leaf<'v>(code: Code, mode: Mode, value: &'v dyn Source) -> Result<Encoded<'v>> {
    let size = code.size(mode);
    let leaf = value.leaf();
    let (wrong_type, wrong_value) = (invalid_type(Some(code)), invalid_value(Some(code)));
    match code.class() {
        Class::Signed | Class::Unsigned => {
            let i = match leaf {
                Leaf::Int(i) => i,
                Leaf::Bool(b) => i128::from(b),
                // Beyond i128: out of range of every integer code.
                Leaf::HugeInt(_) => return Err(wrong_value),
                _ => return Err(wrong_type),
            };
            let bits = 8 * size as u32;
            let (lo, hi) = if code == Code::Pointer {
                (i128::from(i64::MIN), i128::from(u64::MAX))
            } else if code.class() == Class::Signed {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            if i < lo || i > hi {
                return Err(wrong_value);
            }
            Ok(Encoded::Int { bits: i as u64, size })
        }
        Class::Float => {
            let d = to_f64(leaf).ok_or(wrong_type)?.ok_or(wrong_value)?;
            Ok(match code {
                Code::Half => Encoded::F16(f64_to_f16(d).ok_or(wrong_value)?),
                Code::Float => Encoded::F32(f64_to_f32_bits(d)),
                Code::LongDouble => Encoded::LongDouble(crate::long_double::from_f64(d), None),
                _ => Encoded::F64(d.to_bits()),
            })
        }
        Class::Complex => {
            let (re, im) = match leaf {
                Leaf::Complex(re, im) => (re, im),
                other => (to_f64(other).ok_or(wrong_type)?.ok_or(wrong_value)?, 0.0),
            };
            Ok(match code {
                Code::ComplexHalf => Encoded::Complex16(
                    f64_to_f16(re).ok_or(wrong_value)?,
                    f64_to_f16(im).ok_or(wrong_value)?,
                ),
                Code::ComplexFloat => Encoded::Complex32(f64_to_f32_bits(re), f64_to_f32_bits(im)),
                Code::ComplexLongDouble => Encoded::LongDouble(
                    crate::long_double::from_f64(re),
                    Some(crate::long_double::from_f64(im)),
                ),
                _ => Encoded::Complex64(re.to_bits(), im.to_bits()),
            })
        }
        Class::Bool => Ok(Encoded::Int { bits: u64::from(value.truthy()), size }),
        Class::Char => match leaf {
            Leaf::Bytes(b) if b.len() == 1 => Ok(Encoded::Bytes { data: b, len: 1 }),
            Leaf::Bytes(_) => Err(wrong_value),
            _ => Err(wrong_type),
        },
        Class::Bytes | Class::Pascal => match leaf {
            Leaf::Bytes(b) => Ok(Encoded::Bytes { data: b, len: size }),
            _ => Err(wrong_type),
        },
        Class::Text => match leaf {
            Leaf::Text(text) => Ok(Encoded::Text { text, len: size }),
            _ => Err(wrong_type),
        },
        Class::Pad | Class::Record => Err(wrong_type),
    }
}

/// A number as `float(x)` would give it: `None` for a type that is not a
/// number, `Some(None)` for an integer too large for a double
/// (`OverflowError`, which memoryview reports as an invalid value).
fn to_f64(leaf: Leaf<'_>) -> Option<Option<f64>> {
    match leaf {
        Leaf::Float(f) => Some(Some(f)),
        Leaf::Int(i) => Some(Some(i as f64)),
        Leaf::HugeInt(d) => Some(d),
        Leaf::Bool(b) => Some(Some(f64::from(u8::from(b)))),
        _ => None,
    }
}

/// A C `(float)` cast on x86-64: round to nearest even, overflow to
/// infinity, NaN quieted with its payload's top bits kept.
pub(crate) fn f64_to_f32_bits(d: f64) -> u32 {
    if d.is_nan() {
        let bits = d.to_bits();
        let sign = ((bits >> 32) as u32) & 0x8000_0000;
        return sign | 0x7fc0_0000 | (((bits >> 29) as u32) & 0x003f_ffff);
    }
    (d as f32).to_bits()
}

/// `PyFloat_Pack2`: round to nearest even; a finite value too large is
/// `None` (an error).
/// The value of IEEE half-precision `bits`, exactly; a NaN keeps its sign
/// and payload and becomes quiet.
pub(crate) fn f16_to_f64(bits: u16) -> f64 {
    let sign = u64::from(bits >> 15) << 63;
    let exp = u64::from((bits >> 10) & 0x1f);
    let mant = u64::from(bits & 0x3ff);
    let magnitude = match exp {
        // Zero and subnormals: mant * 2^-24, exact in an f64.
        0 => f64::from(bits & 0x3ff) * f64::from_bits((1023 - 24) << 52),
        0x1f if mant == 0 => f64::INFINITY,
        0x1f => f64::from_bits((0x7ff8 << 48) | (mant << 42)),
        _ => f64::from_bits(((exp + 1023 - 15) << 52) | (mant << 42)),
    };
    f64::from_bits(magnitude.to_bits() | sign)
}

pub(crate) fn f64_to_f16(d: f64) -> Option<u16> {
    if d.is_nan() {
        let sign = if d.is_sign_negative() { 0x8000 } else { 0 };
        return Some(0x7e00 | sign);
    }
    let h = f64_to_f16_bits(d);
    if h & 0x7fff == 0x7c00 && d.is_finite() {
        return None;
    }
    Some(h)
}

/// A finite or infinite `d` as binary16 bits, rounded once to nearest even
/// from all 52 fraction bits (`half::f16::from_f64` drops the low 32 bits
/// before rounding, so it misrounds values just above a tie).
fn f64_to_f16_bits(d: f64) -> u16 {
    let bits = d.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let abs = bits & 0x7fff_ffff_ffff_ffff;
    let exp = (abs >> 52) as i32 - 1023;
    if exp > 15 {
        return sign | 0x7c00;
    }
    // f64 subnormals (and zero) end up far below the smallest f16 subnormal.
    let m = (abs & ((1 << 52) - 1)) | (1 << 52);
    // Units of the result: 2^(exp - 10) for f16 normals, 2^-24 below them.
    let shift = if exp >= -14 { 42 } else { (28 - exp) as u32 };
    if shift >= 64 {
        return sign;
    }
    let (q, rem, half) = (m >> shift, m & ((1 << shift) - 1), 1 << (shift - 1));
    let q = if rem > half || (rem == half && q & 1 == 1) { q + 1 } else { q };
    // A carry out of the fraction moves into the exponent (up to infinity).
    let base = if exp >= -14 { ((exp + 14) as u64) << 10 } else { 0 };
    sign | (base + q) as u16
}

/// Rust numbers and `bool` as scalars: `Int`, `Float` (widened exactly) or
/// `Bool`.
///
/// # Examples
///
/// ```
/// use view_core::Scalar;
///
/// assert_eq!(Scalar::from(-3i16), Scalar::Int(-3));
/// assert_eq!(Scalar::from(0.5f32), Scalar::Float(0.5));
/// assert_eq!(Scalar::from(true), Scalar::Bool(true));
/// ```
macro_rules! scalar_from {
    ($($t:ty => $variant:ident($via:ty)),* $(,)?) => {$(
        impl From<$t> for Scalar<'_> {
            fn from(value: $t) -> Self {
                Self::$variant(<$via>::from(value))
            }
        }
    )*};
}

scalar_from! {
    u8 => Int(i128), i8 => Int(i128), u16 => Int(i128), i16 => Int(i128),
    u32 => Int(i128), i32 => Int(i128), u64 => Int(i128), i64 => Int(i128),
    i128 => Int(i128), f32 => Float(f64), f64 => Float(f64), bool => Bool(bool),
}

impl From<usize> for Scalar<'_> {
    fn from(value: usize) -> Self {
        // `usize` has at most 64 bits on every Rust target.
        Self::Int(value as i128)
    }
}

impl From<isize> for Scalar<'_> {
    fn from(value: isize) -> Self {
        Self::Int(value as i128)
    }
}

/// Scalars as Rust integers: an `Int` (or a `Bool`, as Python's `True ==
/// 1`) in the type's range. Another variant is refused with kind Type, a
/// value out of range with kind Value (reasons [`Reason::InvalidType`] /
/// [`Reason::InvalidValue`] naming the type's format code).
///
/// # Examples
///
/// ```
/// use view_core::{ErrorKind, Scalar};
///
/// assert_eq!(u8::try_from(Scalar::Int(200))?, 200);
/// assert_eq!(i32::try_from(Scalar::Bool(true))?, 1);
/// assert_eq!(u8::try_from(Scalar::Int(256)).map_err(|e| e.kind()), Err(ErrorKind::Value));
/// assert_eq!(u8::try_from(Scalar::Float(1.0)).map_err(|e| e.kind()), Err(ErrorKind::Type));
/// # Ok::<(), view_core::Error>(())
/// ```
macro_rules! int_from_scalar {
    ($($t:ty => $code:expr),* $(,)?) => {$(
        impl TryFrom<Scalar<'_>> for $t {
            type Error = Error;

            fn try_from(value: Scalar<'_>) -> Result<Self> {
                let int = match value {
                    Scalar::Int(v) => v,
                    Scalar::Bool(b) => i128::from(b),
                    _ => return Err(invalid_type($code)),
                };
                <$t>::try_from(int).map_err(|_| invalid_value($code))
            }
        }
    )*};
}

int_from_scalar! {
    u8 => Some(Code::UnsignedChar), i8 => Some(Code::SignedChar),
    u16 => Some(Code::UnsignedShort), i16 => Some(Code::Short),
    u32 => Some(Code::UnsignedInt), i32 => Some(Code::Int),
    u64 => Some(Code::UnsignedLongLong), i64 => Some(Code::LongLong),
    usize => Some(Code::Size), isize => Some(Code::SSize),
    u128 => None, i128 => None,
}

/// A scalar as an `f64`: a `Float`, or an `Int` / `Bool` rounded to the
/// nearest `f64` (Python's `float(x)`); another variant is refused with
/// kind Type.
///
/// # Examples
///
/// ```
/// use view_core::Scalar;
///
/// assert_eq!(f64::try_from(Scalar::Float(0.25))?, 0.25);
/// assert_eq!(f64::try_from(Scalar::Int(3))?, 3.0);
/// assert!(f64::try_from(Scalar::Bytes(b"x")).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
impl TryFrom<Scalar<'_>> for f64 {
    type Error = Error;

    fn try_from(value: Scalar<'_>) -> Result<Self> {
        match value {
            Scalar::Float(v) => Ok(v),
            // Rounds to nearest, as Python's `float(int)` (no i128 overflows an f64).
            Scalar::Int(v) => Ok(v as f64),
            Scalar::Bool(b) => Ok(f64::from(u8::from(b))),
            _ => Err(invalid_type(Some(Code::Double))),
        }
    }
}

/// A scalar as an `f32`, as `struct` packs `'f'`: the `f64` value rounded
/// to nearest; a finite value beyond `f32`'s range is refused with kind
/// Value.
///
/// # Examples
///
/// ```
/// use view_core::Scalar;
///
/// assert_eq!(f32::try_from(Scalar::Float(0.1))?, 0.1f32);
/// assert!(f32::try_from(Scalar::Float(1e300)).is_err());
/// assert_eq!(f32::try_from(Scalar::Float(f64::INFINITY))?, f32::INFINITY);
/// # Ok::<(), view_core::Error>(())
/// ```
impl TryFrom<Scalar<'_>> for f32 {
    type Error = Error;

    fn try_from(value: Scalar<'_>) -> Result<Self> {
        let wide = f64::try_from(value).map_err(|_| invalid_type(Some(Code::Float)))?;
        // Rounds to nearest, as C's double-to-float conversion that `struct` uses.
        let narrow = wide as f32;
        if narrow.is_infinite() && wide.is_finite() {
            return Err(invalid_value(Some(Code::Float)));
        }
        Ok(narrow)
    }
}

/// A `Bool` scalar as a `bool`; another variant is refused with kind Type.
///
/// # Examples
///
/// ```
/// use view_core::Scalar;
///
/// assert!(bool::try_from(Scalar::Bool(true))?);
/// assert!(bool::try_from(Scalar::Int(1)).is_err());
/// # Ok::<(), view_core::Error>(())
/// ```
impl TryFrom<Scalar<'_>> for bool {
    type Error = Error;

    fn try_from(value: Scalar<'_>) -> Result<Self> {
        match value {
            Scalar::Bool(b) => Ok(b),
            _ => Err(invalid_type(Some(Code::Bool))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_convert_both_ways() {
        assert_eq!(i8::try_from(Scalar::from(-128i8)).ok(), Some(-128));
        assert!(i8::try_from(Scalar::Int(128)).is_err());
        assert_eq!(u64::try_from(Scalar::from(u64::MAX)).ok(), Some(u64::MAX));
        assert!(u64::try_from(Scalar::Int(-1)).is_err());
        assert_eq!(usize::try_from(Scalar::from(7usize)).ok(), Some(7));
        assert_eq!(isize::try_from(Scalar::from(-7isize)).ok(), Some(-7));
        assert_eq!(u128::try_from(Scalar::Int(5)).ok(), Some(5));
        let e = u16::try_from(Scalar::Int(-1)).unwrap_err();
        assert_eq!(e.reason(), Reason::InvalidValue { code: Some(Code::UnsignedShort) });
        let e = u16::try_from(Scalar::Complex(1.0, 0.0)).unwrap_err();
        assert_eq!(e.reason(), Reason::InvalidType { code: Some(Code::UnsignedShort) });
        assert_eq!(f64::try_from(Scalar::from(1.5f64)).ok(), Some(1.5));
        assert_eq!(f32::try_from(Scalar::from(-2.5f32)).ok(), Some(-2.5));
        assert!(f32::try_from(Scalar::Float(f64::NAN)).is_ok_and(f32::is_nan));
        assert!(f32::try_from(Scalar::Float(-1e39)).is_err());
        assert!(bool::try_from(Scalar::from(false)).is_ok_and(|b| !b));
    }

    #[test]
    fn half_decoding_is_exact() {
        for bits in 0..=u16::MAX {
            let ours = f16_to_f64(bits);
            let theirs = half::f16::from_bits(bits).to_f64();
            assert_eq!(ours.to_bits(), theirs.to_bits(), "{bits:#x}");
        }
    }

    #[test]
    fn half_rounding_matches_struct() {
        // python3 -c "import struct; print(struct.pack('<e', 65519.0).hex())" -> ff7b
        assert_eq!(f64_to_f16(65519.0), Some(0x7bff));
        assert!(f64_to_f16(65520.0).is_none());
        assert_eq!(f64_to_f16(f64::INFINITY), Some(0x7c00));
        assert_eq!(f64_to_f16(-f64::NAN), Some(0xfe00));
    }

    #[test]
    fn float_narrowing_matches_c_cast() {
        assert_eq!(f64_to_f32_bits(1e300), f32::INFINITY.to_bits());
        let nan = f64::from_bits(0x7ff0_0000_2000_0001);
        assert_eq!(f64_to_f32_bits(nan), 0x7fc0_0001);
    }
}
