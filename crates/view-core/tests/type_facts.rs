//! Compile-time facts about the view types: their auto traits and the size
//! budget of a small-capacity view (what a firmware user pays per view).
//!
//! Every assertion here is checked by the compiler; the `#[test]` only makes
//! the file show up in a test run.

use core::mem::size_of;

use static_assertions::{assert_impl_all, assert_not_impl_any, const_assert, const_assert_eq};
use view_core::{Format, Layout, View, ViewMut};

// A `View` is a shared borrow plus plain data: it can be copied and sent or
// shared between threads.
assert_impl_all!(View<'static>: Send, Sync, Copy, Clone);
assert_impl_all!(View<'static, 4>: Send, Sync, Copy, Clone);
// A `ViewMut` is an exclusive borrow: Send and Sync, never Copy or Clone
// (two copies would be two `&mut` to the same bytes).
assert_impl_all!(ViewMut<'static>: Send, Sync);
assert_impl_all!(ViewMut<'static, 4>: Send, Sync);
assert_not_impl_any!(ViewMut<'static>: Copy, Clone);
assert_impl_all!(Format<'static>: Send, Sync, Copy);
assert_impl_all!(Layout<4>: Send, Sync, Copy);

// The budget: a 4-dimension view fits in 128 bytes on every target.
const_assert!(size_of::<View<'static, 4>>() <= 128);
const_assert!(size_of::<ViewMut<'static, 4>>() <= 128);

// The exact sizes on 64-bit targets, so that a change shows up in review:
// slice (16) + format (32) + layout (2 * 8 * N + offset 8 + ndim 1, padded).
#[cfg(target_pointer_width = "64")]
mod exact {
    use super::*;

    const_assert_eq!(size_of::<Format<'static>>(), 32);
    const_assert_eq!(size_of::<Layout<4>>(), 80);
    const_assert_eq!(size_of::<View<'static, 4>>(), 128);
    const_assert_eq!(size_of::<ViewMut<'static, 4>>(), 128);
    const_assert_eq!(size_of::<Layout<64>>(), 1040);
    const_assert_eq!(size_of::<View<'static, 64>>(), 1088);
    const_assert_eq!(size_of::<ViewMut<'static, 64>>(), 1088);
    // The default capacity (DEFAULT_NDIM = 4).
    const_assert_eq!(size_of::<View<'static>>(), 128);
}

#[test]
fn small_view_fits_the_firmware_budget() {
    assert!(size_of::<View<'static, 4>>() <= 128);
}
