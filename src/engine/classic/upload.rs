//! Uploads (s3transfer/upload.py).
//!
//! * Single `PutObject` iff `size < multipart_threshold`; otherwise multipart with the
//!   [`ChunksizeAdjuster`](crate::s3::parts::ChunksizeAdjuster)-adjusted part size.
//! * Files: each part is streamed from the file (`ByteStream` over `offset..offset+len`), parts in
//!   parallel, nothing buffered whole. Bytes: zero-copy slices. Streams: parts are read
//!   sequentially into memory, each holding a slot of the manager-wide `max_in_memory_upload_chunks`
//!   semaphore until its UploadPart finished.
//! * Fixed: a short read from a stream never makes a short part; each part is filled
//!   to the part size or EOF.
//! * Not reproduced (upstream closes the caller's stream after a small seekable upload): stream sources are owned by the upload and dropped when it finishes,
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

use aws_sdk_s3::primitives::ByteStream;
use aws_sdk_s3::types::CompletedPart;
use bytes::{BufMut, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncSeekExt};

use super::client;
use super::errors::io_err;
use super::pacing::{progress_stream, SentFlag};
use crate::args::{self, ExtraArgs, FULL_OBJECT_CHECKSUM_ARGS};
use crate::config::{ChecksumCalculation, TransferConfig};
use crate::error::{Result, TransferError};
use crate::runtime::{join_all, TaskSemaphore, TransferCtx};
use crate::s3::parts::upload_part_size;
use crate::s3::{multipart, shape};
use crate::transfer::{UploadJob, UploadSource};


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

/// Multipart normalisation of full-object checksum args (s3transfer/upload.py: `UploadSubmissionTask`).
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
    /// Reads up to `n` bytes, looping over short reads until `n` or EOF.
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
                let part_size = upload_part_size(ctx.config().multipart_chunksize, Some(size));
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
                let part_size = upload_part_size(ctx.config().multipart_chunksize, Some(size));
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
    let part_size = upload_part_size(ctx.config().multipart_chunksize, size);
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
    let req = shape::put_object(req, &args)?;
    let signed = args.get("ChecksumAlgorithm").is_none() && args.full_object_checksum().is_none();
    let mut c = req.customize();
    if let Some(o) = client::checksum_override(ctx.config()) {
        c = c.config_override(o);
    }
    if !signed {
        c = c.disable_payload_signing();
    }
    ctx.guard(async { c.send().await.map_err(|e| TransferError::from_sdk("PutObject", e)) }).await?;
    Ok(())
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
        // Not cut short by a cancel: once S3 may have created the upload we must learn its id to
        // abort it.
        multipart::create(ctx.client(), bucket, key, &create_args).await?
    };
    let abort = || multipart::abort(ctx.client(), bucket, key, &upload_id);
    if let Err(e) = ctx.check() {
        abort().await;
        return Err(e);
    }

    let result = upload_parts(ctx, bucket, key, &upload_id, &part_args, in_memory, &mut next_part).await;
    let parts = match result {
        Ok(p) => p,
        Err(e) => {
            abort().await;
            return Err(e);
        }
    };
    let complete = async {
        ctx.check()?;
        let _slot = ctx.request_slot().await?;
        ctx.guard(multipart::complete(ctx.client(), bucket, key, &upload_id, parts, &complete_args)).await
    };
    match complete.await {
        Ok(()) => Ok(()),
        Err(e) => {
            abort().await;
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
    let parts = join_all(ctx, set).await?;
    produce?;
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
    let part = multipart::Part { bucket, key, upload_id, number: n, args };
    // When another part failed, this one is finished (as s3transfer does) and its answer awaited,
    // so that the abort reaches S3 after it. On a cancel it is dropped while its body is still going
    // out (the server cannot make a part of a cut body), and awaited once all of the body has.
    let in_progress = || sent.get() || ctx.coord().status() == crate::future::TransferStatus::Failed;
    let config = client::checksum_override(ctx.config());
    ctx.guard_unless(in_progress, multipart::upload_part(ctx.client(), &part, stream, len, config)).await
}

#[cfg(test)]
mod tests {
    use super::*;

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
