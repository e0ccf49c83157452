//! C `long double` (format code `g`) on this target: its size and
//! alignment, and conversion to and from `f64`.
//!
//! On x86 and x86-64 it is the x87 80-bit extended format (64-bit
//! significand with an explicit integer bit, 15-bit exponent), stored in
//! 12 bytes (x86) or 16 bytes (x86-64). Elsewhere this crate treats it as
//! IEEE binary128 in 16 bytes (64-bit Linux on AArch64, RISC-V, ...), or as
//! `double` where the C ABI makes it one (Windows, Apple, 32-bit ARM).
//! Reading rounds to the nearest `f64` (ties to even), as C's
//! `(double)` cast does; writing an `f64` is exact.

/// How `long double` is stored on this target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repr {
    X87,
    Quad,
    Double,
}

const REPR: Repr = if cfg!(any(target_arch = "x86_64", target_arch = "x86")) {
    Repr::X87
} else if cfg!(any(target_os = "windows", target_vendor = "apple", target_pointer_width = "32")) {
    Repr::Double
} else {
    Repr::Quad
};

/// Size and alignment of `long double` in native mode.
pub(crate) const LAYOUT: (usize, usize) = match REPR {
    Repr::X87 if cfg!(target_arch = "x86") => (12, 4),
    Repr::X87 | Repr::Quad => (16, 16),
    Repr::Double => (8, 8),
};

/// The value of `bytes` (one `long double`, native order) as the nearest `f64`.
pub(crate) fn to_f64(bytes: &[u8]) -> f64 {
    let mut raw = [0u8; 16];
    let n = bytes.len().min(16);
    raw[..n].copy_from_slice(&bytes[..n]);
    if cfg!(target_endian = "big") {
        raw[..n].reverse();
    }
    let word = u128::from_le_bytes(raw);
    match REPR {
        Repr::Double => f64::from_bits(word as u64),
        Repr::X87 => {
            let sign = (word >> 79) & 1 == 1;
            let exp = ((word >> 64) & 0x7fff) as i32;
            let mant = word as u64;
            if exp == 0x7fff {
                return special(sign, mant << 1 != 0, mant << 1);
            }
            // Denormals have exponent 1 and no integer bit.
            scale(sign, mant, false, exp.max(1) - 16383 - 63)
        }
        Repr::Quad => {
            let sign = (word >> 127) & 1 == 1;
            let exp = ((word >> 112) & 0x7fff) as i32;
            let frac = word & ((1u128 << 112) - 1);
            if exp == 0x7fff {
                return special(sign, frac != 0, (frac >> 48) as u64);
            }
            let sig = if exp == 0 { frac } else { frac | (1u128 << 112) };
            // Keep the top 64 of the 113 significand bits, the rest as sticky.
            let mant = (sig >> 49) as u64;
            let sticky = sig & ((1u128 << 49) - 1) != 0;
            scale(sign, mant, sticky, exp.max(1) - 16383 - 63)
        }
    }
}

/// Infinity, or a quiet NaN keeping the top bits of the payload.
fn special(sign: bool, nan: bool, payload: u64) -> f64 {
    let s = u64::from(sign) << 63;
    if nan {
        f64::from_bits(s | 0x7ff8_0000_0000_0000 | (payload >> 12))
    } else {
        f64::from_bits(s | 0x7ff0_0000_0000_0000)
    }
}

/// `±mant * 2^e` (with `sticky` bits below `mant`) rounded once to the
/// nearest `f64`, ties to even.
fn scale(sign: bool, mant: u64, sticky: bool, e: i32) -> f64 {
    if mant == 0 {
        return if sign { -0.0 } else { 0.0 };
    }
    // Normalise so the top bit is set; the value is mant * 2^e.
    let lead = mant.leading_zeros();
    let mant = mant << lead;
    let e = e - lead as i32;
    // The f64 unit in the last place: 2^(exp - 52) for normals, 2^-1074 below.
    let top = e + 63;
    let unit = if top >= -1022 { top - 52 } else { -1074 };
    // Bits of `mant` below the last kept place: 11 or more.
    let shift = (unit - e) as u32;
    let (q, rest_nonzero, half_bit) = match shift {
        65.. => (0, true, false),
        64 => (0, mant << 1 != 0 || sticky, true),
        _ => {
            let half = 1u64 << (shift - 1);
            (mant >> shift, mant & (half - 1) != 0 || sticky, mant & half != 0)
        }
    };
    let q = if half_bit && (rest_nonzero || q & 1 == 1) { q + 1 } else { q };
    let s = u64::from(sign) << 63;
    if top >= -1022 {
        // q is in [2^52, 2^53]; a carry to 2^53 moves into the exponent.
        let biased = (unit + 52 + 1023) as u64;
        if biased >= 0x7ff || (biased == 0x7fe && q >> 53 != 0) {
            return f64::from_bits(s | 0x7ff0_0000_0000_0000);
        }
        f64::from_bits(s | ((biased << 52) + (q - (1 << 52))))
    } else {
        // Subnormal: q counts units of 2^-1074; 2^52 of them is the smallest normal.
        f64::from_bits(s | q)
    }
}

/// `d` as one `long double` in native order, in the low bytes of the result.
pub(crate) fn from_f64(d: f64) -> [u8; 16] {
    let bits = d.to_bits();
    let sign = u128::from(bits >> 63);
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let word: u128 = match REPR {
        Repr::Double => u128::from(bits),
        Repr::X87 => {
            let (e, m) = if exp == 0x7ff {
                (0x7fff, (1u64 << 63) | (frac << 11))
            } else if exp == 0 && frac == 0 {
                (0, 0)
            } else if exp == 0 {
                let lead = frac.leading_zeros();
                (-1074 + 63 - lead as i32 + 16383, frac << lead)
            } else {
                (exp - 1023 + 16383, (1u64 << 63) | (frac << 11))
            };
            (sign << 79) | ((e as u128) << 64) | u128::from(m)
        }
        Repr::Quad => {
            let (e, f) = if exp == 0x7ff {
                (0x7fff, u128::from(frac) << 60)
            } else if exp == 0 && frac == 0 {
                (0, 0)
            } else if exp == 0 {
                // Normalise: the leading one becomes the implicit bit.
                let lead = frac.leading_zeros() - 11; // shift to put it at bit 52
                let f = u128::from(frac << lead) & ((1 << 52) - 1);
                (-1022 - lead as i32 + 16383, f << 60)
            } else {
                (exp - 1023 + 16383, u128::from(frac) << 60)
            };
            (sign << 127) | ((e as u128) << 112) | f
        }
    };
    let mut out = word.to_le_bytes();
    if cfg!(target_endian = "big") {
        out[..LAYOUT.0].reverse();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f64_values_round_trip_through_long_double() {
        let samples = [
            0.0,
            -0.0,
            1.0,
            -1.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            1e-310,
            f64::INFINITY,
            f64::NEG_INFINITY,
            core::f64::consts::PI,
        ];
        for d in samples {
            let back = to_f64(&from_f64(d)[..LAYOUT.0]);
            assert_eq!(back.to_bits(), d.to_bits(), "{d:e}");
        }
        assert!(to_f64(&from_f64(f64::NAN)[..LAYOUT.0]).is_nan());
    }

    #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
    #[test]
    fn x87_rounds_to_nearest_even() {
        // 1 + 2^-53 (a tie) rounds to 1; 1 + 2^-53 + 2^-63 rounds up.
        let one = |m: u64| -> [u8; 10] {
            let w = (16383u128 << 64) | u128::from(m);
            let b = w.to_le_bytes();
            let mut out = [0u8; 10];
            out.copy_from_slice(&b[..10]);
            out
        };
        assert_eq!(to_f64(&one((1 << 63) | (1 << 10))), 1.0);
        assert_eq!(to_f64(&one((1 << 63) | (1 << 10) | 1)), 1.0 + f64::EPSILON);
        assert_eq!(to_f64(&one((1 << 63) | (3 << 10))), 1.0 + 2.0 * f64::EPSILON);
        // Beyond f64's range: infinity; far below it: zero.
        let big = ((16383u128 + 1024) << 64) | (1u128 << 63);
        assert_eq!(to_f64(&big.to_le_bytes()[..10]), f64::INFINITY);
        let tiny = 1u128 << 63;
        assert_eq!(to_f64(&tiny.to_le_bytes()[..10]), 0.0);
    }
}
