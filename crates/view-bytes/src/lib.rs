//! `bytes::Bytes` and `BytesMut` as views. (Grows with its issue.)
#![forbid(unsafe_code)]

pub use view_core;
