//! The CRT memory allocator handle.

use std::ptr::NonNull;

use super::sys;

/// A CRT memory allocator (`aws_allocator`).
///
/// The default allocator is process-global and never freed, so this handle is `Copy`. A *tracking*
/// allocator (see [`init_with_tracking_allocator`](super::init_with_tracking_allocator)) wraps it and counts outstanding bytes, so tests
/// can check that every CRT object was released.
#[derive(Clone, Copy, Debug)]
pub struct Allocator {
    inner: NonNull<sys::aws_allocator>,
    tracking: bool,
}

// SAFETY: `aws_default_allocator()` (and the tracer wrapping it) are thread-safe: the CRT allocates
// through them from all of its threads concurrently.
unsafe impl Send for Allocator {}
// SAFETY: see `Send`; the allocator has no Rust-visible interior state.
unsafe impl Sync for Allocator {}

impl Default for Allocator {
    fn default() -> Self {
        // SAFETY: `aws_default_allocator` takes no arguments and returns a pointer to a static
        // allocator that lives for the whole process.
        let ptr = unsafe { sys::aws_default_allocator() };
        Self { inner: NonNull::new(ptr).expect("aws_default_allocator never returns NULL"), tracking: false }
    }
}

impl Allocator {
    /// Bytes currently allocated through this allocator and not freed, if it is a tracking one.
    pub fn outstanding_bytes(&self) -> Option<usize> {
        if !self.tracking {
            return None;
        }
        // SAFETY: `inner` is a tracer made by `aws_mem_tracer_new` and never destroyed.
        Some(unsafe { sys::aws_mem_tracer_bytes(self.inner.as_ptr()) })
    }

    /// A tracking allocator made by `aws_mem_tracer_new` (never destroyed).
    pub(crate) fn tracking(inner: NonNull<sys::aws_allocator>) -> Self {
        Self { inner, tracking: true }
    }

    /// The raw pointer, for passing to CRT functions.
    pub(crate) fn as_ptr(&self) -> *mut sys::aws_allocator {
        self.inner.as_ptr()
    }
}

