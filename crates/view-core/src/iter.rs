//! Iteration over the elements of a view in C order.

use core::iter::FusedIterator;

use crate::format::Format;
use crate::layout::Layout;
use crate::scalar::{Scalar, read_element};

/// Byte offsets of a layout's elements in C order (last index fastest).
#[derive(Clone)]
pub(crate) struct Offsets<const N: usize> {
    layout: Layout<N>,
    index: [usize; N],
    next: isize,
    remaining: usize,
}

impl<const N: usize> Offsets<N> {
    pub(crate) fn new(layout: &Layout<N>) -> Self {
        Self {
            layout: *layout,
            index: [0; N],
            next: layout.offset() as isize,
            remaining: layout.count(),
        }
    }
}

impl<const N: usize> Offsets<N> {
    /// The rest of the current innermost run as (first offset, step,
    /// count), advancing past it: the same offsets `next` would give, a run
    /// at a time, for loops that want no per-element odometer.
    #[inline]
    pub(crate) fn next_run(&mut self) -> Option<(usize, isize, usize)> {
        if self.remaining == 0 {
            return None;
        }
        let (Some(&n), Some(&step)) = (self.layout.shape().last(), self.layout.strides().last())
        else {
            // 0-d: one element.
            return self.next().map(|at| (at, 0, 1));
        };
        let last = self.layout.ndim() - 1;
        let count = n.saturating_sub(self.index[last]).min(self.remaining).max(1);
        let start = self.next as usize;
        // Jump to the run's last element; `next` hands it out and carries.
        self.index[last] += count - 1;
        self.next = self.next.wrapping_add(step.wrapping_mul(count as isize - 1));
        self.remaining -= count - 1;
        self.next();
        Some((start, step, count))
    }
}

impl<const N: usize> Iterator for Offsets<N> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        self.remaining = self.remaining.checked_sub(1)?;
        let current = self.next as usize;
        if self.remaining > 0 {
            let shape = self.layout.shape();
            let strides = self.layout.strides();
            let mut dim = shape.len();
            while dim > 0 {
                dim -= 1;
                self.index[dim] += 1;
                self.next = self.next.wrapping_add(strides[dim]);
                if self.index[dim] < shape[dim] {
                    break;
                }
                self.next = self.next.wrapping_sub(strides[dim].wrapping_mul(shape[dim] as isize));
                self.index[dim] = 0;
            }
        }
        Some(current)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<const N: usize> ExactSizeIterator for Offsets<N> {}

/// The elements of a view in C order, unpacked.
///
/// # Examples
///
/// ```
/// use view_core::View;
///
/// let data = [1u8, 2, 3, 4, 5, 6];
/// let view = View::new(&data, "B", &[2, 3], &[3, 1], 0).unwrap().transpose();
/// let values: Vec<i128> = view.iter().filter_map(|x| x.as_int()).collect();
/// assert_eq!(values, [1, 4, 2, 5, 3, 6]);
/// ```
#[derive(Clone)]
pub struct Iter<'a, const N: usize = { crate::layout::DEFAULT_NDIM }> {
    bytes: &'a [u8],
    format: Format<'a>,
    offsets: Offsets<N>,
}

impl<const N: usize> core::fmt::Debug for Iter<'_, N> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Iter")
            .field("format", &self.format)
            .field("remaining", &self.offsets.remaining)
            .finish()
    }
}

impl<'a, const N: usize> Iter<'a, N> {
    pub(crate) fn new(bytes: &'a [u8], format: Format<'a>, layout: &Layout<N>) -> Self {
        Self { bytes, format, offsets: Offsets::new(layout) }
    }
}

impl<'a, const N: usize> Iterator for Iter<'a, N> {
    type Item = Scalar<'a>;

    fn next(&mut self) -> Option<Scalar<'a>> {
        let at = self.offsets.next()?;
        let k = self.format.itemsize();
        let element = self.bytes.get(at..at.saturating_add(k)).unwrap_or_default();
        Some(read_element(&self.format, element))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.offsets.size_hint()
    }
}

impl<const N: usize> ExactSizeIterator for Iter<'_, N> {}

impl<const N: usize> FusedIterator for Iter<'_, N> {}
