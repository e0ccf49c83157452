//! One W8 latency operation repeated: `w8_instructions ROW COLUMN ITERS`.
//!
//! `cargo xtask bench` runs this under `valgrind --tool=callgrind` at two
//! iteration counts; the difference of the two instruction totals divided
//! by the difference of the counts is the cost of one operation, setup
//! excluded, and the (row, column) dispatch happens once, before the
//! loop. The operations are those of the W8 groups in
//! `benches/workloads.rs` (same sizes, default view capacity).

use std::hint::black_box;
use std::process::ExitCode;

use ndarray::{ArrayView1, s};
use view_core::{Slice, View};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [row, column, iters] = &args[..] else {
        eprintln!("usage: w8_instructions ROW COLUMN ITERS");
        return ExitCode::from(2);
    };
    let Ok(iters) = iters.parse::<usize>() else {
        eprintln!("ITERS must be a count");
        return ExitCode::from(2);
    };
    let n = 128 * 1024;
    let values: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let src: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let Ok(view) = View::with_shape(&src, "d", &[n]) else { return ExitCode::FAILURE };
    let Ok(typed) = view.typed::<f64>() else { return ExitCode::FAILURE };
    let bytes_view = View::from_bytes(&src);
    let arr = ArrayView1::from(&values[..]);
    let at = n / 3;
    let failed = match (row.as_str(), column.as_str()) {
        ("W8-index", "this") => {
            repeat(iters, || black_box(black_box(&view).get(&[black_box(at as isize)])).is_err())
        }
        ("W8-index-typed", "this") => {
            repeat(iters, || black_box(black_box(&typed).get(&[black_box(at as isize)])).is_err())
        }
        ("W8-index" | "W8-index-typed", "ndarray") => repeat(iters, || {
            black_box(black_box(&arr)[black_box(at)]);
            false
        }),
        ("W8-slice", "this") => repeat(iters, || {
            let s = black_box(view).slice(0, Slice::new(Some(1), None, Some(black_box(2))));
            black_box(s).is_err()
        }),
        ("W8-slice", "ndarray") => repeat(iters, || {
            black_box(black_box(&arr).slice(s![1..;black_box(2)]));
            false
        }),
        ("W8-cast", "this") => {
            repeat(iters, || black_box(black_box(bytes_view).cast(black_box("d"), None)).is_err())
        }
        ("W8-cast", "ndarray") => repeat(iters, || {
            let cast = bytemuck::try_cast_slice::<u8, f64>(black_box(&src)).map(ArrayView1::from);
            black_box(cast).is_err()
        }),
        ("W8-construct", "this") => repeat(iters, || {
            black_box(View::new(black_box(&src), black_box("d"), &[n], &[8], 0)).is_err()
        }),
        ("W8-construct", "ndarray") => repeat(iters, || {
            black_box(ArrayView1::from_shape(black_box(n), black_box(&values[..]))).is_err()
        }),
        _ => {
            eprintln!("no W8 operation {row} / {column}");
            return ExitCode::from(2);
        }
    };
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Runs `op` `iters` times; true when any run failed. The (row, column)
/// dispatch happens once, outside, so the loop counts the operation alone.
#[inline(never)]
fn repeat(iters: usize, mut op: impl FnMut() -> bool) -> bool {
    let mut failed = false;
    for _ in 0..iters {
        failed |= op();
    }
    failed
}
