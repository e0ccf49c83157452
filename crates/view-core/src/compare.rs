//! Equality of two views with memoryview's semantics: equal shapes, then
//! element values equal after unpacking each side with its own format.

use crate::copy::{Walk, all_outer};
use crate::decode::{BLOCK, Decoder, lanes_equal, lanes_equal_raw, runs_equal_raw};
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
    if bitwise_comparable(&a.format, &b.format)
        && a.layout.buffer_is_contiguous(ka, false)
        && b.layout.buffer_is_contiguous(kb, false)
    {
        let len = a.layout.count().saturating_mul(ka);
        let (sa, sb) = (a.layout.offset(), b.layout.offset());
        return a.bytes.get(sa..sa.saturating_add(len)) == b.bytes.get(sb..sb.saturating_add(len));
    }
    if let (Some(ta), Some(tb)) = (Decoder::of(&a.format), Decoder::of(&b.format)) {
        // Equality is symmetric: put a side that needs no decoding second.
        if ta.is_identity() && !tb.is_identity() {
            return equal_typed(b, tb, a, ta);
        }
        return equal_typed(a, ta, b, tb);
    }
    if bitwise_comparable(&a.format, &b.format) {
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

/// Equality of two non-empty views of equal shapes whose formats are one
/// numeric code each: both sides walked together in runs, each run decoded
/// and compared in blocks by loops specialised once per comparison.
fn equal_typed<const N: usize, const M: usize>(
    a: &Operand<'_, '_, N>,
    ta: Decoder,
    b: &Operand<'_, '_, M>,
    tb: Decoder,
) -> bool {
    let walk = Walk::<N>::new(a.layout.shape(), a.layout.strides(), b.layout.strides(), false);
    let (mut la, mut lb) = (ta.lanes(true), tb.lanes(true));
    let (n, sa, sb) = match walk.ndim.checked_sub(1) {
        Some(last) => (walk.shape[last], walk.dst[last], walk.src[last]),
        None => (1, 0, 0),
    };
    // A contiguous side of native 8-byte items is compared from its bytes.
    let b_raw = tb.is_identity() && sb == 8;
    let fused = b_raw && usize::try_from(sa) == Ok(a.format.itemsize());
    all_outer(&walk, 1, a.layout.offset(), b.layout.offset(), |pa, pb| {
        let mut done = 0;
        while done < n {
            let m = (n - done).min(BLOCK);
            let at = done as isize;
            let pa = pa.wrapping_add(at.wrapping_mul(sa));
            let pb = pb.wrapping_add(at.wrapping_mul(sb));
            // Both runs contiguous: one pass over both sides' bytes.
            if fused
                && let (Ok(p), Ok(q)) = (usize::try_from(pa), usize::try_from(pb))
                && let (Some(ra), Some(rb)) = (a.bytes.get(p..), b.bytes.get(q..))
                && let Some(equal) = runs_equal_raw(&ta, ra, &tb, rb, m)
            {
                if !equal {
                    return false;
                }
                done += m;
                continue;
            }
            ta.decode(a.bytes, pa, sa, m, &mut la);
            let direct = if b_raw {
                usize::try_from(pb)
                    .ok()
                    .and_then(|p| b.bytes.get(p..))
                    .and_then(|raw| lanes_equal_raw(&la, &tb, raw, m))
            } else {
                None
            };
            let equal = direct.unwrap_or_else(|| {
                tb.decode(b.bytes, pb, sb, m, &mut lb);
                lanes_equal(&la, &lb, m)
            });
            if !equal {
                return false;
            }
            done += m;
        }
        true
    })
}
