//! Equality of two views with memoryview's semantics: equal shapes, then
//! element values equal after unpacking each side with its own format.

use crate::format::{Class, Format};
use crate::iter::Offsets;
use crate::layout::Layout;
use crate::scalar::read_element;

/// One side of a comparison.
pub(crate) struct Operand<'a, 'l, const N: usize> {
    pub(crate) bytes: &'a [u8],
    pub(crate) format: Format<'a>,
    pub(crate) layout: &'l Layout<N>,
}

/// memoryview's shape test: the same ndim, and the same extents up to and
/// including the first zero extent (later extents are not compared).
pub(crate) fn same_shape(a: &[usize], b: &[usize]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (&x, &y) in a.iter().zip(b) {
        if x != y {
            return false;
        }
        if x == 0 {
            break;
        }
    }
    true
}

/// Whether two elements of these formats compare by their bytes: the same
/// single code, size and byte order, of a class whose equality is bitwise.
fn bitwise_comparable(a: &Format<'_>, b: &Format<'_>) -> bool {
    match (a.scalar_code(), b.scalar_code()) {
        (Some(x), Some(y)) => {
            x == y
                && a.itemsize() == b.itemsize()
                && a.byte_order() == b.byte_order()
                && matches!(x.class(), Class::Signed | Class::Unsigned | Class::Char)
        }
        _ => false,
    }
}

pub(crate) fn equal<const N: usize, const M: usize>(
    a: &Operand<'_, '_, N>,
    b: &Operand<'_, '_, M>,
) -> bool {
    if !same_shape(a.layout.shape(), b.layout.shape()) {
        return false;
    }
    if a.layout.is_empty() {
        return true;
    }
    let (ka, kb) = (a.format.itemsize(), b.format.itemsize());
    if bitwise_comparable(&a.format, &b.format) {
        if a.layout.buffer_is_contiguous(ka, false) && b.layout.buffer_is_contiguous(kb, false) {
            let len = a.layout.count().saturating_mul(ka);
            let (sa, sb) = (a.layout.offset(), b.layout.offset());
            return a.bytes.get(sa..sa.saturating_add(len))
                == b.bytes.get(sb..sb.saturating_add(len));
        }
        return Offsets::new(a.layout).zip(Offsets::new(b.layout)).all(|(p, q)| {
            a.bytes.get(p..p.saturating_add(ka)) == b.bytes.get(q..q.saturating_add(kb))
        });
    }
    Offsets::new(a.layout).zip(Offsets::new(b.layout)).all(|(p, q)| {
        let x = read_element(&a.format, a.bytes.get(p..p.saturating_add(ka)).unwrap_or_default());
        let y = read_element(&b.format, b.bytes.get(q..q.saturating_add(kb)).unwrap_or_default());
        x == y
    })
}
