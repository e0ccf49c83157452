//! The sum of a numeric view as `f64`, any byte order, any layout.

use view_core::{ByteOrder, Code, Element, Error, ErrorKind, Format, Layout, View};

/// The sum, as `f64`, of every element of a view whose format is one
/// numeric code (`b B h H i I l L q Q n N e f d`, any byte-order prefix),
/// in C order, each element converted to `f64` and added (as Python's
/// `0.0 + x` does). Elements are read through view-core's typed access as
/// `[u8; K]` and decoded in the format's byte order.
///
/// # Errors
///
/// Kind Type for any other format.
pub(crate) fn sum<const N: usize>(view: View<'_, N>) -> Result<f64, Error> {
    let format = view.format();
    let code = format.scalar_code();
    let order = format.byte_order();
    let k = format.itemsize();
    let big = order == ByteOrder::Big;
    macro_rules! int {
        ($t:ty, $k:literal) => {
            fold::<$k, N>(view, |b| {
                (if big { <$t>::from_be_bytes(b) } else { <$t>::from_le_bytes(b) }) as f64
            })
        };
    }
    match (code, k) {
        (Some(Code::SignedChar), 1) => int!(i8, 1),
        (Some(Code::UnsignedChar), 1) => int!(u8, 1),
        (Some(Code::Short), 2) => int!(i16, 2),
        (Some(Code::UnsignedShort), 2) => int!(u16, 2),
        (Some(Code::Int | Code::Long | Code::LongLong | Code::SSize), 4) => int!(i32, 4),
        (Some(Code::UnsignedInt | Code::UnsignedLong | Code::UnsignedLongLong | Code::Size), 4) => {
            int!(u32, 4)
        }
        (Some(Code::Int | Code::Long | Code::LongLong | Code::SSize), 8) => int!(i64, 8),
        (Some(Code::UnsignedInt | Code::UnsignedLong | Code::UnsignedLongLong | Code::Size), 8) => {
            int!(u64, 8)
        }
        (Some(Code::Half), 2) => fold::<2, N>(view, |b| {
            let bits = if big { u16::from_be_bytes(b) } else { u16::from_le_bytes(b) };
            half::f16::from_bits(bits).to_f64()
        }),
        (Some(Code::Float), 4) => int!(f32, 4),
        (Some(Code::Double), 8) => {
            fold::<8, N>(view, |b| if big { f64::from_be_bytes(b) } else { f64::from_le_bytes(b) })
        }
        _ => Err(Error::new(
            ErrorKind::Type,
            "sum() needs a format of one numeric code (b B h H i I l L q Q n N e f d)",
        )),
    }
}

/// The elements of `view` (items of `K` bytes) as `[u8; K]`, decoded and summed.
fn fold<const K: usize, const N: usize>(
    view: View<'_, N>,
    decode: impl Fn([u8; K]) -> f64,
) -> Result<f64, Error>
where
    [u8; K]: Element,
{
    let layout: Layout<N> = *view.layout();
    let bytes = View::from_parts(view.buffer(), Format::parse(<[u8; K]>::FORMAT)?, layout)?;
    Ok(bytes.typed::<[u8; K]>()?.iter().fold(0.0, |acc, b| acc + decode(b)))
}
