//! `s3t_future`: the handle of one transfer.

use std::ffi::{c_char, CString};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use super::status::s3t_status;
use super::subscriber::DoneSignal;
use super::{guard, guard_int, guard_value, Registry};
use crate::future::{TransferFuture, TransferStatus};

/// The handle of one transfer, from `s3t_upload()`, `s3t_upload_buffer()`, `s3t_download()`,
/// `s3t_download_stream()`, `s3t_copy()` or `s3t_delete()`. Free it with `s3t_future_free()` (which does not cancel the transfer).
#[allow(non_camel_case_types)]
pub struct s3t_future {
    _opaque: [u8; 0],
}

/// `s3t_future_status()`: the state of a transfer (s3transfer's status strings).
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum s3t_transfer_status {
    /// Created, not yet picked up.
    S3T_STATUS_NOT_STARTED = 0,
    /// Picked up; `on_queued` runs in this state.
    S3T_STATUS_QUEUED = 1,
    /// Requests are being made.
    S3T_STATUS_RUNNING = 2,
    /// Cancelled (by the caller, a shutdown, or a fatal error).
    S3T_STATUS_CANCELLED = 3,
    /// Failed with an error.
    S3T_STATUS_FAILED = 4,
    /// Completed successfully.
    S3T_STATUS_SUCCESS = 5,
}

/// What an `s3t_future` handle holds.
pub(crate) struct CFuture {
    pub(crate) future: TransferFuture,
    pub(crate) done: Arc<DoneSignal>,
    error_message: OnceLock<Option<CString>>,
    s3_code: OnceLock<Option<CString>>,
    etag: OnceLock<CString>,
}

impl CFuture {
    pub(crate) fn new(future: TransferFuture, done: Arc<DoneSignal>) -> Self {
        Self { future, done, error_message: OnceLock::new(), s3_code: OnceLock::new(), etag: OnceLock::new() }
    }

    /// The outcome once done (C-done: the transfer finished and its `on_done` returned).
    fn outcome(&self) -> Option<crate::Result<()>> {
        if !self.done.is_set() {
            return None;
        }
        Some(self.future.result())
    }
}

pub(crate) static FUTURES: Registry<CFuture> = Registry::new("s3t_future");

fn to_cstring(s: String) -> CString {
    CString::new(s.replace('\0', " ")).unwrap_or_default()
}

/// Waits until the transfer is done or `timeout_ms` milliseconds have passed (`timeout_ms < 0`
/// waits without limit; 0 only checks). Returns `S3T_TIMEOUT` if it is not done (it keeps
/// running), else the transfer's status code like `s3t_future_result()`: `S3T_OK` or its error
/// (the message is then also `s3t_last_error_message()`). "Done" includes the `on_done` callback
/// having returned. Do not call from a subscriber callback.
#[no_mangle]
pub extern "C" fn s3t_future_wait(future: *mut s3t_future, timeout_ms: i64) -> i32 {
    guard("s3t_future_wait", || {
        let f = FUTURES.get(future)?;
        let timeout = (timeout_ms >= 0).then(|| Duration::from_millis(timeout_ms as u64));
        if !f.done.wait(timeout) {
            return Err(super::Fail::new(
                s3t_status::S3T_TIMEOUT,
                format!("the transfer is not done after {timeout_ms} ms"),
            ));
        }
        Ok(f.future.result()?)
    })
}

/// 1 if the transfer is done (and its `on_done` returned), 0 if not, or a negative error code for
/// a bad handle.
#[no_mangle]
pub extern "C" fn s3t_future_done(future: *const s3t_future) -> i32 {
    guard_int("s3t_future_done", || Ok(FUTURES.get(future)?.done.is_set() as i32))
}

/// Cancels the transfer (a done transfer is unchanged). It ends with `S3T_ERR_CANCELLED` once its
/// in-flight requests have stopped; a multipart upload is aborted, a partial download removed.
/// Returns `S3T_OK` or an error code for a bad handle.
#[no_mangle]
pub extern "C" fn s3t_future_cancel(future: *mut s3t_future) -> i32 {
    guard("s3t_future_cancel", || {
        FUTURES.get(future)?.future.cancel();
        Ok(())
    })
}

/// The transfer's state: an `s3t_transfer_status` value (>= 0), or a negative error code for a bad
/// handle.
#[no_mangle]
pub extern "C" fn s3t_future_status(future: *const s3t_future) -> i32 {
    guard_int("s3t_future_status", || {
        let status = match FUTURES.get(future)?.future.status() {
            TransferStatus::NotStarted => s3t_transfer_status::S3T_STATUS_NOT_STARTED,
            TransferStatus::Queued => s3t_transfer_status::S3T_STATUS_QUEUED,
            TransferStatus::Running => s3t_transfer_status::S3T_STATUS_RUNNING,
            TransferStatus::Cancelled => s3t_transfer_status::S3T_STATUS_CANCELLED,
            TransferStatus::Failed => s3t_transfer_status::S3T_STATUS_FAILED,
            TransferStatus::Success => s3t_transfer_status::S3T_STATUS_SUCCESS,
        };
        Ok(status as i32)
    })
}

/// The transfer's status code without waiting: `S3T_OK`, its error code, or
/// `S3T_ERR_TRANSFER_NOT_DONE` while it runs (or an error code for a bad handle).
#[no_mangle]
pub extern "C" fn s3t_future_result(future: *const s3t_future) -> i32 {
    guard("s3t_future_result", || {
        let f = FUTURES.get(future)?;
        match f.outcome() {
            None => Err(crate::TransferError::TransferNotDone.into()),
            Some(r) => Ok(r?),
        }
    })
}

/// The error message of a failed or cancelled transfer; NULL while it runs, after success, or for a
/// bad handle. The string belongs to the future: valid until `s3t_future_free()`.
#[no_mangle]
pub extern "C" fn s3t_future_error_message(future: *const s3t_future) -> *const c_char {
    guard_value("s3t_future_error_message", std::ptr::null(), || {
        let f = FUTURES.get(future)?;
        let Some(outcome) = f.outcome() else { return Ok(std::ptr::null()) };
        let msg = f.error_message.get_or_init(|| outcome.err().map(|e| to_cstring(e.to_string())));
        // The CString lives in the registry's Arc until s3t_future_free removes it.
        Ok(msg.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()))
    })
}

/// The HTTP status of S3's error answer (e.g. 404, 403), looking through wrapping errors; 0 if the
/// transfer has not failed with one (or is not done), a negative error code for a bad handle.
#[no_mangle]
pub extern "C" fn s3t_future_http_status(future: *const s3t_future) -> i32 {
    guard_int("s3t_future_http_status", || {
        let f = FUTURES.get(future)?;
        Ok(match f.outcome() {
            Some(Err(e)) => e.http_status().map_or(0, i32::from),
            _ => 0,
        })
    })
}

/// S3's error code (e.g. `"NoSuchKey"`, `"AccessDenied"`), looking through wrapping errors; NULL if
/// none (or not done, or a bad handle). Valid until `s3t_future_free()`.
#[no_mangle]
pub extern "C" fn s3t_future_s3_error_code(future: *const s3t_future) -> *const c_char {
    guard_value("s3t_future_s3_error_code", std::ptr::null(), || {
        let f = FUTURES.get(future)?;
        let Some(outcome) = f.outcome() else { return Ok(std::ptr::null()) };
        let code = f.s3_code.get_or_init(|| outcome.err().and_then(|e| e.s3_code().map(|c| to_cstring(c.to_owned()))));
        Ok(code.as_ref().map_or(std::ptr::null(), |c| c.as_ptr()))
    })
}

/// The transfer's size in bytes (the file's for an upload, the object's for a download or copy):
/// writes it to `*out_bytes` and returns 1 once it is known (at the latest when the transfer
/// succeeded), 0 while it is not (`*out_bytes` untouched), or a negative error code for a bad
/// handle or a NULL `out_bytes`.
#[no_mangle]
pub extern "C" fn s3t_future_size(future: *const s3t_future, out_bytes: *mut u64) -> i32 {
    guard_int("s3t_future_size", || {
        let f = FUTURES.get(future)?;
        if out_bytes.is_null() {
            return Err(super::Fail::null("out_bytes"));
        }
        let Some(size) = f.future.meta().size() else { return Ok(0) };
        // SAFETY: the out-pointer was checked not to be NULL; the header's contract for it.
        unsafe { super::write_out(out_bytes, size) };
        Ok(1)
    })
}

/// The object's ETag as the transfer saw it (downloads and copies; quoted, as S3 sends it), or NULL
/// while it is not known, for an upload, or for a bad handle. Valid until `s3t_future_free()`.
#[no_mangle]
pub extern "C" fn s3t_future_etag(future: *const s3t_future) -> *const c_char {
    guard_value("s3t_future_etag", std::ptr::null(), || {
        let f = FUTURES.get(future)?;
        if let Some(etag) = f.etag.get() {
            return Ok(etag.as_ptr());
        }
        // Cached only once known, so a pointer handed out never changes.
        Ok(f.future.meta().etag().map_or(std::ptr::null(), |e| f.etag.get_or_init(|| to_cstring(e)).as_ptr()))
    })
}

/// The engine running (or that ran) the transfer: `S3T_ENGINE_CLASSIC` or `S3T_ENGINE_CRT` once
/// chosen, `S3T_ENGINE_AUTO` before (an `S3T_ENGINE_AUTO` manager decides per transfer when it
/// starts), or a negative error code for a bad handle.
#[no_mangle]
pub extern "C" fn s3t_future_engine(future: *const s3t_future) -> i32 {
    guard_int("s3t_future_engine", || {
        let engine = match FUTURES.get(future)?.future.meta().engine() {
            crate::Engine::Auto => super::config::s3t_engine::S3T_ENGINE_AUTO,
            crate::Engine::Classic => super::config::s3t_engine::S3T_ENGINE_CLASSIC,
            crate::Engine::Crt => super::config::s3t_engine::S3T_ENGINE_CRT,
        };
        Ok(engine as i32)
    })
}

/// Frees the handle. The transfer is not cancelled: it runs on and its callbacks are still called.
/// NULL is a no-op; a handle freed already is `S3T_ERR_INVALID_HANDLE`. Strings returned for this
/// future become invalid.
#[no_mangle]
pub extern "C" fn s3t_future_free(future: *mut s3t_future) -> i32 {
    guard("s3t_future_free", || {
        if future.is_null() {
            return Ok(());
        }
        FUTURES.remove(future).map(drop)
    })
}

/// Registers a started transfer and returns its handle.
pub(crate) fn register(future: TransferFuture, done: Arc<DoneSignal>) -> *mut s3t_future {
    FUTURES.insert(CFuture::new(future, done))
}
