//! Hexadecimal output with CPython's `sep` / `bytes_per_sep` rules.

use crate::error::{Error, Result};

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
        return Err(Error::value("sep must be ASCII."));
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
}

impl Encoder {
    pub(crate) fn new(grouping: Option<Grouping>) -> Self {
        Self { grouping, until_sep: grouping.map_or(usize::MAX, |g| g.first) }
    }

    /// Most output bytes for `n` input bytes.
    pub(crate) const fn max_output(n: usize) -> usize {
        n * 3
    }

    /// Encodes `input` into the front of `out` (at least
    /// `max_output(input.len())` bytes); returns the bytes written.
    pub(crate) fn encode(&mut self, input: &[u8], out: &mut [u8]) -> usize {
        let Some(g) = self.grouping else {
            for (pair, &b) in out.chunks_exact_mut(2).zip(input) {
                pair.copy_from_slice(&PAIRS[usize::from(b)]);
            }
            return input.len().min(out.len() / 2) * 2;
        };
        let mut written = 0;
        let mut rest = input;
        while !rest.is_empty() {
            if self.until_sep == 0 {
                if let Some(slot) = out.get_mut(written) {
                    *slot = g.sep;
                }
                written += 1;
                self.until_sep = g.group;
            }
            let take = self.until_sep.min(rest.len());
            let (now, later) = rest.split_at(take);
            let dst = out.get_mut(written..written + 2 * take).unwrap_or_default();
            for (pair, &b) in dst.chunks_exact_mut(2).zip(now) {
                pair.copy_from_slice(&PAIRS[usize::from(b)]);
            }
            written += 2 * take;
            self.until_sep -= take;
            rest = later;
        }
        written
    }
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
        std::string::String::from_utf8(out).unwrap()
    }

    extern crate std;

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
}
