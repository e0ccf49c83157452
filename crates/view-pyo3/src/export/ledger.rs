//! The export ledger: how many buffers Python holds of one exporter, and
//! whether they can be written.
//!
//! The counts live behind an `Arc` shared by the [`Exporter`](super::Exporter)
//! and every live export (through the answer whose reference rides in the
//! `Py_buffer`'s `internal` field), so that `__releasebuffer__` can close an
//! export without
//! borrowing the Python object: a Rust method holding a `PyRefMut` of the
//! exporter may drop the last `memoryview` of it, and that release must
//! never fail.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::PyErr;
use pyo3::exceptions::PyBufferError;

/// The message of a refused Rust borrow or resize, as `bytearray` words it.
const EXPORTED: &str = "Existing exports of data: object cannot be re-sized";
/// The message of a refused shared borrow while Python may write.
const WRITABLE_EXPORTED: &str =
    "Existing writable exports of data: object cannot be borrowed from Rust";

/// Live exports of one exporter, by kind.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    readonly: AtomicUsize,
    writable: AtomicUsize,
}

impl Ledger {
    /// A ledger with no export.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Records a new export, writable or not.
    pub(crate) fn open(&self, writable: bool) {
        self.count(writable).fetch_add(1, Ordering::AcqRel);
    }

    /// Ends an export that [`open`](Self::open) recorded.
    pub(crate) fn close(&self, writable: bool) {
        self.count(writable).fetch_sub(1, Ordering::AcqRel);
    }

    /// Live exports, readable and writable together.
    pub(crate) fn exports(&self) -> usize {
        self.readonly.load(Ordering::Acquire) + self.writable.load(Ordering::Acquire)
    }

    /// Live exports Python may write through.
    pub(crate) fn writable_exports(&self) -> usize {
        self.writable.load(Ordering::Acquire)
    }

    /// `Ok` when Rust may take `&` of the exported memory: no export that
    /// Python can write through is alive.
    pub(crate) fn check_shared(&self) -> Result<(), PyErr> {
        if self.writable.load(Ordering::Acquire) == 0 {
            Ok(())
        } else {
            Err(PyBufferError::new_err(WRITABLE_EXPORTED))
        }
    }

    /// `Ok` when Rust may take `&mut` (and so resize): no export is alive.
    pub(crate) fn check_exclusive(&self) -> Result<(), PyErr> {
        if self.exports() == 0 { Ok(()) } else { Err(PyBufferError::new_err(EXPORTED)) }
    }

    fn count(&self, writable: bool) -> &AtomicUsize {
        if writable { &self.writable } else { &self.readonly }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_open_and_close() {
        let ledger = Ledger::new();
        assert!(ledger.check_exclusive().is_ok());
        ledger.open(false);
        assert!(ledger.check_shared().is_ok());
        assert!(ledger.check_exclusive().is_err());
        ledger.open(true);
        assert!(ledger.check_shared().is_err());
        assert_eq!(ledger.exports(), 2);
        ledger.close(true);
        assert!(ledger.check_shared().is_ok());
        ledger.close(false);
        assert!(ledger.check_exclusive().is_ok());
    }
}
