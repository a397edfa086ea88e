//! The CRT engine under a bandwidth limit: upload bodies read through a Rust async stream that admits
//! each 256 KiB through the manager's bucket, and downloads whose read window opens as the bucket
//! admits what was delivered.

use std::path::PathBuf;
use std::sync::Arc;

use crate::bandwidth::{LeakyBucket, Pacer, DEFAULT_BYTES_THRESHOLD};
use crate::crt::async_stream::{AsyncBodySource, ReadFuture};
use crate::crt::s3::MetaRequest;
use crate::error::TransferError;
use crate::future::TransferFuture;
use crate::runtime::TransferCtx;
use crate::subscriber::{notify, Subscriber};

use super::meta::OnSent;

pub(super) enum PacedData {
    File(tokio::fs::File),
    Mem(bytes::Bytes),
}

/// An upload body paced by the manager's bandwidth limit: reads of at most 256 KiB, each admitted by
/// the bucket before the CRT gets it (the last remainder too), then reported as progress.
pub(super) struct PacedUploadSource {
    pub(super) data: PacedData,
    pub(super) remaining: u64,
    pub(super) pacer: Pacer,
    pub(super) future: TransferFuture,
    pub(super) subscribers: Arc<[Arc<dyn Subscriber>]>,
}

impl AsyncBodySource for PacedUploadSource {
    fn read(&mut self, max: usize) -> ReadFuture<'_> {
        Box::pin(async move {
            use tokio::io::AsyncReadExt;
            let step = DEFAULT_BYTES_THRESHOLD as usize;
            let want = (max.min(step) as u64).min(self.remaining) as usize;
            if want == 0 {
                return Ok((bytes::Bytes::new(), true));
            }
            let chunk = match &mut self.data {
                PacedData::File(f) => {
                    let mut buf = vec![0u8; want];
                    f.read_exact(&mut buf).await.map_err(|e| e.to_string())?;
                    bytes::Bytes::from(buf)
                }
                PacedData::Mem(b) => b.split_to(want),
            };
            self.pacer.admit(want as u64).await.map_err(|e| e.to_string())?;
            self.remaining -= want as u64;
            if self.remaining == 0 {
                self.pacer.finish().await.map_err(|e| e.to_string())?;
            }
            if !self.subscribers.is_empty() {
                notify(&self.subscribers, &self.future, "on_progress", |s, f| s.on_progress(f, want as i64));
            }
            Ok((chunk, self.remaining == 0))
        })
    }
}

/// How long a paced download waits for a body before it opens the read window by one part anyway.
const IDLE_WINDOW_NUDGE: std::time::Duration = std::time::Duration::from_secs(2);

/// A download paced by the manager's bandwidth limit: the body callback writes each chunk to the
/// temp file, reports it as progress and hands its length to a pacing task, which opens the CRT's
/// read window by that much once the bucket admitted it.
pub(super) struct PacedDownload {
    file: Arc<std::fs::File>,
    temp: PathBuf,
    bucket: Arc<LeakyBucket>,
    tx: tokio::sync::mpsc::UnboundedSender<u64>,
    rx: std::sync::Mutex<Option<tokio::sync::mpsc::UnboundedReceiver<u64>>>,
    write_error: Arc<std::sync::Mutex<Option<TransferError>>>,
    future: TransferFuture,
    subscribers: Arc<[Arc<dyn Subscriber>]>,
}

impl PacedDownload {
    pub(super) fn new(ctx: &TransferCtx, bucket: Arc<LeakyBucket>, file: Arc<std::fs::File>, temp: PathBuf) -> Self {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        Self {
            file,
            temp,
            bucket,
            tx,
            rx: std::sync::Mutex::new(Some(rx)),
            write_error: Arc::default(),
            future: ctx.future.clone(),
            subscribers: ctx.subscribers.clone(),
        }
    }

    pub(super) fn body_callback(&self) -> impl FnMut(u64, &[u8]) -> std::result::Result<(), String> + Send + 'static {
        use std::os::unix::fs::FileExt;
        let (file, temp, tx, err) = (self.file.clone(), self.temp.clone(), self.tx.clone(), self.write_error.clone());
        let (future, subscribers) = (self.future.clone(), self.subscribers.clone());
        move |offset, bytes| {
            if let Err(e) = file.write_all_at(bytes, offset) {
                let te = TransferError::io(&e, Some(&temp));
                let msg = te.to_string();
                *err.lock().unwrap_or_else(|p| p.into_inner()) = Some(te);
                return Err(msg);
            }
            if !bytes.is_empty() {
                let n = bytes.len() as u64;
                if !subscribers.is_empty() {
                    notify(&subscribers, &future, "on_progress", |s, f| s.on_progress(f, n as i64));
                }
                let _ = tx.send(n);
            }
            Ok(())
        }
    }

    /// Spawns the pacing task; it starts once the meta-request exists and ends with it.
    pub(super) fn start_pacing(&self, ctx: &TransferCtx) -> OnSent {
        let rx = self.rx.lock().unwrap_or_else(|p| p.into_inner()).take();
        let (bucket, coord, handle) = (self.bucket.clone(), ctx.coord().clone(), ctx.shared.handle.clone());
        let part_size = ctx.config().multipart_chunksize;
        Box::new(move |weak: std::sync::Weak<MetaRequest>| {
            let Some(mut rx) = rx else { return };
            handle.spawn(async move {
                let token = coord.token().clone();
                let mut pacer = Pacer::new(bucket, Some(coord));
                let paced = async {
                    loop {
                        // A meta-request that failed inside the CRT (a part that exhausted its
                        // retries) also waits for its fetched parts to be flushed through the
                        // window: when no body came for a while, open the window by one part
                        // (paid through the bucket first, so the cap still holds).
                        let n = match tokio::time::timeout(IDLE_WINDOW_NUDGE, rx.recv()).await {
                            Ok(Some(n)) => n,
                            Ok(None) => return,
                            Err(_) => part_size,
                        };
                        if pacer.admit(n).await.is_err() {
                            return; // cancelled or failed
                        }
                        match weak.upgrade() {
                            Some(r) => r.increment_read_window(n),
                            None => return,
                        }
                    }
                };
                tokio::select! {
                    _ = paced => {}
                    _ = token.cancelled() => {}
                }
                // A cancelled (or failed) meta-request only finishes once the parts it already
                // fetched were flushed through the delivery queue, which a closed window blocks:
                // open it fully so the cancel completes.
                if let Some(r) = weak.upgrade() {
                    r.increment_read_window(u64::MAX / 2);
                }
            });
        })
    }

    pub(super) fn write_error(&self) -> Option<TransferError> {
        self.write_error.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
