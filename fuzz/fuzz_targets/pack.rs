//! Packing and unpacking single elements: `ViewMut::set_value` then
//! `View::get` (and the same through `MemoryView::set`/`get`), for every
//! format code, every byte-order prefix, repeat counts and records of
//! several codes, with values of every type.
//!
//! Properties: the set succeeds exactly when a hand-written model of
//! memoryview's rules says so, with the model's error kind; after a
//! successful set, get gives the value back (rounded as the code rounds)
//! and no byte outside the element changed; after a failed set no byte
//! changed at all.
#![no_main]

#[path = "../../crates/view-std/tests/packing/mod.rs"]
mod packing;

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use packing::{CODES, PREFIXES, Part};
use view_core::Value;

fn part(u: &mut Unstructured<'_>, native: bool) -> Result<Part> {
    let mut c = *u.choose(CODES)?;
    if !native && b"nNP".contains(&c) {
        c = b'q';
    }
    let code: &'static str = match c {
        b'Z' => *u.choose(&["Ze", "Zf", "Zd"])?,
        other => {
            let i = CODES.iter().position(|&x| x == other).expect("a code");
            std::str::from_utf8(&CODES[i..=i]).expect("ascii")
        }
    };
    let count = match code {
        "s" | "p" => u.int_in_range(0..=6)?,
        _ if u.ratio(1, 5)? => u.int_in_range(0..=3)?,
        _ => 1,
    };
    Ok(Part { code, count })
}

fn value(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=7u8)? {
        0 => Value::Int(u.int_in_range(-300..=300)?),
        1 => {
            let bits = u.int_in_range(0..=66u32)?;
            let edge = (1i128 << bits) + i128::from(u.int_in_range(-2..=1i8)?);
            Value::from(if u.arbitrary()? { -edge } else { edge })
        }
        2 => Value::Float(f64::from_bits(u.arbitrary()?)),
        3 => Value::Float(f64::from(u.arbitrary::<i32>()?) / 16.0),
        4 => Value::Bool(u.arbitrary()?),
        5 => Value::Bytes(
            (0..u.int_in_range(0..=8)?).map(|_| u.arbitrary()).collect::<Result<_>>()?.into(),
        ),
        6 => Value::Complex(f64::from(u.arbitrary::<i16>()?) / 4.0, f64::from_bits(u.arbitrary()?)),
        _ => Value::Tuple(
            (0..u.int_in_range(0..=3)?).map(|_| value(u)).collect::<Result<_>>()?.into(),
        ),
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(prefix) = u.choose(PREFIXES) else { return };
    let native = packing::native(prefix);
    let Ok(n) = u.int_in_range(1..=3usize) else { return };
    let Ok(parts) = (0..n).map(|_| part(&mut u, native)).collect::<Result<Vec<_>>>() else {
        return;
    };
    let Ok(v) = value(&mut u) else { return };
    let Ok(at) = u.int_in_range(0..=2isize) else { return };
    let fill: Vec<u8> = (0..64).map(|_| u.arbitrary().unwrap_or(0xa5)).collect();
    packing::check(prefix, &parts, &v, at, &fill);
});
