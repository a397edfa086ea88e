//! `s3t_subscriber`: progress callbacks from C.

use std::ffi::{c_int, c_void};
use std::sync::{Arc, Condvar, Mutex};

use crate::error::TransferError;
use crate::future::TransferFuture;
use crate::subscriber::Subscriber;

/// Callbacks of one transfer, with a `user_data` pointer passed back to each. Every member may be
/// NULL. The struct is copied by the start function; `user_data` must stay valid until the transfer
/// is done: until `s3t_future_wait()` returned something other than `S3T_TIMEOUT`,
/// `s3t_future_done()` returned 1, or `s3t_manager_shutdown()` / `s3t_manager_free()` returned.
///
/// **Threads.** Callbacks run on the library's worker threads (the manager's runtime threads, or
/// the CRT engine's event-loop threads), never concurrently for one transfer, but concurrently with
/// the caller and with callbacks of other transfers: synchronise what they share. `on_done` may also
/// run on the thread that calls `s3t_future_cancel()` or `s3t_manager_shutdown(m, 1)`. Callbacks
/// must return quickly (they hold up the transfer's I/O) and must not call `s3t_future_wait()`,
/// `s3t_manager_shutdown()` or `s3t_manager_free()` (that would deadlock).
#[allow(non_camel_case_types)]
#[repr(C)]
#[derive(Clone, Copy)]
pub struct s3t_subscriber {
    /// Called once when the transfer is queued, before any request. Return 0 to go on; any other
    /// value stops the transfer with `S3T_ERR_FATAL` (the message names the callback and the value).
    pub on_queued: Option<unsafe extern "C" fn(user_data: *mut c_void) -> c_int>,
    /// Called as bytes move, with the number of bytes since the last call. A retried range reports
    /// a negative delta; over a successful transfer the deltas add up to the object size. Return 0
    /// to go on; any other value stops the transfer with `S3T_ERR_FATAL`.
    pub on_progress: Option<unsafe extern "C" fn(user_data: *mut c_void, bytes_delta: i64) -> c_int>,
    /// Called exactly once when the transfer is done (after the destination is final), with the
    /// transfer's status code (`S3T_OK` or an error code).
    pub on_done: Option<unsafe extern "C" fn(user_data: *mut c_void, status: i32)>,
    /// Passed back to every callback; never read by the library.
    pub user_data: *mut c_void,
}

/// Set once the transfer is done and its C `on_done` (if any) has returned.
#[derive(Default)]
pub(crate) struct DoneSignal {
    done: Mutex<bool>,
    cv: Condvar,
}

impl DoneSignal {
    pub(crate) fn set(&self) {
        *self.done.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.cv.notify_all();
    }

    pub(crate) fn is_set(&self) -> bool {
        *self.done.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until set; `None` waits without limit. True if set.
    pub(crate) fn wait(&self, timeout: Option<std::time::Duration>) -> bool {
        let guard = self.done.lock().unwrap_or_else(|p| p.into_inner());
        match timeout {
            None => *self.cv.wait_while(guard, |d| !*d).unwrap_or_else(|p| p.into_inner()),
            Some(t) => *self.cv.wait_timeout_while(guard, t, |d| !*d).unwrap_or_else(|p| p.into_inner()).0,
        }
    }
}

/// Guards the data callbacks of one transfer (`s3t_upload_stream`'s `read`,
/// `s3t_download_stream`'s `write`): each call runs under the gate, and the gate is closed when the
/// transfer is done, after any call in progress returned. So no data callback runs once C can see
/// the transfer done, whatever thread the engine calls it from.
pub(crate) struct CallGate {
    open: Mutex<bool>,
}

impl CallGate {
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(Self { open: Mutex::new(true) })
    }

    /// Runs `call` unless the gate is closed (then `None`).
    pub(crate) fn call<T>(&self, call: impl FnOnce() -> T) -> Option<T> {
        let open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        open.then(call)
    }

    /// Closes the gate, waiting for a call in progress.
    fn close(&self) {
        *self.open.lock().unwrap_or_else(|p| p.into_inner()) = false;
    }
}

/// The Rust subscriber that forwards to the C callbacks (always installed, also without C
/// callbacks, because its `on_done` sets the [`DoneSignal`] the C API waits on).
pub(crate) struct CSubscriber {
    callbacks: Option<s3t_subscriber>,
    pub(crate) done: Arc<DoneSignal>,
    gate: Option<Arc<CallGate>>,
}

// SAFETY: the C contract of `s3t_subscriber` (in the header): the callbacks may be called from any
// thread and `user_data` may be used from them; the library calls them one at a time per transfer.
unsafe impl Send for CSubscriber {}
// SAFETY: as for `Send`: nothing is shared but the C pointers, whose thread-safety C promised.
unsafe impl Sync for CSubscriber {}

impl CSubscriber {
    /// `gate`: the transfer's data callbacks, closed first thing in `on_done`.
    pub(crate) fn new(callbacks: Option<s3t_subscriber>, gate: Option<Arc<CallGate>>) -> Self {
        Self { callbacks, done: Arc::new(DoneSignal::default()), gate }
    }

    fn fail(future: &TransferFuture, hook: &str, rc: c_int) {
        future.coordinator().set_exception(
            TransferError::Fatal { message: format!("subscriber callback {hook} returned {rc}") },
            false,
        );
    }
}

impl Subscriber for CSubscriber {
    fn on_queued(&self, future: &TransferFuture) {
        let Some(cb) = self.callbacks else { return };
        if let Some(f) = cb.on_queued {
            // SAFETY: a C function pointer given in `s3t_subscriber`, called with the user_data
            // given with it, as the header documents.
            let rc = unsafe { f(cb.user_data) };
            if rc != 0 {
                Self::fail(future, "on_queued", rc);
            }
        }
    }

    fn on_progress(&self, future: &TransferFuture, bytes_transferred: i64) {
        let Some(cb) = self.callbacks else { return };
        if let Some(f) = cb.on_progress {
            // SAFETY: as in `on_queued`.
            let rc = unsafe { f(cb.user_data, bytes_transferred) };
            if rc != 0 {
                Self::fail(future, "on_progress", rc);
            }
        }
    }

    fn on_done(&self, future: &TransferFuture) {
        // Set the signal even if something below panics, so no waiter hangs.
        struct SetOnDrop<'a>(&'a DoneSignal);
        impl Drop for SetOnDrop<'_> {
            fn drop(&mut self) {
                self.0.set();
            }
        }
        let _set = SetOnDrop(&self.done);
        if let Some(gate) = &self.gate {
            gate.close();
        }
        if let Some(cb) = self.callbacks {
            if let Some(f) = cb.on_done {
                let status = match future.coordinator().exception() {
                    None => 0,
                    Some(e) => super::status::code_of(&e) as i32,
                };
                // SAFETY: as in `on_queued`.
                unsafe { f(cb.user_data, status) };
            }
        }
    }
}
