//! `ndarray` arrays as views and views as arrays. (Grows with its issue.)
#![forbid(unsafe_code)]

pub use view_core;
