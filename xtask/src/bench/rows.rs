//! The table's rows and columns, and the steps a round runs.

/// How a row is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Unit {
    /// Bytes per second, printed as GB/s (10^9 bytes).
    Throughput,
    /// Nanoseconds per operation.
    Latency,
}

impl Unit {
    pub(super) fn label(self) -> &'static str {
        match self {
            Self::Throughput => "GB/s",
            Self::Latency => "ns/op",
        }
    }

    /// How many times faster a measurement `this` is than `other` (above 1:
    /// `this` is faster), whichever way the unit runs.
    pub(super) fn speedup(self, this: f64, other: f64) -> f64 {
        match self {
            Self::Throughput => this / other,
            Self::Latency => other / this,
        }
    }
}

/// One row of the table: a criterion group (and the python key of the same name).
#[derive(Debug)]
pub(super) struct Row {
    pub(super) id: &'static str,
    pub(super) what: &'static str,
    pub(super) unit: Unit,
}

impl Row {
    /// The workload a row belongs to (`W8` for `W8-index-typed`): one step of a round.
    pub(super) fn step(&self) -> &'static str {
        self.id.split('-').next().unwrap_or(self.id)
    }
}

pub(super) const ROWS: &[Row] = &[
    Row { id: "W1-buffer", what: "64 MiB B, copy into a buffer", unit: Unit::Throughput },
    Row { id: "W1-vec", what: "64 MiB B, copy into a new Vec", unit: Unit::Throughput },
    Row { id: "W2", what: "[::2] of 64 MiB B, copy out", unit: Unit::Throughput },
    Row { id: "W3", what: "[::3] of 8M d, copy out", unit: Unit::Throughput },
    Row { id: "W4", what: "4096x4096 f, copy out in F order", unit: Unit::Throughput },
    Row { id: "W5-tolist", what: "tolist of 1M d", unit: Unit::Throughput },
    Row { id: "W5-sum", what: "typed iteration, sum of 1M d", unit: Unit::Throughput },
    Row { id: "W6-B", what: "== of two 64 MiB B", unit: Unit::Throughput },
    Row { id: "W6-i-q", what: "== of 2M i and 2M q", unit: Unit::Throughput },
    Row { id: "W6-d", what: "== of two 2M d", unit: Unit::Throughput },
    Row { id: "W7-hex", what: "hex of 1 MiB (GB/s of output)", unit: Unit::Throughput },
    Row { id: "W7-hex-sep", what: "hex of 1 MiB, sep ':'", unit: Unit::Throughput },
    Row { id: "W7-hex-sep4", what: "hex of 1 MiB, ':' every 4", unit: Unit::Throughput },
    Row { id: "W8-index", what: "one index (get -> Scalar)", unit: Unit::Latency },
    Row { id: "W8-index-typed", what: "one index (typed::<f64>().get)", unit: Unit::Latency },
    Row { id: "W8-slice", what: "one slice with step", unit: Unit::Latency },
    Row { id: "W8-cast", what: "one cast", unit: Unit::Latency },
    Row { id: "W8-construct", what: "one view construction", unit: Unit::Latency },
    Row { id: "W8-slice-cap4", what: "one slice, View<4>", unit: Unit::Latency },
    Row { id: "W8-cast-cap4", what: "one cast, View<4>", unit: Unit::Latency },
    Row { id: "W8-construct-cap4", what: "one construction, View<4>", unit: Unit::Latency },
    Row { id: "W8-typed-call", what: "one typed::<f64>() of a d view", unit: Unit::Latency },
    Row { id: "W8-typed-call-order", what: "one typed::<f64>() of a <d view", unit: Unit::Latency },
    Row { id: "W8-index-axis", what: "one index_axis of a 2-D view", unit: Unit::Latency },
    Row { id: "W9", what: "2048x2048 H reversed both dims", unit: Unit::Throughput },
    // The Python bridge (view-pyo3), timed from Python by bench.py: every
    // column of these rows, `this` included, comes from the script.
    Row { id: "W10-import", what: "#[pyfunction] sum of a 1M f8 numpy array", unit: Unit::Latency },
    Row { id: "W10-import-get", what: "#[pyfunction] import + release only", unit: Unit::Latency },
    Row { id: "W10-export", what: "memoryview(obj) of an export", unit: Unit::Latency },
    Row { id: "W10-export-numpy", what: "numpy.asarray(obj) of an export", unit: Unit::Latency },
    Row { id: "W11-record-field", what: "sum of one f field, 64K records", unit: Unit::Throughput },
    Row {
        id: "W11-record-values",
        what: "the same through Record::values",
        unit: Unit::Throughput,
    },
    Row { id: "W11-record-get", what: "the same through Record::get", unit: Unit::Throughput },
    Row {
        id: "W11-records-values",
        what: "the same through records() and values",
        unit: Unit::Throughput,
    },
    Row {
        id: "W11-records-get",
        what: "the same through records() and get",
        unit: Unit::Throughput,
    },
];

/// The row of an id.
pub(super) fn row(id: &str) -> Option<&'static Row> {
    ROWS.iter().find(|r| r.id == id)
}

/// The steps of one round, in order: each workload's rows, both sides.
pub(super) fn steps() -> Vec<&'static str> {
    let mut steps: Vec<&'static str> = Vec::new();
    for row in ROWS {
        if !steps.contains(&row.step()) {
            steps.push(row.step());
        }
    }
    steps
}

/// The criterion filter (a regex over `group/function`) of one step.
pub(super) fn criterion_filter(step: &str) -> String {
    let ids: Vec<&str> = ROWS.iter().filter(|r| r.step() == step).map(|r| r.id).collect();
    format!("^({})/", ids.join("|"))
}

/// Columns measured by criterion, in table order: this workspace, the
/// `ndarray` crate, the specialised crates a user would pick instead, and
/// the memcpy / memcmp limit.
pub(super) const RUST_COLUMNS: [&str; 6] =
    ["this", "ndarray", "const-hex", "faster-hex", "transpose", "limit"];

/// The specialised crates: `this/crate` compares with the fastest present in a row.
pub(super) const CRATE_COLUMNS: [&str; 3] = ["const-hex", "faster-hex", "transpose"];

/// Columns measured by `benches/python/bench.py`.
pub(super) const PYTHON_COLUMNS: [&str; 2] = ["cpython", "numpy"];

/// Columns of the bridge rows (W10) that `bench.py` measures too: this
/// workspace (`viewpy`) and PyO3's own `PyBuffer<f64>`.
pub(super) const BRIDGE_COLUMNS: [&str; 2] = ["this", "pyo3"];

/// The throughput-versus-size series (criterion groups `NAME/COLUMN/SIZE`).
pub(super) const SIZE_GROUPS: [&str; 3] = ["W1-sizes", "W2-sizes", "W9-sizes"];
pub(super) const SIZES: [u64; 3] = [64 << 10, 1 << 20, 64 << 20];

/// Bytes the python side copies in a size-series cell (criterion's rows count the same).
pub(super) fn size_bytes(group: &str, size: u64) -> u64 {
    if group == "W2-sizes" { size / 2 } else { size }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_group_rows_by_workload() {
        assert_eq!(steps(), ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11"]);
        assert_eq!(criterion_filter("W1"), "^(W1-buffer|W1-vec)/");
        assert_eq!(criterion_filter("W9"), "^(W9)/");
    }

    #[test]
    fn speedups_run_the_right_way() {
        assert_eq!(Unit::Throughput.speedup(4.0, 2.0), 2.0);
        assert_eq!(Unit::Latency.speedup(4.0, 2.0), 0.5);
    }
}
