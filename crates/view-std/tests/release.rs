//! Release and export counting: what no vector file covers.

use view_core::{ErrorKind, Order, Slice};
use view_std::{ByteArray, Bytes, MemoryView, Value};

#[test]
fn every_operation_after_release_is_a_value_error() {
    let mv = MemoryView::new(ByteArray::from(b"abcd".to_vec())).unwrap();
    mv.release().unwrap();
    let kinds = [
        mv.format().map(drop),
        mv.itemsize().map(drop),
        mv.ndim().map(drop),
        mv.shape().map(drop),
        mv.strides().map(drop),
        mv.suboffsets().map(drop),
        mv.nbytes().map(drop),
        mv.readonly().map(drop),
        mv.c_contiguous().map(drop),
        mv.f_contiguous().map(drop),
        mv.contiguous().map(drop),
        mv.len().map(drop),
        mv.obj().map(drop),
        mv.get(&[0]).map(drop),
        mv.set(&[0], &Value::Int(1)).map(drop),
        mv.slice(0, ..).map(drop),
        mv.cast("c").map(drop),
        mv.tobytes(Order::C).map(drop),
        mv.tolist().map(drop),
        mv.hex(None, 0).map(drop),
        mv.toreadonly().map(drop),
        mv.try_hash().map(drop),
        mv.set_slice_from(0, .., b"wxyz").map(drop),
    ];
    for (i, result) in kinds.iter().enumerate() {
        assert_eq!(result.map_err(|e| e.kind()), Err(ErrorKind::Value), "operation {i}");
    }
}

#[test]
fn releasing_twice_is_harmless_and_display_says_released() {
    let mv = MemoryView::new(ByteArray::from(vec![1])).unwrap();
    let before = mv.to_string();
    assert!(before.starts_with("<memory at 0x"), "{before}");
    mv.release().unwrap();
    mv.release().unwrap();
    assert!(mv.is_released());
    let after = mv.to_string();
    assert_eq!(after, before.replace("<memory", "<released memory"));
}

#[test]
fn display_shows_the_address_of_the_first_element() {
    let mv = MemoryView::new(ByteArray::from(vec![0; 16])).unwrap();
    let start = address(&mv);
    let tail = mv.slice(0, 4..).unwrap();
    assert_eq!(address(&tail), start + 4);
    let reversed = mv.slice(0, Slice::new(None, None, Some(-1))).unwrap();
    assert_eq!(address(&reversed), start + 15);
}

fn address(mv: &MemoryView) -> usize {
    let text = mv.to_string();
    let hex = text.trim_start_matches("<memory at 0x").trim_end_matches('>');
    usize::from_str_radix(hex, 16).unwrap()
}

#[test]
fn debug_shows_format_shape_strides_readonly() {
    let mv = MemoryView::new(Bytes::from(vec![0; 6])).unwrap().cast_shape("B", &[2, 3]).unwrap();
    let text = format!("{mv:?}");
    for part in ["format: \"B\"", "shape: [2, 3]", "strides: [3, 1]", "readonly: true"] {
        assert!(text.contains(part), "{text}");
    }
}

#[test]
fn a_bytearray_cannot_resize_while_a_view_is_alive_and_unreleased() {
    let ba = ByteArray::from(b"abc".to_vec());
    let mv = MemoryView::new(ba.clone()).unwrap();
    assert_eq!(ba.exports(), 1);
    assert_eq!(ba.resize(1, 0).unwrap_err().kind(), ErrorKind::Buffer);
    assert_eq!(ba.extend_from_slice(b"d").unwrap_err().kind(), ErrorKind::Buffer);
    assert_eq!(ba.to_vec(), b"abc", "a refused resize changes nothing");
    mv.release().unwrap();
    assert_eq!(ba.exports(), 0);
    ba.extend_from_slice(b"d").unwrap();
    assert_eq!(ba.to_vec(), b"abcd");
}

#[test]
fn dropping_an_unreleased_view_ends_its_export() {
    let ba = ByteArray::from(vec![0; 4]);
    {
        let _mv = MemoryView::new(ba.clone()).unwrap();
        assert!(ba.resize(8, 0).is_err());
    }
    assert_eq!(ba.exports(), 0);
    ba.resize(8, 0).unwrap();
}

#[test]
fn derived_views_keep_the_export_after_their_parent_is_released() {
    // CPython: m = memoryview(ba); s = m[1:]; m.release(); s still works and
    // ba stays locked until s is released too.
    let ba = ByteArray::from(b"abc".to_vec());
    let mv = MemoryView::new(ba.clone()).unwrap();
    let tail = mv.slice(0, 1..).unwrap();
    let readonly = mv.toreadonly().unwrap();
    let cast = mv.cast("c").unwrap();
    mv.release().unwrap();
    assert_eq!(tail.tobytes(Order::C).unwrap(), b"bc");
    assert_eq!(readonly.tolist().unwrap().to_string(), "[97, 98, 99]");
    assert_eq!(cast.get(&[0]).unwrap(), Value::Bytes(b"a".to_vec().into()));
    assert_eq!(ba.exports(), 1);
    assert!(ba.resize(0, 0).is_err());
    tail.release().unwrap();
    drop(readonly);
    assert!(ba.resize(0, 0).is_err(), "the cast still holds the export");
    drop(cast);
    assert_eq!(ba.exports(), 0);
    ba.resize(0, 0).unwrap();
}

#[test]
fn each_new_memoryview_is_its_own_export() {
    let ba = ByteArray::from(vec![1, 2]);
    let a = MemoryView::new(ba.clone()).unwrap();
    let b = MemoryView::new(ba.clone()).unwrap();
    assert_eq!(ba.exports(), 2);
    b.release().unwrap();
    assert_eq!(ba.exports(), 1);
    drop(a);
    assert_eq!(ba.exports(), 0);
}

#[test]
fn released_views_compare_equal_only_to_themselves() {
    let ba = ByteArray::from(vec![1, 2]);
    let a = MemoryView::new(ba.clone()).unwrap();
    let b = MemoryView::new(ba).unwrap();
    assert!(a == b);
    a.release().unwrap();
    assert!(a == a);
    assert!(a != b);
    assert!(b != a);
}

#[test]
fn hex_checks_bytes_per_sep_before_release() {
    let mv = MemoryView::new(ByteArray::from(vec![1])).unwrap();
    mv.release().unwrap();
    assert_eq!(mv.hex(Some(":"), 1 << 40).unwrap_err().kind(), ErrorKind::Overflow);
    assert_eq!(mv.hex(Some(":"), 1).unwrap_err().kind(), ErrorKind::Value);
}

#[test]
fn obj_gives_the_exporter_back() {
    let ba = ByteArray::from(vec![5]);
    let mv = MemoryView::new(ba.clone()).unwrap();
    let obj = mv.obj().unwrap().as_any().downcast_ref::<ByteArray>().unwrap();
    obj.extend_from_slice(b"x").unwrap_err();
    assert_eq!(obj.to_vec(), [5]);
}

#[test]
fn memoryview_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<MemoryView>();
    check::<ByteArray>();
}
