//! Replays buffers exported by numpy and ctypes (lines with `"kind":
//! "numpy"` or `"kind": "ctypes"`, written by `gen/numpy_cases.py` and
//! `gen/ctypes_cases.py`) through view-core.
//!
//! # Line schema
//!
//! One JSON object per line:
//!
//! | key | value |
//! |---|---|
//! | `kind` | `"numpy"` or `"ctypes"`: the exporter |
//! | `id` | a unique name, `numpy-000042` |
//! | `dtype` | the exporter's type, for people reading a failure |
//! | `buf` | hex of the whole underlying buffer |
//! | `format`, `itemsize`, `shape`, `strides` | as `memoryview(obj)` shows them |
//! | `offset` | byte offset of element `[0, ..., 0]` in `buf` |
//! | `tolist` | the exporter's values (numpy: `arr.tolist()`), tagged as below |
//! | `tobytes` | hex of the elements in C order (`arr.tobytes()`) |
//! | `error` | instead of `tolist` / `tobytes`: the Python exception class building the view must raise |
//!
//! Values in `tolist`: a JSON integer or boolean is itself; a JSON array is
//! a list (a dimension, or a sub-array field); `{"float": repr}`,
//! `{"complex": [repr, repr]}`, `{"bytes": hex}`, `{"str": text}` and
//! `{"tuple": [...]}` are Python's `float`, `complex`, `bytes`, `str` and
//! `tuple` (a record). Floats are written with Python's `repr`, so
//! `nan`, `inf`, `-inf` and `-0.0` survive.
//!
//! # Replay
//!
//! The view is built from (bytes, format, itemsize, shape, strides, offset)
//! with the exporter's itemsize ([`Format::with_itemsize`]). `to_value()`
//! is compared with `tolist`, `to_vec(C)` with `tobytes`, and a non-empty
//! C-contiguous view must cast to `B` and give the same bytes. Comparison rules:
//!
//! - integers and bools: equal values of the same type;
//! - floats, and each part of a complex: the same `f64` bits, except that
//!   any NaN equals any NaN (`-0.0` differs from `0.0`). numpy gives a long
//!   double (`g`, `Zg`) as `float(x)`, the nearest `f64`, which is what
//!   view-core decodes: no tolerance;
//! - bytes: equal, or equal once trailing NUL bytes are removed from the
//!   decoded value (numpy's `S` drops them; `struct`'s `s`, which this
//!   project follows, keeps them);
//! - text (`w`): equal strings;
//! - records: tuples compared item by item, where a list inside numpy's
//!   tuple (a sub-array field) stands for its items in C order, as
//!   `struct`-style records flatten repeated codes (`(2,3)h` is six values).

use serde_json::Value as Json;
use view_core::{Format, Layout, MAX_NDIM, Order, View};
use view_std::Value;

use crate::{BadCase, Mismatch, bad, field, hex_decode, hex_encode};

/// Whether a line is an exporter case (it has `"kind": "numpy"` or `"ctypes"`).
pub(crate) fn is_export_case(case: &Json) -> bool {
    matches!(case.get("kind").and_then(Json::as_str), Some("numpy" | "ctypes"))
}

/// Replays one exporter case.
pub(crate) fn check_export(case: &Json) -> Result<(), Mismatch> {
    let id = case.get("id").and_then(Json::as_str).unwrap_or("?").to_owned();
    let fail = |expected: String, got: String| Mismatch {
        id: id.clone(),
        ops: format!(
            "view format {} itemsize {} shape {} strides {} offset {}",
            case.get("format").unwrap_or(&Json::Null),
            case.get("itemsize").unwrap_or(&Json::Null),
            case.get("shape").unwrap_or(&Json::Null),
            case.get("strides").unwrap_or(&Json::Null),
            case.get("offset").unwrap_or(&Json::Null),
        ),
        expected,
        got,
    };
    let parts = match Parts::of(case) {
        Ok(p) => p,
        Err(e) => return Err(fail("a well-formed case".into(), format!("bad case: {e}"))),
    };
    let built = build(&parts);
    if let Some(error) = case.get("error").and_then(Json::as_str) {
        return match built {
            Err(e) if e.kind().python_name() == error => Ok(()),
            Err(e) => Err(fail(error.into(), e.kind().python_name().into())),
            Ok(_) => Err(fail(error.into(), "a view".into())),
        };
    }
    let view = built.map_err(|e| fail("a view".into(), e.to_string()))?;
    let expected = case.get("tolist").unwrap_or(&Json::Null);
    let got = view.to_value().map_err(|e| fail(expected.to_string(), e.to_string()))?;
    if !same(expected, &got) {
        return Err(fail(expected.to_string(), got.to_string()));
    }
    let bytes = view.to_vec(Order::C).map_err(|e| fail("tobytes".into(), e.to_string()))?;
    let want = case.get("tobytes").and_then(Json::as_str).unwrap_or_default();
    if hex_encode(&bytes) != want {
        return Err(fail(format!("tobytes {want}"), format!("tobytes {}", hex_encode(&bytes))));
    }
    if view.is_c_contiguous() && view.nbytes() > 0 {
        let cast = view.cast("B", None).and_then(|v| v.to_vec(Order::C));
        match cast {
            Ok(b) if b == bytes => {}
            other => return Err(fail(format!("cast('B') {want}"), format!("{other:?}"))),
        }
    }
    Ok(())
}

/// The fields of a case that describe the export.
struct Parts {
    buf: Vec<u8>,
    format: String,
    itemsize: usize,
    shape: Vec<usize>,
    strides: Vec<isize>,
    offset: usize,
}

impl Parts {
    fn of(case: &Json) -> Result<Self, BadCase> {
        let text = |k: &str| field(case, k)?.as_str().ok_or_else(|| bad("not a string"));
        let uint = |k: &str| {
            field(case, k)?
                .as_u64()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| bad("not an unsigned integer"))
        };
        let list = |k: &str| -> Result<Vec<i64>, BadCase> {
            field(case, k)?
                .as_array()
                .ok_or_else(|| bad("not an array"))?
                .iter()
                .map(|x| x.as_i64().ok_or_else(|| bad("not an integer")))
                .collect()
        };
        let shape = list("shape")?
            .into_iter()
            .map(|n| usize::try_from(n).map_err(|_| bad("negative extent")))
            .collect::<Result<_, _>>()?;
        let strides = list("strides")?
            .into_iter()
            .map(|n| isize::try_from(n).map_err(|_| bad("stride out of range")))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            buf: hex_decode(text("buf")?)?,
            format: text("format")?.to_owned(),
            itemsize: uint("itemsize")?,
            shape,
            strides,
            offset: uint("offset")?,
        })
    }
}

/// The view an exporter's `Py_buffer` describes, with its itemsize.
fn build(p: &Parts) -> view_core::Result<View<'_, MAX_NDIM>> {
    let format = Format::parse(&p.format)?.with_itemsize(p.itemsize)?;
    View::from_parts(&p.buf, format, Layout::new(&p.shape, &p.strides, p.offset)?)
}

/// Whether a decoded value is the exporter's, by the rules in the module docs.
fn same(expected: &Json, got: &Value) -> bool {
    match (expected, got) {
        (Json::Bool(e), Value::Bool(g)) => e == g,
        (Json::Number(n), Value::Int(g)) => json_int(n) == Some(i128::from(*g)),
        (Json::Number(n), Value::BigInt(g)) => json_int(n).is_some() && json_int(n) == g.to_i128(),
        (Json::Array(items), Value::List(got)) => {
            items.len() == got.len() && items.iter().zip(got).all(|(e, g)| same(e, g))
        }
        (Json::Object(o), _) => match (o.iter().next(), got) {
            (Some((tag, v)), Value::Float(g)) if tag == "float" => float_same(v, *g),
            (Some((tag, Json::Array(parts))), Value::Complex(re, im)) if tag == "complex" => {
                parts.len() == 2 && float_same(&parts[0], *re) && float_same(&parts[1], *im)
            }
            (Some((tag, Json::String(hex))), Value::Bytes(g)) if tag == "bytes" => {
                let mut end = g.len();
                while end > 0 && g[end - 1] == 0 {
                    end -= 1;
                }
                *hex == hex_encode(g) || *hex == hex_encode(&g[..end])
            }
            (Some((tag, Json::String(s))), Value::Text(g)) if tag == "str" => **s == **g,
            (Some((tag, Json::Array(items))), Value::Tuple(got)) if tag == "tuple" => {
                let mut flat = Vec::new();
                for item in items {
                    flatten(item, &mut flat);
                }
                flat.len() == got.len() && flat.iter().zip(got).all(|(e, g)| same(e, g))
            }
            _ => false,
        },
        _ => false,
    }
}

fn json_int(n: &serde_json::Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

/// A sub-array field (a JSON list inside a tuple) stands for its items.
fn flatten<'j>(item: &'j Json, out: &mut Vec<&'j Json>) {
    match item {
        Json::Array(items) => items.iter().for_each(|i| flatten(i, out)),
        other => out.push(other),
    }
}

fn float_same(expected: &Json, got: f64) -> bool {
    let Some(repr) = expected.as_str() else { return false };
    match repr.parse::<f64>() {
        Ok(e) if e.is_nan() => got.is_nan(),
        Ok(e) => e.to_bits() == got.to_bits(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sub_array_fields_compare_as_their_items() {
        let expected: Json = serde_json::json!({"tuple": [1, [2, 3]]});
        let got = Value::Tuple(vec![Value::Int(1), Value::Int(2), Value::Int(3)].into());
        assert!(same(&expected, &got));
    }

    #[test]
    fn numpy_bytes_lose_their_trailing_nuls() {
        let expected: Json = serde_json::json!({"bytes": "61"});
        assert!(same(&expected, &Value::Bytes(b"a\0\0"[..].into())));
        assert!(!same(&expected, &Value::Bytes(b"a\0b"[..].into())));
    }

    #[test]
    fn nan_equals_nan_and_signed_zeros_differ() {
        assert!(float_same(&Json::from("nan"), f64::NAN));
        assert!(!float_same(&Json::from("-0.0"), 0.0));
        assert!(float_same(&Json::from("-inf"), f64::NEG_INFINITY));
    }
}
