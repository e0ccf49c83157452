//! Python buffers into checked views: any object that supports the buffer
//! protocol, imported with the request flags the caller chooses
//! ([`PyView`]).

pub(crate) mod bench;
mod format;
pub(crate) mod python;
mod raw;
mod sum;
mod value;
mod view;

pub use view::PyView;
