//! The export ledger: how many buffers Python holds of one exporter, and
//! whether they can be written.
//!
//! The counts live behind an `Arc` shared by the [`Exporter`](super::Exporter)
//! and every live export (a [`Ticket`] rides in the `Py_buffer`'s `internal`
//! field), so that `__releasebuffer__` can close an export without
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

    /// Records a new export; the returned ticket closes it when dropped.
    pub(crate) fn open(self: &Arc<Self>, writable: bool) -> Ticket {
        self.count(writable).fetch_add(1, Ordering::AcqRel);
        Ticket { ledger: Arc::clone(self), writable }
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

/// One live export in the [`Ledger`]; dropping it ends the export.
#[derive(Debug)]
pub(crate) struct Ticket {
    ledger: Arc<Ledger>,
    writable: bool,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.ledger.count(self.writable).fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tickets_count_and_release() {
        let ledger = Ledger::new();
        assert!(ledger.check_exclusive().is_ok());
        let read = ledger.open(false);
        assert!(ledger.check_shared().is_ok());
        assert!(ledger.check_exclusive().is_err());
        let write = ledger.open(true);
        assert!(ledger.check_shared().is_err());
        assert_eq!(ledger.exports(), 2);
        drop(write);
        assert!(ledger.check_shared().is_ok());
        drop(read);
        assert!(ledger.check_exclusive().is_ok());
    }
}
