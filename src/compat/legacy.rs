//! The legacy API (s3transfer/__init__.py): s3transfer's original, simpler `S3Transfer` with blocking
//! [`S3Transfer::upload_file`] / [`S3Transfer::download_file`], a plain progress callback, its own
//! [`TransferConfig`] and the [`ShutdownQueue`] used between ranged GETs and the file writer.
//!
//! This is **not** what boto3 uses (boto3's `S3Transfer` wraps `TransferManager`); use
//! [`crate::TransferManager`] for new code. Calls block the calling thread on the transfer's own
//! tokio runtime, so they must not be made from inside an async task (that is refused with
//! [`TransferError::InvalidArgument`]).
//!
//! Upstream quirks, all **fixed** here:
//! * `ALLOWED_UPLOAD_ARGS` lists `GrantWriteACP` (upstream's typo `GrantWriteACL` made the real
//!   parameter impossible to pass).
//! * Multipart part sizes are adjusted with [`ChunksizeAdjuster`](crate::compat::utils::ChunksizeAdjuster) (≤ 10,000 parts, 5 MiB..5 GiB);
//!   upstream used the raw chunksize.
//! * CompleteMultipartUpload carries `SSECustomerAlgorithm`/`SSECustomerKey`/`SSECustomerKeyMD5`
//!   and `RequestPayer` (upstream sent none).
//! * Ranged GETs carry the download extra args (upstream dropped them, so SSE-C ranged downloads
//!   failed).
//! * Download retries cover network errors only (a reset, timeout or short body); a local file
//!   error (e.g. a missing destination directory) fails at once instead of after every attempt.
//! * The temp file name is truncated to fit 255 bytes, as the manager's.
//! * After the first failed part of a multipart upload no other part starts; the upload is aborted
//!   once the parts in flight ended (upstream sent every remaining part first).
//! * [`ShutdownQueue::trigger_shutdown`] wakes producers blocked in `put` on a full queue (upstream
//!   could hang a download when its writer died).
//!
//! Progress: `callback(n)` receives the bytes moved since the previous call, never 0 and never
//! negative, and the calls of a successful transfer sum to exactly its size:
//! * Uploads report as the request body is sent: the body is handed to the HTTP layer in frames of
//!   at most [`UPLOAD_PROGRESS_CHUNK`] (256 KiB), each reported as it is taken (upstream reported
//!   each read of its `ReadFileChunk` body, so an 8 MiB part is many calls, not one).
//! * Downloads report each received body chunk.
//! * Retries: a failed PutObject / UploadPart is retried by the `aws_sdk_s3::Client` itself (its
//!   retry config, as upstream relied on botocore's retries); a GET whose body breaks is retried
//!   here, `num_download_attempts` times in all. Upstream rewound upload progress with a negative
//!   amount when botocore re-read the body, and double counted retried downloads. Here the callback
//!   is unsigned, and **a retried request reports nothing until it gets past the bytes an earlier
//!   attempt reported**, for uploads and downloads alike, so progress never goes back and never
//!   counts a byte twice. (A failed upload may have reported bytes of parts that never completed.)
//!
//! ```no_run
//! use std::sync::Arc;
//! use s3transfer::compat::legacy::{S3Transfer, TransferConfig};
//! # fn demo(client: aws_sdk_s3::Client) -> s3transfer::Result<()> {
//! let t = S3Transfer::new(client, TransferConfig::default())?;
//! t.upload_file("/tmp/in.bin", "bucket", "key", Some(Arc::new(|n| println!("+{n}"))), None)?;
//! t.download_file("bucket", "key", "/tmp/out.bin", None, None)?;
//! # Ok(()) }
//! ```

use std::collections::VecDeque;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

use std::io::Read;
use std::sync::atomic::{AtomicU64, Ordering};

use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_types::body::SdkBody;
use bytes::Bytes;

use super::files::{DeferredOpenFile, ReadFileChunk};
use crate::args::ExtraArgs;
use crate::error::{Result, TransferError};
use crate::fs::StagedFile;
use crate::s3::get::{get_object, GetRequest, GetSink};
use crate::s3::parts::{calculate_num_parts, calculate_range_parameter, upload_part_size};
use crate::s3::{head, multipart, shape};

/// Upstream's legacy module also exports these helpers; here they are the [`crate::compat::utils`]
/// ones (their progress callbacks skip 0-byte reads, and `ReadFileChunk` seeks relative to its window).
pub use super::files::{OsUtils, StreamReaderProgress};
pub use crate::fs::random_file_extension;

const MB: u64 = 1024 * 1024;

/// Download extra args the legacy API accepts.
pub const ALLOWED_DOWNLOAD_ARGS: &[&str] =
    &["VersionId", "SSECustomerAlgorithm", "SSECustomerKey", "SSECustomerKeyMD5", "RequestPayer"];

/// Upload extra args the legacy API accepts (`GrantWriteACP`, fixing upstream's `GrantWriteACL`).
pub const ALLOWED_UPLOAD_ARGS: &[&str] = &[
    "ACL",
    "CacheControl",
    "ContentDisposition",
    "ContentEncoding",
    "ContentLanguage",
    "ContentType",
    "Expires",
    "GrantFullControl",
    "GrantRead",
    "GrantReadACP",
    "GrantWriteACP",
    "Metadata",
    "RequestPayer",
    "ServerSideEncryption",
    "StorageClass",
    "SSECustomerAlgorithm",
    "SSECustomerKey",
    "SSECustomerKeyMD5",
    "SSEKMSKeyId",
    "SSEKMSEncryptionContext",
    "Tagging",
];

/// Args of UploadPart and (fixed) CompleteMultipartUpload.
const PART_ARGS: &[&str] = &["SSECustomerKey", "SSECustomerAlgorithm", "SSECustomerKeyMD5", "RequestPayer"];

/// The legacy configuration (s3transfer/__init__.py `TransferConfig`; no validation upstream, here zero
/// sizes are refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransferConfig {
    /// Size at or above which multipart upload / ranged download is used (8 MiB).
    pub multipart_threshold: u64,
    /// Parts in flight at once (10).
    pub max_concurrency: usize,
    /// Part size (8 MiB; adjusted to S3's limits for uploads).
    pub multipart_chunksize: u64,
    /// GET attempts per range (5).
    pub num_download_attempts: usize,
    /// Chunks queued between the GETs and the file writer (100).
    pub max_io_queue: usize,
}

impl Default for TransferConfig {
    fn default() -> Self {
        Self {
            multipart_threshold: 8 * MB,
            max_concurrency: 10,
            multipart_chunksize: 8 * MB,
            num_download_attempts: 5,
            max_io_queue: 100,
        }
    }
}

impl TransferConfig {
    fn validate(&self) -> Result<()> {
        for (name, v) in [
            ("multipart_threshold", self.multipart_threshold),
            ("max_concurrency", self.max_concurrency as u64),
            ("multipart_chunksize", self.multipart_chunksize),
            ("num_download_attempts", self.num_download_attempts as u64),
            ("max_io_queue", self.max_io_queue as u64),
        ] {
            if v == 0 {
                return Err(TransferError::invalid(format!("legacy TransferConfig.{name} must be greater than 0")));
            }
        }
        Ok(())
    }
}

/// A progress callback: bytes moved since the previous call.
pub type Callback = Arc<dyn Fn(u64) + Send + Sync>;

/// A bounded FIFO queue whose [`ShutdownQueue::trigger_shutdown`] makes every later (and every
/// blocked) `put` fail with [`TransferError::QueueShutdown`]; `get` keeps working.
///
/// ```
/// use s3transfer::compat::legacy::ShutdownQueue;
/// let q = ShutdownQueue::new(2);
/// q.put(1).unwrap();
/// q.trigger_shutdown();
/// assert!(q.put(2).is_err());
/// assert_eq!(q.get(), 1);
/// ```
#[derive(Debug)]
pub struct ShutdownQueue<T> {
    state: Mutex<(VecDeque<T>, bool)>,
    maxsize: usize,
    not_full: Condvar,
    not_empty: Condvar,
}

impl<T> ShutdownQueue<T> {
    /// A queue holding at most `maxsize` items (0 = unbounded).
    pub fn new(maxsize: usize) -> Self {
        Self { state: Mutex::new((VecDeque::new(), false)), maxsize, not_full: Condvar::new(), not_empty: Condvar::new() }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (VecDeque<T>, bool)> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Adds `item`, waiting while the queue is full; `Err(QueueShutdown)` after a shutdown
    /// (also for a producer that was waiting when it happened).
    pub fn put(&self, item: T) -> Result<()> {
        let mut st = self.lock();
        loop {
            if st.1 {
                return Err(TransferError::QueueShutdown);
            }
            if self.maxsize == 0 || st.0.len() < self.maxsize {
                st.0.push_back(item);
                self.not_empty.notify_one();
                return Ok(());
            }
            st = self.not_full.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Takes the oldest item, waiting until there is one.
    pub fn get(&self) -> T {
        let mut st = self.lock();
        loop {
            if let Some(x) = st.0.pop_front() {
                self.not_full.notify_one();
                return x;
            }
            st = self.not_empty.wait(st).unwrap_or_else(|p| p.into_inner());
        }
    }

    /// Refuses every later `put` and wakes the blocked ones.
    pub fn trigger_shutdown(&self) {
        self.lock().1 = true;
        self.not_full.notify_all();
    }

    /// Items queued.
    pub fn len(&self) -> usize {
        self.lock().0.len()
    }

    /// Whether the queue is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The legacy blocking transfer object (s3transfer's package-level `S3Transfer`).
pub struct S3Transfer {
    client: aws_sdk_s3::Client,
    config: TransferConfig,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for S3Transfer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Transfer").field("config", &self.config).finish_non_exhaustive()
    }
}

fn io_err(e: std::io::Error, path: &Path) -> TransferError {
    TransferError::io(&e, Some(path))
}

impl S3Transfer {
    /// A transfer object over `client` (it owns a small tokio runtime for its blocking calls).
    pub fn new(client: aws_sdk_s3::Client, config: TransferConfig) -> Result<Self> {
        config.validate()?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("s3transfer-legacy")
            .enable_all()
            .build()
            .map_err(|e| TransferError::io(&e, None))?;
        Ok(Self { client: crate::s3::client::with_own_retry_quota(client), config, runtime })
    }

    /// The configuration.
    pub fn config(&self) -> &TransferConfig {
        &self.config
    }

    fn block_on<T>(&self, f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(TransferError::invalid(
                "legacy S3Transfer calls block; call them outside async code (or use TransferManager)",
            ));
        }
        self.runtime.block_on(f)
    }

    /// Uploads `filename` to `bucket/key`, blocking until done. `extra_args` must be in
    /// [`ALLOWED_UPLOAD_ARGS`] (checked before anything is sent).
    ///
    /// Files of at least `multipart_threshold` bytes go up as a multipart upload, `max_concurrency`
    /// parts at a time, each part's file window opened only when the part is about to be sent. A
    /// request the service refuses is retried by the client (its retry config). If a part still
    /// fails, the parts in flight are let finish, the multipart upload is aborted and the error is
    /// [`TransferError::S3UploadFailed`] (`Failed to upload <file> to <bucket>/<key>: <cause>`,
    /// its `http_status()` / `s3_code()` those of the cause). Errors of PutObject,
    /// CreateMultipartUpload and CompleteMultipartUpload are returned as they are (as upstream); a
    /// failed CompleteMultipartUpload is aborted too.
    pub fn upload_file(
        &self,
        filename: impl AsRef<Path>,
        bucket: &str,
        key: &str,
        callback: Option<Callback>,
        extra_args: Option<&ExtraArgs>,
    ) -> Result<()> {
        let extra = extra_args.cloned().unwrap_or_default();
        extra.validate(ALLOWED_UPLOAD_ARGS)?;
        let path = filename.as_ref().to_path_buf();
        self.block_on(self.upload(path, bucket, key, callback, extra))
    }

    /// Downloads `bucket/key` into `filename`, blocking until done: written to a temp file next to
    /// it and renamed over it on success (removed on failure; an existing file is then untouched).
    /// `extra_args` must be in [`ALLOWED_DOWNLOAD_ARGS`].
    pub fn download_file(
        &self,
        bucket: &str,
        key: &str,
        filename: impl AsRef<Path>,
        extra_args: Option<&ExtraArgs>,
        callback: Option<Callback>,
    ) -> Result<()> {
        let extra = extra_args.cloned().unwrap_or_default();
        extra.validate(ALLOWED_DOWNLOAD_ARGS)?;
        let path = filename.as_ref().to_path_buf();
        self.block_on(self.download(bucket, key, path, extra, callback))
    }

    async fn upload(&self, path: PathBuf, bucket: &str, key: &str, callback: Option<Callback>, extra: ExtraArgs) -> Result<()> {
        let size = tokio::fs::metadata(&path).await.map_err(|e| io_err(e, &path))?.len();
        // Each body is a window of the file that opens it only when it is read (upstream's
        // ReadFileChunk over the file), read into memory on a blocking thread once its request may
        // start: the client can then send the checksum as a header and retry cheaply.
        let read = |offset: u64, len: u64| {
            let path = path.clone();
            let chunk = ReadFileChunk::new(DeferredOpenFile::new(path.clone(), offset), len, size, Vec::new(), false);
            async move {
                tokio::task::spawn_blocking(move || {
                    let mut chunk = chunk.map_err(|e| io_err(e, &path))?;
                    let mut buf = vec![0u8; chunk.len() as usize];
                    chunk.read_exact(&mut buf).map_err(|e| io_err(e, &path))?;
                    Ok::<_, TransferError>(Bytes::from(buf))
                })
                .await
                .map_err(|_| TransferError::Fatal { message: "file read task failed".into() })?
            }
        };
        if size < self.config.multipart_threshold {
            let body = read(0, size).await?;
            let req = self.client.put_object().bucket(bucket).key(key).content_length(size as i64).body(progress_body(body, &callback));
            shape::put_object(req, &extra)?.send().await.map_err(|e| TransferError::from_sdk("PutObject", e))?;
            return Ok(());
        }
        let upload_id = multipart::create(&self.client, bucket, key, &extra).await?;
        let part_size = upload_part_size(self.config.multipart_chunksize, Some(size));
        let num_parts = calculate_num_parts(size, part_size);
        let part_args = extra.filter_allow(PART_ARGS);
        let sem = Arc::new(tokio::sync::Semaphore::new(self.config.max_concurrency));
        let mut set = tokio::task::JoinSet::new();
        // Set by the first failing part before it frees its permit: no part starts after it.
        let failed = Arc::new(std::sync::atomic::AtomicBool::new(false));
        for i in 0..num_parts {
            let permit = sem.clone().acquire_owned().await.map_err(|_| TransferError::QueueShutdown)?;
            if failed.load(std::sync::atomic::Ordering::SeqCst) {
                break;
            }
            let offset = i * part_size;
            let len = part_size.min(size - offset);
            let (client, bucket, key, upload_id, args) =
                (self.client.clone(), bucket.to_owned(), key.to_owned(), upload_id.clone(), part_args.clone());
            let body = read(offset, len);
            let (callback, failed) = (callback.clone(), failed.clone());
            set.spawn(async move {
                let r = async {
                    let body = body.await?;
                    let part = multipart::Part { bucket: &bucket, key: &key, upload_id: &upload_id, number: (i + 1) as i32, args: &args };
                    multipart::upload_part(&client, &part, progress_body(body, &callback), len, None).await
                }
                .await;
                if r.is_err() {
                    failed.store(true, std::sync::atomic::Ordering::SeqCst);
                }
                drop(permit);
                r
            });
        }
        let mut parts = Vec::new();
        let mut first_err = None;
        while let Some(r) = set.join_next().await {
            match r {
                Ok(Ok(p)) => parts.push(p),
                Ok(Err(e)) => {
                    first_err.get_or_insert(e);
                }
                Err(_) => {
                    first_err.get_or_insert(TransferError::Fatal { message: "upload part task failed".into() });
                }
            }
        }
        let abort = || multipart::abort(&self.client, bucket, key, &upload_id);
        if let Some(e) = first_err {
            abort().await;
            return Err(TransferError::S3UploadFailed {
                source_name: path.display().to_string(),
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                cause: Box::new(e),
            });
        }
        if let Err(e) = multipart::complete(&self.client, bucket, key, &upload_id, parts, &part_args).await {
            abort().await;
            return Err(e);
        }
        Ok(())
    }

    async fn download(&self, bucket: &str, key: &str, dest: PathBuf, extra: ExtraArgs, callback: Option<Callback>) -> Result<()> {
        let size = head::head_object(&self.client, bucket, key, &extra).await?.size;
        let staged = StagedFile::create(&dest)?;
        let (file, temp) = (staged.file().clone(), staged.temp_path().to_owned());
        if size < self.config.multipart_threshold {
            self.get_range(bucket, key, &extra, None, 0, &Sink::Direct(file, temp), &callback).await?;
        } else {
            self.ranged(bucket, key, &extra, size, file, &temp, &callback).await?;
        }
        staged.commit()
    }

    /// Ranged GETs feed `(offset, chunk)` into a [`ShutdownQueue`]; one writer thread writes them.
    #[allow(clippy::too_many_arguments)]
    async fn ranged(
        &self,
        bucket: &str,
        key: &str,
        extra: &ExtraArgs,
        size: u64,
        file: Arc<std::fs::File>,
        temp: &Path,
        callback: &Option<Callback>,
    ) -> Result<()> {
        let queue: Arc<ShutdownQueue<Option<(u64, Bytes)>>> = Arc::new(ShutdownQueue::new(self.config.max_io_queue));
        let writer = {
            let (queue, temp) = (queue.clone(), temp.to_path_buf());
            std::thread::spawn(move || -> Result<()> {
                while let Some((off, data)) = queue.get() {
                    if let Err(e) = file.write_all_at(&data, off) {
                        queue.trigger_shutdown();
                        return Err(io_err(e, &temp));
                    }
                }
                Ok(())
            })
        };
        let part_size = self.config.multipart_chunksize;
        let num_parts = calculate_num_parts(size, part_size);
        let sem = Arc::new(tokio::sync::Semaphore::new(self.config.max_concurrency));
        let results = futures::future::join_all((0..num_parts).map(|i| {
            let (sem, queue) = (sem.clone(), queue.clone());
            async move {
                let _p = sem.acquire().await.map_err(|_| TransferError::QueueShutdown)?;
                let range = calculate_range_parameter(part_size, i, num_parts, None);
                self.get_range(bucket, key, extra, Some(range), i * part_size, &Sink::Queue(queue), callback).await
            }
        }))
        .await;
        // The sentinel (the writer may have stopped already: then the queue refuses it).
        let _ = queue.put(None);
        let written = writer.join().unwrap_or_else(|_| Err(TransferError::Fatal { message: "writer thread panicked".into() }));
        // A writer error explains the producers' QueueShutdown errors: report it first.
        written?;
        results.into_iter().collect::<Result<Vec<()>>>().map(|_| ())
    }

    /// One GET (ranged or whole) with retries on network errors.
    #[allow(clippy::too_many_arguments)]
    async fn get_range(
        &self,
        bucket: &str,
        key: &str,
        extra: &ExtraArgs,
        range: Option<String>,
        start: u64,
        sink: &Sink,
        callback: &Option<Callback>,
    ) -> Result<()> {
        let request = GetRequest { bucket, key, extra, range: range.as_deref(), etag: None, start };
        let mut body = LegacyBody { sink, callback, reported_to: start };
        get_object(&self.client, &request, self.config.num_download_attempts, &mut body).await
    }
}

/// A legacy GET's body on its way to the file: each frame written, and reported to the callback only
/// past the bytes an earlier attempt reported (so progress never goes back or counts twice).
struct LegacyBody<'a> {
    sink: &'a Sink,
    callback: &'a Option<Callback>,
    /// The end of the bytes already reported.
    reported_to: u64,
}

impl GetSink for LegacyBody<'_> {
    async fn frame(&mut self, offset: u64, data: Bytes) -> Result<()> {
        let end = offset + data.len() as u64;
        self.sink.write(offset, data)?;
        if let (Some(cb), true) = (self.callback, end > self.reported_to) {
            cb(end - self.reported_to);
            self.reported_to = end;
        }
        Ok(())
    }

    fn retrying(&mut self, _delivered: u64, _error: &TransferError) -> Result<()> {
        Ok(())
    }
}

/// Upload progress granularity: request bodies are handed to the HTTP layer in frames of this size
/// (at most), and each frame is reported as it is taken.
pub const UPLOAD_PROGRESS_CHUNK: usize = 256 * 1024;

/// Progress of one request body across the client's attempts: the most bytes any attempt has
/// reported (a retry reports only what goes beyond it).
struct BodyProgress {
    callback: Callback,
    reported: AtomicU64,
}

/// An in-memory request body handed over in frames of [`UPLOAD_PROGRESS_CHUNK`] bytes, reporting
/// each frame as the HTTP layer takes it.
struct ProgressBody {
    data: Bytes,
    sent: u64,
    progress: Arc<BodyProgress>,
}

impl http_body::Body for ProgressBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<std::result::Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.data.is_empty() {
            return std::task::Poll::Ready(None);
        }
        let n = self.data.len().min(UPLOAD_PROGRESS_CHUNK);
        let frame = self.data.split_to(n);
        self.sent += n as u64;
        let before = self.progress.reported.fetch_max(self.sent, Ordering::SeqCst);
        if self.sent > before {
            (self.progress.callback)(self.sent - before);
        }
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(frame))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.len() as u64)
    }
}

/// A request body that reports progress while it is sent. The client still sees the whole content
/// (so it computes the checksum header and needs no aws-chunked encoding), and builds a fresh
/// [`ProgressBody`] for every attempt.
fn progress_body(data: Bytes, callback: &Option<Callback>) -> ByteStream {
    let Some(callback) = callback.clone() else {
        return ByteStream::from(data);
    };
    if data.is_empty() {
        return ByteStream::from(data);
    }
    let progress = Arc::new(BodyProgress { callback, reported: AtomicU64::new(0) });
    let body = SdkBody::from(data.clone()).map_preserve_contents(move |_| {
        SdkBody::from_body_1_x(ProgressBody { data: data.clone(), sent: 0, progress: progress.clone() })
    });
    ByteStream::new(body)
}

enum Sink {
    Direct(Arc<std::fs::File>, PathBuf),
    Queue(Arc<ShutdownQueue<Option<(u64, Bytes)>>>),
}

impl Sink {
    fn write(&self, offset: u64, data: Bytes) -> Result<()> {
        match self {
            Sink::Direct(f, p) => f.write_all_at(&data, offset).map_err(|e| io_err(e, p)),
            // Blocks this runtime thread while the queue is full: that is the back-pressure
            // (the legacy runtime is private to this object).
            Sink::Queue(q) => tokio::task::block_in_place(|| q.put(Some((offset, data)))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shutdown_wakes_blocked_producer() {
        let q = Arc::new(ShutdownQueue::new(1));
        q.put(1).unwrap();
        let q2 = q.clone();
        let h = std::thread::spawn(move || q2.put(2));
        std::thread::sleep(std::time::Duration::from_millis(100));
        q.trigger_shutdown();
        assert!(matches!(h.join().unwrap(), Err(TransferError::QueueShutdown)));
        assert_eq!(q.get(), 1);
        assert!(q.is_empty());
    }

    #[test]
    fn config_defaults_and_arg_lists() {
        let c = TransferConfig::default();
        assert_eq!((c.multipart_threshold, c.max_concurrency, c.num_download_attempts, c.max_io_queue), (8 * MB, 10, 5, 100));
        assert!(ALLOWED_UPLOAD_ARGS.contains(&"GrantWriteACP") && !ALLOWED_UPLOAD_ARGS.contains(&"GrantWriteACL"));
        assert!(TransferConfig { max_concurrency: 0, ..c }.validate().is_err());
    }
}
