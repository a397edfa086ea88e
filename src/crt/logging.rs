//! Forwards the CRT's own log lines to `tracing`.
//!
//! The CRT's global logger is an `aws_logger` with our vtable: `log` is the C shim
//! `s3transfer_crt_logger_log` (the vtable entry is C-variadic, which stable Rust cannot define), which
//! formats the line and calls [`sink_log`] here; `get_log_level` answers from `tracing`'s current
//! maximum level, so the CRT never formats lines nobody will see and follows a subscriber installed
//! (or reconfigured) at any time. Events have target `s3transfer::crt` and a `subject` field with the
//! CRT subject name (for example `S3MetaRequest`).
//!
//! CRT `ERROR` lines are emitted at `tracing` `WARN`: the CRT logs expected conditions such as a
//! 404 answer at ERROR (it has FATAL for real failures), and the caller sees those as returned errors.

use std::ffi::{c_char, c_int, c_void, CStr};

use super::alloc::Allocator;
use super::sys;

/// Maps `tracing`'s current maximum level to the CRT's level scale.
fn crt_level_from_tracing() -> sys::aws_log_level {
    use tracing::level_filters::LevelFilter;
    let lf = LevelFilter::current();
    if lf == LevelFilter::OFF {
        sys::aws_log_level::AWS_LL_NONE
    } else if lf >= LevelFilter::TRACE {
        sys::aws_log_level::AWS_LL_TRACE
    } else if lf >= LevelFilter::DEBUG {
        sys::aws_log_level::AWS_LL_DEBUG
    } else if lf >= LevelFilter::INFO {
        sys::aws_log_level::AWS_LL_INFO
    } else if lf >= LevelFilter::WARN {
        sys::aws_log_level::AWS_LL_ERROR
    } else {
        sys::aws_log_level::AWS_LL_FATAL
    }
}

/// Installs the bridge as the CRT's global logger. Called once, from [`super::init`].
pub(crate) fn install(allocator: Allocator) {
    // The CRT keeps a process-global pointer to the logger and never lets go of it, so the logger,
    // its vtable and its sink are leaked on purpose (three small allocations, once per process).
    let sink: &'static mut sys::s3transfer_crt_log_sink =
        Box::leak(Box::new(sys::s3transfer_crt_log_sink { log: Some(sink_log), user_data: std::ptr::null_mut() }));
    let vtable: &'static mut sys::aws_logger_vtable = Box::leak(Box::new(sys::aws_logger_vtable {
        log: Some(sys::s3transfer_crt_logger_log),
        get_log_level: Some(get_log_level),
        clean_up: Some(clean_up),
        set_log_level: Some(set_log_level),
    }));
    let logger: &'static mut sys::aws_logger = Box::leak(Box::new(sys::aws_logger {
        vtable,
        allocator: allocator.as_ptr(),
        p_impl: (sink as *mut sys::s3transfer_crt_log_sink).cast::<c_void>(),
    }));
    // SAFETY: `logger` is fully initialised, its vtable and sink live for the rest of the process;
    // `aws_logger_set` stores the pointer as the process-global logger.
    unsafe { sys::aws_logger_set(logger) };
}

/// The sink the C shim calls with each formatted line.
unsafe extern "C" fn sink_log(
    _user_data: *mut c_void,
    level: sys::aws_log_level,
    subject: sys::aws_log_subject_t,
    message: *const c_char,
    message_len: usize,
) -> c_int {
    if message.is_null() {
        return sys::AWS_OP_SUCCESS as c_int;
    }
    // SAFETY: the shim passes `message_len` readable bytes at `message`, valid during this call.
    let bytes = unsafe { std::slice::from_raw_parts(message.cast::<u8>(), message_len) };
    // A panic in a subscriber must not unwind into C.
    let _ = std::panic::catch_unwind(|| {
        let message = String::from_utf8_lossy(bytes);
        let message = message.trim_end();
        emit(level, &subject_name(subject), message);
    });
    sys::AWS_OP_SUCCESS as c_int
}

unsafe extern "C" fn get_log_level(_logger: *mut sys::aws_logger, _subject: sys::aws_log_subject_t) -> sys::aws_log_level {
    crt_level_from_tracing()
}

/// The level follows `tracing`; an explicit set is accepted and ignored.
unsafe extern "C" fn set_log_level(_logger: *mut sys::aws_logger, _level: sys::aws_log_level) -> c_int {
    sys::AWS_OP_SUCCESS as c_int
}

/// Nothing to free: the logger is leaked for the lifetime of the process.
unsafe extern "C" fn clean_up(_logger: *mut sys::aws_logger) {}

fn subject_name(subject: sys::aws_log_subject_t) -> String {
    // SAFETY: `aws_log_subject_name` returns a static NUL-terminated name (or "Unknown") for any id.
    let ptr = unsafe { sys::aws_log_subject_name(subject) };
    if ptr.is_null() {
        return String::from("unknown");
    }
    // SAFETY: static NUL-terminated string from the CRT's subject table.
    unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

fn emit(level: sys::aws_log_level, subject: &str, message: &str) {
    use sys::aws_log_level as L;
    match level {
        L::AWS_LL_FATAL => tracing::error!(target: "s3transfer::crt", subject, "{message}"),
        L::AWS_LL_ERROR | L::AWS_LL_WARN => tracing::warn!(target: "s3transfer::crt", subject, "{message}"),
        L::AWS_LL_INFO => tracing::info!(target: "s3transfer::crt", subject, "{message}"),
        L::AWS_LL_DEBUG => tracing::debug!(target: "s3transfer::crt", subject, "{message}"),
        L::AWS_LL_TRACE => tracing::trace!(target: "s3transfer::crt", subject, "{message}"),
        // AWS_LL_NONE or a level this version does not know: keep the line, at debug.
        _ => tracing::debug!(target: "s3transfer::crt", subject, crt_level = ?level, "{message}"),
    }
}
