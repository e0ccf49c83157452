//! Byte-order element types: [`Be<T>`] and [`Le<T>`] hold a number in big-
//! or little-endian byte order whatever the target's, so typed access reads
//! `">H"` data as `Be<u16>` on every target, with no [`Scalar`](crate::Scalar)
//! on the way.
//!
//! Both are `#[repr(transparent)]` over a byte array: alignment 1, so they
//! view unaligned data too (a DMA buffer, a packed file header).

use core::fmt;
use core::hash::Hash;

use bytemuck::{Pod, Zeroable};

use crate::element::{Element, sealed};

/// A number that [`Be`] and [`Le`] can hold: `u16`, `i16`, `u32`, `i32`,
/// `u64`, `i64`, `f32`, `f64`. Sealed.
///
/// # Examples
///
/// ```
/// use view_core::{ByteOrdered, Element, Le};
///
/// assert_eq!(<u32 as ByteOrdered>::LITTLE, "<I");
/// assert_eq!(Le::<u32>::FORMAT, "<I");
/// ```
pub trait ByteOrdered: Copy + Send + Sync + 'static + sealed::Sealed {
    /// The value's bytes: `[u8; size_of::<Self>()]`.
    type Bytes: Pod + Eq + Hash + Default + fmt::Debug + Send + Sync;
    /// The format of the value in big-endian order (`">H"`).
    const BIG: &'static str;
    /// The format of the value in little-endian order (`"<H"`).
    const LITTLE: &'static str;
    /// The value of big-endian bytes.
    fn from_be(bytes: Self::Bytes) -> Self;
    /// The value's big-endian bytes.
    fn to_be(self) -> Self::Bytes;
    /// The value of little-endian bytes.
    fn from_le(bytes: Self::Bytes) -> Self;
    /// The value's little-endian bytes.
    fn to_le(self) -> Self::Bytes;
}

macro_rules! byte_ordered {
    ($($t:ty => $code:literal),* $(,)?) => {$(
        impl ByteOrdered for $t {
            type Bytes = [u8; size_of::<$t>()];
            const BIG: &'static str = concat!(">", $code);
            const LITTLE: &'static str = concat!("<", $code);
            fn from_be(bytes: Self::Bytes) -> Self {
                <$t>::from_be_bytes(bytes)
            }
            fn to_be(self) -> Self::Bytes {
                self.to_be_bytes()
            }
            fn from_le(bytes: Self::Bytes) -> Self {
                <$t>::from_le_bytes(bytes)
            }
            fn to_le(self) -> Self::Bytes {
                self.to_le_bytes()
            }
        }

        impl From<Be<$t>> for $t {
            fn from(value: Be<$t>) -> Self {
                value.get()
            }
        }

        impl From<Le<$t>> for $t {
            fn from(value: Le<$t>) -> Self {
                value.get()
            }
        }
    )*};
}

byte_ordered! {
    u16 => "H",
    i16 => "h",
    u32 => "I",
    i32 => "i",
    u64 => "Q",
    i64 => "q",
    f32 => "f",
    f64 => "d",
}

macro_rules! ordered_type {
    ($name:ident, $order:literal, $format:ident, $from:ident, $to:ident) => {
        #[doc = concat!("A `T` stored in ", $order, " byte order, alignment 1: the element of")]
        #[doc = concat!("format [`T::", stringify!($format), "`](ByteOrdered::", stringify!($format), ").")]
        ///
        /// Equality and hashing compare the stored bytes (so for floats,
        /// NaN equals an identical NaN and `0.0` differs from `-0.0`).
        ///
        /// # Examples
        ///
        /// ```
        /// use view_core::{Be, Le, View};
        ///
        /// // Two little-endian u16 then two big-endian ones, on any target.
        /// let data = [1, 0, 2, 0, 0, 3, 0, 4];
        /// let le = View::new(&data[..4], "<H", &[2], &[2], 0)?.typed::<Le<u16>>()?;
        /// let be = View::new(&data[4..], ">H", &[2], &[2], 0)?.typed::<Be<u16>>()?;
        /// assert_eq!(le.get(&[1])?.get(), 2);
        /// assert_eq!(be.get(&[1])?.get(), 4);
        /// assert_eq!(Be::new(0x0102u16).to_bytes(), [1, 2]);
        /// # Ok::<(), view_core::Error>(())
        /// ```
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        #[repr(transparent)]
        pub struct $name<T: ByteOrdered>(T::Bytes);

        impl<T: ByteOrdered> $name<T> {
            #[doc = concat!("`value`, stored in ", $order, " byte order.")]
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use view_core::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::new(-2i32).get(), -2);")]
            /// ```
            #[must_use]
            pub fn new(value: T) -> Self {
                Self(value.$to())
            }

            /// The value, in this target's order.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use view_core::", stringify!($name), ";")]
            ///
            #[doc = concat!("assert_eq!(", stringify!($name), "::new(1.5f64).get(), 1.5);")]
            /// ```
            #[must_use]
            pub fn get(self) -> T {
                T::$from(self.0)
            }

            /// Stores `value`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use view_core::", stringify!($name), ";")]
            ///
            #[doc = concat!("let mut x = ", stringify!($name), "::new(1u64);")]
            /// x.set(7);
            /// assert_eq!(x.get(), 7);
            /// ```
            pub fn set(&mut self, value: T) {
                self.0 = value.$to();
            }

            /// The stored bytes.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use view_core::", stringify!($name), ";")]
            ///
            #[doc = concat!("let x = ", stringify!($name), "::new(1u16);")]
            #[doc = concat!("assert_eq!(x.to_bytes(), ", stringify!($name), "::<u16>::from_bytes(x.to_bytes()).to_bytes());")]
            /// ```
            #[must_use]
            pub fn to_bytes(self) -> T::Bytes {
                self.0
            }

            /// The value stored as `bytes`.
            ///
            /// # Examples
            ///
            /// ```
            #[doc = concat!("use view_core::", stringify!($name), ";")]
            ///
            #[doc = concat!("let x = ", stringify!($name), "::<u16>::from_bytes([7, 7]);")]
            /// assert_eq!(x.get(), 0x0707);
            /// ```
            #[must_use]
            pub fn from_bytes(bytes: T::Bytes) -> Self {
                Self(bytes)
            }
        }

        impl<T: ByteOrdered> From<T> for $name<T> {
            fn from(value: T) -> Self {
                Self::new(value)
            }
        }

        impl<T: ByteOrdered + fmt::Debug> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.get()).finish()
            }
        }

        // SAFETY: `#[repr(transparent)]` over `T::Bytes`, a `Pod` byte array.
        unsafe impl<T: ByteOrdered> Zeroable for $name<T> {}

        // SAFETY: `#[repr(transparent)]` over `T::Bytes`, a `Pod` byte array:
        // no padding, any bit pattern valid; `Copy + 'static` as `T` is.
        unsafe impl<T: ByteOrdered> Pod for $name<T> {}

        impl<T: ByteOrdered> sealed::Sealed for $name<T> {}

        impl<T: ByteOrdered> Element for $name<T> {
            const FORMAT: &'static str = T::$format;
            const UNIT: &'static str = T::$format;
            const COUNT: usize = 1;
            const ANY_BIT_PATTERN: bool = true;

            crate::element::pod_methods!();
        }
    };
}

ordered_type!(Be, "big-endian", BIG, from_be, to_be);
ordered_type!(Le, "little-endian", LITTLE, from_le, to_le);

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use crate::format::Format;

    #[test]
    fn formats_match_on_every_target() {
        fn check<T: ByteOrdered>() {
            let be = Format::parse(Be::<T>::FORMAT).unwrap();
            let le = Format::parse(Le::<T>::FORMAT).unwrap();
            assert_eq!(be.itemsize(), size_of::<T>());
            assert_eq!(le.itemsize(), size_of::<T>());
            assert!(Be::<T>::matches(&be) && !Be::<T>::matches(&le));
            assert!(Le::<T>::matches(&le) && !Le::<T>::matches(&be));
            assert_eq!(align_of::<Be<T>>(), 1);
        }
        check::<u16>();
        check::<i16>();
        check::<u32>();
        check::<i32>();
        check::<u64>();
        check::<i64>();
        check::<f32>();
        check::<f64>();
        assert_eq!(<[Be<u16>; 3]>::FORMAT, ">3H");
        assert!(<[Le<f32>; 2]>::matches(&Format::parse("<ff").unwrap()));
    }

    #[test]
    fn values_round_trip_through_their_bytes() {
        assert_eq!(Be::new(0x0102_0304u32).to_bytes(), [1, 2, 3, 4]);
        assert_eq!(Le::new(0x0102_0304u32).to_bytes(), [4, 3, 2, 1]);
        assert_eq!(Be::new(-1.5f32).get(), -1.5);
        assert_eq!(u16::from(Le::new(9u16)), 9);
        assert_eq!(std::format!("{:?}", Be::new(5i16)), "Be(5)");
    }
}
