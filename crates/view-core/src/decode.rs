//! Block decoding of formats that are one numeric code (`b B h H i I l L q
//! Q n N e f d ?` in any byte order): the reader is chosen once per
//! operation, then each block of up to [`BLOCK`] elements is decoded by a
//! loop specialised for that code, so equality and `tolist` do no
//! per-element dispatch.
//!
//! Decoded values are exactly what [`read_code`](crate::scalar::read_code)
//! gives: integers as `i64` (or `u64` for 8-byte unsigned codes), floats
//! widened to `f64`, bools as any-nonzero-byte.

use crate::error::Result;
use crate::format::{ByteOrder, Class, Format};
use crate::scalar::Scalar;

/// Elements per decoded block.
pub(crate) const BLOCK: usize = 256;

/// How the elements of one format are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reader {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    Bool,
    F16,
    F32,
    F64,
}

impl Reader {
    /// The reader packed as `index` (`reader as u8`; any index past the
    /// last reader, as [`NONE`](Self::NONE), is none): zero-based, so the
    /// reads' jump table takes the index as it is.
    #[inline]
    pub(crate) const fn from_index(index: u8) -> Option<Self> {
        Some(match index {
            0 => Self::I8,
            1 => Self::I16,
            2 => Self::I32,
            3 => Self::I64,
            4 => Self::U8,
            5 => Self::U16,
            6 => Self::U32,
            7 => Self::U64,
            8 => Self::Bool,
            9 => Self::F16,
            10 => Self::F32,
            11 => Self::F64,
            _ => return None,
        })
    }

    /// The packed index of no reader.
    pub(crate) const NONE: u8 = 15;

    /// The reader of items of `class` and `size` bytes, when there is one.
    pub(crate) const fn of(class: Class, size: usize) -> Option<Self> {
        Some(match (class, size) {
            (Class::Signed, 1) => Self::I8,
            (Class::Signed, 2) => Self::I16,
            (Class::Signed, 4) => Self::I32,
            (Class::Signed, 8) => Self::I64,
            (Class::Unsigned, 1) => Self::U8,
            (Class::Unsigned, 2) => Self::U16,
            (Class::Unsigned, 4) => Self::U32,
            (Class::Unsigned, 8) => Self::U64,
            (Class::Bool, 1) => Self::Bool,
            (Class::Float, 2) => Self::F16,
            (Class::Float, 4) => Self::F32,
            (Class::Float, 8) => Self::F64,
            _ => return None,
        })
    }

    /// One element in this target's byte order, as
    /// [`read_code`](crate::scalar::read_code) reads it; `bytes` holds the
    /// element (positions past its end read as zero). Always `Ok`: each
    /// arm builds the caller's `Result` in place, where a `Scalar` built
    /// first and wrapped after was copied whole.
    #[inline]
    pub(crate) fn read(self, bytes: &[u8]) -> Result<Scalar<'_>> {
        fn word<const K: usize>(bytes: &[u8]) -> [u8; K] {
            bytes.first_chunk::<K>().copied().unwrap_or([0; K])
        }
        match self {
            Self::I8 => Ok(Scalar::Int(i128::from(i8::from_ne_bytes(word(bytes))))),
            Self::I16 => Ok(Scalar::Int(i128::from(i16::from_ne_bytes(word(bytes))))),
            Self::I32 => Ok(Scalar::Int(i128::from(i32::from_ne_bytes(word(bytes))))),
            Self::I64 => Ok(Scalar::Int(i128::from(i64::from_ne_bytes(word(bytes))))),
            Self::U8 => Ok(Scalar::Int(i128::from(u8::from_ne_bytes(word(bytes))))),
            Self::U16 => Ok(Scalar::Int(i128::from(u16::from_ne_bytes(word(bytes))))),
            Self::U32 => Ok(Scalar::Int(i128::from(u32::from_ne_bytes(word(bytes))))),
            Self::U64 => Ok(Scalar::Int(i128::from(u64::from_ne_bytes(word(bytes))))),
            Self::Bool => Ok(Scalar::Bool(u8::from_ne_bytes(word(bytes)) != 0)),
            Self::F16 => {
                Ok(Scalar::Float(crate::scalar::f16_to_f64(u16::from_ne_bytes(word(bytes)))))
            }
            Self::F32 => Ok(Scalar::Float(f64::from(f32::from_ne_bytes(word(bytes))))),
            Self::F64 => Ok(Scalar::Float(f64::from_ne_bytes(word(bytes)))),
        }
    }
}

/// A reader and whether its items are in the other byte order.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Decoder {
    reader: Reader,
    swap: bool,
}

/// One decoded block.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lanes {
    Int([i64; BLOCK]),
    UInt([u64; BLOCK]),
    Float([f64; BLOCK]),
    Bool([bool; BLOCK]),
}

impl Decoder {
    /// The reader of a format, when it is one numeric or bool code of a
    /// size `read_code` handles (itemsize 1, 2, 4 or 8).
    pub(crate) fn of(format: &Format<'_>) -> Option<Self> {
        let reader = Reader::of(format.scalar_code()?.class(), format.itemsize())?;
        Some(Self { reader, swap: format.byte_order() != ByteOrder::NATIVE })
    }

    /// Whether this reader's lanes are the element bytes unchanged (native
    /// 8-byte integers and doubles): such a side can be compared straight
    /// from its bytes, without decoding a block first.
    pub(crate) fn is_identity(&self) -> bool {
        !self.swap && matches!(self.reader, Reader::I64 | Reader::U64 | Reader::F64)
    }

    /// An empty block of the type this reader fills; `bool_as_int` reads
    /// bools as the integers 0 and 1 (for comparisons).
    pub(crate) fn lanes(&self, bool_as_int: bool) -> Lanes {
        match self.reader {
            Reader::U64 => Lanes::UInt([0; BLOCK]),
            Reader::F16 | Reader::F32 | Reader::F64 => Lanes::Float([0.0; BLOCK]),
            Reader::Bool if !bool_as_int => Lanes::Bool([false; BLOCK]),
            _ => Lanes::Int([0; BLOCK]),
        }
    }

    /// Decodes `n <= BLOCK` elements starting at byte `start`, `step` bytes
    /// apart, into the front of `lanes` (made by [`lanes`](Self::lanes)).
    /// Positions outside `bytes` decode as zero; callers pass positions
    /// that a valid layout proves in range.
    pub(crate) fn decode(
        &self,
        bytes: &[u8],
        start: isize,
        step: isize,
        n: usize,
        lanes: &mut Lanes,
    ) {
        let s = self.swap;
        macro_rules! ints {
            ($out:expr, $t:ty, $k:literal, $conv:expr) => {
                if s {
                    fill::<_, $k>(bytes, start, step, $out, |b| {
                        $conv(<$t>::from_ne_bytes(b).swap_bytes())
                    })
                } else {
                    fill::<_, $k>(bytes, start, step, $out, |b| $conv(<$t>::from_ne_bytes(b)))
                }
            };
        }
        match (self.reader, lanes) {
            (Reader::I8, Lanes::Int(out)) => ints!(head(out, n), i8, 1, i64::from),
            (Reader::I16, Lanes::Int(out)) => ints!(head(out, n), i16, 2, i64::from),
            (Reader::I32, Lanes::Int(out)) => ints!(head(out, n), i32, 4, i64::from),
            (Reader::I64, Lanes::Int(out)) => ints!(head(out, n), i64, 8, |x| x),
            (Reader::U8, Lanes::Int(out)) => ints!(head(out, n), u8, 1, i64::from),
            (Reader::U16, Lanes::Int(out)) => ints!(head(out, n), u16, 2, i64::from),
            (Reader::U32, Lanes::Int(out)) => ints!(head(out, n), u32, 4, i64::from),
            (Reader::U64, Lanes::UInt(out)) => ints!(head(out, n), u64, 8, |x| x),
            (Reader::Bool, Lanes::Int(out)) => {
                fill::<_, 1>(bytes, start, step, head(out, n), |b| i64::from(b[0] != 0));
            }
            (Reader::Bool, Lanes::Bool(out)) => {
                fill::<_, 1>(bytes, start, step, head(out, n), |b| b[0] != 0);
            }
            (Reader::F16, Lanes::Float(out)) => {
                ints!(head(out, n), u16, 2, crate::scalar::f16_to_f64);
            }
            (Reader::F32, Lanes::Float(out)) => {
                ints!(head(out, n), u32, 4, |x| f64::from(f32::from_bits(x)));
            }
            (Reader::F64, Lanes::Float(out)) => ints!(head(out, n), u64, 8, f64::from_bits),
            // `lanes` always comes from `self.lanes()`.
            _ => {}
        }
    }
}

/// The first `n` (at most all) lanes.
fn head<T>(out: &mut [T; BLOCK], n: usize) -> &mut [T] {
    let n = n.min(BLOCK);
    out.get_mut(..n).unwrap_or_default()
}

/// Fills `out` with the items of `K` bytes at `start`, `start + step`, ...
#[inline(always)]
fn fill<T: Copy + Default, const K: usize>(
    bytes: &[u8],
    start: isize,
    step: isize,
    out: &mut [T],
    conv: impl Fn([u8; K]) -> T,
) {
    let n = out.len();
    if step == K as isize
        && let Ok(start) = usize::try_from(start)
        && let Some(run) = bytes.get(start..start.saturating_add(n * K))
    {
        // Contiguous: fixed-size chunks, no per-item bounds checks.
        for (o, chunk) in out.iter_mut().zip(run.chunks_exact(K)) {
            let mut item = [0u8; K];
            item.copy_from_slice(chunk);
            *o = conv(item);
        }
        return;
    }
    let mut pos = start;
    for o in out.iter_mut() {
        let item = usize::try_from(pos)
            .ok()
            .and_then(|p| bytes.get(p..p.wrapping_add(K)))
            .and_then(|c| <[u8; K]>::try_from(c).ok());
        *o = item.map_or_else(T::default, &conv);
        pos = pos.wrapping_add(step);
    }
}

/// Whether the first `n` lanes of two blocks are pairwise equal as Python
/// values (`NaN != NaN`, `-0.0 == 0.0`, `1 == 1.0`). Both blocks come from
/// [`Decoder::lanes`] with `bool_as_int`.
pub(crate) fn lanes_equal(a: &Lanes, b: &Lanes, n: usize) -> bool {
    use crate::scalar::int_eq_float;
    let n = n.min(BLOCK);
    match (a, b) {
        (Lanes::Int(x), Lanes::Int(y)) => no_difference(x, y, n),
        (Lanes::UInt(x), Lanes::UInt(y)) => no_difference(x, y, n),
        (Lanes::Float(x), Lanes::Float(y)) => all_pairs(x, y, n, |p, q| p == q),
        (Lanes::Int(x), Lanes::UInt(y)) => all_pairs(x, y, n, |p, q| p >= 0 && p as u64 == q),
        (Lanes::UInt(x), Lanes::Int(y)) => all_pairs(x, y, n, |p, q| q >= 0 && q as u64 == p),
        (Lanes::Int(x), Lanes::Float(y)) => all_pairs(x, y, n, |p, q| int_eq_float(p.into(), q)),
        (Lanes::Float(x), Lanes::Int(y)) => all_pairs(x, y, n, |p, q| int_eq_float(q.into(), p)),
        (Lanes::UInt(x), Lanes::Float(y)) => all_pairs(x, y, n, |p, q| int_eq_float(p.into(), q)),
        (Lanes::Float(x), Lanes::UInt(y)) => all_pairs(x, y, n, |p, q| int_eq_float(q.into(), p)),
        // Bools are read as integers for comparisons.
        _ => false,
    }
}

/// `f` holds for every pair of the first `n` lanes. No early exit inside a
/// block, so the loop vectorises; callers stop between blocks.
#[inline(always)]
fn all_pairs<T: Copy, U: Copy>(
    x: &[T; BLOCK],
    y: &[U; BLOCK],
    n: usize,
    f: impl Fn(T, U) -> bool,
) -> bool {
    if n == BLOCK {
        return x.iter().zip(y).fold(true, |acc, (&p, &q)| acc & f(p, q));
    }
    x.iter().zip(y).take(n).fold(true, |acc, (&p, &q)| acc & f(p, q))
}

/// Integer lanes equal: the OR of all XORs is zero (vectorises with plain
/// SSE2, which has no 64-bit compare).
#[inline(always)]
fn no_difference<T>(x: &[T; BLOCK], y: &[T; BLOCK], n: usize) -> bool
where
    T: Copy + Default + PartialEq + core::ops::BitXor<Output = T> + core::ops::BitOr<Output = T>,
{
    let n = n.min(BLOCK);
    let (x, y) = (x.get(..n).unwrap_or_default(), y.get(..n).unwrap_or_default());
    x.iter().zip(y).fold(T::default(), |acc, (&p, &q)| acc | (p ^ q)) == T::default()
}

/// Whether the first `n` lanes of `a` equal `n` native 8-byte elements of an
/// identity reader `b` ([`Decoder::is_identity`]) stored contiguously in
/// `raw`; `None` when this pair has no direct loop (decode `b` instead).
pub(crate) fn lanes_equal_raw(a: &Lanes, b: &Decoder, raw: &[u8], n: usize) -> Option<bool> {
    let n = n.min(BLOCK);
    let raw = raw.get(..n.checked_mul(8)?)?;
    let word = |c: &[u8]| <[u8; 8]>::try_from(c).unwrap_or_default();
    Some(match (a, b.reader) {
        (Lanes::Int(x), Reader::I64) => {
            x.iter()
                .zip(raw.chunks_exact(8))
                .fold(0, |acc, (&p, c)| acc | (p ^ i64::from_ne_bytes(word(c))))
                == 0
        }
        (Lanes::UInt(x), Reader::U64) => {
            x.iter()
                .zip(raw.chunks_exact(8))
                .fold(0, |acc, (&p, c)| acc | (p ^ u64::from_ne_bytes(word(c))))
                == 0
        }
        (Lanes::Float(x), Reader::F64) => x
            .iter()
            .zip(raw.chunks_exact(8))
            .fold(true, |acc, (&p, c)| acc & (p == f64::from_ne_bytes(word(c)))),
        _ => return None,
    })
}

/// Whether `n` contiguous items of `a` in `ra` equal `n` native 8-byte
/// elements of an identity reader `b` ([`Decoder::is_identity`]) in `rb`,
/// read from both byte runs in one pass with no decoded block between;
/// `None` when this pair has no fused loop.
pub(crate) fn runs_equal_raw(
    a: &Decoder,
    ra: &[u8],
    b: &Decoder,
    rb: &[u8],
    n: usize,
) -> Option<bool> {
    if a.swap || !b.is_identity() {
        return None;
    }
    let rb = rb.get(..n.checked_mul(8)?)?;
    macro_rules! ints {
        ($t:ty, $k:literal, $wide:ty) => {{
            let ra = ra.get(..n.checked_mul($k)?)?;
            ra.chunks_exact($k).zip(rb.chunks_exact(8)).fold(0, |acc, (x, y)| {
                let x = <$t>::from_ne_bytes(<[u8; $k]>::try_from(x).unwrap_or_default());
                let y = <$wide>::from_ne_bytes(<[u8; 8]>::try_from(y).unwrap_or_default());
                acc | (<$wide>::from(x) ^ y)
            }) == 0
        }};
    }
    Some(match (a.reader, b.reader) {
        (Reader::I8, Reader::I64) => ints!(i8, 1, i64),
        (Reader::I16, Reader::I64) => ints!(i16, 2, i64),
        (Reader::I32, Reader::I64) => ints!(i32, 4, i64),
        (Reader::U8, Reader::U64) => ints!(u8, 1, u64),
        (Reader::U16, Reader::U64) => ints!(u16, 2, u64),
        (Reader::U32, Reader::U64) => ints!(u32, 4, u64),
        (Reader::F32, Reader::F64) => {
            let ra = ra.get(..n.checked_mul(4)?)?;
            ra.chunks_exact(4).zip(rb.chunks_exact(8)).fold(true, |acc, (x, y)| {
                let x = f32::from_ne_bytes(<[u8; 4]>::try_from(x).unwrap_or_default());
                let y = f64::from_ne_bytes(<[u8; 8]>::try_from(y).unwrap_or_default());
                acc & (f64::from(x) == y)
            })
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use crate::format::Format;
    use crate::scalar::{Scalar, read_other};

    #[test]
    fn readers_read_as_the_general_decoder() {
        let codes = "bBhHiIlLqQnNefd?cPgsx";
        let patterns: [[u8; 16]; 4] =
            [[0; 16], [0xff; 16], [0x80; 16], core::array::from_fn(|i| (i as u8).wrapping_mul(37))];
        for prefix in ["", "@", "^", "=", "<", ">", "!"] {
            for code in codes.chars() {
                let mut text = [0u8; 2];
                let text = format_text(prefix, code, &mut text);
                let Ok(format) = Format::parse(text) else { continue };
                let Some(reader) = format.native_reader() else { continue };
                for bytes in &patterns {
                    let element = &bytes[..format.itemsize()];
                    let (read, other) = (reader.read(element).ok(), read_other(&format, element));
                    let same = match (read, other) {
                        (Some(Scalar::Float(a)), Scalar::Float(b)) => a.to_bits() == b.to_bits(),
                        (read, other) => read == Some(other),
                    };
                    assert!(same, "{text:?}: {read:?} vs {other:?}");
                }
            }
        }
    }

    fn format_text<'a>(prefix: &str, code: char, out: &'a mut [u8; 2]) -> &'a str {
        let n = prefix.len();
        out[..n].copy_from_slice(prefix.as_bytes());
        code.encode_utf8(&mut out[n..]);
        core::str::from_utf8(&out[..=n]).unwrap_or_default()
    }
}
