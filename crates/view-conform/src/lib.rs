//! Replays conformance cases (JSON Lines, format in the project's
//! `conformance/SCHEMA.md`) through [`view_std::MemoryView`] and compares
//! each result with the answer CPython's memoryview gave. Lines of buffers
//! exported by numpy or ctypes are replayed too: see [`exports`].
//!
//! # Example
//!
//! ```
//! let line = r#"{"id":"hex-000001","cat":"hex","buf":"616263","view":{"format":"B","itemsize":1,"shape":[3],"strides":[1],"offset":0,"readonly":true},"ops":[{"op":"hex","sep":":","bytes_per_sep":2}],"expect":{"str":"61:6263"},"ext":null}"#;
//! let case: serde_json::Value = serde_json::from_str(line)?;
//! assert!(view_conform::check_case(&case).is_ok());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![forbid(unsafe_code)]

pub mod exports;

use std::fmt;

use serde_json::{Map, Value as Json, json};
use view_core::{Error, ErrorKind, Order, Slice};
use view_std::{ByteArray, MemoryView, Value};

/// Why a case did not pass: the ops, what was expected and what came out.
///
/// ```
/// let case = serde_json::json!({
///     "id": "x", "cat": "hex", "buf": "61", "ext": null, "expect": {"str": "62"},
///     "view": {"format": "B", "itemsize": 1, "shape": [1], "strides": [1], "offset": 0, "readonly": true},
///     "ops": [{"op": "hex", "sep": null, "bytes_per_sep": 1}],
/// });
/// let m = view_conform::check_case(&case).unwrap_err();
/// assert_eq!((m.id.as_str(), m.got.as_str()), ("x", r#"{"str":"61"}"#));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The case id.
    pub id: String,
    /// The case's ops, as JSON text.
    pub ops: String,
    /// The expected result (and buffer after, when the case has one).
    pub expected: String,
    /// What this implementation gave.
    pub got: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "FAIL {}\n  ops:      {}\n  expected: {}\n  got:      {}",
            self.id, self.ops, self.expected, self.got
        )
    }
}

/// A malformed case (not a behaviour difference).
///
/// ```
/// let err = view_conform::run_case(&serde_json::json!({"id": "x"})).unwrap_err();
/// assert_eq!(err.to_string(), "missing field \"buf\"");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCase(pub String);

impl fmt::Display for BadCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BadCase {}

/// Outcome of one op: a value, a new current view, or an error.
enum Outcome {
    Json(Json),
    View(MemoryView),
    Error(Error),
}

/// Runs one case and compares it with its expectation.
///
/// # Errors
///
/// A [`Mismatch`] when the result or the buffer afterwards differs.
///
/// # Examples
///
/// ```
/// let case = serde_json::json!({
///     "id": "getitem-000000", "cat": "getitem", "buf": "0100", "ext": null,
///     "view": {"format": "<h", "itemsize": 2, "shape": [], "strides": [], "offset": 0, "readonly": false},
///     "ops": [{"op": "getitem", "index": []}], "expect": 1,
/// });
/// assert!(view_conform::check_case(&case).is_ok());
/// ```
pub fn check_case(case: &Json) -> Result<(), Mismatch> {
    let id = case.get("id").and_then(Json::as_str).unwrap_or("?").to_owned();
    let ops = case.get("ops").cloned().unwrap_or(Json::Null);
    let expect = case.get("expect").cloned().unwrap_or(Json::Null);
    let buf_after = case.get("buf_after").and_then(Json::as_str).map(str::to_owned);
    let (got, after) = match run_case(case) {
        Ok(result) => result,
        Err(bad) => {
            return Err(Mismatch {
                id,
                ops: ops.to_string(),
                expected: expect.to_string(),
                got: format!("bad case: {bad}"),
            });
        }
    };
    let same_result = match (&expect, &got) {
        (Json::Object(e), Json::Object(g)) if e.contains_key("error") => {
            g.contains_key("error") && e.get("error") == g.get("error")
        }
        _ => expect == got,
    };
    if same_result && (buf_after.is_none() || buf_after == after) {
        return Ok(());
    }
    let with_buf = |result: &Json, buf: &Option<String>| match buf {
        Some(b) => format!("{result} / buf_after {b}"),
        None => result.to_string(),
    };
    Err(Mismatch {
        id,
        ops: ops.to_string(),
        expected: with_buf(&expect, &buf_after),
        got: with_buf(&got, &after.filter(|_| buf_after.is_some())),
    })
}

/// Runs one case: the encoded result of its last op (or the error), and the
/// buffer's hex afterwards.
///
/// # Errors
///
/// [`BadCase`] when the case does not follow the schema.
///
/// # Examples
///
/// ```
/// let case = serde_json::json!({
///     "id": "x", "cat": "release", "buf": "00", "ext": null,
///     "view": {"format": "B", "itemsize": 1, "shape": [1], "strides": [1], "offset": 0, "readonly": false},
///     "ops": [{"op": "release"}, {"op": "tolist"}], "expect": null,
/// });
/// let (result, _) = view_conform::run_case(&case)?;
/// assert_eq!(result["error"], "ValueError");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn run_case(case: &Json) -> Result<(Json, Option<String>), BadCase> {
    let buf = hex_decode(field(case, "buf")?.as_str().ok_or_else(|| bad("buf is not a string"))?)?;
    let bytes = ByteArray::from(buf);
    let result = match make_view(&bytes, field(case, "view")?)? {
        Err(e) => error_json(&e),
        Ok(mut view) => {
            let ops = field(case, "ops")?.as_array().ok_or_else(|| bad("ops is not an array"))?;
            let mut last = Json::Null;
            for op in ops {
                match apply(&mut view, op, &bytes)? {
                    Outcome::Json(j) => last = j,
                    Outcome::View(v) => {
                        last = info(&v).unwrap_or_else(|e| error_json(&e));
                        view = v;
                    }
                    Outcome::Error(e) => {
                        last = error_json(&e);
                        break;
                    }
                }
            }
            last
        }
    };
    Ok((result, Some(hex_encode(&bytes.to_vec()))))
}

fn bad(msg: &str) -> BadCase {
    BadCase(msg.to_owned())
}

fn field<'j>(obj: &'j Json, name: &str) -> Result<&'j Json, BadCase> {
    obj.get(name).ok_or_else(|| BadCase(format!("missing field {name:?}")))
}

fn error_json(e: &Error) -> Json {
    json!({"error": e.kind().python_name(), "msg": e.to_string()})
}

fn hex_decode(s: &str) -> Result<Vec<u8>, BadCase> {
    if !s.len().is_multiple_of(2) {
        return Err(bad("odd hex length"));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad("bad hex"))
        })
        .collect()
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A JSON integer of any size (the cases use up to 2^64 in magnitude).
fn int(j: &Json) -> Result<i128, BadCase> {
    match j {
        Json::Number(n) => n.to_string().parse().map_err(|_| bad("integer out of range")),
        _ => Err(bad("expected an integer")),
    }
}

fn opt_int(j: Option<&Json>) -> Result<Option<i128>, BadCase> {
    match j {
        None | Some(Json::Null) => Ok(None),
        Some(j) => int(j).map(Some),
    }
}

fn ints(j: &Json) -> Result<Vec<i128>, BadCase> {
    j.as_array().ok_or_else(|| bad("expected an array"))?.iter().map(int).collect()
}

fn clamp(i: i128) -> isize {
    i.clamp(isize::MIN as i128, isize::MAX as i128) as isize
}

/// Builds the view of a spec over `bytes`. The outer error is a malformed
/// case; the inner one is the (expected) construction error.
fn make_view(bytes: &ByteArray, spec: &Json) -> Result<Result<MemoryView, Error>, BadCase> {
    let format = field(spec, "format")?.as_str().ok_or_else(|| bad("format is not a string"))?;
    let itemsize = int(field(spec, "itemsize")?)?;
    let shape = ints(field(spec, "shape")?)?;
    let strides = ints(field(spec, "strides")?)?;
    let offset = int(field(spec, "offset")?)?;
    let readonly = field(spec, "readonly")?.as_bool().unwrap_or(false);
    let invalid = |msg| Ok(Err(Error::new(ErrorKind::Value, msg)));
    let parsed = match view_core::Format::parse(format) {
        Ok(f) if f.itemsize() > 0 => f,
        _ => return invalid("bad format"),
    };
    if itemsize != parsed.itemsize() as i128 {
        return invalid("itemsize != struct.calcsize(format)");
    }
    let in_isize = |v: i128| v >= isize::MIN as i128 && v <= isize::MAX as i128;
    if !shape.iter().chain(&strides).chain([&offset]).all(|&v| in_isize(v)) {
        return invalid("value does not fit in isize");
    }
    if shape.iter().any(|&n| n < 0) || offset < 0 {
        return invalid("negative extent or offset");
    }
    let shape: Vec<usize> = shape.iter().map(|&n| n as usize).collect();
    let strides: Vec<isize> = strides.iter().map(|&s| s as isize).collect();
    let view = MemoryView::with_layout(bytes.clone(), format, &shape, &strides, offset as usize);
    Ok(match view {
        Ok(v) if readonly => v.toreadonly(),
        other => other,
    })
}

/// `other` / `src` of an op: a view over the case's buffer (`buf: null`) or
/// over a fresh one.
fn other_view(obj: &Json, own: &ByteArray) -> Result<MemoryView, BadCase> {
    let bytes = match obj.get("buf") {
        None | Some(Json::Null) => own.clone(),
        Some(Json::String(h)) => ByteArray::from(hex_decode(h)?),
        Some(_) => return Err(bad("other buf is neither null nor hex")),
    };
    make_view(&bytes, field(obj, "view")?)?
        .map_err(|e| BadCase(format!("other view is invalid: {e}")))
}

fn slice_of(op: &Json) -> Result<(usize, Slice), BadCase> {
    let dim = usize::try_from(int(field(op, "dim")?)?).map_err(|_| bad("negative dim"))?;
    let start = opt_int(op.get("start"))?.map(clamp);
    let stop = opt_int(op.get("stop"))?.map(clamp);
    let step = opt_int(op.get("step"))?.map(clamp);
    Ok((dim, Slice::new(start, stop, step)))
}

fn index_of(op: &Json) -> Result<Vec<isize>, BadCase> {
    Ok(ints(field(op, "index")?)?.into_iter().map(clamp).collect())
}

fn apply(view: &mut MemoryView, op: &Json, own: &ByteArray) -> Result<Outcome, BadCase> {
    let name = field(op, "op")?.as_str().ok_or_else(|| bad("op is not a string"))?;
    let value = |r: view_core::Result<Json>| match r {
        Ok(j) => Outcome::Json(j),
        Err(e) => Outcome::Error(e),
    };
    let new_view = |r: view_core::Result<MemoryView>| match r {
        Ok(v) => Outcome::View(v),
        Err(e) => Outcome::Error(e),
    };
    Ok(match name {
        "info" => value(info(view)),
        "getitem" => {
            let index = index_of(op)?;
            value(view.get(&index).map(|v| encode(&v)))
        }
        "slice" => {
            let (dim, slice) = slice_of(op)?;
            new_view(view.slice(dim, slice))
        }
        "cast" => {
            let format =
                field(op, "format")?.as_str().ok_or_else(|| bad("cast format is not a string"))?;
            match op.get("shape") {
                None | Some(Json::Null) => new_view(view.cast(format)),
                Some(shape) => new_view(view.cast_shape(format, &ints(shape)?)),
            }
        }
        "tolist" => value(view.tolist().map(|v| encode(&v))),
        "tobytes" => {
            let order = match op.get("order") {
                None | Some(Json::Null) => Ok(Order::C),
                Some(Json::String(s)) => s.parse::<Order>(),
                Some(_) => return Err(bad("order is not a string")),
            };
            value(
                view.format()
                    .and(order)
                    .and_then(|order| view.tobytes(order))
                    .map(|b| json!({"bytes": hex_encode(&b)})),
            )
        }
        "hex" => {
            let sep = match op.get("sep") {
                None | Some(Json::Null) => None,
                Some(Json::String(s)) => Some(s.as_str()),
                Some(_) => return Err(bad("sep is not a string")),
            };
            let bps = opt_int(op.get("bytes_per_sep"))?.unwrap_or(1);
            let bps = bps.clamp(i64::MIN as i128, i64::MAX as i128) as i64;
            value(view.hex(sep, bps).map(|s| json!({"str": s})))
        }
        "eq" => {
            let other = other_view(field(op, "other")?, own)?;
            Outcome::Json(Json::Bool(view.equals(&other)))
        }
        "setitem" => {
            let index = index_of(op)?;
            let v = decode(field(op, "value")?)?;
            value(view.set(&index, &v).map(|()| Json::Null))
        }
        "setslice" => {
            let src = other_view(field(op, "src")?, own)?;
            let (dim, slice) = slice_of(op)?;
            value(view.set_slice(dim, slice, &src).map(|()| Json::Null))
        }
        "toreadonly" => new_view(view.toreadonly()),
        "release" => value(view.release().map(|()| Json::Null)),
        other => return Err(BadCase(format!("unknown op {other:?}"))),
    })
}

fn info(v: &MemoryView) -> view_core::Result<Json> {
    Ok(json!({
        "format": v.format()?,
        "itemsize": v.itemsize()?,
        "ndim": v.ndim()?,
        "shape": v.shape()?,
        "strides": v.strides()?,
        "nbytes": v.nbytes()?,
        "readonly": v.readonly()?,
        "c_contiguous": v.c_contiguous()?,
        "f_contiguous": v.f_contiguous()?,
        "contiguous": v.contiguous()?,
    }))
}

/// A value as the cases write it.
fn encode(v: &Value) -> Json {
    match v {
        Value::Int(i) => serde_json::from_str(&i.to_string()).unwrap_or(Json::Null),
        Value::BigInt(i) => serde_json::from_str(&i.to_string()).unwrap_or(Json::Null),
        Value::Bool(b) => Json::Bool(*b),
        Value::Float(f) if f.is_nan() => json!({"float": "nan"}),
        Value::Float(f) => json!({"float": format!("{:016x}", f.to_bits())}),
        Value::Bytes(b) => json!({"bytes": hex_encode(b)}),
        Value::Tuple(items) => json!({"tuple": items.iter().map(encode).collect::<Vec<_>>()}),
        Value::List(items) => Json::Array(items.iter().map(encode).collect()),
        other => json!({"unencodable": other.to_string()}),
    }
}

/// A value from the cases' JSON (input floats carry exact bits).
fn decode(j: &Json) -> Result<Value, BadCase> {
    Ok(match j {
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(_) => Value::from(int(j)?),
        Json::Array(items) => Value::List(items.iter().map(decode).collect::<Result<_, _>>()?),
        Json::Object(map) => decode_object(map)?,
        _ => return Err(bad("unknown value")),
    })
}

fn decode_object(map: &Map<String, Json>) -> Result<Value, BadCase> {
    if let Some(Json::String(bits)) = map.get("float") {
        if bits == "nan" {
            return Ok(Value::Float(f64::NAN));
        }
        let bits = u64::from_str_radix(bits, 16).map_err(|_| bad("bad float bits"))?;
        return Ok(Value::Float(f64::from_bits(bits)));
    }
    if let Some(Json::String(h)) = map.get("bytes") {
        return Ok(Value::Bytes(hex_decode(h)?.into()));
    }
    if let Some(Json::Array(items)) = map.get("tuple") {
        return Ok(Value::Tuple(items.iter().map(decode).collect::<Result<_, _>>()?));
    }
    Err(bad("unknown value object"))
}

/// Totals of a run over one or more files.
///
/// ```
/// let t = view_conform::Totals::default();
/// assert_eq!(t.passed + t.failed, 0);
/// ```
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Cases that matched.
    pub passed: usize,
    /// Cases that did not.
    pub failed: usize,
}

/// Checks every line of a JSON Lines text, calling `on_failure` for each
/// mismatch.
///
/// # Errors
///
/// [`BadCase`] naming the line (1-based) that is not valid JSON.
///
/// # Examples
///
/// ```
/// let totals = view_conform::check_lines("", &mut |_| {})?;
/// assert_eq!((totals.passed, totals.failed), (0, 0));
/// assert!(view_conform::check_lines("{oops", &mut |_| {}).is_err());
/// # Ok::<(), view_conform::BadCase>(())
/// ```
pub fn check_lines(text: &str, on_failure: &mut dyn FnMut(&Mismatch)) -> Result<Totals, BadCase> {
    let mut totals = Totals::default();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Json = serde_json::from_str(line)
            .map_err(|e| BadCase(format!("line {}: not valid JSON: {e}", n + 1)))?;
        let checked = if exports::is_export_case(&case) {
            exports::check_export(&case)
        } else {
            check_case(&case)
        };
        match checked {
            Ok(()) => totals.passed += 1,
            Err(m) => {
                totals.failed += 1;
                on_failure(&m);
            }
        }
    }
    Ok(totals)
}
