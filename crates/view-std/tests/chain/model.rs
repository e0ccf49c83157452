//! The naive model: element values decoded and encoded by hand, and views
//! kept as the explicit list of their elements' byte positions.
//!
//! Nothing here uses the library's arithmetic: positions come from
//! enumerating every index, slices from Python's `range(n)[a:b:c]` written
//! out, contiguity from comparing positions.

use view_core::ErrorKind;

/// How one format decodes, for the formats the chains use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Unsigned integer of this many bytes, big-endian when `true`.
    U(usize, bool),
    /// Signed integer of this many bytes, big-endian when `true`.
    I(usize, bool),
    Bool,
    Char,
    F16(bool),
    F32(bool),
    F64(bool),
    /// `Ns`: a byte string of this many bytes.
    Str(usize),
    /// `<hB`: a record of a little-endian i16 and a u8.
    Rec,
}

/// A format of the chains, with its hand-written description.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fmt {
    pub(crate) text: &'static str,
    pub(crate) kind: Kind,
    pub(crate) size: usize,
    /// One of memoryview's byte formats (`B`, `b`, `c`, optionally `@`).
    pub(crate) byte: bool,
}

const NATIVE_BIG: bool = cfg!(target_endian = "big");

const fn fmt(text: &'static str, kind: Kind, size: usize, byte: bool) -> Fmt {
    Fmt { text, kind, size, byte }
}

/// The formats a chain may use: itemsizes 1, 2, 3, 4 and 8, both byte
/// orders, integers, floats, bools, bytes and a record.
pub(crate) const FORMATS: &[Fmt] = &[
    fmt("B", Kind::U(1, false), 1, true),
    fmt("b", Kind::I(1, false), 1, true),
    fmt("c", Kind::Char, 1, true),
    fmt("@B", Kind::U(1, false), 1, true),
    fmt("?", Kind::Bool, 1, false),
    fmt("<h", Kind::I(2, false), 2, false),
    fmt(">H", Kind::U(2, true), 2, false),
    fmt("h", Kind::I(2, NATIVE_BIG), 2, false),
    fmt("e", Kind::F16(NATIVE_BIG), 2, false),
    fmt("3s", Kind::Str(3), 3, false),
    fmt("<hB", Kind::Rec, 3, false),
    fmt("<i", Kind::I(4, false), 4, false),
    fmt(">I", Kind::U(4, true), 4, false),
    fmt(">f", Kind::F32(true), 4, false),
    fmt("<q", Kind::I(8, false), 8, false),
    fmt(">Q", Kind::U(8, true), 8, false),
    fmt("<d", Kind::F64(false), 8, false),
];

/// A value as the model sees it (Python's int, float, bool, bytes, tuple).
#[derive(Debug, Clone)]
pub(crate) enum M {
    Int(i128),
    Float(f64),
    Bool(bool),
    Bytes(Vec<u8>),
    Tuple(Vec<M>),
}

impl M {
    pub(crate) fn to_value(&self) -> view_core::Value {
        use view_core::Value;
        match self {
            Self::Int(i) => Value::from(*i),
            Self::Float(f) => Value::Float(*f),
            Self::Bool(b) => Value::Bool(*b),
            Self::Bytes(b) => Value::Bytes(b.clone().into()),
            Self::Tuple(t) => Value::Tuple(t.iter().map(Self::to_value).collect::<Box<[_]>>()),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Self::Int(i) => *i != 0,
            Self::Float(f) => *f != 0.0,
            Self::Bool(b) => *b,
            Self::Bytes(b) => !b.is_empty(),
            Self::Tuple(t) => !t.is_empty(),
        }
    }
}

/// The same value, bit for bit (NaN equals NaN, `-0.0` differs from `0.0`).
pub(crate) fn identical(a: &M, b: &M) -> bool {
    match (a, b) {
        (M::Int(x), M::Int(y)) => x == y,
        (M::Float(x), M::Float(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (M::Bool(x), M::Bool(y)) => x == y,
        (M::Bytes(x), M::Bytes(y)) => x == y,
        (M::Tuple(x), M::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| identical(p, q))
        }
        _ => false,
    }
}

/// A library value as a model value (`None` for lists and complex numbers).
pub(crate) fn from_value(v: &view_core::Value) -> Option<M> {
    use view_core::Value;
    Some(match v {
        Value::Int(i) => M::Int((*i).into()),
        Value::BigInt(i) => M::Int(i.to_i128()?),
        Value::Float(f) => M::Float(*f),
        Value::Bool(b) => M::Bool(*b),
        Value::Bytes(b) => M::Bytes(b.to_vec()),
        Value::Tuple(t) => M::Tuple(t.iter().map(from_value).collect::<Option<_>>()?),
        _ => return None,
    })
}

/// Python's `==`.
pub(crate) fn py_eq(a: &M, b: &M) -> bool {
    let as_int = |m: &M| match m {
        M::Int(i) => Some(*i),
        M::Bool(b) => Some(i128::from(*b)),
        _ => None,
    };
    match (a, b) {
        (M::Float(x), M::Float(y)) => x == y,
        (M::Float(f), other) | (other, M::Float(f)) => match as_int(other) {
            // Every integer here has at most 64 bits: exact in i128.
            Some(i) => f.is_finite() && f.fract() == 0.0 && f.abs() < 1e30 && *f as i128 == i,
            None => false,
        },
        (M::Bytes(x), M::Bytes(y)) => x == y,
        (M::Tuple(x), M::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| py_eq(p, q))
        }
        _ => match (as_int(a), as_int(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

fn ordered(bytes: &[u8], big: bool) -> Vec<u8> {
    let mut v = bytes.to_vec();
    if big {
        v.reverse();
    }
    v
}

/// Little-endian bytes to an unsigned integer.
fn le_unsigned(le: &[u8]) -> u128 {
    le.iter().rev().fold(0u128, |acc, &b| (acc << 8) | u128::from(b))
}

fn decode_kind(kind: Kind, bytes: &[u8]) -> M {
    match kind {
        Kind::U(_, big) => M::Int(le_unsigned(&ordered(bytes, big)) as i128),
        Kind::I(n, big) => {
            let u = le_unsigned(&ordered(bytes, big)) as i128;
            let bits = 8 * n as u32;
            M::Int(if u >> (bits - 1) == 1 { u - (1i128 << bits) } else { u })
        }
        Kind::Bool => M::Bool(bytes[0] != 0),
        Kind::Char => M::Bytes(bytes.to_vec()),
        Kind::F16(big) => {
            let le = ordered(bytes, big);
            M::Float(half::f16::from_bits(u16::from_le_bytes([le[0], le[1]])).to_f64())
        }
        Kind::F32(big) => {
            let le = ordered(bytes, big);
            M::Float(f64::from(f32::from_le_bytes([le[0], le[1], le[2], le[3]])))
        }
        Kind::F64(big) => {
            let le = ordered(bytes, big);
            let mut a = [0u8; 8];
            a.copy_from_slice(&le);
            M::Float(f64::from_le_bytes(a))
        }
        Kind::Str(_) => M::Bytes(bytes.to_vec()),
        Kind::Rec => M::Tuple(vec![
            decode_kind(Kind::I(2, false), &bytes[..2]),
            decode_kind(Kind::U(1, false), &bytes[2..3]),
        ]),
    }
}

/// Decodes one element of `FORMATS[f]`.
pub(crate) fn decode(f: usize, bytes: &[u8]) -> M {
    decode_kind(FORMATS[f].kind, bytes)
}

/// What packing a value gives: the bytes, and whether they hold a NaN whose
/// payload the model does not predict.
pub(crate) struct Packed {
    pub(crate) bytes: Vec<u8>,
    pub(crate) nan: bool,
}

fn number(v: &M) -> Result<f64, ErrorKind> {
    match v {
        M::Float(f) => Ok(*f),
        M::Int(i) => Ok(*i as f64),
        M::Bool(b) => Ok(f64::from(u8::from(*b))),
        _ => Err(ErrorKind::Type),
    }
}

fn encode_kind(kind: Kind, v: &M) -> Result<Packed, ErrorKind> {
    let plain = |bytes| Ok(Packed { bytes, nan: false });
    match kind {
        Kind::U(n, big) | Kind::I(n, big) => {
            let i = match v {
                M::Int(i) => *i,
                M::Bool(b) => i128::from(*b),
                _ => return Err(ErrorKind::Type),
            };
            let bits = 8 * n as u32;
            let (lo, hi) = if matches!(kind, Kind::I(..)) {
                (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
            } else {
                (0, (1i128 << bits) - 1)
            };
            if i < lo || i > hi {
                return Err(ErrorKind::Value);
            }
            plain(ordered(&i.to_le_bytes()[..n], big))
        }
        Kind::Bool => plain(vec![u8::from(v.truthy())]),
        Kind::Char => match v {
            M::Bytes(b) if b.len() == 1 => plain(b.clone()),
            M::Bytes(_) => Err(ErrorKind::Value),
            _ => Err(ErrorKind::Type),
        },
        Kind::F16(big) => {
            let f = number(v)?;
            let rounded = super::half::nearest_f16(f);
            if rounded.is_infinite() && f.is_finite() {
                return Err(ErrorKind::Value);
            }
            // Exact: `rounded` is a binary16 value.
            let h = half::f16::from_f64(rounded);
            Ok(Packed { bytes: ordered(&h.to_bits().to_le_bytes(), big), nan: f.is_nan() })
        }
        Kind::F32(big) => {
            let f = number(v)?;
            Ok(Packed { bytes: ordered(&(f as f32).to_le_bytes(), big), nan: f.is_nan() })
        }
        Kind::F64(big) => plain(ordered(&number(v)?.to_le_bytes(), big)),
        Kind::Str(n) => match v {
            M::Bytes(b) => {
                let mut out = b.clone();
                out.resize(n, 0);
                plain(out)
            }
            _ => Err(ErrorKind::Type),
        },
        Kind::Rec => match v {
            M::Tuple(items) if items.len() == 2 => {
                let mut out = encode_kind(Kind::I(2, false), &items[0])?.bytes;
                out.extend(encode_kind(Kind::U(1, false), &items[1])?.bytes);
                plain(out)
            }
            M::Tuple(_) => Err(ErrorKind::Value),
            _ => Err(ErrorKind::Type),
        },
    }
}

/// Packs `v` as one element of `FORMATS[f]`, with memoryview's errors.
pub(crate) fn encode(f: usize, v: &M) -> Result<Packed, ErrorKind> {
    encode_kind(FORMATS[f].kind, v)
}

/// A value of the natural type for `FORMATS[f]`, made from `raw`
/// (integers wrap into range, anything becomes a float for float formats).
pub(crate) fn fit_value(f: usize, raw: &M) -> M {
    let int = |m: &M| match m {
        M::Int(i) => *i,
        M::Float(x) if x.is_finite() => *x as i128,
        M::Bool(b) => i128::from(*b),
        M::Bytes(b) => b.iter().map(|&x| i128::from(x)).sum(),
        M::Tuple(t) => t.len() as i128,
        M::Float(_) => 7,
    };
    let wrap = |i: i128, n: usize, signed: bool| {
        let bits = 8 * n as u32;
        let m = i.rem_euclid(1i128 << bits);
        if signed && m >> (bits - 1) == 1 { m - (1i128 << bits) } else { m }
    };
    let bytes = |m: &M, n: usize| match m {
        M::Bytes(b) if !b.is_empty() => b.iter().copied().cycle().take(n).collect(),
        other => vec![int(other) as u8; n],
    };
    match FORMATS[f].kind {
        Kind::U(n, _) => M::Int(wrap(int(raw), n, false)),
        Kind::I(n, _) => M::Int(wrap(int(raw), n, true)),
        Kind::Bool => M::Bool(int(raw) % 2 != 0),
        Kind::Char => M::Bytes(bytes(raw, 1)),
        Kind::F16(_) | Kind::F32(_) | Kind::F64(_) => match raw {
            M::Float(x) if x.abs() < 60000.0 || !x.is_finite() => M::Float(*x),
            other => M::Float(int(other) as f64 / 4.0),
        },
        Kind::Str(n) => M::Bytes(bytes(raw, n)),
        Kind::Rec => M::Tuple(vec![
            M::Int(wrap(int(raw), 2, true)),
            M::Int(wrap(int(raw).wrapping_mul(3), 1, false)),
        ]),
    }
}

/// Python's `range(n)[start:stop:step]`, written out.
pub(crate) fn py_slice(
    n: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: Option<isize>,
) -> Result<Vec<usize>, ErrorKind> {
    let step = i128::from(step.unwrap_or(1) as i64);
    if step == 0 {
        return Err(ErrorKind::Value);
    }
    let n = n as i128;
    let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let clamp = |v: Option<isize>, default: i128| match v {
        None => default,
        Some(v) => {
            let v = v as i128;
            if v < 0 { (v + n).max(lower) } else { v.min(upper) }
        }
    };
    let start = clamp(start, if step < 0 { upper } else { lower });
    let stop = clamp(stop, if step < 0 { lower } else { upper });
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Ok(out)
}

/// Python's index into a dimension of `n` (negative counts from the end).
pub(crate) fn py_index(i: isize, n: usize) -> Option<usize> {
    let j = if i < 0 { i as i128 + n as i128 } else { i as i128 };
    (0..n as i128).contains(&j).then_some(j as usize)
}

/// Calls `f` with every index of `shape`, last index fastest (C order) or
/// first index fastest (F order).
pub(crate) fn each_index(shape: &[usize], fortran: bool, mut f: impl FnMut(&[usize])) {
    if shape.contains(&0) {
        return;
    }
    // The dimensions in the order they advance: last fastest, or first.
    let dims: Vec<usize> =
        if fortran { (0..shape.len()).collect() } else { (0..shape.len()).rev().collect() };
    let mut idx = vec![0usize; shape.len()];
    loop {
        f(&idx);
        let mut carried = true;
        for &d in &dims {
            idx[d] += 1;
            if idx[d] < shape[d] {
                carried = false;
                break;
            }
            idx[d] = 0;
        }
        if carried {
            return;
        }
    }
}

/// The C-order rank of `idx` in `shape`.
pub(crate) fn rank(shape: &[usize], idx: &[usize]) -> usize {
    shape.iter().zip(idx).fold(0, |acc, (&n, &i)| acc * n + i)
}

pub(crate) fn count(shape: &[usize]) -> usize {
    shape.iter().product()
}

/// A view as the model keeps it: a format, a shape, the strides and offset
/// (only to predict strides, overflow and contiguity), and the byte
/// position of every element in C order.
#[derive(Debug, Clone)]
pub(crate) struct MView {
    pub(crate) fmt: usize,
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<i128>,
    pub(crate) offset: i128,
    pub(crate) pos: Vec<usize>,
    pub(crate) readonly: bool,
    pub(crate) released: bool,
    /// Which export the view belongs to (MemoryView world).
    pub(crate) family: usize,
}

impl MView {
    /// A view from its parts; `None` when some element is outside `len` bytes.
    pub(crate) fn new(
        fmt: usize,
        shape: &[usize],
        strides: &[isize],
        offset: usize,
        len: usize,
    ) -> Option<Self> {
        let k = FORMATS[fmt].size;
        let mut pos = Vec::new();
        let mut inside = true;
        each_index(shape, false, |idx| {
            let p = offset as i128
                + idx.iter().zip(strides).map(|(&i, &s)| i as i128 * s as i128).sum::<i128>();
            if p < 0 || p + k as i128 > len as i128 {
                inside = false;
            }
            pos.push(p.max(0) as usize);
        });
        if !inside || (count(shape) == 0 && offset > len) {
            return None;
        }
        Some(Self {
            fmt,
            shape: shape.to_vec(),
            strides: strides.iter().map(|&s| s as i128).collect(),
            offset: offset as i128,
            pos,
            readonly: false,
            released: false,
            family: 0,
        })
    }

    pub(crate) fn k(&self) -> usize {
        FORMATS[self.fmt].size
    }

    pub(crate) fn ndim(&self) -> usize {
        self.shape.len()
    }

    pub(crate) fn count(&self) -> usize {
        count(&self.shape)
    }

    pub(crate) fn nbytes(&self) -> usize {
        self.count() * self.k()
    }

    /// A view of the same elements rearranged: `new_shape`, and for each
    /// new index the old index it reads.
    fn remap(&self, new_shape: &[usize], old: impl Fn(&[usize]) -> Vec<usize>) -> Vec<usize> {
        let mut pos = Vec::new();
        each_index(new_shape, false, |idx| pos.push(self.pos[rank(&self.shape, &old(idx))]));
        pos
    }

    pub(crate) fn slice(
        &self,
        dim: usize,
        start: Option<isize>,
        stop: Option<isize>,
        step: Option<isize>,
    ) -> Result<Self, ErrorKind> {
        if self.ndim() == 0 {
            return Err(ErrorKind::Type);
        }
        if dim >= self.ndim() {
            return Err(ErrorKind::Index);
        }
        let picked = py_slice(self.shape[dim], start, stop, step)?;
        // Python clamps the step to >= -isize::MAX.
        let step = i128::from(step.unwrap_or(1).max(-isize::MAX) as i64);
        let stride = self.strides[dim] * step;
        if stride < isize::MIN as i128 || stride > isize::MAX as i128 {
            return Err(ErrorKind::Overflow);
        }
        let mut shape = self.shape.clone();
        shape[dim] = picked.len();
        let pos = self.remap(&shape, |idx| {
            let mut old = idx.to_vec();
            old[dim] = picked[idx[dim]];
            old
        });
        let mut strides = self.strides.clone();
        strides[dim] = stride;
        let offset = match picked.first() {
            Some(&first) if count(&shape) > 0 => self.offset + first as i128 * self.strides[dim],
            _ => self.offset,
        };
        Ok(Self { shape, strides, offset, pos, ..self.clone() })
    }

    pub(crate) fn index_axis(&self, dim: usize, index: isize) -> Result<Self, ErrorKind> {
        if self.ndim() == 0 {
            return Err(ErrorKind::Type);
        }
        if dim >= self.ndim() {
            return Err(ErrorKind::Index);
        }
        let i = py_index(index, self.shape[dim]).ok_or(ErrorKind::Index)?;
        let mut shape = self.shape.clone();
        shape.remove(dim);
        let mut strides = self.strides.clone();
        let stride = strides.remove(dim);
        let pos = self.remap(&shape, |idx| {
            let mut old = idx.to_vec();
            old.insert(dim, i);
            old
        });
        let offset = if count(&shape) > 0 { self.offset + i as i128 * stride } else { self.offset };
        Ok(Self { shape, strides, offset, pos, ..self.clone() })
    }

    pub(crate) fn permute(&self, axes: &[usize]) -> Result<Self, ErrorKind> {
        let mut sorted = axes.to_vec();
        sorted.sort_unstable();
        if sorted != (0..self.ndim()).collect::<Vec<_>>() {
            return Err(ErrorKind::Value);
        }
        let shape: Vec<usize> = axes.iter().map(|&a| self.shape[a]).collect();
        let strides = axes.iter().map(|&a| self.strides[a]).collect();
        let pos = self.remap(&shape, |idx| {
            let mut old = vec![0; idx.len()];
            for (d, &a) in axes.iter().enumerate() {
                old[a] = idx[d];
            }
            old
        });
        Ok(Self { shape, strides, pos, ..self.clone() })
    }

    pub(crate) fn transpose(&self) -> Self {
        let axes: Vec<usize> = (0..self.ndim()).rev().collect();
        self.permute(&axes).expect("a reversal is a permutation")
    }

    /// `PyBuffer_IsContiguous`, decided from the positions.
    pub(crate) fn buffer_contiguous(&self, fortran: bool) -> bool {
        if self.count() == 0 {
            return true;
        }
        let k = self.k();
        let first = self.pos[0];
        let mut n = 0usize;
        let mut ok = true;
        each_index(&self.shape, fortran, |idx| {
            ok &= self.pos[rank(&self.shape, idx)] == first + n * k;
            n += 1;
        });
        ok
    }

    /// memoryview's `c_contiguous` flag (its 1-D rule looks at the stride).
    pub(crate) fn c_contiguous(&self) -> bool {
        match self.ndim() {
            0 => true,
            1 => self.shape[0] == 1 || self.strides[0] == self.k() as i128,
            _ => self.buffer_contiguous(false),
        }
    }

    /// memoryview's `f_contiguous` flag.
    pub(crate) fn f_contiguous(&self) -> bool {
        match self.ndim() {
            0 | 1 => self.c_contiguous(),
            _ => self.buffer_contiguous(true),
        }
    }

    /// `cast(FORMATS[to], shape)` with memoryview's checks in its order.
    pub(crate) fn cast(&self, to: usize, shape: Option<&[i64]>) -> Result<Self, ErrorKind> {
        if !self.c_contiguous() {
            return Err(ErrorKind::Type);
        }
        if (shape.is_some() || self.ndim() != 1) && self.count() == 0 {
            return Err(ErrorKind::Type);
        }
        if let Some(shape) = shape {
            if shape.len() > 64 {
                return Err(ErrorKind::Value);
            }
            if self.ndim() != 1 && shape.len() != 1 {
                return Err(ErrorKind::Type);
            }
        }
        if !FORMATS[self.fmt].byte && !FORMATS[to].byte {
            return Err(ErrorKind::Type);
        }
        let nbytes = self.nbytes();
        let k = FORMATS[to].size;
        if !nbytes.is_multiple_of(k) {
            return Err(ErrorKind::Type);
        }
        let new_shape: Vec<usize> = match shape {
            None => vec![nbytes / k],
            Some(shape) => {
                let mut product = k as i128;
                for &n in shape {
                    if n <= 0 {
                        return Err(ErrorKind::Value);
                    }
                    product = product.saturating_mul(n as i128);
                    if product > isize::MAX as i128 {
                        return Err(ErrorKind::Value);
                    }
                }
                if product != nbytes as i128 {
                    return Err(ErrorKind::Type);
                }
                shape.iter().map(|&n| n as usize).collect()
            }
        };
        let mut strides = vec![0i128; new_shape.len()];
        let mut acc = k as i128;
        for d in (0..new_shape.len()).rev() {
            strides[d] = acc;
            acc *= new_shape[d] as i128;
        }
        let start = self.offset as usize;
        let pos = (0..count(&new_shape)).map(|j| start + j * k).collect();
        Ok(Self { fmt: to, shape: new_shape, strides, pos, ..self.clone() })
    }

    /// The element at a Python index, with memoryview's errors.
    pub(crate) fn locate(&self, index: &[isize]) -> Result<usize, ErrorKind> {
        if self.ndim() == 0 {
            return if index.is_empty() { Ok(self.pos[0]) } else { Err(ErrorKind::Type) };
        }
        if index.len() < self.ndim() {
            return Err(ErrorKind::NotImplemented);
        }
        if index.len() > self.ndim() {
            return Err(ErrorKind::Type);
        }
        let mut idx = Vec::new();
        for (&i, &n) in index.iter().zip(&self.shape) {
            idx.push(py_index(i, n).ok_or(ErrorKind::Index)?);
        }
        Ok(self.pos[rank(&self.shape, &idx)])
    }

    /// The elements' bytes in C or F order.
    pub(crate) fn gather(&self, buf: &[u8], fortran: bool) -> Vec<u8> {
        let k = self.k();
        let mut out = Vec::new();
        each_index(&self.shape, fortran, |idx| {
            let p = self.pos[rank(&self.shape, idx)];
            out.extend_from_slice(&buf[p..p + k]);
        });
        out
    }

    /// The elements' values in C order.
    pub(crate) fn values(&self, buf: &[u8]) -> Vec<M> {
        let k = self.k();
        self.pos.iter().map(|&p| decode(self.fmt, &buf[p..p + k])).collect()
    }
}

/// memoryview's shape test: the same ndim, extents equal up to the first 0.
pub(crate) fn same_shape(a: &[usize], b: &[usize]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (&x, &y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
        if x == 0 {
            break;
        }
    }
    true
}

/// memoryview's `==` on two model views of `buf`.
pub(crate) fn views_equal(a: &MView, b: &MView, buf: &[u8]) -> bool {
    if !same_shape(&a.shape, &b.shape) {
        return false;
    }
    if a.count() == 0 || b.count() == 0 {
        return true;
    }
    a.values(buf).iter().zip(b.values(buf)).all(|(x, y)| py_eq(x, &y))
}

/// `bytes.hex(sep, bytes_per_sep)` written out.
pub(crate) fn py_hex(bytes: &[u8], sep: Option<char>, bytes_per_sep: i64) -> String {
    let digits: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let group = bytes_per_sep.unsigned_abs() as usize;
    let Some(sep) = sep else { return digits.concat() };
    if group == 0 {
        return digits.concat();
    }
    let mut groups: Vec<String> = Vec::new();
    if bytes_per_sep > 0 {
        // Counted from the right.
        let mut end = digits.len();
        while end > 0 {
            let start = end.saturating_sub(group);
            groups.insert(0, digits[start..end].concat());
            end = start;
        }
    } else {
        groups = digits.chunks(group).map(|c| c.concat()).collect();
    }
    groups.join(&sep.to_string())
}
