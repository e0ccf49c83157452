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

use arbitrary::{Result, Unstructured};
use half::f16;
use libfuzzer_sys::fuzz_target;
use view_core::{ErrorKind, Value, View, ViewMut};
use view_std::{ByteArray, MemoryView};

const CODES: &[u8] = b"xcbB?hHiIlLqQnNefdspPZZZ";
const PREFIXES: &[&str] = &["", "@", "=", "<", ">", "!", "^"];

/// One code of the format as written: its letter(s) and count.
#[derive(Debug, Clone)]
struct Part {
    code: &'static str,
    count: usize,
}

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

/// Size of one item of `code` (x86-64 Linux native sizes).
fn size(code: &str, native: bool) -> usize {
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

fn value(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=7u8)? {
        0 => Value::Int(u.int_in_range(-300..=300)?),
        1 => {
            let bits = u.int_in_range(0..=66u32)?;
            let edge = (1i128 << bits) + i128::from(u.int_in_range(-2..=1i8)?);
            Value::Int(if u.arbitrary()? { -edge } else { edge })
        }
        2 => Value::Float(f64::from_bits(u.arbitrary()?)),
        3 => Value::Float(f64::from(u.arbitrary::<i32>()?) / 16.0),
        4 => Value::Bool(u.arbitrary()?),
        5 => {
            Value::Bytes((0..u.int_in_range(0..=8)?).map(|_| u.arbitrary()).collect::<Result<_>>()?)
        }
        6 => Value::Complex(f64::from(u.arbitrary::<i16>()?) / 4.0, f64::from_bits(u.arbitrary()?)),
        _ => Value::Tuple((0..u.int_in_range(0..=3)?).map(|_| value(u)).collect::<Result<_>>()?),
    })
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Bool(b) => *b,
        Value::Bytes(b) => !b.is_empty(),
        Value::Complex(re, im) => *re != 0.0 || *im != 0.0,
        Value::Tuple(t) | Value::List(t) => !t.is_empty(),
        _ => unreachable!(),
    }
}

fn as_f64(v: &Value) -> std::result::Result<f64, ErrorKind> {
    match v {
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(f64::from(u8::from(*b))),
        Value::Float(f) => Ok(*f),
        _ => Err(ErrorKind::Type),
    }
}

/// A float rounded as `e`, `f` or `d` store it (`None`: too large for `e`).
fn round(f: f64, bytes: usize) -> Option<f64> {
    match bytes {
        2 => {
            let h = f16::from_f64(f);
            (!(h.is_infinite() && f.is_finite())).then(|| h.to_f64())
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
                Value::Int(i) => *i,
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
            Ok(Value::Int(if code == "P" { i.rem_euclid(1 << 64) } else { i }))
        }
        "?" => Ok(Value::Bool(truthy(v))),
        "c" => match v {
            Value::Bytes(b) if b.len() == 1 => Ok(v.clone()),
            Value::Bytes(_) => Err(ErrorKind::Value),
            _ => Err(ErrorKind::Type),
        },
        "s" | "p" => match v {
            Value::Bytes(b) => {
                let mut out = b.clone();
                if code == "s" {
                    out.resize(count, 0);
                } else {
                    out.truncate(count.saturating_sub(1).min(255));
                }
                Ok(Value::Bytes(out))
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
    Ok(Value::Tuple(out?))
}

/// Equal values, NaN equal to NaN.
fn same(a: &Value, b: &Value) -> bool {
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

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok(prefix) = u.choose(PREFIXES) else { return };
    let native = matches!(*prefix, "" | "@" | "^");
    let aligned = matches!(*prefix, "" | "@");
    let Ok(n) = u.int_in_range(1..=3usize) else { return };
    let Ok(parts) = (0..n).map(|_| part(&mut u, native)).collect::<Result<Vec<_>>>() else {
        return;
    };
    let Ok(v) = value(&mut u) else { return };
    let Ok(at) = u.int_in_range(0..=2isize) else { return };
    let fill: Vec<u8> = (0..64).map(|_| u.arbitrary().unwrap_or(0xa5)).collect();
    let mut format = prefix.to_string();
    for p in &parts {
        if p.count != 1 || matches!(p.code, "s" | "p") {
            format.push_str(&p.count.to_string());
        }
        format.push_str(p.code);
    }
    let Ok(parsed) = view_core::Format::parse(&format) else { panic!("{format:?} does not parse") };
    let k = parsed.itemsize();
    if k == 0 {
        return;
    }
    let _ = aligned;

    // Three elements with a guard byte before and after.
    let original: Vec<u8> = (0..3 * k + 2).map(|i| fill[i % fill.len()]).collect();
    let mut buf = original.clone();
    let want = expect_element(&parts, native, &v);
    let mut view = ViewMut::new(&mut buf, &format, &[3], &[k as isize], 1).expect("fits");
    let got = view.set_value(&[at], &v);
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
    let got_mv = mv.set(&[at], &v);
    assert_eq!(got_mv.is_ok(), got.is_ok(), "{format:?}: MemoryView disagrees");
    assert_eq!(ba.to_vec(), buf, "{format:?}: MemoryView wrote other bytes");
    let read = View::new(&buf, &format, &[3], &[k as isize], 1).expect("fits");
    for i in 0..3 {
        let a = Value::from(read.get(&[i]).expect("in range"));
        let b = mv.get(&[i]).expect("in range");
        assert!(same(&a, &b), "{format:?}: MemoryView reads {b:?}, View {a:?}");
    }
});
