//! Downloads (reference §11).
//!
//! * HeadObject for size and ETag unless both were provided (Q6 reproduced: a provided size alone
//!   still triggers HeadObject, which then overwrites it).
//! * `size < multipart_threshold`: one GET without Range/If-Match. Otherwise ranged GETs of
//!   exactly `multipart_chunksize` bytes (last one open-ended), each with `If-Match` = the ETag
//!   and its `Content-Range` checked; `PreconditionFailed` → [`TransferError::S3DownloadFailed`],
//!   a range mismatch → [`TransferError::S3Validation`], neither retried. Beyond Python: a ranged
//!   response whose `ETag` differs from the expected one is also refused with `S3DownloadFailed`
//!   (for servers that ignore `If-Match`), so a file never mixes two versions of an object.
//! * A GET whose stream fails with a network error (reset, timeout, truncated body) is retried up
//!   to `num_download_attempts` times in total, the attempt's progress undone by one negative
//!   event; then [`TransferError::RetriesExceeded`] carries the last error.
//! * Files: a temp file `<name>.<8 random hex>` in the same directory is written with positioned
//!   writes (parts in parallel), then renamed over the destination on success; on failure it is
//!   removed and an existing destination is untouched. FIFOs, sockets and devices are written in
//!   place, in order.
//! * Seekable writers: writes at absolute offsets from 0 (Q5 reproduced).
//! * Non-seekable writers (and special files): every write goes through the [`DeferQueue`], so
//!   output is in order and each byte is written once even when a GET is retried — also for the
//!   single-GET path (**Q3 fixed**). Ranged GETs take slots of the manager's sliding-window
//!   semaphore (`max_in_memory_download_chunks`), bounding memory.
//! * Cancellation stops every GET at once and removes the temp file.
//!
//! [`DeferQueue`]: crate::utils::DeferQueue

use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::{apply, join_all, TransferCtx};
use crate::args::ExtraArgs;
use crate::checksum;
use crate::error::{DisplayChain, Result, TransferError};
use crate::manager::{DownloadTarget, SeekableWriter};
use crate::utils::{calculate_num_parts, calculate_range_parameter, is_special_file, temp_filename, validate_content_range, DeferQueue};

pub(crate) struct DownloadJob {
    pub(crate) target: DownloadTarget,
    pub(crate) bucket: String,
    pub(crate) key: String,
    pub(crate) extra_args: ExtraArgs,
}

/// Writes of one ordered (non-seekable) target.
struct Ordered {
    queue: tokio::sync::Mutex<(DeferQueue, Option<tokio::sync::mpsc::Sender<Bytes>>)>,
    writer: tokio::sync::Mutex<Option<tokio::task::JoinHandle<Result<()>>>>,
}

enum Sink {
    File { file: Arc<std::fs::File>, write_lock: std::sync::Mutex<()>, temp: PathBuf, dest: PathBuf },
    Seekable(tokio::sync::Mutex<Box<dyn SeekableWriter>>),
    Ordered(Ordered),
}

fn io_err(e: std::io::Error, path: Option<&Path>) -> TransferError {
    TransferError::io(&e, path)
}

impl Sink {
    fn is_ordered(&self) -> bool {
        matches!(self, Sink::Ordered(_))
    }

    async fn write(&self, ctx: &TransferCtx, offset: u64, chunk: Chunk) -> Result<()> {
        match self {
            Sink::File { file, write_lock, temp, .. } => {
                // A positioned write of one io_chunksize chunk into the page cache, done in place:
                // handing each chunk to a blocking thread cost more CPU (thread wake-ups) than the
                // write itself. One writer at a time: concurrent writes to one file contend for its
                // inode lock in the kernel, which spins (13% of a 1 GiB download's CPU on tmpfs).
                let _one_writer = write_lock.lock().unwrap_or_else(|p| p.into_inner());
                write_all_vectored_at(file, &chunk.parts, offset).map_err(|e| io_err(e, Some(temp)))
            }
            Sink::Seekable(w) => {
                let mut w = w.lock().await;
                w.seek(std::io::SeekFrom::Start(offset)).await.map_err(|e| io_err(e, None))?;
                for part in &chunk.parts {
                    w.write_all(part).await.map_err(|e| io_err(e, None))?;
                }
                Ok(())
            }
            Sink::Ordered(o) => {
                let data = chunk.into_bytes();
                let mut q = o.queue.lock().await;
                let writes = q.0.request_writes(offset, data);
                for (_, d) in writes {
                    if d.is_empty() {
                        continue;
                    }
                    let Some(tx) = q.1.as_ref() else { return Err(ctx.stop_error()) };
                    if tx.send(d).await.is_err() {
                        // The writer stopped: it recorded its error on the coordinator.
                        return Err(ctx.stop_error());
                    }
                }
                Ok(())
            }
        }
    }

    /// Success: make the destination final.
    async fn finish(self) -> Result<()> {
        match self {
            Sink::File { file, temp, dest, .. } => {
                tokio::task::spawn_blocking(move || {
                    drop(file);
                    std::fs::rename(&temp, &dest).map_err(|e| {
                        let _ = std::fs::remove_file(&temp);
                        io_err(e, Some(&dest))
                    })
                })
                .await
                .map_err(|_| TransferError::Fatal { message: "rename task failed".into() })?
            }
            Sink::Seekable(w) => {
                let mut w = w.into_inner();
                w.flush().await.map_err(|e| io_err(e, None))
            }
            Sink::Ordered(o) => {
                let (_, tx) = o.queue.into_inner();
                drop(tx);
                match o.writer.into_inner() {
                    Some(h) => h.await.map_err(|_| TransferError::Fatal { message: "writer task failed".into() })?,
                    None => Ok(()),
                }
            }
        }
    }

    /// Failure: remove the temp file, stop the writer.
    async fn discard(self) {
        match self {
            Sink::File { file, temp, .. } => {
                let _ = tokio::task::spawn_blocking(move || {
                    drop(file);
                    let _ = std::fs::remove_file(&temp);
                })
                .await;
            }
            Sink::Seekable(_) => {}
            Sink::Ordered(o) => {
                let (_, tx) = o.queue.into_inner();
                drop(tx);
                if let Some(h) = o.writer.into_inner() {
                    let _ = h.await;
                }
            }
        }
    }
}

/// Chunks queued between the ordering buffer and a non-seekable writer. Kept tiny: a part's
/// sliding-window slot is released only once its data was handed to the writer, so a stalled
/// writer stops the fetching after about `max_in_memory_download_chunks` parts.
const WRITER_QUEUE: usize = 2;

fn ordered_async(ctx: &TransferCtx, mut w: Box<dyn tokio::io::AsyncWrite + Send + Unpin>) -> Sink {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(WRITER_QUEUE.min(ctx.config().max_io_queue_size));
    let ctx2 = ctx.clone();
    let h = ctx.shared.handle.spawn(async move {
        let r: std::io::Result<()> = async {
            while let Some(b) = rx.recv().await {
                w.write_all(&b).await?;
            }
            w.shutdown().await
        }
        .await;
        r.map_err(|e| ctx2.fail(io_err(e, None)))
    });
    Sink::Ordered(Ordered {
        queue: tokio::sync::Mutex::new((DeferQueue::new(), Some(tx))),
        writer: tokio::sync::Mutex::new(Some(h)),
    })
}

fn ordered_blocking(ctx: &TransferCtx, mut w: Box<dyn std::io::Write + Send>, path: Option<PathBuf>) -> Sink {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<Bytes>(WRITER_QUEUE.min(ctx.config().max_io_queue_size));
    let ctx2 = ctx.clone();
    let h = ctx.shared.handle.spawn_blocking(move || {
        let r: std::io::Result<()> = (|| {
            while let Some(b) = rx.blocking_recv() {
                w.write_all(&b)?;
            }
            w.flush()
        })();
        r.map_err(|e| ctx2.fail(io_err(e, path.as_deref())))
    });
    Sink::Ordered(Ordered {
        queue: tokio::sync::Mutex::new((DeferQueue::new(), Some(tx))),
        writer: tokio::sync::Mutex::new(Some(h)),
    })
}

async fn open_sink(ctx: &TransferCtx, target: DownloadTarget) -> Result<Sink> {
    Ok(match target {
        DownloadTarget::Path(dest) => {
            if is_special_file(&dest) {
                let d = dest.clone();
                let f = ctx
                    .guard(async {
                        tokio::task::spawn_blocking(move || std::fs::OpenOptions::new().write(true).open(&d))
                            .await
                            .map_err(|_| TransferError::Fatal { message: "open task failed".into() })?
                            .map_err(|e| io_err(e, Some(&dest)))
                    })
                    .await?;
                ordered_blocking(ctx, Box::new(f), Some(dest))
            } else {
                let temp = temp_filename(&dest);
                let t = temp.clone();
                let file = tokio::task::spawn_blocking(move || std::fs::OpenOptions::new().write(true).create_new(true).open(&t))
                    .await
                    .map_err(|_| TransferError::Fatal { message: "open task failed".into() })?
                    .map_err(|e| io_err(e, Some(&dest)))?;
                Sink::File { file: Arc::new(file), write_lock: std::sync::Mutex::new(()), temp, dest }
            }
        }
        DownloadTarget::Seekable(w) => Sink::Seekable(tokio::sync::Mutex::new(w)),
        DownloadTarget::Writer(w) => ordered_async(ctx, w),
        DownloadTarget::BlockingWriter(w) => ordered_blocking(ctx, w, None),
    })
}

pub(crate) async fn run(ctx: &TransferCtx, job: DownloadJob) -> Result<()> {
    let meta = ctx.future.meta();
    if meta.size().is_none() || meta.etag().is_none() {
        let _slot = ctx.request_slot().await?;
        let req = apply::head_object(ctx.client().head_object().bucket(&job.bucket).key(&job.key), &job.extra_args)?;
        let out = ctx.guard(async { req.send().await.map_err(|e| TransferError::from_sdk("HeadObject", e)) }).await?;
        meta.provide_transfer_size(out.content_length.unwrap_or(0).max(0) as u64);
        if let Some(e) = out.e_tag {
            meta.provide_object_etag(e);
        }
    }
    let size = meta.size().unwrap_or(0);
    let etag = meta.etag();
    let sink = Arc::new(open_sink(ctx, job.target).await?);
    let mut result = fetch(ctx, &job.bucket, &job.key, &job.extra_args, size, etag.clone(), sink.clone()).await;
    if result.is_ok() && size >= ctx.config().multipart_threshold && checksum::validation_requested(&job.extra_args) {
        result = verify_ranged(ctx, &job.bucket, &job.key, &job.extra_args, size, etag.as_deref(), &sink).await;
    }
    let sink = match Arc::try_unwrap(sink) {
        Ok(s) => s,
        Err(_) => return Err(TransferError::Fatal { message: "download sink still in use".into() }),
    };
    match result {
        Ok(()) => match ctx.check() {
            Ok(()) => match sink.finish().await {
                Ok(()) => ctx.check(),
                Err(e) => Err(ctx.coord().exception().unwrap_or(e)),
            },
            Err(e) => {
                sink.discard().await;
                Err(e)
            }
        },
        Err(e) => {
            sink.discard().await;
            Err(e)
        }
    }
}

/// `ChecksumMode=ENABLED` on a ranged download: S3 sends no checksum with a range, so the whole file
/// is checked against the object's stored checksum before it is renamed (see `crate::checksum`).
async fn verify_ranged(ctx: &TransferCtx, bucket: &str, key: &str, extra: &ExtraArgs, size: u64, etag: Option<&str>, sink: &Sink) -> Result<()> {
    let Sink::File { temp, .. } = sink else {
        tracing::warn!(
            target: "s3transfer::checksum",
            bucket, key,
            "ChecksumMode=ENABLED: a ranged download to a stream is not checked end to end (only file targets are)"
        );
        return Ok(());
    };
    let stored = {
        let _slot = ctx.request_slot().await?;
        ctx.guard(checksum::fetch_stored(ctx.client(), bucket, key, extra, etag)).await?
    };
    let Some((stored, part_size)) = stored else { return Ok(()) };
    let (temp, bucket, key) = (temp.clone(), bucket.to_owned(), key.to_owned());
    tokio::task::spawn_blocking(move || checksum::verify_file(&temp, size, &stored, part_size, &bucket, &key))
        .await
        .map_err(|_| TransferError::Fatal { message: "checksum task failed".into() })?
}

async fn fetch(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    extra: &ExtraArgs,
    size: u64,
    etag: Option<String>,
    sink: Arc<Sink>,
) -> Result<()> {
    let threshold = ctx.config().multipart_threshold;
    if size < threshold {
        let _slot = ctx.request_slot().await?;
        return get_with_retries(ctx, bucket, key, extra, None, None, 0, &sink).await;
    }
    let part_size = ctx.config().multipart_chunksize;
    let num_parts = calculate_num_parts(size, part_size);
    let window = ctx.shared.download_window.clone();
    let id = ctx.id();
    let mut set = tokio::task::JoinSet::new();
    let produce: Result<()> = async {
        for i in 0..num_parts {
            ctx.check()?;
            let seq = if sink.is_ordered() {
                let w = window.clone();
                Some(ctx.guard(async move { Ok(w.acquire(id).await) }).await?)
            } else {
                None
            };
            let slot = match ctx.request_slot().await {
                Ok(s) => s,
                Err(e) => {
                    if let Some(seq) = seq {
                        let _ = window.release(id, seq);
                    }
                    return Err(e);
                }
            };
            let range = calculate_range_parameter(part_size, i, num_parts, None);
            let (ctx2, sink2, window2) = (ctx.clone(), sink.clone(), window.clone());
            let (bucket, key, extra, etag) = (bucket.to_owned(), key.to_owned(), extra.clone(), etag.clone());
            ctx.spawn_subtask(
                &mut set,
                async move { get_with_retries(&ctx2, &bucket, &key, &extra, Some(range), etag, i * part_size, &sink2).await },
                move || {
                    drop(slot);
                    if let Some(seq) = seq {
                        let _ = window2.release(id, seq);
                    }
                },
            );
        }
        Ok(())
    }
    .await;
    if let Err(e) = &produce {
        ctx.fail(e.clone());
    }
    let r = join_all(ctx, set).await;
    window.forget(id);
    r?;
    produce
}

#[allow(clippy::too_many_arguments)]
async fn get_with_retries(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    extra: &ExtraArgs,
    range: Option<String>,
    etag: Option<String>,
    start: u64,
    sink: &Sink,
) -> Result<()> {
    let attempts = ctx.config().num_download_attempts.max(1);
    let mut last: Option<TransferError> = None;
    for _ in 0..attempts {
        ctx.check()?;
        let mut reported: i64 = 0;
        let r = ctx.guard(get_once(ctx, bucket, key, extra, range.as_deref(), etag.as_deref(), start, sink, &mut reported)).await;
        match r {
            Ok(()) => return Ok(()),
            Err(e) if e.is_retryable_stream_error() && !ctx.coord().is_cancelled_or_failed() => {
                tracing::debug!(bucket, key, ?range, "retrying GET after: {e}");
                ctx.progress(-reported);
                last = Some(e);
            }
            Err(e) => {
                if e.is_retryable_stream_error() {
                    ctx.progress(-reported);
                }
                return Err(e);
            }
        }
    }
    Err(TransferError::RetriesExceeded { last: Box::new(last.unwrap_or_else(|| TransferError::cancelled(""))) })
}

#[allow(clippy::too_many_arguments)]
async fn get_once(
    ctx: &TransferCtx,
    bucket: &str,
    key: &str,
    extra: &ExtraArgs,
    range: Option<&str>,
    etag: Option<&str>,
    start: u64,
    sink: &Sink,
    reported: &mut i64,
) -> Result<()> {
    let mut req = ctx.client().get_object().bucket(bucket).key(key);
    if let Some(r) = range {
        req = req.range(r);
    }
    if let Some(e) = etag {
        req = req.if_match(e);
    }
    let req = apply::get_object(req, extra)?;
    let out = req.send().await.map_err(|e| {
        let err = TransferError::from_sdk("GetObject", e);
        if err.s3_code() == Some("PreconditionFailed") {
            TransferError::S3DownloadFailed { bucket: bucket.to_owned(), key: key.to_owned(), cause: Box::new(err) }
        } else {
            err
        }
    })?;
    validate_content_range(range, out.content_range.as_deref())?;
    // Servers that ignore If-Match (s3s-fs, some S3-compatible stores) still say which version
    // they sent: a part from another version must never be mixed into the destination.
    if let (Some(want), Some(got)) = (etag, out.e_tag.as_deref()) {
        if want != got {
            return Err(TransferError::S3DownloadFailed {
                bucket: bucket.to_owned(),
                key: key.to_owned(),
                cause: Box::new(TransferError::Service {
                    operation: "GetObject".into(),
                    status: None,
                    code: Some("PreconditionFailed".into()),
                    message: Some(format!("response ETag {got} differs from the expected {want}")),
                    request_id: None,
                }),
            });
        }
    }
    let expected = out.content_length.map(|l| l.max(0) as u64);
    let mut body = out.body;
    let io_chunk = ctx.config().io_chunksize;
    // One paced stream per GET attempt, as s3transfer's BandwidthLimitedStream over the body.
    let mut pacer = ctx.shared.bandwidth.as_ref().map(|b| crate::bandwidth::Pacer::new(b.clone(), Some(ctx.coord().clone())));
    // Body frames are gathered (not copied) into chunks of exactly io_chunksize bytes; a chunk
    // goes to the file in one vectored write.
    let mut chunk = Chunk::default();
    let mut current = start;
    let mut received: u64 = 0;
    loop {
        let next = body.next().await;
        let frame = match next {
            None => None,
            Some(Ok(b)) => Some(b),
            Some(Err(e)) => {
                return Err(TransferError::Network { operation: "GetObject body".into(), message: format!("{}", DisplayChain(&e)) })
            }
        };
        let Some(mut b) = frame else { break };
        received += b.len() as u64;
        while chunk.len + b.len() >= io_chunk {
            chunk.push(b.split_to(io_chunk - chunk.len));
            emit(ctx, sink, &mut current, reported, &mut pacer, std::mem::take(&mut chunk)).await?;
        }
        if !b.is_empty() {
            chunk.push(b);
        }
    }
    if chunk.len > 0 {
        emit(ctx, sink, &mut current, reported, &mut pacer, chunk).await?;
    }
    if let Some(p) = pacer.as_mut() {
        p.finish().await?;
    }
    if let Some(exp) = expected {
        if received != exp {
            return Err(TransferError::Network {
                operation: "GetObject body".into(),
                message: format!("body ended after {received} of {exp} bytes"),
            });
        }
    }
    Ok(())
}

/// Body frames making up one chunk of a download, in order (shared with hyper's read buffers).
#[derive(Default)]
struct Chunk {
    parts: Vec<Bytes>,
    len: usize,
}

impl Chunk {
    fn push(&mut self, b: Bytes) {
        self.len += b.len();
        self.parts.push(b);
    }

    /// The bytes as one buffer (copied only when there are several parts).
    fn into_bytes(mut self) -> Bytes {
        if self.parts.len() == 1 {
            return self.parts.pop().unwrap_or_default();
        }
        let mut all = BytesMut::with_capacity(self.len);
        for p in &self.parts {
            all.extend_from_slice(p);
        }
        all.freeze()
    }
}

/// Writes all of `parts` at `offset` with positional vectored writes (`pwritev`).
fn write_all_vectored_at(file: &std::fs::File, parts: &[Bytes], mut offset: u64) -> std::io::Result<()> {
    let (mut index, mut skip) = (0, 0); // first part not fully written, and how much of it is
    loop {
        while index < parts.len() && parts[index].len() == skip {
            index += 1;
            skip = 0;
        }
        if index == parts.len() {
            return Ok(());
        }
        let slices: Vec<std::io::IoSlice<'_>> = parts[index..]
            .iter()
            .enumerate()
            .map(|(i, p)| std::io::IoSlice::new(if i == 0 { &p[skip..] } else { p }))
            .take(512)
            .collect();
        let mut n = rustix::io::pwritev(file, &slices, offset)?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        offset += n as u64;
        while n > 0 {
            let left = parts[index].len() - skip;
            if n < left {
                skip += n;
                n = 0;
            } else {
                n -= left;
                index += 1;
                skip = 0;
            }
        }
    }
}

async fn emit(
    ctx: &TransferCtx,
    sink: &Sink,
    current: &mut u64,
    reported: &mut i64,
    pacer: &mut Option<crate::bandwidth::Pacer>,
    chunk: Chunk,
) -> Result<()> {
    ctx.check()?;
    let n = chunk.len;
    if let Some(p) = pacer.as_mut() {
        // Paid for before it is written and reported, so progress follows the limit.
        p.admit(n as u64).await?;
    }
    ctx.progress(n as i64);
    *reported += n as i64;
    sink.write(ctx, *current, chunk).await?;
    *current += n as u64;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectored_write_puts_every_part_at_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let file = std::fs::OpenOptions::new().create_new(true).read(true).write(true).open(&path).unwrap();
        let parts: Vec<Bytes> = vec![
            Bytes::new(),
            Bytes::from_static(b"abc"),
            Bytes::new(),
            Bytes::from(vec![b'x'; 300_000]),
            Bytes::from_static(b"end"),
            Bytes::new(),
        ];
        write_all_vectored_at(&file, &parts, 5).unwrap();
        write_all_vectored_at(&file, &[Bytes::new()], 0).unwrap(); // nothing to write is not an error
        let data = std::fs::read(&path).unwrap();
        let mut want = vec![0u8; 5];
        for p in &parts {
            want.extend_from_slice(p);
        }
        assert!(data == want, "file content ({} bytes) equals the parts at offset 5 ({} bytes)", data.len(), want.len());
    }

    #[test]
    fn chunk_into_bytes_keeps_order() {
        let mut c = Chunk::default();
        for p in [&b"ab"[..], b"", b"cde"] {
            c.push(Bytes::copy_from_slice(p));
        }
        assert_eq!(c.len, 5);
        assert_eq!(&c.into_bytes()[..], b"abcde");
    }
}
