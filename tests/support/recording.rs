//! The same s3s-fs server as [`super::server::TestServer`], plus a log of every request it received
//! (operation name, method, URI and headers), taken by an `s3s` access hook before the operation runs.
//!
//! Use it where a test must check what reached the server and the stored object cannot show it, e.g.
//! SSE-C headers (s3s-fs 0.14.1 accepts and ignores SSE-C: it stores plaintext and does not check the
//! key on GET), the number of UploadPart / GetObject requests, or `If-Match` on ranged GETs.
//!
//! It can also answer chosen operations with an S3 error instead of running them
//! ([`RecordingServer::fail_requests`]), e.g. every UploadPart with 500 InternalError, and make GET
//! honour `If-Match` as S3 does ([`RecordingServer::enforce_if_match`]).
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use s3s::access::{S3Access, S3AccessContext};
use s3s::S3Result;

use super::server::{ServerOptions, TestServer};

/// One request as the server saw it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// S3 operation name as s3s routed it, e.g. `PutObject`, `UploadPart`, `GetObject`, `HeadObject`.
    pub op: String,
    /// HTTP method.
    pub method: String,
    /// Request URI (path and query).
    pub uri: String,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
}

/// Checksums as (algorithm, base64 value), e.g. `("CRC32", "A1I/WA==")`.
pub type Checksums = Vec<(&'static str, String)>;

/// What one CompleteMultipartUpload said: its parsed part list and its checksum fields.
#[derive(Clone, Debug)]
pub struct RecordedCompletion {
    pub key: String,
    /// The parts in the order sent: (part number, ETag, checksums as (algorithm, base64 value)).
    pub parts: Vec<(i32, String, Checksums)>,
    /// `x-amz-checksum-type` (e.g. `FULL_OBJECT`), if sent.
    pub checksum_type: Option<String>,
    /// `x-amz-mp-object-size`, if sent.
    pub mpu_object_size: Option<i64>,
    /// The whole object's checksums sent on the completion, as (algorithm, value).
    pub object_checksums: Checksums,
}

impl RecordedRequest {
    /// The value of a header (case-insensitive name), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }
}

type Log = Arc<Mutex<Vec<RecordedRequest>>>;

/// An error the server answers instead of running the operation.
#[derive(Clone, Debug)]
struct Injection {
    op: String,
    remaining: u32,
    code: s3s::S3ErrorCode,
}

type Injections = Arc<Mutex<Vec<Injection>>>;

struct Recorder {
    log: Log,
    injections: Injections,
    /// Storage root, for the If-Match check.
    root: std::path::PathBuf,
    enforce_if_match: Arc<std::sync::atomic::AtomicBool>,
    completions: Arc<Mutex<Vec<RecordedCompletion>>>,
}

// `S3Access` is declared with `#[async_trait]`; this is the signature that macro expands to, written
// out so the tests need no extra dev-dependency.
impl S3Access for Recorder {
    fn check<'life0, 'life1, 'life2, 'async_trait>(
        &'life0 self,
        cx: &'life1 mut S3AccessContext<'life2>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        'life2: 'async_trait,
        Self: 'async_trait,
    {
        let rec = RecordedRequest {
            op: cx.s3_op().name().to_owned(),
            method: cx.method().to_string(),
            uri: cx.uri().to_string(),
            headers: cx
                .headers()
                .iter()
                .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect(),
        };
        let has_creds = cx.credentials().is_some();
        // Operations with a request body fail in their own hook, after the body was read: answering
        // before would make the client see a broken pipe instead of the S3 error.
        let injected = if BODY_OPS.contains(&rec.op.as_str()) { None } else { self.take_injection(&rec.op) };
        self.log.lock().unwrap().push(rec);
        Box::pin(async move {
            if let Some(code) = injected {
                Err(s3s::S3Error::with_message(code, "injected by the test server"))
            } else if has_creds {
                Ok(())
            } else {
                Err(s3s::s3_error!(AccessDenied, "Signature is required"))
            }
        })
    }

    fn put_object<'life0, 'life1, 'async_trait>(
        &'life0 self,
        req: &'life1 mut s3s::S3Request<s3s::dto::PutObjectInput>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        let injected = self.take_injection("PutObject");
        let body = if injected.is_some() { req.input.body.take() } else { None };
        Box::pin(async move {
            match injected {
                Some(code) => drain_then_fail(body, code).await,
                None => Ok(()),
            }
        })
    }

    fn get_object<'life0, 'life1, 'async_trait>(
        &'life0 self,
        req: &'life1 mut s3s::S3Request<s3s::dto::GetObjectInput>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        // s3s-fs ignores If-Match on GET; real S3 answers 412 when the object changed. Emulate that
        // for objects written with `put_object_bytes` (their ETag is the MD5 of the content).
        let mut result = Ok(());
        if self.enforce_if_match.load(std::sync::atomic::Ordering::SeqCst) {
            if let Some(expected) = req.input.if_match.as_ref().and_then(|c| c.as_etag()) {
                if let Some(current) = self.md5_etag(&req.input.bucket, &req.input.key) {
                    if expected.value().trim_matches('"') != current {
                        result = Err(s3s::s3_error!(PreconditionFailed, "At least one of the pre-conditions you specified did not hold"));
                    }
                }
            }
        }
        Box::pin(async move { result })
    }

    fn upload_part_copy<'life0, 'life1, 'async_trait>(
        &'life0 self,
        req: &'life1 mut s3s::S3Request<s3s::dto::UploadPartCopyInput>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        // s3s-fs ignores x-amz-copy-source-if-match on UploadPartCopy; S3 answers 412.
        let mut result = Ok(());
        if self.enforce_if_match.load(std::sync::atomic::Ordering::SeqCst) {
            let expected = req.input.copy_source_if_match.as_ref().and_then(|c| c.as_etag());
            if let (Some(expected), s3s::dto::CopySource::Bucket { bucket, key, .. }) = (expected, &req.input.copy_source) {
                if let Some(current) = self.md5_etag(bucket, key) {
                    if expected.value().trim_matches('"') != current {
                        result = Err(s3s::s3_error!(PreconditionFailed, "At least one of the pre-conditions you specified did not hold"));
                    }
                }
            }
        }
        Box::pin(async move { result })
    }

    fn complete_multipart_upload<'life0, 'life1, 'async_trait>(
        &'life0 self,
        req: &'life1 mut s3s::S3Request<s3s::dto::CompleteMultipartUploadInput>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        let i = &req.input;
        let checksums = |crc32: &Option<String>, crc32c: &Option<String>, crc64: &Option<String>, sha1: &Option<String>, sha256: &Option<String>| {
            [("CRC32", crc32), ("CRC32C", crc32c), ("CRC64NVME", crc64), ("SHA1", sha1), ("SHA256", sha256)]
                .into_iter()
                .filter_map(|(alg, v)| v.clone().map(|v| (alg, v)))
                .collect::<Vec<_>>()
        };
        let parts = i
            .multipart_upload
            .as_ref()
            .and_then(|m| m.parts.as_ref())
            .map(|parts| {
                parts
                    .iter()
                    .map(|p| {
                        let etag = p.e_tag.as_ref().map(|e| e.value().to_owned()).unwrap_or_default();
                        let sums = checksums(&p.checksum_crc32, &p.checksum_crc32c, &p.checksum_crc64nvme, &p.checksum_sha1, &p.checksum_sha256);
                        (p.part_number.unwrap_or(0), etag, sums)
                    })
                    .collect()
            })
            .unwrap_or_default();
        self.completions.lock().unwrap().push(RecordedCompletion {
            key: i.key.clone(),
            parts,
            checksum_type: i.checksum_type.as_ref().map(|t| t.as_str().to_owned()),
            mpu_object_size: i.mpu_object_size,
            object_checksums: checksums(&i.checksum_crc32, &i.checksum_crc32c, &i.checksum_crc64nvme, &i.checksum_sha1, &i.checksum_sha256),
        });
        Box::pin(async move { Ok(()) })
    }

    fn upload_part<'life0, 'life1, 'async_trait>(
        &'life0 self,
        req: &'life1 mut s3s::S3Request<s3s::dto::UploadPartInput>,
    ) -> Pin<Box<dyn Future<Output = S3Result<()>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        let injected = self.take_injection("UploadPart");
        let body = if injected.is_some() { req.input.body.take() } else { None };
        Box::pin(async move {
            match injected {
                Some(code) => drain_then_fail(body, code).await,
                None => Ok(()),
            }
        })
    }
}

const BODY_OPS: &[&str] = &["PutObject", "UploadPart"];

impl Recorder {
    /// The MD5 ETag (hex, unquoted) of an object's current content, if it exists.
    fn md5_etag(&self, bucket: &str, key: &str) -> Option<String> {
        use md5::Digest;
        let bytes = std::fs::read(self.root.join(bucket).join(key)).ok()?;
        Some(md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect())
    }

    fn take_injection(&self, op: &str) -> Option<s3s::S3ErrorCode> {
        let mut inj = self.injections.lock().unwrap();
        inj.iter_mut().find(|i| i.op == op && i.remaining > 0).map(|i| {
            if i.remaining != u32::MAX {
                i.remaining -= 1;
            }
            i.code.clone()
        })
    }
}

/// Reads a request body to its end (so the client finishes sending), then fails with `code`.
async fn drain_then_fail(body: Option<s3s::dto::StreamingBlob>, code: s3s::S3ErrorCode) -> S3Result<()> {
    use futures::StreamExt;
    if let Some(mut body) = body {
        while let Some(chunk) = body.next().await {
            if chunk.is_err() {
                break;
            }
        }
    }
    Err(s3s::S3Error::with_message(code, "injected by the test server"))
}

/// An s3s-fs server on 127.0.0.1 that records every request: a [`TestServer`] (its storage and client
/// methods through `Deref`) whose requests pass through the recording access hook.
pub struct RecordingServer {
    server: TestServer,
    log: Log,
    injections: Injections,
    enforce_if_match: Arc<std::sync::atomic::AtomicBool>,
    completions: Arc<Mutex<Vec<RecordedCompletion>>>,
}

impl std::ops::Deref for RecordingServer {
    type Target = TestServer;
    fn deref(&self) -> &TestServer {
        &self.server
    }
}

impl RecordingServer {
    /// Starts the server and waits until it accepts connections.
    pub fn start() -> Self {
        Self::start_serving(|fs| fs)
    }

    /// Like [`RecordingServer::start`], but HeadObject and GetObject answer without an `ETag` header,
    /// as some S3-compatible stores and proxies do: a client cannot pin ranged GETs or copied parts to
    /// an ETag it never got.
    pub fn start_without_etags() -> Self {
        Self::start_serving(WithoutEtags)
    }

    fn start_serving<S: s3s::S3>(wrap: impl FnOnce(s3s_fs::FileSystem) -> S) -> Self {
        let log: Log = Arc::default();
        let injections: Injections = Arc::default();
        let enforce_if_match = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let completions: Arc<Mutex<Vec<RecordedCompletion>>> = Arc::default();
        let server = TestServer::start_wrapped_with_access(ServerOptions::default(), wrap, |root| Recorder {
            log: log.clone(),
            injections: injections.clone(),
            root: root.to_owned(),
            enforce_if_match: enforce_if_match.clone(),
            completions: completions.clone(),
        });
        Self { server, log, injections, enforce_if_match, completions }
    }

    /// Every CompleteMultipartUpload received so far (its part list and checksums), in order.
    pub fn completions(&self) -> Vec<RecordedCompletion> {
        self.completions.lock().unwrap().clone()
    }

    /// Every request received so far, in arrival order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.log.lock().unwrap().clone()
    }

    /// Requests of one operation (e.g. `"UploadPart"`).
    pub fn requests_of(&self, op: &str) -> Vec<RecordedRequest> {
        self.requests().into_iter().filter(|r| r.op == op).collect()
    }

    /// Answers the next `times` requests of operation `op` (e.g. `"UploadPart"`) with the S3 error
    /// `code` instead of running them (`u32::MAX`: every one). The requests are still recorded. The
    /// status is the code's usual one (InternalError 500, SlowDown 503, ...).
    pub fn fail_requests(&self, op: &str, times: u32, code: s3s::S3ErrorCode) {
        self.injections.lock().unwrap().push(Injection { op: op.to_owned(), remaining: times, code });
    }

    /// Makes GetObject honour `If-Match` and UploadPartCopy `x-amz-copy-source-if-match` as S3 does (412
    /// PreconditionFailed when the object's MD5 ETag differs), which s3s-fs does not. Only for objects written with `put_object_bytes` or a single
    /// PUT (whose ETag is the MD5 of the content).
    pub fn enforce_if_match(&self, on: bool) {
        self.enforce_if_match.store(on, std::sync::atomic::Ordering::SeqCst);
    }

    /// Stops serving now, keeping the storage (see [`TestServer::kill`]).
    pub fn kill(&mut self) {
        self.server.kill();
    }

    /// Stops every injected failure.
    pub fn clear_failures(&self) {
        self.injections.lock().unwrap().clear();
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        self.log.lock().unwrap().clear();
    }
}


/// s3s-fs with the `ETag` taken out of HeadObject and GetObject answers; every other operation the
/// transfer tests use is forwarded unchanged.
struct WithoutEtags(s3s_fs::FileSystem);

// `async_trait` rewrites the methods it sees in the impl, so the macro writes the whole impl.
macro_rules! without_etags_forwarding {
    ($($op:ident: $input:ident => $output:ident),+ $(,)?) => {
        #[async_trait::async_trait]
        impl s3s::S3 for WithoutEtags {
            async fn head_object(&self, req: s3s::S3Request<s3s::dto::HeadObjectInput>) -> S3Result<s3s::S3Response<s3s::dto::HeadObjectOutput>> {
                let mut resp = self.0.head_object(req).await?;
                resp.output.e_tag = None;
                Ok(resp)
            }

            async fn get_object(&self, req: s3s::S3Request<s3s::dto::GetObjectInput>) -> S3Result<s3s::S3Response<s3s::dto::GetObjectOutput>> {
                let mut resp = self.0.get_object(req).await?;
                resp.output.e_tag = None;
                Ok(resp)
            }

            $(
                async fn $op(&self, req: s3s::S3Request<s3s::dto::$input>) -> S3Result<s3s::S3Response<s3s::dto::$output>> {
                    self.0.$op(req).await
                }
            )+
        }
    };
}

without_etags_forwarding! {
    create_bucket: CreateBucketInput => CreateBucketOutput,
    head_bucket: HeadBucketInput => HeadBucketOutput,
    put_object: PutObjectInput => PutObjectOutput,
    copy_object: CopyObjectInput => CopyObjectOutput,
    delete_object: DeleteObjectInput => DeleteObjectOutput,
    delete_objects: DeleteObjectsInput => DeleteObjectsOutput,
    create_multipart_upload: CreateMultipartUploadInput => CreateMultipartUploadOutput,
    upload_part: UploadPartInput => UploadPartOutput,
    upload_part_copy: UploadPartCopyInput => UploadPartCopyOutput,
    complete_multipart_upload: CompleteMultipartUploadInput => CompleteMultipartUploadOutput,
    abort_multipart_upload: AbortMultipartUploadInput => AbortMultipartUploadOutput,
    list_parts: ListPartsInput => ListPartsOutput,
    list_objects_v2: ListObjectsV2Input => ListObjectsV2Output,
}
