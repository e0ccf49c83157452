//! The import half inside an interpreter started by this test process:
//! the buffers PyO3's `PyBuffer<T>` reads wrong or refuses (byte-order
//! prefixes, exporters without strides), suboffsets, and the release.

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyBufferError, PyNotImplementedError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use view_core::{MAX_NDIM, Request};
use view_pyo3::{PyView, to_pyerr};

/// Evaluates `expr` with `ctypes`, `_testbuffer` and `array` imported.
fn eval<'py>(py: Python<'py>, expr: &str) -> PyResult<Bound<'py, PyAny>> {
    let globals = PyDict::new(py);
    for module in ["ctypes", "_testbuffer", "array"] {
        globals.set_item(module, py.import(module)?)?;
    }
    let code = std::ffi::CString::new(expr)?;
    py.eval(&code, Some(&globals), None)
}

/// The elements as `f64`, decoded with the format's byte order.
fn floats(v: &PyView<'_, MAX_NDIM>) -> PyResult<Vec<f64>> {
    v.view()
        .iter()
        .map(|s| s.as_f64().ok_or_else(|| PyTypeError::new_err("not a number")))
        .collect()
}

/// A big-endian `>d` buffer reads as big-endian: `[1.0, 2.0, 3.0]`.
/// PyO3's `PyBuffer<f64>` accepts it as native `f64` (3.0 reads as 3.04e-319).
#[test]
fn big_endian_doubles_decode_as_big_endian() -> PyResult<()> {
    Python::attach(|py| {
        let obj = eval(py, "_testbuffer.ndarray([1.0, 2.0, 3.0], shape=[3], format='>d')")?;
        let v = PyView::<MAX_NDIM>::get(&obj, Request::FULL_RO)?;
        assert_eq!(v.format(), ">d");
        assert_eq!(floats(&v)?, [1.0, 2.0, 3.0]);
        if cfg!(target_endian = "little") {
            // Typed access is checked against the format: `>d` is no `f64` here.
            assert!(v.typed::<f64>().unwrap_err().is_instance_of::<PyTypeError>(py));
            let pyo3 = PyBuffer::<f64>::get(&obj)?.to_vec(py)?;
            assert_ne!(pyo3, [1.0, 2.0, 3.0], "PyO3's PyBuffer now reads '>d' right");
        }
        Ok(())
    })
}

/// ctypes' explicit `<d` is an `f64` on a little-endian machine; PyO3's
/// `PyBuffer<f64>` refuses it.
#[test]
fn little_endian_prefix_is_accepted() -> PyResult<()> {
    Python::attach(|py| {
        let obj = eval(py, "(ctypes.c_double * 3)(1.0, 2.0, 3.5)")?;
        let v = PyView::<MAX_NDIM>::get(&obj, Request::FULL_RO)?;
        assert_eq!(v.format(), "<d");
        assert_eq!(floats(&v)?, [1.0, 2.0, 3.5]);
        if cfg!(target_endian = "little") {
            assert_eq!(v.typed::<f64>()?.iter().sum::<f64>(), 6.5);
            assert!(PyBuffer::<f64>::get(&obj).is_err());
        }
        Ok(())
    })
}

/// ctypes gives no strides: the import computes C strides, as memoryview
/// does; PyO3's `PyBuffer::get` fails ("strides is null").
#[test]
fn null_strides_become_c_strides() -> PyResult<()> {
    Python::attach(|py| {
        let obj = eval(py, "((ctypes.c_int32 * 3) * 2)((1, 2, 3), (4, 5, 6))")?;
        let v = PyView::<MAX_NDIM>::get(&obj, Request::FULL_RO)?;
        assert_eq!((v.shape(), v.strides()), (&[2, 3][..], &[12, 4][..]));
        let items: Vec<i32> = v.typed::<i32>()?.iter().collect();
        assert_eq!(items, [1, 2, 3, 4, 5, 6]);
        assert!(PyBuffer::<i32>::get(&obj).is_err());
        // A request without STRIDES: the exporter leaves them out.
        let nd = eval(py, "array.array('h', [1, 2, 3])")?;
        let v = PyView::<1>::get(&nd, Request::ND | Request::FORMAT)?;
        assert_eq!(v.strides(), &[2]);
        Ok(())
    })
}

/// Without `FORMAT` the exporter gives no format and keeps its itemsize:
/// the view reads each item's bytes as a last dimension of `"B"`.
#[test]
fn no_format_reads_item_bytes() -> PyResult<()> {
    Python::attach(|py| {
        let obj = eval(py, "array.array('H', [0x0102, 0x0304])")?;
        let v = PyView::<2>::get(&obj, Request::STRIDES)?;
        assert_eq!((v.format(), v.itemsize(), v.shape()), ("B", 2, &[2][..]));
        assert_eq!(v.view().shape(), &[2, 2]);
        let bytes: Vec<u8> = v.typed::<u8>()?.iter().collect();
        assert_eq!(bytes, [0x0102u16.to_ne_bytes(), 0x0304u16.to_ne_bytes()].concat());
        Ok(())
    })
}

/// PIL-style suboffsets are refused, or copied out on request.
#[test]
fn suboffsets_refused_or_copied() -> PyResult<()> {
    Python::attach(|py| {
        let obj = eval(
            py,
            "_testbuffer.ndarray(list(range(12)), shape=[3, 4], format='B', flags=_testbuffer.ND_PIL)",
        )?;
        let err = PyView::<2>::get(&obj, Request::FULL_RO).unwrap_err();
        assert!(err.is_instance_of::<PyNotImplementedError>(py));
        assert!(err.to_string().contains("suboffsets"));
        let mut v = PyView::<2>::get_or_copy(&obj, Request::FULL_RO)?;
        assert!(v.is_copy());
        assert_eq!((v.shape(), v.strides()), (&[3, 4][..], &[4, 1][..]));
        let items: Vec<u8> = v.typed::<u8>()?.iter().collect();
        assert_eq!(items, (0..12).collect::<Vec<u8>>());
        assert!(v.view_mut().unwrap_err().is_instance_of::<PyBufferError>(py));
        Ok(())
    })
}

/// The buffer is released when the view drops: a `bytearray` refuses to
/// resize while imported, and resizes again afterwards.
#[test]
fn dropping_the_view_releases_the_buffer() -> PyResult<()> {
    Python::attach(|py| {
        let data = eval(py, "bytearray(b'abc')")?;
        let mut v = PyView::<1>::get(&data, Request::FULL)?;
        let err = data.call_method1("extend", (b"d",)).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        v.typed_mut::<u8>()?.set(&[0], b'z').map_err(to_pyerr)?;
        drop(v);
        data.call_method1("extend", (b"d",))?;
        assert_eq!(data.extract::<Vec<u8>>()?, b"zbcd");
        Ok(())
    })
}

/// A read-only export cannot be written, and a WRITABLE request is refused
/// by the exporter itself.
#[test]
fn read_only_exports() -> PyResult<()> {
    Python::attach(|py| {
        let data = eval(py, "b'abc'")?;
        let mut v = PyView::<1>::get(&data, Request::FULL_RO)?;
        assert!(v.readonly());
        assert!(v.view_mut().unwrap_err().is_instance_of::<PyBufferError>(py));
        let err = PyView::<1>::get(&data, Request::FULL).unwrap_err();
        assert!(err.is_instance_of::<PyBufferError>(py));
        Ok(())
    })
}

/// A `#[pyfunction]` taking any buffer (`FromPyObject`: `PyBUF_FULL_RO`).
#[pyfunction]
fn total(v: PyView<'_>) -> PyResult<f64> {
    Ok(v.typed::<f64>()?.iter().sum())
}

#[test]
fn pyfunction_argument() -> PyResult<()> {
    Python::attach(|py| {
        let f = wrap_pyfunction!(total, py)?;
        let arr = eval(py, "array.array('d', [0.5, 1.5, 2.0])")?;
        assert_eq!(f.call1((arr,))?.extract::<f64>()?, 4.0);
        let mv = eval(py, "memoryview(array.array('d', range(8)))[::-2]")?;
        assert_eq!(f.call1((mv,))?.extract::<f64>()?, 7.0 + 5.0 + 3.0 + 1.0);
        let err = f.call1((eval(py, "array.array('i', [1])")?,)).unwrap_err();
        assert!(err.is_instance_of::<PyTypeError>(py));
        assert!(f.call1((1,)).unwrap_err().is_instance_of::<PyTypeError>(py));
        Ok(())
    })
}

/// ctypes structures: the fields are read at C's alignment, which the
/// format leaves out.
#[test]
fn ctypes_structure_fields_at_c_alignment() -> PyResult<()> {
    Python::attach(|py| {
        let globals = PyDict::new(py);
        globals.set_item("ctypes", py.import("ctypes")?)?;
        py.run(
            c"class P(ctypes.Structure):\n    _fields_ = [('x', ctypes.c_int16), ('y', ctypes.c_double)]\np = P(-3, 2.5)",
            Some(&globals),
            None,
        )?;
        let p = globals.get_item("p")?.ok_or_else(|| PyTypeError::new_err("no p"))?;
        let v = PyView::<1>::get(&p, Request::FULL_RO)?;
        assert_eq!((v.format(), v.itemsize()), ("T{<h:x:<d:y:}", 16));
        let value = v.view().to_value().map_err(to_pyerr)?;
        assert_eq!(value.to_string(), "(-3, 2.5)");
        Ok(())
    })
}
