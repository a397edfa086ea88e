//! The aws-c-s3 client and its meta-requests.
//!
//! A meta-request is one logical S3 operation that the CRT may split into many HTTP requests
//! (multipart upload, ranged parallel download, multipart copy). Its Rust-side state (callbacks,
//! everything the C options point into, the result slot) lives in one boxed `RequestState` that is
//! leaked exactly once when the meta-request is created and reclaimed exactly once in the CRT's
//! shutdown callback — the last callback the CRT makes for that meta-request — or at once if
//! creation fails. [`live_callback_states`] counts the boxes alive, so tests can prove none leak.
//!
//! Every callback body runs inside `catch_unwind`; a panic in user code cancels the meta-request and
//! is reported as [`S3RequestError::CallbackPanicked`], never unwinding into C.

use std::ffi::{c_int, c_void};
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::Bytes;

use super::auth::{CredentialsProvider, PayloadSigning, SigningConfig};
use super::common::{cursor, cursor_bytes, init, panic_message, raise_error, CrtError, S3_CANCELED, S3_INVALID_RESPONSE_STATUS};
use super::io::{shutdown_signal_callback, ClientBootstrap, ShutdownSignal, TlsConnectionOptions, TlsContext};
use super::stream::InputStream;
use super::sys;

// ---------------------------------------------------------------------------------------------
// Client
// ---------------------------------------------------------------------------------------------

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

    /// PutObject (multipart above the threshold) of `body` to `bucket/key`, with a CRC32 trailing checksum.
    pub fn put_object(&self, bucket: &str, key: &str, body: RequestBody) -> MetaRequestOptions {
        let mut o = MetaRequestOptions::new(MetaRequestKind::PutObject, "PUT", object_path(bucket, key));
        o.body = body;
        o.checksum = ChecksumMode::TrailerCrc32;
        o
    }

    /// GetObject (ranged parallel parts) of `bucket/key`; choose where bytes go with
    /// [`MetaRequestOptions::to_file`], [`MetaRequestOptions::on_body`] or
    /// [`MetaRequestOptions::collect_body`]. Response checksums are validated when the server has them.
    pub fn get_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        let mut o = MetaRequestOptions::new(MetaRequestKind::GetObject, "GET", object_path(bucket, key));
        o.checksum = ChecksumMode::ValidateResponse;
        o
    }

    /// CopyObject (multipart copy for large objects) from `src_bucket/src_key` to `dst_bucket/dst_key`.
    pub fn copy_object(&self, src_bucket: &str, src_key: &str, dst_bucket: &str, dst_key: &str) -> MetaRequestOptions {
        let src_path = object_path(src_bucket, src_key);
        let mut o = MetaRequestOptions::new(MetaRequestKind::CopyObject, "PUT", object_path(dst_bucket, dst_key));
        // x-amz-copy-source is `bucket/key`, URI-encoded, without the leading slash.
        o.headers.push(("x-amz-copy-source".into(), src_path[1..].to_owned()));
        // The CRT's own source HeadObject would otherwise address the source virtual-hosted style,
        // which cannot work against an IP endpoint; a full path-style URI avoids that.
        o.copy_source_uri = Some(format!("{}{}", self.shared.endpoint, src_path));
        o
    }

    /// HeadObject as a single request (the response headers are in the output).
    pub fn head_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        MetaRequestOptions::new(MetaRequestKind::Default("HeadObject".into()), "HEAD", object_path(bucket, key))
    }

    /// DeleteObject as a single request.
    pub fn delete_object(&self, bucket: &str, key: &str) -> MetaRequestOptions {
        MetaRequestOptions::new(MetaRequestKind::Default("DeleteObject".into()), "DELETE", object_path(bucket, key))
    }

    /// ListMultipartUploads as a single request; the XML answer is in the output body.
    pub fn list_multipart_uploads(&self, bucket: &str) -> MetaRequestOptions {
        let path = format!("/{}?uploads", uri_encode_path(bucket));
        MetaRequestOptions::new(MetaRequestKind::Default("ListMultipartUploads".into()), "GET", path).collect_body()
    }

    /// Any single S3 request sent as-is: `operation` is the S3 operation name (for metrics, error
    /// reports and the CRT's per-operation behaviour), `path_and_query` is already URI-encoded.
    pub fn default_request(&self, operation: &str, method: &str, path_and_query: &str) -> MetaRequestOptions {
        MetaRequestOptions::new(MetaRequestKind::Default(operation.into()), method, path_and_query.into())
    }

    /// Starts a meta-request.
    pub fn send(&self, options: MetaRequestOptions) -> Result<MetaRequest, S3RequestError> {
        make_meta_request(self, options)
    }

    fn as_ptr(&self) -> *mut sys::aws_s3_client {
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

// ---------------------------------------------------------------------------------------------
// Request building
// ---------------------------------------------------------------------------------------------

/// `/bucket/key` with both parts URI-encoded (RFC 3986 unreserved characters and `/` kept).
pub fn object_path(bucket: &str, key: &str) -> String {
    format!("/{}/{}", uri_encode_path(bucket), uri_encode_path(key))
}

/// Percent-encodes everything except `A-Z a-z 0-9 - . _ ~ /`, as SigV4 canonical URIs for S3 expect.
pub fn uri_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// What transformation the CRT applies to a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetaRequestKind {
    /// Sent as-is; the string is the S3 operation name (`HeadObject`, `DeleteObject`, ...).
    Default(String),
    /// Split into ranged GETs.
    GetObject,
    /// Split into a multipart upload above the threshold.
    PutObject,
    /// Split into UploadPartCopy requests for large objects.
    CopyObject,
}

/// The request body.
#[derive(Clone, Debug, Default)]
pub enum RequestBody {
    /// No body.
    #[default]
    Empty,
    /// The file at this path, read by the CRT itself (`send_filepath`, fastest).
    File(PathBuf),
    /// Bytes in memory, read through a Rust-backed `aws_input_stream`.
    Bytes(Bytes),
    /// Bytes produced by Rust futures (`send_async_stream`), e.g. paced by a bandwidth limit.
    Async(super::async_stream::AsyncBody),
}

/// Checksum behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecksumMode {
    /// No checksum work.
    None,
    /// Uploads: CRC32 sent as an aws-chunked trailer (uploads only: a GET with it is refused).
    TrailerCrc32,
    /// Uploads: CRC32C as an aws-chunked trailer.
    TrailerCrc32c,
    /// Uploads: CRC64/NVME as an aws-chunked trailer.
    TrailerCrc64Nvme,
    /// Uploads: SHA-1 as an aws-chunked trailer.
    TrailerSha1,
    /// Uploads: SHA-256 as an aws-chunked trailer.
    TrailerSha256,
    /// Downloads: no request checksum, but validate the server's response checksum when present.
    ValidateResponse,
}

/// A progress report: `bytes` moved since the previous report, of `total` for the whole operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Bytes transferred since the previous report.
    pub bytes: u64,
    /// Content length of the whole operation (0 if unknown).
    pub total: u64,
}

/// What the CRT reports about one finished HTTP request of a meta-request (its telemetry).
#[derive(Clone, Debug, Default)]
pub struct RequestMetrics {
    /// HTTP status of the response, if one arrived.
    pub status: Option<u16>,
    /// Response headers, if a response arrived.
    pub headers: Headers,
    /// `x-amz-request-id` of the response.
    pub request_id: Option<String>,
    /// The S3 operation (`GetObject`, `UploadPart`, ...).
    pub operation: Option<String>,
    /// The CRT error code of this request (0 on success).
    pub error_code: i32,
}

type HeadersCallback = Box<dyn FnMut(u16, &Headers) + Send>;
type MetricsCallback = Box<dyn FnMut(&RequestMetrics) + Send>;
type BodyCallback = Box<dyn FnMut(u64, &[u8]) -> Result<(), String> + Send>;
type ProgressCallback = Box<dyn FnMut(Progress) + Send>;

/// Everything needed to start a meta-request. Made by the [`S3Client`] helpers and refined with
/// the chained setters, then passed to [`S3Client::send`].
pub struct MetaRequestOptions {
    kind: MetaRequestKind,
    method: String,
    path: String,
    endpoint: Option<String>,
    headers: Vec<(String, String)>,
    body: RequestBody,
    recv_file: Option<PathBuf>,
    keep_recv_file_on_failure: bool,
    checksum: ChecksumMode,
    part_size: Option<u64>,
    multipart_threshold: Option<u64>,
    copy_source_uri: Option<String>,
    object_size_hint: Option<u64>,
    collect_body: bool,
    on_headers: Option<HeadersCallback>,
    on_body: Option<BodyCallback>,
    on_progress: Option<ProgressCallback>,
    on_metrics: Option<MetricsCallback>,
    /// Internal: publish into this completion (and transform the result) instead of a new one.
    chain: Option<(Arc<Completion>, ResultTransform)>,
}

type ResultTransform = Box<dyn FnOnce(MetaResult) -> MetaResult + Send>;

impl fmt::Debug for MetaRequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetaRequestOptions")
            .field("kind", &self.kind)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("headers", &self.headers)
            .field("body", &self.body)
            .field("recv_file", &self.recv_file)
            .field("checksum", &self.checksum)
            .finish_non_exhaustive()
    }
}

impl MetaRequestOptions {
    /// A request of `kind` for `method` and the already-encoded `path_and_query`.
    pub fn new(kind: MetaRequestKind, method: &str, path_and_query: String) -> Self {
        Self {
            kind,
            method: method.to_owned(),
            path: path_and_query,
            endpoint: None,
            headers: Vec::new(),
            body: RequestBody::Empty,
            recv_file: None,
            keep_recv_file_on_failure: false,
            checksum: ChecksumMode::None,
            part_size: None,
            multipart_threshold: None,
            copy_source_uri: None,
            object_size_hint: None,
            collect_body: false,
            on_headers: None,
            on_body: None,
            on_progress: None,
            on_metrics: None,
            chain: None,
        }
    }

    /// Sends the request to `endpoint` (`scheme://host[:port]`, the client's scheme) with the
    /// already-encoded `path_and_query`, instead of the client's endpoint and the helper's
    /// path-style path: e.g. a virtual-hosted bucket (`https://bkt.s3.eu-west-1.amazonaws.com`, `/key`).
    pub fn at(mut self, endpoint: impl Into<String>, path_and_query: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into().trim_end_matches('/').to_owned());
        self.path = path_and_query.into();
        self
    }

    /// For a copy: the full URI (`scheme://host[:port]/path`) of the source object, for the CRT's
    /// own HeadObject of the source (default: the client's endpoint, path-style).
    pub fn copy_source_uri(mut self, uri: impl Into<String>) -> Self {
        self.copy_source_uri = Some(uri.into());
        self
    }

    /// Adds a request header (`Host` is filled in from the endpoint and must not be set).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: RequestBody) -> Self {
        self.body = body;
        self
    }

    /// Downloads into this file (`recv_filepath`: created or replaced, written by the CRT directly, and
    /// deleted again if the download fails). Callers that must leave an existing file untouched on
    /// failure download to a temporary name and rename.
    pub fn to_file(mut self, path: impl AsRef<Path>) -> Self {
        self.recv_file = Some(path.as_ref().to_owned());
        self
    }

    /// With [`MetaRequestOptions::to_file`]: leave the partial file in place when the download fails
    /// (the caller removes it), e.g. to find out why writing it failed.
    pub fn keep_file_on_failure(mut self) -> Self {
        self.keep_recv_file_on_failure = true;
        self
    }

    /// Keeps the response body in memory and returns it in [`MetaRequestOutput::body`].
    pub fn collect_body(mut self) -> Self {
        self.collect_body = true;
        self
    }

    /// Overrides the checksum behaviour.
    pub fn checksum(mut self, mode: ChecksumMode) -> Self {
        self.checksum = mode;
        self
    }

    /// Part size for this request (overrides the client's).
    pub fn part_size(mut self, bytes: u64) -> Self {
        self.part_size = Some(bytes);
        self
    }

    /// The object's size, when known (GetObject: an object that fits one part is fetched without
    /// a HeadObject).
    pub fn object_size_hint(mut self, bytes: u64) -> Self {
        self.object_size_hint = Some(bytes);
        self
    }

    /// Multipart threshold for this upload (overrides the client's).
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = Some(bytes);
        self
    }

    /// Called with the response status and headers.
    pub fn on_headers(mut self, f: impl FnMut(u16, &Headers) + Send + 'static) -> Self {
        self.on_headers = Some(Box::new(f));
        self
    }

    /// Called with each body chunk, in order, with its offset in the object. Returning `Err`
    /// cancels the request, which then fails with [`S3RequestError::Callback`].
    pub fn on_body(mut self, f: impl FnMut(u64, &[u8]) -> Result<(), String> + Send + 'static) -> Self {
        self.on_body = Some(Box::new(f));
        self
    }

    /// Called with the telemetry of each HTTP request once it finished (any thread, in no
    /// particular order).
    pub fn on_request_metrics(mut self, f: impl FnMut(&RequestMetrics) + Send + 'static) -> Self {
        self.on_metrics = Some(Box::new(f));
        self
    }

    /// Called as bytes move.
    pub fn on_progress(mut self, f: impl FnMut(Progress) + Send + 'static) -> Self {
        self.on_progress = Some(Box::new(f));
        self
    }
}

/// Response headers (names as received; lookups are case-insensitive).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Headers(pub Vec<(String, String)>);

impl Headers {
    /// The first value of header `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Copies CRT headers.
    ///
    /// # Safety
    /// `headers` must be NULL or a valid `aws_http_headers` for the duration of the call.
    unsafe fn from_crt(headers: *const sys::aws_http_headers) -> Self {
        let mut out = Vec::new();
        if headers.is_null() {
            return Self(out);
        }
        // SAFETY: `headers` is valid per the caller.
        let count = unsafe { sys::aws_http_headers_count(headers) };
        for i in 0..count {
            // SAFETY: all-zero is a valid out-parameter for the plain header struct.
            let mut h: sys::aws_http_header = unsafe { std::mem::zeroed() };
            // SAFETY: `i < count`; the call fills `h` with cursors into `headers`.
            if unsafe { sys::aws_http_headers_get_index(headers, i, &mut h) } != sys::AWS_OP_SUCCESS as c_int {
                continue;
            }
            // SAFETY: the cursors point into `headers`, valid for this call; copied at once.
            let name = String::from_utf8_lossy(unsafe { cursor_bytes(&h.name) }).into_owned();
            // SAFETY: as above.
            let value = String::from_utf8_lossy(unsafe { cursor_bytes(&h.value) }).into_owned();
            out.push((name, value));
        }
        Self(out)
    }
}

// ---------------------------------------------------------------------------------------------
// Results and errors
// ---------------------------------------------------------------------------------------------

/// A successful meta-request.
#[derive(Clone, Debug, Default)]
pub struct MetaRequestOutput {
    /// HTTP status of the (final) response.
    pub status: u16,
    /// Response headers (for GetObject: of the first part, with the object's metadata).
    pub headers: Headers,
    /// The body, when [`MetaRequestOptions::collect_body`] was asked for.
    pub body: Vec<u8>,
    /// Whether every downloaded byte was checked against a server-provided checksum.
    pub checksum_validated: bool,
}

/// An error answer from S3.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// HTTP status.
    pub status: u16,
    /// S3 error code (`NoSuchKey`, `SignatureDoesNotMatch`, ...), when the answer had a body.
    pub code: Option<String>,
    /// S3 error message.
    pub message: Option<String>,
    /// `x-amz-request-id` (or `<RequestId>` from the body).
    pub request_id: Option<String>,
    /// The S3 operation that failed (`UploadPart`, `HeadObject`, ...), as the CRT reports it.
    pub operation: Option<String>,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(c) = &self.code {
            write!(f, " {c}")?;
        }
        if let Some(m) = &self.message {
            write!(f, ": {m}")?;
        }
        if let Some(op) = &self.operation {
            write!(f, " (operation {op})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Why a meta-request failed.
#[derive(Clone, Debug, thiserror::Error)]
pub enum S3RequestError {
    /// S3 answered with an error status.
    #[error("S3 error: {0}")]
    Service(ServiceError),
    /// The CRT failed (network, checksum mismatch, file I/O, ...).
    #[error("CRT error: {0}")]
    Crt(CrtError),
    /// The request was cancelled.
    #[error("request cancelled")]
    Cancelled,
    /// A user callback panicked; the request was cancelled.
    #[error("a callback panicked: {0}")]
    CallbackPanicked(String),
    /// A body callback returned an error; the request was cancelled.
    #[error("body callback failed: {0}")]
    Callback(String),
    /// The request could not be built.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
}

impl From<CrtError> for S3RequestError {
    fn from(e: CrtError) -> Self {
        Self::Crt(e)
    }
}

impl S3RequestError {
    /// True if the request ended because it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        matches!(self, Self::Cancelled)
    }

    /// HTTP status of a service error.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Self::Service(s) => Some(s.status),
            _ => None,
        }
    }

    /// S3 error code of a service error.
    pub fn s3_code(&self) -> Option<&str> {
        match self {
            Self::Service(s) => s.code.as_deref(),
            _ => None,
        }
    }

    /// Request id of a service error.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(s) => s.request_id.as_deref(),
            _ => None,
        }
    }

    /// The CRT error, if that is what this is.
    pub fn crt_error(&self) -> Option<&CrtError> {
        match self {
            Self::Crt(e) => Some(e),
            _ => None,
        }
    }
}

/// Text of the first `<tag>...</tag>` in an S3 error document (XML entities decoded).
fn xml_tag(body: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = body.find(&open)? + open.len();
    let end = start + body[start..].find(&close)?;
    let raw = &body[start..end];
    Some(
        raw.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

fn parse_service_error(status: u16, headers: &Headers, body: Option<&[u8]>, operation: Option<String>) -> ServiceError {
    let text = body.map(String::from_utf8_lossy);
    let text = text.as_deref().unwrap_or("");
    ServiceError {
        status,
        code: xml_tag(text, "Code"),
        message: xml_tag(text, "Message"),
        request_id: headers.get("x-amz-request-id").map(str::to_owned).or_else(|| xml_tag(text, "RequestId")),
        operation,
    }
}

// ---------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------

type MetaResult = Result<MetaRequestOutput, S3RequestError>;

#[derive(Default)]
struct Completion {
    slot: Mutex<(Option<MetaResult>, Vec<Waker>)>,
    cv: Condvar,
}

impl Completion {
    fn is_complete(&self) -> bool {
        self.slot.lock().unwrap_or_else(|e| e.into_inner()).0.is_some()
    }

    fn complete(&self, result: MetaResult) {
        let wakers = {
            let mut slot = self.slot.lock().unwrap_or_else(|e| e.into_inner());
            if slot.0.is_some() {
                return;
            }
            slot.0 = Some(result);
            std::mem::take(&mut slot.1)
        };
        self.cv.notify_all();
        for w in wakers {
            w.wake();
        }
    }
}

/// A future resolving to the meta-request's result (see [`MetaRequest::result`]).
pub struct MetaRequestFuture {
    completion: Arc<Completion>,
}

impl fmt::Debug for MetaRequestFuture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetaRequestFuture").finish_non_exhaustive()
    }
}

impl Future for MetaRequestFuture {
    type Output = MetaResult;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<MetaResult> {
        let mut slot = self.completion.slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(r) = &slot.0 {
            return Poll::Ready(r.clone());
        }
        if !slot.1.iter().any(|w| w.will_wake(cx.waker())) {
            slot.1.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

// ---------------------------------------------------------------------------------------------
// Meta-request handle
// ---------------------------------------------------------------------------------------------

/// A running meta-request. Dropping the handle does not cancel it (see [`MetaRequest::cancel`]).
///
/// The result becomes available in the CRT's finish callback, after every header, body and progress
/// callback of the request has returned. The callback state is freed in the shutdown callback, which
/// the CRT makes once this handle (its reference) has been dropped and its own work is done.
pub struct MetaRequest {
    inner: NonNull<sys::aws_s3_meta_request>,
    completion: Arc<Completion>,
}

// SAFETY: aws-c-s3 meta-requests are thread-safe (cancel may be called from any thread) and their
// reference count is atomic; the completion is `Mutex`-protected.
unsafe impl Send for MetaRequest {}
// SAFETY: see `Send`.
unsafe impl Sync for MetaRequest {}

impl fmt::Debug for MetaRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MetaRequest").field("done", &self.is_done()).finish_non_exhaustive()
    }
}

impl MetaRequest {
    /// Cancels the request. In-flight parts are abandoned, a multipart upload is aborted, and the
    /// result becomes [`S3RequestError::Cancelled`] (unless it had already finished).
    pub fn cancel(&self) {
        // SAFETY: we hold a reference, so the meta-request is alive; cancel is thread-safe and a
        // no-op once it has finished.
        unsafe { sys::aws_s3_meta_request_cancel(self.inner.as_ptr()) };
    }

    /// True once the result is available.
    pub fn is_done(&self) -> bool {
        self.completion.slot.lock().unwrap_or_else(|e| e.into_inner()).0.is_some()
    }

    /// Blocks up to `timeout` for the result; `None` if it is not there yet.
    pub fn wait_timeout(&self, timeout: Duration) -> Option<MetaResult> {
        let guard = self.completion.slot.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .completion
            .cv
            .wait_timeout_while(guard, timeout, |slot| slot.0.is_none())
            .unwrap_or_else(|e| e.into_inner());
        guard.0.clone()
    }

    /// Lets `bytes` more body bytes be delivered (only with
    /// [`S3ClientConfig::read_backpressure`]; ignored by the CRT otherwise).
    pub fn increment_read_window(&self, bytes: u64) {
        // SAFETY: we hold a reference, so the meta-request is alive; the call takes the
        // meta-request's lock and is documented as callable from any thread (also after finish).
        unsafe { sys::aws_s3_meta_request_increment_read_window(self.inner.as_ptr(), bytes) };
    }

    /// A future of the result (can be created any number of times).
    pub fn result(&self) -> MetaRequestFuture {
        MetaRequestFuture { completion: self.completion.clone() }
    }
}

impl Drop for MetaRequest {
    fn drop(&mut self) {
        // SAFETY: releases the reference `aws_s3_client_make_meta_request` gave us.
        unsafe { sys::aws_s3_meta_request_release(self.inner.as_ptr()) };
    }
}

// ---------------------------------------------------------------------------------------------
// Per-request callback state
// ---------------------------------------------------------------------------------------------

static LIVE_STATES: AtomicUsize = AtomicUsize::new(0);

/// Number of meta-request callback states currently alive (created and not yet reclaimed by the
/// shutdown callback). Zero when no meta-request is running.
pub fn live_callback_states() -> usize {
    LIVE_STATES.load(Ordering::SeqCst)
}

#[derive(Default)]
struct Outcome {
    status: u16,
    headers: Headers,
    body: Vec<u8>,
    panic: Option<String>,
    callback_error: Option<String>,
    /// The last HTTP request that got an error status (from telemetry): status, request id, operation.
    last_error_response: Option<(u16, Option<String>, Option<String>)>,
}

/// An `aws_uri` we parsed and must clean up.
struct OwnedUri(Box<sys::aws_uri>);

impl OwnedUri {
    fn parse(text: &str) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: all-zero is the state `aws_uri_init_parse` overwrites.
        let mut uri: Box<sys::aws_uri> = Box::new(unsafe { std::mem::zeroed() });
        let c = cursor(text.as_bytes());
        // SAFETY: `uri` is writable, `c` points into `text` for the call; the uri copies the text.
        let rc = unsafe { sys::aws_uri_init_parse(&mut *uri, lib.allocator().as_ptr(), &c) };
        if rc != sys::AWS_OP_SUCCESS as c_int {
            return Err(CrtError::last());
        }
        Ok(Self(uri))
    }
}

impl Drop for OwnedUri {
    fn drop(&mut self) {
        // SAFETY: the uri was initialised by `aws_uri_init_parse` and is cleaned up once.
        unsafe { sys::aws_uri_clean_up(&mut *self.0) };
    }
}

/// An HTTP request message we own one reference to.
struct HttpMessage(NonNull<sys::aws_http_message>);

impl Drop for HttpMessage {
    fn drop(&mut self) {
        // SAFETY: releases our one reference.
        unsafe { sys::aws_http_message_release(self.0.as_ptr()) };
    }
}

impl HttpMessage {
    fn new_request(method: &str, path: &str, headers: &[(String, String)]) -> Result<Self, CrtError> {
        let lib = init();
        // SAFETY: allocates a new request message; NULL on failure.
        let ptr = unsafe { sys::aws_http_message_new_request(lib.allocator().as_ptr()) };
        let msg = Self(NonNull::new(ptr).ok_or_else(CrtError::last)?);
        // SAFETY: `msg` is a valid request; the method is copied.
        let rc = unsafe { sys::aws_http_message_set_request_method(msg.0.as_ptr(), cursor(method.as_bytes())) };
        super::common::op_result(rc)?;
        // SAFETY: as above; the path is copied.
        let rc = unsafe { sys::aws_http_message_set_request_path(msg.0.as_ptr(), cursor(path.as_bytes())) };
        super::common::op_result(rc)?;
        for (name, value) in headers {
            // SAFETY: all-zero is a valid header (no compression hint); name and value set below.
            let mut h: sys::aws_http_header = unsafe { std::mem::zeroed() };
            h.name = cursor(name.as_bytes());
            h.value = cursor(value.as_bytes());
            // SAFETY: the cursors point into `headers`, alive for the call; the message copies them.
            let rc = unsafe { sys::aws_http_message_add_header(msg.0.as_ptr(), h) };
            super::common::op_result(rc)?;
        }
        Ok(msg)
    }

    fn set_body_stream(&self, stream: &InputStream) {
        // SAFETY: both are valid; the message acquires its own reference to the stream.
        unsafe { sys::aws_http_message_set_body_stream(self.0.as_ptr(), stream.as_ptr()) };
    }
}

/// The client, endpoint override, path and headers of a GetObject, kept for a follow-up request (see
/// `start_diagnosis`).
type Diagnose = (S3Client, Option<String>, String, Vec<(String, String)>);

/// Everything one meta-request's callbacks use and everything its C options point into.
struct RequestState {
    // Pointed into by the C options; kept until shutdown although the CRT copies most of it.
    _message: HttpMessage,
    _endpoint: OwnedUri,
    _body_stream: Option<InputStream>,
    _async_stream: Option<super::async_stream::AsyncInputStream>,
    _send_filepath: Option<Vec<u8>>,
    _recv_filepath: Option<Vec<u8>>,
    _operation_name: Option<String>,
    _copy_source_uri: Option<String>,
    _object_size_hint: Option<Box<u64>>,
    _checksum: Box<sys::aws_s3_checksum_config>,
    collect_body: bool,
    /// For GetObject: what a follow-up request needs when the CRT's size-discovery HeadObject fails
    /// (a HEAD error carries no body, so no S3 error code): the client, the path and the headers.
    diagnose: Option<Diagnose>,
    transform: Mutex<Option<ResultTransform>>,
    on_headers: Mutex<Option<HeadersCallback>>,
    on_body: Mutex<Option<BodyCallback>>,
    on_progress: Mutex<Option<ProgressCallback>>,
    on_metrics: Mutex<Option<MetricsCallback>>,
    outcome: Mutex<Outcome>,
    completion: Arc<Completion>,
}

impl Drop for RequestState {
    fn drop(&mut self) {
        LIVE_STATES.fetch_sub(1, Ordering::SeqCst);
    }
}

impl RequestState {
    fn outcome(&self) -> std::sync::MutexGuard<'_, Outcome> {
        self.outcome.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs user code; a panic is recorded (first one wins) and reported as `false`.
    fn guarded(&self, f: impl FnOnce() -> Result<(), String>) -> bool {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(Ok(())) => true,
            Ok(Err(msg)) => {
                self.outcome().callback_error.get_or_insert(msg);
                false
            }
            Err(payload) => {
                let msg = panic_message(&*payload);
                self.outcome().panic.get_or_insert(msg);
                false
            }
        }
    }
}

fn make_meta_request(client: &S3Client, o: MetaRequestOptions) -> Result<MetaRequest, S3RequestError> {
    if o.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        return Err(S3RequestError::InvalidArgument(
            "do not set a Host header: the CRT sets it from the endpoint".into(),
        ));
    }
    let endpoint_url = o.endpoint.clone().unwrap_or_else(|| client.shared.endpoint.clone());
    let scheme = |u: &str| u.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if scheme(&endpoint_url) != scheme(&client.shared.endpoint) {
        return Err(S3RequestError::InvalidArgument(format!(
            "endpoint {endpoint_url:?} does not use the client's scheme ({:?})",
            client.shared.endpoint
        )));
    }
    let diagnose = match o.kind {
        MetaRequestKind::GetObject => Some((client.clone(), o.endpoint.clone(), o.path.clone(), o.headers.clone())),
        _ => None,
    };
    let mut headers = o.headers;
    let body_stream = match &o.body {
        RequestBody::Bytes(b) => {
            headers.push(("Content-Length".into(), b.len().to_string()));
            Some(InputStream::from_bytes(b.clone()))
        }
        RequestBody::Async(b) => {
            headers.push(("Content-Length".into(), b.len().to_string()));
            None
        }
        RequestBody::Empty if o.kind == MetaRequestKind::PutObject => {
            headers.push(("Content-Length".into(), "0".into()));
            None
        }
        _ => None,
    };
    let message = HttpMessage::new_request(&o.method, &o.path, &headers)?;
    if let Some(s) = &body_stream {
        message.set_body_stream(s);
    }
    let endpoint = OwnedUri::parse(&endpoint_url)?;
    let send_filepath = match &o.body {
        RequestBody::File(p) => Some(path_bytes(p)?),
        _ => None,
    };
    let recv_filepath = o.recv_file.as_deref().map(path_bytes).transpose()?;
    // SAFETY: all-zero is valid for the plain checksum config (no checksum, no callbacks).
    let mut checksum: Box<sys::aws_s3_checksum_config> = Box::new(unsafe { std::mem::zeroed() });
    match o.checksum {
        ChecksumMode::None => {}
        ChecksumMode::TrailerCrc32
        | ChecksumMode::TrailerCrc32c
        | ChecksumMode::TrailerCrc64Nvme
        | ChecksumMode::TrailerSha1
        | ChecksumMode::TrailerSha256 => {
            checksum.location = sys::aws_s3_checksum_location::AWS_SCL_TRAILER;
            checksum.checksum_algorithm = match o.checksum {
                ChecksumMode::TrailerCrc32c => sys::aws_s3_checksum_algorithm::AWS_SCA_CRC32C,
                ChecksumMode::TrailerCrc64Nvme => sys::aws_s3_checksum_algorithm::AWS_SCA_CRC64NVME,
                ChecksumMode::TrailerSha1 => sys::aws_s3_checksum_algorithm::AWS_SCA_SHA1,
                ChecksumMode::TrailerSha256 => sys::aws_s3_checksum_algorithm::AWS_SCA_SHA256,
                _ => sys::aws_s3_checksum_algorithm::AWS_SCA_CRC32,
            };
        }
        ChecksumMode::ValidateResponse => {
            checksum.location = sys::aws_s3_checksum_location::AWS_SCL_NONE;
            checksum.validate_response_checksum = true;
        }
    }
    let operation_name = match &o.kind {
        MetaRequestKind::Default(name) => Some(name.clone()),
        _ => None,
    };

    LIVE_STATES.fetch_add(1, Ordering::SeqCst);
    let (completion, transform) = match o.chain {
        Some((c, t)) => (c, Some(t)),
        None => (Arc::new(Completion::default()), None),
    };
    let state = Box::new(RequestState {
        _message: message,
        _endpoint: endpoint,
        _body_stream: body_stream,
        _async_stream: match &o.body {
            RequestBody::Async(b) => Some(super::async_stream::AsyncInputStream::new(b.clone())),
            _ => None,
        },
        _send_filepath: send_filepath,
        _recv_filepath: recv_filepath,
        _operation_name: operation_name,
        _copy_source_uri: o.copy_source_uri,
        _object_size_hint: o.object_size_hint.map(Box::new),
        _checksum: checksum,
        collect_body: o.collect_body,
        diagnose,
        transform: Mutex::new(transform),
        on_headers: Mutex::new(o.on_headers),
        on_body: Mutex::new(o.on_body),
        on_progress: Mutex::new(o.on_progress),
        on_metrics: Mutex::new(o.on_metrics),
        outcome: Mutex::new(Outcome::default()),
        completion: completion.clone(),
    });

    // SAFETY: all-zero is valid for `aws_s3_meta_request_options` (every field optional).
    let mut raw: sys::aws_s3_meta_request_options = unsafe { std::mem::zeroed() };
    raw.type_ = match &o.kind {
        MetaRequestKind::Default(_) => sys::aws_s3_meta_request_type::AWS_S3_META_REQUEST_TYPE_DEFAULT,
        MetaRequestKind::GetObject => sys::aws_s3_meta_request_type::AWS_S3_META_REQUEST_TYPE_GET_OBJECT,
        MetaRequestKind::PutObject => sys::aws_s3_meta_request_type::AWS_S3_META_REQUEST_TYPE_PUT_OBJECT,
        MetaRequestKind::CopyObject => sys::aws_s3_meta_request_type::AWS_S3_META_REQUEST_TYPE_COPY_OBJECT,
    };
    if let Some(name) = &state._operation_name {
        raw.operation_name = cursor(name.as_bytes());
    }
    raw.message = state._message.0.as_ptr();
    raw.endpoint = &*state._endpoint.0;
    if let Some(p) = &state._send_filepath {
        raw.send_filepath = cursor(p);
    }
    if let Some(a) = &state._async_stream {
        // The meta-request acquires its own reference; ours lives in the state until shutdown.
        raw.send_async_stream = a.as_ptr();
    }
    if let Some(p) = &state._recv_filepath {
        raw.recv_filepath = cursor(p);
        raw.recv_file_option = sys::aws_s3_recv_file_options::AWS_S3_RECV_FILE_CREATE_OR_REPLACE;
        // A failed download must not leave a partial file behind (unless the caller removes it).
        raw.recv_file_delete_on_failure = !o.keep_recv_file_on_failure;
    }
    if o.checksum != ChecksumMode::None {
        raw.checksum_config = &*state._checksum;
    }
    raw.part_size = o.part_size.unwrap_or(0);
    raw.multipart_upload_threshold = o.multipart_threshold.unwrap_or(0);
    if let Some(uri) = &state._copy_source_uri {
        raw.copy_source_uri = cursor(uri.as_bytes());
    }
    if let Some(hint) = &state._object_size_hint {
        // Points into the state, which outlives the meta-request's use of its options.
        raw.object_size_hint = &**hint;
    }
    raw.headers_callback = Some(headers_callback);
    raw.body_callback = Some(body_callback);
    raw.finish_callback = Some(finish_callback);
    raw.shutdown_callback = Some(shutdown_callback);
    raw.progress_callback = Some(progress_callback);
    // Telemetry: per-request status and headers (for the caller's callback, and because the CRT
    // keeps neither the status nor the body of a 5xx answer it gave up retrying).
    raw.telemetry_callback = Some(telemetry_callback);

    let state_ptr = Box::into_raw(state);
    raw.user_data = state_ptr.cast::<c_void>();
    // SAFETY: `raw` and everything it points into live in `*state_ptr` (or in the client, which we
    // hold a reference to) until the shutdown callback reclaims the state; `client` is live.
    let ptr = unsafe { sys::aws_s3_client_make_meta_request(client.as_ptr(), &raw) };
    match NonNull::new(ptr) {
        Some(inner) => Ok(MetaRequest { inner, completion }),
        None => {
            let err = CrtError::last();
            // SAFETY: creation failed, so no callback (shutdown included) will ever run: reclaim
            // the state exactly once, here.
            drop(unsafe { Box::from_raw(state_ptr) });
            Err(err.into())
        }
    }
}

fn path_bytes(p: &Path) -> Result<Vec<u8>, S3RequestError> {
    use std::os::unix::ffi::OsStrExt;
    let bytes = p.as_os_str().as_bytes();
    if bytes.is_empty() || bytes.contains(&0) {
        return Err(S3RequestError::InvalidArgument(format!("unusable file path {p:?}")));
    }
    Ok(bytes.to_vec())
}

/// Recovers the state behind `user_data` for a callback.
///
/// # Safety
/// `user_data` must be the `RequestState` pointer registered with the meta-request; the CRT only
/// calls the other callbacks before the shutdown callback, which is the only place it is freed.
unsafe fn state_ref<'a>(user_data: *mut c_void) -> &'a RequestState {
    // SAFETY: guaranteed by the caller.
    unsafe { &*(user_data as *const RequestState) }
}

unsafe extern "C" fn headers_callback(
    _meta: *mut sys::aws_s3_meta_request,
    headers: *const sys::aws_http_headers,
    response_status: c_int,
    user_data: *mut c_void,
) -> c_int {
    // SAFETY: registered user data; see `state_ref`.
    let state = unsafe { state_ref(user_data) };
    // SAFETY: `headers` is valid for the duration of this callback; copied at once.
    let headers = unsafe { Headers::from_crt(headers) };
    let status = u16::try_from(response_status).unwrap_or(0);
    let ok = state.guarded(|| {
        if let Some(cb) = state.on_headers.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            cb(status, &headers);
        }
        Ok(())
    });
    {
        let mut out = state.outcome();
        out.status = status;
        out.headers = headers;
    }
    if ok {
        sys::AWS_OP_SUCCESS as c_int
    } else {
        raise_error(S3_CANCELED)
    }
}

unsafe extern "C" fn body_callback(
    _meta: *mut sys::aws_s3_meta_request,
    body: *const sys::aws_byte_cursor,
    range_start: u64,
    user_data: *mut c_void,
) -> c_int {
    // SAFETY: registered user data; see `state_ref`.
    let state = unsafe { state_ref(user_data) };
    let bytes: &[u8] = if body.is_null() {
        &[]
    } else {
        // SAFETY: `body` and the bytes it points to are valid for the duration of this callback.
        unsafe { cursor_bytes(&*body) }
    };
    let ok = state.guarded(|| {
        if let Some(cb) = state.on_body.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            cb(range_start, bytes)?;
        }
        if state.collect_body {
            state.outcome().body.extend_from_slice(bytes);
        }
        Ok(())
    });
    if ok {
        sys::AWS_OP_SUCCESS as c_int
    } else {
        raise_error(S3_CANCELED)
    }
}

unsafe extern "C" fn progress_callback(
    meta: *mut sys::aws_s3_meta_request,
    progress: *const sys::aws_s3_meta_request_progress,
    user_data: *mut c_void,
) {
    // SAFETY: registered user data; see `state_ref`.
    let state = unsafe { state_ref(user_data) };
    if progress.is_null() {
        return;
    }
    // SAFETY: `progress` is valid for the duration of this callback; copied at once.
    let p = unsafe { &*progress };
    let report = Progress { bytes: p.bytes_transferred, total: p.content_length };
    let ok = state.guarded(|| {
        if let Some(cb) = state.on_progress.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            cb(report);
        }
        Ok(())
    });
    if !ok {
        // SAFETY: `meta` is the live meta-request this callback is for; cancel is thread-safe.
        unsafe { sys::aws_s3_meta_request_cancel(meta) };
    }
}

/// Copies an `aws_string` out (NULL gives `None`).
///
/// # Safety
/// `s` must be NULL or a valid `aws_string` for the duration of the call.
unsafe fn string_from_crt(s: *const sys::aws_string) -> Option<String> {
    if s.is_null() {
        return None;
    }
    // SAFETY: `s` is a valid string per the caller.
    let c = unsafe { sys::aws_byte_cursor_from_string(s) };
    // SAFETY: the cursor points into `s`, valid for this call; copied at once.
    Some(String::from_utf8_lossy(unsafe { cursor_bytes(&c) }).into_owned())
}

unsafe extern "C" fn telemetry_callback(
    _meta: *mut sys::aws_s3_meta_request,
    metrics: *mut sys::aws_s3_request_metrics,
    user_data: *mut c_void,
) {
    // SAFETY: registered user data; see `state_ref`.
    let state = unsafe { state_ref(user_data) };
    if metrics.is_null() {
        return;
    }
    let mut m = RequestMetrics::default();
    let mut status: c_int = 0;
    // SAFETY: `metrics` is valid for this callback; `status` is a valid out-parameter.
    if unsafe { sys::aws_s3_request_metrics_get_response_status_code(metrics, &mut status) } == sys::AWS_OP_SUCCESS as c_int {
        m.status = u16::try_from(status).ok();
    }
    let mut headers: *mut sys::aws_http_headers = std::ptr::null_mut();
    // SAFETY: as above; the headers stay owned by the metrics.
    if unsafe { sys::aws_s3_request_metrics_get_response_headers(metrics, &mut headers) } == sys::AWS_OP_SUCCESS as c_int {
        // SAFETY: NULL or valid for this callback; copied at once.
        m.headers = unsafe { Headers::from_crt(headers) };
    }
    let mut id: *const sys::aws_string = std::ptr::null();
    // SAFETY: as above; the string stays owned by the metrics.
    if unsafe { sys::aws_s3_request_metrics_get_request_id(metrics, &mut id) } == sys::AWS_OP_SUCCESS as c_int {
        // SAFETY: NULL or valid for this callback.
        m.request_id = unsafe { string_from_crt(id) };
    }
    let mut op: *const sys::aws_string = std::ptr::null();
    // SAFETY: as above.
    if unsafe { sys::aws_s3_request_metrics_get_operation_name(metrics, &mut op) } == sys::AWS_OP_SUCCESS as c_int {
        // SAFETY: NULL or valid for this callback.
        m.operation = unsafe { string_from_crt(op) };
    }
    // SAFETY: `metrics` is valid for this callback.
    m.error_code = unsafe { sys::aws_s3_request_metrics_get_error_code(metrics) };
    if let Some(st) = m.status.filter(|s| *s >= 300) {
        let request_id = m.request_id.clone().or_else(|| m.headers.get("x-amz-request-id").map(str::to_owned));
        state.outcome().last_error_response = Some((st, request_id, m.operation.clone()));
    }
    let ok = state.guarded(|| {
        if let Some(cb) = state.on_metrics.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            cb(&m);
        }
        Ok(())
    });
    if !ok {
        // SAFETY: `_meta` is the live meta-request this callback is for; cancel is thread-safe.
        unsafe { sys::aws_s3_meta_request_cancel(_meta) };
    }
}

unsafe extern "C" fn finish_callback(
    _meta: *mut sys::aws_s3_meta_request,
    result: *const sys::aws_s3_meta_request_result,
    user_data: *mut c_void,
) {
    // SAFETY: registered user data; see `state_ref`.
    let state = unsafe { state_ref(user_data) };
    let outcome = if result.is_null() {
        Err(S3RequestError::Crt(CrtError::from_code(sys::aws_common_error::AWS_ERROR_UNKNOWN.0 as i32)))
    } else {
        // SAFETY: `result` is valid for the duration of this callback; everything is copied out.
        unsafe { translate_result(state, &*result) }
    };
    // The finish callback comes after every header, body and progress callback of this request, and
    // after the CRT has closed a `recv_filepath` file, so the result can be published now. (The state
    // itself lives until the shutdown callback, which needs the `MetaRequest` handle released.)
    let _ = catch_unwind(AssertUnwindSafe(|| {
        let outcome = match state.transform.lock().unwrap_or_else(|e| e.into_inner()).take() {
            Some(t) => t(outcome),
            None => outcome,
        };
        let outcome = match outcome {
            Err(S3RequestError::Service(se)) if needs_diagnosis(state, &se) => match start_diagnosis(state, se) {
                Ok(()) => return,
                Err(se) => Err(S3RequestError::Service(se)),
            },
            other => other,
        };
        state.completion.complete(outcome)
    }));
}

/// True when a GetObject failed in the CRT's size-discovery HeadObject, whose error answer has no
/// body and therefore no S3 error code.
fn needs_diagnosis(state: &RequestState, se: &ServiceError) -> bool {
    state.diagnose.is_some() && se.code.is_none() && se.operation.as_deref() == Some("HeadObject")
}

/// Re-asks the question as a one-byte GET, whose error answer has a body with the S3 code, message and
/// request id (as a direct GetObject would have returned). Its result completes the original request:
/// the follow-up's error if it has the same status, else the original error. Returns the original
/// error if the follow-up cannot be started.
fn start_diagnosis(state: &RequestState, original: ServiceError) -> Result<(), ServiceError> {
    let Some((client, endpoint, path, headers)) = &state.diagnose else { return Err(original) };
    let mut o = MetaRequestOptions::new(MetaRequestKind::Default("GetObject".into()), "GET", path.clone())
        .header("Range", "bytes=0-0");
    o.endpoint = endpoint.clone();
    for (n, v) in headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("range")) {
        o = o.header(n.clone(), v.clone());
    }
    let fallback = original.clone();
    o.chain = Some((
        state.completion.clone(),
        Box::new(move |r: MetaResult| match r {
            Err(S3RequestError::Service(se)) if se.status == fallback.status && se.code.is_some() => {
                Err(S3RequestError::Service(se))
            }
            _ => Err(S3RequestError::Service(fallback)),
        }),
    ));
    // The follow-up runs on its own; dropping its handle does not cancel it.
    match make_meta_request(client, o) {
        Ok(_follow_up) => Ok(()),
        Err(_) => Err(original),
    }
}

/// Builds our result from the CRT's.
///
/// # Safety
/// The pointers inside `r` must be valid (or NULL) for the duration of the call.
unsafe fn translate_result(state: &RequestState, r: &sys::aws_s3_meta_request_result) -> MetaResult {
    let mut out = state.outcome();
    if let Some(msg) = out.panic.clone() {
        return Err(S3RequestError::CallbackPanicked(msg));
    }
    if let Some(msg) = out.callback_error.clone() {
        return Err(S3RequestError::Callback(msg));
    }
    let status = u16::try_from(r.response_status).unwrap_or(0);
    if r.error_code == 0 {
        return Ok(MetaRequestOutput {
            status: if status != 0 { status } else { out.status },
            headers: std::mem::take(&mut out.headers),
            body: std::mem::take(&mut out.body),
            checksum_validated: r.did_validate,
        });
    }
    if r.error_code == S3_CANCELED {
        return Err(S3RequestError::Cancelled);
    }
    // An error answer from S3 (after the CRT's retries, a 500/503 is reported with its own error code,
    // e.g. AWS_ERROR_S3_INTERNAL_ERROR, but still with the response status, headers and body).
    if r.error_code == S3_INVALID_RESPONSE_STATUS || status >= 300 {
        // SAFETY: NULL or valid for the callback's duration, per the caller.
        let headers = unsafe { Headers::from_crt(r.error_response_headers) };
        let body = if r.error_response_body.is_null() {
            None
        } else {
            // SAFETY: non-NULL, valid for the callback's duration.
            let buf = unsafe { &*r.error_response_body };
            let c = sys::aws_byte_cursor { len: buf.len, ptr: buf.buffer };
            // SAFETY: `buffer` holds `len` initialised bytes while the callback runs; copied at once.
            Some(unsafe { cursor_bytes(&c) }.to_vec())
        };
        let operation = if r.error_response_operation_name.is_null() {
            None
        } else {
            // SAFETY: a valid `aws_string` for the callback's duration.
            let c = unsafe { sys::aws_byte_cursor_from_string(r.error_response_operation_name) };
            // SAFETY: the cursor points into that string; copied at once.
            Some(String::from_utf8_lossy(unsafe { cursor_bytes(&c) }).into_owned())
        };
        return Err(S3RequestError::Service(parse_service_error(status, &headers, body.as_deref(), operation)));
    }
    // A 5xx the CRT retried and gave up on comes without status or body; the telemetry kept the
    // last error answer's status, request id and operation.
    if let Some((status, request_id, operation)) = out.last_error_response.clone() {
        if status >= 500 && (r.error_code == S3_INTERNAL_ERROR || r.error_code == S3_SLOW_DOWN) {
            return Err(S3RequestError::Service(ServiceError { status, code: None, message: None, request_id, operation }));
        }
    }
    Err(S3RequestError::Crt(CrtError::from_code(r.error_code)))
}

const S3_INTERNAL_ERROR: i32 = sys::aws_s3_errors::AWS_ERROR_S3_INTERNAL_ERROR.0 as i32;
const S3_SLOW_DOWN: i32 = sys::aws_s3_errors::AWS_ERROR_S3_SLOW_DOWN.0 as i32;

unsafe extern "C" fn shutdown_callback(user_data: *mut c_void) {
    if user_data.is_null() {
        return;
    }
    // SAFETY: the `Box<RequestState>` leaked in `make_meta_request`. The shutdown callback is the
    // CRT's last call for this meta-request and happens exactly once, so this is the only reclaim.
    let state = unsafe { Box::from_raw(user_data as *mut RequestState) };
    let _ = catch_unwind(AssertUnwindSafe(move || {
        let completion = state.completion.clone();
        // Frees the user callbacks and everything the C options pointed into.
        drop(state);
        // A meta-request always finishes before it shuts down; this only guards against a CRT that
        // would not, so that a waiter can never hang.
        if !completion.is_complete() {
            completion.complete(Err(S3RequestError::Crt(CrtError::from_code(
                sys::aws_common_error::AWS_ERROR_UNKNOWN.0 as i32,
            ))));
        }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_error_document_is_parsed_with_request_id_from_header_or_body() {
        let body = br#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist &amp; never did</Message>
<Key>a&lt;b</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>abc</HostId></Error>"#;
        let no_headers = Headers::default();
        let e = parse_service_error(404, &no_headers, Some(body), Some("GetObject".into()));
        assert_eq!(e.status, 404);
        assert_eq!(e.code.as_deref(), Some("NoSuchKey"));
        assert_eq!(e.message.as_deref(), Some("The specified key does not exist & never did"));
        assert_eq!(e.request_id.as_deref(), Some("4442587FB7D0A2F9"));
        assert_eq!(e.operation.as_deref(), Some("GetObject"));

        // The response header wins over the body (it is present even when the body is not).
        let headers = Headers(vec![("X-Amz-Request-Id".into(), "HEADERID".into())]);
        let e = parse_service_error(403, &headers, None, Some("HeadObject".into()));
        assert_eq!(e.request_id.as_deref(), Some("HEADERID"));
        assert_eq!(e.code, None);
        let err = S3RequestError::Service(e);
        assert_eq!(err.http_status(), Some(403));
        assert_eq!(err.request_id(), Some("HEADERID"));
        assert!(err.to_string().contains("HTTP 403"), "{err}");
    }

    #[test]
    fn object_paths_are_uri_encoded_except_slashes_and_unreserved() {
        assert_eq!(object_path("bkt", "a/b c+d%e~f_g.h-i"), "/bkt/a/b%20c%2Bd%25e~f_g.h-i");
        assert_eq!(object_path("bkt", "ünï"), "/bkt/%C3%BCn%C3%AF");
        assert_eq!(uri_encode_path("?&=#"), "%3F%26%3D%23");
    }

    #[test]
    fn unknown_crt_error_codes_still_have_a_name() {
        let e = CrtError::from_code(987_654);
        assert_eq!(e.code, 987_654);
        assert!(!e.name.is_empty() && !e.message.is_empty(), "{e:?}");
        assert!(CrtError::from_code(S3_CANCELED).is_cancelled());
    }
}
