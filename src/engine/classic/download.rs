//! Downloads (s3transfer/download.py).
//!
//! * HeadObject for size and ETag unless both were provided (reproduced from upstream: a provided size alone
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
//! * Seekable writers: writes at absolute offsets from 0 (reproduced from upstream: the current position is ignored).
//! * Non-seekable writers (and special files): every write goes through the [`DeferQueue`], so
//!   output is in order and each byte is written once even when a GET is retried — also for the
//!   single-GET path (upstream wrote a retried single GET's prefix twice). Ranged GETs take slots of the manager's sliding-window
//!   semaphore (`max_in_memory_download_chunks`), bounding memory.
//! * Cancellation stops every GET at once and removes the temp file.
//!
//! [`DeferQueue`]: crate::fs::DeferQueue

use std::path::PathBuf;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use tokio::io::{AsyncSeekExt, AsyncWriteExt};

use super::errors::io_err;
use crate::args::ExtraArgs;
use crate::bandwidth::Pacer;
use crate::error::{Result, TransferError};
use crate::fs::{is_special_file, DeferQueue, StagedFile};
use crate::runtime::{join_all, TransferCtx};
use crate::s3::get::{get_object, GetRequest, GetSink};
use crate::s3::parts::{calculate_num_parts, calculate_range_parameter};
use crate::s3::{checksum, head};
use crate::transfer::{DownloadJob, DownloadTarget, SeekableWriter};

/// Writes of one ordered (non-seekable) target.
struct Ordered {
    queue: tokio::sync::Mutex<(DeferQueue, Option<tokio::sync::mpsc::Sender<Bytes>>)>,
    writer: tokio::sync::Mutex<Option<tokio::task::JoinHandle<Result<()>>>>,
}

enum Sink {
    File { staged: StagedFile, write_lock: std::sync::Mutex<()> },
    Seekable(tokio::sync::Mutex<Box<dyn SeekableWriter>>),
    Ordered(Ordered),
}

impl Sink {
    fn is_ordered(&self) -> bool {
        matches!(self, Sink::Ordered(_))
    }

    async fn write(&self, ctx: &TransferCtx, offset: u64, chunk: Chunk) -> Result<()> {
        match self {
            Sink::File { staged, write_lock } => {
                // A positioned write of one io_chunksize chunk into the page cache, done in place:
                // handing each chunk to a blocking thread cost more CPU (thread wake-ups) than the
                // write itself. One writer at a time: concurrent writes to one file contend for its
                // inode lock in the kernel, which spins (13% of a 1 GiB download's CPU on tmpfs).
                let _one_writer = write_lock.lock().unwrap_or_else(|p| p.into_inner());
                write_all_vectored_at(staged.file(), &chunk.parts, offset).map_err(|e| io_err(e, Some(staged.temp_path())))
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
            Sink::File { staged, .. } => staged.commit_async().await,
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
            Sink::File { staged, .. } => staged.discard_async().await,
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
                Sink::File { staged: StagedFile::create_async(&dest).await?, write_lock: std::sync::Mutex::new(()) }
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
        let info = ctx.guard(head::head_object(ctx.client(), &job.bucket, &job.key, &job.extra_args)).await?;
        meta.provide_transfer_size(info.size);
        if let Some(e) = info.etag {
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
    let Sink::File { staged, .. } = sink else {
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
    let (temp, bucket, key) = (staged.temp_path().to_owned(), bucket.to_owned(), key.to_owned());
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

/// One GET into the sink, with the transfer's retries, under its cancellation.
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
    ctx.check()?;
    let request = GetRequest { bucket, key, extra, range: range.as_deref(), etag: etag.as_deref(), start };
    let mut body = BodySink::new(ctx, sink);
    ctx.guard(get_object(ctx.client(), &request, ctx.config().num_download_attempts as usize, &mut body)).await
}

/// One GET's body on its way into the download's [`Sink`]: frames are gathered (not copied) into
/// chunks of exactly `io_chunksize` bytes, each paid for through the bandwidth limit, reported as
/// progress and written in one vectored write. A retried attempt undoes its progress with one
/// negative event, so the sum over a successful download equals its size.
struct BodySink<'a> {
    ctx: &'a TransferCtx,
    sink: &'a Sink,
    /// One paced stream per GET attempt, as s3transfer's `BandwidthLimitedStream` over the body.
    pacer: Option<Pacer>,
    chunk: Chunk,
    /// Where `chunk` starts in the destination.
    chunk_start: u64,
    /// Bytes this attempt reported.
    reported: i64,
}

impl<'a> BodySink<'a> {
    fn new(ctx: &'a TransferCtx, sink: &'a Sink) -> Self {
        Self { ctx, sink, pacer: Self::pacer(ctx), chunk: Chunk::default(), chunk_start: 0, reported: 0 }
    }

    fn pacer(ctx: &TransferCtx) -> Option<Pacer> {
        ctx.shared.bandwidth.as_ref().map(|b| Pacer::new(b.clone(), Some(ctx.coord().clone())))
    }

    async fn emit(&mut self) -> Result<()> {
        self.ctx.check()?;
        let chunk = std::mem::take(&mut self.chunk);
        let n = chunk.len;
        if let Some(p) = self.pacer.as_mut() {
            // Paid for before it is written and reported, so progress follows the limit.
            p.admit(n as u64).await?;
        }
        self.ctx.progress(n as i64);
        self.reported += n as i64;
        self.sink.write(self.ctx, self.chunk_start, chunk).await?;
        self.chunk_start += n as u64;
        Ok(())
    }
}

impl GetSink for BodySink<'_> {
    async fn frame(&mut self, offset: u64, mut data: Bytes) -> Result<()> {
        if self.chunk.len == 0 {
            self.chunk_start = offset;
        }
        let io_chunk = self.ctx.config().io_chunksize;
        while self.chunk.len + data.len() >= io_chunk {
            self.chunk.push(data.split_to(io_chunk - self.chunk.len));
            self.emit().await?;
        }
        if !data.is_empty() {
            self.chunk.push(data);
        }
        Ok(())
    }

    async fn end_of_body(&mut self) -> Result<()> {
        if self.chunk.len > 0 {
            self.emit().await?;
        }
        if let Some(p) = self.pacer.as_mut() {
            p.finish().await?;
        }
        Ok(())
    }

    fn retrying(&mut self, _delivered: u64, error: &TransferError) -> Result<()> {
        self.ctx.progress(-std::mem::take(&mut self.reported));
        self.chunk = Chunk::default();
        self.pacer = Self::pacer(self.ctx);
        if self.ctx.coord().is_cancelled_or_failed() {
            return Err(error.clone());
        }
        Ok(())
    }
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
