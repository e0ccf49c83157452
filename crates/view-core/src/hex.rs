//! Hexadecimal output with CPython's `sep` / `bytes_per_sep` rules.

use crate::error::{Error, Reason, Result};

/// Each byte's two lowercase hex digits.
static PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = [DIGITS[i >> 4], DIGITS[i & 15]];
        i += 1;
    }
    table
};

/// Where separators go in the hex of `nbytes` bytes.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Grouping {
    sep: u8,
    group: usize,
    /// Bytes before the first separator.
    first: usize,
}

/// Checks `sep` and `bytes_per_sep` as `bytes.hex` does and works out the
/// grouping for `nbytes` bytes (`None`: no separators).
pub(crate) fn grouping(
    sep: Option<char>,
    bytes_per_sep: i32,
    nbytes: usize,
) -> Result<Option<Grouping>> {
    let Some(sep) = sep else { return Ok(None) };
    if !sep.is_ascii() {
        return Err(Error::because(Reason::SepNotAscii));
    }
    let group = bytes_per_sep.unsigned_abs() as usize;
    if group == 0 || group >= nbytes {
        return Ok(None);
    }
    // Positive: groups are counted from the right end.
    let first = if bytes_per_sep > 0 {
        match nbytes % group {
            0 => group,
            r => r,
        }
    } else {
        group
    };
    Ok(Some(Grouping { sep: sep as u8, group, first }))
}

/// Length of the hex text of `nbytes` bytes.
pub(crate) fn hex_len(nbytes: usize, grouping: Option<Grouping>) -> usize {
    let digits = nbytes.saturating_mul(2);
    match grouping {
        Some(g) if nbytes > 0 => digits.saturating_add((nbytes - 1) / g.group),
        _ => digits,
    }
}

/// Encodes a byte stream given in pieces.
#[derive(Debug)]
pub(crate) struct Encoder {
    grouping: Option<Grouping>,
    /// Bytes left in the current group.
    until_sep: usize,
    /// Whether to use the runtime-dispatched vector kernels (off only in
    /// tests, to cover the fallbacks on any machine).
    vector: bool,
}

impl Encoder {
    pub(crate) fn new(grouping: Option<Grouping>) -> Self {
        Self { grouping, until_sep: grouping.map_or(usize::MAX, |g| g.first), vector: true }
    }

    /// Most output bytes for `n` input bytes.
    pub(crate) const fn max_output(n: usize) -> usize {
        n * 3
    }

    /// Encodes `input` into the front of `out` (at least
    /// `max_output(input.len())` bytes); returns the bytes written.
    pub(crate) fn encode(&mut self, input: &[u8], out: &mut [u8]) -> usize {
        let vector = self.vector;
        let Some(g) = self.grouping else { return hex_plain(input, out, vector) };
        let mut written = 0;
        let mut rest = input;
        while !rest.is_empty() {
            if self.until_sep == 0 {
                // At a group boundary: whole blocks of 16 bytes at once.
                let room = out.get_mut(written..).unwrap_or_default();
                let (used, w) = match g.group {
                    1 => hex_groups::<1, 48>(rest, room, g.sep, vector),
                    2 => hex_groups::<2, 40>(rest, room, g.sep, vector),
                    4 => hex_groups::<4, 36>(rest, room, g.sep, vector),
                    8 => hex_groups::<8, 34>(rest, room, g.sep, vector),
                    16 => hex_groups::<16, 33>(rest, room, g.sep, vector),
                    _ => (0, 0),
                };
                written += w;
                rest = rest.get(used..).unwrap_or_default();
                if rest.is_empty() {
                    break;
                }
                if let Some(slot) = out.get_mut(written) {
                    *slot = g.sep;
                }
                written += 1;
                self.until_sep = g.group;
            }
            let take = self.until_sep.min(rest.len());
            let (now, later) = rest.split_at(take);
            written += hex_plain(now, out.get_mut(written..).unwrap_or_default(), vector);
            self.until_sep -= take;
            rest = later;
        }
        written
    }
}

/// Hex of whole 16-byte blocks of `input` with `sep` before every group of
/// `G` bytes (`G` divides 16; `OUT` = 32 + 16 / `G` bytes per block),
/// starting at a group boundary; returns the bytes consumed and written.
fn hex_groups<const G: usize, const OUT: usize>(
    input: &[u8],
    out: &mut [u8],
    sep: u8,
    vector: bool,
) -> (usize, usize) {
    const { assert!(16 % G == 0 && OUT == 32 + 16 / G) };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = vector;
    #[cfg(target_arch = "x86_64")]
    if let Some(done) = vector.then(|| crate::simd::hex_groups(input, out, sep, G)).flatten() {
        return done;
    }
    let mut outs = out.chunks_exact_mut(OUT);
    let mut blocks = 0;
    for (o, i) in (&mut outs).zip(input.chunks_exact(16)) {
        let Ok(i) = <&[u8; 16]>::try_from(i) else { continue };
        let digits = hex16(i);
        // Fixed sizes throughout: the scatter compiles to plain moves.
        let mut block = [sep; OUT];
        for (k, group) in digits.chunks_exact(2 * G).enumerate() {
            let at = k * (2 * G + 1) + 1;
            if let Some(slot) = block.get_mut(at..at + 2 * G) {
                slot.copy_from_slice(group);
            }
        }
        if let Ok(o) = <&mut [u8; OUT]>::try_from(o) {
            *o = block;
        }
        blocks += 1;
    }
    (16 * blocks, OUT * blocks)
}

/// The hex digits of 4 bytes as 8 ASCII bytes, computed in one `u64`
/// (each nibble gets its own byte lane, then `'0'` or `'a' - 10` is added).
#[inline(always)]
fn hex4(bytes: [u8; 4]) -> [u8; 8] {
    let x = u64::from(u32::from_le_bytes(bytes));
    // Byte j of the input to lane 2j.
    let x = (x | (x << 16)) & 0x0000_ffff_0000_ffff;
    let x = (x | (x << 8)) & 0x00ff_00ff_00ff_00ff;
    // High nibble in lane 2j, low nibble in lane 2j + 1.
    let nibbles = ((x >> 4) & 0x000f_000f_000f_000f) | ((x & 0x000f_000f_000f_000f) << 8);
    // Lanes holding 10..=15 get bit 7 set by adding 0x76 (no lane carries).
    let letters = ((nibbles + 0x7676_7676_7676_7676) >> 7) & 0x0101_0101_0101_0101;
    (nibbles + 0x3030_3030_3030_3030 + letters * 39).to_le_bytes()
}

/// One hex digit (`0..=15` to ASCII).
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn digit(n: u8) -> u8 {
    n + b'0' + (u8::from(n > 9) * 39)
}

/// The hex of 16 bytes. Fixed sizes let the compiler turn the two loops
/// into byte-vector compares, adds and an interleave; kept out of line so
/// that every caller gets that vector body (inlined into some loops, the
/// compare became a data-dependent branch, several times slower).
#[cfg(not(target_arch = "x86_64"))]
#[inline(never)]
fn hex16(input: &[u8; 16]) -> [u8; 32] {
    let mut hi = [0u8; 16];
    let mut lo = [0u8; 16];
    for ((h, l), &b) in hi.iter_mut().zip(&mut lo).zip(input) {
        *h = digit(b >> 4);
        *l = digit(b & 15);
    }
    let mut out = [0u8; 32];
    for (pair, (&h, &l)) in out.chunks_exact_mut(2).zip(hi.iter().zip(&lo)) {
        pair[0] = h;
        pair[1] = l;
    }
    out
}

#[cfg(target_arch = "x86_64")]
use crate::simd::hex16;

/// Hex of `input` without separators into the front of `out`; returns the
/// bytes written (two per input byte that fits).
fn hex_plain(input: &[u8], out: &mut [u8], vector: bool) -> usize {
    let n = input.len().min(out.len() / 2);
    let (Some(input), Some(out)) = (input.get(..n), out.get_mut(..2 * n)) else { return 0 };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = vector;
    #[cfg(target_arch = "x86_64")]
    let (input, out) = {
        let done = if vector { crate::simd::hex_plain(input, out) } else { 0 };
        (input.get(done..).unwrap_or_default(), out.get_mut(2 * done..).unwrap_or_default())
    };
    let mut outs = out.chunks_exact_mut(32);
    let mut ins = input.chunks_exact(16);
    for (o, i) in (&mut outs).zip(&mut ins) {
        if let (Ok(i), Ok(o)) = (<&[u8; 16]>::try_from(i), <&mut [u8; 32]>::try_from(o)) {
            *o = hex16(i);
        }
    }
    let mut outs = outs.into_remainder().chunks_exact_mut(8);
    let mut ins = ins.remainder().chunks_exact(4);
    for (o, i) in (&mut outs).zip(&mut ins) {
        o.copy_from_slice(&hex4([i[0], i[1], i[2], i[3]]));
    }
    for (pair, &b) in outs.into_remainder().chunks_exact_mut(2).zip(ins.remainder()) {
        pair.copy_from_slice(&PAIRS[usize::from(b)]);
    }
    2 * n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(data: &[u8], sep: Option<char>, bps: i32) -> std::string::String {
        let g = grouping(sep, bps, data.len()).unwrap();
        let mut out = std::vec![0u8; hex_len(data.len(), g)];
        let mut enc = Encoder::new(g);
        let mut at = 0;
        let mut buf = [0u8; 30];
        for piece in data.chunks(3) {
            let n = enc.encode(piece, &mut buf);
            out[at..at + n].copy_from_slice(&buf[..n]);
            at += n;
        }
        assert_eq!(at, out.len());
        // In one piece, the fast paths see long runs.
        let mut whole = std::vec![0u8; Encoder::max_output(data.len())];
        let n = Encoder::new(g).encode(data, &mut whole);
        assert_eq!(&whole[..n], &out[..]);
        std::string::String::from_utf8(out).unwrap()
    }

    extern crate std;

    /// CPython's rule, spelled out: the digits, then `sep` between groups
    /// counted from the right (positive) or the left (negative).
    fn model(data: &[u8], sep: u8, bps: i32) -> std::vec::Vec<u8> {
        let g = bps.unsigned_abs() as usize;
        let n = data.len();
        let mut out = std::vec::Vec::new();
        for (i, &b) in data.iter().enumerate() {
            let boundary =
                g > 0 && if bps > 0 { (n - i).is_multiple_of(g) } else { i.is_multiple_of(g) };
            if i > 0 && boundary {
                out.push(sep);
            }
            out.extend_from_slice(&PAIRS[usize::from(b)]);
        }
        out
    }

    proptest::proptest! {
        /// Every kernel (vector on and off, every group size, pieces of
        /// any length at any offset of the input) against the model.
        #[test]
        fn kernels_match_the_model(
            data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
            skip in 0usize..33,
            bps in proptest::sample::select(&[0, 1, -1, 2, -2, 3, 4, -4, 5, 8, -8, 16, -16, 17][..]),
            piece in 1usize..200,
            vector in proptest::prelude::any::<bool>(),
        ) {
            let data = data.get(skip..).unwrap_or_default();
            let sep = (bps != 0).then_some(':');
            let g = grouping(sep, bps, data.len()).unwrap();
            let mut out = std::vec![0u8; hex_len(data.len(), g) + 1];
            // Start writing at an odd offset: no kernel may rely on alignment.
            let mut at = 1;
            let mut enc = Encoder::new(g);
            enc.vector = vector;
            for p in data.chunks(piece) {
                let mut buf = std::vec![0u8; Encoder::max_output(p.len())];
                let n = enc.encode(p, &mut buf);
                out[at..at + n].copy_from_slice(&buf[..n]);
                at += n;
            }
            proptest::prop_assert_eq!(at, out.len());
            let want = if g.is_some() { model(data, b':', bps) } else { model(data, b':', 0) };
            proptest::prop_assert_eq!(&out[1..], &want[..]);
        }
    }

    #[test]
    fn separators_follow_cpython() {
        assert_eq!(hex(b"abc", Some(':'), 2), "61:6263");
        assert_eq!(hex(b"abc", Some(':'), -2), "6162:63");
        assert_eq!(hex(b"abc", Some(':'), 3), "616263");
        assert_eq!(hex(b"abcdefg", Some(' '), 1), "61 62 63 64 65 66 67");
        assert_eq!(hex(b"abcdefg", Some('-'), -3), "616263-646566-67");
        assert_eq!(hex(b"abcdefg", Some('-'), 3), "61-626364-656667");
        assert_eq!(hex(b"", Some('-'), 3), "");
        assert!(grouping(Some('\u{e9}'), 1, 3).is_err());
    }

    #[test]
    fn long_inputs_match_the_table() {
        let data: std::vec::Vec<u8> = (0..=255u8).chain(0..=100).collect();
        let table: std::string::String = data
            .iter()
            .map(|&b| std::string::String::from_utf8(PAIRS[usize::from(b)].to_vec()).unwrap())
            .collect::<std::vec::Vec<_>>()
            .join(":");
        assert_eq!(hex(&data, Some(':'), 1), table);
        assert_eq!(hex(&data, None, 0), table.replace(':', ""));
        for group in [2, 3, 4, 5, 8, 9] {
            for bps in [group, -group] {
                let got = hex(&data, Some('-'), bps);
                assert_eq!(got.replace('-', ""), table.replace(':', ""));
                let parts: std::vec::Vec<&str> = got.split('-').collect();
                let g = group as usize;
                let (inner, edge) = if bps > 0 {
                    (&parts[1..], parts[0])
                } else {
                    (&parts[..parts.len() - 1], parts[parts.len() - 1])
                };
                assert!(inner.iter().all(|p| p.len() == 2 * g), "{bps}");
                assert!(edge.len() <= 2 * g && !edge.is_empty());
            }
        }
    }
}
