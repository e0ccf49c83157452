//! What one run measured, and its JSON form (saved for `--table-only`,
//! written by `--json`).
//!
//! Every value is kept per round; the table's numbers are medians of
//! them, and a ratio is the median of the per-round ratios.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::rows::{self, CRATE_COLUMNS};
use super::stats::{Spread, spread};

/// Values of one round by row, then column, in the row's unit.
pub(super) type Round = BTreeMap<String, BTreeMap<String, f64>>;

/// Throughput (GB/s) by size-series group, then column, as `(size, value)`.
pub(super) type Series = BTreeMap<String, BTreeMap<String, Vec<(u64, f64)>>>;

/// One run of `cargo xtask bench`.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Results {
    /// `quick` or `full`.
    pub(super) mode: String,
    /// Machine and time, one line.
    pub(super) machine: String,
    pub(super) load_before: String,
    pub(super) load_after: String,
    pub(super) seconds: f64,
    /// `CPython 3.x, numpy 2.y`, or empty.
    pub(super) python: String,
    pub(super) cpython_missing: Option<String>,
    pub(super) numpy_missing: Option<String>,
    pub(super) rounds: Vec<Round>,
    /// Bytes of one operation of each throughput row (criterion's `benchmark.json`).
    pub(super) bytes: BTreeMap<String, u64>,
    /// Instructions per operation by row, then column (callgrind).
    pub(super) instructions: BTreeMap<String, BTreeMap<String, f64>>,
    pub(super) instructions_missing: Option<String>,
    pub(super) sizes: Series,
}

impl Results {
    /// The per-round values of a cell.
    fn values<'a>(&'a self, row: &'a str, column: &'a str) -> impl Iterator<Item = f64> + 'a {
        self.rounds.iter().filter_map(move |r| r.get(row)?.get(column).copied())
    }

    /// The median and range of a cell over the rounds.
    pub(super) fn cell(&self, row: &str, column: &str) -> Option<Spread> {
        spread(self.values(row, column))
    }

    /// `this` against `column` of the same row: the median and range of
    /// the per-round speed ratios (above 1: this workspace is faster).
    pub(super) fn ratio(&self, row: &str, column: &str) -> Option<Spread> {
        self.ratio_to_best(row, &[column])
    }

    /// `this` of `row` against the fastest of `columns` of the same row,
    /// per round, in the row's unit (for throughput rows, bytes written or
    /// read per second).
    pub(super) fn ratio_to_best(&self, row: &str, columns: &[&str]) -> Option<Spread> {
        let unit = rows::row(row)?.unit;
        spread(self.rounds.iter().filter_map(|r| {
            let cells = r.get(row)?;
            let this = *cells.get("this")?;
            columns
                .iter()
                .filter_map(|c| cells.get(*c))
                .map(|&o| unit.speedup(this, o))
                .reduce(f64::min)
        }))
    }

    /// `this` against the fastest specialised crate of the row, if any.
    pub(super) fn crate_ratio(&self, row: &str) -> Option<Spread> {
        self.ratio_to_best(row, &CRATE_COLUMNS)
    }

    /// `this` of `row` as a fraction of the time of `column` in `other_row`, per round.
    pub(super) fn time_fraction(&self, row: &str, other_row: &str, column: &str) -> Option<Spread> {
        spread(
            self.rounds
                .iter()
                .filter_map(|r| Some(r.get(row)?.get("this")? / r.get(other_row)?.get(column)?)),
        )
    }

    pub(super) fn to_json(&self) -> Value {
        let rounds: Vec<Value> = self.rounds.iter().map(|r| json!(r)).collect();
        let sizes: Map<String, Value> = self
            .sizes
            .iter()
            .map(|(g, cols)| {
                let cols: Map<String, Value> = cols
                    .iter()
                    .map(|(c, pts)| {
                        (
                            c.clone(),
                            json!(pts.iter().map(|&(s, v)| json!([s, v])).collect::<Vec<_>>()),
                        )
                    })
                    .collect();
                (g.clone(), Value::Object(cols))
            })
            .collect();
        json!({
            "mode": self.mode,
            "machine": self.machine,
            "load_before": self.load_before,
            "load_after": self.load_after,
            "seconds": self.seconds,
            "python": self.python,
            "cpython_missing": self.cpython_missing,
            "numpy_missing": self.numpy_missing,
            "bytes": self.bytes,
            "instructions": self.instructions,
            "instructions_missing": self.instructions_missing,
            "rounds": rounds,
            "sizes": sizes,
        })
    }

    pub(super) fn from_json(v: &Value) -> Result<Self, String> {
        let text = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default().to_string();
        let opt = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let table = |v: Option<&Value>| -> BTreeMap<String, BTreeMap<String, f64>> {
            let mut out = BTreeMap::new();
            for (row, cols) in v.and_then(Value::as_object).into_iter().flatten() {
                let cols = cols.as_object().into_iter().flatten();
                let cols = cols.filter_map(|(c, x)| Some((c.clone(), x.as_f64()?))).collect();
                out.insert(row.clone(), cols);
            }
            out
        };
        let rounds =
            v.get("rounds").and_then(Value::as_array).ok_or("no `rounds` in the results")?;
        let mut sizes = Series::new();
        for (g, cols) in v.get("sizes").and_then(Value::as_object).into_iter().flatten() {
            let entry = sizes.entry(g.clone()).or_default();
            for (c, pts) in cols.as_object().into_iter().flatten() {
                let pts = pts
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|p| Some((p.get(0)?.as_u64()?, p.get(1)?.as_f64()?)));
                entry.insert(c.clone(), pts.collect());
            }
        }
        let bytes = v.get("bytes").and_then(Value::as_object).into_iter().flatten();
        Ok(Self {
            mode: text("mode"),
            machine: text("machine"),
            load_before: text("load_before"),
            load_after: text("load_after"),
            seconds: v.get("seconds").and_then(Value::as_f64).unwrap_or(0.0),
            python: text("python"),
            cpython_missing: opt("cpython_missing"),
            numpy_missing: opt("numpy_missing"),
            rounds: rounds.iter().map(|r| table(Some(r))).collect(),
            bytes: bytes.filter_map(|(k, b)| Some((k.clone(), b.as_u64()?))).collect(),
            instructions: table(v.get("instructions")),
            instructions_missing: opt("instructions_missing"),
            sizes,
        })
    }
}

/// A spread as JSON: `{"median", "min", "max", "rounds"}` or `null`.
pub(super) fn spread_json(s: Option<Spread>) -> Value {
    s.map_or(
        Value::Null,
        |s| json!({"median": s.median, "min": s.min, "max": s.max, "rounds": s.rounds}),
    )
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Three rounds of W4 and W7 with crate columns; W8 with instructions.
    pub(in super::super) fn sample() -> Results {
        let mut rounds = Vec::new();
        for (k, f) in [1.0, 1.2, 0.8].into_iter().enumerate() {
            let mut r = Round::new();
            let mut w4 = BTreeMap::new();
            w4.insert("this".to_string(), 2.0 * f);
            w4.insert("transpose".to_string(), 1.0);
            w4.insert("numpy".to_string(), 0.4);
            r.insert("W4".into(), w4);
            let mut hex = BTreeMap::new();
            hex.insert("this".to_string(), 10.0);
            hex.insert("const-hex".to_string(), 20.0 + k as f64);
            hex.insert("faster-hex".to_string(), 25.0);
            r.insert("W7-hex".into(), hex);
            let mut sep = BTreeMap::new();
            sep.insert("this".to_string(), 15.0);
            sep.insert("const-hex".to_string(), 20.0);
            sep.insert("faster-hex".to_string(), 25.0);
            r.insert("W7-hex-sep".into(), sep);
            let mut slice = BTreeMap::new();
            slice.insert("this".to_string(), 10.0 * f);
            slice.insert("ndarray".to_string(), 40.0);
            r.insert("W8-slice".into(), slice);
            // The same loop on both sides: 1.01, 1.0 and 0.99 of PyO3's speed.
            let mut import = BTreeMap::new();
            import.insert("this".to_string(), 1000.0 / [1.01, 1.0, 0.99][k]);
            import.insert("pyo3".to_string(), 1000.0);
            r.insert("W10-import".into(), import);
            rounds.push(r);
        }
        let mut instructions = BTreeMap::new();
        let mut slice = BTreeMap::new();
        slice.insert("this".to_string(), 30.0);
        slice.insert("ndarray".to_string(), 90.0);
        instructions.insert("W8-slice".to_string(), slice);
        let mut sizes = Series::new();
        sizes.entry("W1-sizes".into()).or_default().insert("this".into(), vec![(65536, 9.5)]);
        Results {
            mode: "quick".into(),
            machine: "test machine".into(),
            load_before: "0.10 0.20 0.30".into(),
            load_after: "0.40 0.50 0.60".into(),
            seconds: 12.5,
            python: "CPython 3.11.7, numpy 2.4.6".into(),
            cpython_missing: None,
            numpy_missing: Some("no numpy".into()),
            rounds,
            bytes: [("W7-hex".to_string(), 2 << 20), ("W7-hex-sep".to_string(), 3 << 20)]
                .into_iter()
                .collect(),
            instructions,
            instructions_missing: None,
            sizes,
        }
    }

    #[test]
    fn json_round_trip() {
        let r = sample();
        let text = serde_json::to_string(&r.to_json()).unwrap();
        let back = Results::from_json(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn ratios_are_medians_of_per_round_ratios() {
        let r = sample();
        let s = r.ratio("W4", "transpose").unwrap();
        assert_eq!((s.median, s.min, s.max), (2.0, 1.6, 2.4));
        // numpy ratio: 5x in the middle round.
        assert!((r.ratio("W4", "numpy").unwrap().median - 5.0).abs() < 1e-12);
        // Latency: ndarray 40 ns against 10 ns is 4x faster.
        assert_eq!(r.ratio("W8-slice", "ndarray").unwrap().median, 4.0);
        assert_eq!(r.time_fraction("W8-slice", "W8-slice", "ndarray").unwrap().median, 0.25);
        assert_eq!(r.ratio("W4", "cpython"), None);
    }

    #[test]
    fn crate_ratio_takes_the_fastest_crate() {
        let r = sample();
        assert_eq!(r.crate_ratio("W7-hex").unwrap().median, 0.4);
        // Output bytes per second: 15 GB/s of separated hex against 25.
        assert_eq!(r.crate_ratio("W7-hex-sep").unwrap().median, 0.6);
    }
}
