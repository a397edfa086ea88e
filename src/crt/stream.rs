//! An `aws_input_stream` whose vtable reads from Rust memory (a [`bytes::Bytes`]).
//!
//! The CRT reference-counts input streams; the Rust object is freed when the last reference (ours,
//! the HTTP message's, the meta-request's) is released.

use std::ffi::{c_int, c_void};
use std::ptr::NonNull;
use std::sync::Mutex;

use bytes::Bytes;

use super::common::raise_error;
use super::sys;

/// The C object and the Rust state behind it, in one allocation. `base` comes first so a pointer to
/// the stream is also a pointer to this struct.
#[repr(C)]
struct RustInputStream {
    base: sys::aws_input_stream,
    data: Bytes,
    pos: Mutex<usize>,
}

static VTABLE: sys::aws_input_stream_vtable = sys::aws_input_stream_vtable {
    seek: Some(stream_seek),
    read: Some(stream_read),
    get_status: Some(stream_get_status),
    get_length: Some(stream_get_length),
    acquire: None,
    release: None,
};

/// One reference to a Rust-backed input stream.
#[derive(Debug)]
pub(crate) struct InputStream {
    inner: NonNull<sys::aws_input_stream>,
}

// SAFETY: the stream's reference count is atomic and its Rust state is behind a `Mutex`.
unsafe impl Send for InputStream {}
// SAFETY: see `Send`.
unsafe impl Sync for InputStream {}

impl InputStream {
    /// A stream over `data`, positioned at its start.
    pub(crate) fn from_bytes(data: Bytes) -> Self {
        let boxed = Box::new(RustInputStream {
            // SAFETY: all-zero is a valid placeholder for the plain C struct; every field is set below.
            base: unsafe { std::mem::zeroed() },
            data,
            pos: Mutex::new(0),
        });
        let raw: *mut RustInputStream = Box::into_raw(boxed);
        // SAFETY: `raw` is a valid, exclusively owned allocation we just made.
        let this = unsafe { &mut *raw };
        this.base.vtable = &VTABLE;
        this.base.impl_ = raw.cast::<c_void>();
        // What `aws_ref_count_init` does (it is not in the bindings): count 1, the object, and the
        // function that reclaims `raw` when the count reaches zero. Plain writes are fine: nobody else
        // can see the stream yet.
        this.base.ref_count = sys::aws_ref_count {
            ref_count: sys::aws_atomic_var { value: std::ptr::without_provenance_mut(1) },
            object: raw.cast::<c_void>(),
            on_zero_fn: Some(stream_destroy),
        };
        Self { inner: NonNull::from(&mut this.base) }
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_input_stream {
        self.inner.as_ptr()
    }
}

impl Drop for InputStream {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this handle owns.
        unsafe { sys::aws_input_stream_release(self.inner.as_ptr()) };
    }
}

/// Recovers the Rust state from the C stream pointer.
///
/// # Safety
/// `stream` must be the `base` of a live `RustInputStream`.
unsafe fn state<'a>(stream: *mut sys::aws_input_stream) -> &'a RustInputStream {
    // SAFETY: guaranteed by the caller; `impl_` was set to the containing allocation.
    unsafe { &*((*stream).impl_ as *const RustInputStream) }
}

unsafe extern "C" fn stream_destroy(object: *mut c_void) {
    // SAFETY: `object` is the `Box<RustInputStream>` leaked in `from_bytes`; the ref count reached
    // zero, so nobody else holds it.
    drop(unsafe { Box::from_raw(object as *mut RustInputStream) });
}

unsafe extern "C" fn stream_seek(
    stream: *mut sys::aws_input_stream,
    offset: i64,
    basis: sys::aws_stream_seek_basis,
) -> c_int {
    // SAFETY: the CRT calls the vtable with the stream it belongs to.
    let s = unsafe { state(stream) };
    let len = s.data.len() as i64;
    let target = if basis == sys::aws_stream_seek_basis::AWS_SSB_BEGIN {
        offset
    } else if basis == sys::aws_stream_seek_basis::AWS_SSB_END {
        len + offset
    } else {
        return raise_error(sys::aws_io_errors::AWS_IO_STREAM_INVALID_SEEK_POSITION.0 as i32);
    };
    if target < 0 || target > len {
        return raise_error(sys::aws_io_errors::AWS_IO_STREAM_INVALID_SEEK_POSITION.0 as i32);
    }
    *s.pos.lock().unwrap_or_else(|e| e.into_inner()) = target as usize;
    sys::AWS_OP_SUCCESS as c_int
}

unsafe extern "C" fn stream_read(stream: *mut sys::aws_input_stream, dest: *mut sys::aws_byte_buf) -> c_int {
    // SAFETY: the CRT calls the vtable with the stream it belongs to.
    let s = unsafe { state(stream) };
    // SAFETY: `dest` is the caller's valid byte buffer for the duration of the call.
    let dest = unsafe { &mut *dest };
    let mut pos = s.pos.lock().unwrap_or_else(|e| e.into_inner());
    let space = dest.capacity.saturating_sub(dest.len);
    let n = space.min(s.data.len() - *pos);
    if n > 0 {
        // SAFETY: `dest.buffer` has `capacity` bytes, `len + n <= capacity`; the source range is in
        // bounds of `data`; the regions cannot overlap (ours is Rust-owned).
        unsafe { std::ptr::copy_nonoverlapping(s.data.as_ptr().add(*pos), dest.buffer.add(dest.len), n) };
        dest.len += n;
        *pos += n;
    }
    sys::AWS_OP_SUCCESS as c_int
}

unsafe extern "C" fn stream_get_status(stream: *mut sys::aws_input_stream, status: *mut sys::aws_stream_status) -> c_int {
    // SAFETY: the CRT calls the vtable with the stream it belongs to.
    let s = unsafe { state(stream) };
    let pos = *s.pos.lock().unwrap_or_else(|e| e.into_inner());
    // SAFETY: `status` is the caller's valid, exclusive out-parameter for the duration of the call.
    let status = unsafe { &mut *status };
    status.is_end_of_stream = pos >= s.data.len();
    status.is_valid = true;
    sys::AWS_OP_SUCCESS as c_int
}

unsafe extern "C" fn stream_get_length(stream: *mut sys::aws_input_stream, out_length: *mut i64) -> c_int {
    // SAFETY: the CRT calls the vtable with the stream it belongs to.
    let s = unsafe { state(stream) };
    // SAFETY: `out_length` is the caller's valid out-parameter.
    unsafe { *out_length = s.data.len() as i64 };
    sys::AWS_OP_SUCCESS as c_int
}
