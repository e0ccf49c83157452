//! A sequence of operations on a `MemoryView` over a `ByteArray`, and on
//! core `View`/`ViewMut`s over a `Vec<u8>`, driven by the fuzzer.
//!
//! The interpreter and the naive model are the ones the property tests
//! use (`crates/view-std/tests/chain/`): slice on any dimension,
//! index_axis, transpose, permute, cast, get, set, slice assignment,
//! tobytes C/F/A, hex, eq, tolist, toreadonly, release and resize.
//! Properties: every result and error kind equals the model's; `tobytes`
//! is `nbytes` long; after every operation every byte of the buffer equals
//! the model's buffer, so a write outside the written elements (or a failed
//! `set` that wrote anything) is caught.
#![no_main]

#[path = "../../crates/view-std/tests/chain/mod.rs"]
mod chain;

use arbitrary::{Result, Unstructured};
use chain::model::{FORMATS, M};
use chain::{Op, Sep, Sl, Spec};
use libfuzzer_sys::fuzz_target;
use view_core::Order;

fn spec(u: &mut Unstructured<'_>) -> Result<Spec> {
    let fmt = u.choose_index(FORMATS.len())?;
    let k = FORMATS[fmt].size as isize;
    let ndim = if u.ratio(1, 16)? { u.int_in_range(7..=9)? } else { u.int_in_range(0..=6)? };
    let mut shape = Vec::new();
    let mut strides = Vec::new();
    for _ in 0..ndim {
        shape.push(if u.ratio(1, 8)? { 0 } else { u.int_in_range(1..=5)? });
        let r = if u.ratio(1, 6)? { u.int_in_range(-2..=2)? } else { 0 };
        strides.push(u.int_in_range(-3..=3)? * k + r);
    }
    Ok(Spec {
        fmt,
        shape,
        strides,
        front: u.int_in_range(0..=8)?,
        back: u.int_in_range(0..=8)?,
        fill: (0..u.int_in_range(1..=8)?).map(|_| u.arbitrary()).collect::<Result<_>>()?,
    })
}

fn bound(u: &mut Unstructured<'_>) -> Result<Option<isize>> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=2 => None,
        3 => Some(*u.choose(&[isize::MIN, isize::MAX, -(1 << 40), 1 << 40, isize::MIN + 1])?),
        _ => Some(u.int_in_range(-7..=7)?),
    })
}

fn step(u: &mut Unstructured<'_>) -> Result<Option<isize>> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=2 => None,
        3 => Some(*u.choose(&[isize::MIN, isize::MAX, -(1 << 62), 1 << 62, 0])?),
        _ => Some(u.int_in_range(-3..=3)?),
    })
}

fn sl(u: &mut Unstructured<'_>) -> Result<Sl> {
    Ok(Sl { start: bound(u)?, stop: bound(u)?, step: step(u)? })
}

fn leaf(u: &mut Unstructured<'_>) -> Result<M> {
    Ok(match u.int_in_range(0..=5u8)? {
        0 => M::Int(u.int_in_range(-300..=300)?),
        1 => M::Int(i128::from(u.arbitrary::<i64>()?) * i128::from(u.int_in_range(1..=2u8)?)),
        2 => M::Float(if u.arbitrary()? {
            f64::from_bits(u.arbitrary()?)
        } else {
            f64::from(u.arbitrary::<i16>()?) / 8.0
        }),
        3 => M::Bool(u.arbitrary()?),
        _ => M::Bytes((0..u.int_in_range(0..=4)?).map(|_| u.arbitrary()).collect::<Result<_>>()?),
    })
}

fn value(u: &mut Unstructured<'_>) -> Result<M> {
    if u.ratio(1, 5)? {
        Ok(M::Tuple((0..u.int_in_range(0..=3)?).map(|_| leaf(u)).collect::<Result<_>>()?))
    } else {
        leaf(u)
    }
}

fn index(u: &mut Unstructured<'_>) -> Result<Vec<isize>> {
    (0..u.int_in_range(0..=7)?)
        .map(|_| if u.ratio(1, 16)? { Ok(isize::MIN) } else { u.int_in_range(-6..=6) })
        .collect()
}

fn dim(u: &mut Unstructured<'_>) -> Result<usize> {
    Ok(if u.ratio(1, 16)? { usize::MAX } else { u.int_in_range(0..=9)? })
}

fn op(u: &mut Unstructured<'_>) -> Result<Op> {
    let v = u.int_in_range(0..=15)?;
    let fit = !u.ratio(1, 4)?;
    Ok(match u.int_in_range(0..=15u8)? {
        0 => Op::Slice { v, dim: dim(u)?, sl: sl(u)?, fit },
        1 => Op::Index { v, dim: dim(u)?, index: u.int_in_range(-6..=6)?, fit },
        2 => Op::Transpose { v },
        3 => {
            let axes = (0..u.int_in_range(0..=7)?)
                .map(|_| u.int_in_range(0..=7))
                .collect::<Result<_>>()?;
            Op::Permute { v, axes, fit }
        }
        4 => {
            let shape = if u.arbitrary()? {
                Some(
                    (0..u.int_in_range(0..=4)?)
                        .map(|_| u.int_in_range(-1..=8))
                        .collect::<Result<_>>()?,
                )
            } else {
                None
            };
            Op::Cast { v, fmt: u.choose_index(FORMATS.len())?, shape, fit }
        }
        5 => Op::Get { v, index: index(u)?, fit },
        6 => Op::Set { v, index: index(u)?, value: value(u)?, fit },
        7 => Op::SetSlice { dst: v, dim: dim(u)?, sl: sl(u)?, src: u.int_in_range(0..=15)?, fit },
        8 => {
            let bytes =
                (0..u.int_in_range(0..=8)?).map(|_| u.arbitrary()).collect::<Result<_>>()?;
            Op::SetSliceBytes { v, dim: dim(u)?, sl: sl(u)?, bytes, fit }
        }
        9 => Op::ToBytes { v, order: *u.choose(&[Order::C, Order::F, Order::A])? },
        10 => {
            let sep = match u.int_in_range(0..=4u8)? {
                0 => Sep::None,
                1 => Sep::NonAscii,
                2 => Sep::Empty,
                3 => Sep::Two,
                _ => Sep::Ascii(u.arbitrary()?),
            };
            let bytes_per_sep =
                if u.ratio(1, 16)? { u.arbitrary()? } else { u.int_in_range(-6..=6)? };
            Op::Hex { v, sep, bytes_per_sep }
        }
        11 => Op::Eq { a: v, b: u.int_in_range(0..=15)? },
        12 => Op::ToList { v },
        13 => Op::ToReadonly { v },
        14 => Op::Release { v },
        _ => Op::Resize { len: u.int_in_range(0..=16)? },
    })
}

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(spec) = spec(&mut u) else { return };
    let mut ops = Vec::new();
    while !u.is_empty() && ops.len() < 48 {
        match op(&mut u) {
            Ok(op) => ops.push(op),
            Err(_) => break,
        }
    }
    chain::run(&spec, &ops);
});
