//! Pack/unpack round trips: every format code in both byte orders (and
//! the native and standard prefixes), through `ViewMut::set_value` /
//! `View::get` and `MemoryView::set` / `get`, against the model in
//! `packing/mod.rs` (shared with the `pack` fuzz target). After a
//! successful set, get gives the value back rounded as the code rounds,
//! pad bytes are zero and no other byte moved; after a failed set, nothing
//! moved.

mod packing;

use packing::{CODES, PREFIXES, Part, check, native, size};
use proptest::prelude::*;
use proptest::test_runner::Config;
use view_core::Value;

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

/// Every code's text, the three complex codes spelled out.
fn codes() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = CODES
        .iter()
        .filter(|&&c| c != b'Z')
        .map(|c| {
            let i = CODES.iter().position(|x| x == c).expect("a code");
            std::str::from_utf8(&CODES[i..=i]).expect("ascii")
        })
        .collect();
    out.extend(["Ze", "Zf", "Zd"]);
    out
}

/// A value of the code's own type: integers anywhere in range (edges
/// included), floats of any bit pattern, bytes, bools, complex numbers.
fn domain_value(code: &'static str, native: bool) -> BoxedStrategy<Value> {
    let bits = 8 * size(code, native) as u32;
    match code {
        "b" | "h" | "i" | "l" | "q" | "n" => {
            let (lo, hi) = (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1);
            prop_oneof![lo..=hi, Just(lo), Just(hi), Just(-1i128), Just(0)]
                .prop_map(Value::from)
                .boxed()
        }
        "B" | "H" | "I" | "L" | "Q" | "N" | "P" => {
            let hi = (1i128 << bits) - 1;
            prop_oneof![0..=hi, Just(hi), Just(0i128)].prop_map(Value::from).boxed()
        }
        "?" => any::<bool>().prop_map(Value::Bool).boxed(),
        "c" => any::<u8>().prop_map(|b| Value::Bytes(vec![b].into())).boxed(),
        "s" | "p" => proptest::collection::vec(any::<u8>(), 0..8)
            .prop_map(|b| Value::Bytes(b.into()))
            .boxed(),
        "e" | "f" | "d" => prop_oneof![
            any::<u64>().prop_map(f64::from_bits),
            -70000.0f64..70000.0,
            Just(f64::INFINITY),
            Just(-0.0),
        ]
        .prop_map(Value::Float)
        .boxed(),
        "Ze" | "Zf" | "Zd" => (-70000.0f64..70000.0, any::<u64>().prop_map(f64::from_bits))
            .prop_map(|(re, im)| Value::Complex(re, im))
            .boxed(),
        _ => Just(Value::Tuple(vec![].into())).boxed(),
    }
}

/// One code, one prefix, a value of its type.
fn one_code() -> impl Strategy<Value = (&'static str, &'static str, usize, Value)> {
    (prop::sample::select(PREFIXES.to_vec()), prop::sample::select(codes()))
        .prop_filter("n, N and P exist only natively", |(prefix, code)| {
            native(prefix) || !matches!(*code, "n" | "N" | "P")
        })
        .prop_flat_map(|(prefix, code)| {
            let count = if matches!(code, "s" | "p") { 0usize..7 } else { 1usize..2 };
            (Just(prefix), Just(code), count, domain_value(code, native(prefix)))
        })
}

/// Any value at all, for the error paths.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        (-300i128..300).prop_map(Value::from),
        any::<i64>().prop_map(|i| Value::from(i128::from(i) * 3)),
        any::<u64>().prop_map(|b| Value::Float(f64::from_bits(b))),
        any::<bool>().prop_map(Value::Bool),
        proptest::collection::vec(any::<u8>(), 0..4).prop_map(|b| Value::Bytes(b.into())),
        (-8.0f64..8.0, -8.0f64..8.0).prop_map(|(re, im)| Value::Complex(re, im)),
    ];
    leaf.prop_recursive(2, 8, 3, |inner| {
        proptest::collection::vec(inner, 0..4).prop_map(|t| Value::Tuple(t.into()))
    })
}

fn part() -> impl Strategy<Value = Part> {
    (prop::sample::select(codes()), 0usize..4).prop_map(|(code, count)| Part {
        code,
        count: if matches!(code, "s" | "p") {
            count * 2
        } else {
            count.min(2).max(usize::from(count != 0))
        },
    })
}

/// The model's binary16 rounding against CPython's `struct` (checked with
/// `struct.unpack('<e', struct.pack('<e', x))`).
#[test]
fn the_half_model_rounds_once_to_nearest_even() {
    use packing::nearest_f16;
    assert_eq!(nearest_f16(15_396.002_668_373_44), 15400.0);
    assert_eq!(nearest_f16(15396.0), 15392.0);
    assert_eq!(nearest_f16(460.625_000_000_000_06), 460.75);
    assert_eq!(nearest_f16(65504.0), 65504.0);
    assert_eq!(nearest_f16(65519.99), 65504.0);
    assert_eq!(nearest_f16(65520.0), f64::INFINITY);
    assert_eq!(nearest_f16(-1.0e-8), 0.0);
    assert_eq!(nearest_f16(2f64.powi(-24)), 2f64.powi(-24));
    assert_eq!(nearest_f16(3.0 * 2f64.powi(-26)), 2f64.powi(-24));
}

#[test]
fn every_code_round_trips_its_edges_in_every_byte_order() {
    for prefix in PREFIXES {
        for code in codes() {
            if !native(prefix) && matches!(code, "n" | "N" | "P") {
                continue;
            }
            let bits = (8 * size(code, native(prefix)) as u32).min(64);
            let edges = [
                Value::Int(0),
                Value::Int(1),
                Value::Int(-1),
                Value::from(1i128 << (bits - 1)),
                Value::from(-(1i128 << (bits - 1))),
                Value::from((1i128 << bits) - 1),
                Value::from(1i128 << bits),
                Value::Float(0.5),
                Value::Float(f64::NAN),
                Value::Float(1e300),
                Value::Bool(true),
                Value::Bytes(b"z".to_vec().into()),
                Value::Bytes(b"xyz".to_vec().into()),
                Value::Complex(1.5, -2.0),
            ];
            let count = if matches!(code, "s" | "p") { 2 } else { 1 };
            for (i, v) in edges.iter().enumerate() {
                check(prefix, &[Part { code, count }], v, (i % 3) as isize, &[0xa5, 0x5a, 0xff, 0]);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(20000))]

    #[test]
    fn a_value_of_the_code_type_round_trips(
        (prefix, code, count, value) in one_code(),
        at in 0isize..3,
        fill in proptest::collection::vec(any::<u8>(), 1..8),
    ) {
        check(prefix, &[Part { code, count }], &value, at, &fill);
    }

    #[test]
    fn records_and_wrong_values_match_the_model(
        prefix in prop::sample::select(PREFIXES.to_vec()),
        parts in proptest::collection::vec(part(), 1..4),
        value in any_value(),
        at in 0isize..3,
        fill in proptest::collection::vec(any::<u8>(), 1..8),
    ) {
        let parts: Vec<Part> = parts
            .into_iter()
            .map(|p| if !native(prefix) && matches!(p.code, "n" | "N" | "P") { Part { code: "q", ..p } } else { p })
            .collect();
        check(prefix, &parts, &value, at, &fill);
    }
}
