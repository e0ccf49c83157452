//! The specialised paths of equality, `tolist` and copy-out against a
//! naive model built from element-by-element access (`iter`, `get`,
//! `element_bytes`), over random formats, layouts and values.

use proptest::prelude::*;
use view_core::{Order, Scalar, Slice, View, ViewMut};

/// Formats of one code in every class the fast paths specialise, plus a
/// few they leave to the general path.
const FORMATS: &[&str] = &[
    "b", "B", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "<h", ">h", ">I", "<q", ">q", ">Q",
    "e", "<e", ">e", "f", ">f", "d", "<d", ">d", "?", "c", "2B", "xh",
];

/// A buffer and a layout with a given logical shape: each dimension is
/// laid out with its own step (negative reverses it) and the dimensions in
/// a permuted memory order.
#[derive(Debug, Clone)]
struct Plan {
    format: &'static str,
    steps: Vec<isize>,
    order: Vec<usize>,
    fill: u64,
}

fn plan(ndim: usize) -> impl Strategy<Value = Plan> {
    (
        proptest::sample::select(FORMATS),
        proptest::collection::vec(
            prop_oneof![Just(1isize), Just(-1), Just(2), Just(-2), Just(3), Just(4), Just(-3)],
            ndim,
        ),
        Just((0..ndim).collect::<Vec<_>>()).prop_shuffle(),
        any::<u64>(),
    )
        .prop_map(|(format, steps, order, fill)| Plan { format, steps, order, fill })
}

/// The bytes backing a view of logical `shape` laid out as `plan` says.
fn storage(shape: &[usize], plan: &Plan) -> Vec<u8> {
    let k = View::new(&[0u8; 64], plan.format, &[], &[], 0).unwrap().itemsize();
    let items: usize =
        shape.iter().zip(&plan.steps).map(|(&n, &s)| n.max(1) * s.unsigned_abs()).product();
    let mut x = plan.fill | 1;
    (0..items * k + 3)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Mostly small values, so that two views often compare equal.
            if x.is_multiple_of(7) { x as u8 } else { (x % 3) as u8 }
        })
        .collect()
}

/// The view of logical `shape` over `bytes` (made by `storage`).
fn view<'a>(bytes: &'a [u8], shape: &[usize], plan: &Plan) -> View<'a> {
    let k = View::new(&[0u8; 64], plan.format, &[], &[], 0).unwrap().itemsize();
    // The base array holds the dimensions in memory order `plan.order`.
    let base_shape: Vec<usize> =
        plan.order.iter().map(|&d| shape[d].max(1) * plan.steps[d].unsigned_abs()).collect();
    let count: usize = base_shape.iter().product();
    let base = View::new(
        bytes,
        plan.format,
        &base_shape,
        &c_strides(&base_shape, k),
        3.min(bytes.len() - count * k),
    )
    .unwrap();
    // Back to logical order, then step (and cut to the extent) per dimension.
    let mut inverse = vec![0; plan.order.len()];
    for (i, &d) in plan.order.iter().enumerate() {
        inverse[d] = i;
    }
    let mut v = base.permute(&inverse).unwrap();
    for (d, (&n, &s)) in shape.iter().zip(&plan.steps).enumerate() {
        let slice = if s > 0 {
            Slice::new(None, Some(n as isize * s), Some(s))
        } else {
            Slice::new(Some(-1), Some(-1 - n as isize * -s), Some(s))
        };
        v = v.slice(d, slice).unwrap();
        assert_eq!(v.shape()[d], n);
    }
    v
}

fn c_strides(shape: &[usize], k: usize) -> Vec<isize> {
    let mut acc = k as isize;
    let mut out = vec![0; shape.len()];
    for d in (0..shape.len()).rev() {
        out[d] = acc;
        acc *= shape[d] as isize;
    }
    out
}

/// Every index of `shape` in C order.
fn indices(shape: &[usize]) -> Vec<Vec<isize>> {
    let mut out = vec![vec![]];
    for &n in shape {
        out = out
            .into_iter()
            .flat_map(|i| (0..n as isize).map(move |j| [&i[..], &[j]].concat()))
            .collect();
    }
    out
}

fn shape_strategy() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(prop_oneof![Just(0usize), 1..5usize, 60..70usize], 0..4)
        .prop_filter("small", |s| s.iter().map(|&n| n.max(1)).product::<usize>() <= 3000)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn equality_matches_element_by_element(
        (shape, a, b) in shape_strategy().prop_flat_map(|s| {
            let n = s.len();
            (Just(s), plan(n), plan(n))
        }),
        same in any::<bool>(),
    ) {
        let ba = storage(&shape, &a);
        let mut bb = storage(&shape, &b);
        let va = view(&ba, &shape, &a);
        // Often write a's values into b, so that the views are equal.
        if same {
            let vb = view(&bb, &shape, &b);
            let (strides, offset) = (vb.strides().to_vec(), vb.offset());
            let mut mb = ViewMut::new(&mut bb, b.format, &shape, &strides, offset).unwrap();
            for i in indices(&shape) {
                let _ = mb.set(&i, va.get(&i).unwrap_or(Scalar::Int(0)));
            }
        }
        let vb = view(&bb, &shape, &b);
        let model = va.iter().zip(vb.iter()).all(|(x, y)| x == y);
        prop_assert_eq!(va.equals(&vb), model);
        prop_assert_eq!(vb.equals(&va), model);
        prop_assert_eq!(va.equals(&va), va.iter().all(|x| x == x));
    }

    #[test]
    fn copy_out_matches_element_by_element(
        (shape, a) in shape_strategy().prop_flat_map(|s| { let n = s.len(); (Just(s), plan(n)) }),
    ) {
        let ba = storage(&shape, &a);
        let v = view(&ba, &shape, &a);
        let mut c = vec![0u8; v.nbytes()];
        v.copy_to_slice(&mut c, Order::C).unwrap();
        let model: Vec<u8> = indices(&shape).iter().flat_map(|i| v.element_bytes(i).unwrap().to_vec()).collect();
        prop_assert_eq!(&c, &model);
        let mut f = vec![0u8; v.nbytes()];
        v.copy_to_slice(&mut f, Order::F).unwrap();
        let t = v.transpose();
        let rev: Vec<usize> = shape.iter().rev().copied().collect();
        let model: Vec<u8> = indices(&rev).iter().flat_map(|i| t.element_bytes(i).unwrap().to_vec()).collect();
        prop_assert_eq!(&f, &model);
    }
}

/// `fold` (run by run) against `next` (element by element).
fn typed_fold_matches_next<T: view_core::Element + PartialEq + core::fmt::Debug>(v: &View<'_>) {
    let Ok(t) = v.typed::<T>() else { return };
    let mut by_next = Vec::new();
    // A `for` loop calls `next`.
    for x in t.iter() {
        by_next.push(x);
    }
    let by_fold = t.iter().fold(Vec::new(), |mut acc, x| {
        acc.push(x);
        acc
    });
    assert_eq!(by_fold, by_next);
    // Part-way through, too.
    let mut it = t.iter();
    let first = it.next();
    let rest = it.fold(Vec::new(), |mut acc, x| {
        acc.push(x);
        acc
    });
    assert_eq!(first.into_iter().chain(rest).collect::<Vec<_>>(), by_next);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn typed_iteration_runs_match_elements(
        (shape, a) in shape_strategy().prop_flat_map(|s| { let n = s.len(); (Just(s), plan(n)) }),
    ) {
        let ba = storage(&shape, &a);
        let v = view(&ba, &shape, &a);
        typed_fold_matches_next::<u8>(&v);
        typed_fold_matches_next::<i16>(&v);
        typed_fold_matches_next::<u32>(&v);
        typed_fold_matches_next::<i64>(&v);
        typed_fold_matches_next::<u64>(&v);
        typed_fold_matches_next::<bool>(&v);
        // Floats by their bits: NaN != NaN would fail an equal run.
        if let Ok(t) = v.typed::<f32>() {
            let mut by_next = vec![];
            for x in t.iter() {
                by_next.push(x.to_bits());
            }
            prop_assert_eq!(t.iter().map(f32::to_bits).collect::<Vec<_>>(), by_next);
        }
        let bits = |x: f64| x.to_bits();
        if let Ok(t) = v.typed::<f64>() {
            let mut by_next = vec![];
            for x in t.iter() {
                by_next.push(bits(x));
            }
            prop_assert_eq!(t.iter().map(bits).collect::<Vec<_>>(), by_next);
        }
    }
}

#[cfg(feature = "alloc")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn tolist_matches_element_by_element(
        (shape, a) in shape_strategy().prop_flat_map(|s| { let n = s.len(); (Just(s), plan(n)) }),
    ) {
        use view_core::Value;
        let ba = storage(&shape, &a);
        let v = view(&ba, &shape, &a);
        fn model(v: &View<'_>, shape: &[usize], prefix: &mut Vec<isize>) -> Value {
            if prefix.len() == shape.len() {
                return Value::from(v.get(prefix).unwrap());
            }
            let n = shape[prefix.len()];
            Value::List((0..n as isize).map(|i| {
                prefix.push(i);
                let x = model(v, shape, prefix);
                prefix.pop();
                x
            }).collect())
        }
        // Display is structural (it tells NaN, -0.0 and bools apart).
        prop_assert_eq!(v.to_value().unwrap().to_string(), model(&v, &shape, &mut vec![]).to_string());
    }
}

#[test]
fn float_equality_is_by_value() {
    let pos = [0.0f64, 1.5, f64::NAN].iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>();
    let neg = [-0.0f64, 1.5, f64::NAN].iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>();
    let a = View::with_shape(&pos, "d", &[3]).unwrap();
    let b = View::with_shape(&neg, "d", &[3]).unwrap();
    assert!(!a.equals(&b)); // NaN != NaN
    assert!(!a.equals(&a));
    let a2 = a.slice(0, ..2).unwrap();
    let b2 = b.slice(0, ..2).unwrap();
    assert!(a2.equals(&b2)); // -0.0 == 0.0
    let ints = [0i32, 1].iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>();
    let i = View::with_shape(&ints, "i", &[2]).unwrap();
    let q = [0i64, 1].iter().flat_map(|x| x.to_ne_bytes()).collect::<Vec<_>>();
    let q = View::with_shape(&q, "q", &[2]).unwrap();
    assert!(i.equals(&q));
    let halves = View::with_shape(&pos[..16], "d", &[2]).unwrap();
    assert!(!i.equals(&halves)); // 1 != 1.5
}

/// Native bytes of `values`, each converted by `to`.
fn bytes_of<const K: usize>(values: &[i64], to: impl Fn(i64) -> [u8; K]) -> Vec<u8> {
    values.iter().flat_map(|&x| to(x)).collect()
}

#[test]
fn narrow_and_wide_items_compare_by_value_in_one_pass() {
    // Long enough for several blocks of the contiguous one-pass loop, with
    // the difference placed at a block's last item, the next block's first
    // item, and the very end.
    let n = 1000;
    let values: Vec<i64> = (0..n as i64).map(|i| (i % 200) - 100).collect();
    let wide = bytes_of(&values, |x| x.to_ne_bytes());
    let q = View::with_shape(&wide, "q", &[n]).unwrap();
    for (code, narrow) in [
        ("b", bytes_of(&values, |x| (x as i8).to_ne_bytes())),
        ("h", bytes_of(&values, |x| (x as i16).to_ne_bytes())),
        ("i", bytes_of(&values, |x| (x as i32).to_ne_bytes())),
    ] {
        let v = View::with_shape(&narrow, code, &[n]).unwrap();
        assert!(v.equals(&q) && q.equals(&v), "{code} vs q");
        for at in [255, 256, n - 1] {
            let mut changed = wide.clone();
            changed[at * 8..at * 8 + 8].copy_from_slice(&(values[at] + 1).to_ne_bytes());
            let q2 = View::with_shape(&changed, "q", &[n]).unwrap();
            assert!(!v.equals(&q2) && !q2.equals(&v), "{code} vs q changed at {at}");
        }
    }
    // Sign extension: -1 as `i` is not 0xFFFF_FFFF as `q`, nor as `Q`;
    // 0xFFFF_FFFF as `I` is 0xFFFF_FFFF as `Q`.
    let minus_one = (-1i32).to_ne_bytes();
    let low_ones = 0xFFFF_FFFFi64.to_ne_bytes();
    let i = View::with_shape(&minus_one, "i", &[1]).unwrap();
    let unsigned = View::with_shape(&minus_one, "I", &[1]).unwrap();
    assert!(!i.equals(&View::with_shape(&low_ones, "q", &[1]).unwrap()));
    assert!(!i.equals(&View::with_shape(&low_ones, "Q", &[1]).unwrap()));
    assert!(unsigned.equals(&View::with_shape(&low_ones, "Q", &[1]).unwrap()));
    assert!(i.equals(&View::with_shape(&(-1i64).to_ne_bytes(), "q", &[1]).unwrap()));
    // `f` against `d`: by value, NaN unequal to itself.
    let floats = [0.5f32, -0.0, f32::NAN];
    let narrow: Vec<u8> = floats.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let wide: Vec<u8> = floats.iter().flat_map(|&x| f64::from(x).to_ne_bytes()).collect();
    let f = View::with_shape(&narrow, "f", &[3]).unwrap();
    let d = View::with_shape(&wide, "d", &[3]).unwrap();
    assert!(!f.equals(&d));
    assert!(f.slice(0, ..2).unwrap().equals(&d.slice(0, ..2).unwrap()));
}
