//! Operation chains checked against a naive model, shared by the property
//! tests (`tests/chains.rs`) and the `ops` fuzz target
//! (`fuzz/fuzz_targets/ops.rs`, which includes this module by path).
//!
//! A chain starts from one random layout over a random buffer and applies
//! operations in order to two worlds: `MemoryView`s over one `ByteArray`,
//! and core `View`/`ViewMut`s over a `Vec<u8>`. Each world keeps a list of
//! the views made so far, each paired with its model ([`model::MView`]);
//! every operation's result, error kind included, is compared with the
//! model's, and after every operation every byte of the buffer must equal
//! the model's buffer (so a write outside the written elements is caught).
#![allow(dead_code, clippy::too_many_lines)]

pub(crate) mod half;
pub(crate) mod model;

use model::{FORMATS, M, MView, count, from_value, identical, py_hex, same_shape, views_equal};
use view_core::{Error, ErrorKind, Format, Order, Slice, Value};

/// The chains go beyond the default capacity, as memoryview does: CPython's 64.
type Layout = view_core::Layout<64>;
type View<'a> = view_core::View<'a, 64>;
type ViewMut<'a> = view_core::ViewMut<'a, 64>;
use view_std::{ByteArray, MemoryView};

/// The most views a world keeps; later results are checked, then dropped.
pub(crate) const MAX_VIEWS: usize = 12;
/// The most elements a starting layout may have.
pub(crate) const MAX_COUNT: usize = 4096;

/// The starting layout: a format, a shape and strides; the buffer is made
/// to fit, with `front` and `back` spare bytes, and filled from `fill`.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) fmt: usize,
    pub(crate) shape: Vec<usize>,
    pub(crate) strides: Vec<isize>,
    pub(crate) front: usize,
    pub(crate) back: usize,
    pub(crate) fill: Vec<u8>,
}

/// `start:stop:step`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sl {
    pub(crate) start: Option<isize>,
    pub(crate) stop: Option<isize>,
    pub(crate) step: Option<isize>,
}

impl Sl {
    fn slice(self) -> Slice {
        Slice::new(self.start, self.stop, self.step)
    }
}

/// A separator for `hex`: none, one ASCII character, one non-ASCII
/// character, or a string of another length.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Sep {
    None,
    Ascii(u8),
    NonAscii,
    Empty,
    Two,
}

/// One operation. `v`, `a`, `b`, `src` and `dst` pick views (modulo how
/// many the world has); `fmt` picks from [`FORMATS`]. With `fit` set, the
/// raw numbers are first bent to suit the picked view (see [`resolve`]), so
/// that most such operations succeed; without it they are used as given.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Slice { v: usize, dim: usize, sl: Sl, fit: bool },
    Index { v: usize, dim: usize, index: isize, fit: bool },
    Transpose { v: usize },
    Permute { v: usize, axes: Vec<usize>, fit: bool },
    Cast { v: usize, fmt: usize, shape: Option<Vec<i64>>, fit: bool },
    Get { v: usize, index: Vec<isize>, fit: bool },
    Set { v: usize, index: Vec<isize>, value: M, fit: bool },
    SetSlice { dst: usize, dim: usize, sl: Sl, src: usize, fit: bool },
    SetSliceBytes { v: usize, dim: usize, sl: Sl, bytes: Vec<u8>, fit: bool },
    ToBytes { v: usize, order: Order },
    Hex { v: usize, sep: Sep, bytes_per_sep: i64 },
    Eq { a: usize, b: usize },
    ToList { v: usize },
    ToReadonly { v: usize },
    Release { v: usize },
    Resize { len: usize },
}

/// A dimension of `m`; one past the last when `dim % 8 == 7`; `usize::MAX` stays.
fn fit_dim(m: &MView, dim: usize) -> usize {
    match dim {
        usize::MAX => dim,
        d if d % 8 == 7 || m.ndim() == 0 => m.ndim(),
        d => d % m.ndim(),
    }
}

/// An index of `m`'s arity, each entry in `-n..n` (when the extent is not 0).
fn fit_index(m: &MView, raw: &[isize]) -> Vec<isize> {
    (0..m.ndim())
        .map(|d| {
            let r = raw.get(d).copied().unwrap_or(d as isize);
            let n = m.shape[d] as isize;
            if n == 0 { r } else { r.rem_euclid(2 * n) - n }
        })
        .collect()
}

/// The op with its raw numbers bent to suit the views it picks (`fit`),
/// and its view choices reduced modulo `views.len()`.
pub(crate) fn resolve(op: &Op, views: &[&MView]) -> Op {
    let at = |v: usize| v % views.len();
    let no = false;
    match op.clone() {
        Op::Slice { v, dim, sl, fit: true } => {
            Op::Slice { v: at(v), dim: fit_dim(views[at(v)], dim), sl, fit: no }
        }
        Op::Index { v, dim, index, fit: true } => {
            let m = views[at(v)];
            let dim = fit_dim(m, dim);
            let index = match m.shape.get(dim) {
                Some(&n) if n > 0 => index.rem_euclid(2 * n as isize) - n as isize,
                _ => index,
            };
            Op::Index { v: at(v), dim, index, fit: no }
        }
        Op::Permute { v, axes, fit: true } => {
            let n = views[at(v)].ndim();
            let mut order: Vec<usize> = (0..n).collect();
            order.sort_by_key(|&d| (axes.get(d).copied().unwrap_or(d), d));
            Op::Permute { v: at(v), axes: order, fit: no }
        }
        Op::Cast { v, fmt, shape, fit: true } => {
            let m = views[at(v)];
            let k = FORMATS[fmt % FORMATS.len()].size;
            let shape = shape.map(|raw| {
                let mut left = (m.nbytes() / k).max(1) as i64;
                let mut dims = Vec::new();
                for r in raw {
                    let r = r.unsigned_abs().max(1) as i64;
                    if left % r == 0 {
                        dims.push(r);
                        left /= r;
                    }
                }
                dims.push(left);
                dims
            });
            Op::Cast { v: at(v), fmt, shape, fit: no }
        }
        Op::Get { v, index, fit: true } => {
            Op::Get { v: at(v), index: fit_index(views[at(v)], &index), fit: no }
        }
        Op::Set { v, index, value, fit: true } => {
            let m = views[at(v)];
            Op::Set {
                v: at(v),
                index: fit_index(m, &index),
                value: model::fit_value(m.fmt, &value),
                fit: no,
            }
        }
        Op::SetSlice { dst, dim, sl, src: _, fit: true } => {
            // `x[::1] = x` or `x[::-1] = x`: the source overlaps the destination.
            let m = views[at(dst)];
            let step = if sl.step.unwrap_or(1) < 0 { -1 } else { 1 };
            let sl = Sl { start: None, stop: None, step: Some(step) };
            Op::SetSlice { dst: at(dst), dim: fit_dim(m, dim), sl, src: at(dst), fit: no }
        }
        Op::SetSliceBytes { v, dim, sl, mut bytes, fit: true } => {
            let m = views[at(v)];
            let dim = fit_dim(m, dim);
            if let Ok(target) = m.slice(dim, sl.start, sl.stop, sl.step)
                && target.ndim() == 1
            {
                let n = target.shape[0];
                bytes = (0..n).map(|i| bytes.get(i).copied().unwrap_or(i as u8)).collect();
            }
            Op::SetSliceBytes { v: at(v), dim, sl, bytes, fit: no }
        }
        other => other,
    }
}

/// The buffer, shape, strides and offset a spec describes, or `None` when
/// it has too many elements.
pub(crate) fn realize(spec: &Spec) -> Option<(Vec<u8>, usize)> {
    let k = FORMATS[spec.fmt].size;
    if count(&spec.shape) > MAX_COUNT || spec.shape.len() != spec.strides.len() {
        return None;
    }
    let (mut lo, mut hi) = (0i128, 0i128);
    for (&n, &s) in spec.shape.iter().zip(&spec.strides) {
        let reach = (n as i128 - 1).max(0) * s as i128;
        if reach < 0 {
            lo += reach;
        } else {
            hi += reach;
        }
    }
    let offset = (spec.front as i128 - lo) as usize;
    let len = if count(&spec.shape) == 0 {
        offset + spec.back
    } else {
        (offset as i128 + hi) as usize + k + spec.back
    };
    if len > 1 << 16 {
        return None;
    }
    let fill = if spec.fill.is_empty() { vec![0x5a] } else { spec.fill.clone() };
    let buf = (0..len).map(|i| fill[i % fill.len()].wrapping_add((i / fill.len()) as u8)).collect();
    Some((buf, offset))
}

fn kind_of<T>(r: &Result<T, Error>) -> Result<(), ErrorKind> {
    match r {
        Ok(_) => Ok(()),
        Err(e) => Err(e.kind()),
    }
}

#[track_caller]
fn agree<T, U>(what: &dyn std::fmt::Debug, got: &Result<T, Error>, want: &Result<U, ErrorKind>) {
    let want = want.as_ref().map(|_| ()).map_err(|k| *k);
    assert_eq!(
        kind_of(got),
        want,
        "{what:?}: library (left) and model (right) disagree: {:?}",
        got.as_ref().err()
    );
}

/// Checks a successful write of `packed` at `at` against the model buffer:
/// a NaN's payload is taken from the library once it is seen to be a NaN.
fn apply_packed(model: &mut [u8], real: &[u8], at: usize, fmt: usize, packed: &model::Packed) {
    let k = FORMATS[fmt].size;
    if packed.nan {
        let got = model::decode(fmt, &real[at..at + k]);
        assert!(matches!(got, M::Float(f) if f.is_nan()), "NaN written as {got:?}");
        model[at..at + k].copy_from_slice(&real[at..at + k]);
    } else {
        model[at..at + k].copy_from_slice(&packed.bytes);
    }
}

/// The model of slice assignment: every destination element, in C order,
/// takes the next element of the source's C-order bytes.
fn assign_model(model: &mut [u8], dst: &MView, src_bytes: &[u8]) {
    let k = dst.k();
    for (i, &p) in dst.pos.iter().enumerate() {
        model[p..p + k].copy_from_slice(&src_bytes[i * k..i * k + k]);
    }
}

fn fail_if(cond: bool, kind: ErrorKind) -> Result<(), ErrorKind> {
    if cond { Err(kind) } else { Ok(()) }
}

fn pick<T>(items: &[T], i: usize) -> usize {
    i % items.len()
}

/// Checks a library `Value` (from `get` or an iterator) against a model value.
#[track_caller]
fn check_value(what: &dyn std::fmt::Debug, got: &Value, want: &M) {
    let got = from_value(got).unwrap_or_else(|| panic!("{what:?}: unexpected value {got:?}"));
    assert!(identical(&got, want), "{what:?}: got {got:?}, model {want:?}");
}

/// `tolist` against the model: nested lists of the C-order values.
fn check_list(what: &dyn std::fmt::Debug, list: &Value, shape: &[usize], values: &[M]) {
    let mut leaves = Vec::new();
    fn walk<'v>(
        v: &'v Value,
        shape: &[usize],
        out: &mut Vec<&'v Value>,
        what: &dyn std::fmt::Debug,
    ) {
        match shape.split_first() {
            None => out.push(v),
            Some((&n, rest)) => match v {
                Value::List(items) => {
                    assert_eq!(items.len(), n, "{what:?}: list length");
                    for item in items {
                        walk(item, rest, out, what);
                    }
                }
                other => panic!("{what:?}: expected a list, got {other:?}"),
            },
        }
    }
    walk(list, shape, &mut leaves, what);
    if count(shape) == 0 {
        return;
    }
    assert_eq!(leaves.len(), values.len(), "{what:?}: leaf count");
    for (got, want) in leaves.iter().zip(values) {
        check_value(what, got, want);
    }
}

fn sep_str(sep: Sep) -> Option<&'static str> {
    match sep {
        Sep::None => None,
        Sep::Ascii(_) => Some(""), // replaced by the caller
        Sep::NonAscii => Some("\u{e9}"),
        Sep::Empty => Some(""),
        Sep::Two => Some("::"),
    }
}

// ------------------------------------------------------------ MemoryView world

struct MemWorld {
    ba: ByteArray,
    views: Vec<(MemoryView, MView)>,
    model: Vec<u8>,
}

impl MemWorld {
    fn live_families(&self) -> usize {
        let mut live: Vec<usize> =
            self.views.iter().filter(|(_, m)| !m.released).map(|(_, m)| m.family).collect();
        live.sort_unstable();
        live.dedup();
        live.len()
    }

    fn push(&mut self, mv: MemoryView, m: MView) {
        if self.views.len() < MAX_VIEWS {
            self.views.push((mv, m));
        }
    }

    fn check_bytes(&self, op: &Op) {
        assert_eq!(
            self.ba.to_vec(),
            self.model,
            "{op:?}: MemoryView world buffer differs from the model"
        );
        assert_eq!(self.ba.exports(), self.live_families(), "{op:?}: export count");
    }

    /// The model's answer for a released view: kind Value.
    fn released(m: &MView) -> Result<(), ErrorKind> {
        if m.released { Err(ErrorKind::Value) } else { Ok(()) }
    }

    fn apply(&mut self, op: &Op) {
        let models: Vec<&MView> = self.views.iter().map(|(_, m)| m).collect();
        let op = &resolve(op, &models);
        match op {
            Op::Slice { v, dim, sl, .. } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let want =
                    Self::released(m).and_then(|()| m.slice(*dim, sl.start, sl.stop, sl.step));
                let got = mv.slice(*dim, sl.slice());
                agree(op, &got, &want);
                if let (Ok(got), Ok(want)) = (got, want) {
                    self.check_view(op, &got, &want);
                    self.push(got, want);
                }
            }
            Op::Cast { v, fmt, shape, .. } => {
                let to = pick(FORMATS, *fmt);
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let want = Self::released(m).and_then(|()| m.cast(to, shape.as_deref()));
                let got = match shape {
                    None => mv.cast(FORMATS[to].text),
                    Some(shape) => {
                        let shape: Vec<i128> = shape.iter().map(|&n| n.into()).collect();
                        mv.cast_shape(FORMATS[to].text, &shape)
                    }
                };
                agree(op, &got, &want);
                if let (Ok(got), Ok(want)) = (got, want) {
                    self.check_view(op, &got, &want);
                    self.push(got, want);
                }
            }
            Op::Get { v, index, .. } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let want = Self::released(m).and_then(|()| m.locate(index));
                let got = mv.get(index);
                agree(op, &got, &want);
                if let (Ok(got), Ok(at)) = (got, want) {
                    check_value(op, &got, &model::decode(m.fmt, &self.model[at..at + m.k()]));
                }
            }
            Op::Set { v, index, value, .. } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let want = Self::released(m)
                    .and_then(|()| fail_if(m.readonly, ErrorKind::Type))
                    .and_then(|()| m.locate(index))
                    .and_then(|at| model::encode(m.fmt, value).map(|p| (at, p)));
                let got = mv.set(index, &value.to_value());
                agree(op, &got, &want);
                if let Ok((at, packed)) = want {
                    let fmt = m.fmt;
                    apply_packed(&mut self.model, &self.ba.to_vec(), at, fmt, &packed);
                }
            }
            Op::SetSlice { dst, dim, sl, src, .. } => {
                let (d, dm) = &self.views[pick(&self.views, *dst)];
                let (s, sm) = &self.views[pick(&self.views, *src)];
                // A released view's positions may be past a resized buffer.
                let src_bytes =
                    if sm.released { Vec::new() } else { sm.gather(&self.model, false) };
                let want = Self::released(sm).and_then(|()| Self::released(dm)).and_then(|()| {
                    assign_check(dm, *dim, *sl, FORMATS[sm.fmt].text, sm.k(), &sm.shape)
                });
                let got = d.set_slice(*dim, sl.slice(), s);
                agree(op, &got, &want);
                if let Ok(target) = want {
                    assign_model(&mut self.model, &target, &src_bytes);
                }
            }
            Op::SetSliceBytes { v, dim, sl, bytes, .. } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let want = Self::released(m)
                    .and_then(|()| assign_check(m, *dim, *sl, "B", 1, &[bytes.len()]));
                let got = mv.set_slice_from(*dim, sl.slice(), bytes.as_slice());
                agree(op, &got, &want);
                if let Ok(target) = want {
                    assign_model(&mut self.model, &target, bytes);
                }
            }
            Op::ToBytes { v, order } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let got = mv.tobytes(*order);
                agree(op, &got, &Self::released(m));
                if let Ok(got) = got {
                    assert_eq!(got.len(), m.nbytes(), "{op:?}: tobytes length != nbytes");
                    assert_eq!(got, m.gather(&self.model, fortran(m, *order)), "{op:?}: tobytes");
                }
            }
            Op::Hex { v, sep, bytes_per_sep } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let ascii;
                let sep_text = match sep {
                    Sep::Ascii(c) => {
                        ascii = char::from(c % 128).to_string();
                        Some(ascii.as_str())
                    }
                    other => sep_str(*other),
                };
                let want = if i32::try_from(*bytes_per_sep).is_err() {
                    Err(ErrorKind::Overflow)
                } else {
                    let bad_sep = matches!(sep, Sep::NonAscii | Sep::Empty | Sep::Two);
                    Self::released(m).and_then(|()| fail_if(bad_sep, ErrorKind::Value))
                };
                let got = mv.hex(sep_text, *bytes_per_sep);
                agree(op, &got, &want);
                if let Ok(got) = got {
                    let sep = sep_text.and_then(|s| s.chars().next());
                    let bytes = m.gather(&self.model, false);
                    assert_eq!(got, py_hex(&bytes, sep, *bytes_per_sep), "{op:?}: hex");
                }
            }
            Op::Eq { a, b } => {
                let (ia, ib) = (pick(&self.views, *a), pick(&self.views, *b));
                let ((x, xm), (y, ym)) = (&self.views[ia], &self.views[ib]);
                let want = if ia == ib && xm.released {
                    true
                } else if xm.released || ym.released {
                    false
                } else {
                    views_equal(xm, ym, &self.model)
                };
                assert_eq!(x.equals(y), want, "{op:?}: equals");
                assert_eq!(y.equals(x), want, "{op:?}: equals (swapped)");
            }
            Op::ToList { v } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let got = mv.tolist();
                agree(op, &got, &Self::released(m));
                if let Ok(list) = got {
                    check_list(op, &list, &m.shape, &m.values(&self.model));
                }
            }
            Op::ToReadonly { v } => {
                let (mv, m) = &self.views[pick(&self.views, *v)];
                let got = mv.toreadonly();
                agree(op, &got, &Self::released(m));
                if let Ok(got) = got {
                    let want = MView { readonly: true, ..m.clone() };
                    self.check_view(op, &got, &want);
                    self.push(got, want);
                }
            }
            Op::Release { v } => {
                let i = pick(&self.views, *v);
                let (mv, m) = &mut self.views[i];
                mv.release().unwrap();
                m.released = true;
                assert!(mv.len().is_err_and(|e| e.kind() == ErrorKind::Value), "{op:?}");
            }
            Op::Resize { len } => {
                // bytearray refuses only a change of size while exported.
                let resizes = *len != self.model.len();
                let want = if resizes && self.live_families() > 0 {
                    Err(ErrorKind::Buffer)
                } else {
                    Ok(())
                };
                let got = self.ba.resize(*len, 0xee);
                agree(op, &got, &want);
                if got.is_ok() {
                    self.model.resize(*len, 0xee);
                }
            }
            Op::Index { .. } | Op::Transpose { .. } | Op::Permute { .. } => {}
        }
        self.check_bytes(op);
    }

    /// A new memoryview against its model: shape, strides, readonly, and the
    /// bytes it reads in both orders.
    fn check_view(&self, op: &Op, mv: &MemoryView, m: &MView) {
        assert_eq!(mv.shape().unwrap(), m.shape.as_slice(), "{op:?}: shape");
        let strides: Vec<i128> = mv.strides().unwrap().iter().map(|&s| s as i128).collect();
        assert_eq!(strides, m.strides, "{op:?}: strides");
        assert_eq!(mv.readonly().unwrap(), m.readonly, "{op:?}: readonly");
        assert_eq!(mv.format().unwrap(), FORMATS[m.fmt].text, "{op:?}: format");
        assert_eq!(mv.nbytes().unwrap(), m.nbytes(), "{op:?}: nbytes");
        assert_eq!(mv.c_contiguous().unwrap(), m.c_contiguous(), "{op:?}: c_contiguous");
        assert_eq!(mv.f_contiguous().unwrap(), m.f_contiguous(), "{op:?}: f_contiguous");
        assert_eq!(mv.tobytes(Order::C).unwrap(), m.gather(&self.model, false), "{op:?}: C bytes");
        assert_eq!(mv.tobytes(Order::F).unwrap(), m.gather(&self.model, true), "{op:?}: F bytes");
    }
}

/// Which order `A` means for this view: F when F- but not C-contiguous.
fn fortran(m: &MView, order: Order) -> bool {
    match order {
        Order::C => false,
        Order::F => true,
        _ => m.buffer_contiguous(true) && !m.buffer_contiguous(false),
    }
}

/// The checks of slice assignment into `dst[dim][sl]` from a source of
/// `format`, itemsize `k` and `shape`: the destination elements, or the error.
fn assign_check(
    dst: &MView,
    dim: usize,
    sl: Sl,
    format: &str,
    k: usize,
    shape: &[usize],
) -> Result<MView, ErrorKind> {
    if dst.readonly || dst.ndim() == 0 {
        return Err(ErrorKind::Type);
    }
    let target = dst.slice(dim, sl.start, sl.stop, sl.step)?;
    let canonical = |f: &str| f.strip_prefix('@').unwrap_or(f).to_string();
    if canonical(FORMATS[dst.fmt].text) != canonical(format)
        || dst.k() != k
        || !same_shape(&target.shape, shape)
    {
        return Err(ErrorKind::Value);
    }
    Ok(target)
}

// ------------------------------------------------------------------ core world

struct CoreWorld {
    buf: Vec<u8>,
    views: Vec<(Layout, MView)>,
    model: Vec<u8>,
}

fn format(m: &MView) -> Format<'static> {
    Format::parse(FORMATS[m.fmt].text).expect("model formats parse")
}

impl CoreWorld {
    fn view(&self, i: usize) -> (View<'_>, &MView) {
        let (layout, m) = &self.views[i];
        let view = View::from_parts(&self.buf, format(m), *layout)
            .unwrap_or_else(|e| panic!("a stored layout no longer validates: {e} {layout:?}"));
        (view, m)
    }

    fn push(&mut self, layout: Layout, m: MView) {
        if self.views.len() < MAX_VIEWS {
            self.views.push((layout, m));
        }
    }

    /// A derived view against its model: it validates against the buffer,
    /// has the model's geometry, and every element is where the model says.
    fn check_view(&self, op: &Op, view: &View<'_>, m: &MView) {
        assert!(
            View::from_parts(&self.buf, view.format(), *view.layout()).is_ok(),
            "{op:?}: derived layout invalid"
        );
        assert_eq!(view.shape(), m.shape.as_slice(), "{op:?}: shape");
        let strides: Vec<i128> = view.strides().iter().map(|&s| s as i128).collect();
        assert_eq!(strides, m.strides, "{op:?}: strides");
        if m.count() > 0 {
            assert_eq!(view.offset() as i128, m.offset, "{op:?}: offset");
        }
        assert_eq!(view.nbytes(), m.nbytes(), "{op:?}: nbytes");
        assert_eq!(view.is_c_contiguous(), m.c_contiguous(), "{op:?}: c_contiguous");
        assert_eq!(view.is_f_contiguous(), m.f_contiguous(), "{op:?}: f_contiguous");
        let base = self.buf.as_ptr() as usize;
        let mut n = 0;
        model::each_index(&m.shape, false, |idx| {
            let index: Vec<isize> = idx.iter().map(|&i| i as isize).collect();
            let bytes = view.element_bytes(&index).expect("an element in range");
            assert_eq!(bytes.as_ptr() as usize - base, m.pos[n], "{op:?}: element {idx:?}");
            assert_eq!(bytes.len(), m.k(), "{op:?}: element size");
            n += 1;
        });
        // The same geometry through a small capacity, when it fits.
        match view.into_capacity::<6>() {
            Ok(small) => assert_eq!(small.to_vec(Order::C), view.to_vec(Order::C), "{op:?}"),
            Err(e) => assert!(m.ndim() > 6 && e.kind() == ErrorKind::Value, "{op:?}: {e}"),
        }
    }

    fn check_bytes(&self, op: &Op) {
        assert_eq!(self.buf, self.model, "{op:?}: core world buffer differs from the model");
    }

    /// Runs a geometry operation on both `View` and `ViewMut` and records the result.
    fn derive(
        &mut self,
        op: &Op,
        v: usize,
        want: impl FnOnce(&MView) -> Result<MView, ErrorKind>,
        on_view: impl FnOnce(View<'_>) -> Result<View<'_>, Error>,
        on_mut: impl FnOnce(ViewMut<'_>) -> Result<ViewMut<'_>, Error>,
    ) {
        let i = pick(&self.views, v);
        let (view, m) = self.view(i);
        let want = want(m);
        let got = on_view(view);
        agree(op, &got, &want);
        let (Ok(got), Ok(want)) = (got, want) else { return };
        self.check_view(op, &got, &want);
        let layout = *got.layout();
        let (stored, m) = &self.views[i];
        let mut scratch = self.buf.clone();
        let whole = ViewMut::from_parts(&mut scratch, format(m), *stored).expect("valid");
        let via_mut = on_mut(whole).expect("ViewMut agrees with View");
        assert_eq!(via_mut.as_view().layout(), &layout, "{op:?}: ViewMut layout");
        self.push(layout, want);
    }

    fn apply(&mut self, op: &Op) {
        let models: Vec<&MView> = self.views.iter().map(|(_, m)| m).collect();
        let op = &resolve(op, &models);
        match op {
            Op::Slice { v, dim, sl, .. } => {
                let (dim, sl) = (*dim, *sl);
                self.derive(
                    op,
                    *v,
                    |m| m.slice(dim, sl.start, sl.stop, sl.step),
                    |view| view.slice(dim, sl.slice()),
                    |view| view.slice(dim, sl.slice()),
                );
            }
            Op::Index { v, dim, index, .. } => {
                let (dim, index) = (*dim, *index);
                self.derive(
                    op,
                    *v,
                    |m| m.index_axis(dim, index),
                    |view| view.index_axis(dim, index),
                    |view| view.index_axis(dim, index),
                );
            }
            Op::Transpose { v } => {
                self.derive(
                    op,
                    *v,
                    |m| Ok(m.transpose()),
                    |view| Ok(view.transpose()),
                    |view| Ok(view.transpose()),
                );
            }
            Op::Permute { v, axes, .. } => {
                self.derive(
                    op,
                    *v,
                    |m| m.permute(axes),
                    |view| view.permute(axes),
                    |view| view.permute(axes),
                );
            }
            Op::Cast { v, fmt, shape, .. } => {
                let to = pick(FORMATS, *fmt);
                let text = FORMATS[to].text;
                // memoryview's Python ints: `<= 0` is refused as 0 would be.
                let shape: Option<Vec<usize>> =
                    shape.as_ref().map(|s| s.iter().map(|&n| n.max(0) as usize).collect());
                let model_shape: Option<Vec<i64>> =
                    shape.as_ref().map(|s| s.iter().map(|&n| n as i64).collect());
                self.derive(
                    op,
                    *v,
                    |m| m.cast(to, model_shape.as_deref()),
                    // The model is memoryview's rule, which `cast_cpython` keeps.
                    |view| view.cast_cpython(text, shape.as_deref()),
                    |view| view.cast_cpython(text, shape.as_deref()),
                );
            }
            Op::Get { v, index, .. } => {
                let (view, m) = self.view(pick(&self.views, *v));
                let want = m.locate(index);
                let got = view.get(index);
                agree(op, &got, &want);
                if let (Ok(got), Ok(at)) = (got, want) {
                    check_value(
                        op,
                        &Value::from(got),
                        &model::decode(m.fmt, &self.model[at..at + m.k()]),
                    );
                }
            }
            Op::Set { v, index, value, .. } => {
                let i = pick(&self.views, *v);
                let (layout, m) = self.views[i].clone();
                let want =
                    m.locate(index).and_then(|at| model::encode(m.fmt, value).map(|p| (at, p)));
                let mut view =
                    ViewMut::from_parts(&mut self.buf, format(&m), layout).expect("valid");
                let got = view.set_value(index, &value.to_value());
                agree(op, &got, &want);
                if let Ok((at, packed)) = want {
                    apply_packed(&mut self.model, &self.buf, at, m.fmt, &packed);
                }
            }
            Op::SetSlice { dst, dim, sl, src, .. } => {
                let (dl, dm) = self.views[pick(&self.views, *dst)].clone();
                let (sl_layout, sm) = self.views[pick(&self.views, *src)].clone();
                let snapshot = self.buf.clone();
                let src_view = View::from_parts(&snapshot, format(&sm), sl_layout).expect("valid");
                let src_bytes = sm.gather(&self.model, false);
                let want = assign_check(&dm, *dim, *sl, FORMATS[sm.fmt].text, sm.k(), &sm.shape);
                let whole = ViewMut::from_parts(&mut self.buf, format(&dm), dl).expect("valid");
                let got = whole.slice(*dim, sl.slice()).and_then(|mut t| t.copy_from(&src_view));
                agree(op, &got, &want);
                if let Ok(target) = want {
                    assign_model(&mut self.model, &target, &src_bytes);
                }
            }
            Op::SetSliceBytes { v, dim, sl, bytes, .. } => {
                let (layout, m) = self.views[pick(&self.views, *v)].clone();
                let want = assign_check(&m, *dim, *sl, "B", 1, &[bytes.len()]);
                let whole = ViewMut::from_parts(&mut self.buf, format(&m), layout).expect("valid");
                let got = whole
                    .slice(*dim, sl.slice())
                    .and_then(|mut t| t.copy_from(&View::from(&bytes[..])));
                agree(op, &got, &want);
                if let Ok(target) = want {
                    assign_model(&mut self.model, &target, bytes);
                }
            }
            Op::ToBytes { v, order } => {
                let (view, m) = self.view(pick(&self.views, *v));
                let want = m.gather(&self.model, fortran(m, *order));
                let mut out = vec![0xa5u8; m.nbytes()];
                view.copy_to_slice(&mut out, *order).expect("right length");
                assert_eq!(out, want, "{op:?}: copy_to_slice");
                assert_eq!(view.to_vec(*order).expect("small"), want, "{op:?}: to_vec");
                let mut longer = vec![0u8; m.nbytes() + 1];
                let err = view.copy_to_slice(&mut longer, *order).expect_err("wrong length");
                assert_eq!(err.kind(), ErrorKind::Value, "{op:?}");
            }
            Op::Hex { v, sep, bytes_per_sep } => {
                let (view, m) = self.view(pick(&self.views, *v));
                let Ok(bps) = i32::try_from(*bytes_per_sep) else { return self.check_bytes(op) };
                let sep = match sep {
                    Sep::None => None,
                    Sep::Ascii(c) => Some(char::from(c % 128)),
                    _ => Some('\u{e9}'),
                };
                let got = view.hex(sep, bps);
                let want =
                    if sep.is_some_and(|c| !c.is_ascii()) { Err(ErrorKind::Value) } else { Ok(()) };
                agree(op, &got, &want);
                if let Ok(got) = got {
                    assert_eq!(
                        got,
                        py_hex(&m.gather(&self.model, false), sep, *bytes_per_sep),
                        "{op:?}: hex"
                    );
                    let mut text = String::new();
                    view.write_hex(&mut text, sep, bps).expect("write_hex");
                    assert_eq!(text, got, "{op:?}: write_hex");
                    assert_eq!(view.hex_len(sep, bps), Ok(got.len()), "{op:?}: hex_len");
                }
            }
            Op::Eq { a, b } => {
                let (x, xm) = self.view(pick(&self.views, *a));
                let (y, ym) = self.view(pick(&self.views, *b));
                let want = views_equal(xm, ym, &self.model);
                assert_eq!(x.equals(&y), want, "{op:?}: equals");
                assert_eq!(y.equals(&x), want, "{op:?}: equals (swapped)");
            }
            Op::ToList { v } => {
                let (view, m) = self.view(pick(&self.views, *v));
                let values = m.values(&self.model);
                check_list(op, &view.to_value().expect("small"), &m.shape, &values);
                let iterated: Vec<Value> = view.iter().map(Value::from).collect();
                assert_eq!(iterated.len(), m.count(), "{op:?}: iter length");
                for (got, want) in iterated.iter().zip(&values) {
                    check_value(op, got, want);
                }
            }
            Op::ToReadonly { .. } | Op::Release { .. } | Op::Resize { .. } => {}
        }
        self.check_bytes(op);
    }
}

/// Runs `ops` on both worlds from the layout `spec` describes; panics with
/// the operation and both answers at the first disagreement. Returns
/// `false` (and checks nothing) when the spec is out of bounds.
pub(crate) fn run(spec: &Spec, ops: &[Op]) -> bool {
    let fmt = pick(FORMATS, spec.fmt);
    let spec = Spec { fmt, ..spec.clone() };
    let Some((buf, offset)) = realize(&spec) else { return false };
    let m = MView::new(fmt, &spec.shape, &spec.strides, offset, buf.len())
        .expect("a realized spec is valid");
    let whole = MView::new(0, &[buf.len()], &[1], 0, buf.len()).expect("bytes");

    // Core world.
    let layout = Layout::new(&spec.shape, &spec.strides, offset).expect("layout");
    let core_view = View::from_parts(&buf, format(&m), layout);
    assert!(core_view.is_ok(), "valid layout refused: {spec:?} -> {core_view:?}");
    let mut core = CoreWorld {
        buf: buf.clone(),
        views: vec![
            (layout, m.clone()),
            (Layout::new(&[buf.len()], &[1], 0).expect("bytes"), whole.clone()),
        ],
        model: buf.clone(),
    };

    // MemoryView world: two exports of one bytearray.
    let ba = ByteArray::from(buf.clone());
    let first =
        MemoryView::with_layout(ba.clone(), FORMATS[fmt].text, &spec.shape, &spec.strides, offset)
            .unwrap_or_else(|e| panic!("valid layout refused: {e} {spec:?}"));
    let second = MemoryView::new(ba.clone()).expect("bytes");
    let mut mem = MemWorld {
        ba,
        views: vec![(first, m), (second, MView { family: 1, ..whole })],
        model: buf,
    };
    mem.check_bytes(&Op::ToList { v: 0 });
    for op in ops {
        core.apply(op);
        mem.apply(op);
    }
    true
}
