//! An `aws_async_input_stream` whose reads are Rust futures run on a tokio runtime: the CRT asks
//! for bytes, a task produces them (e.g. after a bandwidth limiter admitted them) and completes
//! the CRT's `aws_future_bool`. Used for uploads whose pace Rust decides.
//!
//! Lifetimes: the stream is reference-counted by the CRT; each read task holds one stream reference
//! and one future reference until it completed the future, so neither can be freed under it. The
//! destination buffer is the caller's and stays valid until the future completes (the
//! `aws_async_input_stream` contract: no new read before the previous one completed).

use std::ffi::c_void;
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::Arc;

use bytes::Bytes;

use super::common::init;
use super::sys;

/// The future of one [`AsyncBodySource::read`]: the chunk and whether it is the last.
pub type ReadFuture<'a> = Pin<Box<dyn Future<Output = Result<(Bytes, bool), String>> + Send + 'a>>;

/// What an async body reads from: `read(max)` yields at most `max` bytes (`max > 0`) and whether the
/// end of the body was reached with them.
pub trait AsyncBodySource: Send + 'static {
    /// Reads the next chunk (at most `max` bytes) and whether it is the last.
    fn read(&mut self, max: usize) -> ReadFuture<'_>;
}

/// A request body produced by an [`AsyncBodySource`] on a tokio runtime, with a known length.
#[derive(Clone)]
pub struct AsyncBody {
    pub(crate) source: Arc<tokio::sync::Mutex<Box<dyn AsyncBodySource>>>,
    pub(crate) len: u64,
    pub(crate) handle: tokio::runtime::Handle,
}

impl fmt::Debug for AsyncBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncBody").field("len", &self.len).finish_non_exhaustive()
    }
}

impl AsyncBody {
    /// A body of exactly `len` bytes read from `source` by tasks spawned on `handle`.
    pub fn new(source: impl AsyncBodySource, len: u64, handle: tokio::runtime::Handle) -> Self {
        Self { source: Arc::new(tokio::sync::Mutex::new(Box::new(source))), len, handle }
    }

    /// The body's length.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The C object and the Rust state, in one allocation (`base` first).
#[repr(C)]
struct RustAsyncStream {
    base: sys::aws_async_input_stream,
    body: AsyncBody,
    allocator: *mut sys::aws_allocator,
}

static VTABLE: sys::aws_async_input_stream_vtable =
    sys::aws_async_input_stream_vtable { destroy: Some(async_destroy), read: Some(async_read) };

/// One reference to a Rust-backed async input stream.
#[derive(Debug)]
pub(crate) struct AsyncInputStream {
    inner: NonNull<sys::aws_async_input_stream>,
}

// SAFETY: the stream's reference count is atomic; its Rust state is immutable or behind a mutex.
unsafe impl Send for AsyncInputStream {}
// SAFETY: see `Send`.
unsafe impl Sync for AsyncInputStream {}

impl AsyncInputStream {
    pub(crate) fn new(body: AsyncBody) -> Self {
        let allocator = init().allocator().as_ptr();
        let boxed = Box::new(RustAsyncStream {
            // SAFETY: all-zero is a valid placeholder for the plain C struct; init_base sets it.
            base: unsafe { std::mem::zeroed() },
            body,
            allocator,
        });
        let raw: *mut RustAsyncStream = Box::into_raw(boxed);
        // SAFETY: `raw` is a valid allocation we own; init_base sets vtable, allocator, a reference
        // count of 1 (destroyed through `async_destroy`) and `impl` = `raw`.
        unsafe { sys::aws_async_input_stream_init_base(&mut (*raw).base, allocator, &VTABLE, raw.cast::<c_void>()) };
        // SAFETY: `raw` is non-null (from Box::into_raw); `base` is its first field.
        Self { inner: unsafe { NonNull::new_unchecked(&mut (*raw).base) } }
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_async_input_stream {
        self.inner.as_ptr()
    }
}

impl Drop for AsyncInputStream {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this handle owns.
        unsafe { sys::aws_async_input_stream_release(self.inner.as_ptr()) };
    }
}

unsafe extern "C" fn async_destroy(stream: *mut sys::aws_async_input_stream) {
    // SAFETY: the count reached zero; `impl_` is the Box leaked in `new` and nobody else holds it.
    let raw = unsafe { (*stream).impl_ } as *mut RustAsyncStream;
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: see above; reclaimed exactly once.
        drop(unsafe { Box::from_raw(raw) });
    }));
}

/// Raw pointers a read task owns references to (stream, future) or borrows until it completes the
/// future (dest).
struct ReadTask {
    stream: *mut sys::aws_async_input_stream,
    future: *mut sys::aws_future_bool,
    dest: *mut sys::aws_byte_buf,
    done: bool,
}

// SAFETY: the stream and future are reference-counted, thread-safe CRT objects we hold references
// to; `dest` is only written before the future completes, while the reader waits for it.
unsafe impl Send for ReadTask {}

impl ReadTask {
    fn complete(&mut self, result: Result<(Bytes, bool), String>) {
        if self.done {
            return;
        }
        self.done = true;
        match result {
            Ok((bytes, eof)) => {
                // SAFETY: `dest` is the reader's buffer, valid and untouched by it until the future
                // completes (below).
                let dest = unsafe { &mut *self.dest };
                let space = dest.capacity.saturating_sub(dest.len);
                let n = bytes.len().min(space);
                if n > 0 {
                    // SAFETY: `dest.buffer` has `capacity` bytes and `len + n <= capacity`; the source is
                    // a Rust-owned slice of at least `n` bytes; they cannot overlap.
                    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), dest.buffer.add(dest.len), n) };
                    dest.len += n;
                }
                // SAFETY: we hold a reference to the future; setting its result once is allowed.
                unsafe { sys::aws_future_bool_set_result(self.future, eof) };
            }
            Err(message) => {
                tracing::debug!(target: "s3transfer::crt", "async body read failed: {message}");
                // SAFETY: as above, setting an error instead of a result.
                unsafe {
                    sys::aws_future_bool_set_error(self.future, sys::aws_io_errors::AWS_IO_STREAM_READ_FAILED.0 as i32)
                };
            }
        }
    }
}

impl Drop for ReadTask {
    fn drop(&mut self) {
        // A task dropped before it finished (runtime shut down) still completes the future, so the
        // CRT never waits forever.
        self.complete(Err("read task dropped".into()));
        // SAFETY: releases the references taken in `async_read`.
        unsafe {
            sys::aws_future_bool_release(self.future);
            sys::aws_async_input_stream_release(self.stream);
        }
    }
}

unsafe extern "C" fn async_read(
    stream: *mut sys::aws_async_input_stream,
    dest: *mut sys::aws_byte_buf,
) -> *mut sys::aws_future_bool {
    // SAFETY: the CRT calls the vtable with the stream it belongs to; `impl_` is our allocation,
    // alive while the CRT holds its reference.
    let state = unsafe { &*((*stream).impl_ as *const RustAsyncStream) };
    // SAFETY: the allocator is the library's, valid for the process.
    let future = unsafe { sys::aws_future_bool_new(state.allocator) };
    let spawned = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: `dest` is the caller's valid buffer for the duration of the call.
        let space = unsafe { (*dest).capacity.saturating_sub((*dest).len) };
        // SAFETY: one more reference to each for the task (released in `ReadTask::drop`).
        let mut task = unsafe {
            ReadTask {
                stream: sys::aws_async_input_stream_acquire(stream),
                future: sys::aws_future_bool_acquire(future),
                dest,
                done: false,
            }
        };
        let source = state.body.source.clone();
        state.body.handle.spawn(async move {
            let result = if space == 0 {
                Ok((Bytes::new(), false))
            } else {
                let mut s = source.lock().await;
                s.read(space).await
            };
            task.complete(result);
        });
    }));
    if spawned.is_err() {
        // SAFETY: we own the returned reference; completing it with an error is allowed once.
        unsafe {
            if !sys::aws_future_bool_is_done(future) {
                sys::aws_future_bool_set_error(future, sys::aws_io_errors::AWS_IO_STREAM_READ_FAILED.0 as i32)
            }
        };
    }
    future
}
