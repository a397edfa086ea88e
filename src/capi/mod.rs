//! The C API (`include/s3transfer.h`, `libs3transfer.a` / `libs3transfer.so`).
//!
//! Every exported symbol is prefixed `s3t_`. The header is generated from this module by cbindgen
//! (`tests/capi_header.rs` checks that the committed header is in step; `scripts/regen-header.sh`
//! rewrites it), so the doc comments here are the C documentation.
//!
//! Conventions, in the style of a C library:
//! * opaque handles (`s3t_config`, `s3t_manager`, `s3t_future`) created by `*_new` / a start
//!   function and released by `*_free`;
//! * every function that can fail returns an `int32_t` status code (`s3t_status`):
//!   `S3T_OK` (0) or a negative error code; the message of the last failing call on the calling
//!   thread is `s3t_last_error_message()`;
//! * callbacks are a struct of function pointers with a `void *user_data`
//!   (`s3t_subscriber`).
//!
//! Handles are never dereferenced from the pointer C passes in: each handle type has a registry
//! (address → `Arc`) and a call looks the address up first. A NULL handle is
//! `S3T_ERR_NULL_ARGUMENT`, an address that is not a live handle of that type (freed, or never
//! one) is `S3T_ERR_INVALID_HANDLE`. The one case this cannot detect is a freed handle whose
//! address was reused by a newer handle of the same type; the header calls that undefined.
//!
//! No Rust panic crosses into C: every exported function body runs inside `catch_unwind`
//! (`guard`), a panic becomes `S3T_ERR_PANIC`.
#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod config;
pub mod future;
pub mod manager;
pub mod status;
pub mod subscriber;

use std::collections::HashMap;
use std::ffi::{c_char, CStr};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use crate::error::{panic_message, TransferError};
use status::{s3t_status, set_last_error};

/// An error of a C API call: the status code returned and the message kept for
/// `s3t_last_error_message()`.
#[derive(Debug, Clone)]
pub(crate) struct Fail {
    pub(crate) code: s3t_status,
    pub(crate) message: String,
}

impl Fail {
    pub(crate) fn new(code: s3t_status, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub(crate) fn null(what: &str) -> Self {
        Fail::new(s3t_status::S3T_ERR_NULL_ARGUMENT, format!("{what} must not be NULL"))
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Fail::new(s3t_status::S3T_ERR_INVALID_ARGUMENT, message)
    }
}

impl From<TransferError> for Fail {
    fn from(e: TransferError) -> Self {
        Fail { code: status::code_of(&e), message: e.to_string() }
    }
}

pub(crate) type CResult<T> = std::result::Result<T, Fail>;

/// Runs the body of an exported function: a `Fail` or a panic becomes its status code (and the
/// thread's last error message); success is `S3T_OK`.
pub(crate) fn guard(name: &str, body: impl FnOnce() -> CResult<()>) -> i32 {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(())) => s3t_status::S3T_OK as i32,
        Ok(Err(fail)) => {
            set_last_error(&format!("{name}: {}", fail.message));
            fail.code as i32
        }
        Err(payload) => {
            set_last_error(&format!("{name}: internal error (panic): {}", panic_message(&*payload)));
            s3t_status::S3T_ERR_PANIC as i32
        }
    }
}

/// Like `guard` for a function that returns a non-negative number on success: on failure (or a
/// panic) it returns the (negative) status code.
pub(crate) fn guard_int(name: &str, body: impl FnOnce() -> CResult<i32>) -> i32 {
    let mut value = 0;
    let code = guard(name, || {
        value = body()?;
        Ok(())
    });
    if code == s3t_status::S3T_OK as i32 {
        value
    } else {
        code
    }
}

/// Like `guard` for a function that returns a value rather than a status: on failure (or a
/// panic) it records the message and returns `on_error`.
pub(crate) fn guard_value<T>(name: &str, on_error: T, body: impl FnOnce() -> CResult<T>) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(v)) => v,
        Ok(Err(fail)) => {
            set_last_error(&format!("{name}: {}", fail.message));
            on_error
        }
        Err(payload) => {
            set_last_error(&format!("{name}: internal error (panic): {}", panic_message(&*payload)));
            on_error
        }
    }
}

/// A C string argument as `&str`: NULL is `S3T_ERR_NULL_ARGUMENT`, bytes that are not UTF-8
/// `S3T_ERR_INVALID_UTF8`. `what` names the argument in the message.
///
/// # Safety
/// `ptr` is NULL or a NUL-terminated string that stays valid and unchanged for `'a` (the header's
/// contract for every `const char *` argument: for the duration of the call).
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char, what: &str) -> CResult<&'a str> {
    if ptr.is_null() {
        return Err(Fail::null(what));
    }
    // SAFETY: the C contract of every `const char *` argument in the header: a NUL-terminated
    // string that stays valid for the duration of the call.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_str().map_err(|e| {
        Fail::new(
            s3t_status::S3T_ERR_INVALID_UTF8,
            format!("{what} is not valid UTF-8 (invalid byte at offset {})", e.valid_up_to()),
        )
    })
}

/// [`c_str`] for an optional argument: NULL is `None`.
///
/// # Safety
/// As for [`c_str`].
pub(crate) unsafe fn c_str_opt<'a>(ptr: *const c_char, what: &str) -> CResult<Option<&'a str>> {
    if ptr.is_null() {
        Ok(None)
    } else {
        // SAFETY: the caller's contract, passed on.
        unsafe { c_str(ptr, what) }.map(Some)
    }
}

/// Writes `value` through an out-pointer.
///
/// # Safety
/// `out` is not NULL and points to writable storage for a `T` (the header's contract for a
/// non-NULL out-pointer; callers check for NULL first).
pub(crate) unsafe fn write_out<T>(out: *mut T, value: T) {
    // SAFETY: the caller's contract.
    unsafe { out.write(value) }
}

/// The live handles of one type, by address. A handle's address is the address of its `Arc`
/// allocation, which stays allocated (so no other handle can have that address) while it is here.
pub(crate) struct Registry<T> {
    name: &'static str,
    live: Mutex<Option<HashMap<usize, Arc<T>>>>,
}

impl<T> Registry<T> {
    pub(crate) const fn new(name: &'static str) -> Self {
        Self { name, live: Mutex::new(None) }
    }

    fn map(&self) -> std::sync::MutexGuard<'_, Option<HashMap<usize, Arc<T>>>> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Registers `value`; the returned pointer is its handle (never dereferenced by C or by us).
    pub(crate) fn insert<H>(&self, value: T) -> *mut H {
        let arc = Arc::new(value);
        let addr = Arc::as_ptr(&arc) as usize;
        self.map().get_or_insert_with(HashMap::new).insert(addr, arc);
        addr as *mut H
    }

    /// The handle behind `ptr`, or `S3T_ERR_NULL_ARGUMENT` / `S3T_ERR_INVALID_HANDLE`.
    pub(crate) fn get<H>(&self, ptr: *const H) -> CResult<Arc<T>> {
        if ptr.is_null() {
            return Err(Fail::null(self.name));
        }
        self.map().as_ref().and_then(|m| m.get(&(ptr as usize)).cloned()).ok_or_else(|| self.invalid())
    }

    /// Unregisters the handle behind `ptr` and returns it (the caller drops it).
    pub(crate) fn remove<H>(&self, ptr: *const H) -> CResult<Arc<T>> {
        if ptr.is_null() {
            return Err(Fail::null(self.name));
        }
        self.map().as_mut().and_then(|m| m.remove(&(ptr as usize))).ok_or_else(|| self.invalid())
    }

    fn invalid(&self) -> Fail {
        Fail::new(
            s3t_status::S3T_ERR_INVALID_HANDLE,
            format!("{} is not a live handle (already freed, or not a handle of this type)", self.name),
        )
    }
}
