//! Owned values (feature `alloc`): the [`Value`] tree of `tolist`, and the
//! allocating forms of copy-out and hex.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::decode::{BLOCK, Decoder, Lanes};
use crate::error::{Error, Reason, Result};
use crate::iter::Offsets;
use crate::layout::Order;
use crate::scalar::{Leaf, Scalar, Source, int_eq_float, read_element, write_bytes_repr};
use crate::view::{Storage, ViewBase, ViewMut};

/// An owned value: one element's value, or nested lists of them (`tolist`).
///
/// Records are tuples; equality is Python's `==` (`Int(1) == Float(1.0)`,
/// `NaN != NaN`). Integers beyond `i64` are [`BigInt`]s, so a `Value`
/// holds every integer a Python `int` can be, and stays 24 bytes.
///
/// # Examples
///
/// ```
/// use view_core::{Value, View};
///
/// let data = [1u8, 2, 3, 4];
/// let m = View::new(&data, "B", &[2, 2], &[2, 1], 0)?;
/// let list = m.to_value()?;
/// assert_eq!(list, Value::List(vec![
///     Value::List(vec![Value::Int(1), Value::Int(2)]),
///     Value::List(vec![Value::Int(3), Value::Int(4)]),
/// ]));
/// assert_eq!(list.to_string(), "[[1, 2], [3, 4]]");
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Value {
    /// An integer that fits `i64` ([`Value::from`] an `i128` picks this
    /// or [`BigInt`](Value::BigInt)).
    Int(i64),
    /// An integer of any size (`tolist` gives one only beyond `i64`).
    BigInt(BigInt),
    /// A float.
    Float(f64),
    /// A bool.
    Bool(bool),
    /// Bytes (`c`, `s`, `p`).
    Bytes(Box<[u8]>),
    /// Text (`w`).
    Text(Box<str>),
    /// A complex number.
    Complex(f64, f64),
    /// The values of a record.
    Tuple(Box<[Value]>),
    /// One dimension of a `tolist` result.
    List(Vec<Value>),
}

// One `Vec` variant and the rest at most 16 bytes: the tag lives in the
// `Vec`'s capacity niche. Text added later must be a `Box<str>`.
const _: () = assert!(core::mem::size_of::<Value>() <= 24);

impl From<i128> for Value {
    /// `Int` when `i` fits `i64`, else `BigInt`.
    ///
    /// ```
    /// use view_core::Value;
    ///
    /// assert_eq!(Value::from(-5i128), Value::Int(-5));
    /// assert!(matches!(Value::from(1i128 << 64), Value::BigInt(_)));
    /// ```
    fn from(i: i128) -> Self {
        match i64::try_from(i) {
            Ok(i) => Self::Int(i),
            Err(_) => Self::BigInt(BigInt::from(i)),
        }
    }
}

impl From<u64> for Value {
    /// `Int` when `u` fits `i64`, else `BigInt`.
    ///
    /// ```
    /// assert_eq!(view_core::Value::from(7u64), view_core::Value::Int(7));
    /// ```
    fn from(u: u64) -> Self {
        match i64::try_from(u) {
            Ok(i) => Self::Int(i),
            Err(_) => Self::BigInt(BigInt::from(i128::from(u))),
        }
    }
}

impl From<Scalar<'_>> for Value {
    fn from(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Int(i) => Self::from(i),
            Scalar::Float(f) => Self::Float(f),
            Scalar::Bool(b) => Self::Bool(b),
            Scalar::Bytes(b) => Self::Bytes(b.into()),
            Scalar::Text(t) => Self::Text(t.chars().collect::<String>().into_boxed_str()),
            Scalar::Complex(re, im) => Self::Complex(re, im),
            Scalar::Record(r) => Self::Tuple(r.values().map(Self::from).collect()),
            Scalar::Tuple(t) => Self::Tuple(t.iter().map(|x| Self::from(*x)).collect()),
        }
    }
}

impl Value {
    /// This value as a [`Scalar`] when it is a number, bool or bytes that
    /// a `Scalar` can hold (not a tuple, a list, or an int beyond `i128`).
    fn as_scalar(&self) -> Option<Scalar<'_>> {
        Some(match self {
            Self::Int(i) => Scalar::Int((*i).into()),
            Self::BigInt(b) => Scalar::Int(b.to_i128()?),
            Self::Float(f) => Scalar::Float(*f),
            Self::Bool(b) => Scalar::Bool(*b),
            Self::Bytes(b) => Scalar::Bytes(b),
            Self::Complex(re, im) => Scalar::Complex(*re, *im),
            Self::Tuple(_) | Self::List(_) | Self::Text(_) => return None,
        })
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Tuple(a), Self::Tuple(b)) => a == b,
            (Self::List(a), Self::List(b)) => a == b,
            (Self::Int(i), Self::Float(f)) | (Self::Float(f), Self::Int(i)) => {
                int_eq_float((*i).into(), *f)
            }
            (Self::Text(a), Self::Text(b)) => a == b,
            _ => match (self.as_scalar(), other.as_scalar()) {
                (Some(a), Some(b)) => a == b,
                // An int beyond i128 equals only itself or the float that is it.
                _ => match (self, other) {
                    (Self::BigInt(a), Self::BigInt(b)) => a == b,
                    (Self::BigInt(b), Self::Float(f)) | (Self::Float(f), Self::BigInt(b)) => {
                        b.to_f64() == (Some(*f), true)
                    }
                    _ => false,
                },
            },
        }
    }
}

/// Python-style repr: `[1, 2]`, `(1, b'a')`, `3.5`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = |f: &mut fmt::Formatter<'_>, items: &[Value], open: &str, close: &str| {
            f.write_str(open)?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{item}")?;
            }
            if items.len() == 1 && open == "(" {
                f.write_str(",")?;
            }
            f.write_str(close)
        };
        match self {
            Self::Tuple(items) => seq(f, items, "(", ")"),
            Self::List(items) => seq(f, items, "[", "]"),
            Self::Bytes(b) => write_bytes_repr(f, b),
            Self::Text(t) => write!(f, "{t:?}"),
            Self::BigInt(b) => write!(f, "{b}"),
            other => match other.as_scalar() {
                Some(s) => write!(f, "{s}"),
                None => Ok(()),
            },
        }
    }
}

impl Source for Value {
    fn leaf(&self) -> Leaf<'_> {
        match self {
            Self::Int(i) => Leaf::Int((*i).into()),
            Self::BigInt(b) => match b.to_i128() {
                Some(i) => Leaf::Int(i),
                None => Leaf::HugeInt(b.to_f64().0),
            },
            Self::Float(f) => Leaf::Float(*f),
            Self::Bool(b) => Leaf::Bool(*b),
            Self::Bytes(b) => Leaf::Bytes(b),
            Self::Text(t) => Leaf::Text(crate::ucs4::TextRef::Str(t)),
            Self::Complex(re, im) => Leaf::Complex(*re, *im),
            Self::Tuple(t) => Leaf::Tuple(t.len()),
            // A list is not a tuple: memoryview refuses it with a TypeError.
            Self::List(_) => Leaf::Other,
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Self::Tuple(t) => !t.is_empty(),
            Self::List(t) => !t.is_empty(),
            Self::Text(t) => !t.is_empty(),
            Self::BigInt(b) => !b.is_zero(),
            other => other.as_scalar().is_some_and(|s| s.is_truthy()),
        }
    }

    fn each_item(&self, f: &mut dyn FnMut(&dyn Source) -> Result<()>) -> Result<()> {
        if let Self::Tuple(items) = self {
            for item in items {
                f(item)?;
            }
        }
        Ok(())
    }
}

/// An integer of any size, stored as Python's `int.to_bytes(n, "little",
/// signed=True)` in the fewest bytes: two's complement, little-endian.
///
/// # Examples
///
/// ```
/// use view_core::{BigInt, ErrorKind, Value, ViewMut};
///
/// // 2**70, a Python int no C type holds.
/// let mut le = [0u8; 9];
/// le[8] = 0x40;
/// let big = BigInt::from_le_bytes(&le);
/// assert_eq!(big.to_string(), "1180591620717411303424");
/// assert_eq!(big.to_i128(), Some(1 << 70));
///
/// let mut data = [0u8; 8];
/// let mut v = ViewMut::new(&mut data, "<Q", &[], &[], 0)?;
/// let err = v.set_value(&[], &Value::BigInt(big)).unwrap_err();
/// assert_eq!(err.kind(), ErrorKind::Value); // as memoryview: out of range
/// # Ok::<(), view_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigInt(Box<[u8]>);

impl BigInt {
    /// The integer whose two's complement little-endian bytes are `bytes`
    /// (no bytes: zero).
    ///
    /// ```
    /// use view_core::BigInt;
    ///
    /// assert_eq!(BigInt::from_le_bytes(&[0xff, 0xff]).to_i128(), Some(-1));
    /// assert_eq!(BigInt::from_le_bytes(&[0xff, 0x00]).as_le_bytes(), &[0xff, 0x00]);
    /// ```
    #[must_use]
    pub fn from_le_bytes(bytes: &[u8]) -> Self {
        let mut n = bytes.len();
        // Drop top bytes that only repeat the sign of the byte below.
        while let [.., next, top] = bytes.get(..n).unwrap_or_default() {
            let redundant = (*top == 0 && next & 0x80 == 0) || (*top == 0xff && next & 0x80 != 0);
            if !redundant {
                break;
            }
            n -= 1;
        }
        match bytes.get(..n) {
            Some(b) if !b.is_empty() => Self(b.into()),
            _ => Self(Box::new([0])),
        }
    }

    /// The two's complement little-endian bytes, fewest that hold the sign.
    ///
    /// ```
    /// assert_eq!(view_core::BigInt::from(-129).as_le_bytes(), &[0x7f, 0xff]);
    /// ```
    #[must_use]
    pub fn as_le_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The value when it fits `i128`.
    ///
    /// ```
    /// assert_eq!(view_core::BigInt::from(i128::MIN).to_i128(), Some(i128::MIN));
    /// ```
    #[must_use]
    pub fn to_i128(&self) -> Option<i128> {
        if self.0.len() > 16 {
            return None;
        }
        let fill = if self.is_negative() { 0xff } else { 0 };
        let mut le = [fill; 16];
        le.get_mut(..self.0.len())?.copy_from_slice(&self.0);
        Some(i128::from_le_bytes(le))
    }

    /// Whether the value is below zero.
    ///
    /// ```
    /// assert!(view_core::BigInt::from(-1).is_negative());
    /// ```
    #[must_use]
    pub fn is_negative(&self) -> bool {
        self.0.last().is_some_and(|top| top & 0x80 != 0)
    }

    fn is_zero(&self) -> bool {
        self.0.iter().all(|&b| b == 0)
    }

    /// The absolute value, little-endian, as 32-bit limbs.
    fn magnitude(&self) -> Vec<u32> {
        let negative = self.is_negative();
        let mut carry = u32::from(negative);
        let mut limbs = Vec::with_capacity(self.0.len().div_ceil(4));
        for chunk in self.0.chunks(4) {
            let fill = if negative { 0xff } else { 0 };
            let mut le = [fill; 4];
            le.get_mut(..chunk.len()).unwrap_or_default().copy_from_slice(chunk);
            let mut limb = u32::from_le_bytes(le);
            if negative {
                let (sum, over) = (!limb).overflowing_add(carry);
                limb = sum;
                carry = u32::from(over);
            }
            limbs.push(limb);
        }
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        limbs
    }

    /// `float(self)` rounded to nearest even (`None` when that overflows, as
    /// Python's `OverflowError`), and whether it is exact.
    fn to_f64(&self) -> (Option<f64>, bool) {
        let limbs = self.magnitude();
        let Some(&top) = limbs.last() else { return (Some(0.0), true) };
        let bits = 32 * limbs.len() - top.leading_zeros() as usize;
        // The top 64 bits, and whether any bit below them is set.
        let bit = |i: usize| limbs.get(i / 32).is_some_and(|l| (l >> (i % 32)) & 1 == 1);
        let low = bits.saturating_sub(64);
        let mut m = 0u64;
        for i in (low..bits).rev() {
            m = (m << 1) | u64::from(bit(i));
        }
        let sticky = (0..low).any(bit);
        // A set bit 0 stands for everything below: it breaks rounding ties
        // the right way, as the dropped bits would.
        let d = (m | u64::from(sticky)) as f64;
        let exact = !sticky && d as u128 == u128::from(m);
        if low > 1023 {
            return (None, false);
        }
        let scaled = d * f64::from_bits(((low as u64) + 1023) << 52);
        let value = if self.is_negative() { -scaled } else { scaled };
        (value.is_finite().then_some(value), exact)
    }
}

impl From<i128> for BigInt {
    /// ```
    /// assert_eq!(view_core::BigInt::from(300).as_le_bytes(), &[0x2c, 0x01]);
    /// ```
    fn from(i: i128) -> Self {
        Self::from_le_bytes(&i.to_le_bytes())
    }
}

/// Decimal, as Python prints an int.
impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(i) = self.to_i128() {
            return write!(f, "{i}");
        }
        // Divide by 10^9 until nothing is left; the remainders are the digits.
        const BASE: u64 = 1_000_000_000;
        let mut limbs = self.magnitude();
        let mut groups = Vec::new();
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let cur = (rem << 32) | u64::from(*limb);
                *limb = (cur / BASE) as u32;
                rem = cur % BASE;
            }
            groups.push(rem as u32);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        if self.is_negative() {
            f.write_str("-")?;
        }
        let mut groups = groups.iter().rev();
        if let Some(first) = groups.next() {
            write!(f, "{first}")?;
        }
        groups.try_for_each(|g| write!(f, "{g:09}"))
    }
}

impl<B: Storage, const N: usize> ViewBase<'_, B, N> {
    /// The elements as nested lists, as memoryview's `tolist()`: a 0-d view
    /// gives its element, records give tuples.
    ///
    /// # Errors
    ///
    /// Kind Memory when the lists cannot be allocated (a huge view, or a
    /// huge list of empty lists such as shape `[2^62, 0]`).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Value, View};
    ///
    /// let data = [1u8, 0, 2, 0];
    /// let v = View::new(&data, "<Bx", &[2], &[2], 0)?;
    /// assert_eq!(v.to_value()?, Value::List(vec![Value::Int(1), Value::Int(2)]));
    /// let pairs = View::new(&data, "<2B", &[2], &[2], 0)?.to_value()?;
    /// assert_eq!(pairs.to_string(), "[(1, 0), (2, 0)]");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// let empty = View::new(&[], "B", &[1 << 62, 0], &[0, 0], 0)?;
    /// assert_eq!(empty.to_value().unwrap_err().kind(), ErrorKind::Memory);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn to_value(&self) -> Result<Value> {
        let k = self.itemsize();
        let format = self.format();
        let bytes = self.bytes_ref();
        let mut offsets = Offsets::new(self.layout());
        let mut leaf = || {
            let at = offsets.next().unwrap_or_default();
            Value::from(read_element(
                &format,
                bytes.get(at..at.saturating_add(k)).unwrap_or_default(),
            ))
        };
        if self.ndim() == 0 {
            return Ok(leaf());
        }
        if let Some(typed) = Decoder::of(&format) {
            let layout = self.layout();
            return build_typed(typed, bytes, layout.shape(), layout.strides(), layout.offset());
        }
        build_list(self.shape(), &mut leaf)
    }

    /// The elements' bytes in `order`, in a new `Vec` (memoryview's `tobytes`).
    ///
    /// # Errors
    ///
    /// Kind Memory when `nbytes` cannot be allocated (a broadcast view with a
    /// zero stride can describe terabytes over one byte).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Order, View};
    ///
    /// let data = [1u8, 2, 3, 4];
    /// let m = View::new(&data, "B", &[2, 2], &[2, 1], 0)?;
    /// assert_eq!(m.to_vec(Order::F)?, [1, 3, 2, 4]);
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn to_vec(&self, order: Order) -> Result<Vec<u8>> {
        // Contiguous in the order asked for: one copy, no zeroing first.
        let view = self.as_view();
        let in_order = match order {
            Order::C => view.as_contiguous_bytes(),
            Order::F => view.transpose().as_contiguous_bytes(),
            Order::A => {
                view.as_contiguous_bytes().or_else(|| view.transpose().as_contiguous_bytes())
            }
        };
        if let Some(bytes) = in_order {
            let mut out = Vec::new();
            out.try_reserve_exact(bytes.len()).map_err(|_| NO_MEMORY)?;
            out.extend_from_slice(bytes);
            return Ok(out);
        }
        let mut out = zeroed(self.nbytes())?;
        self.copy_to_slice(&mut out, order)?;
        Ok(out)
    }

    /// The hex text in a new `String` (memoryview's `hex(sep, bytes_per_sep)`).
    ///
    /// # Errors
    ///
    /// Kind Value when `sep` is not ASCII; kind Memory when the text cannot
    /// be allocated.
    ///
    /// # Examples
    ///
    /// ```
    /// let v = view_core::View::from_bytes(b"\xb9\x01\xef");
    /// assert_eq!(v.hex(None, 0)?, "b901ef");
    /// assert_eq!(v.hex(Some('-'), 1)?, "b9-01-ef");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn hex(&self, sep: Option<char>, bytes_per_sep: i32) -> Result<String> {
        let mut out = zeroed(self.hex_len(sep, bytes_per_sep)?)?;
        self.hex_to_slice(&mut out, sep, bytes_per_sep)?;
        // Only an ASCII `sep` gets this far (`hex_len` checks it).
        String::from_utf8(out).map_err(|_| Error::because(Reason::SepNotAscii))
    }
}

const NO_MEMORY: Error = Error::because(Reason::NoMemory);

/// `len` zero bytes, or a kind Memory error instead of aborting.
fn zeroed(len: usize) -> Result<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| NO_MEMORY)?;
    v.resize(len, 0);
    Ok(v)
}

/// An empty list with room for `n` items, or a kind Memory error.
fn list_with_capacity(n: usize) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    items.try_reserve_exact(n).map_err(|_| NO_MEMORY)?;
    Ok(items)
}

/// Nested lists of `shape` for a one-code format: each innermost run is
/// decoded in blocks by a loop specialised for the code.
fn build_typed(
    typed: Decoder,
    bytes: &[u8],
    shape: &[usize],
    strides: &[isize],
    start: usize,
) -> Result<Value> {
    let (Some((&n, shape)), Some((&step, strides))) = (shape.split_first(), strides.split_first())
    else {
        return Ok(Value::List(Vec::new()));
    };
    let mut out = list_with_capacity(n)?;
    if !shape.is_empty() {
        for i in 0..n {
            // Invariant 4: every partial offset of an element fits.
            let at = (start as isize).wrapping_add((i as isize).wrapping_mul(step)) as usize;
            out.push(build_typed(typed, bytes, shape, strides, at)?);
        }
        return Ok(Value::List(out));
    }
    let mut lanes = typed.lanes(false);
    let mut done = 0;
    while done < n {
        let m = (n - done).min(BLOCK);
        let pos = (start as isize).wrapping_add((done as isize).wrapping_mul(step));
        typed.decode(bytes, pos, step, m, &mut lanes);
        match &lanes {
            Lanes::Int(x) => out.extend(x.iter().take(m).map(|&v| Value::Int(v))),
            Lanes::UInt(x) => out.extend(x.iter().take(m).map(|&v| Value::from(v))),
            Lanes::Float(x) => out.extend(x.iter().take(m).map(|&v| Value::Float(v))),
            Lanes::Bool(x) => out.extend(x.iter().take(m).map(|&v| Value::Bool(v))),
        }
        done += m;
    }
    Ok(Value::List(out))
}

/// Nested lists of `shape`, leaves taken in C order.
fn build_list(shape: &[usize], leaf: &mut dyn FnMut() -> Value) -> Result<Value> {
    let Some((&n, rest)) = shape.split_first() else { return Ok(leaf()) };
    let mut items = list_with_capacity(n)?;
    for _ in 0..n {
        items.push(build_list(rest, leaf)?);
    }
    Ok(Value::List(items))
}

impl<const N: usize> ViewMut<'_, N> {
    /// Packs an owned value into the element at `index`; see [`ViewMut::set`].
    ///
    /// # Errors
    ///
    /// As [`ViewMut::set`]; a [`Value::List`] is a wrong type (kind Type).
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{Value, ViewMut};
    ///
    /// let mut data = [0u8; 3];
    /// let mut v = ViewMut::new(&mut data, "B2s", &[], &[], 0)?;
    /// let record = Value::Tuple([Value::Int(7), Value::Bytes(b"hi"[..].into())].into());
    /// v.set_value(&[], &record)?;
    /// assert_eq!(&data, b"\x07hi");
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn set_value(&mut self, index: &[isize], value: &Value) -> Result<()> {
        self.set_from(index, value)
    }
}
