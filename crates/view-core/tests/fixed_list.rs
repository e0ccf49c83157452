//! `tolist_heapless` (feature `heapless`): the elements of any layout in C
//! order in a fixed-capacity list, and kind Value when they do not fit.
#![cfg(feature = "heapless")]

use proptest::prelude::*;
use view_core::{ErrorKind, Reason, Scalar, Slice, View};

proptest! {
    /// A stepped, possibly reversed 2-D slice of `<h` or `3B` lists what
    /// `iter` gives, in a list of capacity 64, or fails with the count.
    #[test]
    fn lists_what_iter_gives(
        rows in 1usize..6,
        cols in 1usize..6,
        step0 in prop_oneof![Just(1isize), Just(-1), Just(2), Just(-2)],
        step1 in prop_oneof![Just(1isize), Just(-1), Just(3), Just(-2)],
        format in prop_oneof![Just("<h"), Just("3B")],
        seed in any::<u8>(),
    ) {
        let k = if format == "<h" { 2 } else { 3 };
        let bytes: Vec<u8> = (0..rows * cols * k).map(|i| (i as u8).wrapping_mul(37) ^ seed).collect();
        let stride = (cols * k) as isize;
        let v = View::new(&bytes, format, &[rows, cols], &[stride, k as isize], 0)
            .and_then(|v| v.slice(0, Slice::new(None, None, Some(step0))))
            .and_then(|v| v.slice(1, Slice::new(None, None, Some(step1))))
            .unwrap();
        let expected: Vec<Scalar<'_>> = v.iter().collect();
        let listed = v.tolist_heapless::<64>().unwrap();
        prop_assert_eq!(&listed[..], &expected[..]);
        let small = v.tolist_heapless::<3>();
        if expected.len() <= 3 {
            prop_assert_eq!(&small.unwrap()[..], &expected[..]);
        } else {
            let err = small.unwrap_err();
            prop_assert_eq!(err.kind(), ErrorKind::Value);
            prop_assert_eq!(err.reason(), Reason::ListTooLong { capacity: 3, items: expected.len() });
        }
    }
}

#[test]
fn a_zero_dim_view_lists_its_element() {
    let v = View::new(&[7u8], "B", &[], &[], 0).unwrap();
    assert_eq!(v.tolist_heapless::<1>().unwrap()[..], [Scalar::Int(7)]);
}

#[test]
fn an_empty_view_fits_any_capacity() {
    let v = View::new(&[], "B", &[4, 0], &[0, 1], 0).unwrap();
    assert!(v.tolist_heapless::<0>().unwrap().is_empty());
}

#[test]
fn exactly_the_capacity_fits() {
    let v = View::from_bytes(&[1, 2, 3, 4]);
    assert_eq!(v.tolist_heapless::<4>().unwrap().len(), 4);
    assert!(v.tolist_heapless::<3>().is_err());
}

#[test]
fn the_error_names_the_capacity_and_the_count() {
    let v = View::from_bytes(&[0; 5]);
    let err = v.tolist_heapless::<2>().unwrap_err();
    assert_eq!(err.to_string(), "more elements than the list's capacity: 5 elements, capacity 2");
}

#[test]
fn records_list_as_records() {
    let data = [1u8, 0, 2, 0, 3, 0];
    let v = View::new(&data, "<Bx", &[3], &[2], 0).unwrap();
    let items = v.tolist_heapless::<4>().unwrap();
    assert_eq!(items[..], [1, 2, 3].map(Scalar::Int));
    let pairs = View::new(&data, "<2B", &[3], &[2], 0).unwrap();
    let items = pairs.tolist_heapless::<3>().unwrap();
    assert!(items.iter().all(|x| matches!(x, Scalar::Record(r) if r.len() == 2)));
}
