//! Uploads (reference §10, §14).
//!
//! * Single `PutObject` iff `size < multipart_threshold`; otherwise multipart with the
//!   [`ChunksizeAdjuster`]-adjusted part size.
//! * Files: each part is streamed from the file (`ByteStream` over `offset..offset+len`), parts in
//!   parallel, nothing buffered whole. Bytes: zero-copy slices. Streams: parts are read
//!   sequentially into memory, each holding a slot of the manager-wide `max_in_memory_upload_chunks`
//!   semaphore until its UploadPart finished.
//! * **Q11 fixed**: a short read from a stream never makes a short part; each part is filled
//!   to the part size or EOF.
//! * **Q4 not reproduced**: stream sources are owned by the upload and dropped when it finishes,
//!   whichever path was taken.
//! * Checksums as s3transfer 0.17: with `ChecksumCalculation::WhenSupported` and no checksum args,
//!   `ChecksumAlgorithm` (CRC32 by default) is added and sent on PutObject, CreateMultipartUpload and
//!   every UploadPart; part checksums are echoed into CompleteMultipartUpload. A full-object checksum
//!   value switches a multipart upload to `ChecksumType=FULL_OBJECT`. With `WhenRequired` nothing is
//!   added and the client is told not to add a checksum of its own.
//! * Any failure or cancel after CreateMultipartUpload aborts the upload exactly once, after all
//!   in-flight parts stopped; the caller sees the original error (as Python's `TransferManager`;
//!   [`TransferError::S3UploadFailed`] is not used by this engine).
//! * Progress is reported while each request body is sent, in 256 KiB steps (the remainder at the
//!   end of the body), as s3transfer's `AggregatedProgressCallback` does; reads for checksums are
//!   not counted, and when the client retries a request the previous attempt's progress is undone
//!   with one negative event, so the sum over a successful upload equals its size.

use std::path::PathBuf;
use std::sync::Arc;

use aws_sdk_s3::config::RequestChecksumCalculation;
use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart};
use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

use super::{apply, join_all, TransferCtx};
use crate::args::{self, ExtraArgs, FULL_OBJECT_CHECKSUM_ARGS};
use crate::config::{ChecksumCalculation, TransferConfig};
use crate::error::{Result, TransferError};
use crate::executor::TaskSemaphore;
use crate::manager::UploadSource;
use crate::utils::ChunksizeAdjuster;


/// Upload progress granularity (s3transfer's `AggregatedProgressCallback` threshold).
const PROGRESS_THRESHOLD: i64 = 256 * 1024;

/// Progress of one request body across the client's attempts: each attempt first undoes what the
/// previous one reported, so the sum over a successful request equals its length.
struct BodyProgress {
    ctx: TransferCtx,
    reported: std::sync::atomic::AtomicI64,
    /// Whether the current attempt has handed its last byte to the HTTP layer (see [`SentFlag`]).
    sent: SentFlag,
}

/// Set once a request body's last byte went to the HTTP layer, cleared when the client starts
/// another attempt. Until then the server cannot have the whole body, so the request can be dropped
/// without it becoming a part; after, S3 may store the part whether or not we wait for the answer.
#[derive(Clone, Default)]
pub(crate) struct SentFlag(Arc<std::sync::atomic::AtomicBool>);

impl SentFlag {
    pub(crate) fn get(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn set(&self, v: bool) {
        self.0.store(v, std::sync::atomic::Ordering::SeqCst)
    }
}

/// A request body served from memory in 256 KiB frames, reporting progress as frames are taken
/// by the HTTP layer (aggregated to 256 KiB, the remainder flushed at end of body). With a
/// bandwidth limit each frame is paid for through the manager's bucket before it is handed over
/// (the last one too, so small bodies are accounted as s3transfer's `close()` does).
struct ProgressBody {
    data: Bytes,
    pending: i64,
    progress: Arc<BodyProgress>,
    pacer: Option<crate::bandwidth::Pacer>,
    /// The size of the frame already counted by the pacer and not yet handed over.
    counted: Option<usize>,
}

impl http_body::Body for ProgressBody {
    type Data = Bytes;
    type Error = TransferError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<std::result::Result<http_body::Frame<Bytes>, Self::Error>>> {
        use std::sync::atomic::Ordering;
        use std::task::Poll;
        if self.data.is_empty() {
            return Poll::Ready(None);
        }
        let n = self.data.len().min(PROGRESS_THRESHOLD as usize);
        let this = &mut *self;
        if let Some(pacer) = this.pacer.as_mut() {
            if this.counted.is_none() {
                pacer.add(n as u64);
                this.counted = Some(n);
            }
            let last = this.data.len() == n;
            match pacer.poll_admit(cx, last) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Ok(())) => this.counted = None,
            }
        }
        let frame = self.data.split_to(n);
        if self.data.is_empty() {
            self.progress.sent.set(true);
        }
        self.pending += n as i64;
        // Report every 256 KiB, and the remainder with the last frame (the HTTP layer does not poll
        // again once it has sent Content-Length bytes).
        if self.pending >= PROGRESS_THRESHOLD || self.data.is_empty() {
            let n = std::mem::take(&mut self.pending);
            self.progress.reported.fetch_add(n, Ordering::SeqCst);
            self.progress.ctx.progress(n);
        }
        Poll::Ready(Some(Ok(http_body::Frame::data(frame))))
    }

    fn is_end_stream(&self) -> bool {
        self.data.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.data.len() as u64)
    }
}

/// An in-memory request body that reports progress while it is sent (and is paced by the
/// manager's bandwidth limit, if any), and tells `sent` when its last byte went out. The client
/// still sees the whole content (`SdkBody::bytes`), so it computes the checksum header and does not
/// switch to aws-chunked encoding; reading it for the checksum is not paced (s3transfer's "not
/// transferring" signal).
fn progress_stream(ctx: &TransferCtx, data: Bytes, sent: SentFlag) -> ByteStream {
    let bucket = ctx.shared.bandwidth.clone();
    if data.is_empty() {
        sent.set(true);
        return ByteStream::from(data);
    }
    let progress = Arc::new(BodyProgress { ctx: ctx.clone(), reported: std::sync::atomic::AtomicI64::new(0), sent });
    let body = aws_smithy_types::body::SdkBody::from(data.clone()).map_preserve_contents(move |_| {
        use std::sync::atomic::Ordering;
        progress.sent.set(false);
        // A new attempt: undo what the previous attempt reported.
        let undo = progress.reported.swap(0, Ordering::SeqCst);
        if undo != 0 {
            progress.ctx.progress(-undo);
        }
        let pacer = bucket.as_ref().map(|b| crate::bandwidth::Pacer::new(b.clone(), Some(progress.ctx.coord().clone())));
        aws_smithy_types::body::SdkBody::from_body_1_x(ProgressBody {
            data: data.clone(),
            pending: 0,
            progress: progress.clone(),
            pacer,
            counted: None,
        })
    });
    ByteStream::new(body)
}

pub(crate) struct UploadJob {
    pub(crate) source: UploadSource,
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
}

/// s3transfer's `_add_operation_defaults` + `set_default_checksum_algorithm`.
pub(crate) fn add_operation_defaults(extra: &mut ExtraArgs, config: &TransferConfig) {
    if config.checksum_calculation != ChecksumCalculation::WhenSupported {
        return;
    }
    if extra.full_object_checksum().is_some() || extra.contains("ChecksumAlgorithm") {
        return;
    }
    extra.insert("ChecksumAlgorithm", config.checksum_algorithm.as_str());
}

/// Multipart normalisation of full-object checksum args (§10.3 step 1).
fn normalize_full_object(extra: &mut ExtraArgs) {
    let mut found = None;
    for name in FULL_OBJECT_CHECKSUM_ARGS {
        if extra.contains(name) {
            found = Some(name.trim_start_matches("Checksum").to_owned());
        }
    }
    if let Some(alg) = found {
        extra.insert("ChecksumType", "FULL_OBJECT");
        extra.insert("ChecksumAlgorithm", alg);
    }
}

fn checksum_override(ctx: &TransferCtx) -> Option<aws_sdk_s3::config::Builder> {
    if ctx.config().checksum_calculation == ChecksumCalculation::WhenRequired {
        Some(aws_sdk_s3::config::Builder::default().request_checksum_calculation(RequestChecksumCalculation::WhenRequired))
    } else {
        None
    }
}

/// Part body.
enum Body {
    File { path: PathBuf, offset: u64, len: u64 },
    Mem(Bytes),
}

impl Body {
    fn len(&self) -> u64 {
        match self {
            Body::File { len, .. } => *len,
            Body::Mem(b) => b.len() as u64,
        }
    }

    async fn stream(&self, ctx: &TransferCtx, sent: SentFlag) -> Result<ByteStream> {
        match self {
            Body::Mem(b) => Ok(progress_stream(ctx, b.clone(), sent)),
            Body::File { path, offset, len } => {
                // Read the part into memory with one positioned read: an in-memory body lets the
                // client send the checksum as a header with an unsigned payload (a streaming body over
                // plain http gets every aws-chunked chunk SHA-256 signed), and lets it retry cheaply.
                // Memory stays bounded: a part is read only after its request slot was acquired.
                let (path, offset, len) = (path.clone(), *offset, *len as usize);
                let mut buf = ctx.shared.part_buffers.take(len);
                let data = tokio::task::spawn_blocking(move || {
                    use std::os::unix::fs::FileExt;
                    let f = std::fs::File::open(&path).map_err(|e| io_err(e, Some(&path)))?;
                    f.read_exact_at(buf.as_mut(), offset).map_err(|e| io_err(e, Some(&path)))?;
                    Ok::<_, TransferError>(Bytes::from_owner(buf))
                })
                .await
                .map_err(|_| TransferError::Fatal { message: "file read task failed".into() })??;
                Ok(progress_stream(ctx, data, sent))
            }
        }
    }
}

/// A slot of the in-memory upload semaphore, released on drop.
struct MemPermit(Arc<TaskSemaphore>, u64);
impl Drop for MemPermit {
    fn drop(&mut self) {
        let _ = self.0.release(self.1, 0);
    }
}

/// A sequential reader with an optional byte limit (seekable sources) and an initial buffer.
struct StreamSource {
    reader: Box<dyn AsyncRead + Send + Unpin>,
    remaining: Option<u64>,
    prefix: Option<Bytes>,
}

impl StreamSource {
    /// Reads up to `n` bytes, looping over short reads until `n` or EOF (Q11).
    async fn read_part(&mut self, n: usize) -> std::io::Result<Bytes> {
        let mut want = n;
        if let Some(r) = self.remaining {
            want = want.min(r as usize);
        }
        if let Some(p) = self.prefix.take() {
            if p.len() >= want {
                let mut p = p;
                let head = p.split_to(want);
                if !p.is_empty() {
                    self.prefix = Some(p);
                }
                return Ok(head);
            }
            let mut buf = BytesMut::with_capacity(want);
            buf.extend_from_slice(&p);
            self.fill(&mut buf, want).await?;
            return Ok(buf.freeze());
        }
        let mut buf = BytesMut::with_capacity(want);
        self.fill(&mut buf, want).await?;
        Ok(buf.freeze())
    }

    async fn fill(&mut self, buf: &mut BytesMut, want: usize) -> std::io::Result<()> {
        let start = buf.len();
        while buf.len() < want {
            let room = want - buf.len();
            let mut limited = (&mut *buf).limit(room);
            let n = self.reader.read_buf(&mut limited).await?;
            if n == 0 {
                break;
            }
        }
        if let Some(r) = self.remaining.as_mut() {
            *r -= (buf.len() - start) as u64;
        }
        Ok(())
    }
}

use bytes::BufMut;

/// Adapts a blocking reader: a blocking thread reads 1 MiB chunks into a small channel. It stops
/// (dropping the reader) once the upload no longer wants data: no read starts after the upload
/// ended, only one already under way completes.
fn blocking_to_async(mut r: Box<dyn std::io::Read + Send>) -> Box<dyn AsyncRead + Send + Unpin> {
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(2);
    tokio::task::spawn_blocking(move || loop {
        if tx.is_closed() {
            return;
        }
        let mut buf = vec![0u8; 1 << 20];
        match r.read(&mut buf) {
            Ok(0) => return,
            Ok(n) => {
                buf.truncate(n);
                if tx.blocking_send(Ok(Bytes::from(buf))).is_err() {
                    return;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                let _ = tx.blocking_send(Err(e));
                return;
            }
        }
    });
    let stream = futures::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|x| (x, rx)) });
    Box::new(tokio_util::io::StreamReader::new(Box::pin(stream)))
}

fn io_err(e: std::io::Error, path: Option<&std::path::Path>) -> TransferError {
    TransferError::io(&e, path)
}

pub(crate) async fn run(ctx: &TransferCtx, job: UploadJob) -> Result<()> {
    let threshold = ctx.config().multipart_threshold;
    let meta = ctx.future.meta();
    match job.source {
        UploadSource::Path(path) => {
            let size = match meta.size() {
                Some(s) => s,
                None => {
                    let md = tokio::fs::metadata(&path).await.map_err(|e| io_err(e, Some(&path)))?;
                    if md.is_dir() {
                        return Err(TransferError::Io {
                            path: Some(path.clone()),
                            kind: std::io::ErrorKind::InvalidInput,
                            message: "is a directory".into(),
                        });
                    }
                    meta.provide_transfer_size(md.len());
                    md.len()
                }
            };
            if size < threshold {
                put_object(ctx, &job.bucket, &job.key, &job.extra_args, Body::File { path, offset: 0, len: size }).await
            } else {
                let part_size = ChunksizeAdjuster::default().adjust_chunksize(ctx.config().multipart_chunksize, Some(size));
                let mut offset = 0u64;
                let path2 = path.clone();
                let producer = move || {
                    let body = if offset >= size {
                        None
                    } else {
                        let len = part_size.min(size - offset);
                        let b = Body::File { path: path2.clone(), offset, len };
                        offset += len;
                        Some(b)
                    };
                    async move { Ok(body) }
                };
                multipart(ctx, &job.bucket, &job.key, job.extra_args, false, producer).await
            }
        }
        UploadSource::Bytes(data) => {
            let size = data.len() as u64;
            meta.provide_transfer_size(size);
            if size < threshold {
                put_object(ctx, &job.bucket, &job.key, &job.extra_args, Body::Mem(data)).await
            } else {
                let part_size = ChunksizeAdjuster::default().adjust_chunksize(ctx.config().multipart_chunksize, Some(size));
                let mut rest = data;
                let producer = move || {
                    let body = if rest.is_empty() {
                        None
                    } else {
                        let n = (part_size as usize).min(rest.len());
                        Some(Body::Mem(rest.split_to(n)))
                    };
                    async move { Ok(body) }
                };
                multipart(ctx, &job.bucket, &job.key, job.extra_args, false, producer).await
            }
        }
        UploadSource::Seekable(mut r) => {
            let (pos, end) = async {
                let pos = r.stream_position().await?;
                let end = r.seek(std::io::SeekFrom::End(0)).await?;
                r.seek(std::io::SeekFrom::Start(pos)).await?;
                Ok::<_, std::io::Error>((pos, end))
            }
            .await
            .map_err(|e| io_err(e, None))?;
            let size = match meta.size() {
                Some(s) => s,
                None => {
                    let s = end.saturating_sub(pos);
                    meta.provide_transfer_size(s);
                    s
                }
            };
            let src = StreamSource { reader: Box::new(r), remaining: Some(size), prefix: None };
            upload_stream(ctx, job.bucket, job.key, job.extra_args, src, Some(size)).await
        }
        UploadSource::Reader(r) => {
            let src = StreamSource { reader: r, remaining: None, prefix: None };
            upload_stream(ctx, job.bucket, job.key, job.extra_args, src, meta.size()).await
        }
        UploadSource::BlockingReader(r) => {
            let src = StreamSource { reader: blocking_to_async(r), remaining: None, prefix: None };
            upload_stream(ctx, job.bucket, job.key, job.extra_args, src, meta.size()).await
        }
    }
}

/// Streams: decide by the known size, or by probing the first `threshold` bytes.
async fn upload_stream(
    ctx: &TransferCtx,
    bucket: String,
    key: String,
    extra: ExtraArgs,
    mut src: StreamSource,
    size: Option<u64>,
) -> Result<()> {
    let threshold = ctx.config().multipart_threshold;
    let multipart_needed = match size {
        Some(s) => s >= threshold,
        None => {
            let probe = ctx.guard(async { src.read_part(threshold as usize).await.map_err(|e| io_err(e, None)) }).await?;
            let full = probe.len() as u64 == threshold;
            src.prefix = Some(probe);
            full
        }
    };
    if !multipart_needed {
        // Everything (rest of the stream) into memory, one PUT.
        let data = ctx
            .guard(async {
                let mut all = BytesMut::new();
                if let Some(p) = src.prefix.take() {
                    all.extend_from_slice(&p);
                }
                loop {
                    let chunk = src.read_part(1 << 20).await.map_err(|e| io_err(e, None))?;
                    if chunk.is_empty() {
                        break;
                    }
                    all.extend_from_slice(&chunk);
                }
                Ok(all.freeze())
            })
            .await?;
        return put_object(ctx, &bucket, &key, &extra, Body::Mem(data)).await;
    }
    let part_size = ChunksizeAdjuster::default().adjust_chunksize(ctx.config().multipart_chunksize, size);
    let src = Arc::new(tokio::sync::Mutex::new(src));
    let producer = move || {
        let src = src.clone();
        async move {
            let mut s = src.lock().await;
            let b = s.read_part(part_size as usize).await.map_err(|e| io_err(e, None))?;
            Ok(if b.is_empty() { None } else { Some(Body::Mem(b)) })
        }
    };
    multipart(ctx, &bucket, &key, extra, true, producer).await
}

async fn put_object(ctx: &TransferCtx, bucket: &str, key: &str, extra: &ExtraArgs, body: Body) -> Result<()> {
    let args = extra.filter_block(args::PUT_OBJECT_BLOCKLIST);
    let _slot = ctx.request_slot().await?;
    let len = body.len();
    let stream = body.stream(ctx, SentFlag::default()).await?;
    let req = ctx.client().put_object().bucket(bucket).key(key).content_length(len as i64).body(stream);
    let req = apply::put_object(req, &args)?;
    let signed = args.get("ChecksumAlgorithm").is_none() && args.full_object_checksum().is_none();
    let mut c = req.customize();
    if let Some(o) = checksum_override(ctx) {
        c = c.config_override(o);
    }
    if !signed {
        c = c.disable_payload_signing();
    }
    ctx.guard(async { c.send().await.map_err(|e| TransferError::from_sdk("PutObject", e)) }).await?;
    Ok(())
}

/// Abort a multipart upload (Bucket, Key, UploadId only), not subject to cancellation.
pub(crate) async fn abort(ctx: &TransferCtx, bucket: &str, key: &str, upload_id: &str) {
    let r = ctx.client().abort_multipart_upload().bucket(bucket).key(key).upload_id(upload_id).send().await;
    if let Err(e) = r {
        tracing::warn!(upload_id, "AbortMultipartUpload failed: {}", TransferError::from_sdk("AbortMultipartUpload", e));
    }
}

/// Builds a part descriptor, echoing the response checksum of `alg` if present.
pub(crate) fn completed_part(
    n: i32,
    etag: Option<String>,
    alg: Option<&str>,
    sums: [Option<String>; 5],
) -> CompletedPart {
    let mut p = CompletedPart::builder().part_number(n).set_e_tag(etag);
    if let Some(alg) = alg {
        let [crc32, crc32c, crc64, sha1, sha256] = sums;
        p = match alg.to_ascii_uppercase().as_str() {
            "CRC32" => p.set_checksum_crc32(crc32),
            "CRC32C" => p.set_checksum_crc32_c(crc32c),
            "CRC64NVME" => p.set_checksum_crc64_nvme(crc64),
            "SHA1" => p.set_checksum_sha1(sha1),
            "SHA256" => p.set_checksum_sha256(sha256),
            _ => p,
        };
    }
    p.build()
}

async fn multipart<F, Fut>(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    mut extra: ExtraArgs,
    in_memory: bool,
    mut next_part: F,
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<Body>>>,
{
    normalize_full_object(&mut extra);
    let mut create_block: Vec<&str> = args::CREATE_MULTIPART_BLOCKLIST.to_vec();
    create_block.extend_from_slice(FULL_OBJECT_CHECKSUM_ARGS);
    let create_args = extra.filter_block(&create_block);
    let part_args = extra.filter_allow(args::UPLOAD_PART_ARGS);
    let mut complete_allow: Vec<&str> = args::COMPLETE_MULTIPART_ARGS.to_vec();
    complete_allow.extend_from_slice(FULL_OBJECT_CHECKSUM_ARGS);
    let complete_args = extra.filter_allow(&complete_allow);

    let upload_id = {
        let _slot = ctx.request_slot().await?;
        let req = apply::create_multipart_upload(ctx.client().create_multipart_upload().bucket(bucket).key(key), &create_args)?;
        // Not cut short by a cancel: once S3 may have created the upload we must learn its id to
        // abort it.
        let out = req.send().await.map_err(|e| TransferError::from_sdk("CreateMultipartUpload", e))?;
        out.upload_id.ok_or_else(|| TransferError::Service {
            operation: "CreateMultipartUpload".into(),
            status: None,
            code: None,
            message: Some("response has no UploadId".into()),
            request_id: None,
        })?
    };
    if let Err(e) = ctx.check() {
        abort(ctx, bucket, key, &upload_id).await;
        return Err(e);
    }

    let result = upload_parts(ctx, bucket, key, &upload_id, &part_args, in_memory, &mut next_part).await;
    let parts = match result {
        Ok(p) => p,
        Err(e) => {
            abort(ctx, bucket, key, &upload_id).await;
            return Err(e);
        }
    };
    let complete = async {
        ctx.check()?;
        let _slot = ctx.request_slot().await?;
        let req = ctx
            .client()
            .complete_multipart_upload()
            .bucket(bucket)
            .key(key)
            .upload_id(&upload_id)
            .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build());
        let req = apply::complete_multipart_upload(req, &complete_args)?;
        ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("CompleteMultipartUpload", e)) }).await
    };
    match complete.await {
        Ok(_) => Ok(()),
        Err(e) => {
            abort(ctx, bucket, key, &upload_id).await;
            Err(e)
        }
    }
}

async fn upload_parts<F, Fut>(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    upload_id: &str,
    part_args: &ExtraArgs,
    in_memory: bool,
    next_part: &mut F,
) -> Result<Vec<CompletedPart>>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<Option<Body>>>,
{
    let mut set = tokio::task::JoinSet::new();
    let mut n: i32 = 0;
    let produce: Result<()> = async {
        loop {
            ctx.check()?;
            let mem = if in_memory {
                let sem = ctx.shared.upload_memory.clone();
                let id = ctx.id();
                let s2 = sem.clone();
                ctx.guard(async move { Ok(s2.acquire(id).await) }).await?;
                Some(MemPermit(sem, id))
            } else {
                None
            };
            let body = match ctx.guard(next_part()).await? {
                Some(b) => b,
                None => return Ok(()),
            };
            let slot = ctx.request_slot().await?;
            n += 1;
            let ctx2 = ctx.clone();
            let (bucket, key, upload_id, args) = (bucket.to_owned(), key.to_owned(), upload_id.to_owned(), part_args.clone());
            let part_number = n;
            ctx.spawn_subtask(
                &mut set,
                async move { upload_part(&ctx2, &bucket, &key, &upload_id, part_number, &args, body).await },
                move || drop((slot, mem)),
            );
        }
    }
    .await;
    if let Err(e) = &produce {
        ctx.fail(e.clone());
    }
    let mut parts = join_all(ctx, set).await?;
    produce?;
    parts.sort_by_key(|p| p.part_number);
    Ok(parts)
}

async fn upload_part(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    upload_id: &str,
    n: i32,
    args: &ExtraArgs,
    body: Body,
) -> Result<CompletedPart> {
    ctx.check()?;
    let len = body.len();
    let sent = SentFlag::default();
    let stream = body.stream(ctx, sent.clone()).await?;
    let req = ctx
        .client()
        .upload_part()
        .bucket(bucket)
        .key(key)
        .upload_id(upload_id)
        .part_number(n)
        .content_length(len as i64)
        .body(stream);
    let req = apply::upload_part(req, args)?;
    let alg = args.get("ChecksumAlgorithm");
    let mut c = req.customize();
    if let Some(o) = checksum_override(ctx) {
        c = c.config_override(o);
    }
    if alg.is_some() {
        c = c.disable_payload_signing();
    }
    // When another part failed, this one is finished (as s3transfer does) and its answer awaited,
    // so that the abort reaches S3 after it. On a cancel it is dropped while its body is still going
    // out (the server cannot make a part of a cut body), and awaited once all of the body has.
    let in_progress = || sent.get() || ctx.coord().status() == crate::future::TransferStatus::Failed;
    let out = ctx.guard_unless(in_progress, async { c.send().await.map_err(|e| TransferError::from_sdk("UploadPart", e)) }).await?;
    Ok(completed_part(
        n,
        out.e_tag,
        alg,
        [out.checksum_crc32, out.checksum_crc32_c, out.checksum_crc64_nvme, out.checksum_sha1, out.checksum_sha256],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completed_part_echoes_only_the_uploads_algorithm() {
        let sums = || [Some("crc32".to_owned()), Some("crc32c".to_owned()), None, Some("sha1".to_owned()), None];
        let p = completed_part(2, Some("\"e\"".into()), Some("crc32"), sums());
        assert_eq!((p.part_number(), p.e_tag()), (Some(2), Some("\"e\"")));
        assert_eq!(p.checksum_crc32(), Some("crc32"), "the algorithm's member, case-insensitively");
        assert_eq!((p.checksum_crc32_c(), p.checksum_sha1()), (None, None), "no other member");
        let p = completed_part(3, Some("\"f\"".into()), Some("SHA1"), sums());
        assert_eq!((p.checksum_sha1(), p.checksum_crc32()), (Some("sha1"), None));
        let p = completed_part(4, None, None, sums());
        assert_eq!((p.checksum_crc32(), p.checksum_sha1()), (None, None), "no algorithm: no checksum");
        let p = completed_part(5, None, Some("SHA256"), sums());
        assert_eq!(p.checksum_sha256(), None, "the answer had none: none listed");
    }

    #[test]
    fn defaults_and_normalisation() {
        let cfg = TransferConfig::default();
        let mut a = ExtraArgs::new();
        add_operation_defaults(&mut a, &cfg);
        assert_eq!(a.get("ChecksumAlgorithm"), Some("CRC32"));
        let mut b = ExtraArgs::new().set("ChecksumCRC32", "AAAAAA==");
        add_operation_defaults(&mut b, &cfg);
        assert_eq!(b.get("ChecksumAlgorithm"), None);
        normalize_full_object(&mut b);
        assert_eq!(b.get("ChecksumType"), Some("FULL_OBJECT"));
        assert_eq!(b.get("ChecksumAlgorithm"), Some("CRC32"));
        let mut c = ExtraArgs::new().set("ChecksumAlgorithm", "sha1");
        add_operation_defaults(&mut c, &cfg);
        assert_eq!(c.get("ChecksumAlgorithm"), Some("sha1"));
        let req = TransferConfig { checksum_calculation: ChecksumCalculation::WhenRequired, ..Default::default() };
        let mut d = ExtraArgs::new();
        add_operation_defaults(&mut d, &req);
        assert!(d.is_empty());
    }
}
