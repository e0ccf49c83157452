//! binary16 rounding written out: the model of the `e` code, independent of
//! the `half` crate (whose `f64` conversion rounds twice on some inputs).

/// `x` rounded to the nearest binary16 value, ties to even, as an `f64`;
/// infinite when it rounds past the largest finite half (65504).
pub(crate) fn nearest_f16(x: f64) -> f64 {
    if x.is_nan() || x.is_infinite() || x == 0.0 {
        return x;
    }
    let bits = x.abs().to_bits();
    let biased = (bits >> 52) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // |x| = m * 2^k exactly, m an integer below 2^53.
    let (m, k) = if biased == 0 { (fraction, -1074) } else { (fraction | 1 << 52, biased - 1075) };
    // The spacing of halves near |x|: 2^(e - 10) for a normal half of
    // exponent e, 2^-24 below the normal range.
    let e = (63 - m.leading_zeros() as i32) + k;
    let quantum = e.max(-14) - 10;
    // n = |x| / 2^quantum, rounded to nearest, ties to even.
    let shift = quantum - k;
    let n: u64 = if shift <= 0 {
        m << (-shift).min(11)
    } else if shift >= 64 {
        0
    } else {
        let floor = m >> shift;
        let rest = m & ((1u64 << shift) - 1);
        let half = 1u64 << (shift - 1);
        if rest > half || (rest == half && floor % 2 == 1) { floor + 1 } else { floor }
    };
    let magnitude = n as f64 * 2f64.powi(quantum);
    let rounded = if magnitude > 65504.0 { f64::INFINITY } else { magnitude };
    if x < 0.0 { -rounded } else { rounded }
}
