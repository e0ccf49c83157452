//! Packing single elements against a hand-written model of memoryview's
//! rules, shared by the property test `tests/pack_roundtrip.rs` and the
//! `pack` fuzz target (`fuzz/fuzz_targets/pack.rs`, which includes this
//! module by path).
//!
//! [`check`] builds a format from a byte-order prefix and a few codes, puts
//! three elements between two guard bytes, sets one element to a value and
//! checks: the set succeeds exactly when the model says so, with the
//! model's error kind; after a success, get gives the value back (rounded
//! as the code rounds), pad bytes are zero, and no byte outside the element
//! changed; after a failure no byte changed; `MemoryView` agrees.
#![allow(dead_code)]

#[path = "../chain/half.rs"]
mod half;

#[allow(unused_imports)]
pub(crate) use half::nearest_f16;

use view_core::{ErrorKind, Value, View, ViewMut};
use view_std::{ByteArray, MemoryView};

/// Every code; `Z` stands for the three complex codes.
pub(crate) const CODES: &[u8] = b"xcbB?hHiIlLqQnNefdspPZZZ";
/// Every byte-order prefix (none is native).
pub(crate) const PREFIXES: &[&str] = &["", "@", "=", "<", ">", "!", "^"];

/// One code of the format as written: its letter(s) and count.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) code: &'static str,
    pub(crate) count: usize,
}

/// Whether the prefix uses native sizes (`n`, `N`, `P` exist only there).
pub(crate) fn native(prefix: &str) -> bool {
    matches!(prefix, "" | "@" | "^")
}

/// Size of one item of `code` (x86-64 Linux native sizes).
pub(crate) fn size(code: &str, native: bool) -> usize {
    match code {
        "x" | "c" | "b" | "B" | "?" | "s" | "p" => 1,
        "h" | "H" | "e" => 2,
        "i" | "I" | "f" | "Ze" => 4,
        "l" | "L" => {
            if native {
                8
            } else {
                4
            }
        }
        "q" | "Q" | "n" | "N" | "P" | "d" | "Zf" => 8,
        "Zd" => 16,
        _ => unreachable!("{code}"),
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i != 0,
        Value::BigInt(i) => i.to_i128() != Some(0),
        Value::Float(f) => *f != 0.0,
        Value::Bool(b) => *b,
        Value::Bytes(b) => !b.is_empty(),
        Value::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Value::Tuple(t) => !t.is_empty(),
        Value::List(t) => !t.is_empty(),
        _ => unreachable!(),
    }
}

fn as_f64(v: &Value) -> std::result::Result<f64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::BigInt(i) => i.to_i128().map(|i| i as f64).ok_or(ErrorKind::Value),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Float(f) => Ok(*f),
        _ => Err(ErrorKind::Type),
    }
}

/// A float rounded as `e`, `f` or `d` store it (`None`: too large for `e`).
fn round(f: f64, bytes: usize) -> Option<f64> {
    match bytes {
        2 => {
            let h = half::nearest_f16(f);
            (!(h.is_infinite() && f.is_finite())).then_some(h)
        }
        4 => Some(f64::from(f as f32)),
        _ => Some(f),
    }
}

/// What `code` stores for `v` and reads back, or the error memoryview raises.
fn expect(
    code: &str,
    count: usize,
    native: bool,
    v: &Value,
) -> std::result::Result<Value, ErrorKind> {
    let n = size(code, native);
    match code {
        "b" | "h" | "i" | "l" | "q" | "n" | "B" | "H" | "I" | "L" | "Q" | "N" | "P" => {
            let i = match v {
                Value::Int(i) => i128::from(*i),
                Value::BigInt(i) => i.to_i128().ok_or(ErrorKind::Value)?,
                Value::Bool(b) => i128::from(*b),
                _ => return Err(ErrorKind::Type),
            };
            let bits = 8 * n as u32;
            let (lo, hi) = match code {
                "P" => (i128::from(i64::MIN), i128::from(u64::MAX)),
                "b" | "h" | "i" | "l" | "q" | "n" => {
                    (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
                }
                _ => (0, (1i128 << bits) - 1),
            };
            if i < lo || i > hi {
                return Err(ErrorKind::Value);
            }
            Ok(Value::from(if code == "P" { i.rem_euclid(1 << 64) } else { i }))
        }
        "?" => Ok(Value::Bool(truthy(v))),
        "c" => match v {
            Value::Bytes(b) if b.len() == 1 => Ok(v.clone()),
            Value::Bytes(_) => Err(ErrorKind::Value),
            _ => Err(ErrorKind::Type),
        },
        "s" | "p" => match v {
            Value::Bytes(b) => {
                let mut out = b.to_vec();
                if code == "s" {
                    out.resize(count, 0);
                } else {
                    out.truncate(count.saturating_sub(1).min(255));
                }
                Ok(Value::Bytes(out.into()))
            }
            _ => Err(ErrorKind::Type),
        },
        "e" | "f" | "d" => round(as_f64(v)?, n).map(Value::Float).ok_or(ErrorKind::Value),
        "Ze" | "Zf" | "Zd" => {
            let (re, im) = match v {
                Value::Complex(re, im) => (*re, *im),
                other => (as_f64(other)?, 0.0),
            };
            let half = n / 2;
            Ok(Value::Complex(
                round(re, half).ok_or(ErrorKind::Value)?,
                round(im, half).ok_or(ErrorKind::Value)?,
            ))
        }
        _ => unreachable!("{code}"),
    }
}

/// The value a whole element stores for `v`: one value plain, several as a tuple.
fn expect_element(
    parts: &[Part],
    native: bool,
    v: &Value,
) -> std::result::Result<Value, ErrorKind> {
    // One slot per value: (code, count of `s`/`p`).
    let mut slots = Vec::new();
    for p in parts {
        match p.code {
            "x" => {}
            "s" | "p" => slots.push((p.code, p.count)),
            code => slots.extend(std::iter::repeat_n((code, 1), p.count)),
        }
    }
    if slots.len() == 1 {
        return expect(slots[0].0, slots[0].1, native, v);
    }
    let Value::Tuple(items) = v else { return Err(ErrorKind::Type) };
    if items.len() != slots.len() {
        return Err(ErrorKind::Value);
    }
    let out: std::result::Result<Vec<Value>, ErrorKind> = slots
        .iter()
        .zip(items)
        .map(|(&(code, count), item)| expect(code, count, native, item))
        .collect();
    Ok(Value::Tuple(out?.into()))
}

/// Equal values, NaN equal to NaN.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    let float = |x: f64, y: f64| x == y || (x.is_nan() && y.is_nan());
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => float(*x, *y),
        (Value::Complex(a, b), Value::Complex(c, d)) => float(*a, *c) && float(*b, *d),
        (Value::Tuple(x), Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        _ => a == b,
    }
}

/// Sets element `at` (0..3) of a 3-element view of `prefix` + `parts` to `v`
/// and checks the answer against the model; panics on a disagreement.
pub(crate) fn check(prefix: &str, parts: &[Part], v: &Value, at: isize, fill: &[u8]) {
    let native = native(prefix);
    let mut format = prefix.to_string();
    for p in parts {
        if p.count != 1 || matches!(p.code, "s" | "p") {
            format.push_str(&p.count.to_string());
        }
        format.push_str(p.code);
    }
    let parsed = view_core::Format::parse(&format)
        .unwrap_or_else(|e| panic!("{format:?} does not parse: {e}"));
    let k = parsed.itemsize();
    if k == 0 {
        return;
    }

    // Three elements with a guard byte before and after.
    let original: Vec<u8> =
        (0..3 * k + 2).map(|i| fill.get(i % fill.len().max(1)).copied().unwrap_or(0xa5)).collect();
    let mut buf = original.clone();
    let want = expect_element(parts, native, v);
    let mut view = ViewMut::new(&mut buf, &format, &[3], &[k as isize], 1).expect("fits");
    let got = view.set_value(&[at], v);
    assert_eq!(
        got.as_ref().map(|_| ()).map_err(|e| e.kind()),
        want.as_ref().map(|_| ()).map_err(|k| *k),
        "{format:?} <- {v:?}: library {got:?}, model {want:?}"
    );
    let start = 1 + at as usize * k;
    match want {
        Ok(stored) => {
            let back = Value::from(view.as_view().get(&[at]).expect("in range"));
            assert!(
                same(&back, &stored),
                "{format:?} <- {v:?}: read back {back:?}, model {stored:?}"
            );
            let mut covered = vec![false; k];
            for field in parsed.fields() {
                covered[field.offset()..field.offset() + field.size()].fill(true);
            }
            for (i, c) in covered.iter().enumerate() {
                assert!(*c || buf[start + i] == 0, "{format:?}: pad byte {i} not zeroed");
            }
            assert_eq!(
                buf[..start],
                original[..start],
                "{format:?}: bytes before the element changed"
            );
            assert_eq!(
                buf[start + k..],
                original[start + k..],
                "{format:?}: bytes after the element changed"
            );
        }
        Err(_) => assert_eq!(buf, original, "{format:?} <- {v:?}: a failed set wrote"),
    }

    // The same through MemoryView.
    let ba = ByteArray::from(original.clone());
    let mv = MemoryView::with_layout(ba.clone(), &format, &[3], &[k as isize], 1).expect("fits");
    let got_mv = mv.set(&[at], v);
    assert_eq!(got_mv.is_ok(), got.is_ok(), "{format:?}: MemoryView disagrees");
    assert_eq!(ba.to_vec(), buf, "{format:?}: MemoryView wrote other bytes");
    let read = View::new(&buf, &format, &[3], &[k as isize], 1).expect("fits");
    for i in 0..3 {
        let a = Value::from(read.get(&[i]).expect("in range"));
        let b = mv.get(&[i]).expect("in range");
        assert!(same(&a, &b), "{format:?}: MemoryView reads {b:?}, View {a:?}");
    }
}
