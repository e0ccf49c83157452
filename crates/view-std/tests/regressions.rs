//! One test per failure category met while replaying the CPython vectors,
//! named after the behaviour.

use view_core::{ErrorKind, Slice};
use view_std::{ByteArray, MemoryView, Value};

#[test]
fn cast_checks_contiguity_and_shape_before_the_destination_format() {
    // CPython checks C-contiguity, zero extents and the shape's
    // dimensionality before it looks at the destination format.
    let base = MemoryView::with_layout(ByteArray::from(vec![0; 8]), "B", &[4], &[2], 0).unwrap();
    assert_eq!(base.cast_shape("3", &[2, 2]).unwrap_err().kind(), ErrorKind::Type);
    let empty =
        MemoryView::with_layout(ByteArray::from(vec![0; 8]), "B", &[2, 0], &[4, 1], 0).unwrap();
    assert_eq!(empty.cast_shape("z", &[1]).unwrap_err().kind(), ErrorKind::Type);
    let matrix =
        MemoryView::with_layout(ByteArray::from(vec![0; 8]), "B", &[2, 4], &[4, 1], 0).unwrap();
    assert_eq!(matrix.cast_shape("3", &[2, 4]).unwrap_err().kind(), ErrorKind::Type);
    // With those satisfied, a bad destination format is a ValueError.
    assert_eq!(matrix.cast_shape("3", &[8]).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn slicing_a_view_with_an_empty_dimension_stays_inside_the_buffer() {
    // shape [2, 1, 0, 2]: no elements. Slicing dimension 0 to start at 1
    // must not move the view's offset past the end of the buffer; later
    // operations see an ordinary empty view.
    let view = MemoryView::with_layout(
        ByteArray::from(vec![0; 8]),
        "i",
        &[2, 1, 0, 2],
        &[12, -16, -16, 4],
        4,
    )
    .unwrap();
    let sliced = view.slice(0, Slice::new(Some(1 << 40), Some(-2), Some(-2))).unwrap();
    assert_eq!(sliced.shape().unwrap(), &[1, 1, 0, 2]);
    assert_eq!(
        sliced.set(&[0, 0, 0], &Value::Float(0.0)).unwrap_err().kind(),
        ErrorKind::NotImplemented
    );
    assert_eq!(sliced.tolist().unwrap().to_string(), "[[[]]]");
    assert_eq!(sliced.tobytes(view_core::Order::C).unwrap(), b"");
}
