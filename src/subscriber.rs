//! Progress subscribers (s3transfer/subscribers.py).
//!
//! A subscriber gets `on_queued` once before any work, `on_progress` with byte deltas as bytes
//! move (negative when a retried GET attempt is undone; the sum over a successful transfer equals
//! the object size), and `on_done` exactly once after the destination is final, in the order the
//! subscribers were given.
//!
//! Differences from Python: there is no `InvalidSubscriberMethodError` at construction time (the
//! trait makes a malformed subscriber impossible). A subscriber that **panics** in `on_queued` or
//! `on_progress` fails its transfer with [`crate::TransferError::Fatal`] (Python: the exception
//! becomes the transfer error); a panic in `on_done` is logged and swallowed, as in Python.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use crate::error::{panic_message, TransferError};
use crate::future::TransferFuture;

/// Receives the events of one transfer. All methods have no-op defaults.
///
/// ```
/// use std::sync::atomic::{AtomicI64, Ordering};
/// use s3transfer::{Subscriber, TransferFuture};
///
/// #[derive(Default)]
/// struct Progress(AtomicI64);
///
/// impl Subscriber for Progress {
///     fn on_progress(&self, _future: &TransferFuture, bytes_transferred: i64) {
///         self.0.fetch_add(bytes_transferred, Ordering::Relaxed);
///     }
/// }
/// ```
pub trait Subscriber: Send + Sync + 'static {
    /// Called once when the transfer is queued (status `Queued`), before any request. Uploads may
    /// call `future.meta().provide_transfer_size(n)` here to skip the size probe; downloads and
    /// copies skip HeadObject only when both size and ETag are provided.
    fn on_queued(&self, future: &TransferFuture) {
        let _ = future;
    }
    /// Called when bytes move; `bytes_transferred` may be negative (a retried range is undone).
    fn on_progress(&self, future: &TransferFuture, bytes_transferred: i64) {
        let _ = (future, bytes_transferred);
    }
    /// Called once when the transfer is done (success, failure or cancel), after failure cleanups
    /// ran and after `result()` waiters were released.
    fn on_done(&self, future: &TransferFuture) {
        let _ = future;
    }
}

/// Calls `event` on each subscriber in order; a panic fails the transfer with `Fatal` (naming the
/// hook) and the remaining subscribers are not called for this event. Both engines use this for
/// `on_queued` and `on_progress`.
pub(crate) fn notify(
    subscribers: &[Arc<dyn Subscriber>],
    future: &TransferFuture,
    hook: &str,
    event: impl Fn(&dyn Subscriber, &TransferFuture),
) {
    for s in subscribers {
        if let Err(p) = catch_unwind(AssertUnwindSafe(|| event(s.as_ref(), future))) {
            future.coordinator().set_exception(
                TransferError::Fatal { message: format!("subscriber panicked in {hook}: {}", panic_message(&*p)) },
                false,
            );
            return;
        }
    }
}
