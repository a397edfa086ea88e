//! One-time library initialisation, CRT errors and byte-cursor helpers.

use std::ffi::{c_char, c_int, CStr};
use std::fmt;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use super::alloc::Allocator;
use super::sys;

/// The handle proving the CRT libraries are initialised (see [`init`]).
#[derive(Debug)]
pub struct Library {
    allocator: Allocator,
}

impl Library {
    /// The allocator every wrapper in this module uses.
    pub fn allocator(&self) -> Allocator {
        self.allocator
    }
}

static LIBRARY: OnceLock<Library> = OnceLock::new();

/// Size of one aws-c-io channel message, so of one socket write or read: 256 KiB instead of the
/// CRT's 16 KiB default, as aws-crt-java sets it. On 1 GiB over loopback this took an upload from
/// 1.08 to 0.62 client CPU seconds per GiB (with the SIMD CRC32 of `crc.rs`) and cut the socket
/// syscalls of a download sixteenfold. TLS is unaffected: s2n still writes records of at most 16 KiB.
const CHANNEL_FRAGMENT_SIZE: usize = 256 * 1024;
static WANT_TRACKING: AtomicBool = AtomicBool::new(false);

/// Like [`init`], but the CRT allocates through a tracking allocator whose
/// [`Allocator::outstanding_bytes`] tests can watch. Only effective if it is the first CRT call of the
/// process; check `init_with_tracking_allocator().allocator().outstanding_bytes().is_some()`.
pub fn init_with_tracking_allocator() -> &'static Library {
    WANT_TRACKING.store(true, Ordering::SeqCst);
    init()
}

/// Initialises aws-c-s3 and everything below it (common, io, http, auth, ...) exactly once per
/// process, and installs the CRT-to-`tracing` log bridge. Every constructor in this module calls it,
/// so calling it yourself is only needed to get the [`Library`] handle.
///
/// The libraries are never cleaned up: CRT threads may still be finishing work when the process
/// exits, and cleaning up under them would be unsound.
pub fn init() -> &'static Library {
    LIBRARY.get_or_init(|| {
        let mut allocator = Allocator::default();
        if WANT_TRACKING.load(Ordering::SeqCst) {
            // SAFETY: wraps the process-global default allocator; the tracer is never destroyed
            // (the libraries are never cleaned up). The second argument is deprecated and must be NULL.
            let tracer = unsafe {
                sys::aws_mem_tracer_new(allocator.as_ptr(), std::ptr::null_mut(), sys::aws_mem_trace_level::AWS_MEMTRACE_BYTES, 0)
            };
            if let Some(inner) = NonNull::new(tracer) {
                allocator = Allocator::tracking(inner);
            }
        }
        // SAFETY: `aws_s3_library_init` is idempotent and initialises the libraries it depends on;
        // the allocator is the process-global default one, valid forever.
        unsafe { sys::aws_s3_library_init(allocator.as_ptr()) };
        // SAFETY: written once here, inside the OnceLock initialiser, before any CRT object (and so
        // any channel or event-loop thread reading it) exists.
        unsafe { sys::g_aws_channel_max_fragment_size = CHANNEL_FRAGMENT_SIZE };
        super::logging::install(allocator);
        Library { allocator }
    })
}

/// An error reported by the CRT: its numeric code, its symbolic name (for example
/// `AWS_IO_SOCKET_CONNECTION_REFUSED`) and its human-readable description.
#[derive(Clone, PartialEq, Eq)]
pub struct CrtError {
    /// The `aws_last_error()` / `error_code` value.
    pub code: i32,
    /// The symbolic name (`aws_error_name`).
    pub name: String,
    /// The description (`aws_error_str`).
    pub message: String,
}

/// `AWS_ERROR_S3_CANCELED`: the meta-request was cancelled.
pub(crate) const S3_CANCELED: i32 = sys::aws_s3_errors::AWS_ERROR_S3_CANCELED.0 as i32;
/// `AWS_ERROR_S3_INVALID_RESPONSE_STATUS`: the service answered with an error status.
pub(crate) const S3_INVALID_RESPONSE_STATUS: i32 = sys::aws_s3_errors::AWS_ERROR_S3_INVALID_RESPONSE_STATUS.0 as i32;

impl CrtError {
    /// Builds the error for a code, looking up its name and description in the CRT's tables.
    /// Unknown codes get the CRT's "Unknown Error Code" strings rather than failing.
    pub fn from_code(code: i32) -> Self {
        Self { code, name: static_c_str(error_name_ptr(code)), message: static_c_str(error_str_ptr(code)) }
    }

    /// The error raised on this thread by the CRT call that just failed.
    ///
    /// Must be called immediately after the failing call, before any other CRT function runs on
    /// this thread (the value is a thread-local that any later CRT call may overwrite).
    pub fn last() -> Self {
        // SAFETY: `aws_last_error` only reads a thread-local integer.
        let code = unsafe { sys::aws_last_error() };
        Self::from_code(code)
    }

    /// True for `AWS_ERROR_S3_CANCELED`.
    pub fn is_cancelled(&self) -> bool {
        self.code == S3_CANCELED
    }
}

fn error_name_ptr(code: i32) -> *const c_char {
    // SAFETY: `aws_error_name` accepts any integer and returns a pointer to a static,
    // NUL-terminated string (an "unknown" string for codes it does not know).
    unsafe { sys::aws_error_name(code) }
}

fn error_str_ptr(code: i32) -> *const c_char {
    // SAFETY: as for `aws_error_name`: any integer, static NUL-terminated result.
    unsafe { sys::aws_error_str(code) }
}

/// Copies a static C string the CRT returned (NULL becomes an empty string).
fn static_c_str(ptr: *const c_char) -> String {
    if ptr.is_null() {
        return String::new();
    }
    // SAFETY: the caller passes a pointer from one of the CRT's static string tables, which are
    // NUL-terminated and never freed.
    let s = unsafe { CStr::from_ptr(ptr) };
    s.to_string_lossy().into_owned()
}

impl fmt::Debug for CrtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CrtError({} {}: {})", self.code, self.name, self.message)
    }
}

impl fmt::Display for CrtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.name, self.code, self.message)
    }
}

impl std::error::Error for CrtError {}

/// Turns the "NULL on failure" convention into a `Result`, reading `aws_last_error` at once.
pub(crate) fn non_null_or_last_error<T>(ptr: *mut T) -> Result<NonNull<T>, CrtError> {
    NonNull::new(ptr).ok_or_else(CrtError::last)
}

/// Turns the `AWS_OP_SUCCESS` / `AWS_OP_ERR` convention into a `Result`.
pub(crate) fn op_result(rc: c_int) -> Result<(), CrtError> {
    if rc == sys::AWS_OP_SUCCESS as c_int {
        Ok(())
    } else {
        Err(CrtError::last())
    }
}

/// Raises `code` as the calling thread's CRT error and returns `AWS_OP_ERR`, for callbacks that
/// must fail.
pub(crate) fn raise_error(code: i32) -> c_int {
    // SAFETY: `aws_raise_error` only stores the integer in a thread-local and returns AWS_OP_ERR.
    unsafe { sys::aws_raise_error(code) }
}

/// A cursor over bytes Rust owns. The caller must keep `bytes` alive and unmodified for as long as
/// the CRT may read the cursor.
pub(crate) fn cursor(bytes: &[u8]) -> sys::aws_byte_cursor {
    sys::aws_byte_cursor { len: bytes.len(), ptr: bytes.as_ptr() as *mut u8 }
}

/// Views the bytes behind a cursor the CRT handed us.
///
/// # Safety
/// `c.ptr` must point to `c.len` readable bytes that stay valid and unmodified for `'a`.
pub(crate) unsafe fn cursor_bytes<'a>(c: &sys::aws_byte_cursor) -> &'a [u8] {
    if c.ptr.is_null() || c.len == 0 {
        &[]
    } else {
        // SAFETY: guaranteed by the caller (non-null checked above).
        unsafe { std::slice::from_raw_parts(c.ptr, c.len) }
    }
}

/// A readable message from a caught panic's payload (this layer's own: it uses nothing of the crate
/// above it).
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let text = payload.downcast_ref::<&str>().map(|s| (*s).to_owned());
    text.or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_else(|| "panic with a non-string payload".to_owned())
}
