//! A view's elements in a fixed-capacity `heapless::Vec`: `tolist` for
//! firmware without an allocator (feature `heapless`).

use crate::error::{Error, Reason, Result};
use crate::scalar::Scalar;
use crate::view::View;

impl<'a, const N: usize> View<'a, N> {
    /// The elements in C order (as [`iter`](Self::iter)) in a
    /// `heapless::Vec` of capacity `M`: `tolist` for firmware without an
    /// allocator. The list is flat; [`shape`](Self::shape) gives its
    /// nesting (a 0-d view gives its one element). A `ViewMut` lists its
    /// elements through [`as_view`](crate::ViewBase::as_view).
    ///
    /// # Errors
    ///
    /// Kind Value ([`Reason::ListTooLong`], naming the capacity) when the
    /// view has more than `M` elements.
    ///
    /// # Examples
    ///
    /// ```
    /// use view_core::{ErrorKind, Reason, Scalar, View};
    ///
    /// let data = [1u8, 2, 3, 4, 5, 6];
    /// let v = View::new(&data, "B", &[2, 3], &[3, 1], 0)?;
    /// let items = v.tolist_heapless::<8>()?;
    /// assert_eq!(items[..], [1, 2, 3, 4, 5, 6].map(Scalar::Int));
    /// assert_eq!(v.shape(), [2, 3]);
    ///
    /// let err = v.tolist_heapless::<4>().unwrap_err();
    /// assert_eq!(err.kind(), ErrorKind::Value);
    /// assert_eq!(err.reason(), Reason::ListTooLong { capacity: 4, items: 6 });
    /// # Ok::<(), view_core::Error>(())
    /// ```
    pub fn tolist_heapless<const M: usize>(&self) -> Result<heapless::Vec<Scalar<'a>, M>> {
        let items = self.layout().count();
        let too_long = Error::because(Reason::ListTooLong { capacity: M, items });
        if items > M {
            return Err(too_long);
        }
        let mut list = heapless::Vec::new();
        for item in self.iter() {
            list.push(item).map_err(|_| too_long)?;
        }
        Ok(list)
    }
}
