//! The one-dimensional fast paths of construction and cast against the
//! general paths they shortcut, over random extents, strides, offsets,
//! buffer lengths and formats: the same views, the same errors.

use proptest::prelude::*;
use view_core::{Format, Layout, View};

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
