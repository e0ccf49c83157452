//! The naive model the integration tests compare view-core against.
//!
//! Everything here is written the slow, obvious way, straight from
//! the conformance case format and Python's documentation, and
//! shares no code with the library: nested loops over index tuples, byte
//! offsets in `i128`, a `struct.unpack`-style decoder for single-code
//! formats, Python's `slice.indices`, and the `bytes.hex` separator rules.
#![allow(dead_code, clippy::indexing_slicing, clippy::cast_possible_wrap, clippy::cast_sign_loss)]

use view_core::{ErrorKind, Scalar};

/// A tiny deterministic generator (splitmix64) for buffer contents.
#[derive(Debug, Clone)]
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }

    pub(crate) fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next_u64() as u8).collect()
    }

    /// A random permutation of `0..n` (Fisher-Yates).
    pub(crate) fn permutation(&mut self, n: usize) -> Vec<usize> {
        let mut p: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i + 1);
            p.swap(i, j);
        }
        p
    }
}

// ------------------------------------------------------------------ layouts

/// Every index tuple of `shape` in C order (last index fastest): the nested
/// loops, written as a recursion over dimensions.
pub(crate) fn c_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    fn go(shape: &[usize], prefix: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        match shape.split_first() {
            None => out.push(prefix.clone()),
            Some((&n, rest)) => {
                for i in 0..n {
                    prefix.push(i);
                    go(rest, prefix, out);
                    prefix.pop();
                }
            }
        }
    }
    let mut out = Vec::new();
    go(shape, &mut Vec::new(), &mut out);
    out
}

/// Every index tuple of `shape` in Fortran order (first index fastest).
pub(crate) fn f_indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let reversed: Vec<usize> = shape.iter().rev().copied().collect();
    c_indices(&reversed)
        .into_iter()
        .map(|mut idx| {
            idx.reverse();
            idx
        })
        .collect()
}

/// `offset + sum(i_d * strides[d])`, exactly.
pub(crate) fn position(strides: &[isize], offset: usize, index: &[usize]) -> i128 {
    let mut p = offset as i128;
    for (&i, &s) in index.iter().zip(strides) {
        p += i as i128 * s as i128;
    }
    p
}

/// The validity rules of SCHEMA.md's "View spec" for a buffer of `len`
/// bytes, checked element by element (fine for the small shapes used here).
pub(crate) fn valid(
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    itemsize: usize,
    len: usize,
) -> bool {
    if itemsize == 0 || shape.len() != strides.len() || shape.len() > 64 {
        return false;
    }
    if shape.iter().any(|&n| n > isize::MAX as usize) || offset > isize::MAX as usize {
        return false;
    }
    let count: u128 = shape.iter().map(|&n| n as u128).product();
    if count * itemsize as u128 > isize::MAX as u128 {
        return false;
    }
    if count == 0 {
        return offset <= len;
    }
    c_indices(shape).iter().all(|idx| {
        let p = position(strides, offset, idx);
        p >= 0 && p + itemsize as i128 <= len as i128
    })
}

/// The lowest and highest element start relative to `offset`, found by
/// visiting every element (None when there are none).
pub(crate) fn reach(shape: &[usize], strides: &[isize]) -> Option<(i128, i128)> {
    let all = c_indices(shape);
    let lo = all.iter().map(|idx| position(strides, 0, idx)).min()?;
    let hi = all.iter().map(|idx| position(strides, 0, idx)).max()?;
    Some((lo, hi))
}

/// `PyBuffer_IsContiguous(view, 'C')` / `'F'`, from its definition.
pub(crate) fn pybuf_contiguous(
    shape: &[usize],
    strides: &[isize],
    itemsize: usize,
    fortran: bool,
) -> bool {
    if shape.contains(&0) {
        return true;
    }
    let dims: Vec<usize> =
        if fortran { (0..shape.len()).collect() } else { (0..shape.len()).rev().collect() };
    let mut expected = itemsize as i128;
    for d in dims {
        if shape[d] > 1 && strides[d] as i128 != expected {
            return false;
        }
        expected *= shape[d] as i128;
    }
    true
}

/// memoryview's `c_contiguous` (SCHEMA.md, "info").
pub(crate) fn mv_c_contiguous(shape: &[usize], strides: &[isize], itemsize: usize) -> bool {
    match shape.len() {
        0 => true,
        1 => shape[0] == 1 || strides[0] == itemsize as isize,
        _ => pybuf_contiguous(shape, strides, itemsize, false),
    }
}

/// memoryview's `f_contiguous`.
pub(crate) fn mv_f_contiguous(shape: &[usize], strides: &[isize], itemsize: usize) -> bool {
    match shape.len() {
        0 => true,
        1 => shape[0] == 1 || strides[0] == itemsize as isize,
        _ => pybuf_contiguous(shape, strides, itemsize, true),
    }
}

/// The element bytes of a layout over `buf`, concatenated in C or F order.
pub(crate) fn gather(
    buf: &[u8],
    shape: &[usize],
    strides: &[isize],
    offset: usize,
    k: usize,
    fortran: bool,
) -> Vec<u8> {
    let order = if fortran { f_indices(shape) } else { c_indices(shape) };
    let mut out = Vec::new();
    for idx in order {
        let p = position(strides, offset, &idx) as usize;
        out.extend_from_slice(&buf[p..p + k]);
    }
    out
}

/// Python's `slice(start, stop, step).indices(n)` then `range(...)`: the
/// selected indices, as `Objects/sliceobject.c` documents them. `step` must
/// not be 0; it is clamped to `>= -isize::MAX` as CPython does.
pub(crate) fn py_slice(
    n: usize,
    start: Option<isize>,
    stop: Option<isize>,
    step: Option<isize>,
) -> Vec<usize> {
    let n = n as i128;
    let step = (step.unwrap_or(1) as i128).max(-(isize::MAX as i128));
    assert_ne!(step, 0);
    let (lower, upper) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let fix = |v: Option<isize>, default: i128| -> i128 {
        match v {
            None => default,
            Some(v) => {
                let mut v = v as i128;
                if v < 0 {
                    v += n;
                    if v < lower {
                        v = lower;
                    }
                } else if v > upper {
                    v = upper;
                }
                v
            }
        }
    };
    let (start, stop) = if step < 0 {
        (fix(start, upper), fix(stop, lower))
    } else {
        (fix(start, lower), fix(stop, upper))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    out
}

// -------------------------------------------------------------------- hex

/// `bytes.hex(sep, bytes_per_sep)` per SCHEMA.md: `sep` between groups of
/// `|bytes_per_sep|` bytes, counted from the right end when positive.
pub(crate) fn py_hex(data: &[u8], sep: Option<char>, bytes_per_sep: i32) -> String {
    let n = data.len();
    let group = bytes_per_sep.unsigned_abs() as usize;
    let mut s = String::new();
    for (j, b) in data.iter().enumerate() {
        if let Some(sep) = sep
            && j > 0
            && group != 0
            && group < n
        {
            let boundary = if bytes_per_sep > 0 {
                (n - j).is_multiple_of(group)
            } else {
                j.is_multiple_of(group)
            };
            if boundary {
                s.push(sep);
            }
        }
        s.push_str(&format!("{b:02x}"));
    }
    s
}

// ------------------------------------------------------------------ values

/// A value as Python's `struct.unpack` gives it (owned, for the model).
#[derive(Debug, Clone)]
pub(crate) enum Val {
    Int(i128),
    Float(f64),
    Bool(bool),
    Bytes(Vec<u8>),
    Complex(f64, f64),
}

/// Size, class and byte order of a single-code format, x86_64 Linux sizes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Code {
    pub(crate) ch: u8,
    pub(crate) size: usize,
    pub(crate) big: bool,
}

/// Parses a single-code format (`"<h"`, `"d"`, `"3s"`, `"Zf"`): the model's
/// own tiny reading of the struct tables in SCHEMA.md.
pub(crate) fn single_code(fmt: &str) -> Code {
    let b = fmt.as_bytes();
    let (prefix, rest) = match b.first() {
        Some(c @ (b'@' | b'=' | b'<' | b'>' | b'!' | b'^')) => (*c, &b[1..]),
        _ => (b'@', b),
    };
    let native = prefix == b'@' || prefix == b'^';
    let big = prefix == b'>' || prefix == b'!';
    let digits: Vec<u8> = rest.iter().copied().take_while(u8::is_ascii_digit).collect();
    let count: usize =
        if digits.is_empty() { 1 } else { std::str::from_utf8(&digits).unwrap().parse().unwrap() };
    let code = &rest[digits.len()..];
    let (ch, size) = match code {
        b"c" | b"b" | b"B" | b"?" | b"x" => (code[0], 1),
        b"h" | b"H" | b"e" => (code[0], 2),
        b"i" | b"I" | b"f" => (code[0], 4),
        b"l" | b"L" => (code[0], if native { 8 } else { 4 }),
        b"q" | b"Q" | b"d" | b"n" | b"N" | b"P" => (code[0], 8),
        b"s" | b"p" => (code[0], count),
        b"Ze" => (b'E', 4),
        b"Zf" => (b'F', 8),
        b"Zd" => (b'D', 16),
        _ => panic!("not a single-code format: {fmt:?}"),
    };
    assert!(count == 1 || ch == b's' || ch == b'p', "{fmt:?}");
    Code { ch, size, big }
}

/// The bytes of a number in memory order, least significant first.
fn le(bytes: &[u8], big: bool) -> Vec<u8> {
    let mut v = bytes.to_vec();
    if big {
        v.reverse();
    }
    v
}

fn unsigned(bytes: &[u8], big: bool) -> u128 {
    le(bytes, big).iter().enumerate().map(|(i, &b)| u128::from(b) << (8 * i)).sum()
}

fn signed(bytes: &[u8], big: bool) -> i128 {
    let u = unsigned(bytes, big) as i128;
    let bits = 8 * bytes.len();
    if u >= 1 << (bits - 1) { u - (1 << bits) } else { u }
}

/// IEEE binary16 decoded by hand: sign, exponent, fraction.
pub(crate) fn half_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let frac = f64::from(bits & 0x3ff);
    match exp {
        0 => sign * frac * 2f64.powi(-24),
        31 if frac == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        e => sign * (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

fn float(bytes: &[u8], big: bool) -> f64 {
    let u = unsigned(bytes, big);
    match bytes.len() {
        2 => half_to_f64(u as u16),
        4 => f64::from(f32::from_bits(u as u32)),
        8 => f64::from_bits(u as u64),
        n => panic!("no float of {n} bytes"),
    }
}

/// `struct.unpack(fmt, bytes)[0]` for a single-code format.
pub(crate) fn decode(fmt: &str, bytes: &[u8]) -> Val {
    let c = single_code(fmt);
    assert_eq!(bytes.len(), c.size, "{fmt:?}");
    match c.ch {
        b'b' | b'h' | b'i' | b'l' | b'q' | b'n' => Val::Int(signed(bytes, c.big)),
        b'B' | b'H' | b'I' | b'L' | b'Q' | b'N' | b'P' => Val::Int(unsigned(bytes, c.big) as i128),
        b'e' | b'f' | b'd' => Val::Float(float(bytes, c.big)),
        b'?' => Val::Bool(bytes[0] != 0),
        b'c' | b's' => Val::Bytes(bytes.to_vec()),
        b'p' => {
            let n = usize::from(bytes[0]).min(bytes.len() - 1);
            Val::Bytes(bytes[1..=n].to_vec())
        }
        b'E' | b'F' | b'D' => {
            let h = c.size / 2;
            Val::Complex(float(&bytes[..h], c.big), float(&bytes[h..], c.big))
        }
        other => panic!("cannot decode {}", char::from(other)),
    }
}

/// Packs an integer or a float exactly (None when it does not fit exactly):
/// used to plant equal values in two views of different formats.
pub(crate) fn encode_exact(fmt: &str, v: &Val) -> Option<Vec<u8>> {
    let c = single_code(fmt);
    let mut le_bytes = match (c.ch, v) {
        (b'b' | b'h' | b'i' | b'l' | b'q' | b'n', Val::Int(i)) => {
            let bits = 8 * c.size as u32;
            let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
            if *i < lo || *i > hi {
                return None;
            }
            (*i as u128).to_le_bytes()[..c.size].to_vec()
        }
        (b'B' | b'H' | b'I' | b'L' | b'Q' | b'N', Val::Int(i)) => {
            if *i < 0 || *i >= 1i128 << (8 * c.size) {
                return None;
            }
            (*i as u128).to_le_bytes()[..c.size].to_vec()
        }
        (b'd', Val::Float(f)) => f.to_bits().to_le_bytes().to_vec(),
        (b'f', Val::Float(f)) => {
            let g = *f as f32;
            if f64::from(g).to_bits() != f.to_bits() && !f.is_nan() {
                return None;
            }
            g.to_bits().to_le_bytes().to_vec()
        }
        (b'd' | b'f' | b'e', Val::Int(i)) => {
            let f = *i as f64;
            if f as i128 != *i {
                return None;
            }
            return encode_exact(fmt, &Val::Float(f));
        }
        (b'e', Val::Float(f)) => {
            // Any candidate will do: exactness is checked with the model's decoder.
            let h = half::f16::from_f64(*f).to_bits();
            let x = half_to_f64(h);
            if !((x.is_nan() && f.is_nan()) || x.to_bits() == f.to_bits()) {
                return None;
            }
            h.to_le_bytes().to_vec()
        }
        (b'c', Val::Bytes(b)) if b.len() == 1 => b.clone(),
        _ => return None,
    };
    if c.big {
        le_bytes.reverse();
    }
    Some(le_bytes)
}

/// Whether a view's value is exactly the model's (floats by bits, any NaN
/// matching any NaN: CPython does not promise NaN payloads on reading).
pub(crate) fn same(s: &Scalar<'_>, v: &Val) -> bool {
    let float_same = |a: f64, b: f64| (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits();
    match (s, v) {
        (Scalar::Int(a), Val::Int(b)) => a == b,
        (Scalar::Float(a), Val::Float(b)) => float_same(*a, *b),
        (Scalar::Bool(a), Val::Bool(b)) => a == b,
        (Scalar::Bytes(a), Val::Bytes(b)) => *a == b.as_slice(),
        (Scalar::Complex(a, b), Val::Complex(c, d)) => float_same(*a, *c) && float_same(*b, *d),
        _ => false,
    }
}

/// Python's `==` between two unpacked values (SCHEMA.md, "eq").
pub(crate) fn py_eq(a: &Val, b: &Val) -> bool {
    fn number(v: &Val) -> Option<(Option<i128>, f64, f64)> {
        match v {
            Val::Int(i) => Some((Some(*i), 0.0, 0.0)),
            Val::Bool(b) => Some((Some(i128::from(*b)), 0.0, 0.0)),
            Val::Float(f) => Some((None, *f, 0.0)),
            Val::Complex(re, im) => Some((None, *re, *im)),
            Val::Bytes(_) => None,
        }
    }
    // An integer equals a float when the float is that exact integer.
    fn int_float(i: i128, f: f64) -> bool {
        f.is_finite() && f.fract() == 0.0 && f.abs() < 2f64.powi(127) && f as i128 == i
    }
    match (a, b) {
        (Val::Bytes(x), Val::Bytes(y)) => x == y,
        (Val::Bytes(_), _) | (_, Val::Bytes(_)) => false,
        _ => {
            let (ia, fa, ima) = number(a).unwrap();
            let (ib, fb, imb) = number(b).unwrap();
            if ima != imb {
                return false;
            }
            match (ia, ib) {
                (Some(x), Some(y)) => x == y,
                (Some(x), None) => int_float(x, fb),
                (None, Some(y)) => int_float(y, fa),
                (None, None) => fa == fb,
            }
        }
    }
}

/// The kind of a result, for comparing errors.
pub(crate) fn kind<T>(r: &Result<T, view_core::Error>) -> Option<ErrorKind> {
    r.as_ref().err().map(view_core::Error::kind)
}
