//! ndarray <-> view: zero copy by pointer identity, the error for each
//! impossible conversion, and property-tested round trips over random
//! shapes, stepped (negative too) slicings and axis permutations.

use ndarray::{
    ArcArray2, Array, Array1, Array2, ArrayD, ArrayView1, ArrayViewD, Ix1, Ix2, Ix3, IxDyn, Slice,
    s,
};
use proptest::prelude::*;
use view_core::{Buffer, BufferMut, Element, ErrorKind, Request, View, ViewMut};
use view_ndarray::{as_array, as_array_mut, to_array, view_within};

/// The address of element `[0, 0, ...]` of a view.
fn first<const N: usize>(v: &View<'_, N>) -> *const u8 {
    let zeros = vec![0isize; v.ndim()];
    v.element_bytes(&zeros).unwrap().as_ptr()
}

#[test]
fn arrays_export_their_own_memory() {
    let a = Array2::from_shape_fn((3, 5), |(i, j)| (i * 5 + j) as u64);
    let v = Buffer::export::<64>(&a).unwrap();
    assert_eq!((v.format().as_str(), v.shape(), v.strides()), ("Q", &[3, 5][..], &[40, 8][..]));
    assert_eq!(first(&v), a.as_ptr().cast());
    assert_eq!(v.buffer().len(), 15 * 8);

    let f = a.t();
    let v = Buffer::export::<64>(&f).unwrap();
    assert_eq!((v.shape(), v.strides()), (&[5, 3][..], &[8, 40][..]));
    assert!(v.is_f_contiguous());

    let r = a.slice(s![..;-1, ..;-1]);
    let v = Buffer::export::<64>(&r).unwrap();
    assert_eq!(v.strides(), &[-40, -8]);
    assert_eq!(first(&v), r.as_ptr().cast());
    assert_eq!(v.typed::<u64>().unwrap().get(&[0, 0]).unwrap(), 14);

    let mut p = Array::from_iter(0..24i16).into_shape_with_order((2, 3, 4)).unwrap();
    p.swap_axes(0, 2);
    p.invert_axis(ndarray::Axis(1));
    let v = Buffer::export::<64>(&p).unwrap();
    assert_eq!((v.shape(), v.strides()), (&[4, 3, 2][..], &[2, -8, 24][..]));
    assert_eq!(first(&v), p.as_ptr().cast());
    assert_eq!(as_array::<i16, Ix3, _>(&v).unwrap(), p);
}

#[test]
fn writable_exports_write_the_array() {
    let mut a = Array1::<f32>::zeros(4);
    let ptr = a.as_ptr();
    {
        let mut v = a.export_mut::<64>().unwrap().typed::<f32>().unwrap();
        v.set(&[-1], 2.5).unwrap();
        assert_eq!(v.as_mut_slice().unwrap().as_ptr(), ptr);
    }
    assert_eq!(a[3], 2.5);

    // Shared storage is unshared before a writable export, as ndarray does.
    let mut shared = ArcArray2::<u8>::zeros((2, 2));
    let other = shared.clone();
    BufferMut::export_mut::<64>(&mut shared)
        .unwrap()
        .typed::<u8>()
        .unwrap()
        .set(&[1, 1], 9)
        .unwrap();
    assert_eq!((shared[[1, 1]], other[[1, 1]]), (9, 0));

    let mut base = Array1::<u8>::zeros(6);
    let mut window = base.slice_mut(s![1..4]);
    BufferMut::export_mut::<64>(&mut window).unwrap().typed::<u8>().unwrap().set(&[0], 7).unwrap();
    assert_eq!(base.to_vec(), [0, 7, 0, 0, 0, 0]);
}

#[test]
fn read_only_storage_refuses_writable_requests() {
    let a = Array1::<u8>::zeros(3);
    assert!(a.request::<64>(Request::WRITABLE).is_ok());
    // ndarray's own read-only view.
    let v = a.view();
    let err = v.request::<64>(Request::WRITABLE).unwrap_err();
    assert_eq!((err.kind(), err.message()), (ErrorKind::Buffer, "Object is not writable."));
    let bools = Array1::from(vec![true, false]);
    assert!(bools.readonly());
    assert_eq!(Buffer::export::<64>(&bools).unwrap().format().as_str(), "?");
}

#[test]
fn impossible_conversions_name_the_reason() {
    let a = Array1::from_iter(0..8u32);
    // A stepped slice has gaps: only view_within exports it.
    let err = Buffer::export::<64>(&a.slice(s![..;2])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Buffer);
    let b = Array1::from_iter(0..8u32);
    assert_eq!(view_within(&b, &a.slice(s![..;2])).unwrap_err().kind(), ErrorKind::Buffer);
    let wrong_type = Array1::from_iter(0..8u64);
    assert_eq!(view_within(&wrong_type, &a.slice(s![..;2])).unwrap_err().kind(), ErrorKind::Type);
    // The base must hold the whole array.
    let head = a.as_slice().unwrap()[..5].to_vec();
    assert_eq!(view_within(&head, &a.slice(s![..;2])).unwrap_err().kind(), ErrorKind::Buffer);

    let v = Buffer::export::<64>(&a).unwrap();
    let err = as_array::<i32, Ix1, _>(&v).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Type);
    let err = as_array::<u32, Ix2, _>(&v).unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ErrorKind::Value, "ndarray: the view's number of dimensions differs from the array's")
    );
    assert_eq!(to_array::<u32, Ix2, _>(&v).unwrap_err().kind(), ErrorKind::Value);

    let bytes = v.buffer();
    let misaligned = View::new(&bytes[1..], "I", &[3], &[4], 0).unwrap();
    let err = as_array::<u32, Ix1, _>(&misaligned).unwrap_err();
    assert!(err.message().contains("not aligned"), "{err}");
    assert_eq!(to_array::<u32, Ix1, _>(&misaligned).unwrap().len(), 3);

    let odd_stride = View::new(bytes, "I", &[3], &[6], 0).unwrap();
    let err = as_array::<u32, Ix1, _>(&odd_stride).unwrap_err();
    assert!(err.message().contains("not a multiple"), "{err}");
    assert_eq!(to_array::<u32, Ix1, _>(&odd_stride).unwrap().len(), 3);

    let flags = [0u8, 1, 2];
    let bools = View::new(&flags, "?", &[3], &[1], 0).unwrap();
    let err = as_array::<bool, Ix1, _>(&bools).unwrap_err();
    assert!(err.message().contains("0 or 1"), "{err}");
    assert_eq!(to_array::<bool, Ix1, _>(&bools).unwrap(), ndarray::array![false, true, true]);
    assert_eq!(
        as_array::<bool, Ix1, _>(&bools.slice(0, 0..2).unwrap()).unwrap(),
        ndarray::array![false, true]
    );

    // Zero strides: fine to read, not to write.
    let mut data = [5u8; 2];
    let broadcast = View::new(&data, "B", &[3, 2], &[0, 1], 0).unwrap();
    assert_eq!(as_array::<u8, Ix2, _>(&broadcast).unwrap().sum(), 30);
    let broadcast = ViewMut::new(&mut data, "B", &[3, 2], &[0, 1], 0).unwrap();
    let err = as_array_mut::<u8, Ix2, _>(broadcast).unwrap_err();
    assert!(err.message().contains("overlap"), "{err}");
}

#[test]
fn fixed_and_dynamic_dimensions() {
    let a = Array::from_iter(0..24u8).into_shape_with_order((2, 3, 4)).unwrap();
    let v = Buffer::export::<64>(&a).unwrap();
    let d: ArrayViewD<'_, u8> = as_array(&v).unwrap();
    assert_eq!(d.shape(), &[2, 3, 4]);
    let f = as_array::<u8, Ix3, _>(&v).unwrap();
    assert_eq!(f, a);
    let scalar = v.index_axis(0, 1).unwrap().index_axis(0, 2).unwrap().index_axis(0, 3).unwrap();
    assert_eq!(as_array::<u8, ndarray::Ix0, _>(&scalar).unwrap()[()], 23);
    let empty = v.slice(1, 3..3).unwrap();
    let e = as_array::<u8, Ix3, _>(&empty).unwrap();
    assert_eq!(e.shape(), &[2, 0, 4]);
    assert_eq!(to_array::<u8, IxDyn, _>(&empty).unwrap().shape(), &[2, 0, 4]);
}

#[test]
fn arrays_of_arrays_and_halves() {
    let a = Array1::from(vec![[1u16, 2], [3, 4], [5, 6]]);
    let v = Buffer::export::<64>(&a).unwrap();
    assert_eq!(v.format().as_str(), "2H");
    let back: ArrayView1<'_, [u16; 2]> = as_array(&v).unwrap();
    assert_eq!(back[2], [5, 6]);
    let h = Array1::from(vec![half::f16::from_f32(1.5)]);
    let v = Buffer::export::<64>(&h).unwrap();
    assert_eq!(v.format().as_str(), "e");
    assert_eq!(as_array::<half::f16, Ix1, _>(&v).unwrap()[0].to_f32(), 1.5);
}

/// One axis's slice: start, stop, step (Python style, clamped later).
type AxisSlice = (isize, Option<isize>, isize);

/// A random array shape, slicing per axis and permutation.
fn arrangement() -> impl Strategy<Value = (Vec<usize>, Vec<AxisSlice>, Vec<usize>)> {
    prop::collection::vec(0usize..5, 1..=4).prop_flat_map(|shape| {
        let n = shape.len();
        let slices = prop::collection::vec(
            (
                -6isize..6,
                prop::option::of(-6isize..6),
                prop::sample::select(vec![-3isize, -2, -1, 1, 2, 3]),
            ),
            n,
        );
        let keys = prop::collection::vec(any::<u32>(), n);
        (Just(shape), slices, keys).prop_map(|(shape, slices, keys)| {
            let mut perm: Vec<usize> = (0..keys.len()).collect();
            perm.sort_by_key(|&i| keys[i]);
            (shape, slices, perm)
        })
    })
}

/// Clamps a Python-ish start/stop into ndarray's slice form for extent `n`.
fn ndarray_slice(n: usize, (start, stop, step): AxisSlice) -> Slice {
    let n = n as isize;
    let clamp = |i: isize| if i < 0 { (i + n).max(0) } else { i.min(n) };
    let start = clamp(start);
    let end = stop.map(clamp).unwrap_or(n).max(start);
    Slice::new(start, Some(end), step)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn round_trips_keep_shape_strides_values_and_memory((shape, slices, perm) in arrangement()) {
        let count: usize = shape.iter().product();
        let base: ArrayD<i32> = Array::from_shape_vec(IxDyn(&shape), (0..count as i32).collect()).unwrap();
        let mut axis = 0;
        let sliced = base.slice_each_axis(|ax| {
            let s = ndarray_slice(ax.len, slices[axis]);
            axis += 1;
            s
        });
        let arranged = sliced.permuted_axes(IxDyn(&perm));

        // ndarray -> view: real shape, byte strides, the same memory.
        let v = view_within(&base, &arranged).unwrap();
        prop_assert_eq!(v.shape(), arranged.shape());
        let byte_strides: Vec<isize> = arranged.strides().iter().map(|s| s * 4).collect();
        prop_assert_eq!(v.strides(), &byte_strides[..]);
        let values: Vec<i32> = v.typed::<i32>().unwrap().iter().collect();
        prop_assert_eq!(&values, &arranged.iter().copied().collect::<Vec<_>>());
        if !arranged.is_empty() {
            prop_assert_eq!(first(&v), arranged.as_ptr().cast::<u8>());
        }
        // Contiguous ones export directly, identically.
        if arranged.as_slice_memory_order().is_some() {
            let direct = Buffer::export::<64>(&arranged).unwrap();
            prop_assert_eq!(direct.shape(), v.shape());
            prop_assert_eq!(direct.strides(), v.strides());
            if !arranged.is_empty() {
                prop_assert_eq!(first(&direct), first(&v));
            }
        } else {
            prop_assert_eq!(Buffer::export::<64>(&arranged).unwrap_err().kind(), ErrorKind::Buffer);
        }

        // view -> ndarray: the same shape, strides, values and memory.
        let back: ArrayViewD<'_, i32> = as_array(&v).unwrap();
        prop_assert_eq!(&back, &arranged);
        prop_assert_eq!(back.shape(), arranged.shape());
        if !arranged.is_empty() {
            prop_assert_eq!(back.strides(), arranged.strides());
            prop_assert_eq!(back.as_ptr(), arranged.as_ptr());
        }
        let copied: ArrayD<i32> = to_array(&v).unwrap();
        prop_assert_eq!(&copied, &arranged);
        prop_assert!(copied.is_standard_layout());
    }

    #[test]
    fn writes_through_array_views_land_once((shape, slices, perm) in arrangement()) {
        let count: usize = shape.iter().product();
        let mut base: ArrayD<i64> = Array::from_shape_vec(IxDyn(&shape), (0..count as i64).collect()).unwrap();
        let before = base.clone();
        // The same geometry on the view side: view-core's Python slicing
        // with positive steps picks distinct elements.
        let mut v = base.export_mut::<64>().unwrap();
        for (d, &(start, stop, step)) in slices.iter().enumerate() {
            v = v.slice(d, view_core::Slice::new(Some(start), stop, Some(step.abs()))).unwrap();
        }
        let v = v.permute(&perm).unwrap();
        let picked = v.as_view().iter().count();
        let mut a = as_array_mut::<i64, IxDyn, _>(v).unwrap();
        a.map_inplace(|x| *x += 1000);
        let added: i64 = (&base - &before).sum();
        prop_assert_eq!(added, 1000 * picked as i64);
    }
}

#[test]
fn pod_elements_are_the_writable_ones() {
    fn writable<T: view_core::PodElement>() -> bool {
        T::ANY_BIT_PATTERN
    }
    assert!(writable::<[f64; 3]>());
    const { assert!(!bool::ANY_BIT_PATTERN) };
}
