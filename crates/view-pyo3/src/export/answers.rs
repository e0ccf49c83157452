//! The answers an [`Exporter`](super::Exporter) keeps: one per request
//! flags, computed once per layout and shared by every export that asks
//! with those flags, so that a repeated request (`memoryview(obj)` asks
//! `PyBUF_FULL_RO` every time) costs neither an allocation nor a new
//! walk through view-core's request rules.
//!
//! A kept answer is valid while the buffer's memory and layout are those it
//! was computed from. [`Exporter::with_mut`](super::Exporter::with_mut)
//! (the only way to change them) forgets every answer. For a writable
//! exporter the answers also derive their pointer from the current
//! [`Root`]: a shared Rust borrow of the buffer
//! ([`Exporter::get`](super::Exporter::get)) retires the root and its
//! answers at the next export (see [`Root`] for why).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use pyo3::PyResult;
use view_core::Request;

use super::Erased;
use super::ledger::Ledger;
use super::raw::{Answer, Root};
use crate::to_pyerr;

/// How many distinct request flags an exporter keeps answers for; a
/// request beyond them is answered afresh each time.
const KEPT: usize = 8;

/// The kept answers of one exporter, and the root of its writable exports.
#[derive(Debug, Default)]
pub(crate) struct Answers {
    /// The pointer writable answers derive from, once taken.
    root: Option<Root>,
    /// Set by a shared Rust borrow of the buffer since the root was taken.
    borrowed: AtomicBool,
    /// Request bits and their answers; two requests with the same answer
    /// share one.
    kept: Vec<(u32, Arc<Answer>)>,
}

impl Answers {
    /// Forgets the root and every answer: the buffer was borrowed
    /// mutably, so its memory or layout may have changed. Live exports keep
    /// the answers they hold.
    pub(crate) fn clear(&mut self) {
        self.root = None;
        self.kept.clear();
        *self.borrowed.get_mut() = false;
    }

    /// Records a shared Rust borrow of the buffer (taken while no writable
    /// export is alive): the next writable export takes a new root.
    pub(crate) fn note_borrow(&self) {
        self.borrowed.store(true, Ordering::Relaxed);
    }

    /// The kept answer to `request`, if any.
    pub(crate) fn find(&self, request: Request) -> Option<&Arc<Answer>> {
        let bits = request.bits();
        self.kept.iter().find(|(kept, _)| *kept == bits).map(|(_, answer)| answer)
    }

    /// The answer to `request` from `buffer`, kept or computed (and then
    /// kept). Writable answers (`writable`) derive from the root, taken
    /// from an exclusive borrow of `buffer` when there is none; read-only
    /// ones from a shared borrow. `buffer` is the box, so that the buffer
    /// itself is borrowed exclusively only to take a root (never while
    /// exports of it are alive).
    ///
    /// # Errors
    ///
    /// The refusal of the request, as its Python exception.
    pub(crate) fn answer(
        &mut self,
        request: Request,
        buffer: &mut Box<dyn Erased>,
        writable: bool,
        ledger: &Arc<Ledger>,
    ) -> PyResult<Arc<Answer>> {
        // The ledger refused every shared borrow while a writable export
        // was alive; checked again so that live writable exports always
        // share one root.
        if writable && *self.borrowed.get_mut() && ledger.writable_exports() == 0 {
            self.clear();
        }
        if let Some(answer) = self.find(request) {
            return Ok(Arc::clone(answer));
        }
        let served = if writable {
            let root = match &mut self.root {
                Some(root) => root,
                None => self.root.insert(buffer.root().map_err(to_pyerr)?),
            };
            // SAFETY: the root was taken from `buffer` (the two move
            // together), which has not been borrowed since: `with_mut`
            // clears the root, and a shared borrow (`get`, which the ledger
            // allows only while no writable export is alive) is noted and
            // retires it above before any use; `&mut self` is the exclusive
            // borrow of the exporter.
            unsafe { root.serve(request) }
        } else {
            buffer.serve(request)
        };
        let answer = Answer::new(served.map_err(to_pyerr)?, ledger)?;
        Ok(self.keep(request, answer))
    }

    /// Keeps `answer` for `request` (the kept one when another request
    /// already has the same answer), while there is room.
    fn keep(&mut self, request: Request, answer: Arc<Answer>) -> Arc<Answer> {
        let answer = self
            .kept
            .iter()
            .map(|(_, kept)| kept)
            .find(|kept| kept.same_as(&answer))
            .map_or(answer, Arc::clone);
        if self.kept.len() < KEPT {
            self.kept.push((request.bits(), Arc::clone(&answer)));
        }
        answer
    }

    /// How many distinct answers are kept (shared ones counted once).
    #[cfg(test)]
    pub(crate) fn distinct(&self) -> usize {
        let mut seen: Vec<&Arc<Answer>> = Vec::new();
        for (_, answer) in &self.kept {
            if !seen.iter().any(|s| Arc::ptr_eq(s, answer)) {
                seen.push(answer);
            }
        }
        seen.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{ReadOnly, ReadWrite};
    use super::*;

    #[test]
    fn requests_with_the_same_answer_share_it() {
        let ledger = Ledger::new();
        let mut buffer: Box<dyn Erased> = Box::new(ReadWrite(vec![1u16, 2, 3]));
        let mut answers = Answers::default();
        let full = answers.answer(Request::FULL_RO, &mut buffer, true, &ledger).unwrap();
        let records = answers.answer(Request::RECORDS, &mut buffer, true, &ledger).unwrap();
        let nd = answers.answer(Request::ND, &mut buffer, true, &ledger).unwrap();
        assert!(Arc::ptr_eq(&full, &records));
        assert!(!Arc::ptr_eq(&full, &nd));
        assert_eq!(full.fields(), (6, 2, false, 1, &[3, 2][..], Some(&b"H\0"[..])));
        assert_eq!(nd.fields(), (6, 2, false, 1, &[3][..], None));
        // Asked again: the kept answer, not a new one.
        let again = answers.answer(Request::FULL_RO, &mut buffer, true, &ledger).unwrap();
        assert!(Arc::ptr_eq(&full, &again));
        assert_eq!(answers.distinct(), 2);
        // A refusal is not kept.
        assert!(answers.answer(Request::FORMAT, &mut buffer, true, &ledger).is_err());
        assert_eq!(answers.kept.len(), 3);
    }

    #[test]
    fn a_shared_borrow_retires_the_writable_answers_once_unexported() {
        let ledger = Ledger::new();
        let mut buffer: Box<dyn Erased> = Box::new(ReadWrite(vec![0u8; 4]));
        let mut answers = Answers::default();
        let first = answers.answer(Request::FULL_RO, &mut buffer, true, &ledger).unwrap();
        ledger.open(true);
        // While a writable export lives, its root and answers stay.
        answers.note_borrow();
        let during = answers.answer(Request::FULL_RO, &mut buffer, true, &ledger).unwrap();
        assert!(Arc::ptr_eq(&first, &during));
        ledger.close(true);
        let after = answers.answer(Request::FULL_RO, &mut buffer, true, &ledger).unwrap();
        assert!(!Arc::ptr_eq(&first, &after));
        assert!(first.same_as(&after));
        // Read-only answers survive shared borrows.
        let mut shared: Box<dyn Erased> = Box::new(ReadOnly(vec![0u8; 4]));
        let mut answers = Answers::default();
        let first = answers.answer(Request::FULL_RO, &mut shared, false, &ledger).unwrap();
        answers.note_borrow();
        let again = answers.answer(Request::FULL_RO, &mut shared, false, &ledger).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
    }

    #[test]
    fn no_more_than_kept_requests_are_kept() {
        let ledger = Ledger::new();
        let mut buffer: Box<dyn Erased> = Box::new(ReadOnly(vec![0u8; 4]));
        let mut answers = Answers::default();
        for bits in 0..64 {
            let request = Request::from_bits(bits << 2) | Request::ND;
            let _ = answers.answer(request, &mut buffer, false, &ledger);
        }
        assert_eq!(answers.kept.len(), KEPT);
        answers.clear();
        assert_eq!((answers.kept.len(), answers.root.is_none()), (0, true));
    }
}
