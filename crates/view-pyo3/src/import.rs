//! Python buffers into checked views: any object that supports the buffer
//! protocol, imported with the request flags the caller chooses.

mod raw;
