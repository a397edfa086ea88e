//! What a meta-request is asked to do ([`MetaRequestOptions`]) and what it reports as it runs.

use std::ffi::c_int;
use std::fmt;
use std::path::{Path, PathBuf};

use bytes::Bytes;

use super::super::common::cursor_bytes;
use super::super::sys;

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
    Async(super::super::async_stream::AsyncBody),
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

pub(super) type HeadersCallback = Box<dyn FnMut(u16, &Headers) + Send>;
pub(super) type MetricsCallback = Box<dyn FnMut(&RequestMetrics) + Send>;
pub(super) type BodyCallback = Box<dyn FnMut(u64, &[u8]) -> Result<(), String> + Send>;
pub(super) type ProgressCallback = Box<dyn FnMut(Progress) + Send>;

/// Everything needed to start a meta-request. Made by one of the constructors and refined with the
/// chained setters, then passed to [`S3Client::send`](super::S3Client::send). Paths are already URI-encoded: this layer
/// knows no bucket or key.
pub struct MetaRequestOptions {
    pub(super) kind: MetaRequestKind,
    pub(super) method: String,
    pub(super) path: String,
    pub(super) endpoint: Option<String>,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: RequestBody,
    pub(super) recv_file: Option<PathBuf>,
    pub(super) keep_recv_file_on_failure: bool,
    pub(super) checksum: ChecksumMode,
    pub(super) part_size: Option<u64>,
    pub(super) multipart_threshold: Option<u64>,
    pub(super) copy_source_uri: Option<String>,
    pub(super) object_size_hint: Option<u64>,
    pub(super) collect_body: bool,
    pub(super) on_headers: Option<HeadersCallback>,
    pub(super) on_body: Option<BodyCallback>,
    pub(super) on_progress: Option<ProgressCallback>,
    pub(super) on_metrics: Option<MetricsCallback>,
}

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
    /// PutObject (multipart above the threshold) of `body` to `path`, with a CRC32 trailing checksum.
    pub fn put_object(path: impl Into<String>, body: RequestBody) -> Self {
        let mut o = Self::new(MetaRequestKind::PutObject, "PUT", path.into());
        o.body = body;
        o.checksum = ChecksumMode::TrailerCrc32;
        o
    }

    /// GetObject (ranged parallel parts) of `path`; choose where bytes go with
    /// [`MetaRequestOptions::to_file`], [`MetaRequestOptions::on_body`] or
    /// [`MetaRequestOptions::collect_body`]. Response checksums are validated when the server has them.
    pub fn get_object(path: impl Into<String>) -> Self {
        let mut o = Self::new(MetaRequestKind::GetObject, "GET", path.into());
        o.checksum = ChecksumMode::ValidateResponse;
        o
    }

    /// CopyObject (multipart copy for large objects) to `path` from `copy_source` (the
    /// `x-amz-copy-source` value: encoded `bucket/key`, no leading slash), whose full URI
    /// (`scheme://host[:port]/path`) the CRT's own HeadObject of the source uses.
    pub fn copy_object(path: impl Into<String>, copy_source: impl Into<String>, source_uri: impl Into<String>) -> Self {
        let mut o = Self::new(MetaRequestKind::CopyObject, "PUT", path.into());
        o.headers.push(("x-amz-copy-source".into(), copy_source.into()));
        o.copy_source_uri = Some(source_uri.into());
        o
    }

    /// Any single request sent as-is: `operation` is its name (for metrics, error reports and the
    /// CRT's per-operation behaviour).
    pub fn request(operation: &str, method: &str, path_and_query: impl Into<String>) -> Self {
        Self::new(MetaRequestKind::Default(operation.into()), method, path_and_query.into())
    }

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
    /// own HeadObject of the source.
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
    pub(super) unsafe fn from_crt(headers: *const sys::aws_http_headers) -> Self {
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