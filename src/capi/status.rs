//! Status codes, their names, and the thread-local last error message.

use std::cell::RefCell;
use std::ffi::{c_char, CStr, CString};

use crate::error::TransferError;

/// Status codes returned by the `s3t_` functions. The values are stable: new codes may be added,
/// existing ones never change. `S3T_OK` and `S3T_TIMEOUT` are not errors; every error is negative.
/// `s3t_status_name()` gives the name of a code, `s3t_last_error_message()` the message of the last
/// failing call on the calling thread.
#[allow(non_camel_case_types)]
#[repr(i32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum s3t_status {
    /// Success.
    S3T_OK = 0,
    /// `s3t_future_wait()`: the transfer is not done yet (it keeps running).
    S3T_TIMEOUT = 1,
    /// A required pointer argument (handle, string, out-pointer) was NULL.
    S3T_ERR_NULL_ARGUMENT = -1,
    /// A handle that is not live: already freed, or not a handle of the expected type.
    S3T_ERR_INVALID_HANDLE = -2,
    /// A string argument is not valid UTF-8.
    S3T_ERR_INVALID_UTF8 = -3,
    /// An invalid argument or configuration value: a disallowed extra-args key, a config field of
    /// 0, an unknown enum value, an empty bucket, missing credentials... The message names it.
    S3T_ERR_INVALID_ARGUMENT = -4,
    /// An internal error of the library (a Rust panic, caught before it could reach C).
    S3T_ERR_PANIC = -5,
    /// The transfer was cancelled (`s3t_future_cancel()` or `s3t_manager_shutdown(m, 1)`).
    S3T_ERR_CANCELLED = -10,
    /// The transfer was stopped by an error elsewhere: a subscriber callback that returned
    /// non-zero, or a fatal shutdown. (Counts as a cancellation, as s3transfer's FatalError.)
    S3T_ERR_FATAL = -11,
    /// An upload failed; the message names the file, bucket and key and the cause.
    S3T_ERR_S3_UPLOAD_FAILED = -12,
    /// The object changed during a ranged download (ETag mismatch).
    S3T_ERR_S3_DOWNLOAD_FAILED = -13,
    /// The copy source changed during a multipart copy (ETag mismatch).
    S3T_ERR_S3_COPY_FAILED = -14,
    /// A ranged GET answered with a different range than requested.
    S3T_ERR_S3_VALIDATION = -15,
    /// A download kept failing with retryable errors `num_download_attempts` times.
    S3T_ERR_RETRIES_EXCEEDED = -16,
    /// S3 answered with an error: see `s3t_future_http_status()` and `s3t_future_s3_error_code()`.
    S3T_ERR_SERVICE = -17,
    /// A transport failure (connection refused or reset, timeout, truncated body).
    S3T_ERR_NETWORK = -18,
    /// An error of the AWS Common Runtime engine.
    S3T_ERR_CRT = -19,
    /// A local I/O error (missing source file, unwritable destination...).
    S3T_ERR_IO = -20,
    /// The manager was shut down; it accepts no more transfers.
    S3T_ERR_QUEUE_SHUTDOWN = -21,
    /// `s3t_future_result()` on a transfer that is not done yet.
    S3T_ERR_TRANSFER_NOT_DONE = -22,
    /// A subscriber that cannot be used.
    S3T_ERR_INVALID_SUBSCRIBER = -23,
    /// A bandwidth-limiter request exceeded what is available (internal).
    S3T_ERR_REQUEST_EXCEEDED = -24,
    /// A downloaded file did not match the object's stored checksum (`ChecksumMode=ENABLED`);
    /// nothing was written at the destination.
    S3T_ERR_CHECKSUM_MISMATCH = -25,
    /// An error this version of the C API has no code for (see the message).
    S3T_ERR_UNKNOWN = -99,
}

/// The status code of a transfer error.
pub(crate) fn code_of(e: &TransferError) -> s3t_status {
    use s3t_status::*;
    match e {
        TransferError::S3UploadFailed { .. } => S3T_ERR_S3_UPLOAD_FAILED,
        TransferError::S3DownloadFailed { .. } => S3T_ERR_S3_DOWNLOAD_FAILED,
        TransferError::S3CopyFailed { .. } => S3T_ERR_S3_COPY_FAILED,
        TransferError::S3Validation { .. } => S3T_ERR_S3_VALIDATION,
        TransferError::RetriesExceeded { .. } => S3T_ERR_RETRIES_EXCEEDED,
        TransferError::TransferNotDone => S3T_ERR_TRANSFER_NOT_DONE,
        TransferError::Cancelled { .. } => S3T_ERR_CANCELLED,
        TransferError::Fatal { .. } => S3T_ERR_FATAL,
        TransferError::InvalidSubscriber { .. } => S3T_ERR_INVALID_SUBSCRIBER,
        TransferError::QueueShutdown => S3T_ERR_QUEUE_SHUTDOWN,
        TransferError::RequestExceeded { .. } => S3T_ERR_REQUEST_EXCEEDED,
        TransferError::Service { .. } => S3T_ERR_SERVICE,
        TransferError::Network { .. } => S3T_ERR_NETWORK,
        TransferError::Crt { .. } => S3T_ERR_CRT,
        TransferError::Io { .. } => S3T_ERR_IO,
        TransferError::InvalidArgument { .. } => S3T_ERR_INVALID_ARGUMENT,
        TransferError::ChecksumMismatch { .. } => S3T_ERR_CHECKSUM_MISMATCH,
        TransferError::Timeout => S3T_TIMEOUT,
        #[allow(unreachable_patterns)]
        _ => S3T_ERR_UNKNOWN,
    }
}

const NAMES: &[(s3t_status, &CStr)] = {
    use s3t_status::*;
    &[
        (S3T_OK, c"S3T_OK"),
        (S3T_TIMEOUT, c"S3T_TIMEOUT"),
        (S3T_ERR_NULL_ARGUMENT, c"S3T_ERR_NULL_ARGUMENT"),
        (S3T_ERR_INVALID_HANDLE, c"S3T_ERR_INVALID_HANDLE"),
        (S3T_ERR_INVALID_UTF8, c"S3T_ERR_INVALID_UTF8"),
        (S3T_ERR_INVALID_ARGUMENT, c"S3T_ERR_INVALID_ARGUMENT"),
        (S3T_ERR_PANIC, c"S3T_ERR_PANIC"),
        (S3T_ERR_CANCELLED, c"S3T_ERR_CANCELLED"),
        (S3T_ERR_FATAL, c"S3T_ERR_FATAL"),
        (S3T_ERR_S3_UPLOAD_FAILED, c"S3T_ERR_S3_UPLOAD_FAILED"),
        (S3T_ERR_S3_DOWNLOAD_FAILED, c"S3T_ERR_S3_DOWNLOAD_FAILED"),
        (S3T_ERR_S3_COPY_FAILED, c"S3T_ERR_S3_COPY_FAILED"),
        (S3T_ERR_S3_VALIDATION, c"S3T_ERR_S3_VALIDATION"),
        (S3T_ERR_RETRIES_EXCEEDED, c"S3T_ERR_RETRIES_EXCEEDED"),
        (S3T_ERR_SERVICE, c"S3T_ERR_SERVICE"),
        (S3T_ERR_NETWORK, c"S3T_ERR_NETWORK"),
        (S3T_ERR_CRT, c"S3T_ERR_CRT"),
        (S3T_ERR_IO, c"S3T_ERR_IO"),
        (S3T_ERR_QUEUE_SHUTDOWN, c"S3T_ERR_QUEUE_SHUTDOWN"),
        (S3T_ERR_TRANSFER_NOT_DONE, c"S3T_ERR_TRANSFER_NOT_DONE"),
        (S3T_ERR_INVALID_SUBSCRIBER, c"S3T_ERR_INVALID_SUBSCRIBER"),
        (S3T_ERR_REQUEST_EXCEEDED, c"S3T_ERR_REQUEST_EXCEEDED"),
        (S3T_ERR_CHECKSUM_MISMATCH, c"S3T_ERR_CHECKSUM_MISMATCH"),
        (S3T_ERR_UNKNOWN, c"S3T_ERR_UNKNOWN"),
    ]
};

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Records the message of a failing call for `s3t_last_error_message()` on this thread.
pub(crate) fn set_last_error(message: &str) {
    // Interior NULs cannot be represented in a C string; show them as spaces.
    let c = CString::new(message.replace('\0', " ")).unwrap_or_default();
    let _ = LAST_ERROR.try_with(|slot| *slot.borrow_mut() = c);
}

/// The message of the last failing `s3t_` call on the calling thread ("" if none failed yet).
/// Successful calls leave it unchanged (like `errno`). The pointer stays valid until the next
/// failing `s3t_` call on this thread; copy the text to keep it longer. Never NULL.
#[no_mangle]
pub extern "C" fn s3t_last_error_message() -> *const c_char {
    let r = std::panic::catch_unwind(|| LAST_ERROR.try_with(|slot| slot.borrow().as_ptr()).unwrap_or(c"".as_ptr()));
    r.unwrap_or(c"".as_ptr())
}

/// The name of a status code (`"S3T_OK"`, `"S3T_ERR_NULL_ARGUMENT"`, ...), or
/// `"S3T_UNKNOWN_STATUS"` for a value that is not one. A static string: never freed, never NULL.
#[no_mangle]
pub extern "C" fn s3t_status_name(code: i32) -> *const c_char {
    let r = std::panic::catch_unwind(|| {
        NAMES.iter().find(|(s, _)| *s as i32 == code).map_or(c"S3T_UNKNOWN_STATUS".as_ptr(), |(_, n)| n.as_ptr())
    });
    r.unwrap_or(c"S3T_UNKNOWN_STATUS".as_ptr())
}
