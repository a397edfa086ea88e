//! The aws-c-s3 client ([`S3Client`]) and its settings.

use std::ffi::c_void;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::ptr::NonNull;
use std::sync::Arc;
use std::time::Duration;

use super::super::auth::{CredentialsProvider, PayloadSigning, SigningConfig};
use super::super::common::{cursor, init, CrtError};
use super::super::io::{shutdown_signal_callback, ClientBootstrap, ShutdownSignal, TlsConnectionOptions, TlsContext};
use super::super::sys;
use super::{MetaRequest, MetaRequestOptions, S3RequestError};

/// Settings for an [`S3Client`]. Build with [`S3ClientConfig::new`] and the chained setters.
#[derive(Debug)]
pub struct S3ClientConfig {
    region: String,
    endpoint: String,
    credentials: CredentialsProvider,
    payload_signing: PayloadSigning,
    part_size: u64,
    multipart_threshold: Option<u64>,
    throughput_target_gbps: f64,
    memory_limit: Option<u64>,
    max_active_connections: Option<u32>,
    max_retries: Option<usize>,
    connect_timeout: Option<Duration>,
    stall_timeout: Option<Duration>,
    bootstrap: Option<ClientBootstrap>,
    event_loop_threads: u16,
    tls: Option<TlsContext>,
    initial_read_window: Option<usize>,
}

impl S3ClientConfig {
    /// A configuration for `endpoint` (`http://host:port` or `https://host[:port]`, path-style
    /// addressing), signing for `region` with `credentials`.
    ///
    /// Defaults: 8 MiB parts, multipart threshold = part size, 10 Gbps throughput target, memory
    /// limit and connection count chosen by the CRT, CRT default retries, unsigned payloads (uploads
    /// carry a CRC32 trailing checksum instead).
    pub fn new(region: impl Into<String>, endpoint: impl Into<String>, credentials: CredentialsProvider) -> Self {
        Self {
            region: region.into(),
            endpoint: endpoint.into().trim_end_matches('/').to_owned(),
            credentials,
            payload_signing: PayloadSigning::Unsigned,
            part_size: 8 * 1024 * 1024,
            multipart_threshold: None,
            throughput_target_gbps: 10.0,
            memory_limit: None,
            max_active_connections: None,
            max_retries: None,
            connect_timeout: None,
            stall_timeout: None,
            bootstrap: None,
            event_loop_threads: 0,
            tls: None,
            initial_read_window: None,
        }
    }

    /// Enables read-window backpressure for GetObject bodies: each meta-request may deliver
    /// `initial_window` bytes (must be > 0), and more only as [`MetaRequest::increment_read_window`]
    /// opens the window. Without it the CRT delivers downloads as fast as they arrive.
    pub fn read_backpressure(mut self, initial_window: usize) -> Self {
        self.initial_read_window = Some(initial_window.max(1));
        self
    }

    /// Part size for multipart uploads and ranged downloads.
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = bytes;
        self
    }

    /// Uploads larger than this use multipart upload (default: the part size).
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = Some(bytes);
        self
    }

    /// Target throughput in gigabits per second; the CRT sizes its connection pool from it.
    pub fn throughput_target_gbps(mut self, gbps: f64) -> Self {
        self.throughput_target_gbps = gbps;
        self
    }

    /// Upper bound of the CRT's part-buffer memory, in bytes.
    pub fn memory_limit(mut self, bytes: u64) -> Self {
        self.memory_limit = Some(bytes);
        self
    }

    /// Caps the number of concurrent connections.
    pub fn max_active_connections(mut self, n: u32) -> Self {
        self.max_active_connections = Some(n);
        self
    }

    /// Retries per HTTP request for retryable failures (CRT default: 5).
    pub fn max_retries(mut self, n: usize) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// TCP connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long a connection with a request in flight may move no bytes before the CRT closes it
    /// (and retries the request): aws-c-s3's throughput monitoring with a minimum of 1 byte/s over
    /// this interval, rounded up to whole seconds. Default: the CRT's own, 30 s.
    pub fn stall_timeout(mut self, timeout: Duration) -> Self {
        self.stall_timeout = Some(timeout);
        self
    }

    /// Whether payloads are SHA-256 signed or sent as `UNSIGNED-PAYLOAD`.
    pub fn payload_signing(mut self, signing: PayloadSigning) -> Self {
        self.payload_signing = signing;
        self
    }

    /// Shares an existing bootstrap (event loops + resolver) instead of creating one.
    pub fn bootstrap(mut self, bootstrap: ClientBootstrap) -> Self {
        self.bootstrap = Some(bootstrap);
        self
    }

    /// Event-loop threads when the client creates its own bootstrap (`0` = one per core).
    pub fn event_loop_threads(mut self, threads: u16) -> Self {
        self.event_loop_threads = threads;
        self
    }

    /// TLS context for an https endpoint (default: [`TlsContext::new_default_client`]).
    pub fn tls(mut self, tls: TlsContext) -> Self {
        self.tls = Some(tls);
        self
    }
}

/// Everything the C client config pointed into; freed in the client's shutdown callback, after the
/// C client (which may outlive the Rust handle while meta-requests run) is gone.
struct ClientOwned {
    _signing: SigningConfig,
    _tls: Option<TlsConnectionOptions>,
    _region: Box<str>,
    _bootstrap: ClientBootstrap,
    signal: ShutdownSignal,
}

unsafe extern "C" fn client_shutdown_callback(user_data: *mut c_void) {
    if user_data.is_null() {
        return;
    }
    // SAFETY: the `Box<ClientOwned>` leaked in `S3Client::new`; the CRT calls this exactly once, after
    // the client and all its meta-requests are destroyed.
    let owned = unsafe { Box::from_raw(user_data as *mut ClientOwned) };
    let signal = owned.signal.clone();
    drop(owned);
    let _ = catch_unwind(AssertUnwindSafe(|| signal_notify(&signal)));
}

fn signal_notify(signal: &ShutdownSignal) {
    // Reuse the io-module callback: it frees a boxed clone and notifies.
    let ud = signal.leak_for_callback();
    // SAFETY: `ud` is a fresh leaked `Box<ShutdownSignal>`, consumed exactly once by this call.
    unsafe { shutdown_signal_callback(ud) };
}

struct ClientShared {
    endpoint: String,
}

/// A handle to an aws-c-s3 client (reference counted: clones share the client).
///
/// Dropping the last handle lets in-flight meta-requests finish (they hold their own references);
/// the C client and everything it borrowed are freed after the last of them shuts down, which
/// [`S3Client::shutdown_signal`] reports.
pub struct S3Client {
    inner: NonNull<sys::aws_s3_client>,
    shared: Arc<ClientShared>,
    shutdown: ShutdownSignal,
    elg_shutdown: ShutdownSignal,
}

// SAFETY: aws-c-s3 clients are thread-safe (meta-requests may be made from any thread) and their
// reference count is atomic.
unsafe impl Send for S3Client {}
// SAFETY: see `Send`.
unsafe impl Sync for S3Client {}

impl fmt::Debug for S3Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Client").field("endpoint", &self.shared.endpoint).finish_non_exhaustive()
    }
}

impl S3Client {
    /// Creates a client.
    pub fn new(config: S3ClientConfig) -> Result<Self, S3RequestError> {
        let lib = init();
        let https = if config.endpoint.starts_with("https://") {
            true
        } else if config.endpoint.starts_with("http://") {
            false
        } else {
            return Err(S3RequestError::InvalidArgument(format!(
                "endpoint must start with http:// or https://: {:?}",
                config.endpoint
            )));
        };
        let bootstrap = match config.bootstrap {
            Some(b) => b,
            None => ClientBootstrap::new_default(config.event_loop_threads)?,
        };
        let tls = if https {
            let ctx = match config.tls {
                Some(t) => t,
                None => TlsContext::new_default_client()?,
            };
            Some(TlsConnectionOptions::new(&ctx))
        } else {
            None
        };
        let elg_shutdown = bootstrap.event_loop_group().shutdown_signal();
        let signing = SigningConfig::new(&config.region, &config.credentials, config.payload_signing);
        let signal = ShutdownSignal::default();
        let region: Box<str> = config.region.as_str().into();
        let owned = Box::new(ClientOwned {
            _signing: signing,
            _tls: tls,
            _region: region,
            _bootstrap: bootstrap,
            signal: signal.clone(),
        });

        // SAFETY: all-zero is valid for `aws_s3_client_config` (every field optional / defaulted).
        let mut raw: sys::aws_s3_client_config = unsafe { std::mem::zeroed() };
        raw.region = cursor(owned._region.as_bytes());
        raw.client_bootstrap = owned._bootstrap.as_ptr();
        match &owned._tls {
            Some(t) => {
                raw.tls_mode = sys::aws_s3_meta_request_tls_mode::AWS_MR_TLS_ENABLED;
                raw.tls_connection_options = t.as_ptr();
            }
            None => raw.tls_mode = sys::aws_s3_meta_request_tls_mode::AWS_MR_TLS_DISABLED,
        }
        raw.signing_config = owned._signing.as_ptr();
        raw.part_size = config.part_size;
        raw.multipart_upload_threshold = config.multipart_threshold.unwrap_or(config.part_size);
        raw.throughput_target_gbps = config.throughput_target_gbps;
        raw.memory_limit_in_bytes = config.memory_limit.unwrap_or(0);
        raw.max_active_connections_override = config.max_active_connections.unwrap_or(0);
        if let Some(n) = config.max_retries {
            // 0 means "CRT default" there, so "no retries" cannot be expressed; 1 is the minimum.
            raw.retry_config.max_retries = n.max(1);
        }
        if let Some(w) = config.initial_read_window {
            raw.enable_read_backpressure = true;
            raw.initial_read_window = w;
        }
        raw.connect_timeout_ms = config.connect_timeout.map_or(0, |d| d.as_millis().min(u32::MAX as u128) as u32);
        // Read by `aws_s3_client_new`, which copies it; it only has to outlive that call.
        let monitoring = config.stall_timeout.map(|d| sys::aws_http_connection_monitoring_options {
            minimum_throughput_bytes_per_second: 1,
            allowable_throughput_failure_interval_seconds: d.as_secs_f64().ceil().clamp(1.0, u32::MAX as f64) as u32,
            statistics_observer_fn: None,
            statistics_observer_user_data: std::ptr::null_mut(),
        });
        if let Some(m) = &monitoring {
            raw.monitoring_options = m;
        }
        raw.shutdown_callback = Some(client_shutdown_callback);
        let owned_ptr = Box::into_raw(owned);
        raw.shutdown_callback_user_data = owned_ptr.cast::<c_void>();

        // SAFETY: `raw` points into `*owned_ptr`, which stays alive until the client's shutdown
        // callback frees it, and to the local `monitoring`, alive for this call; the client copies or
        // acquires what it keeps.
        let ptr = unsafe { sys::aws_s3_client_new(lib.allocator().as_ptr(), &raw) };
        let Some(inner) = NonNull::new(ptr) else {
            let err = CrtError::last();
            // SAFETY: creation failed, so the shutdown callback never runs: reclaim the box once.
            drop(unsafe { Box::from_raw(owned_ptr) });
            return Err(err.into());
        };
        Ok(Self { inner, shared: Arc::new(ClientShared { endpoint: config.endpoint }), shutdown: signal, elg_shutdown })
    }

    /// The endpoint this client talks to (`http://127.0.0.1:PORT`).
    pub fn endpoint(&self) -> &str {
        &self.shared.endpoint
    }

    /// Signals when the C client has been destroyed (after every handle is dropped and every
    /// meta-request has shut down).
    pub fn shutdown_signal(&self) -> ShutdownSignal {
        self.shutdown.clone()
    }

    /// Signals when the client's event loop group has shut down and joined its threads. That needs
    /// the client destroyed first (see [`S3Client::shutdown_signal`]) and every other user of the
    /// same group (clients sharing a [`ClientBootstrap`]) gone too.
    pub fn event_loop_shutdown_signal(&self) -> ShutdownSignal {
        self.elg_shutdown.clone()
    }

    /// Starts a meta-request.
    pub fn send(&self, options: MetaRequestOptions) -> Result<MetaRequest, S3RequestError> {
        super::request::make_meta_request(self, options)
    }

    pub(super) fn endpoint_string(&self) -> String {
        self.shared.endpoint.clone()
    }

    pub(super) fn as_ptr(&self) -> *mut sys::aws_s3_client {
        self.inner.as_ptr()
    }
}

impl Clone for S3Client {
    fn clone(&self) -> Self {
        // SAFETY: live client; acquire adds a reference and returns the same pointer.
        unsafe { sys::aws_s3_client_acquire(self.inner.as_ptr()) };
        Self {
            inner: self.inner,
            shared: self.shared.clone(),
            shutdown: self.shutdown.clone(),
            elg_shutdown: self.elg_shutdown.clone(),
        }
    }
}

impl Drop for S3Client {
    fn drop(&mut self) {
        // SAFETY: releases the one reference this handle owns.
        unsafe { sys::aws_s3_client_release(self.inner.as_ptr()) };
    }
}