//! Medians and spreads of per-round values.

/// The median of a set of per-round values with its range.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Spread {
    pub(super) median: f64,
    pub(super) min: f64,
    pub(super) max: f64,
    /// How many rounds gave a value.
    pub(super) rounds: usize,
}

/// The median (mean of the middle two for an even count), minimum and
/// maximum of the finite values; `None` when there are none.
pub(super) fn spread(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
    let mut v: Vec<f64> = values.into_iter().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    let median = if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 };
    Some(Spread { median, min: v[0], max: v[n - 1], rounds: n })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_and_even_counts() {
        let s = spread([3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.rounds), (2.0, 1.0, 3.0, 3));
        let s = spread([4.0, 1.0, 2.0, 3.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (2.5, 1.0, 4.0));
    }

    #[test]
    fn non_finite_values_are_left_out() {
        let s = spread([f64::NAN, 5.0, f64::INFINITY]).unwrap();
        assert_eq!((s.median, s.rounds), (5.0, 1));
        assert_eq!(spread([]), None);
        assert_eq!(spread([f64::NAN]), None);
    }
}
