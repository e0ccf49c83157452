//! `Display` of a view: Python's `repr(m.tolist())`, nested lists of the
//! element values, summarised (as numpy prints) when large. Allocates
//! nothing.

use core::fmt;

use crate::layout::MAX_NDIM;
use crate::view::{Storage, View, ViewBase};

/// Views with more elements than this print only the first and last
/// [`EDGE`] items of each dimension, numpy's default threshold.
const THRESHOLD: usize = 1000;
/// Items kept at each end of a summarised dimension.
const EDGE: usize = 3;

/// The elements as Python prints `m.tolist()`: `[[1, 2], [3, 4]]`, records
/// as tuples, bytes as `b'..'`; a 0-dim view is its one value. Views of more
/// than 1000 elements show the first and last three items of each
/// dimension around `...`, as numpy does. An element that cannot be read
/// prints as `?`.
///
/// # Examples
///
/// ```
/// use view_core::View;
///
/// let data: Vec<u8> = (0..6).collect();
/// let v = View::with_shape(&data[..], "B", &[2, 3])?;
/// assert_eq!(v.to_string(), "[[0, 1, 2], [3, 4, 5]]");
/// let big: Vec<u8> = vec![7; 2000];
/// assert_eq!(View::from_bytes(&big[..]).to_string(), "[7, 7, 7, ..., 7, 7, 7]");
/// let pairs = View::new(&data, "<bh", &[2], &[3], 0)?;
/// assert_eq!(pairs.to_string(), "[(0, 513), (3, 1284)]");
/// # Ok::<(), view_core::Error>(())
/// ```
impl<B: Storage, const N: usize> fmt::Display for ViewBase<'_, B, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_view(&self.as_view(), f)
    }
}

/// Writes `view` as [`Display`](fmt::Display) does.
pub(crate) fn write_view<const N: usize>(
    view: &View<'_, N>,
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    let count = view.shape().iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    let summarise = count.is_none_or(|n| n > THRESHOLD);
    let mut index = [0isize; MAX_NDIM];
    let ndim = view.ndim().min(MAX_NDIM);
    write_dim(view, f, 0, &mut index[..ndim], summarise)
}

fn write_dim<const N: usize>(
    view: &View<'_, N>,
    f: &mut fmt::Formatter<'_>,
    dim: usize,
    index: &mut [isize],
    summarise: bool,
) -> fmt::Result {
    let Some(&n) = view.shape().get(dim) else {
        return match view.get(index) {
            Ok(value) => write!(f, "{value}"),
            Err(_) => f.write_str("?"),
        };
    };
    f.write_str("[")?;
    let mut i = 0;
    while i < n {
        if i > 0 {
            f.write_str(", ")?;
        }
        if summarise && n > 2 * EDGE && i == EDGE {
            f.write_str("..., ")?;
            i = n - EDGE;
        }
        // Every shape extent fits in `isize` (a layout invariant).
        let Ok(at) = isize::try_from(i) else { return Err(fmt::Error) };
        if let Some(slot) = index.get_mut(dim) {
            *slot = at;
        }
        write_dim(view, f, dim + 1, index, summarise)?;
        i += 1;
    }
    f.write_str("]")
}

/// The elements of a view as [`Display`](fmt::Display) writes them, for the
/// view's `Debug`.
pub(crate) struct Data<'v, 'a, const N: usize>(pub(crate) &'v View<'a, N>);

impl<const N: usize> fmt::Debug for Data<'_, '_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_view(self.0, f)
    }
}
