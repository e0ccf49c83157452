//! Byte-order conversion after a copy between formats of the same layout
//! and different byte orders (`>H` into `<H`).

use crate::element::swap_scalars;
use crate::format::Format;
use crate::layout::MAX_NDIM;
use crate::view::ViewMut;

/// Swaps, in every element of `view`, the scalars whose byte order differs
/// from `src`'s (a format of the same layout), element by element in C
/// order. Reads the two formats once per element.
pub(crate) fn swap_all<const N: usize>(view: &mut ViewMut<'_, N>, src: &Format<'_>) {
    let format = view.format();
    let ndim = view.ndim().min(MAX_NDIM);
    let mut shape = [0usize; MAX_NDIM];
    shape[..ndim].copy_from_slice(view.shape());
    if shape[..ndim].contains(&0) {
        return;
    }
    let mut index = [0isize; MAX_NDIM];
    loop {
        if let Ok(element) = view.element_bytes_mut(&index[..ndim]) {
            swap_scalars(&format, src, element);
        }
        // The next index in C order; done after the last.
        let mut dim = ndim;
        loop {
            let Some(d) = dim.checked_sub(1) else { return };
            dim = d;
            index[d] += 1;
            if usize::try_from(index[d]).is_ok_and(|i| i < shape[d]) {
                break;
            }
            index[d] = 0;
        }
    }
}
