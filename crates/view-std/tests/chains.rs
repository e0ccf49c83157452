//! Random operation chains on random layouts, checked against a naive model
//! (see `chain/mod.rs`): several slices, index_axis, transposes, permutes
//! and casts in a row, then copy-out in C/F/A order, hex, equality, get,
//! set and slice assignment, both through `MemoryView` and through the core
//! views. Layouts have ndim 0 to 6, zero, negative and unaligned strides and
//! zero-length dimensions. The fuzz target `ops` runs the same chains from
//! fuzzer input.

mod chain;

use chain::model::{FORMATS, M};
use chain::{Op, Sep, Sl, Spec, run};
use proptest::prelude::*;
use proptest::test_runner::Config;
use view_core::Order;

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Strides in units of the itemsize, with some off by a byte or two.
fn spec() -> impl Strategy<Value = Spec> {
    (0..FORMATS.len(), 0usize..=6)
        .prop_flat_map(|(fmt, ndim)| {
            let k = FORMATS[fmt].size as isize;
            let extent = prop_oneof![1 => Just(0usize), 8 => 1usize..=4];
            let stride = (-3isize..=3, prop_oneof![6 => Just(0isize), 1 => -2isize..=2])
                .prop_map(move |(m, r)| m * k + r);
            (
                Just(fmt),
                proptest::collection::vec(extent, ndim),
                proptest::collection::vec(stride, ndim),
                0usize..4,
                0usize..4,
                proptest::collection::vec(any::<u8>(), 1..8),
            )
        })
        .prop_map(|(fmt, shape, strides, front, back, fill)| Spec {
            fmt,
            shape,
            strides,
            front,
            back,
            fill,
        })
}

fn bound() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![
        3 => Just(None),
        6 => (-6isize..=6).prop_map(Some),
        1 => prop::sample::select(vec![isize::MIN, isize::MAX, -(1 << 40), 1 << 40]).prop_map(Some),
    ]
}

fn step() -> impl Strategy<Value = Option<isize>> {
    prop_oneof![
        3 => Just(None),
        6 => (-3isize..=3).prop_map(Some),
        1 => prop::sample::select(vec![isize::MIN, isize::MAX, -(1 << 62), 1 << 62]).prop_map(Some),
    ]
}

fn sl() -> impl Strategy<Value = Sl> {
    (bound(), bound(), step()).prop_map(|(start, stop, step)| Sl { start, stop, step })
}

fn leaf() -> impl Strategy<Value = M> {
    prop_oneof![
        4 => (-300i128..300).prop_map(M::Int),
        2 => prop::sample::select(vec![
            127i128, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536, -32768, -32769,
            (1 << 31) - 1, 1 << 31, (1 << 32) - 1, 1 << 32, i64::MIN as i128, i64::MAX as i128,
            u64::MAX as i128, u64::MAX as i128 + 1, i64::MIN as i128 - 1,
        ]).prop_map(M::Int),
        2 => prop::sample::select(vec![
            0.0, -0.0, 1.5, -2.25, 65504.0, 65520.0, 1e40, -1e300, f64::INFINITY, f64::NAN, 1e-8,
        ]).prop_map(M::Float),
        1 => any::<bool>().prop_map(M::Bool),
        2 => proptest::collection::vec(any::<u8>(), 0..4).prop_map(M::Bytes),
    ]
}

fn value() -> impl Strategy<Value = M> {
    prop_oneof![
        6 => leaf(),
        2 => proptest::collection::vec(leaf(), 0..4).prop_map(M::Tuple),
    ]
}

/// Mostly bend the operation's numbers to the view it picks.
fn fit() -> impl Strategy<Value = bool> {
    prop_oneof![3 => Just(true), 1 => Just(false)]
}

fn index() -> impl Strategy<Value = Vec<isize>> {
    proptest::collection::vec(prop_oneof![8 => -5isize..5, 1 => Just(isize::MIN)], 0..=7)
}

fn op() -> impl Strategy<Value = Op> {
    let v = 0usize..16;
    let dim = prop_oneof![8 => 0usize..8, 1 => Just(usize::MAX)];
    prop_oneof![
        6 => (v.clone(), dim.clone(), sl(), fit()).prop_map(|(v, dim, sl, fit)| Op::Slice { v, dim, sl, fit }),
        3 => (v.clone(), dim.clone(), -5isize..5, fit()).prop_map(|(v, dim, index, fit)| Op::Index { v, dim, index, fit }),
        2 => v.clone().prop_map(|v| Op::Transpose { v }),
        2 => (v.clone(), Just(()).prop_perturb(|(), mut rng| {
            let n = rng.random_range(0..=6usize);
            let mut axes: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                axes.swap(i, rng.random_range(0..=i));
            }
            if rng.random_range(0..8) == 0 && n > 0 {
                axes[0] = rng.random_range(0..=n);
            }
            axes
        }), fit()).prop_map(|(v, axes, fit)| Op::Permute { v, axes, fit }),
        4 => (v.clone(), 0..FORMATS.len(), proptest::option::of(proptest::collection::vec(-1i64..=6, 0..=3)), fit())
            .prop_map(|(v, fmt, shape, fit)| Op::Cast { v, fmt, shape, fit }),
        3 => (v.clone(), index(), fit()).prop_map(|(v, index, fit)| Op::Get { v, index, fit }),
        5 => (v.clone(), index(), value(), fit()).prop_map(|(v, index, value, fit)| Op::Set { v, index, value, fit }),
        4 => (v.clone(), dim.clone(), sl(), v.clone(), fit()).prop_map(|(dst, dim, sl, src, fit)| Op::SetSlice { dst, dim, sl, src, fit }),
        2 => (v.clone(), dim, sl(), proptest::collection::vec(any::<u8>(), 0..6), fit())
            .prop_map(|(v, dim, sl, bytes, fit)| Op::SetSliceBytes { v, dim, sl, bytes, fit }),
        4 => (v.clone(), prop::sample::select(vec![Order::C, Order::F, Order::A]))
            .prop_map(|(v, order)| Op::ToBytes { v, order }),
        2 => (v.clone(), prop_oneof![
            Just(Sep::None), any::<u8>().prop_map(Sep::Ascii), Just(Sep::NonAscii), Just(Sep::Empty), Just(Sep::Two),
        ], prop_oneof![8 => -5i64..5, 1 => Just(i64::from(i32::MAX) + 1)])
            .prop_map(|(v, sep, bytes_per_sep)| Op::Hex { v, sep, bytes_per_sep }),
        3 => (v.clone(), v.clone()).prop_map(|(a, b)| Op::Eq { a, b }),
        2 => v.clone().prop_map(|v| Op::ToList { v }),
        1 => v.clone().prop_map(|v| Op::ToReadonly { v }),
        1 => v.prop_map(|v| Op::Release { v }),
        1 => (0usize..8).prop_map(|len| Op::Resize { len }),
    ]
}

proptest! {
    #![proptest_config(config(10000))]

    #[test]
    fn chains_match_the_model(spec in spec(), ops in proptest::collection::vec(op(), 1..16)) {
        run(&spec, &ops);
    }
}

/// Chains that stay on one family of views: no release, no resize, so the
/// writes keep landing.
fn writing_op() -> impl Strategy<Value = Op> {
    op().prop_filter("keeps views alive", |op| {
        !matches!(op, Op::Release { .. } | Op::Resize { .. })
    })
}

proptest! {
    #![proptest_config(config(4000))]

    #[test]
    fn long_chains_match_the_model(spec in spec(), ops in proptest::collection::vec(writing_op(), 16..40)) {
        run(&spec, &ops);
    }
}

#[test]
fn every_format_of_the_model_parses_to_its_size() {
    for f in FORMATS {
        assert_eq!(
            view_core::Format::parse(f.text).map(|x| x.itemsize()),
            Ok(f.size),
            "{}",
            f.text
        );
    }
}
