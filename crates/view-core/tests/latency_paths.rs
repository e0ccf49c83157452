//! The one-dimensional fast paths of construction, cast and element
//! lookup against the general paths they shortcut, over random extents,
//! strides, offsets, buffer lengths, formats and indices: the same views,
//! the same elements, the same errors.

use proptest::prelude::*;
use view_core::{Element, Format, Layout, Reason, Result, Typed, View};

const FORMATS: &[&str] =
    &["B", "b", "c", "@B", "<B", "h", "<H", ">H", "=h", "d", "<d", "3s", "2h", "x"];

fn extent() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..8, Just(isize::MAX as usize), Just(usize::MAX), Just(1 << 62)]
}

fn stride() -> impl Strategy<Value = isize> {
    prop_oneof![-9isize..10, Just(isize::MAX), Just(isize::MIN), Just(1 << 62)]
}

fn offset() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..40, Just(isize::MAX as usize), Just(usize::MAX)]
}

proptest! {
    #[test]
    fn one_dim_construction_matches_the_general_path(
        format in proptest::sample::select(FORMATS),
        n in extent(),
        s in stride(),
        at in offset(),
        len in 0usize..40,
    ) {
        let bytes = vec![0u8; len];
        let fast = View::new(&bytes, format, &[n], &[s], at);
        let general = Format::parse(format).and_then(|f| {
            View::from_parts(&bytes[..], f, Layout::new(&[n], &[s], at)?)
        });
        match (fast, general) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.format(), b.format());
                prop_assert_eq!(a.layout(), b.layout());
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.reason(), b.reason()),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
        }
    }

    #[test]
    fn one_dim_cast_matches_the_shaped_cast(
        from in proptest::sample::select(FORMATS),
        to in proptest::sample::select(FORMATS),
        n in 1usize..8,
        step in 1usize..3,
    ) {
        let Ok(k) = Format::parse(from).map(|f| f.itemsize()) else { return Ok(()) };
        prop_assume!(k > 0);
        let bytes = vec![7u8; n * k * step];
        let v = View::new(&bytes, from, &[n], &[(k * step) as isize], 0).unwrap();
        // With an explicit shape the general path runs; it agrees with the
        // one-dimensional path whenever the shape is the one the cast finds.
        let fast = v.cast(to, None);
        let count = Format::parse(to).ok().filter(|f| f.itemsize() > 0).map(|f| n * k / f.itemsize());
        if let Some(count) = count.filter(|c| *c > 0) {
            let general = v.cast(to, Some(&[count]));
            match (&fast, &general) {
                (Ok(a), Ok(b)) => {
                    prop_assert_eq!(a.layout(), b.layout());
                    prop_assert_eq!(a.format(), b.format());
                }
                (Err(a), Err(b)) if (n * k) % Format::parse(to).unwrap().itemsize() == 0 => {
                    prop_assert_eq!(a.reason(), b.reason());
                }
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
            }
        }
        // The strict rule refuses exactly the pairs with no byte format.
        let bytes_side = [from, to].iter().any(|f| matches!(*f, "B" | "b" | "c" | "@B"));
        if let Ok(strict) = v.cast_cpython(to, None) {
            prop_assert!(bytes_side);
            prop_assert_eq!(fast.map(|f| *f.layout()).ok(), Some(*strict.layout()));
        }
    }
}

#[test]
fn identical_layouts_cast_only_in_the_same_byte_order() {
    let data = [1u8, 0, 2, 0];
    let le = View::from_bytes(&data).cast("<H", None).unwrap();
    let native = le.cast("=H", None);
    assert_eq!(native.is_ok(), cfg!(target_endian = "little"));
    assert!(le.cast(">H", None).is_err());
    assert!(le.cast("<h", None).is_err(), "signedness differs: another scalar kind");
    assert!(le.cast("<I", None).is_err(), "another size");
    assert_eq!(le.cast("<H", None).unwrap().get(&[1]).unwrap().as_int(), Some(2));
    let pairs = View::new(&data, "<HH", &[1], &[4], 0).unwrap();
    assert!(pairs.cast("<2H", None).is_ok());
    assert!(pairs.cast("<I", None).is_err());
}

/// An index of a dimension of `n`: in range either way, just out of
/// range either way, or far out.
fn index_of(n: usize) -> impl Strategy<Value = isize> {
    let n = n as isize;
    prop_oneof![-n - 2..n + 2, Just(isize::MIN), Just(isize::MAX), Just(-n), Just(n), Just(-n - 1),]
}

/// Where CPython finds element `index` of a one-dimensional layout:
/// negative counts from the end, then `offset + i * stride`, in exact
/// arithmetic; `None` when out of range.
fn model_offset(layout: &Layout, index: isize) -> Option<usize> {
    let n = i128::try_from(layout.shape()[0]).ok()?;
    let i = index as i128;
    let i = if i < 0 { i + n } else { i };
    if !(0..n).contains(&i) {
        return None;
    }
    let at = i128::try_from(layout.offset()).ok()? + i * layout.strides()[0] as i128;
    usize::try_from(at).ok()
}

/// `typed.get(index)` (the fast path, for one index into one dimension)
/// against the general lookup of the same index (`element_bytes`, then
/// the type's reader) and against the model: the same element, or the
/// same error.
fn check_typed<T: Element + PartialEq + core::fmt::Debug>(
    view: View<'_>,
    index: &[isize],
) -> core::result::Result<(), TestCaseError> {
    let typed: Typed<'_, T> = view.typed::<T>().map_err(|e| TestCaseError::fail(e.to_string()))?;
    let fast = typed.get(index);
    let general: Result<T> = view.element_bytes(index).and_then(|b| {
        T::read_from(b).ok_or(view_core::Error::because(Reason::ElementTypeMismatch))
    });
    match (&fast, &general) {
        (Ok(a), Ok(b)) => prop_assert_eq!(a, b),
        (Err(a), Err(b)) => {
            prop_assert_eq!(a.reason(), b.reason());
            prop_assert_eq!(a.to_string(), b.to_string());
        }
        (a, b) => prop_assert!(false, "{:?} vs {:?}", a, b),
    }
    if let ([i], 1) = (index, view.ndim()) {
        match model_offset(view.layout(), *i) {
            Some(at) => {
                let k = size_of::<T>();
                prop_assert_eq!(fast.ok(), T::read_from(&view.buffer()[at..at + k]));
            }
            None => {
                let reason = fast.err().map(|e| e.reason());
                prop_assert_eq!(reason, Some(Reason::IndexOutOfBounds { dimension: Some(0) }));
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn one_dim_typed_get_matches_the_general_path(
        (n, s, at, extra, index) in (0usize..9, -3isize..4, 0usize..4, 0usize..3)
            .prop_flat_map(|(n, s, at, extra)| (
                Just(n), Just(s), Just(at), Just(extra),
                proptest::collection::vec(index_of(n), 0..3),
            )),
        code in 0usize..4,
    ) {
        // Strides in items (negative and zero too), the first element
        // placed so the view is valid, a few spare bytes around it.
        let (format, k) = [("B", 1), ("<H", 2), ("d", 8), ("2f", 8)][code];
        let step = s * k as isize;
        let reach = if n == 0 { 0 } else { (n - 1) * s.unsigned_abs() * k };
        let first = at * k + if s < 0 { reach } else { 0 };
        let bytes: Vec<u8> = (0..first + reach + k + extra * k).map(|b| b as u8).collect();
        let view = View::new(&bytes, format, &[n], &[step], first).unwrap();
        match code {
            0 => check_typed::<u8>(view, &index)?,
            1 if cfg!(target_endian = "little") => check_typed::<u16>(view, &index)?,
            2 => check_typed::<f64>(view, &index)?,
            3 => check_typed::<[f32; 2]>(view, &index)?,
            _ => {}
        }
    }

    #[test]
    fn typed_get_of_other_shapes_matches_the_general_path(
        shape in proptest::collection::vec(0usize..4, 0..3),
        index in proptest::collection::vec(-5isize..5, 0..4),
    ) {
        // 0-d and 2-D views take the general path; their errors (the
        // wrong number of indices, an index out of range) are as before.
        let count: usize = shape.iter().product();
        let bytes: Vec<u8> = (0..count.max(1) as u8).collect();
        let strides: Vec<isize> =
            shape.iter().rev().scan(1isize, |acc, &n| { let s = *acc; *acc *= n.max(1) as isize; Some(s) })
                .collect::<Vec<_>>().into_iter().rev().collect();
        let view = View::new(&bytes, "B", &shape, &strides, 0).unwrap();
        check_typed::<u8>(view, &index)?;
    }
}

#[test]
fn typed_get_errors_keep_their_kinds_and_messages() {
    let data: Vec<u8> = [1.5f64, 2.5, 3.5].iter().flat_map(|x| x.to_ne_bytes()).collect();
    let t = View::with_shape(&data, "d", &[3]).unwrap().typed::<f64>().unwrap();
    assert_eq!(t.get(&[-1]).unwrap(), 3.5);
    assert_eq!(t.get(&[-3]).unwrap(), 1.5);
    for bad in [3, -4, isize::MIN, isize::MAX] {
        let err = t.get(&[bad]).unwrap_err();
        assert_eq!(err.kind(), view_core::ErrorKind::Index);
        assert_eq!(
            err.to_string(),
            View::with_shape(&data, "d", &[3]).unwrap().get(&[bad]).unwrap_err().to_string()
        );
    }
    assert_eq!(t.get(&[]).unwrap_err().kind(), view_core::ErrorKind::NotImplemented);
    assert_eq!(t.get(&[0, 0]).unwrap_err().kind(), view_core::ErrorKind::Type);
}
