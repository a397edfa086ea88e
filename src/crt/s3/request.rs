//! Running meta-requests: the handle ([`MetaRequest`]), the future of its result, and the one boxed
//! per-request state that the C callbacks use, leaked exactly once when the meta-request is created
//! and reclaimed exactly once in the CRT's shutdown callback (or at once if creation fails).

use std::ffi::{c_int, c_void};
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::pin::Pin;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use super::super::common::{cursor, cursor_bytes, init, panic_message, raise_error, CrtError, S3_CANCELED, S3_INVALID_RESPONSE_STATUS};
use super::super::stream::InputStream;
use super::super::sys;
use super::options::{BodyCallback, HeadersCallback, MetricsCallback, ProgressCallback};
use super::{ErrorResponse, Headers, MetaRequestKind, MetaRequestOptions, MetaRequestOutput, RequestBody, ChecksumMode, Progress, RequestMetrics, S3Client, S3RequestError};

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
        super::super::common::op_result(rc)?;
        // SAFETY: as above; the path is copied.
        let rc = unsafe { sys::aws_http_message_set_request_path(msg.0.as_ptr(), cursor(path.as_bytes())) };
        super::super::common::op_result(rc)?;
        for (name, value) in headers {
            // SAFETY: all-zero is a valid header (no compression hint); name and value set below.
            let mut h: sys::aws_http_header = unsafe { std::mem::zeroed() };
            h.name = cursor(name.as_bytes());
            h.value = cursor(value.as_bytes());
            // SAFETY: the cursors point into `headers`, alive for the call; the message copies them.
            let rc = unsafe { sys::aws_http_message_add_header(msg.0.as_ptr(), h) };
            super::super::common::op_result(rc)?;
        }
        Ok(msg)
    }

    fn set_body_stream(&self, stream: &InputStream) {
        // SAFETY: both are valid; the message acquires its own reference to the stream.
        unsafe { sys::aws_http_message_set_body_stream(self.0.as_ptr(), stream.as_ptr()) };
    }
}

/// Everything one meta-request's callbacks use and everything its C options point into.
struct RequestState {
    // Pointed into by the C options; kept until shutdown although the CRT copies most of it.
    _message: HttpMessage,
    _endpoint: OwnedUri,
    _body_stream: Option<InputStream>,
    _async_stream: Option<super::super::async_stream::AsyncInputStream>,
    _send_filepath: Option<Vec<u8>>,
    _recv_filepath: Option<Vec<u8>>,
    _operation_name: Option<String>,
    _copy_source_uri: Option<String>,
    _object_size_hint: Option<Box<u64>>,
    _checksum: Box<sys::aws_s3_checksum_config>,
    collect_body: bool,
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

pub(super) fn make_meta_request(client: &S3Client, o: MetaRequestOptions) -> Result<MetaRequest, S3RequestError> {
    if o.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        return Err(S3RequestError::InvalidArgument(
            "do not set a Host header: the CRT sets it from the endpoint".into(),
        ));
    }
    let endpoint_url = o.endpoint.clone().unwrap_or_else(|| client.endpoint_string().clone());
    let scheme = |u: &str| u.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if scheme(&endpoint_url) != scheme(&client.endpoint_string()) {
        return Err(S3RequestError::InvalidArgument(format!(
            "endpoint {endpoint_url:?} does not use the client's scheme ({:?})",
            client.endpoint_string()
        )));
    }
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
    let completion = Arc::new(Completion::default());
    let state = Box::new(RequestState {
        _message: message,
        _endpoint: endpoint,
        _body_stream: body_stream,
        _async_stream: match &o.body {
            RequestBody::Async(b) => Some(super::super::async_stream::AsyncInputStream::new(b.clone())),
            _ => None,
        },
        _send_filepath: send_filepath,
        _recv_filepath: recv_filepath,
        _operation_name: operation_name,
        _copy_source_uri: o.copy_source_uri,
        _object_size_hint: o.object_size_hint.map(Box::new),
        _checksum: checksum,
        collect_body: o.collect_body,
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
    // Everything that allocates or runs user code runs inside the guard.
    let ok = state.guarded(|| {
        // SAFETY: `headers` is valid for the duration of this callback; copied at once.
        let headers = unsafe { Headers::from_crt(headers) };
        let status = u16::try_from(response_status).unwrap_or(0);
        if let Some(cb) = state.on_headers.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
            cb(status, &headers);
        }
        let mut out = state.outcome();
        out.status = status;
        out.headers = headers;
        Ok(())
    });
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
    // Everything that allocates or runs user code runs inside the guard.
    let ok = state.guarded(|| {
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
    // Copying the result out allocates: inside the guard too.
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if result.is_null() {
            Err(S3RequestError::Crt(CrtError::from_code(sys::aws_common_error::AWS_ERROR_UNKNOWN.0 as i32)))
        } else {
            // SAFETY: `result` is valid for the duration of this callback; everything is copied out.
            unsafe { translate_result(state, &*result) }
        }
    }))
    .unwrap_or_else(|p| Err(S3RequestError::CallbackPanicked(panic_message(&*p))));
    // The finish callback comes after every header, body and progress callback of this request, and
    // after the CRT has closed a `recv_filepath` file, so the result can be published now. (The state
    // itself lives until the shutdown callback, which needs the `MetaRequest` handle released.)
    let _ = catch_unwind(AssertUnwindSafe(|| state.completion.complete(outcome)));
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
        return Err(S3RequestError::Service(ErrorResponse { status, headers, body, operation }));
    }
    // A 5xx the CRT retried and gave up on comes without status or body; the telemetry kept the
    // last error answer's status, request id and operation.
    if let Some((status, request_id, operation)) = out.last_error_response.clone() {
        if status >= 500 && (r.error_code == S3_INTERNAL_ERROR || r.error_code == S3_SLOW_DOWN) {
            let headers = Headers(request_id.map(|id| ("x-amz-request-id".to_owned(), id)).into_iter().collect());
            return Err(S3RequestError::Service(ErrorResponse { status, headers, body: None, operation }));
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
