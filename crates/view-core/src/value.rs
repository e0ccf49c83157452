//! Owned values (feature `alloc`): the [`Value`] tree of `tolist`, and the
//! allocating forms of copy-out and hex.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::decode::{BLOCK, Decoder, Lanes};
use crate::error::{Error, ErrorKind, Result};
use crate::iter::Offsets;
use crate::layout::Order;
use crate::scalar::{Leaf, Scalar, Source, int_eq_float, read_element, write_bytes_repr};
use crate::view::{Storage, ViewBase, ViewMut};

/// An owned value: one element's value, or nested lists of them (`tolist`).
///
/// Records are tuples; equality is Python's `==` (`Int(1) == Float(1.0)`,
/// `NaN != NaN`).
///
/// # Examples
///
/// ```
/// use view_core::{Value, View};
///
/// let data = [1u8, 2, 3, 4];
/// let m = View::new(&data, "B", &[2, 2], &[2, 1], 0).unwrap();
/// let list = m.to_value().unwrap();
/// assert_eq!(list, Value::List(vec![
///     Value::List(vec![Value::Int(1), Value::Int(2)]),
///     Value::List(vec![Value::Int(3), Value::Int(4)]),
/// ]));
/// assert_eq!(list.to_string(), "[[1, 2], [3, 4]]");
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Value {
    /// An integer.
    Int(i128),
    /// A float.
    Float(f64),
    /// A bool.
    Bool(bool),
    /// Bytes (`c`, `s`, `p`).
    Bytes(Vec<u8>),
    /// A complex number.
    Complex(f64, f64),
    /// The values of a record.
    Tuple(Vec<Value>),
    /// One dimension of a `tolist` result.
    List(Vec<Value>),
}

impl From<Scalar<'_>> for Value {
    fn from(s: Scalar<'_>) -> Self {
        match s {
            Scalar::Int(i) => Self::Int(i),
            Scalar::Float(f) => Self::Float(f),
            Scalar::Bool(b) => Self::Bool(b),
            Scalar::Bytes(b) => Self::Bytes(b.to_vec()),
            Scalar::Complex(re, im) => Self::Complex(re, im),
            Scalar::Record(r) => Self::Tuple(r.values().map(Self::from).collect()),
            Scalar::Tuple(t) => Self::Tuple(t.iter().map(|x| Self::from(*x)).collect()),
        }
    }
}

impl Value {
    /// This value as a [`Scalar`] when it is not a tuple or list.
    fn as_scalar(&self) -> Option<Scalar<'_>> {
        Some(match self {
            Self::Int(i) => Scalar::Int(*i),
            Self::Float(f) => Scalar::Float(*f),
            Self::Bool(b) => Scalar::Bool(*b),
            Self::Bytes(b) => Scalar::Bytes(b),
            Self::Complex(re, im) => Scalar::Complex(*re, *im),
            Self::Tuple(_) | Self::List(_) => return None,
        })
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Tuple(a), Self::Tuple(b)) | (Self::List(a), Self::List(b)) => a == b,
            (Self::Int(i), Self::Float(f)) | (Self::Float(f), Self::Int(i)) => int_eq_float(*i, *f),
            _ => match (self.as_scalar(), other.as_scalar()) {
                (Some(a), Some(b)) => a == b,
                _ => false,
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
            Self::Int(i) => Leaf::Int(*i),
            Self::Float(f) => Leaf::Float(*f),
            Self::Bool(b) => Leaf::Bool(*b),
            Self::Bytes(b) => Leaf::Bytes(b),
            Self::Complex(re, im) => Leaf::Complex(*re, *im),
            Self::Tuple(t) => Leaf::Tuple(t.len()),
            // A list is not a tuple: memoryview refuses it with a TypeError.
            Self::List(_) => Leaf::Other,
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Self::Tuple(t) | Self::List(t) => !t.is_empty(),
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
    /// let v = View::new(&data, "<Bx", &[2], &[2], 0).unwrap();
    /// assert_eq!(v.to_value().unwrap(), Value::List(vec![Value::Int(1), Value::Int(2)]));
    /// let pairs = View::new(&data, "<2B", &[2], &[2], 0).unwrap().to_value().unwrap();
    /// assert_eq!(pairs.to_string(), "[(1, 0), (2, 0)]");
    /// ```
    ///
    /// ```
    /// use view_core::{ErrorKind, View};
    ///
    /// let empty = View::new(&[], "B", &[1 << 62, 0], &[0, 0], 0).unwrap();
    /// assert_eq!(empty.to_value().unwrap_err().kind(), ErrorKind::Memory);
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
    /// let m = View::new(&data, "B", &[2, 2], &[2, 1], 0).unwrap();
    /// assert_eq!(m.to_vec(Order::F).unwrap(), [1, 3, 2, 4]);
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
            out.try_reserve_exact(bytes.len())
                .map_err(|_| Error::new(ErrorKind::Memory, NO_MEMORY))?;
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
    /// assert_eq!(v.hex(None, 0).unwrap(), "b901ef");
    /// assert_eq!(v.hex(Some('-'), 1).unwrap(), "b9-01-ef");
    /// ```
    pub fn hex(&self, sep: Option<char>, bytes_per_sep: i32) -> Result<String> {
        let mut out = zeroed(self.hex_len(sep, bytes_per_sep)?)?;
        self.hex_to_slice(&mut out, sep, bytes_per_sep)?;
        String::from_utf8(out).map_err(|_| Error::value("hex output is not ASCII"))
    }
}

const NO_MEMORY: &str = "cannot allocate memory for the result";

/// `len` zero bytes, or a kind Memory error instead of aborting.
fn zeroed(len: usize) -> Result<Vec<u8>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| Error::new(ErrorKind::Memory, NO_MEMORY))?;
    v.resize(len, 0);
    Ok(v)
}

/// An empty list with room for `n` items, or a kind Memory error.
fn list_with_capacity(n: usize) -> Result<Vec<Value>> {
    let mut items = Vec::new();
    items.try_reserve_exact(n).map_err(|_| Error::new(ErrorKind::Memory, NO_MEMORY))?;
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
            Lanes::Int(x) => out.extend(x.iter().take(m).map(|&v| Value::Int(v.into()))),
            Lanes::UInt(x) => out.extend(x.iter().take(m).map(|&v| Value::Int(v.into()))),
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
    /// let mut v = ViewMut::new(&mut data, "B2s", &[], &[], 0).unwrap();
    /// v.set_value(&[], &Value::Tuple(vec![Value::Int(7), Value::Bytes(b"hi".to_vec())])).unwrap();
    /// assert_eq!(&data, b"\x07hi");
    /// ```
    pub fn set_value(&mut self, index: &[isize], value: &Value) -> Result<()> {
        self.set_from(index, value)
    }
}
