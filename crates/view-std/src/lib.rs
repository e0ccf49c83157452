//! Views of standard-library containers, and `MemoryView`: Python's
//! memoryview as an owned Rust object. (Grows with its issue.)
#![forbid(unsafe_code)]

pub use view_core;
