//! Zero-copy, strided, n-dimensional views over bytes, typed by Python
//! `struct` / PEP 3118 format strings: Python's `memoryview` for Rust.
//!
//! A [`View`] borrows a `&[u8]`, a [`ViewMut`] a `&mut [u8]`; each carries a
//! [`Format`] (what one element is) and a [`Layout`] (shape, strides in
//! bytes of any sign, and the offset of element `[0, 0, ...]`). Building a
//! view proves every element lies in the buffer; after that, slicing any
//! dimension, indexing, transposing and casting are O(1) and allocate
//! nothing. Answers follow CPython's memoryview, error class included (see
//! [`ErrorKind`]).
//!
//! # Example: viewing a C-contiguous buffer
//!
//! ```
//! use view_core::{Order, Scalar, Slice, View};
//!
//! let data: Vec<u8> = (0u16..12).flat_map(|x| x.to_le_bytes()).collect();
//! let m = View::new(&data, "<H", &[3, 4], &[8, 2], 0)?;
//! assert_eq!(m.get(&[2, 3])?, Scalar::Int(11));
//!
//! // Every other column, rows reversed: still a view of `data`.
//! let v = m.slice(1, Slice::new(None, None, Some(2)))?.slice(0, Slice::new(None, None, Some(-1)))?;
//! assert_eq!(v.shape(), &[3, 2]);
//! assert_eq!(v.strides(), &[-8, 4]);
//!
//! let mut out = [0u8; 12];
//! v.copy_to_slice(&mut out, Order::C)?;
//! assert_eq!(out, [8, 0, 10, 0, 4, 0, 6, 0, 0, 0, 2, 0]);
//! # Ok::<(), view_core::Error>(())
//! ```
//!
//! # Example: records, casts and writes
//!
//! ```
//! use view_core::{Scalar, ViewMut};
//!
//! let mut data = [0u8; 8];
//! let mut bytes = ViewMut::from_bytes(&mut data);
//! bytes.set(&[0], Scalar::Int(0x41))?;
//! let mut pairs = bytes.cast("<hh", None)?;
//! pairs.set(&[1], Scalar::Tuple(&[Scalar::Int(-1), Scalar::Int(2)]))?;
//! assert_eq!(data, [0x41, 0, 0, 0, 0xff, 0xff, 2, 0]);
//! # Ok::<(), view_core::Error>(())
//! ```
//!
//! # Example: the buffer protocol and typed access
//!
//! ```
//! use view_core::{Buffer, BufferMut, Request};
//!
//! let mut samples = vec![0i16; 6];
//! let mut m = samples.export_mut::<4>()?.cast("B", None)?.cast("h", Some(&[2, 3]))?.typed::<i16>()?;
//! m.set(&[1, 2], -5)?;
//! assert_eq!(samples[5], -5);
//!
//! // A consumer that needs C-contiguous data with its format:
//! let v = samples.request::<4>(Request::CONTIG_RO | Request::FORMAT)?;
//! assert_eq!(v.typed::<i16>()?.as_slice(), Some(&samples[..]));
//! # Ok::<(), view_core::Error>(())
//! ```
//!
//! # Format codes
//!
//! Everything Python's `struct` accepts: byte order `@ = < > !`, repeat
//! counts, whitespace between codes, and `x c b B ? h H i I l L q Q n N e f
//! d s p P`. Native mode (`@` or no prefix) uses this target's C sizes and
//! pads fields to their alignment; the other modes use standard sizes and
//! no padding; `n N P` exist only natively. On top, PEP 3118's `^` (native,
//! unaligned), `T{...}` records, sub-arrays `(2,3)h`, field names `:name:`
//! and complex numbers `Ze Zf Zd`.
//!
//! # Crate features
//!
//! - `alloc` (off by default): [`Value`] (`tolist`), [`View::to_vec`],
//!   [`View::hex`] and [`ViewMut::set_value`]; [`Buffer`] for `Vec`,
//!   `Box`, `Rc`, `Arc`, `String` and `Cow`.
//! - `std`: implies `alloc`.
//! - `derive` (off by default): `#[derive(Element)]` for `#[repr(C)]`
//!   structs of elements, which become records `T{...}` (the
//!   `view-derive` proc-macro crate).
//! - `half` (off by default): [`Element`] for `half::f16` (format `e`;
//!   views read and write `e` without it).
//! - `ndarray`, `bytes` (off by default): [`Buffer`] / [`BufferMut`] for
//!   `ndarray` arrays and `bytes::Bytes` / `BytesMut`, used by the
//!   `view-ndarray` and `view-bytes` crates. They live here because only
//!   the crate that defines a trait may implement it for another crate's type.
//! - `heapless` (off by default): `View::hex_heapless` and
//!   `View::tolist_heapless`, hex text and element lists in fixed-capacity
//!   `heapless` containers, for firmware without an allocator.
//! - `small` (off by default): smaller code for firmware, slower strided
//!   copies (one copy kernel instead of kernels specialised per itemsize,
//!   no x86-64 SIMD).
//!
//! Without features the crate needs neither `std` nor an allocator.
//!
//! # MSRV
//!
//! The `rust-version` in this crate's `Cargo.toml` (set once, in the
//! workspace manifest).
#![cfg_attr(docsrs, feature(doc_cfg))]
#![no_std]
#![doc(test(attr(deny(warnings))))]
#![deny(clippy::std_instead_of_core, clippy::alloc_instead_of_core)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

#[doc(hidden)]
#[path = "derive.rs"]
pub mod __derive;
pub mod buffer;
mod byteswap;
mod compare;
mod copy;
mod decode;
mod display;
mod element;
mod endian;
mod error;
mod exports;
#[cfg(feature = "heapless")]
mod fixed_list;
mod format;
mod hex;
mod iter;
pub mod layout;
mod long_double;
mod owned_format;
mod record_view;
mod scalar;
mod shapes;
#[cfg(all(target_arch = "x86_64", not(feature = "small")))]
mod simd;
mod typed;
mod ucs4;
#[cfg(feature = "alloc")]
mod value;
mod view;

pub use buffer::{Buffer, BufferMut, Request};
pub use element::{Element, PodElement};
pub use endian::{Be, ByteOrdered, Le};
pub use error::{
    CastProblem, ElementType, Error, ErrorKind, FormatExcerpt, FormatProblem, Reason, Result,
};
pub use format::{ByteOrder, Code, Field, Fields, Format, FormatBuf, MAX_NESTING, Mode};
pub use iter::Iter;
pub use layout::{DEFAULT_NDIM, Layout, MAX_NDIM, Order, Slice};
pub use owned_format::{OwnedFormatView, OwnedFormatViewMut};
pub use record_view::{RECORD_TABLE_FIELDS, RecordIter, Records};
pub use scalar::{FieldKey, Record, Scalar, Values};
pub use shapes::SliceEach;
pub use typed::{Typed, TypedBase, TypedIter, TypedMut};
pub use ucs4::Ucs4;
#[cfg(feature = "alloc")]
pub use value::{BigInt, Value};
pub use view::{Storage, View, ViewBase, ViewMut};
#[cfg(feature = "derive")]
pub use view_derive::Element;

/// The tour in the workspace's `README.md`, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
