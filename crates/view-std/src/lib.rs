//! Python's `memoryview` for Rust, over standard-library types.
//!
//! [`MemoryView`] is the owned, Python-shaped object: it keeps its
//! [`Exporter`] alive, counts as an export (a [`ByteArray`] cannot resize
//! under it), can be released, and answers every operation as CPython's
//! memoryview does, error class included. The borrowed, allocation-free
//! views it is built on live in [`view_core`].
//!
//! # Example
//!
//! ```
//! use view_core::{ErrorKind, Order};
//! use view_std::{ByteArray, MemoryView, Value};
//!
//! let ba = ByteArray::from(vec![0u8; 8]);
//! let mv = MemoryView::new(ba.clone())?;
//! let ints = mv.cast("<i")?;
//! ints.set(&[1], &Value::Int(-2))?;
//! assert_eq!(ba.to_vec(), [0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff]);
//! assert_eq!(ints.tolist()?.to_string(), "[0, -2]");
//! assert_eq!(ba.extend_from_slice(b"!").unwrap_err().kind(), ErrorKind::Buffer);
//! # Ok::<(), view_core::Error>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]

mod entry;
mod exporter;
mod io;
mod memoryview;

pub use entry::memoryview;
pub use exporter::{ByteArray, Bytes, Exporter, Frozen, Locked};
pub use io::{read_exact_into, read_into, write_view};
pub use memoryview::{Iter, MemoryView, MemoryViewKey};
pub use view_core;
pub use view_core::Value;
#[doc(no_inline)]
pub use view_core::{Buffer, BufferMut, Element, PodElement, Request};
