//! Overlapping slice assignment and hashing: what no vector file covers.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};

use std::any::Any;

use view_core::{ErrorKind, MAX_NDIM, Order, Result, Slice, View, ViewMut};
use view_std::{ByteArray, Bytes, Exporter, MemoryView};

/// A writable exporter that says it is hashable (as a Python object with
/// both a buffer and a `__hash__` could).
struct HashableBytes(ByteArray);

impl Exporter for HashableBytes {
    fn read(&self, f: &mut dyn FnMut(View<'_, MAX_NDIM>)) -> Result<()> {
        self.0.read(f)
    }
    fn write(&self, f: &mut dyn FnMut(ViewMut<'_, MAX_NDIM>)) -> Result<()> {
        self.0.write(f)
    }
    fn readonly(&self) -> bool {
        false
    }
    fn hashable(&self) -> bool {
        true
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn mv(bytes: &[u8]) -> (ByteArray, MemoryView) {
    let ba = ByteArray::from(bytes.to_vec());
    let mv = MemoryView::new(ba.clone()).unwrap();
    (ba, mv)
}

/// The naive answer: read every source byte first, then write.
fn model_assign(buf: &mut [u8], dst: &[usize], src: &[usize]) {
    let values: Vec<u8> = src.iter().map(|&i| buf[i]).collect();
    for (&d, v) in dst.iter().zip(values) {
        buf[d] = v;
    }
}

#[test]
fn overlapping_assignment_shifting_right_reads_the_source_first() {
    let (ba, mv) = mv(b"abcdefgh");
    mv.set_slice(0, 1.., &mv.slice(0, ..7).unwrap()).unwrap();
    assert_eq!(ba.to_vec(), b"aabcdefg");
}

#[test]
fn overlapping_assignment_shifting_left_reads_the_source_first() {
    let (ba, mv) = mv(b"abcdefgh");
    mv.set_slice(0, ..6, &mv.slice(0, 2..).unwrap()).unwrap();
    assert_eq!(ba.to_vec(), b"cdefghgh");
}

#[test]
fn reversing_in_place_through_a_negative_step() {
    let (ba, mv) = mv(b"abcdefgh");
    mv.set_slice(0, .., &mv.slice(0, Slice::new(None, None, Some(-1))).unwrap()).unwrap();
    assert_eq!(ba.to_vec(), b"hgfedcba");
}

#[test]
fn overlapping_assignment_matches_the_model_for_many_slices() {
    let base: Vec<u8> = (0..12).collect();
    let steps = [-3, -2, -1, 1, 2, 3];
    for &ds in &steps {
        for &ss in &steps {
            for start in -12..12isize {
                let (ba, view) = mv(&base);
                let dst = Slice::new(Some(start), None, Some(ds));
                let (d0, n, _) = dst.indices(12).unwrap();
                // A source of the same length, from the same buffer.
                let src_start = if ss > 0 { 0 } else { 11 };
                let src_stop = src_start + ss * n as isize;
                let src_slice = Slice::new(Some(src_start), Some(src_stop.max(-1)), Some(ss));
                let Ok(src) = view.slice(0, src_slice) else { continue };
                if src.len().unwrap() != n {
                    continue;
                }
                view.set_slice(0, dst, &src).unwrap();
                let mut expected = base.clone();
                let dst_idx: Vec<usize> =
                    (0..n).map(|i| (d0 as isize + i as isize * ds) as usize).collect();
                let src_idx: Vec<usize> =
                    (0..n).map(|i| (src_start + i as isize * ss) as usize).collect();
                model_assign(&mut expected, &dst_idx, &src_idx);
                assert_eq!(ba.to_vec(), expected, "dst {dst:?} src {src_slice:?}");
            }
        }
    }
}

#[test]
fn assignment_on_an_inner_dimension_of_a_matrix() {
    let (ba, view) = mv(b"abcdefghi");
    let m = view.cast_shape("B", &[3, 3]).unwrap();
    // m[:, 0] = m[:, 2] is not expressible; swap the first and last columns
    // through slices on dimension 1.
    let last = m.slice(1, 2..3).unwrap();
    m.set_slice(1, 0..1, &last).unwrap();
    assert_eq!(ba.to_vec(), b"cbcfefihi");
}

#[test]
fn assignment_needs_the_same_structure() {
    let (_, view) = mv(b"abcdef");
    let src = MemoryView::new(ByteArray::from(b"xyz".to_vec())).unwrap();
    assert_eq!(view.set_slice(0, ..2, &src).unwrap_err().kind(), ErrorKind::Value);
    let other_format = src.cast("c").unwrap();
    assert_eq!(view.set_slice(0, ..3, &other_format).unwrap_err().kind(), ErrorKind::Value);
    let at_format = src.cast("@B").unwrap();
    view.set_slice(0, ..3, &at_format).unwrap();
    assert_eq!(
        view.set_slice(0, Slice::new(None, None, Some(0)), &src).unwrap_err().kind(),
        ErrorKind::Value
    );
}

#[test]
fn assignment_to_read_only_or_zero_dim_views_is_a_type_error() {
    let (_, view) = mv(b"ab");
    let src = MemoryView::new(ByteArray::from(b"xy".to_vec())).unwrap();
    let ro = view.toreadonly().unwrap();
    assert_eq!(ro.set_slice(0, .., &src).unwrap_err().kind(), ErrorKind::Type);
    let scalar = view.cast_shape("H", &[]);
    let scalar = scalar.unwrap();
    assert_eq!(scalar.set_slice(0, .., &src).unwrap_err().kind(), ErrorKind::Type);
    assert_eq!(scalar.set_slice_from(0, .., b"xy").unwrap_err().kind(), ErrorKind::Type);
}

#[test]
fn a_failed_assignment_writes_nothing() {
    let (ba, view) = mv(b"abcdef");
    let src = MemoryView::new(ByteArray::from(b"xyz".to_vec())).unwrap();
    view.set_slice(0, ..4, &src).unwrap_err();
    assert_eq!(ba.to_vec(), b"abcdef");
}

fn std_hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[test]
fn read_only_byte_views_hash_like_their_bytes() {
    let mv = MemoryView::new(Bytes::from(b"abcd".to_vec())).unwrap();
    assert_eq!(mv.try_hash().unwrap(), std_hash(b"abcd"));
    for format in ["B", "b", "c", "@B", "@c"] {
        assert_eq!(mv.cast(format).unwrap().try_hash().unwrap(), std_hash(b"abcd"), "{format}");
    }
    // Non-contiguous and multi-dimensional views hash their C-order bytes.
    let reversed = mv.slice(0, Slice::new(None, None, Some(-1))).unwrap();
    assert_eq!(reversed.try_hash().unwrap(), std_hash(b"dcba"));
    let square = mv.cast_shape("B", &[2, 2]).unwrap();
    assert_eq!(square.try_hash().unwrap(), std_hash(b"abcd"));
}

#[test]
fn writable_views_and_other_formats_do_not_hash() {
    let (_, writable) = mv(b"ab");
    assert_eq!(writable.try_hash().unwrap_err().kind(), ErrorKind::Value);
    assert_eq!(writable.hash_key().unwrap_err().kind(), ErrorKind::Value);
    // A read-only view of an unhashable exporter (bytearray) does not.
    assert_eq!(writable.toreadonly().unwrap().try_hash().unwrap_err().kind(), ErrorKind::Type);
    let ro = MemoryView::new(Bytes::from(b"abcd".to_vec())).unwrap();
    for format in ["h", "<B", "2B", "?"] {
        let Ok(cast) = ro.cast(format) else { continue };
        assert_eq!(cast.try_hash().unwrap_err().kind(), ErrorKind::Value, "{format}");
    }
}

#[test]
fn hash_keys_work_as_map_keys() {
    let a = MemoryView::new(Bytes::from(b"key".to_vec())).unwrap().hash_key().unwrap();
    let b = MemoryView::new(Bytes::from(b"key".to_vec())).unwrap().hash_key().unwrap();
    let c = MemoryView::new(Bytes::from(b"other".to_vec())).unwrap().hash_key().unwrap();
    let mut map = HashMap::new();
    map.insert(a, 1);
    *map.entry(b).or_insert(0) += 10;
    map.insert(c, 2);
    assert_eq!(map.len(), 2);
    assert_eq!(map.values().copied().collect::<HashSet<_>>(), HashSet::from([11, 2]));
}

#[test]
fn a_hash_key_is_a_snapshot() {
    let ba = ByteArray::from(b"ab".to_vec());
    let view = MemoryView::new(HashableBytes(ba.clone())).unwrap();
    let key = view.toreadonly().unwrap().hash_key().unwrap();
    view.set_slice_from(0, .., b"zz").unwrap();
    assert_eq!(key.as_bytes(), b"ab");
    assert_eq!(ba.to_vec(), b"zz");
    let mut h1 = DefaultHasher::new();
    key.hash(&mut h1);
    assert_eq!(h1.finish(), std_hash(b"ab"));
}

#[test]
fn tobytes_and_equality_with_bytes() {
    let (_, view) = mv(b"abc");
    assert!(view.equals_buffer(b"abc"));
    assert!(!view.equals_buffer(b"abd"));
    assert_eq!(view.tobytes(Order::A).unwrap(), b"abc");
}
