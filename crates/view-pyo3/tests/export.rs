//! `Exporter` inside an interpreter started by this test process: every
//! kind of Rust buffer exported to CPython's consumers, the export ledger,
//! and subclasses written without `unsafe`.

use std::sync::Arc;

use pyo3::exceptions::{PyBufferError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{IntoPyDict, PyDict, PyTuple};
use view_pyo3::Exporter;

/// Runs `code` with `obj` bound to the name `obj` and returns `result`.
fn eval<'py>(py: Python<'py>, obj: &Bound<'py, PyAny>, code: &str) -> PyResult<Bound<'py, PyAny>> {
    let locals = PyDict::new(py);
    locals.set_item("obj", obj)?;
    let code = std::ffi::CString::new(code)?;
    py.run(&code, None, Some(&locals))?;
    Ok(locals.get_item("result")?.expect("the snippet sets `result`"))
}

/// `(format, itemsize, shape, strides, readonly, tolist)` of `memoryview(obj)`.
fn describe<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    eval(
        obj.py(),
        obj,
        "with memoryview(obj) as m:\n    \
         result = (m.format, m.itemsize, m.shape, m.strides, m.readonly, m.tolist())",
    )
}

#[test]
fn every_kind_of_buffer_exports() -> PyResult<()> {
    Python::attach(|py| {
        let cases: Vec<(Exporter, &str)> = vec![
            (Exporter::new(vec![1u16, 2, 3])?, "('H', 2, (3,), (2,), True, [1, 2, 3])"),
            (Exporter::new_mut(vec![1.5f64, -2.0])?, "('d', 8, (2,), (8,), False, [1.5, -2.0])"),
            (Exporter::new(Box::<[i8]>::from([-1, 2]))?, "('b', 1, (2,), (1,), True, [-1, 2])"),
            (Exporter::new(Arc::<[u32]>::from([7, 8]))?, "('I', 4, (2,), (4,), True, [7, 8])"),
            (Exporter::new(String::from("hi"))?, "('B', 1, (2,), (1,), True, [104, 105])"),
            (Exporter::new(vec![true, false])?, "('?', 1, (2,), (1,), True, [True, False])"),
            (
                Exporter::new(bytes::Bytes::from_static(b"ab"))?,
                "('B', 1, (2,), (1,), True, [97, 98])",
            ),
            (
                Exporter::new_mut(bytes::BytesMut::from(&b"ab"[..]))?,
                "('B', 1, (2,), (1,), False, [97, 98])",
            ),
            (
                Exporter::new_mut(ndarray::Array2::<i32>::from_shape_fn((2, 3), |(i, j)| {
                    (3 * i + j) as i32
                }))?,
                "('i', 4, (2, 3), (12, 4), False, [[0, 1, 2], [3, 4, 5]])",
            ),
            (
                Exporter::new(ndarray::Array2::<u8>::zeros((2, 2)).reversed_axes())?,
                "('B', 1, (2, 2), (1, 2), True, [[0, 0], [0, 0]])",
            ),
        ];
        for (exporter, want) in cases {
            let obj = Bound::new(py, exporter)?.into_any();
            let got = describe(&obj)?;
            let want = py.eval(&std::ffi::CString::new(want)?, None, None)?;
            assert!(got.eq(&want)?, "{got} != {want}");
        }
        Ok(())
    })
}

#[test]
fn numpy_free_consumers_share_memory() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![0u8; 4])?)?;
        let result = eval(
            py,
            obj.as_any(),
            "import ctypes\n\
             c = (ctypes.c_uint8 * 4).from_buffer(obj)\n\
             c[1] = 9\n\
             with memoryview(obj) as m:\n    m[2] = 7\n\
             del c\n\
             result = bytes(memoryview(obj))",
        )?;
        assert_eq!(result.extract::<Vec<u8>>()?, [0, 9, 7, 0]);
        assert_eq!(obj.borrow().get::<Vec<u8>>()?, &[0, 9, 7, 0]);
        Ok(())
    })
}

#[test]
fn ledger_refuses_rust_borrows_while_exported() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![1u8, 2, 3])?)?;
        let view = py.import("builtins")?.getattr("memoryview")?.call1((&obj,))?;
        assert_eq!(obj.borrow().exports(), 1);
        let err = obj.borrow().get::<Vec<u8>>().unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        let err = obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.push(4)).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        view.set_item(0, 42)?;
        view.call_method0("release")?;
        assert_eq!(obj.borrow().exports(), 0);
        obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.push(4))?;
        assert_eq!(obj.borrow().get::<Vec<u8>>()?, &[42, 2, 3, 4]);
        assert_eq!(obj.borrow().nbytes(), 4);
        Ok(())
    })
}

#[test]
fn read_only_exports_allow_shared_borrows() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new(vec![1u8, 2, 3])?)?;
        let view = py.import("builtins")?.getattr("memoryview")?.call1((&obj,))?;
        assert_eq!(obj.borrow().get::<Vec<u8>>()?, &[1, 2, 3]);
        assert!(obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.clear()).is_err());
        assert!(view.set_item(0, 1).is_err());
        drop(view);
        obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.clear())?;
        let err = obj.borrow().get::<Vec<i8>>().unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        Ok(())
    })
}

#[test]
fn exports_refused_while_rust_borrows() -> PyResult<()> {
    Python::attach(|py| {
        let memoryview = py.import("builtins")?.getattr("memoryview")?;
        let writable = Bound::new(py, Exporter::new_mut(vec![1u8])?)?;
        {
            let _shared = writable.borrow();
            let err = memoryview.call1((&writable,)).unwrap_err();
            assert!(err.is_instance_of::<PyBufferError>(py));
        }
        let readonly = Bound::new(py, Exporter::new(vec![1u8])?)?;
        {
            let _shared = readonly.borrow();
            memoryview.call1((&readonly,))?.call_method0("release")?;
            let _ = _shared;
        }
        {
            let _exclusive = readonly.borrow_mut();
            assert!(memoryview.call1((&readonly,)).is_err());
        }
        assert_eq!(readonly.borrow().exports(), 0);
        Ok(())
    })
}

#[test]
fn release_never_needs_a_borrow() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![0u8; 2])?)?;
        let view = py.import("builtins")?.getattr("memoryview")?.call1((&obj,))?;
        {
            // A Rust method holding the object mutably drops the last export.
            let _exclusive = obj.borrow_mut();
            view.call_method0("release")?;
        }
        assert_eq!(obj.borrow().exports(), 0);
        Ok(())
    })
}

#[test]
fn the_export_keeps_the_exporter_alive() -> PyResult<()> {
    Python::attach(|py| {
        let view = {
            let obj = Bound::new(py, Exporter::new(vec![5u64, 6])?)?;
            py.import("builtins")?.getattr("memoryview")?.call1((obj,))?
        };
        py.import("gc")?.call_method0("collect")?;
        assert_eq!(view.call_method0("tolist")?.extract::<Vec<u64>>()?, [5, 6]);
        let owner = view.getattr("obj")?;
        assert_eq!(owner.cast::<Exporter>()?.borrow().exports(), 1);
        Ok(())
    })
}

#[test]
fn request_flags_without_format_keep_the_item_size() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new(vec![1.0f64, 2.0])?)?;
        let testbuffer = py.import("_testbuffer")?;
        let flag = |name: &str| -> PyResult<i32> { testbuffer.getattr(name)?.extract() };
        let ndarray = testbuffer.getattr("ndarray")?;
        let nd = ndarray.call(
            PyTuple::new(py, [&obj])?,
            Some(&[("getbuf", flag("PyBUF_ND")?)].into_py_dict(py)?),
        )?;
        assert!(nd.getattr("format")?.extract::<String>()?.is_empty());
        assert_eq!(nd.getattr("itemsize")?.extract::<usize>()?, 8);
        assert_eq!(nd.getattr("shape")?.extract::<Vec<usize>>()?, [2]);
        let simple_format = flag("PyBUF_FORMAT")?;
        let err = ndarray
            .call(PyTuple::new(py, [&obj])?, Some(&[("getbuf", simple_format)].into_py_dict(py)?))
            .unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        Ok(())
    })
}

#[test]
fn overlapping_writable_exports_and_a_resize_between_them() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![0u8; 3])?)?;
        let memoryview = py.import("builtins")?.getattr("memoryview")?;
        let first = memoryview.call1((&obj,))?;
        let second = memoryview.call1((&obj,))?;
        first.set_item(0, 1)?;
        second.set_item(1, 2)?;
        assert_eq!(obj.borrow().exports(), 2);
        first.call_method0("release")?;
        second.set_item(2, 3)?;
        second.call_method0("release")?;
        // Grown (likely moved): the next export is taken from the new memory.
        obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.extend_from_slice(&[0; 1024]))?;
        let third = memoryview.call1((&obj,))?;
        third.set_item(1026, 9)?;
        assert_eq!(third.getattr("nbytes")?.extract::<usize>()?, 1027);
        drop(third);
        let exporter = obj.borrow();
        let v = exporter.get::<Vec<u8>>()?;
        assert_eq!((&v[..3], v[1026]), (&[1, 2, 3][..], 9));
        Ok(())
    })
}

/// A `_testbuffer.ndarray` of `obj` made with the request flags named
/// `flags` (it holds one export until dropped), and its
/// `(shape, strides, format)`.
fn getbuf<'py>(
    obj: &Bound<'py, PyAny>,
    flags: &str,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let code = format!(
        "from _testbuffer import ndarray, {flags}\n\
         nd = ndarray(obj, getbuf={flags})\n\
         result = (nd, (nd.shape, nd.strides, nd.format))"
    );
    let result = eval(obj.py(), obj, &code)?;
    Ok((result.get_item(0)?, result.get_item(1)?))
}

#[test]
fn exports_with_different_flags_live_together_and_release_in_either_order() -> PyResult<()> {
    Python::attach(|py| {
        let array = ndarray::Array2::<i32>::from_shape_fn((2, 3), |(i, j)| (3 * i + j) as i32);
        let obj = Bound::new(py, Exporter::new_mut(array)?)?;
        let any = obj.as_any();
        let memoryview = py.import("builtins")?.getattr("memoryview")?;
        for (round, full_first) in [(0i32, true), (1, false)] {
            let (full, full_got) = getbuf(any, "PyBUF_FULL_RO")?;
            let (nd, nd_got) = getbuf(any, "PyBUF_ND")?;
            let (again, again_got) = getbuf(any, "PyBUF_FULL_RO")?;
            let want: Vec<isize> = vec![12, 4];
            assert_eq!(
                full_got.extract::<(Vec<usize>, Vec<isize>, String)>()?,
                (vec![2, 3], want.clone(), "i".to_owned())
            );
            assert_eq!(again_got.extract::<(Vec<usize>, Vec<isize>, String)>()?.1, want);
            // Without STRIDES and FORMAT: neither strides nor format.
            assert_eq!(
                nd_got.extract::<(Vec<usize>, Vec<isize>, String)>()?,
                (vec![2, 3], vec![], String::new())
            );
            assert_eq!(obj.borrow().exports(), 3);
            // All three see the same memory.
            memoryview.call1((&full,))?.set_item((0, 0), 40 + round)?;
            let bytes = nd.call_method0("tobytes")?.extract::<Vec<u8>>()?;
            assert_eq!(bytes[..4], (40 + round).to_ne_bytes());
            let (first, second) = if full_first { (full, nd) } else { (nd, full) };
            drop(first);
            let bytes = second.call_method0("tobytes")?.extract::<Vec<u8>>()?;
            assert_eq!(bytes[12..16], 3i32.to_ne_bytes());
            drop(second);
            assert_eq!(obj.borrow().exports(), 1);
            drop(again);
            assert_eq!(obj.borrow().exports(), 0);
            let exporter = obj.borrow();
            assert_eq!(exporter.get::<ndarray::Array2<i32>>()?[[0, 0]], 40 + round);
        }
        Ok(())
    })
}

#[test]
fn an_export_after_with_mut_gets_the_new_layout() -> PyResult<()> {
    Python::attach(|py| {
        let array = ndarray::Array2::<u16>::zeros((2, 3));
        let obj = Bound::new(py, Exporter::new_mut(array)?)?;
        assert_eq!(describe(obj.as_any())?.get_item(2)?.extract::<Vec<usize>>()?, [2, 3]);
        obj.borrow_mut().with_mut(|a: &mut ndarray::Array2<u16>| {
            *a = ndarray::Array2::from_elem((4, 1), 7).reversed_axes();
        })?;
        let got = describe(obj.as_any())?;
        assert_eq!(got.get_item(2)?.extract::<Vec<usize>>()?, [1, 4]);
        assert_eq!(got.get_item(3)?.extract::<Vec<isize>>()?, [2, 2]);
        assert_eq!(got.get_item(5)?.extract::<Vec<Vec<u16>>>()?, [[7, 7, 7, 7]]);
        // A read-only exporter forgets its answers too.
        let obj = Bound::new(py, Exporter::new(vec![1u8, 2])?)?;
        assert_eq!(describe(obj.as_any())?.get_item(2)?.extract::<Vec<usize>>()?, [2]);
        obj.borrow_mut().with_mut(|v: &mut Vec<u8>| v.push(3))?;
        assert_eq!(describe(obj.as_any())?.get_item(5)?.extract::<Vec<u8>>()?, [1, 2, 3]);
        Ok(())
    })
}

#[test]
fn writes_through_exports_between_rust_borrows_are_seen() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![0u8; 4])?)?;
        let memoryview = py.import("builtins")?.getattr("memoryview")?;
        for i in 0..4u8 {
            let view = memoryview.call1((&obj,))?;
            view.set_item(usize::from(i), i + 1)?;
            view.call_method0("release")?;
            let exporter = obj.borrow();
            assert_eq!(
                exporter.get::<Vec<u8>>()?[..=usize::from(i)],
                (1..=i + 1).collect::<Vec<_>>()
            );
        }
        Ok(())
    })
}

#[test]
fn an_exporter_replaced_while_exported_leaves_the_memory_in_place() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![7u8; 4096])?)?;
        let view = py.import("builtins")?.getattr("memoryview")?.call1((&obj,))?;
        // Safe Rust may swap the value out from under a live export.
        let old = std::mem::replace(&mut *obj.borrow_mut(), Exporter::new(vec![1u8])?);
        assert_eq!(old.exports(), 1);
        drop(old);
        let filler = vec![0u8; 4096];
        view.set_item(4095, 9)?;
        let bytes = view.call_method0("tobytes")?.extract::<Vec<u8>>()?;
        assert_eq!((bytes[0], bytes[4095], filler.len()), (7, 9, 4096));
        view.call_method0("release")?;
        assert_eq!(obj.borrow().get::<Vec<u8>>()?, &[1]);
        Ok(())
    })
}

#[test]
fn a_panic_inside_with_mut_leaves_no_stale_answer() -> PyResult<()> {
    Python::attach(|py| {
        let obj = Bound::new(py, Exporter::new_mut(vec![1u8; 4])?)?;
        assert_eq!(describe(obj.as_any())?.get_item(2)?.extract::<Vec<usize>>()?, [4]);
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = obj.borrow_mut().with_mut(|v: &mut Vec<u8>| {
                *v = vec![2; 64];
                panic!("after the change");
            });
        }));
        assert!(panicked.is_err());
        let got = describe(obj.as_any())?;
        assert_eq!(got.get_item(5)?.extract::<Vec<u8>>()?, vec![2; 64]);
        Ok(())
    })
}
