//! aws-c-io objects: event loop group, host resolver, client bootstrap and TLS context.
//!
//! Each wrapper holds a `NonNull` to a reference-counted CRT object: `Clone` acquires a reference,
//! `Drop` releases one. A child holds a clone of its parents (the bootstrap holds the event loop group
//! and the resolver), so the Rust side keeps them alive too, not only the CRT's internal references.

use std::ffi::c_void;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use super::common::{init, non_null_or_last_error, CrtError};
use super::sys;

/// A one-shot "this CRT object has finished shutting down" signal.
///
/// CRT objects shut down asynchronously after their last reference is released (threads are joined
/// on another thread). Waiting on this is how a caller knows every thread and callback is gone.
#[derive(Clone, Debug, Default)]
pub struct ShutdownSignal {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl ShutdownSignal {
    fn notify(&self) {
        let (lock, cv) = &*self.inner;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        cv.notify_all();
    }

    /// True once the object has shut down.
    pub fn is_done(&self) -> bool {
        *self.inner.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits up to `timeout` for the shutdown; returns whether it happened.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let (lock, cv) = &*self.inner;
        let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = cv.wait_timeout_while(guard, timeout, |done| !*done).unwrap_or_else(|e| e.into_inner());
        *guard
    }

    /// Leaks a clone for a C shutdown callback; reclaimed exactly once by [`shutdown_signal_callback`]
    /// or, if the C object was never created, by [`ShutdownSignal::reclaim`].
    pub(crate) fn leak_for_callback(&self) -> *mut c_void {
        Box::into_raw(Box::new(self.clone())) as *mut c_void
    }

    /// Frees user data made by [`ShutdownSignal::leak_for_callback`] whose callback will never run.
    ///
    /// # Safety
    /// `user_data` must come from `leak_for_callback` and not have been reclaimed yet.
    pub(crate) unsafe fn reclaim(user_data: *mut c_void) {
        // SAFETY: guaranteed by the caller: a live `Box<ShutdownSignal>` pointer, reclaimed once.
        drop(unsafe { Box::from_raw(user_data as *mut ShutdownSignal) });
    }
}

/// C shutdown callback: signals and frees the leaked [`ShutdownSignal`].
pub(crate) unsafe extern "C" fn shutdown_signal_callback(user_data: *mut c_void) {
    if user_data.is_null() {
        return;
    }
    // SAFETY: the CRT calls a shutdown callback exactly once with the user data we registered,
    // which is a leaked `Box<ShutdownSignal>`.
    let signal = unsafe { Box::from_raw(user_data as *mut ShutdownSignal) };
    signal.notify();
}

/// Event loop groups created here and not yet shut down (their threads not yet joined).
static LIVE_EVENT_LOOP_GROUPS: AtomicUsize = AtomicUsize::new(0);

/// An event loop group's shutdown callback: counts the group out, then signals.
unsafe extern "C" fn event_loop_group_shutdown_callback(user_data: *mut c_void) {
    LIVE_EVENT_LOOP_GROUPS.fetch_sub(1, Ordering::SeqCst);
    // SAFETY: the user data registered with this callback is a leaked `ShutdownSignal`.
    unsafe { shutdown_signal_callback(user_data) };
}

/// True when every event loop group created here has shut down.
pub fn no_live_event_loop_groups() -> bool {
    LIVE_EVENT_LOOP_GROUPS.load(Ordering::SeqCst) == 0
}

/// Waits up to `timeout` until every thread the CRT started for its own housekeeping (each event
/// loop group's cleanup thread, DNS resolver threads) has exited, and joins them. Only possible once
/// no event loop group is alive (their resolvers' threads would never exit): returns false then,
/// or if `timeout` passed first.
///
/// After every [`crate::crt::s3::S3Client`] has signalled
/// [`event_loop_shutdown_signal`](crate::crt::s3::S3Client::event_loop_shutdown_signal), this leaves
/// no CRT thread running: what a C program needs before it exits or unloads the library.
pub fn join_crt_threads(timeout: Duration) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    init();
    // SAFETY: a plain setter of aws-c-common's thread registry (the library is initialised). The
    // timeout is process-wide and only used by the joins below: each waits at most 10 ms, so a
    // client created meanwhile by another thread (whose resolver threads would never exit) stops
    // the wait within 10 ms instead of holding it until `deadline`.
    unsafe { sys::aws_thread_set_managed_join_timeout_ns(10_000_000) };
    loop {
        if !no_live_event_loop_groups() {
            return false;
        }
        // SAFETY: joins managed threads that have finished; never called from a CRT thread (our
        // callers are the user's threads, see `TransferManager::close`).
        if unsafe { sys::aws_thread_join_all_managed() } == 0 {
            return true;
        }
        if std::time::Instant::now() >= deadline {
            return false;
        }
    }
}

/// A group of event loops (one thread each) on which all CRT network I/O and callbacks run.
#[derive(Debug)]
pub struct EventLoopGroup {
    inner: NonNull<sys::aws_event_loop_group>,
    shutdown: ShutdownSignal,
}

// SAFETY: `aws_event_loop_group` is thread-safe (it is the CRT's cross-thread scheduling primitive)
// and its reference count is atomic.
unsafe impl Send for EventLoopGroup {}
// SAFETY: see `Send`.
unsafe impl Sync for EventLoopGroup {}

impl EventLoopGroup {
    /// Creates a group with `threads` event loops (`0` = one per CPU core).
    pub fn new(threads: u16) -> Result<Self, CrtError> {
        let lib = init();
        let shutdown = ShutdownSignal::default();
        let user_data = shutdown.leak_for_callback();
        let shutdown_options = sys::aws_shutdown_callback_options {
            shutdown_callback_fn: Some(event_loop_group_shutdown_callback),
            shutdown_callback_user_data: user_data,
        };
        // SAFETY: all-zero is a valid value for this plain options struct (no cpu group, default
        // loop type, no clock override).
        let mut options: sys::aws_event_loop_group_options = unsafe { std::mem::zeroed() };
        options.loop_count = threads;
        options.shutdown_options = &shutdown_options;
        // SAFETY: `options` and `shutdown_options` are valid for the call; the group copies the
        // shutdown options it needs.
        let ptr = unsafe { sys::aws_event_loop_group_new(lib.allocator().as_ptr(), &options) };
        match non_null_or_last_error(ptr) {
            Ok(inner) => {
                LIVE_EVENT_LOOP_GROUPS.fetch_add(1, Ordering::SeqCst);
                Ok(Self { inner, shutdown })
            }
            Err(e) => {
                // SAFETY: creation failed, so the shutdown callback will never run; free its data once.
                unsafe { ShutdownSignal::reclaim(user_data) };
                Err(e)
            }
        }
    }

    /// Signals when the group has shut down (after the last reference, Rust or C, is released).
    pub fn shutdown_signal(&self) -> ShutdownSignal {
        self.shutdown.clone()
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_event_loop_group {
        self.inner.as_ptr()
    }
}

impl Clone for EventLoopGroup {
    fn clone(&self) -> Self {
        // SAFETY: `self.inner` is a live group we hold a reference to; acquire adds one and
        // returns the same pointer.
        unsafe { sys::aws_event_loop_group_acquire(self.inner.as_ptr()) };
        Self { inner: self.inner, shutdown: self.shutdown.clone() }
    }
}

impl Drop for EventLoopGroup {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this value owns.
        unsafe { sys::aws_event_loop_group_release(self.inner.as_ptr()) };
    }
}

/// The CRT's asynchronous DNS resolver with its address cache.
#[derive(Debug)]
pub struct HostResolver {
    inner: NonNull<sys::aws_host_resolver>,
    _elg: EventLoopGroup,
}

// SAFETY: `aws_host_resolver` is internally synchronised and reference counted atomically.
unsafe impl Send for HostResolver {}
// SAFETY: see `Send`.
unsafe impl Sync for HostResolver {}

impl HostResolver {
    /// Creates the default resolver, caching up to `max_entries` hosts, resolving on `elg`.
    pub fn new(elg: &EventLoopGroup, max_entries: usize) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is valid for this options struct (no shutdown options, no clock override).
        let mut options: sys::aws_host_resolver_default_options = unsafe { std::mem::zeroed() };
        options.max_entries = max_entries;
        options.el_group = elg.as_ptr();
        // SAFETY: `options` is valid for the call; the resolver acquires its own reference to the
        // event loop group.
        let ptr = unsafe { sys::aws_host_resolver_new_default(lib.allocator().as_ptr(), &options) };
        Ok(Self { inner: non_null_or_last_error(ptr)?, _elg: elg.clone() })
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_host_resolver {
        self.inner.as_ptr()
    }
}

impl Clone for HostResolver {
    fn clone(&self) -> Self {
        // SAFETY: live resolver; acquire adds a reference and returns the same pointer.
        unsafe { sys::aws_host_resolver_acquire(self.inner.as_ptr()) };
        Self { inner: self.inner, _elg: self._elg.clone() }
    }
}

impl Drop for HostResolver {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this value owns.
        unsafe { sys::aws_host_resolver_release(self.inner.as_ptr()) };
    }
}

/// Creates connections: ties an event loop group to a host resolver.
#[derive(Debug)]
pub struct ClientBootstrap {
    inner: NonNull<sys::aws_client_bootstrap>,
    elg: EventLoopGroup,
    _resolver: HostResolver,
}

// SAFETY: `aws_client_bootstrap` is immutable after creation and reference counted atomically.
unsafe impl Send for ClientBootstrap {}
// SAFETY: see `Send`.
unsafe impl Sync for ClientBootstrap {}

impl ClientBootstrap {
    /// Creates a bootstrap over `elg` and `resolver`.
    pub fn new(elg: &EventLoopGroup, resolver: &HostResolver) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is valid for this options struct (no host resolution config override,
        // no shutdown callback, no user data).
        let mut options: sys::aws_client_bootstrap_options = unsafe { std::mem::zeroed() };
        options.event_loop_group = elg.as_ptr();
        options.host_resolver = resolver.as_ptr();
        // SAFETY: `options` is valid for the call; the bootstrap acquires its own references to the
        // group and the resolver.
        let ptr = unsafe { sys::aws_client_bootstrap_new(lib.allocator().as_ptr(), &options) };
        Ok(Self { inner: non_null_or_last_error(ptr)?, elg: elg.clone(), _resolver: resolver.clone() })
    }

    /// Creates a group of `threads` event loops, a resolver and a bootstrap over them.
    pub fn new_default(threads: u16) -> Result<Self, CrtError> {
        let elg = EventLoopGroup::new(threads)?;
        let resolver = HostResolver::new(&elg, 8)?;
        Self::new(&elg, &resolver)
    }

    /// The event loop group this bootstrap creates connections on.
    pub fn event_loop_group(&self) -> &EventLoopGroup {
        &self.elg
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_client_bootstrap {
        self.inner.as_ptr()
    }
}

impl Clone for ClientBootstrap {
    fn clone(&self) -> Self {
        // SAFETY: live bootstrap; acquire adds a reference and returns the same pointer.
        unsafe { sys::aws_client_bootstrap_acquire(self.inner.as_ptr()) };
        Self { inner: self.inner, elg: self.elg.clone(), _resolver: self._resolver.clone() }
    }
}

impl Drop for ClientBootstrap {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this value owns.
        unsafe { sys::aws_client_bootstrap_release(self.inner.as_ptr()) };
    }
}

/// A client TLS context (s2n-tls with the system trust store), for https endpoints.
#[derive(Debug)]
pub struct TlsContext {
    inner: NonNull<sys::aws_tls_ctx>,
}

// SAFETY: `aws_tls_ctx` is immutable after creation and reference counted atomically.
unsafe impl Send for TlsContext {}
// SAFETY: see `Send`.
unsafe impl Sync for TlsContext {}

impl TlsContext {
    /// A context with the CRT's default client options (peer verification on, system CA store).
    pub fn new_default_client() -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is the state `aws_tls_ctx_options_init_default_client` overwrites.
        let mut options: sys::aws_tls_ctx_options = unsafe { std::mem::zeroed() };
        // SAFETY: initialises `options` in place with the default client settings.
        unsafe { sys::aws_tls_ctx_options_init_default_client(&mut options, lib.allocator().as_ptr()) };
        // SAFETY: `options` is initialised; the context copies what it needs from it.
        let ptr = unsafe { sys::aws_tls_client_ctx_new(lib.allocator().as_ptr(), &options) };
        let result = non_null_or_last_error(ptr);
        // SAFETY: `options` was initialised above and is not used after this clean-up.
        unsafe { sys::aws_tls_ctx_options_clean_up(&mut options) };
        Ok(Self { inner: result? })
    }

    pub(crate) fn as_ptr(&self) -> *mut sys::aws_tls_ctx {
        self.inner.as_ptr()
    }
}

impl Clone for TlsContext {
    fn clone(&self) -> Self {
        // SAFETY: live context; acquire adds a reference and returns the same pointer.
        unsafe { sys::aws_tls_ctx_acquire(self.inner.as_ptr()) };
        Self { inner: self.inner }
    }
}

impl Drop for TlsContext {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this value owns.
        unsafe { sys::aws_tls_ctx_release(self.inner.as_ptr()) };
    }
}

/// Per-connection TLS options made from a [`TlsContext`] (owned; cleaned up on drop).
#[derive(Debug)]
pub(crate) struct TlsConnectionOptions {
    // Boxed so the address the client config points at stays put when this value moves.
    inner: Box<sys::aws_tls_connection_options>,
    _ctx: TlsContext,
}

// SAFETY: the struct only holds a reference to a thread-safe `aws_tls_ctx` and owned strings; we
// never mutate it after creation.
unsafe impl Send for TlsConnectionOptions {}
// SAFETY: see `Send`; only shared (read) access is handed out.
unsafe impl Sync for TlsConnectionOptions {}

impl TlsConnectionOptions {
    pub(crate) fn new(ctx: &TlsContext) -> Self {
        // SAFETY: all-zero is the state `aws_tls_connection_options_init_from_ctx` overwrites.
        let mut inner: Box<sys::aws_tls_connection_options> = Box::new(unsafe { std::mem::zeroed() });
        // SAFETY: initialises `inner` in place; it acquires its own reference to `ctx`.
        unsafe { sys::aws_tls_connection_options_init_from_ctx(&mut *inner, ctx.as_ptr()) };
        Self { inner, _ctx: ctx.clone() }
    }

    pub(crate) fn as_ptr(&self) -> *const sys::aws_tls_connection_options {
        &*self.inner
    }
}

impl Drop for TlsConnectionOptions {
    fn drop(&mut self) {
        // SAFETY: `inner` was initialised by `init_from_ctx`; clean-up releases its context reference.
        unsafe { sys::aws_tls_connection_options_clean_up(&mut *self.inner) };
    }
}
